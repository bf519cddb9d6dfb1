using System;
using System.Linq;
using BenchmarkDotNet.Running;
using TensorDsl.Benchmarks.Quick;

// dotnet run -c Release --project benchmarks/TensorDsl.Benchmarks -- --quick [--filter NAME[,NAME...]]
//   one process, side by side, JSON lines (docs/performance.md).
// --peers: print which peers are live here (and for each missing one the command that enables it), then exit.
// Without --quick: the BenchmarkDotNet suites (pass BenchmarkDotNet's own arguments, e.g. --filter '*Gemm*').
//   --gpu [--small] [--filter NAME]: the GEMM-like cases through the generated GPU overloads on the first CUDA/OpenCL
//   device (else ILGPU's CPU accelerator; --small for a smoke run there).
int filterAt = Array.IndexOf(args, "--filter");
string? filter = filterAt >= 0 && filterAt + 1 < args.Length ? args[filterAt + 1] : null;
if (args.Contains("--peers"))
{
    Console.WriteLine(TensorDsl.Benchmarks.Peers.PeerStatus.Line(TensorDsl.Benchmarks.Peers.PeerStatus.ProbeAll()));
    return 0;
}
if (args.Contains("--quick"))
{
    return QuickRunner.Run(filter);
}
if (args.Contains("--gpu"))
{
    return GpuGemmRunner.Run(filter, small: args.Contains("--small"));
}
BenchmarkSwitcher.FromAssembly(typeof(QuickRunner).Assembly).Run(args);
return 0;
