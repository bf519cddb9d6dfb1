using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Attention;
using TensorDsl.Benchmarks.Kernels;
using TensorDsl.Benchmarks.Peers;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>
    /// Suite <c>attention</c>: exact tensor attention (fused, O(n·d) memory) against TorchSharp composed as
    /// einsum → softmax → einsum and against naive loops; scaled dot-product attention against TorchSharp's
    /// <c>scaled_dot_product_attention</c>; 2-simplicial attention at two window sizes; and the polynomial approximation of
    /// tensor attention from n = 2^13 to 2^17 with its growth per doubling and its error.
    /// </summary>
    public static class AttentionCases
    {
        /// <summary>Degree of the Taylor polynomial for the approximation: the smallest even degree whose proven bound
        /// (<see cref="PolynomialTensorAttention.ErrorBound"/>) is below 1e-3 for d=8 entries in [−½, ½] and scale 1.</summary>
        public const int ApproximationDegree = 6;

        public static IEnumerable<BenchCase> All()
        {
            var rng = new Random(2);
            foreach (int n in new[] { 128, 256, 512 })
            {
                const int d = 64;
                var x = Operands(rng, 5, n * d, 1.0);
                var o = new float[n * d];
                nint[] shape = { n, d };
                const float scale = 0.125f;
                int rows = n <= 256 ? 4 : 2;
                yield return new BenchCase("attention", $"tensor attention n={n} d={d} f32", "", Shapes(5, n, d), false, 4.0 * n * n * n * d,
                    () => AttentionBenchmarkKernels.TensorAttention(new(x[0], shape), new(x[1], shape), new(x[2], shape), new(x[3], shape), new(x[4], shape), scale, new TensorSpan<float>(o, shape)),
                    () => NaiveAttention.Tensor(x[0], x[1], x[2], x[3], x[4], scale, o, n, d, rows), NaiveFraction: (double)rows / n)
                {
                    NumPy = false,
                    Torch = () => TorchAttention.Tensor(x[0], x[1], x[2], x[3], x[4], scale, n, d),
                };
            }
            {
                const int n = 2048, d = 64, rows = 64;
                var x = Operands(rng, 3, n * d, 1.0);
                var o = new float[n * d];
                nint[] shape = { n, d };
                float scale = 1 / MathF.Sqrt(d);
                yield return new BenchCase("attention", $"scaled dot-product attention n={n} d={d} f32", "", Shapes(3, n, d), false, 4.0 * n * n * d,
                    () => AttentionBenchmarkKernels.ScaledDotProduct(new(x[0], shape), new(x[1], shape), new(x[2], shape), scale, new TensorSpan<float>(o, shape)),
                    () => NaiveAttention.Standard(x[0], x[1], x[2], scale, o, n, d, rows), NaiveFraction: (double)rows / n)
                {
                    NumPy = false,
                    Torch = () => TorchAttention.ScaledDotProduct(x[0], x[1], x[2], n, d),
                };
            }
            {
                // Windows are loop bounds: the cost is O(n·w1·w2·d). Key tiles are 64 wide, so a doubling of small windows
                // costs less than 4×; the ratio approaches 4 as the windows grow past a few tiles.
                const int n = 2048, d = 64;
                var x = Operands(rng, 5, n * d, 1.0);
                var o = new float[n * d];
                nint[] shape = { n, d };
                var windowRuns = new List<Action>();
                foreach (int w in new[] { 64, 128, 256 })
                {
                    Action run = () => AttentionBenchmarkKernels.SimplicialAttention(new(x[0], shape), new(x[1], shape), new(x[2], shape), new(x[3], shape), new(x[4], shape), 0.125f, w, w, new TensorSpan<float>(o, shape));
                    windowRuns.Add(run);
                    yield return new BenchCase("attention", $"2-simplicial attention n={n} d={d} w1=w2={w} f32", "", Shapes(5, n, d), false, 4.0 * n * w * w * d,
                        run, null)
                    {
                        NumPy = false,
                        Extra = ms =>
                        {
                            if (w != 256) return Array.Empty<object>();
                            var times = Interleaved(windowRuns.ToArray());
                            var ratios = times.Zip(times.Skip(1), (a, b) => Math.Round(b / a, 3)).ToArray();
                            return new object[] { new { suite = "attention", @case = $"2-simplicial attention n={n} d={d}", time_ratio_per_window_doubling = ratios, expected_for_O_n_w1_w2_d = 4.0 } };
                        },
                    };
                }
            }
            var approxRuns = new List<(int N, Action Run)>();
            for (int log = 13; log <= 17; log++)
            {
                int n = 1 << log;
                const int d = 8;
                var x = Operands(rng, 5, n * d, 0.5);
                var o = new float[n * d];
                nint[] shape = { n, d };
                int r = PolynomialTensorAttention.FeatureCount(d, ApproximationDegree);
                int size = n;
                Action run = () => PolynomialTensorAttention.Compute(new(x[0], shape), new(x[1], shape), new(x[2], shape), new(x[3], shape), new(x[4], shape), 1f, ApproximationDegree, new TensorSpan<float>(o, shape));
                approxRuns.Add((n, run));
                yield return new BenchCase("attention", $"approx tensor attention n=2^{log} d={d} degree={ApproximationDegree} f32", "", Shapes(5, n, d), false, 6.0 * n * r * d,
                    run, null)
                {
                    NumPy = false,
                    Extra = ms =>
                    {
                        if (size != 1 << 17) return Array.Empty<object>();
                        var times = Interleaved(approxRuns.Select(a => a.Run).ToArray());
                        var ratios = times.Zip(times.Skip(1), (a, b) => Math.Round(b / a, 3)).ToArray();
                        return new object[]
                        {
                            new { suite = "attention", @case = $"approx tensor attention d={d} degree={ApproximationDegree}", time_ratio_per_doubling = ratios, max_ratio = ratios.Max(), target = 2.3 },
                            ApproximationError(),
                        };
                    },
                };
            }
        }

        // The accuracy point: d=8, entries in [−½, ½], scale 1, n=2048, against the exact fused kernel.
        private static object ApproximationError()
        {
            const int n = 2048, d = 8;
            var rng = new Random(3);
            var x = Operands(rng, 5, n * d, 0.5);
            nint[] shape = { n, d };
            var exact = new float[n * d];
            var approx = new float[n * d];
            AttentionBenchmarkKernels.TensorAttention(new(x[0], shape), new(x[1], shape), new(x[2], shape), new(x[3], shape), new(x[4], shape), 1f, new TensorSpan<float>(exact, shape));
            PolynomialTensorAttention.Compute(new(x[0], shape), new(x[1], shape), new(x[2], shape), new(x[3], shape), new(x[4], shape), 1f, ApproximationDegree, new TensorSpan<float>(approx, shape));
            double error = exact.Zip(approx, (a, b) => (double)Math.Abs(a - b)).Max();
            return new { suite = "attention", @case = $"approx tensor attention n={n} d={d} degree={ApproximationDegree} vs exact", max_abs_error = error, target = 1e-3 };
        }

        // Growth ratios compare sizes timed minutes apart; on a shared machine load moves in between. Re-time every size in
        // interleaved rounds and keep each one's best round, so that load falls on all sizes alike.
        private static double[] Interleaved(Action[] runs, int rounds = 3)
        {
            var best = Enumerable.Repeat(double.MaxValue, runs.Length).ToArray();
            for (int round = 0; round < rounds; round++)
            {
                for (int i = 0; i < runs.Length; i++) best[i] = Math.Min(best[i], Timer.MedianMilliseconds(runs[i], budgetMs: 400, minRuns: 3));
            }
            return best;
        }

        private static long[][] Shapes(int count, int n, int d) => Enumerable.Range(0, count).Select(_ => new long[] { n, d }).ToArray();

        private static float[][] Operands(Random rng, int count, int length, double half)
            => Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, length).Select(_ => (float)((rng.NextDouble() * 2 - 1) * half)).ToArray()).ToArray();
    }
}
