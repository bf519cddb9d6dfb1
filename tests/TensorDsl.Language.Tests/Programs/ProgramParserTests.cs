using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Programs.Syntax;
using Xunit;

namespace TensorDsl.Language.Tests.Programs
{
    public sealed class ProgramParserTests
    {
        private static ProgramSyntax Parse(string text)
        {
            var result = ProgramParser.Parse(text);
            Assert.Empty(result.Diagnostics);
            Assert.True(result.Succeeded);
            return result.Program!;
        }

        private static ExprSyntax Value(string text) => Assert.Single(Parse(text).Statements).Value;

        private static LanguageDiagnostic SingleError(string text)
        {
            var result = ProgramParser.Parse(text);
            Assert.False(result.Succeeded);
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal(DiagnosticIds.ProgramSyntax, d.Id);
            Assert.Equal(DiagnosticTarget.SpecText, d.Target);
            return d;
        }

        private static string Name(ExprSyntax e) => Assert.IsType<TensorRefSyntax>(e).Name;

        [Fact]
        public void Multiplication_binds_tighter_than_addition()
        {
            var sum = Assert.IsType<BinarySyntax>(Value("o[i] = a[i] + b[i] * c[i]"));
            Assert.Equal('+', sum.Operator);
            Assert.Equal("a", Name(sum.Left));
            var product = Assert.IsType<BinarySyntax>(sum.Right);
            Assert.Equal(('*', "b", "c"), (product.Operator, Name(product.Left), Name(product.Right)));
        }

        [Fact]
        public void Operators_of_one_level_associate_to_the_left()
        {
            // (a - b) - c and (a / b) * c
            var outer = Assert.IsType<BinarySyntax>(Value("o[i] = a[i] - b[i] - c[i]"));
            Assert.Equal(('-', "c"), (outer.Operator, Name(outer.Right)));
            var inner = Assert.IsType<BinarySyntax>(outer.Left);
            Assert.Equal(('-', "a", "b"), (inner.Operator, Name(inner.Left), Name(inner.Right)));

            var times = Assert.IsType<BinarySyntax>(Value("o[i] = a[i] / b[i] * c[i]"));
            Assert.Equal(('*', "c"), (times.Operator, Name(times.Right)));
            Assert.Equal('/', Assert.IsType<BinarySyntax>(times.Left).Operator);
        }

        [Fact]
        public void Parentheses_group_and_keep_the_inner_span()
        {
            const string text = "o[i] = (a[i] + b[i]) * c[i]";
            var product = Assert.IsType<BinarySyntax>(Value(text));
            Assert.Equal('*', product.Operator);
            var sum = Assert.IsType<BinarySyntax>(product.Left);
            Assert.Equal('+', sum.Operator);
            Assert.Equal((8, 11), (sum.Start, sum.Length)); // "a[i] + b[i]" without the parentheses
            Assert.Equal("c", Name(product.Right));
        }

        [Fact]
        public void Unary_minus_binds_tighter_than_multiplication_and_nests()
        {
            var product = Assert.IsType<BinarySyntax>(Value("o[i] = -a[i] * b[i]"));
            Assert.Equal('*', product.Operator);
            var negate = Assert.IsType<NegateSyntax>(product.Left);
            Assert.Equal("a", Name(negate.Operand));
            Assert.Equal((7, 5), (negate.Start, negate.Length));

            var difference = Assert.IsType<BinarySyntax>(Value("o[i] = a[i] - -b[i]"));
            Assert.Equal('-', difference.Operator);
            Assert.Equal("b", Name(Assert.IsType<NegateSyntax>(difference.Right).Operand));

            var scaled = Assert.IsType<BinarySyntax>(Value("o[i] = a[i] * -b[i] / -2"));
            Assert.Equal('/', scaled.Operator);
            Assert.Equal(2.0, Assert.IsType<NumberSyntax>(Assert.IsType<NegateSyntax>(scaled.Right).Operand).Value);
            var times = Assert.IsType<BinarySyntax>(scaled.Left);
            Assert.Equal(('*', "b"), (times.Operator, Name(Assert.IsType<NegateSyntax>(times.Right).Operand)));

            var twice = Assert.IsType<NegateSyntax>(Value("o[i] = --a[i]"));
            Assert.Equal("a", Name(Assert.IsType<NegateSyntax>(twice.Operand).Operand));
        }

