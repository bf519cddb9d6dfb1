using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Programs
{
    /// <summary>
    /// TDSL0012-0018: every error the program binder finds in the text, asserted by ID and exact location inside the
    /// attribute string, with the program written as a regular, a verbatim and a multi-line raw literal. Errors sit in a
    /// statement of their own where possible, so that each test shows one diagnostic and nothing that follows from it.
    /// </summary>
    public class ProgramDiagnosticTests
    {
        public static TheoryData<LiteralForm> Forms => ProgramSources.Forms;

        private static Task Verify(LiteralForm form, string programMarkup, string parameters = ProgramSources.MatMul, string attributes = "")
            => AnalyzerHarness.VerifyAsync(ProgramSources.Method(programMarkup, form, parameters, attributes));

        // ---- TDSL0019: fusion notes from the planner ----

        [Theory, MemberData(nameof(Forms))]
        public Task AnIntermediateReadTwiceIsNotedAtItsStatement(LiteralForm form)
            => Verify(form, """
                {|TDSL0019:t[i,k] = a[i,j] * b[j,k]|}
                c[i,k] = t[i,k] * t[i,k]
                """);

        [Theory, MemberData(nameof(Forms))]
        public async Task AStreamedSoftmaxHasNoNote(LiteralForm form)
        {
            var run = await AnalyzerHarness.RunAsync(ProgramSources.Method("""
                s[i,k] = sum[j](a[i,j] * b[j,k])
                c[i,j] = sum[k](softmax[k](s[i,k]) * b[j,k])
                """, form, ProgramSources.MatMul, ""));
            AnalyzerHarness.AssertClean(run);
            Assert.Empty(run.Analyzer);
        }

        [Theory, MemberData(nameof(Forms))]
        public Task ASoftmaxThatIsNotSummedIsNoted(LiteralForm form)
            => Verify(form, """
                {|TDSL0019:c[i,k] = softmax[k](a[i,k]) * 2|}
                """);

        // ---- gaunt[…]: degree rules (TDSL0020, TDSL0021) at the degree, and the stored result noted (TDSL0019) ----

        [Theory, MemberData(nameof(Forms))]
        public Task AGauntDegreeOutOfRangeIsReportedAtTheDegree(LiteralForm form)
            => Verify(form, """
                c[i,k] = gaunt[{|TDSL0020:17|},1,2](a[i,j], b[i,l])
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task AGauntOutputDegreeAboveTheSumIsReportedAtIt(LiteralForm form)
            => Verify(form, """
                c[i,k] = gaunt[1,1,{|TDSL0021:3|}](a[i,j], b[i,l])
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task AGauntResultReadByAnotherStatementIsNoted(LiteralForm form)
            => Verify(form, """
                {|TDSL0019:t[i,k] = gaunt[1,1,2](a[i,j], b[i,l])|}
                c[i,k] = relu(t[i,k])
                """);

        // ---- TDSL0012: syntax ----

        [Theory, MemberData(nameof(Forms))]
        public Task SyntaxErrorAtTheOffendingToken(LiteralForm form)
            => Verify(form, """
                c[i,j {|TDSL0012:=|} a[i,k] * b[k,j]
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task SyntaxErrorsInSeveralStatementsAreAllReported(LiteralForm form)
            => Verify(form, """
                t[i,j] = a[i,j] {|TDSL0012:#|} 2
                c[i,k] = a[i,j] * b[j,k]
                u[i,j] = {|TDSL0012:)|}
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task AStatementCutShortByALineBreakPointsAtTheLineBreak(LiteralForm form)
            => Verify(form, """
                c[i,k] = sum[j](a[i,j] * b[j,k]{|TDSL0012:
                |}d[i] = a[i,i]
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task AStatementCutShortByTheEndIsReportedOnTheWholeArgument(LiteralForm form)
        {
            // Offset = length, length 0: nothing inside the string to point at.
            string literal = ProgramSources.Literal("c[i,k] = sum[j](a[i,j] * b[j,k]", form);
            return AnalyzerHarness.VerifyAsync(Sources.InKernels(
                $"    [TensorProgram({{|TDSL0012:{literal}|}})]\n    static partial void M({ProgramSources.MatMul});"));
        }

        [Theory, MemberData(nameof(Forms))]
        public Task KeywordUsedAsATensor(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]; t[i] = {|TDSL0012:sum|}(a[i,i])
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task FunctionWithTheWrongNumberOfArguments(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i,j] = {|TDSL0012:max(a[i,j])|}
                """);

        [Fact]
        public Task EmptyProgramIsReportedOnTheWholeArgument()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels(
                $"    [TensorProgram({{|TDSL0012:\"  \\n  // only a comment\"|}})]\n    static partial void M({ProgramSources.MatMul});"));

        [Fact]
        public Task NullProgramIsReportedOnTheWholeArgument()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels(
                $"    [TensorProgram({{|TDSL0012:null|}})]\n    static partial void M({ProgramSources.MatMul});"));

        // ---- TDSL0013: unknown names ----

        [Theory, MemberData(nameof(Forms))]
        public Task UnknownTensor(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i,k] = a[i,j] * {|TDSL0013:x|}[j,k]
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task UnknownScalar(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i,j] = {|TDSL0013:alpha|} * a[i,j]
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task UnknownFunction(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i,j] = {|TDSL0013:gelu|}(a[i,j])
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task IntermediateUsedBeforeItsStatement(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i,j] = {|TDSL0013:u|}[i,j]
                u[i,j] = a[i,j]
                """);

        // ---- TDSL0014: ranks ----

        [Theory, MemberData(nameof(Forms))]
        public Task InputUsedWithTwoRanks(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i,j] = a[i,j] * {|TDSL0014:a[j]|}
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task IntermediateUsedWithAnotherRankThanDefined(LiteralForm form)
            => Verify(form, """
                s[i,j] = a[i,j] * 2
                c[i,k] = s[i,j] * b[j,k]
                t[i] = {|TDSL0014:s[i,i,i]|}
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task ScalarWithIndices(LiteralForm form)
            => Verify(form, """
                s[i,j] = scale * q[i,d] * k[j,d]
                o[i,d] = sum[j](softmax[j](s[i,j]) * v[j,d])
                t[i,d] = {|TDSL0014:scale|}[i] * v[i,d]
                """, ProgramSources.Attention);

        [Theory, MemberData(nameof(Forms))]
        public Task TensorWithoutIndices(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i,j] = a[i,j] + {|TDSL0014:b|}
                """);

        // ---- TDSL0015: reductions ----

        [Theory, MemberData(nameof(Forms))]
        public Task SoftmaxOverAnIndexTheOperandLacks(LiteralForm form)
            => Verify(form, """
                s[i,j] = scale * q[i,d] * k[j,d]
                o[i,d] = sum[j](softmax[j](s[i,j]) * v[j,d])
                p[i,j] = softmax[{|TDSL0015:d|}](s[i,j])
                """, ProgramSources.Attention);

        [Theory, MemberData(nameof(Forms))]
        public Task SumOverAnIndexTheOperandLacks(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i] = sum[j,{|TDSL0015:k|}](a[i,j])
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task MaxOverAnIndexListedTwice(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i] = max[j,{|TDSL0015:j|}](a[i,j])
                """);

        // ---- TDSL0016: where ----

        [Theory, MemberData(nameof(Forms))]
        public Task WhereOnAnUnknownIndex(LiteralForm form)
            => Verify(form, """
                c[i,k] = sum[j](a[i,j] * b[j,k]) where {|TDSL0016:z|} < j
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task WhereWithAnUnknownNameInABound(LiteralForm form)
            => Verify(form, """
                c[i,k] = sum[j](a[i,j] * b[j,k]) where i - {|TDSL0016:w|} < j <= i
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task WhereWithAFloatParameter(LiteralForm form)
            => Verify(form, """
                o[i,d] = sum[j](softmax[j](scale * sum[e](q[i,e] * k[j,e])) * v[j,d]) where j <= i + {|TDSL0016:scale|}
                """, ProgramSources.Attention);

        [Theory, MemberData(nameof(Forms))]
        public Task WhereThatBoundsNoReducedIndex(LiteralForm form)
            => Verify(form, """
                c[i,k] = sum[j](a[i,j] * b[j,k]) where j <= i, {|TDSL0016:i < k|}
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task WhereBoundThatUsesAReducedIndex(LiteralForm form)
            // 'k' is the bounded index (the first lone reduced index); its bound 'j' is reduced too.
            => Verify(form, """
                c[i,l] = sum[j,k](a[i,j] * b[j,k] * b[k,l]) where k < {|TDSL0016:j|}
                """);

        // ---- TDSL0017: unbound indices ----

        [Theory, MemberData(nameof(Forms))]
        public Task RightSideIndexMissingOnTheLeft(LiteralForm form)
            // Not a single product (a sum), so no Einstein shorthand: 'j' must be reduced explicitly.
            => Verify(form, """
                c[i,k] = a[i,{|TDSL0017:j|}] + b[j,k]
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task LeftSideIndexMissingOnTheRight(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i,{|TDSL0017:k|}] = a[i,i]
                """);

        // ---- TDSL0018: assignments ----

        [Theory, MemberData(nameof(Forms))]
        public Task AssigningAnInput(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                {|TDSL0018:a|}[i,j] = b[i,j]
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task AssigningAScalar(LiteralForm form)
            => Verify(form, """
                o[i,d] = sum[j](softmax[j](scale * sum[e](q[i,e] * k[j,e])) * v[j,d])
                {|TDSL0018:scale|}[i] = q[i,i]
                """, ProgramSources.Attention);

        [Theory, MemberData(nameof(Forms))]
        public Task AssigningATensorTwice(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                {|TDSL0018:c|}[i,k] = a[i,k]
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task LeftSideIndexRepeated(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                t[i,{|TDSL0018:i|}] = a[i,i]
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task LeftSideWithoutIndices(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                {|TDSL0018:t[]|} = 1
                """);

        [Theory, MemberData(nameof(Forms))]
        public Task OutputNeverAssignedIsReportedOnTheParameter(LiteralForm form)
            => Verify(form, """
                c[i,k] = a[i,j] * b[j,k]
                """, ProgramSources.MatMul + ", {|TDSL0018:TensorSpan<float> unused|}");
    }
}
