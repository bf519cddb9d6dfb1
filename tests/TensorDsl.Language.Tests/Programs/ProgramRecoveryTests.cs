using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;
using Xunit;

namespace TensorDsl.Language.Tests.Programs
{
    /// <summary>
    /// One parse and bind reports every error of a program: the parser resumes after a bracket, a 'where' constraint or a
    /// statement, the binder checks the statements that parsed, and nothing is reported twice or as a consequence of an
    /// earlier error. Each test asserts the exact list: IDs, spans in the program text and messages.
    /// </summary>
    public sealed class ProgramRecoveryTests
    {
        private static ParameterSignature In(string name) => new(name, ParameterKind.ReadOnlyTensor, ElementType.Float, "ReadOnlyTensorSpan<float>");
        private static ParameterSignature Out(string name) => new(name, ParameterKind.Tensor, ElementType.Float, "TensorSpan<float>");
        private static ParameterSignature Scalar(string name) => new(name, ParameterKind.Scalar, ElementType.Float, "float");

        private static MethodSignature Method(params ParameterSignature[] parameters)
            => new("K", true, true, true, ParameterKind.Other, ElementType.Other, "void", new EquatableArray<ParameterSignature>(parameters));

        private static MethodSignature Attention() => Method(In("q"), In("k"), In("v"), Scalar("scale"), Out("o"));

        /// <summary>(ID, start, length, message) of each diagnostic, in the order reported.</summary>
        private static (string, int, int, string)[] Report(EquatableArray<LanguageDiagnostic> diagnostics)
            => diagnostics.Select(d => (d.Id, d.Start, d.Length, d.Message)).ToArray();

        private static (string, int, int, string)[] Parse(string text) => Report(ProgramParser.Parse(text).Diagnostics);

        private static (string, int, int, string)[] Bind(string text, MethodSignature method, params StaticDim[] dims)
        {
            var result = ProgramBinder.Bind(text, method, new EquatableArray<StaticDim>(dims));
            if (result.Diagnostics.Any(d => d.Id != DiagnosticIds.DimUnknownIndex)) Assert.Null(result.Program);
            return Report(result.Diagnostics);
        }

        private const string Syntax = DiagnosticIds.ProgramSyntax;
        private const string Unknown = DiagnosticIds.UnknownName;

        // ---------------------------------------------------------------- the parser

        [Fact]
        public void Two_errors_in_one_statement_are_both_reported()
        {
            // The first ')' closes a '(' whose content failed: parsing resumes after it, and exp's argument list is checked.
            const string text = "o[i] = (a[i] +) * exp(b[i] c[i])";
            Assert.Equal(new[]
            {
                (Syntax, 14, 1, "Expected a tensor, a scalar, a number, a function or '('; found ')'"),
                (Syntax, 27, 1, "Expected ')' to close 'exp('; found 'c'"),
            }, Parse(text));
            var result = ProgramParser.Parse(text);
            Assert.Null(result.Program);
            var broken = Assert.Single(result.Broken);
            Assert.Equal(new[] { "o" }, broken.Targets.ToArray());
            Assert.Equal((0, text.Length), (broken.Start, broken.Length));
        }

        [Fact]
        public void A_bracket_left_open_is_reported_once_not_at_every_enclosing_bracket()
        {
            const string text = "o[i] = exp(sum[j](max(a[i,j], b[i,j]";
            Assert.Equal(new[] { (Syntax, text.Length, 0, "Expected ')' to close 'max('; found the end of the program") }, Parse(text));
        }

        [Fact]
        public void An_error_in_an_index_list_resumes_after_its_bracket()
        {
            const string text = "o[i,] = a[i j] + b[i]";
            Assert.Equal(new[]
            {
                (Syntax, 4, 1, "Expected an index name inside '[…]'; found ']'"),
                (Syntax, 12, 1, "Expected ',' or ']' in the index list opened at 9; found 'j'"),
            }, Parse(text));
        }

        [Fact]
        public void Each_where_constraint_is_checked_after_an_error_in_another()
        {
            const string text = "o[i] = sum[j](a[i,j]) where j < 1.5, j < i * k, j <= i";
            Assert.Equal(new[]
            {
                (Syntax, text.IndexOf("1.5"), 3, "'1.5' is not an integer; 'where' constraints use integer arithmetic only"),
                (Syntax, text.IndexOf('k'), 1, "In a 'where' constraint an index can only be multiplied by an integer; found 'k'"),
            }, Parse(text));
        }

        /// <summary>Each broken statement as "targets:start+length".</summary>
        private static string[] Broken(string text)
            => ProgramParser.Parse(text).Broken.Select(b => $"{string.Join(",", b.Targets)}:{b.Start}+{b.Length}").ToArray();

        [Fact]
        public void Broken_statements_are_left_out_and_listed_with_the_names_they_define()
        {
            const string text = "s[i] = a[i] # 2\n[i] = a[i]\nt[i] = a[i]\nu[i] = a[i] $ v[i] = a[i]";
            Assert.Equal("t", Assert.Single(ProgramParser.Parse(text).Program!.Statements).Target.Name);
            // No name first: no target (it could define anything). 'v[i] =' inside a broken statement: a lost line break.
            Assert.Equal(new[] { "s:0+15", ":16+10", "u,v:39+25" }, Broken(text));
        }