        [Fact]
        public void Comments_semicolons_and_blank_lines_separate_statements()
        {
            const string text = "// header; not a statement\n\no[i] = a[i] // trailing; still a comment\n;; s[i] = b[i]; t[i] = c[i]\n\n";
            var statements = Parse(text).Statements;
            Assert.Equal(new[] { "o", "s", "t" }, statements.Select(s => s.Target.Name).ToArray());
            Assert.Equal(new[] { "a", "b", "c" }, statements.Select(s => Name(s.Value)).ToArray());
            // A statement's span runs from its target to the end of its last token (the comment is not part of it).
            Assert.Equal(text.IndexOf("o[i]"), statements[0].Start);
            Assert.Equal("o[i] = a[i]".Length, statements[0].Length);
            Assert.Equal(text.IndexOf("s[i]"), statements[1].Start);
        }

        [Theory]
        [InlineData("1e-3", 1e-3)]
        [InlineData(".5", 0.5)]
        [InlineData("2.5E+2", 250.0)]
        [InlineData("10", 10.0)]
        [InlineData("3.", 3.0)]
        [InlineData("0.125", 0.125)]
        [InlineData("4e2", 400.0)]
        public void Numbers_are_read_in_the_invariant_culture(string literal, double expected)
        {
            string text = "o[i] = " + literal + " * a[i]";
            var product = Assert.IsType<BinarySyntax>(Value(text));
            var number = Assert.IsType<NumberSyntax>(product.Left);
            Assert.Equal(expected, number.Value);
            Assert.Equal((7, literal.Length), (number.Start, number.Length));
        }

        [Fact]
        public void Names_tensor_references_and_spans()
        {
            const string text = "out[i,jj] = scale * xs[i, jj]";
            var statement = Assert.Single(Parse(text).Statements);
            Assert.Equal(("out", 3, 0, 9), (statement.Target.Name, statement.Target.NameLength, statement.Target.Start, statement.Target.Length));
            Assert.Equal(new[] { ("i", 4, 1), ("jj", 6, 2) }, statement.Target.Indices.Select(i => (i.Name, i.Start, i.Length)).ToArray());
            var product = Assert.IsType<BinarySyntax>(statement.Value);
            var scale = Assert.IsType<NameSyntax>(product.Left);
            Assert.Equal(("scale", 12, 5), (scale.Name, scale.Start, scale.Length));
            var xs = Assert.IsType<TensorRefSyntax>(product.Right);
            Assert.Equal(("xs", 20, 9), (xs.Name, xs.Start, xs.Length));
            Assert.Equal(new[] { ("i", 23), ("jj", 26) }, xs.Indices.Select(i => (i.Name, i.Start)).ToArray());
            Assert.Equal((0, text.Length), (statement.Start, statement.Length));
        }

        [Fact]
        public void Reductions_and_calls_parse_with_their_spans()
        {
            const string text = "o[i] = sum[j,k](softmax[j](s[i,j,k]) * max[k](t[k])) + max(a[i], 0) + exp(b[i])";
            var sum = Assert.IsType<BinarySyntax>(Value(text));
            var left = Assert.IsType<BinarySyntax>(sum.Left);
            var reduction = Assert.IsType<ReductionSyntax>(left.Left);
            Assert.Equal(ReductionKind.Sum, reduction.Kind);
            Assert.Equal(new[] { "j", "k" }, reduction.Indices.Select(i => i.Name).ToArray());
            Assert.Equal((3, 7), (reduction.KeywordLength, reduction.Start));
            Assert.Equal("sum[j,k](softmax[j](s[i,j,k]) * max[k](t[k]))".Length, reduction.Length);
            var body = Assert.IsType<BinarySyntax>(reduction.Body);
            var softmax = Assert.IsType<ReductionSyntax>(body.Left);
            Assert.Equal((ReductionKind.Softmax, 7, "j"), (softmax.Kind, softmax.KeywordLength, Assert.Single(softmax.Indices).Name));
            Assert.Equal(ReductionKind.Max, Assert.IsType<ReductionSyntax>(body.Right).Kind);

            var max = Assert.IsType<CallSyntax>(left.Right);
            Assert.Equal(("max", 2, 3, text.IndexOf("max(a")), (max.Function, max.Arguments.Count, max.NameLength, max.Start));
            Assert.Equal("max(a[i], 0)".Length, max.Length);
            Assert.Equal(0.0, Assert.IsType<NumberSyntax>(max.Arguments[1]).Value);
            var exp = Assert.IsType<CallSyntax>(sum.Right);
            Assert.Equal(("exp", 1), (exp.Function, exp.Arguments.Count));
        }

