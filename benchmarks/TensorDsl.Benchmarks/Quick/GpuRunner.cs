using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Text.Json;
using TensorDsl.Benchmarks.Kernels;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>
    /// <c>--gpu [--small] [--cpu-accelerator] [--filter NAME]</c>: the generated GPU overloads on <c>new TensorDevice()</c>
    /// (CUDA, else OpenCL; on a machine with neither, the generated CPU code over host memory) or, with
    /// <c>--cpu-accelerator</c>, on ILGPU's CPU accelerator (the device tests run kernels on). One JSON line per case: the
    /// device's median time and GFLOP/s, the CPU path's (the CPU overload on host arrays), their ratio, and the largest
    /// difference between the two results relative to the largest value (a check of the device's kernels where they run).
    /// Operands stay on the device; a device call ends synchronized. <c>--small</c> divides every size by 8 (a smoke run).
    /// </summary>
    /// <remarks>
    /// The suite <c>plan</c> times the two programs whose GPU work used to grow faster than their plan's FLOPs (one kernel
    /// over every index): the polynomial <c>ab,ac,ad,bc,cd->bd</c> at n = 192 and the 4-matrix chain at n = 64, at full size
    /// even with <c>--small</c>.
    /// </remarks>
    public static class GpuRunner
    {
        private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static int Run(string? filter, bool small, bool cpuAccelerator)
        {
            using var device = cpuAccelerator ? TensorDevice.CreateCpu() : new TensorDevice();
            Console.Error.WriteLine($"# device: {device.RunsOn}");
            int s = small ? 8 : 1;
            var rng = new Random(1);
            foreach (var c in Cases(device, rng, s))
            {
                try
                {
                    if (filter is not null && !c.Suite.Contains(filter, StringComparison.OrdinalIgnoreCase) && !c.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
                    double ms = c.Slow ? Timer.SlowMedianMilliseconds(c.Device) : Timer.MedianMilliseconds(c.Device);
                    double cpu = Timer.MedianMilliseconds(c.Cpu);
                    double? Gflops(double t) => c.Flops > 0 ? Math.Round(c.Flops / (t * 1e6), 2) : null;
                    // The largest difference between the device's result and the CPU path's, relative to the largest |value|.
                    var got = c.DeviceResult.ToArray();
                    double scale = c.CpuResult.Max(x => Math.Abs((double)x)), error = 0;
                    for (int i = 0; i < got.Length; i++) error = Math.Max(error, Math.Abs((double)got[i] - c.CpuResult[i]));
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        suite = c.Suite, @case = c.Name, device = device.RunsOn,
                        device_ms = Math.Round(ms, 4), device_gflops = Gflops(ms),
                        cpu_ms = Math.Round(cpu, 4), cpu_gflops = Gflops(cpu),
                        ratio = new { cpu_over_device = Math.Round(cpu / ms, 3) },
                        max_relative_difference = scale > 0 ? error / scale : error,
                    }, s_json));
                }
                finally
                {
                    c.Dispose();
                }
            }
            return 0;
        }

        // A case: its two runs, and the result each writes (compared after timing: the device's must match the CPU path's).
        private sealed record Case(string Suite, string Name, double Flops, Action Device, Action Cpu, DeviceTensor<float> DeviceResult, float[] CpuResult,
            Action Dispose, bool Slow = false);

        private static IEnumerable<Case> Cases(TensorDevice device, Random rng, int s)
        {
            float[] Data(int[] shape) => Enumerable.Range(0, shape.Aggregate(1, (x, y) => x * y)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            (float[] Host, DeviceTensor<float> Device) F(params int[] shape)
            {
                var host = Data(shape);
                return (host, device.Upload(host, shape.Select(x => (nint)x).ToArray()));
            }
            ReadOnlyTensorSpan<float> R(float[] host, params int[] shape) => new(host, shape.Select(x => (nint)x).ToArray());
            TensorSpan<float> W(float[] host, params int[] shape) => new(host, shape.Select(x => (nint)x).ToArray());
            Action Free(params IDisposable[] tensors) => () => { foreach (var t in tensors) t.Dispose(); };

            {
                // The README's example, as it stands there (a default TensorDevice; without a GPU, the CPU code over host memory).
                var (a, b, c) = (F(8, 64, 32), F(8, 32, 16), F(8, 64, 16));
                yield return new Case("readme", "bij,bjk->bik b=8 64x32x16 f32", 2.0 * 8 * 64 * 32 * 16,
                    () => BenchmarkKernels.BatchedMatMul(device, a.Device, b.Device, c.Device),
                    () => BenchmarkKernels.BatchedMatMul(R(a.Host, 8, 64, 32), R(b.Host, 8, 32, 16), W(c.Host, 8, 64, 16)), c.Device, c.Host, Free(a.Device, b.Device, c.Device));
            }
            foreach (int size in new[] { 1024, 2048, 4096, 8192 })
            {
                int n = size / s;
                var (a, b, c) = (F(n, n), F(n, n), F(n, n));
                yield return new Case("gemm", $"ij,jk->ik n={n} f32", 2.0 * n * n * n,
                    () => BenchmarkKernels.MatMul(device, a.Device, b.Device, c.Device),
                    () => BenchmarkKernels.MatMul(R(a.Host, n, n), R(b.Host, n, n), W(c.Host, n, n)), c.Device, c.Host, Free(a.Device, b.Device, c.Device));
            }
            {
                int n = 2048 / s;
                var (a, b, c) = (F(n, n), F(n, n), F(n, n));
                yield return new Case("gemm", $"ji,kj->ik n={n} f32", 2.0 * n * n * n,
                    () => BenchmarkKernels.MatMulTransposed(device, a.Device, b.Device, c.Device),
                    () => BenchmarkKernels.MatMulTransposed(R(a.Host, n, n), R(b.Host, n, n), W(c.Host, n, n)), c.Device, c.Host, Free(a.Device, b.Device, c.Device));
            }
            {
                int batch = 32, n = 512 / s;
                var (a, b, c) = (F(batch, n, n), F(batch, n, n), F(batch, n, n));
                yield return new Case("batched", $"bij,bjk->bik b={batch} n={n} f32", 2.0 * batch * n * n * n,
                    () => BenchmarkKernels.BatchedMatMul(device, a.Device, b.Device, c.Device),
                    () => BenchmarkKernels.BatchedMatMul(R(a.Host, batch, n, n), R(b.Host, batch, n, n), W(c.Host, batch, n, n)), c.Device, c.Host, Free(a.Device, b.Device, c.Device));
            }
            foreach (var (n, suite) in new[] { (1024 / s, "chain"), (64, "plan") })
            {
                var (a, b, c, d, e) = (F(n, n), F(n, n), F(n, n), F(n, n), F(n, n));
                yield return new Case(suite, $"ij,jk,kl,lm->im n={n} f32", 3 * 2.0 * n * n * n,
                    () => BenchmarkKernels.Chain4(device, a.Device, b.Device, c.Device, d.Device, e.Device),
                    () => BenchmarkKernels.Chain4(R(a.Host, n, n), R(b.Host, n, n), R(c.Host, n, n), R(d.Host, n, n), W(e.Host, n, n)),
                    e.Device, e.Host, Free(a.Device, b.Device, c.Device, d.Device, e.Device), Slow: suite == "plan");
            }
            foreach (var (n, suite) in new[] { (1024 / s, "polynomial"), (192, "plan") })
            {
                var (x, p) = (F(n, n), F(n, n));
                yield return new Case(suite, $"ab,ac,ad,bc,cd->bd n={n} f32", 0,
                    () => BenchmarkKernels.Polynomial4(device, x.Device, x.Device, x.Device, x.Device, x.Device, p.Device),
                    () => BenchmarkKernels.Polynomial4(R(x.Host, n, n), R(x.Host, n, n), R(x.Host, n, n), R(x.Host, n, n), R(x.Host, n, n), W(p.Host, n, n)),
                    p.Device, p.Host, Free(x.Device, p.Device), Slow: suite == "plan");
            }
            {
                int bs = 4, h = 8, q = 1024 / s, d = 64;
                var (qt, kt, st) = (F(bs, h, q, d), F(bs, h, q, d), F(bs, h, q, q));
                yield return new Case("attention", $"bhqd,bhkd->bhqk b={bs} h={h} q=k={q} d={d} f32", 2.0 * bs * h * q * q * d,
                    () => BenchmarkKernels.AttentionScores(device, qt.Device, kt.Device, st.Device),
                    () => BenchmarkKernels.AttentionScores(R(qt.Host, bs, h, q, d), R(kt.Host, bs, h, q, d), W(st.Host, bs, h, q, q)), st.Device, st.Host, Free(qt.Device, kt.Device, st.Device));
            }
            {
                int n = 4096 / s, d = 64;
                float scale = 1 / MathF.Sqrt(d);
                var (q, k, v, o) = (F(n, d), F(n, d), F(n, d), F(n, d));
                yield return new Case("attention", $"softmax(q·kᵀ/√d)·v n={n} d={d} f32", 4.0 * n * n * d,
                    () => AttentionBenchmarkKernels.ScaledDotProduct(device, q.Device, k.Device, v.Device, scale, o.Device),
                    () => AttentionBenchmarkKernels.ScaledDotProduct(R(q.Host, n, d), R(k.Host, n, d), R(v.Host, n, d), scale, W(o.Host, n, d)),
                    o.Device, o.Host, Free(q.Device, k.Device, v.Device, o.Device));
            }
        }
    }
}