        [Fact]
        public void A_line_cut_short_takes_the_next_lines_that_cannot_start_a_statement_with_it()
        {
            // 's' stops at an open '(' and at a '+' without operand: its next two lines are its rest, not statements
            // (they would report "a statement starts with a name"); 't[i] = …' starts a statement again.
            const string text = "s[i] = exp(a[i]\n  * 2) +\n  a[i]\nt[i] = a[i] # 1";
            Assert.Equal(new[]
            {
                (Syntax, 15, 1, "Expected ')' to close 'exp('; found the end of the statement"),
                (Syntax, text.IndexOf('#'), 1, "Unexpected '#' after the statement's expression; statements are separated by a newline or ';' and a 'where' clause comes last"),
            }, Parse(text));
            Assert.Equal(new[] { "s:0+31", "t:32+15" }, Broken(text));
        }

        [Fact]
        public void A_line_that_only_continues_the_statement_before_makes_that_statement_unchecked()
        {
            // 's[i] = a[i]' parses, but the next line starts with '*': the line break cut it, so it is not bound (no
            // "index 'j' appears nowhere" for it), and reading 's' is not unknown.
            const string text = "s[i,j] = a[i,i]\n  * b[j]\no[i] = sum[j](s[i,j])";
            Assert.Equal(new[]
            {
                (Syntax, text.IndexOf('*'), 1, "A statement starts with the name of the tensor it defines, as in 'o[i,j] = …'; found '*'"),
            }, Bind(text, Method(In("a"), In("b"), Out("o"))));
            Assert.Equal(new[] { "s:0+15", ":18+6" }, Broken(text));
        }

        [Fact]
        public void A_line_that_starts_a_statement_is_not_taken_as_a_continuation()
        {
            const string text = "s[i] = exp(a[i]\nt[i] = tnah(a[i])";
            Assert.Equal(new[]
            {
                (Syntax, 15, 1, "Expected ')' to close 'exp('; found the end of the statement"),
                (Unknown, text.IndexOf("tnah"), 4, "'tnah' is not a function or reduction of the program language; did you mean 'tanh'?"),
            }, Bind(text, Method(In("a"), Out("o"))));
        }

        [Fact]
        public void A_reduction_whose_index_list_failed_is_not_also_reported_as_empty()
        {
            const string text = "o[i] = sum[*j](a[i,j])";
            Assert.Equal(new[] { (Syntax, 11, 1, "Expected an index name inside '[…]'; found '*'") }, Parse(text));
        }

        [Fact]
        public void A_comma_that_breaks_a_constraint_goes_with_it()
        {
            // Not a second error at '<' for a "next constraint" '< j <= i'.
            const string text = "o[i] = sum[j](a[i,j]) where i - , < j <= i";
            Assert.Equal(new[] { (Syntax, text.LastIndexOf(','), 1, "Expected an index, an int parameter or an integer in the 'where' constraint; found ','") }, Parse(text));
        }

        [Fact]
        public void A_program_that_parses_has_no_broken_statements()
            => Assert.Empty(ProgramParser.Parse("s[i] = a[i]\nt[i] = s[i]").Broken);

        // ---------------------------------------------------------------- parser and binder together

        [Fact]
        public void A_syntax_error_and_an_unknown_reduction_two_statements_apart_are_both_reported()
        {
            const string text = "s[i,j] = scale * sum[d](q[i,d] * k[j,d]\nt[i,j] = q[i,j] * 2\no[i,c] = sum[j](sofmax[j](t[i,j]) * v[j,c])";
            Assert.Equal(new[]
            {
                (Syntax, text.IndexOf('\n'), 1, "Expected ')' to close 'sum[…]('; found the end of the statement"),
                (Unknown, text.IndexOf("sofmax"), 6, "'sofmax' is not a function or reduction of the program language; did you mean 'softmax'?"),
            }, Bind(text, Attention()));
        }

        [Fact]
        public void Three_errors_in_three_statements_and_nothing_that_follows_from_them()
        {
            // 'o' reads 's', whose statement failed: not reported again.
            const string text = "s[i,j] = scale * sum[d](q[i,d] * k[j,d]) #\nt[i,j] = Q[i,j] * 2\nu[i,j] = tnah(q[i,j])\no[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c])";
            Assert.Equal(new[]
            {
                (Syntax, text.IndexOf('#'), 1, "Unexpected '#' after the statement's expression; statements are separated by a newline or ';' and a 'where' clause comes last"),
                (Unknown, text.IndexOf('Q'), 1, "'Q' is not a parameter of 'K' nor defined by an earlier statement; did you mean 'q'?"),
                (Unknown, text.IndexOf("tnah"), 4, "'tnah' is not a function or reduction of the program language; did you mean 'tanh'?"),
            }, Bind(text, Attention()));
        }

