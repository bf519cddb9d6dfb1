using System.Globalization;
using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Programs
{
    /// <summary>
    /// Problems found in review of the program binder (follow-on errors, rejected parameters, output reads, ranges that
    /// use left indices, warnings that dropped programs, type-level [Dim]s, line breaks): each failed before its fix.
    /// </summary>
    public class ProgramRegressionTests
    {

        [Fact]
        public Task AnErrorInTheOutputsStatementIsReportedOnce()
            => AnalyzerHarness.VerifyAsync(ProgramSources.Method("""
                c[i,k] = a[i,j] * {|TDSL0013:x|}[j,k]
                """, LiteralForm.Raw, ProgramSources.MatMul));

        [Fact]
        public Task AnErrorInAnIntermediatesStatementIsReportedOnce()
            => AnalyzerHarness.VerifyAsync(ProgramSources.Method("""
                t[i,k] = a[i,j] * {|TDSL0013:x|}[j,k]
                c[i,k] = t[i,k]
                """, LiteralForm.Raw, ProgramSources.MatMul));

        [Fact]
        public Task ASoftmaxOverAnUnknownIndexIsReportedOnce()
            => AnalyzerHarness.VerifyAsync(ProgramSources.Method("""
                c[i,j] = softmax[{|TDSL0015:k|}](a[i,j])
                """, LiteralForm.Raw, ProgramSources.MatMul));

        [Fact]
        public Task ARepeatedLeftIndexIsReportedOnce()
            => AnalyzerHarness.VerifyAsync(ProgramSources.Method("""
                c[i,{|TDSL0018:i|}] = a[i,i]
                """, LiteralForm.Raw, ProgramSources.MatMul));

        [Fact]
        public Task ARejectedParameterIsStillAParameter()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [TensorProgram("c[i,k] = a[i,j] * b[j,k]")]
                    static partial void M({|TDSL0006:ReadOnlyTensorSpan<int> a|}, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """));

        [Fact]
        public async Task ReadingAnOutputSaysThatOutputsAreNotRead()
        {
            var run = await AnalyzerHarness.RunAsync(ProgramSources.Method("""
                c[i,k] = a[i,j] * b[j,k]
                t[i,k] = c[i,k] * 2
                """, LiteralForm.Raw, ProgramSources.MatMul));
            var diagnostic = Assert.Single(run.Analyzer);
            Assert.Equal("TDSL0013", diagnostic.Id);
            Assert.Contains("is an output", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        }

        [Fact]
        public Task ALeftIndexUsedOnlyInAWhereBoundIsBound()
            => AnalyzerHarness.VerifyAsync(ProgramSources.Method("""
                y[i,c] = sum[j](x[j,c]) where i - w < j <= i
                """, LiteralForm.Raw, "ReadOnlyTensorSpan<float> x, int w, TensorSpan<float> y"));

        [Fact]
        public void AnUnusedDimIsOnlyAWarning()
        {
            var signature = new MethodSignature("M", true, true, true, ParameterKind.Other, ElementType.Other, "void", new EquatableArray<ParameterSignature>(new[]
            {
                new ParameterSignature("a", ParameterKind.ReadOnlyTensor, ElementType.Float, "ReadOnlyTensorSpan<float>"),
                new ParameterSignature("c", ParameterKind.Tensor, ElementType.Float, "TensorSpan<float>"),
            }));
            var result = ProgramBinder.Bind("c[i] = a[i]", signature, new EquatableArray<StaticDim>(new[] { new StaticDim("z", 4, OnMethod: true) }));
            Assert.Equal(DiagnosticIds.DimUnknownIndex, Assert.Single(result.Diagnostics).Id);
            Assert.NotNull(result.Program);
        }

        [Fact]
        public Task ATypeLevelDimForProgramsDoesNotBreakEinsums()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                [Dim("head", 64)]
                public static partial class Kernels
                {
                    [TensorProgram("o[i,head] = a[i,head] * 2")]
                    static partial void P(ReadOnlyTensorSpan<float> a, TensorSpan<float> o);

                    [Einsum("ij,jk->ik")]
                    static partial void E({{Sources.Binary}});
                }
                """);

        [Fact]
        public Task CarriageReturnLineBreaksSeparateStatements()
            => AnalyzerHarness.VerifyAsync(ProgramSources.Method("""
                t[i,k] = a[i,j] * b[j,k]
                c[i,k] = t[i,k] * 2
                """, LiteralForm.Raw, ProgramSources.MatMul).Replace("\r\n", "\n").Replace("\n", "\r"));
    }
}
