using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Programs
{
    /// <summary>
    /// The method around a program: static partial, void, parameter types (TDSL0005, TDSL0006) and <c>[Dim]</c>s
    /// (TDSL0007-0009), located on the method name, return type, parameter or attribute as for <c>[Einsum]</c>.
    /// </summary>
    public class ProgramMethodTests
    {
        private const string Program = "\"c[i,k] = a[i,j] * b[j,k]\"";

        [Fact]
        public Task NotStatic()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                public partial class Instance
                {
                    [TensorProgram({{Program}})]
                    partial void {|TDSL0005:M|}({{ProgramSources.MatMul}});
                }
                """);

        [Fact]
        public Task NotPartial()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [TensorProgram({{Program}})]
                    public static void {|TDSL0005:M|}({{ProgramSources.MatMul}}) { }
                """));

        [Fact]
        public Task NotVoid()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [TensorProgram({{Program}})]
                    public static partial {|TDSL0005:float|} M({{ProgramSources.MatMul}});
                """));

        // The programs below do not read the rejected parameters: a read would today add follow-on diagnostics
        // (see ProgramKnownIssueTests.ARejectedParameterIsStillAParameter).
        [Fact]
        public Task UnsupportedParameterTypes()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [TensorProgram("c[i,k] = a[i,j] * a[j,k]")]
                    static partial void M(ReadOnlyTensorSpan<float> a, {|TDSL0006:ReadOnlyTensorSpan<int> b|}, {|TDSL0006:long s|}, {|TDSL0006:Span<float> t|}, TensorSpan<float> c);
                """));

        [Fact]
        public Task MixedElementTypes()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [TensorProgram("c[i,k] = a[i,j] * a[j,k]")]
                    static partial void M(ReadOnlyTensorSpan<float> a, {|TDSL0006:ReadOnlyTensorSpan<double> b|}, {|TDSL0006:double scale|}, TensorSpan<float> c);
                """));

        [Fact]
        public Task OutParameter()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [TensorProgram("c[i,k] = a[i,j] * b[j,k]")]
                    public static partial void M(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c, out {|TDSL0006:float s|});
                """));

        [Fact]
        public async Task DimOnAnIndexTheProgramDoesNotUseIsAWarning()
        {
            await AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [TensorProgram({{Program}})]
                    [{|TDSL0007:Dim("head", 4)|}]
                    static partial void M({{ProgramSources.MatMul}});
                """));
            var run = await AnalyzerHarness.RunAsync(Sources.InKernels($$"""
                    [TensorProgram({{Program}}), Dim("head", 4)]
                    static partial void M({{ProgramSources.MatMul}});
                """));
            Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(run.Analyzer).Severity);
        }

        [Fact]
        public Task DimOnATypeThatTheProgramDoesNotUseIsIgnored()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                [Dim("z", 4)]
                public static partial class Kernels
                {
                    [TensorProgram({{Program}})]
                    static partial void M({{ProgramSources.MatMul}});
                }
                """);

        [Fact]
        public Task ConflictingDims()
            // The method's [Dim]s come first, then the type's: the later of two disagreeing [Dim]s is reported. 'j' and 'k'
            // are different indices, but the intermediate 't' ties them to one size.
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$""""
                [{|TDSL0008:Dim("j", 8)|}]
                [Dim("i", 2), {|TDSL0008:Dim("i", 3)|}]
                public static partial class Kernels
                {
                    [TensorProgram("""
                        t[i,j] = a[i,j] * 2
                        c[i,k] = t[i,k] * b[k,k]
                        """)]
                    [Dim("k", 4)]
                    static partial void M({{ProgramSources.MatMul}});
                }
                """");

        [Fact]
        public Task InvalidDims()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [TensorProgram({{Program}})]
                    [{|TDSL0009:Dim("j", 0)|}, {|TDSL0009:Dim("j-k", 4)|}, {|TDSL0009:Dim("", 4)|}]
                    static partial void M({{ProgramSources.MatMul}});
                """));

        [Fact]
        public Task MethodDiagnosticsAndProgramDiagnosticsTogether()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [TensorProgram("c[i,k] = a[i,j] * b[j,k] {|TDSL0012:#|}")]
                    public static partial {|TDSL0005:int|} M(ReadOnlyTensorSpan<float> a, {|TDSL0006:float[] b|}, TensorSpan<float> c);
                """));

        [Fact]
        public async Task EveryProgramDiagnosticIsAnError()
        {
            var run = await AnalyzerHarness.RunAsync(ProgramSources.Method("c[i,k] = a[i,j] * x[j,k]", LiteralForm.Raw, ProgramSources.MatMul));
            AnalyzerHarness.AssertClean(run);
            Assert.NotEmpty(run.Analyzer);
            Assert.All(run.Analyzer, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
            Assert.Contains(run.Analyzer, d => d.Id == "TDSL0013" && d.GetMessage().Contains("'x'", System.StringComparison.Ordinal));
            Assert.DoesNotContain(run.Analyzer, d => d.Id.CompareTo("TDSL0012") < 0 && d.Id != "TDSL0005" && d.Id != "TDSL0006"
                && !new[] { "TDSL0007", "TDSL0008", "TDSL0009" }.Contains(d.Id));
        }
    }
}
