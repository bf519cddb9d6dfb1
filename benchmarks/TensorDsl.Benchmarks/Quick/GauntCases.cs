using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Numerics;
using System.Numerics.Tensors;
using TensorDsl.Benchmarks.Kernels;
using TensorDsl.Benchmarks.Peers;
using TensorDsl.Equivariant;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>
    /// Suite <c>gaunt</c>: the channel-wise Gaunt product of <c>[GauntProduct(L, L, 2L)]</c> on batch 256 × 128 channels
    /// (32 768 rows), L = 1…12, float and double, through the generated kernels with Method = Sparse, Fourier and Auto, the
    /// runtime <see cref="GauntFourier.Product(int, int, int, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, TensorSpan{double})"/>
    /// called directly, and the dense Clebsch–Gordan baseline (<see cref="DenseGaunt"/>: TorchSharp einsum, or a plain C# loop
    /// when TorchSharp does not load).
    /// </summary>
    /// <remarks>
    /// <para>Per case and implementation one line with <c>median_ms</c> (for all rows) and <c>krows_per_s</c> (thousand rows per
    /// second: the implementations do different amounts of arithmetic for the same result, so rows per second is the comparable
    /// throughput); then one summary line with the ratios the Gaunt issue targets (<c>auto_vs_best</c> ≤ 1.10, Fourier ≥ 10×
    /// dense CG at L = 8). Implementations are timed in alternating rounds (each keeps its best round median), as
    /// <see cref="QuickRunner"/> does for TorchSharp.</para>
    /// <para>An implementation whose call on all rows would exceed <see cref="MaxCallMs"/> (the sparse and dense ones at large
    /// L) is timed on the first batches only and its time scaled to all rows: every row does the same work, so this is exact up
    /// to noise. Such lines carry <c>rows_timed</c> &lt; <c>rows</c> and <c>"scaled":true</c>.</para>
    /// <para>Agreement: once per case, outside the timing, every implementation computes the first 128 rows and is compared with
    /// a double-precision sum over the nonzero Gaunt table (<see cref="GauntCoefficients.Table"/>); the largest |error| relative
    /// to the largest |reference| is printed per implementation (<c>rel_error</c>) and, for all pairs, in the summary
    /// (<c>max_rel_disagreement</c>). Nothing is asserted.</para>
    /// <para>Environment variable <c>TENSORDSL_GAUNT_SMALL=1</c>: a smoke run (4 batches = 512 rows, L = 1, 2, 4, 8, 12, one round).</para>
    /// </remarks>
    public static class GauntCases
    {
        /// <summary>Channels per batch entry; the timed row counts are whole batch entries (multiples of this).</summary>
        public const int Channels = 128;

        /// <summary>Calls longer than this on all rows are timed on a fraction of the rows and scaled.</summary>
        public const double MaxCallMs = 300;

        /// <summary>The issue's target for Auto against the better of Sparse and Fourier.</summary>
        public const double AutoTarget = 1.10;

        /// <summary>The issue's target for Fourier against the dense CG product at L = 8.</summary>
        public const double DenseTargetAtL8 = 10;

        private static bool Small => Environment.GetEnvironmentVariable("TENSORDSL_GAUNT_SMALL") == "1";

        public static IEnumerable<BenchCase> All()
        {
            int batch = Small ? 4 : 256;
            int[] degrees = Small ? new[] { 1, 2, 4, 8, 12 } : Enumerable.Range(1, 12).ToArray();
            foreach (int l in degrees)
            {
                yield return Case<float>(l, batch);
                yield return Case<double>(l, batch);
            }
        }

        private static BenchCase Case<T>(int l, int batch) where T : unmanaged, IFloatingPointIeee754<T>
        {
            bool isDouble = typeof(T) == typeof(double);
            int rows = batch * Channels, lOut = 2 * l;
            string name = $"L={l} ({l},{l},{lOut}) rows={rows} {(isDouble ? "f64" : "f32")}";
            return new BenchCase("gaunt", name, "", Array.Empty<long[]>(), isDouble, 0, () => { }, null)
            {
                NumPy = false,
                SelfTimed = () => Run<T>(name, l, lOut, batch),
            };
        }

        // One implementation: given a number of batch entries b, an action computing the first b·Channels rows.
        private sealed record Impl<T>(string Name, Func<int, Action> Timed, Func<int, T[]> FirstRows);

        private static IEnumerable<object> Run<T>(string name, int l, int lOut, int batch) where T : unmanaged, IFloatingPointIeee754<T>
        {
            int k1 = (l + 1) * (l + 1), k3 = (lOut + 1) * (lOut + 1), rows = batch * Channels;
            var rng = new Random(100 + l);
            var x = Enumerable.Range(0, rows * k1).Select(_ => T.CreateChecked(rng.NextDouble() * 2 - 1)).ToArray();
            var y = Enumerable.Range(0, rows * k1).Select(_ => T.CreateChecked(rng.NextDouble() * 2 - 1)).ToArray();
            var z = new T[rows * k3];

            var impls = new List<Impl<T>>
            {
                Generated("sparse", x, y, z, k1, k3, Kernel<T>("Sparse", l)),
                Generated("fourier", x, y, z, k1, k3, Kernel<T>("Fourier", l)),
                Generated("auto", x, y, z, k1, k3, Kernel<T>("Auto", l)),
                Generated("runtime_gauntfourier", x, y, z, k1, k3, Runtime<T>(l, lOut)),
            };
            if (Torch.Value)
            {
                var timed = DenseGaunt.Torch(x, y, rows, l, l, lOut, out var first);
                impls.Add(new Impl<T>("dense_cg_torch_einsum", b => timed(b * Channels), first));
            }
            else
            {
                var timed = DenseGaunt.Loop(x, y, z, l, l, lOut);
                impls.Add(new Impl<T>("dense_cg_csharp_loop", b => timed(b * Channels), n => { timed(n)(); return z.AsSpan(0, n * k3).ToArray(); }));
            }

            // Agreement on the first batch entry, against the double sum over the nonzero table (independent of every kernel).
            var reference = Reference(l, lOut, x, y, Channels);
            double scale = reference.Max(Math.Abs);
            var outputs = impls.Select(i => i.FirstRows(Channels)).ToArray();
            var errors = outputs.Select(o => MaxDifference(o, reference) / scale).ToArray();
            double disagreement = 0;
            for (int a = 0; a < outputs.Length; a++)
            {
                for (int b = a + 1; b < outputs.Length; b++) disagreement = Math.Max(disagreement, MaxDifference(outputs[a], outputs[b].Select(v => double.CreateChecked(v)).ToArray()) / scale);
            }

            // How many batch entries each implementation times: all of them, unless one call would take longer than MaxCallMs.
            var batches = impls.Select(i => BatchesToTime(i.Timed, batch)).ToArray();
            var actions = impls.Select((i, k) => i.Timed(batches[k])).ToArray();
            var best = Enumerable.Repeat(double.MaxValue, impls.Count).ToArray();
            int rounds = Small ? 1 : QuickRunner.Rounds;
            for (int round = 0; round < rounds; round++)
            {
                for (int k = 0; k < impls.Count; k++) best[k] = Math.Min(best[k], Timer.MedianMilliseconds(actions[k], budgetMs: 400, minRuns: 3));
            }

            var ms = new Dictionary<string, double>();
            for (int k = 0; k < impls.Count; k++)
            {
                double full = best[k] * batch / batches[k];
                ms[impls[k].Name] = full;
                yield return new
                {
                    suite = "gaunt",
                    @case = name,
                    impl = impls[k].Name,
                    median_ms = Math.Round(full, 4),
                    krows_per_s = Math.Round(rows / full, 3),
                    rows,
                    rows_timed = batches[k] * Channels,
                    scaled = batches[k] < batch,
                    rel_error = errors[k],
                };
            }

            double sparse = ms["sparse"], fourier = ms["fourier"], auto = ms["auto"];
            string denseName = impls[^1].Name;
            double dense = ms[denseName];
            yield return new
            {
                suite = "gaunt",
                @case = name,
                auto_vs_best = Math.Round(auto / Math.Min(sparse, fourier), 3),
                auto_target = AutoTarget,
                fourier_speedup_vs_sparse = Math.Round(sparse / fourier, 3),
                fourier_speedup_vs_dense = Math.Round(dense / fourier, 3),
                dense_peer = denseName,
                dense_target_at_L8 = l == 8 ? DenseTargetAtL8 : (double?)null,
                faster_method = fourier < sparse ? "fourier" : "sparse",
                runtime_vs_generated_fourier = Math.Round(ms["runtime_gauntfourier"] / fourier, 3),
                max_rel_disagreement = disagreement,
            };
        }

        private static readonly Lazy<bool> Torch = new(() => TorchPeer.Available);

        // A generated kernel on the first b batch entries of x, y, z (contiguous [b, Channels, K] prefixes).
        private static Impl<T> Generated<T>(string name, T[] x, T[] y, T[] z, int k1, int k3, Action<ReadOnlyTensorSpan<T>, ReadOnlyTensorSpan<T>, TensorSpan<T>> kernel)
        {
            Action Timed(int b)
            {
                nint[] inShape = { b, Channels, k1 }, outShape = { b, Channels, k3 };
                return () => kernel(new ReadOnlyTensorSpan<T>(x.AsSpan(0, b * Channels * k1), inShape, default), new ReadOnlyTensorSpan<T>(y.AsSpan(0, b * Channels * k1), inShape, default),
                    new TensorSpan<T>(z.AsSpan(0, b * Channels * k3), outShape, default));
            }
            return new Impl<T>(name, Timed, n =>
            {
                var output = new T[n * k3];
                kernel(new ReadOnlyTensorSpan<T>(x.AsSpan(0, n * k1), new nint[] { n, k1 }, default), new ReadOnlyTensorSpan<T>(y.AsSpan(0, n * k1), new nint[] { n, k1 }, default),
                    new TensorSpan<T>(output, new nint[] { n, k3 }, default));
                return output;
            });
        }

        // The generated method Sparse{L} / Fourier{L} / Auto{L} of the element type T, bound to a delegate.
        private static Action<ReadOnlyTensorSpan<T>, ReadOnlyTensorSpan<T>, TensorSpan<T>> Kernel<T>(string method, int l)
        {
            var info = typeof(GauntBenchmarkKernels).GetMethod(method + l, new[] { typeof(ReadOnlyTensorSpan<T>), typeof(ReadOnlyTensorSpan<T>), typeof(TensorSpan<T>) })
                ?? throw new InvalidOperationException($"GauntBenchmarkKernels.{method}{l}({typeof(T).Name}) is not declared.");
            return info.CreateDelegate<Action<ReadOnlyTensorSpan<T>, ReadOnlyTensorSpan<T>, TensorSpan<T>>>();
        }

        // GauntFourier.Product called directly (its own Auto convolution), as a delegate of the element type T.
        private static Action<ReadOnlyTensorSpan<T>, ReadOnlyTensorSpan<T>, TensorSpan<T>> Runtime<T>(int l, int lOut)
        {
            Action<ReadOnlyTensorSpan<double>, ReadOnlyTensorSpan<double>, TensorSpan<double>> d = (a, b, c) => GauntFourier.Product(l, l, lOut, a, b, c);
            Action<ReadOnlyTensorSpan<float>, ReadOnlyTensorSpan<float>, TensorSpan<float>> f = (a, b, c) => GauntFourier.Product(l, l, lOut, a, b, c);
            return (Action<ReadOnlyTensorSpan<T>, ReadOnlyTensorSpan<T>, TensorSpan<T>>)(typeof(T) == typeof(double) ? (object)d : f);
        }

        // Probe: one call on a single batch entry to compile and build tables, then the best of three; scale to all entries.
        private static int BatchesToTime(Func<int, Action> timed, int batch)
        {
            var one = timed(1);
            one();
            double perBatch = double.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                var sw = Stopwatch.StartNew();
                one();
                perBatch = Math.Min(perBatch, sw.Elapsed.TotalMilliseconds);
            }
            if (perBatch * batch <= MaxCallMs) return batch;
            return Math.Clamp((int)(MaxCallMs / perBatch), 1, batch);
        }

        // z[r, I3] = Σ G·x[r, I1]·y[r, I2] over the nonzero table, in double, for the first n rows.
        private static double[] Reference<T>(int l, int lOut, T[] x, T[] y, int n) where T : unmanaged, IFloatingPointIeee754<T>
        {
            int k1 = (l + 1) * (l + 1), k3 = (lOut + 1) * (lOut + 1);
            var z = new double[n * k3];
            var table = GauntCoefficients.Table(l, l, lOut);
            for (int r = 0; r < n; r++)
            {
                foreach (var e in table) z[r * k3 + e.I3] += e.Value * double.CreateChecked(x[r * k1 + e.I1]) * double.CreateChecked(y[r * k1 + e.I2]);
            }
            return z;
        }

        private static double MaxDifference<T>(T[] a, double[] b) where T : unmanaged, IFloatingPointIeee754<T>
        {
            double max = 0;
            for (int i = 0; i < b.Length; i++) max = Math.Max(max, Math.Abs(double.CreateChecked(a[i]) - b[i]));
            return a.Length == b.Length ? max : double.NaN;
        }
    }
}
