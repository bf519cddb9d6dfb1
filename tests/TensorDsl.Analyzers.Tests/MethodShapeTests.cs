using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests
{
    /// <summary>The method around the spec: static partial, return type, parameters, output.</summary>
    public class MethodShapeTests
    {
        [Fact]
        public Task NotStatic()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                public partial class Instance
                {
                    [Einsum("ij,jk->ik")]
                    partial void {|TDSL0005:M|}({{Sources.Binary}});
                }
                """);

        [Theory]
        [InlineData("[Einsum(\"ij,jk->ik\")]", "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c")]
        [InlineData("[TensorProgram(\"c[i,k] = a[i,j] * b[j,k]\")]", "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c")]
        [InlineData("[GauntProduct(1, 1, 2)]", "ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z")]
        [InlineData("[EquivariantPolynomial(\"ab,bc->ac\")]", "ReadOnlyTensorSpan<float> x, TensorSpan<float> p")]
        public Task InAFileLocalType(string attribute, string parameters)
            => AttributeAnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                file static partial class Hidden
                {
                    public static partial class Nested
                    {
                        {{attribute}}
                        static partial void {|TDSL0005:M|}({{parameters}});
                    }
                }
                """);

        [Fact]
        public Task NotPartial()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [Einsum("ij,jk->ik")]
                    public static void {|TDSL0005:M|}({{Sources.Binary}}) { }
                """));

        [Fact]
        public Task PartialMethodWithAUserImplementationIsAnalyzedOnce()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [Einsum("ij,j{|TDSL0001:#|}k->ik")]
                    static partial void M({{Sources.Binary}});
                    static partial void M({{Sources.Binary}}) { }
                """));

        [Fact]
        public Task WrongReturnType()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [Einsum("ij,jk->ik")]
                    public static partial {|TDSL0005:int|} M({{Sources.Binary}});
                """));

        [Fact]
        public Task TensorReturnType()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij,jk->ik")]
                    public static partial {|TDSL0005:TensorSpan<float>|} M(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """));

        [Theory]
        [InlineData("ij->i")]
        [InlineData("ij")]          // implicit output "ij": rank 2
        [InlineData("...ii->...")]  // rank 0 plus broadcast dimensions
        public Task ScalarReturnWithOutputOfRankAboveZero(string spec)
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [Einsum("{{spec}}")]
                    public static partial {|TDSL0010:float|} M(ReadOnlyTensorSpan<float> a);
                """));

        [Fact]
        public Task ScalarReturnWithAccumulate()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij,ij->", Accumulate = true)]
                    public static partial float {|TDSL0010:M|}(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b);
                """));

        [Fact]
        public Task MissingOutputParameter()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij,jk->ik")]
                    static partial void {|TDSL0010:M|}(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b);
                """));

        [Fact]
        public Task UnsupportedElementType()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij,jk->ik")]
                    static partial void M({|TDSL0006:ReadOnlyTensorSpan<int> a|}, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """));

        [Fact]
        public Task UnsupportedElementTypeEverywhere()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij->ji")]
                    static partial void M({|TDSL0006:ReadOnlyTensorSpan<int> a|}, {|TDSL0006:TensorSpan<int> c|});
                """));

        [Fact]
        public Task MixedFloatAndDouble()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij,jk->ik")]
                    static partial void M(ReadOnlyTensorSpan<float> a, {|TDSL0006:ReadOnlyTensorSpan<double> b|}, TensorSpan<float> c);
                """));

        [Fact]
        public Task MixedOutputElementType()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij,jk->ik")]
                    static partial void M(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, {|TDSL0006:TensorSpan<float> c|});
                """));

        [Fact]
        public Task ScalarReturnTypeDiffersFromOperands()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ii")]
                    public static partial float M({|TDSL0006:ReadOnlyTensorSpan<double> a|});
                """));

        [Fact]
        public Task NonTensorParameters()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij,jk,kl->il")]
                    static partial void M({|TDSL0006:float[] a|}, {|TDSL0006:ReadOnlySpan<float> b|}, {|TDSL0006:float s|}, TensorSpan<float> c);
                """));

        [Fact]
        public Task WritableTensorAsOperand()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij,jk->ik")]
                    static partial void M({|TDSL0006:TensorSpan<float> a|}, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """));

        [Fact]
        public Task ParameterLocationStartsAtTheTypeAfterModifiersAndAttributes()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij,jk->ik")]
                    static partial void M([CLSCompliant(false)] in {|TDSL0006:ReadOnlyTensorSpan<int> a|}, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """));

        [Fact]
        public Task SeveralProblemsAreAllReported()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Einsum("ij,jk->i{|TDSL0003:z|}")]
                    public static void {|TDSL0005:M|}({|TDSL0006:ReadOnlyTensorSpan<int> a|}, ReadOnlyTensorSpan<float> b, TensorSpan<float> c) { }
                """));

        [Fact]
        public Task AttributeSpelledInFull()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [global::TensorDsl.EinsumAttribute("ij,jk->i{|TDSL0003:z|}")]
                    static partial void M(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """));

        [Fact]
        public Task MethodWithoutEinsumIsIgnored()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [Dim("q", 0)]
                    public static void M(int a) { }
                """));
    }
}
