using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;
using Xunit;

namespace TensorDsl.Language.Tests.Programs
{
    public sealed partial class ProgramBinderTests
    {
        private static ParameterSignature In(string name, ElementType e = ElementType.Float) => new(name, ParameterKind.ReadOnlyTensor, e, "ReadOnlyTensorSpan<T>");
        private static ParameterSignature Out(string name, ElementType e = ElementType.Float) => new(name, ParameterKind.Tensor, e, "TensorSpan<T>");
        private static ParameterSignature Scalar(string name, ElementType e = ElementType.Float) => new(name, ParameterKind.Scalar, e, "float");
        private static ParameterSignature Int(string name) => new(name, ParameterKind.Integer, ElementType.Other, "int");

        private static MethodSignature Method(params ParameterSignature[] parameters)
            => new("K", true, true, true, ParameterKind.Other, ElementType.Other, "void", new EquatableArray<ParameterSignature>(parameters));

        private static ProgramBindResult Bind(string text, MethodSignature method, params StaticDim[] dims)
            => ProgramBinder.Bind(text, method, new EquatableArray<StaticDim>(dims));

        private static BoundProgram Bound(string text, MethodSignature method, params StaticDim[] dims)
        {
            var result = Bind(text, method, dims);
            Assert.Empty(result.Diagnostics);
            return result.Program!;
        }

        /// <summary>The only diagnostic of the result.</summary>
        private static LanguageDiagnostic Single(string text, MethodSignature method, params StaticDim[] dims)
        {
            var result = Bind(text, method, dims);
            Assert.Null(result.Program);
            return Assert.Single(result.Diagnostics);
        }

        /// <summary>The only diagnostic with <paramref name="id"/> (others, if any, are consequences of it).</summary>
        private static LanguageDiagnostic Only(string id, string text, MethodSignature method)
        {
            var result = Bind(text, method);
            Assert.Null(result.Program);
            return Assert.Single(result.Diagnostics, d => d.Id == id);
        }

        private static void AssertAt(LanguageDiagnostic d, string id, int start, int length, params string[] messageParts)
        {
            Assert.Equal(id, d.Id);
            Assert.Equal(DiagnosticTarget.SpecText, d.Target);
            Assert.Equal((start, length), (d.Start, d.Length));
            foreach (var part in messageParts) Assert.Contains(part, d.Message);
        }

        private static EquatableArray<string> S(params string[] names) => new(names);

        private static LoadExpr Load(int tensor, params string[] indices) => new(tensor, S(indices));

        private static BinaryExpr Mul(BoundExpr a, BoundExpr b) => new(BinaryOp.Multiply, a, b);

        private static ReduceExpr Sum(BoundExpr body, params string[] indices) => new(ReductionKind.Sum, S(indices), EquatableArray<IndexRange>.Empty, body);

        private static AffineBound Affine(long constant, params AffineTerm[] terms) => new(new EquatableArray<AffineTerm>(terms), constant);

        private static AffineTerm Term(string name, long coefficient = 1) => new(name, false, coefficient);

        private static AffineTerm Param(string name, long coefficient = 1) => new(name, true, coefficient);

        private static IndexRange Range(string index, AffineBound[] lower, AffineBound[] upper)
            => new(index, new EquatableArray<AffineBound>(lower), new EquatableArray<AffineBound>(upper));

        private static ReduceExpr OnlyReduction(BoundStatement statement) => Assert.IsType<ReduceExpr>(statement.Value);

        // ---------------------------------------------------------------- names

        private const string Attention = "s[i,j] = scale * sum[l](q[i,l] * k[j,l])\no[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c])";

        private static MethodSignature AttentionMethod() => Method(In("q"), In("k"), In("v"), Scalar("scale"), Out("o"));

