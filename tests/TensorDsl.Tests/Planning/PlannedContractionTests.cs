using System;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Planning
{
    /// <summary>Allocation measurements need the process to themselves: no other test may run meanwhile.</summary>
    [CollectionDefinition(nameof(AllocationSensitive), DisableParallelization = true)]
    public sealed class AllocationSensitive
    {
    }

    [Collection(nameof(AllocationSensitive))]
    public sealed class PlannedContractionTests
    {
        private static float[] Random(Random rng, int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();

        private static void Chain4(float[][] m, float[] e, nint[] s)
        {
            PlannedKernels.Chain4(new ReadOnlyTensorSpan<float>(m[0], s), new ReadOnlyTensorSpan<float>(m[1], s), new ReadOnlyTensorSpan<float>(m[2], s), new ReadOnlyTensorSpan<float>(m[3], s), new TensorSpan<float>(e, s));
        }

        [Theory]
        [InlineData(24)]   // below the GEMM's threading threshold
        [InlineData(256)]  // above it: both cores
        public void A_planned_four_operand_contraction_allocates_nothing_per_call_after_warm_up(int n)
        {
            var rng = new Random(n);
            var m = Enumerable.Range(0, 4).Select(_ => Random(rng, n * n)).ToArray();
            var e = new float[n * n];
            nint[] shape = { n, n };
            for (int i = 0; i < 3; i++) Chain4(m, e, shape); // warm-up: JIT tiers, pools, worker threads

            // Counted over every thread (the GEMM's workers too). The test host allocates now and then on its own threads
            // (about every 100 ms), so each window is a single call and the least of many windows counts: an allocation
            // made by every call shows in every window.
            long least = long.MaxValue;
            for (int window = 0; window < 20; window++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                Chain4(m, e, shape);
                least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            }
            Assert.Equal(0, least);
        }

        [Fact]
        public void A_planned_four_operand_contraction_matches_the_interpreter()
        {
            const int n = 33;
            var rng = new Random(3);
            var m = Enumerable.Range(0, 4).Select(_ => Random(rng, n * n)).ToArray();
            var e = new float[n * n];
            Chain4(m, e, new nint[] { n, n });
            var expected = Einsum.Evaluate("ij,jk,kl,lm->im", m.Select(x => Tensor.Create(x.Select(v => (double)v).ToArray(), new nint[] { n, n })).ToArray()).ToArray();
            var bound = Einsum.Evaluate("ij,jk,kl,lm->im", m.Select(x => Tensor.Create(x.Select(v => Math.Abs((double)v)).ToArray(), new nint[] { n, n })).ToArray()).ToArray();
            for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - expected[i]) <= 1e-5 * bound[i], $"element {i}: {e[i]} vs {expected[i]}");
        }

        [Fact]
        public void Matrix_matrix_vector_and_a_graph_polynomial_match_the_interpreter()
        {
            const int n = 17;
            var rng = new Random(5);
            double[] R(int count) => Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            nint[] sq = { n, n };
            var a = R(n * n);
            var b = R(n * n);
            var v = R(n);
            var y = new double[n];
            PlannedKernels.MatMatVec(new ReadOnlyTensorSpan<double>(a, sq), new ReadOnlyTensorSpan<double>(b, sq), new ReadOnlyTensorSpan<double>(v), new TensorSpan<double>(y));
            var expected = Einsum.Evaluate("ij,jk,k->i", Tensor.Create(a, sq), Tensor.Create(b, sq), Tensor.Create(v, new nint[] { n })).ToArray();
            for (int i = 0; i < n; i++) Assert.Equal(expected[i], y[i], 1e-12);

            var x = R(n * n);
            var p = new double[n * n];
            var xs = new ReadOnlyTensorSpan<double>(x, sq);
            PlannedKernels.GraphPolynomial(xs, xs, xs, xs, xs, new TensorSpan<double>(p, sq));
            var xt = Tensor.Create(x, sq);
            var pe = Einsum.Evaluate("ab,ac,ad,bc,cd->bd", xt, xt, xt, xt, xt).ToArray();
            for (int i = 0; i < p.Length; i++) Assert.Equal(pe[i], p[i], 1e-10);
        }
    }
}
