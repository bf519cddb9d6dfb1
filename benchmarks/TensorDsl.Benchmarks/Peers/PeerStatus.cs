using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace TensorDsl.Benchmarks.Peers
{
    /// <summary>Whether one peer of the side-by-side benchmarks runs here: what it is when live, and when it is not, why and the command that enables it.</summary>
    /// <param name="Name">The peer's <c>impl</c> name in the JSON lines.</param>
    /// <param name="Live">Whether the peer is measured in this run.</param>
    /// <param name="Detail">What runs (version, BLAS, threads) when live; why not when missing.</param>
    /// <param name="Enable">The command that makes a missing peer live (null when live).</param>
    public sealed record PeerStatus(string Name, bool Live, string Detail, string? Enable)
    {
        /// <summary>The one set-up command of the benchmarks (docs/performance.md, "Set-up").</summary>
        public const string SetupCommand = "benchmarks/setup.sh";

        /// <summary>Probes every peer once (NumPy by starting its Python script, TorchSharp by loading libtorch).</summary>
        public static IReadOnlyList<PeerStatus> ProbeAll() => new[] { Naive(), NumPyPeer.Probe(), TorchPeer.Probe() };

        /// <summary>
        /// The start-up line of a benchmark run, e.g.
        /// <c># peers: naive live; numpy live (1.24.2, /usr/lib/.../libopenblasp-r0.3.21.so); torchsharp MISSING (…) — enable: benchmarks/setup.sh</c>.
        /// </summary>
        public static string Line(IEnumerable<PeerStatus> peers) =>
            "# peers: " + string.Join("; ", peers.Select(p => p.Live
                ? $"{p.Name} live ({p.Detail})"
                : $"{p.Name} MISSING ({p.Detail}) — enable: {p.Enable}"));

        private static PeerStatus Naive() => new("naive", true, "scalar C# loops, always available", null);

        /// <summary>The folder of the benchmark's own build output, for messages that name files in it.</summary>
        internal static string OutputFolder => Path.GetFullPath(AppContext.BaseDirectory);
    }
}
