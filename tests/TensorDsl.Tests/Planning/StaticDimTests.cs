using System;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Planning
{
    /// <summary>[Dim] sizes: the generated code treats them as constants and checks every call against them.</summary>
    public sealed class StaticDimTests
    {
        [Fact]
        public void Kernels_with_a_static_size_match_the_interpreter()
        {
            var rng = new Random(11);
            float[] R(int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            var q = R(5 * 8);
            var k = R(7 * 8);
            var s = new float[5 * 7];
            StaticKernels.Scores(new ReadOnlyTensorSpan<float>(q, [5, 8]), new ReadOnlyTensorSpan<float>(k, [7, 8]), new TensorSpan<float>(s, [5, 7]));
            var expected = Einsum.Evaluate("id,jd->ij", Tensor.Create(q.Select(v => (double)v).ToArray(), [5, 8]), Tensor.Create(k.Select(v => (double)v).ToArray(), [7, 8])).ToArray();
            for (int i = 0; i < s.Length; i++) Assert.Equal(expected[i], s[i], 1e-5);

            var x = Enumerable.Range(0, 3 * 8).Select(i => (double)i).ToArray();
            var w = Enumerable.Range(0, 8).Select(i => 1.0 / (i + 1)).ToArray();
            var y = new double[3];
            StaticKernels.Project(new ReadOnlyTensorSpan<double>(x, [3, 8]), new ReadOnlyTensorSpan<double>(w, [8]), new TensorSpan<double>(y, [3]));
            for (int i = 0; i < 3; i++) Assert.Equal(Enumerable.Range(0, 8).Sum(d => x[i * 8 + d] * w[d]), y[i], 1e-12);
        }

        [Fact]
        public void A_call_that_disagrees_with_the_static_size_throws_and_writes_nothing()
        {
            var x = new double[3 * 6];
            var w = new double[6];
            var y = new[] { 42.0, 42.0, 42.0 };
            var e = Assert.Throws<ArgumentException>(() =>
                StaticKernels.Project(new ReadOnlyTensorSpan<double>(x, [3, 6]), new ReadOnlyTensorSpan<double>(w, [6]), new TensorSpan<double>(y, [3])));
            Assert.Contains("'d'", e.Message);
            Assert.Contains("[Dim]", e.Message);
            Assert.Contains("8", e.Message);
            Assert.Contains("6", e.Message);
            Assert.All(y, v => Assert.Equal(42.0, v));
        }
    }
}
