using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests
{
    /// <summary><c>[Dim]</c> on the method and on containing types, located at the attribute that is wrong.</summary>
    public class DimTests
    {
        [Fact]
        public Task ConsistentDimsAreAccepted()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + """
                [Dim("j", 64), Dim("z", 3)]
                public static partial class Kernels
                {
                    [Einsum("ij,jk->ik"), Dim("i", 8)]
                    [Dim("j", 64)]
                    static partial void M(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                }
                """);

        [Fact]
        public async Task UnknownIndexOnTheMethodIsAWarning()
        {
            await AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [Einsum("ij,jk->ik")]
                    [{|TDSL0007:Dim("z", 4)|}]
                    static partial void M({{Sources.Binary}});
                """));

            var run = await AnalyzerHarness.RunAsync(Sources.InKernels($$"""
                    [Einsum("ij,jk->ik"), Dim("z", 4)]
                    static partial void M({{Sources.Binary}});
                """));
            var diagnostic = Assert.Single(run.Analyzer);
            Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        }

        [Fact]
        public Task UnknownIndexOnATypeIsIgnored()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                [Dim("z", 4)]
                public static partial class Kernels
                {
                    [Einsum("ij,jk->ik")]
                    static partial void M({{Sources.Binary}});
                }
                """);

        [Fact]
        public Task ConflictOnTheMethod()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [Einsum("ij,jk->ik")]
                    [Dim("j", 4)]
                    [{|TDSL0008:Dim("j", 8)|}]
                    static partial void M({{Sources.Binary}});
                """));

        [Fact]
        public Task ConflictBetweenMethodAndTypeIsReportedOnTheTypesDim()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                [{|TDSL0008:Dim("j", 8)|}]
                public static partial class Kernels
                {
                    [Einsum("ij,jk->ik"), Dim("j", 4)]
                    static partial void M({{Sources.Binary}});
                }
                """);

        [Fact]
        public Task InnerTypesComeBeforeOuterTypes()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                [{|TDSL0008:Dim("j", 4)|}]
                public static partial class Outer
                {
                    [Dim("j", 8)]
                    public partial struct Inner
                    {
                        [Einsum("ij,jk->ik")]
                        static partial void M({{Sources.Binary}});
                    }
                }
                """);

        [Fact]
        public Task ATypeDimIsReportedOncePerMethodThatUsesIt()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                [{|TDSL0008:{|TDSL0008:Dim("j", 8)|}|}]
                public static partial class Kernels
                {
                    [Einsum("ij,jk->ik"), Dim("j", 4)]
                    static partial void M1({{Sources.Binary}});

                    [Einsum("ij,jk->ik"), Dim("j", 2)]
                    static partial void M2({{Sources.Binary}});

                    [Einsum("ik,kl->il"), Dim("k", 5)]
                    static partial void M3({{Sources.Binary}});
                }
                """);

        [Fact]
        public Task DimsOnSeveralPartialDeclarationsOfAType()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                [Dim("j", 4)]
                public static partial class Kernels
                {
                }

                [{|TDSL0008:Dim("j", 8)|}]
                public static partial class Kernels
                {
                    [Einsum("ij,jk->ik")]
                    static partial void M({{Sources.Binary}});
                }
                """);

        [Theory]
        [InlineData("\"j\", 0")]
        [InlineData("\"j\", -3")]
        [InlineData("\"jk\", 3")]
        [InlineData("\"\", 3")]
        [InlineData("\"1\", 3")]
        [InlineData("null, 3")]
        public Task InvalidDim(string arguments)
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [Einsum("ij,jk->ik")]
                    [{|TDSL0009:Dim({{arguments}})|}]
                    static partial void M({{Sources.Binary}});
                """));

        [Fact]
        public Task InvalidDimOnAType()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                [{|TDSL0009:Dim("j", 0)|}]
                public static partial class Kernels
                {
                    [Einsum("ij,jk->ik")]
                    static partial void M({{Sources.Binary}});
                }
                """);

        [Fact]
        public Task DimsAreCheckedEvenWhenTheSpecIsInvalid()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [Einsum("ij,j{|TDSL0001:#|}k->ik")]
                    [Dim("j", 4), {|TDSL0008:Dim("j", 5)|}, {|TDSL0009:Dim("k", 0)|}]
                    static partial void M({{Sources.Binary}});
                """));

        [Fact]
        public Task DimLocationsFollowReadDimsOrder()
            // Method dims in source order, then the type's: the third [Dim] overall is the type's second one.
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                [Dim("i", 2), {|TDSL0009:Dim("k", 0)|}]
                public static partial class Kernels
                {
                    [Einsum("ij,jk->ik"), {|TDSL0007:Dim("q", 1)|}]
                    static partial void M({{Sources.Binary}});
                }
                """);
    }
}
