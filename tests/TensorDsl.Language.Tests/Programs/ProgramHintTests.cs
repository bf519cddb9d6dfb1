using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;
using Xunit;

namespace TensorDsl.Language.Tests.Programs
{
    /// <summary>"Did you mean …?": an unknown function, reduction, tensor, scalar or 'where' name gets the nearest known one,
    /// and a name written in the wrong shape (a reduction called, a function indexed, a tensor followed by '(') says how.</summary>
    public sealed class ProgramHintTests
    {
        private static ParameterSignature In(string name) => new(name, ParameterKind.ReadOnlyTensor, ElementType.Float, "ReadOnlyTensorSpan<float>");
        private static ParameterSignature Out(string name) => new(name, ParameterKind.Tensor, ElementType.Float, "TensorSpan<float>");
        private static ParameterSignature Scalar(string name) => new(name, ParameterKind.Scalar, ElementType.Float, "float");
        private static ParameterSignature Int(string name) => new(name, ParameterKind.Integer, ElementType.Other, "int");

        private static readonly MethodSignature s_method = new("K", true, true, true, ParameterKind.Other, ElementType.Other, "void",
            new EquatableArray<ParameterSignature>(new[] { In("q"), In("a"), Scalar("scale"), Int("w"), Out("o") }));

        /// <summary>The single diagnostic, as (ID, start, length, message).</summary>
        private static (string, int, int, string) Single(string text, MethodSignature? method = null)
        {
            var result = ProgramBinder.Bind(text, method ?? s_method, EquatableArray<StaticDim>.Empty);
            Assert.Null(result.Program);
            var d = Assert.Single(result.Diagnostics);
            return (d.Id, d.Start, d.Length, d.Message);
        }

        private const string NotAFunction = "is not a function or reduction of the program language";

        [Theory]
        [InlineData("o[i] = sum[j](sofmax[j](q[i,j]) * a[j,i])", "sofmax", "'sofmax' " + NotAFunction + "; did you mean 'softmax'?")]
        [InlineData("o[i] = smu[j](q[i,j])", "smu", "'smu' " + NotAFunction + "; did you mean 'sum'?")]
        [InlineData("o[i] = Sum[j](q[i,j])", "Sum", "'Sum' " + NotAFunction + "; did you mean 'sum'?")]
        [InlineData("o[i] = mxa[j](q[i,j])", "mxa", "'mxa' " + NotAFunction + "; did you mean 'max'?")]
        [InlineData("o[i] = tnah(a[i])", "tnah", "'tnah' " + NotAFunction + "; did you mean 'tanh'?")]
        [InlineData("o[i] = sigmod(a[i])", "sigmod", "'sigmod' " + NotAFunction + "; did you mean 'sigmoid'?")]
        [InlineData("o[i] = Exp(a[i])", "Exp", "'Exp' " + NotAFunction + "; did you mean 'exp'?")]
        [InlineData("o[i] = mni(a[i], q[i,i])", "mni", "'mni' " + NotAFunction + "; did you mean 'min'?")]
        // The nearest name is written in another shape: the message says how.
        [InlineData("o[i] = sofmax(a[i])", "sofmax", "'sofmax' " + NotAFunction + "; did you mean 'softmax'? (a reduction, written 'softmax[j](e)')")]
        [InlineData("o[i] = tnah[j](q[i,j])", "tnah", "'tnah' " + NotAFunction + "; did you mean 'tanh'? (a function, written 'tanh(e)' without indices)")]
        // Nothing near: the list.
        [InlineData("o[i] = erf(a[i])", "erf", "'erf' " + NotAFunction
            + " (functions: exp, log, sqrt, abs, tanh, sigmoid, relu, step, max, min; reductions: sum[j](e), max[j](e), softmax[j](e))")]
        public void An_unknown_function_or_reduction_names_the_nearest_one(string text, string name, string message)
            => Assert.Equal((DiagnosticIds.UnknownName, text.IndexOf(name), name.Length, message), Single(text));