        [Fact]
        public void Names_bind_to_parameters_and_other_targets_become_intermediates()
        {
            var program = Bound(Attention, AttentionMethod());
            Assert.Equal(ElementType.Float, program.Element);
            Assert.Equal("float", program.ElementKeyword);
            Assert.Equal(Attention, program.Text);
            Assert.Equal(
                new[]
                {
                    new ProgramTensor("q", ProgramTensorKind.Input, 2, 0, EquatableArray<string>.Empty),
                    new ProgramTensor("k", ProgramTensorKind.Input, 2, 1, EquatableArray<string>.Empty),
                    new ProgramTensor("v", ProgramTensorKind.Input, 2, 2, EquatableArray<string>.Empty),
                    new ProgramTensor("o", ProgramTensorKind.Output, 2, 4, S("i", "c")),
                    new ProgramTensor("s", ProgramTensorKind.Intermediate, 2, -1, S("i", "j")),
                },
                program.Tensors.ToArray());
            Assert.Equal(new ProgramScalar("scale", ScalarKind.Element, 3), Assert.Single(program.Scalars));

            Assert.Equal(2, program.Statements.Count);
            var s = program.Statements[0];
            Assert.Equal((4, 0), (s.Target, s.Start));
            Assert.Equal(S("i", "j"), s.Indices);
            Assert.Equal("s[i,j] = scale * sum[l](q[i,l] * k[j,l])".Length, s.Length);
            Assert.Equal(Mul(new ScalarExpr(0), Sum(Mul(Load(0, "i", "l"), Load(1, "j", "l")), "l")), s.Value);

            var o = program.Statements[1];
            Assert.Equal(3, o.Target);
            Assert.Equal(Attention.IndexOf("o[i,c]"), o.Start);
            var softmax = new ReduceExpr(ReductionKind.Softmax, S("j"), EquatableArray<IndexRange>.Empty, Load(4, "i", "j"));
            Assert.Equal(Sum(Mul(softmax, Load(2, "j", "c")), "j"), o.Value);
        }

        [Fact]
        public void Functions_literals_and_int_parameters_bind_to_their_operations()
        {
            var program = Bound("t[i] = max(exp(a[i]), 0.5) - min(n, relu(-a[i])) / sigmoid(tanh(sqrt(abs(log(a[i])))))",
                Method(In("a"), Int("n")));
            Assert.Equal(new ProgramScalar("n", ScalarKind.Integer, 1), Assert.Single(program.Scalars));
            var a = Load(0, "i");
            var expected = new BinaryExpr(BinaryOp.Subtract,
                new BinaryExpr(BinaryOp.Max, new UnaryExpr(UnaryOp.Exp, a), new ConstExpr(0.5)),
                new BinaryExpr(BinaryOp.Divide,
                    new BinaryExpr(BinaryOp.Min, new ScalarExpr(0), new UnaryExpr(UnaryOp.Relu, new UnaryExpr(UnaryOp.Negate, a))),
                    new UnaryExpr(UnaryOp.Sigmoid, new UnaryExpr(UnaryOp.Tanh, new UnaryExpr(UnaryOp.Sqrt, new UnaryExpr(UnaryOp.Abs, new UnaryExpr(UnaryOp.Log, a)))))));
            Assert.Equal(expected, Assert.Single(program.Statements).Value);
        }

        [Fact]
        public void Double_parameters_give_a_double_program()
        {
            var program = Bound("o[i] = x * a[i]", Method(In("a", ElementType.Double), Scalar("x", ElementType.Double), Out("o", ElementType.Double)));
            Assert.Equal(ElementType.Double, program.Element);
            Assert.Equal("double", program.ElementKeyword);
        }

        // ---------------------------------------------------------------- Einstein shorthand

        [Fact]
        public void A_single_product_sums_the_indices_the_left_side_lacks()
        {
            var program = Bound("c[i,k] = a[i,j] * b[j,k]", Method(In("a"), In("b"), Out("c")));
            Assert.Equal(Sum(Mul(Load(0, "i", "j"), Load(1, "j", "k")), "j"), Assert.Single(program.Statements).Value);
        }

        [Fact]
        public void Shorthand_sums_several_indices_in_first_appearance_order_and_allows_scalars_and_minus()
        {
            var program = Bound("o[i] = -2 * x * a[i,k,j] * b[j] * c[k]", Method(In("a"), In("b"), In("c"), Scalar("x"), Out("o")));
            var value = OnlyReduction(Assert.Single(program.Statements));
            Assert.Equal((ReductionKind.Sum, S("k", "j")), (value.Kind, value.Indices));
            Assert.Empty(value.Ranges);
        }

