using System;
using System.Linq;
using BenchmarkDotNet.Running;
using TensorDsl.Benchmarks.Quick;

// dotnet run -c Release --project benchmarks/TensorDsl.Benchmarks -- --quick [--filter NAME]
//   one process, side by side, JSON lines (DESIGN.md section 8).
// Without --quick: the BenchmarkDotNet suites (pass BenchmarkDotNet's own arguments, e.g. --filter '*Gemm*').
if (args.Contains("--quick"))
{
    int at = Array.IndexOf(args, "--filter");
    return QuickRunner.Run(at >= 0 && at + 1 < args.Length ? args[at + 1] : null);
}
BenchmarkSwitcher.FromAssembly(typeof(QuickRunner).Assembly).Run(args);
return 0;