        [Fact]
        public void Where_chains_keep_operands_comparisons_and_spans()
        {
            const string text = "o[i] = sum[j,k](s[i,j,k]) where i - w + 1 < j <= i, k >= 2*i - 3, k < i*3";
            var statement = Assert.Single(Parse(text).Statements);
            Assert.Equal(3, statement.Constraints.Count);

            var chain = statement.Constraints[0];
            Assert.Equal(new[] { ComparisonKind.Less, ComparisonKind.LessOrEqual }, chain.Comparisons.Select(c => c.Kind).ToArray());
            Assert.Equal((text.IndexOf("<="), 2), (chain.Comparisons[1].Start, chain.Comparisons[1].Length));
            Assert.Equal((text.IndexOf("i - w"), "i - w + 1 < j <= i".Length), (chain.Start, chain.Length));
            var lower = chain.Operands[0];
            Assert.Equal(new[] { ("i", 1L), ("w", -1L) }, lower.Terms.Select(t => (t.Name, t.Coefficient)).ToArray());
            Assert.Equal(1, lower.Constant);
            Assert.Equal(("j", 1L, 0L), (Assert.Single(chain.Operands[1].Terms).Name, chain.Operands[1].Terms[0].Coefficient, chain.Operands[1].Constant));

            var second = statement.Constraints[1];
            Assert.Equal(ComparisonKind.GreaterOrEqual, Assert.Single(second.Comparisons).Kind);
            var scaled = second.Operands[1];
            Assert.Equal(("i", 2L, -3L), (Assert.Single(scaled.Terms).Name, scaled.Terms[0].Coefficient, scaled.Constant));
            Assert.Equal((text.IndexOf("2*i"), 3), (scaled.Terms[0].Start, scaled.Terms[0].Length));

            var third = statement.Constraints[2];
            Assert.Equal(ComparisonKind.Less, Assert.Single(third.Comparisons).Kind);
            Assert.Equal(("i", 3L), (Assert.Single(third.Operands[1].Terms).Name, third.Operands[1].Terms[0].Coefficient));
            Assert.Equal((0, text.Length), (statement.Start, statement.Length));
        }

        [Fact]
        public void A_leading_minus_in_a_bound_negates_the_first_term()
        {
            var statement = Assert.Single(Parse("o[i] = sum[j](a[i,j]) where -i + 4 > j").Statements);
            var bound = statement.Constraints[0].Operands[0];
            Assert.Equal(("i", -1L, 4L), (Assert.Single(bound.Terms).Name, bound.Terms[0].Coefficient, bound.Constant));
            Assert.Equal(ComparisonKind.Greater, statement.Constraints[0].Comparisons[0].Kind);
        }