        [Theory]
        [InlineData("o[i] = Q[i,i]", "Q", "'Q' is not a parameter of 'K' nor defined by an earlier statement; did you mean 'q'?")]
        [InlineData("o[i] = aa[i] * 2", "aa", "'aa' is not a parameter of 'K' nor defined by an earlier statement")] // two letters: only case
        [InlineData("o[i] = scal * a[i]", "scal", "'scal' is not a parameter of 'K' nor defined by an earlier statement; did you mean 'scale'?")]
        [InlineData("o[i] = SCALE * a[i]", "SCALE", "'SCALE' is not a parameter of 'K' nor defined by an earlier statement; did you mean 'scale'?")]
        [InlineData("o[i] = W * a[i]", "W", "'W' is not a parameter of 'K' nor defined by an earlier statement; did you mean 'w'?")]
        // An intermediate defined earlier is a candidate; the output 'o' is not (outputs are never read).
        [InlineData("attn[i] = a[i]\no[i] = atn[i]", "atn", "'atn' is not a parameter of 'K' nor defined by an earlier statement; did you mean 'attn'?")]
        [InlineData("t[i] = O[i] * a[i]\no[i] = t[i]", "O", "'O' is not a parameter of 'K' nor defined by an earlier statement")]
        // A bare name is compared with scalars, an indexed one with tensors.
        [InlineData("o[i] = scale[i]", "scale", "'scale' is a scalar parameter and takes no indices")]
        [InlineData("o[i] = sclae[i]", "sclae", "'sclae' is not a parameter of 'K' nor defined by an earlier statement")]
        public void An_unknown_tensor_or_scalar_names_the_nearest_readable_one(string text, string name, string message)
        {
            var (id, start, length, actual) = Single(text);
            Assert.Equal((name == "scale" ? DiagnosticIds.RankMismatch : DiagnosticIds.UnknownName, text.IndexOf(name), name.Length, message), (id, start, length, actual));
        }

        [Fact]
        public void A_where_name_differing_in_case_from_an_index_names_the_index()
        {
            const string text = "o[i] = sum[j](q[i,j]) where j <= I";
            Assert.Equal((DiagnosticIds.InvalidConstraint, text.IndexOf('I'), 1,
                "'where' names 'I', which is neither an index of 'o[…] = …' nor an int parameter; did you mean 'i'?"), Single(text));
        }

        [Fact]
        public void An_output_assigned_under_a_misspelled_name_says_so()
        {
            // 'O' becomes an intermediate; the output 'o' is never assigned (reported on the parameter).
            var result = ProgramBinder.Bind("O[i] = a[i]", s_method, EquatableArray<StaticDim>.Empty);
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal((DiagnosticIds.InvalidAssignment, DiagnosticTarget.Parameter, 4), (d.Id, d.Target, d.Index));
            Assert.Equal("Output 'o' is never assigned; add a statement 'o[…] = …'; the statement assigning 'O' defines an intermediate — did you mean 'o'?", d.Message);
        }

        [Theory]
        [InlineData("o[i] = sum[j](exp[j](q[i,j]))", "exp", "write 'exp(e)'")]
        [InlineData("o[i] = sum[j](min[j](q[i,j]))", "min", "write 'min(a, b)'")]
        public void A_function_written_with_indices_is_a_syntax_error_on_its_name(string text, string name, string usage)
            => Assert.Equal((DiagnosticIds.ProgramSyntax, text.IndexOf(name), 3, $"'{name}' is a function, not a reduction, and takes no indices: {usage}"), Single(text));

        [Fact]
        public void A_misspelled_two_argument_function_written_with_indices_says_how_it_is_written()
        {
            const string text = "o[i] = mni[j](q[i,j])";
            Assert.Equal((DiagnosticIds.UnknownName, 7, 3,
                "'mni' is not a function or reduction of the program language; did you mean 'min'? (a function, written 'min(a, b)' without indices)"), Single(text));
        }

        [Theory]
        [InlineData("o[i] = a[i](q[i,i])", "a")]
        [InlineData("t[i] = a[i]\no[i] = t[i](a[i])", "t")]
        public void A_tensor_followed_by_a_parenthesis_misses_an_operator(string text, string name)
            => Assert.Equal((DiagnosticIds.ProgramSyntax, text.LastIndexOf(name + "["), 1,
                $"'{name}[…]' is followed by '(' without an operator between them; write one, as in '{name}[…] * (…)'"), Single(text));
    }
}
