using System;
using System.Linq;
using TensorDsl.Language.Polynomials;
using TensorDsl.Polynomials;
using Xunit;

namespace TensorDsl.Tests.Polynomials
{
    public sealed class PolynomialBatchTests
    {
        private static double[] SymmetricRandom(Random rng, int n)
        {
            var x = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++) x[i * n + j] = x[j * n + i] = Math.Round(rng.NextDouble() * 2 - 1, 3);
            }
            return x;
        }

        // The oracle: the double-precision einsum interpreter, one polynomial at a time, no sharing, no planner.
        private static double[] Oracle(Multigraph g, double[] x, int n)
        {
            var tensor = TestData.Host(x, n, n);
            var result = Einsum.Evaluate(g.ToEinsum(), Enumerable.Repeat(tensor, g.EdgeCount).ToArray());
            return result.ToArray();
        }

        [Fact]
        public void Every_small_element_matches_the_interpreter_in_double_and_float()
        {
            const int n = 4;
            var polynomials = MultigraphEnumerator.ConnectedSimple(5)
                .Concat(Enumerable.Range(0, 3).SelectMany(m => MultigraphEnumerator.Enumerate(3, m)))
                .ToList();
            var batch = new PolynomialBatch(polynomials, n);
            var x = SymmetricRandom(new Random(11), n);
            var doubles = batch.Evaluate(x);
            var floats = batch.Evaluate(TestData.ToFloat(x));
            for (int p = 0; p < polynomials.Count; p++)
            {
                var expected = Oracle(polynomials[p], x, n);
                Assert.Equal(expected.Length, doubles[p].Length);
                double scale = expected.Max(Math.Abs) + 1;
                for (int k = 0; k < expected.Length; k++)
                {
                    Assert.True(Math.Abs(expected[k] - doubles[p][k]) <= 1e-12 * scale, $"{polynomials[p]} [{k}]: {doubles[p][k]} vs {expected[k]}");
                    Assert.True(Math.Abs(expected[k] - floats[p][k]) <= 1e-5 * scale, $"{polynomials[p]} [{k}] (float): {floats[p][k]} vs {expected[k]}");
                }
            }
            // Sharing happened: X·X and friends are computed once for hundreds of polynomials.
            Assert.True(batch.ComputedSteps < batch.PlannedSteps / 2, $"{batch.ComputedSteps} of {batch.PlannedSteps}");
            Assert.True(batch.ComputedFlops < batch.PlannedFlops);
        }

        [Fact]
        public void Marked_outputs_are_in_output_order_and_renamings_share()
        {
            const int n = 5;
            var x = SymmetricRandom(new Random(3), n);
            // Two spellings of the 3-path, its transpose, and an edge list; the same multigraph written twice is one value.
            var specs = new[] { "ab,bc,cd->ad", "pq,qr,rs->sp", "a-b b-c c-d; out a d", "ab,ac,ad,bc,cd->bd", "ab,ac,ad,bc,cd->db" };
            var batch = new PolynomialBatch(specs, n);
            var results = batch.Evaluate(x);
            for (int p = 0; p < specs.Length; p++)
            {
                Assert.Equal(Oracle(batch.Polynomials[p], x, n), results[p], (a, b) => Math.Abs(a - b) < 1e-12);
            }
            Assert.Equal(results[0], results[2]);
            // Transpose of a symmetric result: X³ is symmetric, so "->sp" equals "->ad" too.
            Assert.Equal(results[0], results[1], (a, b) => Math.Abs(a - b) < 1e-12);
        }

        [Fact]
        public void Non_symmetric_or_misshaped_X_is_rejected_naming_the_entries()
        {
            var batch = new PolynomialBatch(new[] { "ab,bc->ac" }, 3);
            var x = new double[9];
            x[1 * 3 + 2] = 1;
            var error = Assert.Throws<ArgumentException>(() => batch.Evaluate(x));
            Assert.Contains("X[1,2] = 1 but X[2,1] = 0", error.Message);
            Assert.Contains("n = 3", Assert.Throws<ArgumentException>(() => batch.Evaluate(new double[8])).Message);
            Assert.Contains("TDSL0023", Assert.Throws<ArgumentException>(() => new PolynomialBatch(new[] { "a-b; out c" }, 3)).Message);
        }
    }
}
