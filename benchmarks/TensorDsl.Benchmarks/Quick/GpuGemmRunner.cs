using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using TensorDsl.Benchmarks.Kernels;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>
    /// <c>--gpu [--small] [--filter NAME]</c>: the GEMM-like cases through the generated GPU overloads (the tiled kernels) on
    /// <c>new TensorDevice()</c> (CUDA, else OpenCL, else ILGPU's CPU accelerator), one JSON line per case with GFLOP/s.
    /// Operands stay on the device; a call is the metadata upload, the launch and the synchronization.
    /// <c>--small</c> divides every size by 8 (a smoke run on the CPU accelerator).
    /// </summary>
    public static class GpuGemmRunner
    {
        private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static int Run(string? filter, bool small)
        {
            using var device = new TensorDevice();
            int side = TensorDsl.Runtime.GpuGemmMetadata.GroupSideFor(device.Accelerator, sizeof(float));
            Console.Error.WriteLine($"# device: {device.Name} ({device.AcceleratorType}); tiled GEMM groups {side}x{side}, tiles {4 * side}x{4 * side}");
            int s = small ? 8 : 1;
            var rng = new Random(1);
            foreach (var (suite, name, flops, run, dispose) in Cases(device, rng, s))
            {
                try
                {
                    if (filter is not null && !suite.Contains(filter, StringComparison.OrdinalIgnoreCase) && !name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
                    double ms = Timer.MedianMilliseconds(run);
                    Console.WriteLine(JsonSerializer.Serialize(new { suite, @case = name, impl = "tensordsl-gpu", device = device.Name, median_ms = Math.Round(ms, 4), gflops = Math.Round(flops / (ms * 1e6), 2) }, s_json));
                }
                finally
                {
                    dispose();
                }
            }
            return 0;
        }

        private static IEnumerable<(string Suite, string Name, double Flops, Action Run, Action Dispose)> Cases(TensorDevice device, Random rng, int s)
        {
            DeviceTensor<float> F(params int[] shape) => device.Upload(Enumerable.Range(0, shape.Aggregate(1, (x, y) => x * y)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray(), shape.Select(x => (nint)x).ToArray());
            DeviceTensor<double> D(params int[] shape) => device.Upload(Enumerable.Range(0, shape.Aggregate(1, (x, y) => x * y)).Select(_ => rng.NextDouble() * 2 - 1).ToArray(), shape.Select(x => (nint)x).ToArray());

            foreach (int size in new[] { 1024, 2048, 4096 })
            {
                int n = size / s;
                var (a, b, c) = (F(n, n), F(n, n), F(n, n));
                yield return ("gemm", $"ij,jk->ik n={n} f32", 2.0 * n * n * n, () => BenchmarkKernels.MatMul(device, a, b, c), () => { a.Dispose(); b.Dispose(); c.Dispose(); });
            }
            {
                int n = 2048 / s;
                var (a, b, c) = (D(n, n), D(n, n), D(n, n));
                yield return ("gemm", $"ij,jk->ik n={n} f64", 2.0 * n * n * n, () => BenchmarkKernels.MatMul(device, a, b, c), () => { a.Dispose(); b.Dispose(); c.Dispose(); });
            }
            {
                int n = 2048 / s;
                var (a, b, c) = (F(n, n), F(n, n), F(n, n));
                yield return ("gemm", $"ji,kj->ik n={n} f32", 2.0 * n * n * n, () => BenchmarkKernels.MatMulTransposed(device, a, b, c), () => { a.Dispose(); b.Dispose(); c.Dispose(); });
            }
            {
                int batch = 32, n = 512 / s;
                var (a, b, c) = (F(batch, n, n), F(batch, n, n), F(batch, n, n));
                yield return ("batched", $"bij,bjk->bik b={batch} n={n} f32", 2.0 * batch * n * n * n, () => BenchmarkKernels.BatchedMatMul(device, a, b, c), () => { a.Dispose(); b.Dispose(); c.Dispose(); });
            }
            {
                int bs = 4, h = 8, q = 1024 / s, d = 64;
                var (qt, kt, st) = (F(bs, h, q, d), F(bs, h, q, d), F(bs, h, q, q));
                yield return ("attention", $"bhqd,bhkd->bhqk b={bs} h={h} q=k={q} d={d} f32", 2.0 * bs * h * q * q * d, () => BenchmarkKernels.AttentionScores(device, qt, kt, st), () => { qt.Dispose(); kt.Dispose(); st.Dispose(); });
            }
        }
    }
}
