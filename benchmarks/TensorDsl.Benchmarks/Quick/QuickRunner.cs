using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics.Tensors;
using System.Text.Json;
using TensorDsl.Benchmarks.Kernels;
using TensorDsl.Benchmarks.Peers;

using static TensorDsl.Benchmarks.Quick.BenchData;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>
    /// <c>--quick</c>: every case once per implementation in this process, one JSON object per line (docs/performance.md), then per
    /// case a <c>ratio</c> line: peer time / TensorDsl time (above 1 means TensorDsl is faster).
    /// </summary>
    public static class QuickRunner
    {
        // Print '->' as written, not as \u003E.
        private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>Alternating timing rounds per case (TensorDsl, then TorchSharp); each keeps its best round.</summary>
        public const int Rounds = 3;

        /// <param name="filter">Comma-separated words; a case runs when its suite or name contains any of them.</param>
        /// <param name="repeat">How many times to run the selected cases, interleaved (case 1, 2, …, then case 1 again): with
        /// more than one, each case's lines are printed per repetition and then one <c>repeat</c> line per case with the
        /// minimum, median and maximum of every ratio and of TensorDsl's GFLOP/s over the repetitions.</param>
        public static int Run(string? filter, int repeat = 1)
        {
            string[]? words = filter?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var cases = Cases().Where(c => words is null || words.Any(w => c.Suite.Contains(w, StringComparison.OrdinalIgnoreCase) || c.Name.Contains(w, StringComparison.OrdinalIgnoreCase))).ToList();
            Console.Error.WriteLine($"# {cases.Count} cases; {Environment.ProcessorCount} cores; Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}{(repeat > 1 ? $"; {repeat} repetitions, interleaved" : "")}");
            Console.Error.WriteLine(PeerStatus.Line(PeerStatus.ProbeAll()));
            var history = cases.ToDictionary(c => c.Name, _ => new List<Dictionary<string, double>>());
            for (int r = 0; r < repeat; r++)
            {
                var numpy = NumPyPeer.Run(cases.Where(c => c.NumPy).Select(c => c with { }).ToList());
                foreach (var c in cases)
                {
                    var times = RunCase(c, numpy);
                    if (times is not null) history[c.Name].Add(times);
                }
            }
            if (repeat > 1)
            {
                foreach (var c in cases.Where(c => history[c.Name].Count > 0)) PrintSpread(c, history[c.Name]);
            }
            return 0;
        }

        // The min / median / max over the repetitions of each ratio (peer time / TensorDsl time) and of TensorDsl's GFLOP/s.
        private static void PrintSpread(BenchCase c, List<Dictionary<string, double>> runs)
        {
            static double Median(List<double> v)
            {
                v.Sort();
                return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
            }
            object Spread(Func<Dictionary<string, double>, double> of)
            {
                var v = runs.Select(of).ToList();
                return new { min = Math.Round(v.Min(), 3), median = Math.Round(Median(v), 3), max = Math.Round(v.Max(), 3) };
            }
            var peers = runs[0].Keys.Where(k => k != "tensordsl" && runs.All(t => t.ContainsKey(k))).ToList();
            var ratio = peers.ToDictionary(k => k, k => Spread(t => t[k] / t["tensordsl"]));
            var gflops = Spread(t => c.Flops / (t["tensordsl"] * 1e6));
            Console.WriteLine(JsonSerializer.Serialize(new { suite = c.Suite, @case = c.Name, repeat = runs.Count, ratio, tensordsl_gflops = gflops }, s_json));
        }

        // Times one case once (every implementation), prints its lines, and returns its times by implementation (null for a
        // self-timed case).
        private static Dictionary<string, double>? RunCase(BenchCase c, Dictionary<string, double> numpy)
        {
            bool torch = TorchPeer.Available;
            if (c.SelfTimed is not null)
            {
                foreach (var line in c.SelfTimed()) Console.WriteLine(JsonSerializer.Serialize(line, s_json));
                return null;
            }
            // TensorDsl and TorchSharp are timed in alternating rounds and each keeps its best round median, so that load
            // from other processes (this VM is shared) falls on both alike instead of on whichever ran second.
            Action? torchAction = torch && (c.Torch is not null || c.Spec.Length > 0)
                ? (c.Torch is not null ? c.Torch() : TorchPeer.Einsum(c.Spec, c.Shapes, c.Data))
                : null;
            var times = new Dictionary<string, double> { ["tensordsl"] = double.MaxValue };
            if (torchAction is not null) times["torchsharp"] = double.MaxValue;
            if (c.Composed is not null) times["einsum_composed"] = double.MaxValue;
            for (int round = 0; round < Rounds; round++)
            {
                times["tensordsl"] = Math.Min(times["tensordsl"], Timer.MedianMilliseconds(c.TensorDsl, budgetMs: 600));
                if (c.Composed is not null) times["einsum_composed"] = Math.Min(times["einsum_composed"], Timer.MedianMilliseconds(c.Composed, budgetMs: 600));
                if (torchAction is not null) times["torchsharp"] = Math.Min(times["torchsharp"], Timer.MedianMilliseconds(torchAction, budgetMs: 600));
            }
            Print(c, "tensordsl", times["tensordsl"]);
            if (c.Composed is not null) Print(c, "einsum_composed", times["einsum_composed"]);
            if (torchAction is not null) Print(c, "torchsharp", times["torchsharp"]);
            if (c.Before is not null)
            {
                times["before"] = Timer.SlowMedianMilliseconds(c.Before);
                Print(c, "before", times["before"]);
            }
            if (numpy.TryGetValue(c.Name, out double np))
            {
                times["numpy"] = np;
                Print(c, "numpy", np);
            }
            if (c.Naive is not null)
            {
                times["naive"] = Timer.MedianMilliseconds(c.Naive, budgetMs: 3000, minRuns: 3, maxRuns: 7) / c.NaiveFraction;
                Print(c, "naive", times["naive"]);
            }
            var ratio = times.Where(kv => kv.Key != "tensordsl").ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value / times["tensordsl"], 3));
            if (ratio.Count > 0) Console.WriteLine(JsonSerializer.Serialize(new { suite = c.Suite, @case = c.Name, ratio }, s_json));
            foreach (var extra in c.Extra?.Invoke(times["tensordsl"]) ?? Array.Empty<object>()) Console.WriteLine(JsonSerializer.Serialize(extra, s_json));
            return times;
        }

        private static void Print(BenchCase c, string impl, double ms)
            => Console.WriteLine(JsonSerializer.Serialize(new { suite = c.Suite, @case = c.Name, impl, median_ms = Math.Round(ms, 4), gflops = Math.Round(c.Flops / (ms * 1e6), 2) }, s_json));

        private static IEnumerable<BenchCase> Cases()
        {
            foreach (var c in GemmCases()) yield return c;
            foreach (var c in AttentionCases.All()) yield return c;
            foreach (var c in GauntCases.All()) yield return c;
            foreach (var c in PolynomialCases.All()) yield return c;
            foreach (var c in ProgramCases.All()) yield return c;
            foreach (var c in BackwardCases.All()) yield return c;
        }

        private static IEnumerable<BenchCase> GemmCases()
        {
            var rng = new Random(1);
            foreach (int n in new[] { 64, 128, 256, 384, 512, 1024 })
            {
                yield return MatMulCase<float>(rng, n);
                yield return MatMulCase<double>(rng, n);
            }
            // Skinny products: a tall-times-wide outer-product-like GEMM and a wide-times-tall one (issue 16).
            foreach (var (m, k, n) in new[] { (4096, 64, 4096), (64, 4096, 64) })
            {
                var a = Floats(rng, m * k);
                var b = Floats(rng, k * n);
                var c = new float[m * n];
                nint[] aShape = { m, k }, bShape = { k, n }, cShape = { m, n };
                yield return new BenchCase("gemm", $"ij,jk->ik {m}x{k}x{n} f32", "ij,jk->ik", new long[][] { new long[] { m, k }, new long[] { k, n } }, false, 2.0 * m * n * k,
                    () => BenchmarkKernels.MatMul(new ReadOnlyTensorSpan<float>(a, aShape), new ReadOnlyTensorSpan<float>(b, bShape), new TensorSpan<float>(c, cShape)), null) { Data = new Array[] { a, b } };
            }
            // Batched small products (the shapes of per-head attention projections and of small graph layers).
            foreach (var (batch, n) in new[] { (256, 32), (64, 64) })
            {
                var a = Floats(rng, batch * n * n);
                var b = Floats(rng, batch * n * n);
                var c = new float[batch * n * n];
                nint[] shape = { batch, n, n };
                yield return new BenchCase("gemm", $"bij,bjk->bik b={batch} n={n} f32", "bij,bjk->bik", new long[][] { new long[] { batch, n, n }, new long[] { batch, n, n } }, false, 2.0 * batch * n * n * n,
                    () => BenchmarkKernels.BatchedMatMul(new ReadOnlyTensorSpan<float>(a, shape), new ReadOnlyTensorSpan<float>(b, shape), new TensorSpan<float>(c, shape)), null) { Data = new Array[] { a, b } };
            }
            {
                const int n = 1024;
                var a = Floats(rng, n * n);
                var b = Floats(rng, n * n);
                var c = new float[n * n];
                nint[] shape = { n, n };
                yield return new BenchCase("gemm", $"ji,kj->ik n={n} f32", "ji,kj->ik", new long[][] { new long[] { n, n }, new long[] { n, n } }, false, 2.0 * n * n * n,
                    () => BenchmarkKernels.MatMulTransposed(new ReadOnlyTensorSpan<float>(a, shape), new ReadOnlyTensorSpan<float>(b, shape), new TensorSpan<float>(c, shape)),
                    () => NaiveLoops.MatMulTransposed(a, b, c, n)) { Data = new Array[] { a, b } };
            }
            {
                const int batch = 32, n = 128;
                var a = Floats(rng, batch * n * n);
                var b = Floats(rng, batch * n * n);
                var c = new float[batch * n * n];
                nint[] shape = { batch, n, n };
                yield return new BenchCase("batched", $"bij,bjk->bik b={batch} n={n} f32", "bij,bjk->bik", new long[][] { new long[] { batch, n, n }, new long[] { batch, n, n } }, false, 2.0 * batch * n * n * n,
                    () => BenchmarkKernels.BatchedMatMul(new ReadOnlyTensorSpan<float>(a, shape), new ReadOnlyTensorSpan<float>(b, shape), new TensorSpan<float>(c, shape)),
                    () => NaiveLoops.BatchedMatMul(a, b, c, batch, n)) { Data = new Array[] { a, b } };
            }
            {
                const int bs = 4, h = 8, len = 256, d = 64;
                var q = Floats(rng, bs * h * len * d);
                var k = Floats(rng, bs * h * len * d);
                var s = new float[bs * h * len * len];
                nint[] qShape = { bs, h, len, d }, sShape = { bs, h, len, len };
                yield return new BenchCase("attention", $"bhqd,bhkd->bhqk b={bs} h={h} q=k={len} d={d} f32", "bhqd,bhkd->bhqk", new long[][] { new long[] { bs, h, len, d }, new long[] { bs, h, len, d } }, false, 2.0 * bs * h * len * len * d,
                    () => BenchmarkKernels.AttentionScores(new ReadOnlyTensorSpan<float>(q, qShape), new ReadOnlyTensorSpan<float>(k, qShape), new TensorSpan<float>(s, sShape)),
                    () => NaiveLoops.AttentionScores(q, k, s, bs * h, len, d)) { Data = new Array[] { q, k } };
            }
            {
                const int n = 256, rows = 2;
                var m = Enumerable.Range(0, 4).Select(_ => Floats(rng, n * n)).ToArray();
                var e = new float[n * n];
                nint[] shape = { n, n };
                yield return new BenchCase("chain", $"ij,jk,kl,lm->im n={n} f32", "ij,jk,kl,lm->im", Enumerable.Repeat(new long[] { n, n }, 4).ToArray(), false, 3 * 2.0 * n * n * n,
                    () => BenchmarkKernels.Chain4(new ReadOnlyTensorSpan<float>(m[0], shape), new ReadOnlyTensorSpan<float>(m[1], shape), new ReadOnlyTensorSpan<float>(m[2], shape), new ReadOnlyTensorSpan<float>(m[3], shape), new TensorSpan<float>(e, shape)),
                    () => NaiveLoops.Chain4(m[0], m[1], m[2], m[3], e, n, rows), NaiveFraction: (double)rows / n) { Data = m };
            }
            {
                const int n = 2048;
                var a = Floats(rng, n * n);
                var b = Floats(rng, n * n);
                var c = new float[n];
                nint[] shape = { n, n };
                yield return new BenchCase("diagonal", $"ii,ij->j n={n} f32", "ii,ij->j", new long[][] { new long[] { n, n }, new long[] { n, n } }, false, 2.0 * n * n,
                    () => BenchmarkKernels.DiagonalTimesMatrix(new ReadOnlyTensorSpan<float>(a, shape), new ReadOnlyTensorSpan<float>(b, shape), new TensorSpan<float>(c, new nint[] { n })),
                    () => NaiveLoops.DiagonalTimesMatrix(a, b, c, n)) { Data = new Array[] { a, b } };
            }
        }

        private static BenchCase MatMulCase<T>(Random rng, int n) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            var a = Enumerable.Range(0, n * n).Select(_ => T.CreateChecked(rng.NextDouble() * 2 - 1)).ToArray();
            var b = Enumerable.Range(0, n * n).Select(_ => T.CreateChecked(rng.NextDouble() * 2 - 1)).ToArray();
            var c = new T[n * n];
            nint[] shape = { n, n };
            bool isDouble = typeof(T) == typeof(double);
            Action kernel = isDouble
                ? () => BenchmarkKernels.MatMul(new ReadOnlyTensorSpan<double>((double[])(object)a, shape), new ReadOnlyTensorSpan<double>((double[])(object)b, shape), new TensorSpan<double>((double[])(object)c, shape))
                : () => BenchmarkKernels.MatMul(new ReadOnlyTensorSpan<float>((float[])(object)a, shape), new ReadOnlyTensorSpan<float>((float[])(object)b, shape), new TensorSpan<float>((float[])(object)c, shape));
            return new BenchCase("gemm", $"ij,jk->ik n={n} {(isDouble ? "f64" : "f32")}", "ij,jk->ik", new long[][] { new long[] { n, n }, new long[] { n, n } }, isDouble, 2.0 * n * n * n,
                kernel, n <= 512 ? () => NaiveLoops.MatMul(a, b, c, n) : null) { Data = new Array[] { a, b } };
        }
    }
}
