using System;
using System.Linq;
using BenchmarkDotNet.Running;
using TensorDsl.Benchmarks.Quick;

// dotnet run -c Release --project benchmarks/TensorDsl.Benchmarks -- --quick [--filter NAME[,NAME...]] [--repeat N]
//   one process, side by side, JSON lines (docs/performance.md); --repeat N runs the cases N times interleaved and then
//   prints per case the min/median/max of every ratio and of TensorDsl's GFLOP/s.
// --peers: print which peers are live here (and for each missing one the command that enables it), then exit.
// --memory-probe N: tensor attention forward+backward at n = N in TensorDsl and, in a child process limited to this
//   machine's memory, the TorchSharp composition with autograd (time, peak memory, or the allocation failure).
// Without --quick: the BenchmarkDotNet suites (pass BenchmarkDotNet's own arguments, e.g. --filter '*Gemm*').
//   --gpu [--small] [--cpu-accelerator] [--filter NAME]: gemm, batched, chain, polynomial and attention through the
//   generated GPU overloads on the first CUDA/OpenCL device (else the generated CPU code over host memory; with
//   --cpu-accelerator on ILGPU's CPU accelerator), each against the CPU path; --small for a smoke run.
int filterAt = Array.IndexOf(args, "--filter");
string? filter = filterAt >= 0 && filterAt + 1 < args.Length ? args[filterAt + 1] : null;
if (args.Contains("--peers"))
{
    Console.WriteLine(TensorDsl.Benchmarks.Peers.PeerStatus.Line(TensorDsl.Benchmarks.Peers.PeerStatus.ProbeAll()));
    return 0;
}
if (args.Contains("--quick"))
{
    int repeatAt = Array.IndexOf(args, "--repeat");
    int repeat = repeatAt >= 0 && repeatAt + 1 < args.Length && int.TryParse(args[repeatAt + 1], out int r) && r > 0 ? r : 1;
    return QuickRunner.Run(filter, repeat);
}
int probeAt = Array.IndexOf(args, "--memory-probe");
if (probeAt >= 0)
{
    return MemoryProbe.Run(int.Parse(args[probeAt + 1], System.Globalization.CultureInfo.InvariantCulture));
}
int torchProbeAt = Array.IndexOf(args, "--memory-probe-torch");
if (torchProbeAt >= 0)
{
    return MemoryProbe.RunTorch(int.Parse(args[torchProbeAt + 1], System.Globalization.CultureInfo.InvariantCulture));
}
if (args.Contains("--gpu"))
{
    return GpuRunner.Run(filter, small: args.Contains("--small"), cpuAccelerator: args.Contains("--cpu-accelerator"));
}
BenchmarkSwitcher.FromAssembly(typeof(QuickRunner).Assembly).Run(args);
return 0;