        [Fact]
        public void A_lone_factor_is_a_product_too_so_a_diagonal_sum_is_a_trace()
        {
            var program = Bound("o[i] = x[i,j,j]", Method(In("x"), Out("o")));
            Assert.Equal(Sum(Load(0, "i", "j", "j"), "j"), Assert.Single(program.Statements).Value);
        }

        [Fact]
        public void Shorthand_does_not_apply_to_a_sum_of_terms()
        {
            const string text = "t[i] = a[i,j] + b[i]";
            AssertAt(Single(text, Method(In("a"), In("b"))), DiagnosticIds.UnboundIndex, text.IndexOf('j'), 1, "'j'", "t[i]", "sum[j]");
        }

        [Fact]
        public void Shorthand_does_not_apply_around_an_explicit_reduction()
        {
            const string text = "t[i] = sum[k](a[i,k]) * b[j]";
            AssertAt(Single(text, Method(In("a"), In("b"))), DiagnosticIds.UnboundIndex, text.IndexOf('j'), 1, "'j'");
        }

        // ---------------------------------------------------------------- TDSL0013 unknown names

        [Fact]
        public void An_unknown_tensor_is_reported_at_its_name()
        {
            const string text = "t[i] = a[i] + zz[i]";
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.UnknownName, 14, 2, "'zz'", "not a parameter of 'K'");
        }

