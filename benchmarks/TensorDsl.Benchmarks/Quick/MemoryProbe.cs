using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using TensorDsl.Benchmarks.Kernels;
using TorchSharp;
using static TensorDsl.Benchmarks.Quick.BenchData;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>
    /// <c>--memory-probe N</c>: tensor attention forward + backward (d = 64, float) at one n, where the composition a
    /// PyTorch user writes (einsum → softmax → einsum, through autograd) stores several n×n×n tensors. TensorDsl runs in
    /// this process (its fused backward needs O(n·d)); the TorchSharp composition runs in a child process whose address
    /// space is limited to this machine's physical memory (<c>prlimit --as</c>), so that "does not fit in this machine"
    /// shows as libtorch's allocation failure instead of swapping or the kernel's OOM killer. Prints one JSON line per
    /// implementation: its time, its peak resident memory (VmHWM), and for TorchSharp whether it ran out of memory.
    /// </summary>
    public static class MemoryProbe
    {
        private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static int Run(int n)
        {
            const int d = 64;
            var rng = new Random(5);
            var data = Enumerable.Range(0, 6).Select(_ => Floats(rng, n * d)).ToArray();
            var grads = Enumerable.Range(0, 6).Select(_ => new float[n * d]).ToArray();
            nint[] s = { n, d };
            float scale = 1 / MathF.Sqrt(d);
            long rssBefore = PeakResidentBytes();
            var clock = Stopwatch.StartNew();
            BackwardBenchmarkKernels.TensorAttention(Ro(data[0], s), Ro(data[1], s), Ro(data[2], s), Ro(data[3], s), Ro(data[4], s), scale, Rw(grads[5], s));
            BackwardBenchmarkKernels.TensorAttentionBackward(Ro(data[0], s), Ro(data[1], s), Ro(data[2], s), Ro(data[3], s), Ro(data[4], s), scale, Ro(data[5], s),
                Rw(grads[0], s), Rw(grads[1], s), Rw(grads[2], s), Rw(grads[3], s), Rw(grads[4], s));
            double ms = clock.Elapsed.TotalMilliseconds;
            Print(n, "tensordsl", ms, PeakResidentBytes() - rssBefore, null);

            long limit = PhysicalMemoryBytes();
            var child = new ProcessStartInfo("prlimit", $"--as={limit} -- {Environment.ProcessPath} {typeof(MemoryProbe).Assembly.Location} --memory-probe-torch {n}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            child.Environment["DOTNET_GCHeapHardLimit"] = "0x40000000"; // the GC reserves 1 GiB, not a share of the limit
            using var process = Process.Start(child)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("{", StringComparison.Ordinal));
            if (line is not null) Console.WriteLine(line);
            else Print(n, "torchsharp", double.NaN, 0, $"exit code {process.ExitCode}: {error.Trim().Split('\n').LastOrDefault()}");
            return 0;
        }

        /// <summary>The child: the composition with autograd, once; an allocation failure is reported, not thrown.</summary>
        public static int RunTorch(int n)
        {
            const int d = 64;
            var rng = new Random(5);
            var data = Enumerable.Range(0, 6).Select(_ => Floats(rng, n * d)).ToArray();
            float scale = 1 / MathF.Sqrt(d);
            long rssBefore = PeakResidentBytes();
            var clock = Stopwatch.StartNew();
            try
            {
                using var scope = torch.NewDisposeScope();
                var leaves = Enumerable.Range(0, 5).Select(i => Tensor(data[i], new nint[] { n, d }).requires_grad_(true)).ToArray();
                var loss = (Peers.TorchAttention.ComposedTensor(leaves, scale, n) * Tensor(data[5], new nint[] { n, d })).sum();
                loss.backward();
                Print(n, "torchsharp", clock.Elapsed.TotalMilliseconds, PeakResidentBytes() - rssBefore, null);
            }
            catch (Exception e)
            {
                string message = e.Message.Split('\n')[0];
                Print(n, "torchsharp", double.NaN, PeakResidentBytes() - rssBefore,
                    $"out of memory within this machine's {PhysicalMemoryBytes() / (1L << 30)} GiB: {message}");
            }
            return 0;
        }

        private static void Print(int n, string impl, double ms, long peakBytes, string? failure)
        {
            var line = new System.Collections.Generic.Dictionary<string, object?>
            {
                ["suite"] = "backward-memory",
                ["case"] = $"tensor attention forward+backward n={n} d=64 f32",
                ["impl"] = impl,
                ["ms"] = double.IsNaN(ms) ? null : Math.Round(ms, 1),
                ["peak_rss_growth_mib"] = Math.Round(peakBytes / 1048576.0, 1),
            };
            if (failure is not null) line["failure"] = failure;
            Console.WriteLine(JsonSerializer.Serialize(line, s_json));
        }

        // VmHWM: the process's peak resident set, from /proc (Linux).
        private static long PeakResidentBytes()
        {
            foreach (var l in File.ReadLines("/proc/self/status"))
            {
                if (l.StartsWith("VmHWM:", StringComparison.Ordinal)) return long.Parse(l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
            return 0;
        }

        private static long PhysicalMemoryBytes()
        {
            foreach (var l in File.ReadLines("/proc/meminfo"))
            {
                if (l.StartsWith("MemTotal:", StringComparison.Ordinal)) return long.Parse(l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
            return long.MaxValue;
        }
    }
}