        [Fact]
        public void Errors_in_the_name_and_in_the_operand_of_one_reduction_are_both_reported()
        {
            const string text = "o[i] = smu[j](A[i,j])";
            Assert.Equal(new[]
            {
                (Unknown, 7, 3, "'smu' is not a function or reduction of the program language; did you mean 'sum'?"),
                (Unknown, 14, 1, "'A' is not a parameter of 'K' nor defined by an earlier statement; did you mean 'a'?"),
            }, Bind(text, Method(In("a"), Out("o"))));
        }

        [Fact]
        public void Errors_in_the_name_and_in_the_argument_of_one_call_are_both_reported()
        {
            const string text = "o[i] = tnah(Q[i]) + exp(a[i], a[i])";
            Assert.Equal(new[]
            {
                (Unknown, 7, 4, "'tnah' is not a function or reduction of the program language; did you mean 'tanh'?"),
                (Unknown, 12, 1, "'Q' is not a parameter of 'K' nor defined by an earlier statement; did you mean 'q'?"),
                (Syntax, 20, 15, "'exp' takes one argument; found 2"),
            }, Bind(text, Method(In("q"), In("a"), Out("o"))));
        }

        [Fact]
        public void An_output_assigned_by_a_broken_statement_is_not_reported_as_never_assigned()
        {
            const string text = "t[i] = a[i]\no[i] = a[i] +";
            Assert.Equal(new[] { (Syntax, text.Length, 0, "Expected a tensor, a scalar, a number, a function or '('; found the end of the program") },
                Bind(text, Method(In("a"), Out("o"))));
        }

        [Fact]
        public void A_name_a_broken_statement_defines_is_not_unknown_but_other_names_are()
        {
            const string text = "s[i] = a[i] +\no[i] = s[i] * x[i]";
            Assert.Equal(new[]
            {
                (Syntax, 13, 1, "Expected a tensor, a scalar, a number, a function or '('; found the end of the statement"),
                (Unknown, text.IndexOf('x'), 1, "'x' is not a parameter of 'K' nor defined by an earlier statement"),
            }, Bind(text, Method(In("a"), Out("o"))));
        }

        [Fact]
        public void After_a_statement_that_names_nothing_undefined_names_are_not_reported()
        {
            // '= a[i]' could have been meant to define 'x': reading 'x' is no separate error.
            const string text = "= a[i]\no[i] = x[i] + tnah(a[i])";
            Assert.Equal(new[]
            {
                (Syntax, 0, 1, "A statement starts with the name of the tensor it defines, as in 'o[i,j] = …'; found '='"),
                (Unknown, text.IndexOf("tnah"), 4, "'tnah' is not a function or reduction of the program language; did you mean 'tanh'?"),
            }, Bind(text, Method(In("a"), Out("o"))));
        }

        [Fact]
        public void A_dim_for_an_index_of_a_broken_statement_is_not_unused()
        {
            var method = Method(In("a"), Out("o"));
            const string text = "o[i] = a[i]\nt[i,z] = a[i] +";
            Assert.Equal(new[] { (Syntax, text.Length, 0, "Expected a tensor, a scalar, a number, a function or '('; found the end of the program") },
                Bind(text, method, new StaticDim("z", 4, true)));
            // Without the broken statement the [Dim] is unused.
            Assert.Equal(new[] { DiagnosticIds.DimUnknownIndex }, Bind("o[i] = a[i]", method, new StaticDim("z", 4, true)).Select(d => d.Item1).ToArray());
        }

        [Fact]
        public void An_output_is_not_reported_as_never_assigned_while_a_statement_is_broken()
        {
            // 'oi,c] = …' was probably meant to assign 'o'.
            const string text = "t[i] = a[i]\noi] = t[i]";
            Assert.Equal(new[] { (Syntax, 12, 2, "The left side of a statement is a tensor with its indices, as in 'oi[i,j] = …'") },
                Bind(text, Method(In("a"), Out("o"))));
        }

        [Fact]
        public void Reading_an_intermediate_whose_statement_failed_is_not_checked_again()
        {
            // 's[ij]' fails (index 'i' unbound); its use with two indices is not also a rank error.
            const string text = "s[ij] = a[i,j] + 1\no[i] = sum[j](s[i,j])";
            Assert.Equal(new[]
            {
                (DiagnosticIds.UnboundIndex, 10, 1, "Index 'i' is free on the right side of 's[ij]' but not on the left; add it to the left side or reduce it with sum[i](…) or max[i](…)"),
            }, Bind(text, Method(In("a"), Out("o"))));
        }

        [Fact]
        public void The_first_error_of_several_is_the_first_in_the_list()
        {
            // The generator's "invalid program" body names the first diagnostic: the earliest syntax error.
            var result = ProgramBinder.Bind("o[i] = tnah(a[i])\nt[i] = a[i] #", Method(In("a"), Out("o")), EquatableArray<StaticDim>.Empty);
            Assert.Equal(new[] { Syntax, Unknown }, result.Diagnostics.Select(d => d.Id).ToArray());
        }
    }
}
