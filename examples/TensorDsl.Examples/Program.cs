using System;
using TensorDsl.Examples.Attention;
using TensorDsl.Examples.Contractions;
using TensorDsl.Examples.Equivariant;
using TensorDsl.Examples.Polynomials;
using TensorDsl.Examples.Report;

// TensorDsl examples: every program runs its generated kernel, checks it against the double-precision
// interpreter and prints the error and the time. Exit code 1 when any check fails.
var table = new ResultTable();
Console.WriteLine("TensorDsl examples — generated kernels checked against the interpreter");
Console.WriteLine();
// The GPU overloads run on the first CUDA or OpenCL device. Without one, new TensorDevice() would run the CPU code again;
// to check the GPU kernels themselves, the examples then run them on ILGPU's CPU accelerator.
var found = new TensorDsl.TensorDevice();
using var device = found.RunsGeneratedCpuCode ? TensorDsl.TensorDevice.CreateCpu() : found;
if (!ReferenceEquals(device, found)) found.Dispose();
Console.WriteLine($"Device for the GPU overloads: {device.RunsOn}");
Console.WriteLine();
EinsumExamples.Run(table, device);
Console.WriteLine();
AttentionExamples.Run(table, device);
Console.WriteLine();
EquivariantExamples.Run(table);
Console.WriteLine();
PolynomialExamples.Run(table);
TensorDsl.Examples.Polynomials.PolynomialLayerExample.Run(table, device);
Console.WriteLine();
TensorDsl.Examples.Training.TrainingExample.Run(table);
TensorDsl.Examples.Training.AttentionTrainingExample.Run(table);
Console.WriteLine();
Console.WriteLine(table.Failures == 0 ? $"All {table.Rows.Count} checks passed." : $"{table.Failures} of {table.Rows.Count} checks FAILED.");
return table.Failures == 0 ? 0 : 1;
