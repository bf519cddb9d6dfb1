using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Numerics.Tensors;
using System.Reflection;
using TensorDsl.Language.Einsum;
using Xunit;

namespace TensorDsl.Generators.Tests.Harness
{
    /// <summary>
    /// Runs a compiled kernel on random (optionally strided) inputs and compares it with the interpreter.
    /// Tolerance: |actual − expected| ≤ rtol · Σ|terms| (the interpreter evaluated on absolute values), the natural
    /// bound for rounding in a sum, so long reductions are not held to an impossible absolute standard.
    /// </summary>
    public static class KernelChecker
    {
        /// <summary>Relative tolerances stated for every generated-kernel test.</summary>
        public const double FloatTolerance = 1e-4, DoubleTolerance = 1e-11;

        public static double Tolerance<T>() => typeof(T) == typeof(float) ? FloatTolerance : DoubleTolerance;

        /// <summary>One ILGPU CPU accelerator shared by every test (each device starts its own worker threads).</summary>
        public static readonly Lazy<TensorDevice> Device = new(TensorDevice.CreateCpu);

        /// <summary>ILGPU's CPU accelerator picking the pairwise kernels a GPU would (the tiled matrix product, the tree
        /// reduction) where <see cref="Device"/> takes the per-element kernel.</summary>
        public static readonly Lazy<TensorDevice> GpuLikeDevice = new(() => new TensorDevice(ILGPU.Runtime.AcceleratorType.CPU) { PicksKernelsAsOnAGpu = true });

        /// <summary>Runs the CPU kernel number <paramref name="k"/>; returns a description of the first mismatch, or null.</summary>
        public static string? CheckCpu<T>(Assembly assembly, int k, KernelSpec kernel, nint[][] shapes, Random rng, bool strided)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Check<T>(assembly, k, kernel, shapes, rng, strided, gpu: false);

        /// <summary>Runs the GPU overload of kernel number <paramref name="k"/> on ILGPU's CPU accelerator.</summary>
        public static string? CheckGpu<T>(Assembly assembly, int k, KernelSpec kernel, nint[][] shapes, Random rng, bool strided, TensorDevice? device = null)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Check<T>(assembly, k, kernel, shapes, rng, strided, gpu: true, device);

        private static string? Check<T>(Assembly assembly, int k, KernelSpec kernel, nint[][] shapes, Random rng, bool strided, bool gpu, TensorDevice? device = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var spec = EinsumParser.ParseOrThrow(kernel.Spec);
            var inputs = shapes.Select(s => StridedArray<T>.Random(rng, s, strided)).ToArray();
            var expected = Einsum.Evaluate(kernel.Spec, inputs.Select(a => a.ToDouble()).ToArray());
            var bound = Einsum.Evaluate(kernel.Spec, inputs.Select(a => a.ToDouble(absolute: true)).ToArray());
            var outLengths = expected.Lengths.ToArray();
            var output = StridedArray<T>.Random(rng, outLengths, strided && !kernel.ReturnsScalar);
            var before = (T[])output.Data.Clone();
            var outOffsets = output.LogicalOffsets();

            var all = inputs.Append(output).ToArray();
            var runners = assembly.GetType("TestKernels.Runners")!;
            var data = all.Select(a => a.Data).ToArray();
            var starts = all.Select(a => a.Start).ToArray();
            var lengths = all.Select(a => a.Lengths).ToArray();
            var strides = all.Select(a => a.Strides).ToArray();
            if (gpu)
            {
                var run = (Action<TensorDevice, T[][], int[], nint[][], nint[][]>)Delegate.CreateDelegate(
                    typeof(Action<TensorDevice, T[][], int[], nint[][], nint[][]>), runners.GetMethod($"Gpu{k}")!);
                run(device ?? Device.Value, data, starts, lengths, strides);
            }
            else
            {
                var run = (Action<T[][], int[], nint[][], nint[][]>)Delegate.CreateDelegate(
                    typeof(Action<T[][], int[], nint[][], nint[][]>), runners.GetMethod($"Cpu{k}")!);
                run(data, starts, lengths, strides);
            }

            return Compare(kernel, spec, expected, bound, before, output.Data, outOffsets, Tolerance<T>(), gpu ? "ilgpu-cpu" : "cpu", shapes, strided);
        }

        public static string? Compare<T>(KernelSpec kernel, EinsumSpec spec, Tensor<double> expected, Tensor<double> bound, T[] before, T[] after, long[] outOffsets, double rtol, string backend, nint[][] shapes, bool strided)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            string Describe() => $"[{backend}] {kernel.Element} \"{kernel.Spec}\"{(kernel.Accumulate ? " (accumulate)" : "")} shapes {string.Join(" ", shapes.Select(s => "(" + string.Join(",", s) + ")"))}{(strided ? " strided" : "")}";
            var exp = expected.ToArray();
            var abs = bound.ToArray();
            var written = new HashSet<long>(outOffsets);
            for (int p = 0; p < outOffsets.Length; p++)
            {
                double initial = kernel.Accumulate ? double.CreateChecked(before[outOffsets[p]]) : 0;
                double want = exp[p] + initial;
                double got = double.CreateChecked(after[outOffsets[p]]);
                double tol = rtol * (abs[p] + Math.Abs(initial)) + 1e-30;
                if (!(Math.Abs(got - want) <= tol))
                {
                    return $"{Describe()}: element {p} is {got}, expected {want} (tolerance {tol:g3})";
                }
            }
            for (long i = 0; i < after.Length; i++)
            {
                if (!written.Contains(i) && !before[i].Equals(after[i]))
                {
                    return $"{Describe()}: element {i} of the output's backing array is outside the output view but was changed";
                }
            }
            return null;
        }

        public static void AssertNoFailures(IEnumerable<string?> failures)
        {
            var list = failures.Where(f => f is not null).ToList();
            Assert.True(list.Count == 0, $"{list.Count} kernel run(s) disagree with the interpreter:\n" + string.Join("\n", list.Take(20)));
        }
    }
}
