using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Programs
{
    /// <summary>
    /// One build reports every error of a program, each at its characters inside the attribute string and nothing that
    /// follows from another: syntax errors in several statements or in one, next to the binder's errors in the statements
    /// that parsed. Asserted by ID, exact source span and message, in a regular, a verbatim and a raw literal.
    /// </summary>
    public class ProgramRecoveryTests
    {
        public static TheoryData<LiteralForm> Forms => ProgramSources.Forms;

        /// <summary>The marked diagnostics (ID and span) and, in source order, their messages.</summary>
        private static async Task Verify(LiteralForm form, string programMarkup, params string[] messages)
        {
            string markup = ProgramSources.Method(programMarkup, form, ProgramSources.Attention);
            await AnalyzerHarness.VerifyAsync(markup);
            var run = await AnalyzerHarness.RunAsync(Markup.Parse(markup).Source);
            var actual = run.Analyzer.Where(d => d.Id != AnalyzerHarness.NotFusedId && d.Id != AnalyzerHarness.ScalarLoopNestId)
                .OrderBy(d => d.Location.SourceSpan.Start)
                .Select(d => d.GetMessage(CultureInfo.InvariantCulture))
                .ToArray();
            Assert.Equal(messages, actual);
        }

        [Theory, MemberData(nameof(Forms))]
        public Task ASyntaxErrorAndAnUnknownReductionTwoStatementsApart(LiteralForm form)
            => Verify(form, """
                s[i,j] = scale * sum[d](q[i,d] * k[j,d]{|TDSL0012:
                |}t[i,j] = q[i,j] * 2
                o[i,c] = sum[j]({|TDSL0013:sofmax|}[j](t[i,j]) * v[j,c])
                """,
                "Expected ')' to close 'sum[…]('; found the end of the statement",
                "'sofmax' is not a function or reduction of the program language; did you mean 'softmax'?");

        [Theory, MemberData(nameof(Forms))]
        public Task ThreeErrorsInThreeStatementsAndNoneForReadingTheBrokenOne(LiteralForm form)
            // 'o' reads 's', whose statement has the syntax error: not reported again.
            => Verify(form, """
                s[i,j] = scale * sum[d](q[i,d] * k[j,d]) {|TDSL0012:#|}
                t[i,j] = {|TDSL0013:Q|}[i,j] * 2
                u[i,j] = {|TDSL0013:tnah|}(q[i,j])
                o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c])
                """,
                "Unexpected '#' after the statement's expression; statements are separated by a newline or ';' and a 'where' clause comes last",
                "'Q' is not a parameter of 'M' nor defined by an earlier statement; did you mean 'q'?",
                "'tnah' is not a function or reduction of the program language; did you mean 'tanh'?");

        [Theory, MemberData(nameof(Forms))]
        public Task TwoSyntaxErrorsInOneStatement(LiteralForm form)
            => Verify(form, """
                o[i,c] = (q[i,c] +{|TDSL0012:)|} * exp(v[i,c] {|TDSL0012:k|}[i,c])
                """,
                "Expected a tensor, a scalar, a number, a function or '('; found ')'",
                "Expected ')' to close 'exp('; found 'k'");

        [Theory, MemberData(nameof(Forms))]
        public Task AnUnknownReductionAndAMisspelledParameterInOneStatement(LiteralForm form)
            => Verify(form, """
                o[i,c] = sum[j]({|TDSL0013:softmx|}[j](scale * sum[d](q[i,d] * {|TDSL0013:K|}[j,d])) * v[j,c])
                """,
                "'softmx' is not a function or reduction of the program language; did you mean 'softmax'?",
                "'K' is not a parameter of 'M' nor defined by an earlier statement; did you mean 'k'?");

        [Theory, MemberData(nameof(Forms))]
        public Task AWhereClauseReportsEachBadConstraint(LiteralForm form)
            => Verify(form, """
                o[i,c] = sum[j](softmax[j](scale * sum[d](q[i,d] * k[j,d])) * v[j,c]) where j < {|TDSL0012:1.5|}, j <= i * {|TDSL0012:c|}
                """,
                "'1.5' is not an integer; 'where' constraints use integer arithmetic only",
                "In a 'where' constraint an index can only be multiplied by an integer; found 'c'");
    }
}
