using System;
using System.Linq;
using TorchSharp;

namespace TensorDsl.Benchmarks.Peers
{
    /// <summary>TorchSharp (libtorch CPU) <c>einsum</c> on the same data, as a .NET user would otherwise call it.</summary>
    public static class TorchPeer
    {
        /// <summary>Whether libtorch loads here (see <see cref="Failure"/> when not).</summary>
        public static bool Available
        {
            get
            {
                // TorchSharp prints its native-library search to standard output when loading fails: keep the JSON clean.
                var stdout = Console.Out;
                Console.SetOut(System.IO.TextWriter.Null);
                try
                {
                    using var t = torch.zeros(1);
                    return true;
                }
                catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
                {
                    // e.g. TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13's libstdc++), newer than Debian 12's.
                    var inner = e;
                    while (inner.InnerException is not null) inner = inner.InnerException;
                    var lines = inner.Message.Split('\n');
                    Failure = (System.Array.Find(lines, l => l.Contains("not found", StringComparison.Ordinal)) ?? lines[0]).Trim()
                        + " (on a libstdc++ older than GCC 13's, run benchmarks/TensorDsl.Benchmarks/Peers/LibTorchShim/patch-libtorchsharp.sh after building)";
                    return false;
                }
                finally
                {
                    Console.SetOut(stdout);
                }
            }
        }

        /// <summary>Why libtorch did not load, when it did not.</summary>
        public static string Failure { get; private set; } = "";

        public static int Threads => torch.get_num_threads();

        /// <summary>An action that runs <c>torch.einsum(spec, …)</c> on tensors made from <paramref name="data"/>.</summary>
        public static Action Einsum(string spec, long[][] shapes, Array[] data)
        {
            var tensors = data.Select((d, i) => d is float[] f ? torch.tensor(f, shapes[i]) : torch.tensor((double[])d, shapes[i])).ToArray();
            return () =>
            {
                using var scope = torch.NewDisposeScope();
                var result = torch.einsum(spec, tensors);
                GC.KeepAlive(result);
            };
        }
    }
}
