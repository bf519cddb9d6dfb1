using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace TensorDsl.Generators.Tests.Harness
{
    /// <summary>
    /// A fixed list of einsum kernels with the operand shapes each is checked at, compiled once; checks one kernel against
    /// the interpreter on the CPU (and, if asked, on ILGPU's CPU accelerator), dense and strided.
    /// </summary>
    public sealed class SpecCases
    {
        private readonly Lazy<Assembly> _assembly;

        public SpecCases(IReadOnlyList<(KernelSpec Kernel, long[][] Shapes)> cases)
        {
            Cases = cases;
            _assembly = new Lazy<Assembly>(() => GeneratorHarness.CompileAndLoad(KernelSourceBuilder.Build(cases.Select(c => c.Kernel).ToList())));
        }

        /// <summary>The kernels and their shapes, in compilation order.</summary>
        public IReadOnlyList<(KernelSpec Kernel, long[][] Shapes)> Cases { get; }

        /// <summary>The indices, as theory data.</summary>
        public IEnumerable<object[]> Indices() => Enumerable.Range(0, Cases.Count).Select(i => new object[] { i });

        /// <summary>Runs kernel <paramref name="index"/> dense and strided on the CPU (and the GPU overload when <paramref name="gpu"/>); fails with every mismatch.</summary>
        public void Check(int index, bool gpu)
        {
            var (kernel, shapeList) = Cases[index];
            var shapes = shapeList.Select(s => s.Select(l => (nint)l).ToArray()).ToArray();
            var rng = new Random(index);
            var failures = new List<string?>();
            foreach (bool strided in new[] { false, true })
            {
                failures.Add(kernel.Element == "float"
                    ? KernelChecker.CheckCpu<float>(_assembly.Value, index, kernel, shapes, rng, strided)
                    : KernelChecker.CheckCpu<double>(_assembly.Value, index, kernel, shapes, rng, strided));
                if (!gpu) continue;
                failures.Add(kernel.Element == "float"
                    ? KernelChecker.CheckGpu<float>(_assembly.Value, index, kernel, shapes, rng, strided)
                    : KernelChecker.CheckGpu<double>(_assembly.Value, index, kernel, shapes, rng, strided));
            }
            KernelChecker.AssertNoFailures(failures);
        }
    }
}
