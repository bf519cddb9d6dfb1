using System;
using System.Linq;
using TorchSharp;

namespace TensorDsl.Benchmarks.Peers
{
    /// <summary>TorchSharp (libtorch CPU) <c>einsum</c> on the same data, as a .NET user would otherwise call it.</summary>
    public static class TorchPeer
    {
        private static readonly Lazy<bool> s_available = new(Load);

        /// <summary>Whether libtorch loads here (see <see cref="Failure"/> when not); tried once per process.</summary>
        public static bool Available => s_available.Value;

        /// <summary>Why libtorch did not load, when it did not.</summary>
        public static string Failure { get; private set; } = "";

        /// <summary>Whether TorchSharp runs here, with its thread count, or why not and the command that enables it.</summary>
        public static PeerStatus Probe()
        {
            if (Available) return new PeerStatus("torchsharp", true, $"libtorch CPU, {Threads} threads", null);
            // The usual cause on Debian 12: the build could not patch libLibTorchSharp.so because a tool was missing.
            string[] missing = new[] { "g++", "patchelf", "readelf" }.Where(tool => !OnPath(tool)).ToArray();
            string why = missing.Length > 0
                ? $"libLibTorchSharp.so did not load (TorchSharp 0.107 needs GCC 13's libstdc++ unless the build patches it) and the build could not patch it: {string.Join(", ", missing)} not installed"
                : Failure;
            return new PeerStatus("torchsharp", false, why, $"{PeerStatus.SetupCommand} (installs g++ and patchelf, then rebuilds the benchmarks, which patches the library)");
        }

        private static bool Load()
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
                Failure = (System.Array.Find(lines, l => l.Contains("not found", StringComparison.Ordinal)) ?? lines[0]).Trim();
                return false;
            }
            finally
            {
                Console.SetOut(stdout);
            }
        }

        private static bool OnPath(string tool) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => System.IO.File.Exists(System.IO.Path.Combine(dir, tool)));

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
