using System;
using System.Linq;
using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using TensorDsl.Language;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Gaunt
{
    /// <summary>
    /// <c>[GauntProduct]</c>: degrees (TDSL0020), LOut ≤ L1 + L2 (TDSL0021), the method value (TDSL0022) reported on the
    /// argument that sets the value, and the method's shape and parameters (TDSL0005, TDSL0006) on the method name, return
    /// type or parameter.
    /// </summary>
    public class GauntProductAnalyzerTests
    {
        private const string Xyz = "ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z";

        private static Task Verify(string attributeMarkup, string parameters = Xyz, string head = "static partial void {|NAME|}")
            => AttributeAnalyzerHarness.VerifyAsync(Sources.InKernels($"    [{attributeMarkup}]\n    {head.Replace("{|NAME|}", "M")}({parameters});"));

        [Theory]
        [InlineData("GauntProduct(4, 4, 8)")]
        [InlineData("GauntProduct(0, 0, 0)")]
        [InlineData("GauntProduct(16, 16, 32)")]
        [InlineData("GauntProduct(3, 1, 2)")]
        [InlineData("GauntProduct(L1 = 2, L2 = 3, LOut = 5)")]
        [InlineData("GauntProduct(lOut: 4, l1: 2, l2: 2)")]
        [InlineData("GauntProduct(2, 2, 4, Method = GauntMethod.Sparse)")]
        [InlineData("GauntProduct(2, 2, 4, Method = GauntMethod.Fourier)")]
        [InlineData("GauntProduct(2, 2, 4, Method = GauntMethod.Auto)")]
        [InlineData("GauntProduct(1, 1, 9, LOut = 2)")]
        public Task ValidAttributesHaveNoDiagnostics(string attribute) => Verify(attribute);

        [Fact]
        public Task DoubleIsValid()
            => Verify("GauntProduct(2, 2, 4)", "ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c");

        [Theory]
        [InlineData("GauntProduct(2, 2, {|TDSL0021:5|})")]
        [InlineData("GauntProduct(0, 0, {|TDSL0021:1|})")]
        [InlineData("GauntProduct(16, 16, {|TDSL0021:33|})")]
        [InlineData("GauntProduct(L1 = 1, L2 = 1, {|TDSL0021:LOut = 3|})")]
        [InlineData("GauntProduct(1, 1, 2, {|TDSL0021:LOut = 3|})")]
        [InlineData("GauntProduct(l1: 2, l2: 2, {|TDSL0021:lOut: 5|})")]
        [InlineData("GauntProduct({|TDSL0021:lOut: 9|}, l1: 2, l2: 2)")]
        public Task OutputDegreeAboveL1PlusL2(string attribute) => Verify(attribute);

        [Theory]
        [InlineData("GauntProduct({|TDSL0020:-1|}, 2, 1)")]
        [InlineData("GauntProduct(2, {|TDSL0020:-3|}, 1)")]
        [InlineData("GauntProduct(1, 1, {|TDSL0020:-2|})")]
        [InlineData("GauntProduct({|TDSL0020:17|}, 1, 1)")]
        [InlineData("GauntProduct({|TDSL0020:L1 = 20|}, L2 = 2, LOut = 4)")]
        [InlineData("GauntProduct(2, 2, 4, {|TDSL0020:L2 = 40|})")]
        [InlineData("GauntProduct({|TDSL0020:-1|}, {|TDSL0020:17|}, 3)")]
        [InlineData("{|TDSL0020:GauntProduct(L1 = 2, L2 = 2)|}")]
        [InlineData("{|TDSL0020:{|TDSL0020:{|TDSL0020:GauntProduct|}|}|}")]
        [InlineData("{|TDSL0020:{|TDSL0020:GauntProduct(LOut = 1)|}|}")]
        public Task InvalidDegrees(string attribute) => Verify(attribute);

        [Fact]
        public Task UnknownMethod() => Verify("GauntProduct(1, 1, 2, {|TDSL0022:Method = (GauntMethod)7|})");

        [Fact]
        public Task EveryAttributeErrorAtOnce()
            => Verify("GauntProduct({|TDSL0020:-1|}, 2, 4, {|TDSL0022:Method = (GauntMethod)(-1)|})");

        [Fact]
        public Task NotStatic()
            => AttributeAnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                public partial class Instance
                {
                    [GauntProduct(1, 1, 2)]
                    partial void {|TDSL0005:M|}({{Xyz}});
                }
                """);

        [Fact]
        public Task NotPartial()
            => AttributeAnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [GauntProduct(1, 1, 2)]
                    public static void {|TDSL0005:M|}({{Xyz}}) { }
                """));

        [Fact]
        public Task NotVoid()
            => AttributeAnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [GauntProduct(1, 1, 2)]
                    public static partial {|TDSL0005:float|} M({{Xyz}});
                """));

        [Theory]
        [InlineData("ReadOnlyTensorSpan<float> x, TensorSpan<float> z")]
        [InlineData("ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> w, TensorSpan<float> z")]
        [InlineData("")]
        public Task WrongParameterCount(string parameters)
            => AttributeAnalyzerHarness.VerifyAsync(Sources.InKernels($"    [GauntProduct(1, 1, 2)]\n    static partial void {{|TDSL0005:M|}}({parameters});"));

        [Theory]
        [InlineData("{|TDSL0006:TensorSpan<float> x|}, ReadOnlyTensorSpan<float> y, TensorSpan<float> z")]
        [InlineData("ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, {|TDSL0006:ReadOnlyTensorSpan<float> z|}")]
        [InlineData("ReadOnlyTensorSpan<float> x, {|TDSL0006:ReadOnlyTensorSpan<double> y|}, {|TDSL0006:TensorSpan<double> z|}")]
        [InlineData("{|TDSL0006:ReadOnlyTensorSpan<int> x|}, ReadOnlyTensorSpan<float> y, TensorSpan<float> z")]
        [InlineData("ReadOnlyTensorSpan<float> x, {|TDSL0006:float[] y|}, TensorSpan<float> z")]
        public Task UnsupportedParameters(string parameters) => Verify("GauntProduct(1, 1, 2)", parameters);

        [Fact]
        public Task OutParameter()
            => AttributeAnalyzerHarness.VerifyAsync(Sources.InKernels("""
                    [GauntProduct(1, 1, 2)]
                    public static partial void M(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, out {|TDSL0006:TensorSpan<double> z|});
                """));

        [Fact]
        public Task MethodAndAttributeErrorsTogether()
            => Verify("GauntProduct(1, 1, {|TDSL0021:3|})", "ReadOnlyTensorSpan<float> x, {|TDSL0006:Span<float> y|}, TensorSpan<float> z");

        [Fact]
        public void TheAnalyzerSupportsEveryId()
        {
            var ids = typeof(DiagnosticIds).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).OrderBy(i => i, StringComparer.Ordinal);
            Assert.Equal(ids, new GauntProductAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal));
            foreach (string id in new[] { "TDSL0020", "TDSL0021", "TDSL0022" }) Assert.Contains(id, ids);
        }
    }
}