        [Fact]
        public void An_unknown_scalar_is_reported_at_its_name()
        {
            const string text = "t[i] = beta * a[i]";
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.UnknownName, 7, 4, "'beta'");
        }

        [Fact]
        public void A_name_used_before_its_statement_is_reported_as_such()
        {
            const string text = "t[i] = s[i]\ns[i] = a[i]";
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.UnknownName, 7, 1, "'s'", "before the statement that defines it");
        }

        [Fact]
        public void A_statement_cannot_read_its_own_target()
        {
            const string text = "s[i] = s[i] + a[i]";
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.UnknownName, 7, 1, "'s'");
        }

        [Fact]
        public void An_unknown_function_is_reported_at_its_name()
        {
            const string text = "t[i] = foo(a[i])";
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.UnknownName, 7, 3, "'foo'", "exp, log");
        }

        [Fact]
        public void Reading_an_output_that_is_never_assigned_says_outputs_are_not_read()
        {
            const string text = "t[i] = o[i] + a[i]";
            AssertAt(Only(DiagnosticIds.UnknownName, text, Method(In("a"), Out("o"))), DiagnosticIds.UnknownName, 7, 1, "'o'", "output");
        }

        [Fact]
        public void Reading_an_assigned_output_is_an_unknown_name()
        {
            // Outputs are written, never read: reading one is TDSL0013 (see the report: the message wrongly says "before").
            const string text = "o[i] = a[i]\nt[i] = o[i]";
            AssertAt(Single(text, Method(In("a"), Out("o"))), DiagnosticIds.UnknownName, 19, 1, "'o'");
        }

        // ---------------------------------------------------------------- TDSL0014 ranks

        [Fact]
        public void An_input_used_with_two_ranks_is_reported_at_the_second_use()
        {
            const string text = "t[i] = a[i] + a[i,i]";
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.RankMismatch, 14, 6, "'a'", "2 indices", "with 1");
        }

        [Fact]
        public void An_intermediate_used_with_another_rank_is_reported_with_its_definition()
        {
            const string text = "s[i,j] = a[i] * b[j]\nt[i] = s[i]";
            AssertAt(Single(text, Method(In("a"), In("b"))), DiagnosticIds.RankMismatch, text.LastIndexOf("s[i]"), 4, "'s'", "[i,j]", "with 1");
        }

        [Fact]
        public void A_tensor_without_indices_is_a_rank_error()
        {
            const string text = "t[i] = a[i] + a";
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.RankMismatch, 14, 1, "'a'", "without indices");
        }

        [Fact]
        public void A_scalar_with_indices_is_a_rank_error()
        {
            const string text = "t[i] = a[i] + x[i]";
            AssertAt(Single(text, Method(In("a"), Scalar("x"))), DiagnosticIds.RankMismatch, 14, 1, "'x'", "scalar");
        }

        // ---------------------------------------------------------------- TDSL0015 reductions

        [Theory]
        [InlineData("t[i] = sum[j](a[i]) + b[j]", "sum[j]")]
        [InlineData("t[i] = max[j](a[i]) + b[j]", "max[j]")]
        [InlineData("t[i] = sum[k](softmax[j](a[i]) * b[j])", "softmax[j]")]
        public void A_reduction_over_an_index_its_operand_lacks_is_reported_at_that_index(string text, string what)
        {
            int at = text.IndexOf(what) + what.Length - 2;
            AssertAt(Single(text, Method(In("a"), In("b"))), DiagnosticIds.ReductionIndexMissing, at, 1, what, "[i]");
        }

        [Fact]
        public void A_reduction_index_listed_twice_is_reported_at_the_second()
        {
            const string text = "t[i] = sum[j,j](a[i,j])";
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.ReductionIndexMissing, 13, 1, "'j'", "twice");
        }

        // ---------------------------------------------------------------- TDSL0016 where

        [Fact]
        public void Where_on_an_unknown_name_is_reported_at_the_name()
        {
            const string text = "t[i] = sum[j](a[i,j]) where z < j";
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.InvalidConstraint, text.IndexOf('z'), 1, "'z'", "neither an index");
        }

        [Fact]
        public void A_float_parameter_in_a_bound_is_reported_at_it()
        {
            const string text = "t[i] = sum[j](a[i,j]) where j < i + s";
            AssertAt(Single(text, Method(In("a"), Scalar("s"))), DiagnosticIds.InvalidConstraint, text.LastIndexOf('s'), 1, "'s'", "float", "int parameters only");
        }

        [Fact]
        public void A_reduced_index_in_a_bound_is_reported_at_it()
        {
            const string text = "t[i] = sum[j,k](a[i,j,k]) where k < j";
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.InvalidConstraint, text.LastIndexOf('j'), 1, "'k'", "reduced index 'j'");
        }

        [Theory]
        [InlineData("t[i] = sum[j](a[i,j]) where i < 3")]         // constrains the left-side index
        [InlineData("t[i] = sum[j](a[i,j]) where 2*j < i")]       // a scaled index is no simple bound
        [InlineData("t[i] = sum[j](a[i,j]) where j*2 < i")]
        [InlineData("t[i] = sum[j](a[i,j]) where j + 1 < i")]     // an offset one too
        [InlineData("t[i] = sum[j](a[i,j]) where 0 < j < i < 4")] // more than two comparisons
        [InlineData("t[i] = sum[j](a[i,j]) where 0 < i < j")]     // the bounded index must be in the middle of a chain
        public void A_constraint_that_bounds_no_reduced_index_is_reported_on_the_whole_constraint(string text)
        {
            int start = text.IndexOf("where") + "where ".Length;
            AssertAt(Single(text, Method(In("a"))), DiagnosticIds.InvalidConstraint, start, text.Length - start, "i - w < j <= i");
        }

        // ---------------------------------------------------------------- TDSL0017 indices

        [Fact]
        public void A_free_index_missing_on_the_left_is_reported_at_its_first_use()
        {
            const string text = "t[i] = a[i] + b[j] * b[j]";
            AssertAt(Single(text, Method(In("a"), In("b"))), DiagnosticIds.UnboundIndex, 16, 1, "'j'", "not on the left");
        }

        [Fact]
        public void A_left_index_missing_on_the_right_is_reported_on_the_left()
        {
            const string text = "t[i,j] = a[i] + a[i]\nu[j] = b[j]";
            AssertAt(Single(text, Method(In("a"), In("b"))), DiagnosticIds.UnboundIndex, 4, 1, "'j'", "appears nowhere on the right");
        }

        [Fact]
        public void An_index_that_no_parameter_carries_has_no_size()
        {
            // An index that only bounds a window of an intermediate (a prefix sum nobody reads through an output) has no size.
            const string text = "t[i] = sum[j](v[j]) where j <= i";
            var result = Bind(text, Method(In("v")));
            var noSize = Assert.Single(result.Diagnostics);
            AssertAt(noSize, DiagnosticIds.UnboundIndex, 2, 1, "'i'", "no size", "[Dim(\"i\", size)]");
        }

        // ---------------------------------------------------------------- TDSL0018 assignments

        [Fact]
        public void Assigning_an_input_is_reported_at_its_name()
        {
            AssertAt(Single("a[i] = b[i]", Method(In("a"), In("b"))), DiagnosticIds.InvalidAssignment, 0, 1, "'a'", "input");
        }

        [Fact]
        public void Assigning_a_scalar_is_reported_at_its_name()
        {
            AssertAt(Single("t[i] = a[i]\nxs[i] = a[i]", Method(In("a"), Scalar("xs"))), DiagnosticIds.InvalidAssignment, 12, 2, "'xs'", "scalar");
        }

        [Fact]
        public void Assigning_an_intermediate_twice_is_reported_at_the_second_assignment()
        {
            AssertAt(Single("t[i] = a[i]\nt[i] = a[i] * 2", Method(In("a"))), DiagnosticIds.InvalidAssignment, 12, 1, "'t'", "twice");
        }

        [Fact]
        public void Assigning_an_output_twice_is_reported_at_the_second_assignment()
        {
            AssertAt(Single("o[i] = a[i]; o[i] = a[i] * 2", Method(In("a"), Out("o"))), DiagnosticIds.InvalidAssignment, 13, 1, "'o'", "twice");
        }

        [Fact]
        public void An_output_never_assigned_is_reported_on_its_parameter()
        {
            var d = Single("t[i] = a[i]", Method(In("a"), Out("o")));
            Assert.Equal((DiagnosticIds.InvalidAssignment, DiagnosticTarget.Parameter, 1), (d.Id, d.Target, d.Index));
            Assert.Contains("'o' is never assigned", d.Message);
        }

        [Fact]
        public void A_left_index_written_twice_is_reported_at_the_second()
        {
            AssertAt(Only(DiagnosticIds.InvalidAssignment, "t[i,i] = a[i]", Method(In("a"))), DiagnosticIds.InvalidAssignment, 4, 1, "'i'", "twice");
        }

        [Fact]
        public void A_left_side_without_indices_is_reported_on_the_target()
        {
            AssertAt(Single("t[] = a[i]\nu[i] = a[i]", Method(In("a"))), DiagnosticIds.InvalidAssignment, 0, 3, "'t[]'", "rank 1");
        }

        // ---------------------------------------------------------------- method and parameters

        [Fact]
        public void A_method_that_is_not_static_partial_is_reported_on_the_method()
        {
            foreach (var method in new[] { Method(In("a"), Out("o")) with { IsStatic = false }, Method(In("a"), Out("o")) with { IsPartial = false } })
            {
                var result = Bind("o[i] = a[i]", method);
                Assert.Null(result.Program);
                var d = Assert.Single(result.Diagnostics);
                Assert.Equal((DiagnosticIds.MethodShape, DiagnosticTarget.Method), (d.Id, d.Target));
                Assert.Contains("static partial", d.Message);
            }
        }

        [Fact]
        public void A_method_that_returns_a_value_is_reported_on_the_return_type()
        {
            var method = Method(In("a"), Out("o")) with { ReturnsVoid = false, ReturnKind = ParameterKind.Scalar, ReturnElement = ElementType.Float, ReturnTypeDisplay = "float" };
            var d = Single("o[i] = a[i]", method);
            Assert.Equal((DiagnosticIds.MethodShape, DiagnosticTarget.ReturnType), (d.Id, d.Target));
            Assert.Contains("'float'", d.Message);
        }

        [Fact]
        public void Unsupported_parameter_types_are_reported_on_the_parameter()
        {
            var other = new ParameterSignature("p", ParameterKind.Other, ElementType.Other, "string");
            var d = Single("o[i] = a[i]", Method(In("a"), other, Out("o")));
            Assert.Equal((DiagnosticIds.UnsupportedParameter, DiagnosticTarget.Parameter, 1), (d.Id, d.Target, d.Index));
            Assert.Contains("'string'", d.Message);

            var halfTensor = new ParameterSignature("h", ParameterKind.ReadOnlyTensor, ElementType.Other, "ReadOnlyTensorSpan<Half>");
            d = Assert.Single(Bind("o[i] = a[i]", Method(In("a"), halfTensor, Out("o"))).Diagnostics);
            Assert.Equal((DiagnosticIds.UnsupportedParameter, 1), (d.Id, d.Index));
            Assert.Contains("float or double", d.Message);
        }

        [Fact]
        public void Mixed_element_types_are_reported_on_the_later_parameter()
        {
            var d = Single("o[i] = a[i]", Method(In("a"), Scalar("x", ElementType.Double), Out("o")));
            Assert.Equal((DiagnosticIds.UnsupportedParameter, DiagnosticTarget.Parameter, 1), (d.Id, d.Target, d.Index));
            Assert.Contains("one element type", d.Message);
        }

        [Fact]
        public void Method_errors_and_program_errors_are_reported_together()
        {
            var result = Bind("o[i] = a[i] +", Method(In("a"), Out("o")) with { IsStatic = false });
            Assert.Equal(new[] { DiagnosticIds.ProgramSyntax, DiagnosticIds.MethodShape }, result.Diagnostics.Select(d => d.Id).ToArray());
        }

        // ---------------------------------------------------------------- [Dim]

        [Fact]
        public void A_dim_fixes_a_class_size_and_the_class_has_no_call_time_source()
        {
            var program = Bound("c[i,k] = a[i,j] * b[j,k]", Method(In("a"), In("b"), Out("c")), new StaticDim("j", 8, true));
            var j = program.Classes[program.ClassOf("j")];
            Assert.Equal((8L, -1), (j.StaticSize, j.Source));
            // The axes that carry j are still listed, to be checked at the call.
            Assert.Equal(2, program.Uses.Count(u => u.Index == "j"));
            var i = program.Classes[program.ClassOf("i")];
            Assert.Equal(0L, i.StaticSize);
        }

        [Fact]
        public void Dims_are_validated_and_reported_on_the_attribute()
        {
            var result = Bind("c[i,k] = a[i,j] * b[j,k]", Method(In("a"), In("b"), Out("c")),
                new StaticDim("j", 64, true), new StaticDim("z", 3, true), new StaticDim("j", 32, false), new StaticDim("k", 0, true), new StaticDim("x y", 2, true),
                new StaticDim("q", 5, false));
            Assert.Equal(
                new[] { (DiagnosticIds.DimUnknownIndex, 1), (DiagnosticIds.DimConflict, 2), (DiagnosticIds.DimInvalid, 3), (DiagnosticIds.DimInvalid, 4) },
                result.Diagnostics.Select(d => (d.Id, d.Index)).ToArray());
            Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticTarget.DimAttribute, d.Target));
            Assert.Contains("'z'", result.Diagnostics[0].Message);
            Assert.Contains("32", result.Diagnostics[1].Message);
            Assert.Contains("64", result.Diagnostics[1].Message);
            Assert.Null(result.Program);
        }

        [Fact]
        public void Dims_on_two_tied_indices_conflict_and_the_message_names_the_class()
        {
            var d = Single("s[i] = a[i]\nt[x] = s[x]", Method(In("a")), new StaticDim("i", 4, true), new StaticDim("x", 5, true));
            Assert.Equal((DiagnosticIds.DimConflict, DiagnosticTarget.DimAttribute, 1), (d.Id, d.Target, d.Index));
            Assert.Contains("[i,x]", d.Message);
        }

        [Fact]
        public void A_containing_type_dim_for_an_unused_index_is_ignored()
        {
            var program = Bound("o[i] = a[i]", Method(In("a"), Out("o")), new StaticDim("q", 5, false));
            Assert.Single(program.Classes);
        }

        // ---------------------------------------------------------------- where ranges

        [Fact]
        public void A_window_normalizes_to_an_inclusive_lower_and_an_exclusive_upper_bound_on_every_reduction_over_it()
        {
            var program = Bound("o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c]) where i - w < j <= i", Method(In("s"), In("v"), Int("w"), Out("o")));
            var expected = Range("j", new[] { Affine(1, Term("i"), Param("w", -1)) }, new[] { Affine(1, Term("i")) });
            var sum = OnlyReduction(Assert.Single(program.Statements));
            Assert.Equal(expected, Assert.Single(sum.Ranges));
            var softmax = Assert.IsType<ReduceExpr>(Assert.IsType<BinaryExpr>(sum.Body).Left);
            Assert.Equal(ReductionKind.Softmax, softmax.Kind);
            Assert.Equal(expected, Assert.Single(softmax.Ranges));
        }

        [Theory]
        [InlineData("j < i", false, 0)]
        [InlineData("j <= i", false, 1)]
        [InlineData("j > i", true, 1)]
        [InlineData("j >= i", true, 0)]
        [InlineData("i < j", true, 1)]
        [InlineData("i <= j", true, 0)]
        [InlineData("i > j", false, 0)]
        [InlineData("i >= j", false, 1)]
        public void Each_comparison_normalizes_to_lower_inclusive_or_upper_exclusive(string constraint, bool isLower, long constant)
        {
            var program = Bound("t[i] = sum[j](a[i,j]) where " + constraint, Method(In("a")));
            var range = Assert.Single(OnlyReduction(Assert.Single(program.Statements)).Ranges);
            var bound = Affine(constant, Term("i"));
            Assert.Equal(isLower ? Range("j", new[] { bound }, new AffineBound[0]) : Range("j", new AffineBound[0], new[] { bound }), range);
        }

        [Fact]
        public void Constraints_accumulate_and_int_parameters_and_coefficients_are_kept()
        {
            var program = Bound("t[i] = sum[j](a[i,j]) where j <= i, n - 1 >= j, j > 2*i - w", Method(In("a"), Int("n"), Int("w")));
            var range = Assert.Single(OnlyReduction(Assert.Single(program.Statements)).Ranges);
            Assert.Equal(
                Range("j", new[] { Affine(1, Term("i", 2), Param("w", -1)) }, new[] { Affine(1, Term("i")), Affine(0, Param("n")) }),
                range);
        }

        [Fact]
        public void Ranges_attach_to_the_sum_made_by_einstein_shorthand()
        {
            var program = Bound("c[i,k] = a[i,j] * b[j,k] where j < i", Method(In("a"), In("b"), Out("c")));
            var sum = OnlyReduction(Assert.Single(program.Statements));
            Assert.Equal(S("j"), sum.Indices);
            Assert.Equal(Range("j", new AffineBound[0], new[] { Affine(0, Term("i")) }), Assert.Single(sum.Ranges));
        }

        [Fact]
        public void A_bound_makes_the_reduction_depend_on_the_left_index_it_names()
        {
            var program = Bound("o[i,c] = sum[j](a[j,c] * b[i]) where j <= i", Method(In("a"), In("b"), Out("o")));
            var sum = OnlyReduction(Assert.Single(program.Statements));
            Assert.Equal(new[] { "j", "c", "i" }, ExprFacts.FreeIndices(sum.Body).ToArray());
            Assert.Equal(new[] { "c", "i" }, ExprFacts.FreeIndices(sum).ToArray());
            var ranged = new ReduceExpr(ReductionKind.Sum, S("j"), EquatableArray<IndexRange>.Empty, Load(0, "j", "c")) with { Ranges = sum.Ranges };
            Assert.Equal(new[] { "c", "i" }, ExprFacts.FreeIndices(ranged).ToArray()); // i only through the bound
        }

        [Fact]
        public void Reductions_over_other_indices_get_no_range()
        {
            var program = Bound("t[i] = sum[k](b[i,k]) + sum[j](a[i,j]) where j <= i", Method(In("a"), In("b")));
            var add = Assert.IsType<BinaryExpr>(Assert.Single(program.Statements).Value);
            Assert.Empty(Assert.IsType<ReduceExpr>(add.Left).Ranges);
            Assert.Single(Assert.IsType<ReduceExpr>(add.Right).Ranges);
        }

        // ---------------------------------------------------------------- index classes and sizes

        [Fact]
        public void An_intermediate_ties_its_defining_indices_to_the_indices_at_its_uses()
        {
            var program = Bound("s[i,j] = a[i,j]\nt[x,y] = s[x,y]", Method(In("a")));
            Assert.Equal(2, program.Classes.Count);
            Assert.Equal(S("i", "x"), program.Classes[program.ClassOf("x")].Members);
            Assert.Equal(S("j", "y"), program.Classes[program.ClassOf("y")].Members);
            Assert.NotEqual(program.ClassOf("i"), program.ClassOf("j"));
            Assert.Equal("i", program.Classes[program.ClassOf("x")].Name);
        }

        [Fact]
        public void A_diagonal_of_an_intermediate_ties_its_two_axes()
        {
            var program = Bound("s[i,j] = a[i] * b[j]\nt[p] = s[p,p]", Method(In("a"), In("b")));
            Assert.Equal(S("i", "j", "p"), Assert.Single(program.Classes).Members);
        }

        [Fact]
        public void Renamed_indices_share_the_class_of_their_origin()
        {
            var program = Bound("c[i,k] = a[i,j] * b[j,k]", Method(In("a"), In("b"), Out("c")));
            Assert.Equal(program.ClassOf("j"), program.ClassOf("j'2"));
            Assert.Equal(-1, program.ClassOf("zz"));
        }

        [Fact]
        public void Each_class_takes_its_size_from_the_first_parameter_axis_that_carries_it()
        {
            var program = Bound("c[i,k] = a[i,j] * b[j,k]", Method(In("a"), In("b"), Out("c")));
            Assert.Equal(
                new[]
                {
                    new AxisUse(0, 0, "i", program.ClassOf("i")), new AxisUse(0, 1, "j", program.ClassOf("j")),
                    new AxisUse(1, 0, "j", program.ClassOf("j")), new AxisUse(1, 1, "k", program.ClassOf("k")),
                    new AxisUse(2, 0, "i", program.ClassOf("i")), new AxisUse(2, 1, "k", program.ClassOf("k")),
                },
                program.Uses.ToArray());
            // Classes in first-appearance order (the left side is seen first); sources point into Uses.
            Assert.Equal(new[] { "i", "k", "j" }, program.Classes.Select(c => c.Name).ToArray());
            Assert.Equal(new[] { 0, 3, 1 }, program.Classes.Select(c => c.Source).ToArray());
            foreach (var cls in program.Classes)
            {
                var source = program.Uses[cls.Source];
                Assert.Equal(cls, program.Classes[source.Class]);
                Assert.Equal(ProgramTensorKind.Input, program.Tensors[source.Tensor].Kind);
            }
        }

        [Fact]
        public void An_intermediate_index_takes_its_size_from_the_input_axis_behind_it()
        {
            var program = Bound("s[i,j] = a[i,j]\nt[x,y] = s[y,x]", Method(In("a")));
            var x = program.Classes[program.ClassOf("x")];
            Assert.Equal(program.ClassOf("j"), program.ClassOf("x"));
            Assert.Equal(new AxisUse(0, 1, "j", program.ClassOf("j")), program.Uses[x.Source]);
        }

        [Fact]
        public void A_diagonal_read_lists_both_axes_of_the_input()
        {
            var program = Bound("t[i] = x[i,i]", Method(In("x")));
            Assert.Equal(new[] { new AxisUse(0, 0, "i", 0), new AxisUse(0, 1, "i", 0) }, program.Uses.ToArray());
        }

        [Fact]
        public void An_input_read_twice_lists_each_axis_once_per_index()
        {
            var program = Bound("t[a,b] = x[a,b] * x[a,b] + x[b,a]", Method(In("x")));
            Assert.Equal(4, program.Uses.Count);
            Assert.Equal(2, program.Classes.Count); // a and b stay distinct: the call checks that both axes agree
        }

        // ---------------------------------------------------------------- value equality

        [Fact]
        public void Two_bindings_of_the_same_text_are_equal_records()
        {
            const string text = "s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])\no[i,c] = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c]) where i - w < j <= i, k <= i";
            var method = Method(In("q"), In("k1"), In("k2"), In("v1"), In("v2"), Scalar("scale"), Int("w"), Out("o"));
            var first = Bind(text, method);
            var second = Bind(string.Concat(text.ToCharArray()), Method(In("q"), In("k1"), In("k2"), In("v1"), In("v2"), Scalar("scale"), Int("w"), Out("o")));
            Assert.Empty(first.Diagnostics);
            Assert.Equal(first, second);
            Assert.Equal(first.Program, second.Program);
            Assert.Equal(first.Program!.GetHashCode(), second.Program!.GetHashCode());
            Assert.NotEqual(first.Program, Bind(text.Replace("k <= i", "k < i"), method).Program);
        }

        [Fact]
        public void Failed_bindings_compare_by_their_diagnostics()
        {
            var method = Method(In("a"));
            Assert.Equal(Bind("t[i] = zz[i]", method), Bind("t[i] = zz[i]", method));
            Assert.NotEqual(Bind("t[i] = zz[i]", method), Bind("t[i] = yy[i]", method));
        }
    }
}