        [Fact]
        public void Errors_in_two_lines_are_both_reported_and_the_rest_still_parses()
        {
            const string text = "o[i] = a[i] * * b[i]\ns[i] = a[i]\nt[i] = (b[i] + 1";
            var result = ProgramParser.Parse(text);
            Assert.False(result.Succeeded);
            Assert.Equal(2, result.Diagnostics.Count);
            Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticIds.ProgramSyntax, d.Id));
            // The second '*' of line 1; the end of the text (nothing to point at: length 0) for the unclosed '('.
            Assert.Equal((14, 1), (result.Diagnostics[0].Start, result.Diagnostics[0].Length));
            Assert.Equal((text.Length, 0), (result.Diagnostics[1].Start, result.Diagnostics[1].Length));
            Assert.Contains("')'", result.Diagnostics[1].Message);
            // The good line in between is kept.
            Assert.Equal("s", Assert.Single(result.Program!.Statements).Target.Name);
        }

        [Fact]
        public void Errors_separated_by_semicolons_are_both_reported()
        {
            const string text = "o[i] = a[i] $ 2; s[i] = sum(a[i]); t[i] = a[i]";
            var result = ProgramParser.Parse(text);
            Assert.Equal(new[] { (text.IndexOf('$'), 1), (text.IndexOf("sum"), 3) }, result.Diagnostics.Select(d => (d.Start, d.Length)).ToArray());
            Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticIds.ProgramSyntax, d.Id));
            Assert.Contains("'$'", result.Diagnostics[0].Message);
            Assert.Contains("sum[j](e)", result.Diagnostics[1].Message);
            Assert.Equal("t", Assert.Single(result.Program!.Statements).Target.Name);
        }

        [Theory]
        // text, the offending text it must point at (its last occurrence), and a word the message must contain
        [InlineData("o[i] = a[i] +\ns[i] = a[i]", "\n", "end of the statement")]
        [InlineData("o = a[i]", "o", "left side")]
        [InlineData("o[i] = a[i,]", "]", "index name")]
        [InlineData("o[i] = a[i b]", "b", "',' or ']'")]
        [InlineData("o[i] a[i]", "a", "'='")]
        [InlineData("o[i] = a[i] b[i]", "b", "Unexpected 'b'")]
        [InlineData("o[i] = sum[j] a[i,j]", "a", "parentheses")]
        [InlineData("o[i] = softmax(a[i])", "softmax", "brackets")]
        [InlineData("o[i] = sum[](a[i])", "sum", "no index")]
        [InlineData("o[i] = 1.2.3 * a[i]", "1.2.3", "not a number")]
        [InlineData("o[i] = a[i] # 2", "#", "'#'")]
        [InlineData("o[i] = a[sum]", "sum", "keyword")]
        [InlineData("o[i] = where", "where", "keyword")]
        [InlineData("where[i] = a[i]", "where", "keyword")]
        [InlineData("o[i] = sum[j](a[i,j]) where j = i", "=", "'<='")]
        [InlineData("o[i] = sum[j](a[i,j]) where j < 1.5", "1.5", "integer")]
        [InlineData("o[i] = sum[j](a[i,j]) where j < i * k", "k", "integer")]
        [InlineData("o[i] = sum[j](a[i,j]) where j < 2 * 3", "3", "int parameter")]
        [InlineData("3[i] = a[i]", "3", "starts with the name")]
        public void Syntax_errors_point_at_the_offending_token(string text, string offending, string messagePart)
        {
            var d = SingleError(text);
            Assert.Equal((text.LastIndexOf(offending, System.StringComparison.Ordinal), offending.Length), (d.Start, d.Length));
            Assert.Contains(messagePart, d.Message);
        }

        [Theory]
        [InlineData("o[i] = (a[i]")]
        [InlineData("o[i] = a[i] +")]
        [InlineData("o[i] = sum[j](a[i,j]) where j")]
        [InlineData("o[i] = max(a[i], b[i]")]
        public void An_error_at_the_end_points_at_the_end_with_length_zero(string text)
        {
            var d = SingleError(text);
            Assert.Equal((text.Length, 0), (d.Start, d.Length));
            Assert.Contains("the end of the program", d.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("  \n ;; \n")]
        [InlineData("// only a comment")]
        public void An_empty_program_is_one_error_at_the_start(string text)
        {
            var d = SingleError(text);
            Assert.Equal((0, 0), (d.Start, d.Length));
            Assert.Contains("empty", d.Message);
            Assert.Null(ProgramParser.Parse(text).Program);
        }

        [Fact]
        public void Parsing_the_same_text_twice_gives_equal_trees()
        {
            const string text = "s[i,j] = scale * sum[l](q[i,l] * k[j,l])\no[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c]) where i - w < j <= i";
            var first = ProgramParser.Parse(text);
            var second = ProgramParser.Parse(text);
            Assert.Equal(first, second);
            Assert.Equal(first.GetHashCode(), second.GetHashCode());
            Assert.NotEqual(first, ProgramParser.Parse(text.Replace("w < j", "w <= j")));
        }
    }
}
