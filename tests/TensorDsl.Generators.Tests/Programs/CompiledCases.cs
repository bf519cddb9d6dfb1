using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;

namespace TensorDsl.Generators.Tests.Programs
{
    /// <summary>
    /// A set of program cases compiled once per element type by the real generator (<see cref="ProgramHarness"/>), and the
    /// check the property tests run on one of them: at a few size plans, dense and strided, on the CPU or on ILGPU's CPU
    /// accelerator, against the interpreter.
    /// </summary>
    public sealed class CompiledCases
    {
        private readonly Lazy<IReadOnlyList<ProgramCase>> _float, _double;
        private readonly Lazy<Assembly> _floatAssembly, _doubleAssembly;

        /// <param name="cases">The cases for an element type ("float" or "double").</param>
        public CompiledCases(Func<string, IReadOnlyList<ProgramCase>> cases)
        {
            _float = new(() => cases("float"));
            _double = new(() => cases("double"));
            _floatAssembly = new(() => GeneratorHarness.CompileAndLoad(ProgramHarness.Build(_float.Value)));
            _doubleAssembly = new(() => GeneratorHarness.CompileAndLoad(ProgramHarness.Build(_double.Value)));
        }

        /// <summary>The double cases.</summary>
        public IReadOnlyList<ProgramCase> Double => _double.Value;

        /// <summary>
        /// Runs case <paramref name="index"/> at each (low, high, strided) plan of <paramref name="plans"/>, every index of
        /// <paramref name="pool"/> sized in [low, high); on the device only the plans with high ≤ <paramref name="gpuMaxSize"/>
        /// (the CPU accelerator is slow, and the GPU kernels do not vectorize anyway).
        /// </summary>
        public void Run<T>(int index, bool gpu, int seed, string pool, (int Low, int High, bool Strided)[] plans, int gpuMaxSize)
            where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            bool isFloat = typeof(T) == typeof(float);
            var assembly = isFloat ? _floatAssembly.Value : _doubleAssembly.Value;
            var cases = isFloat ? _float.Value : _double.Value;
            var rng = new Random(seed * index + (gpu ? 1 : 0));
            var failures = new List<string?>();
            foreach (var (low, high, strided) in plans)
            {
                if (gpu && high > gpuMaxSize) continue;
                var sizes = pool.ToDictionary(c => c, _ => rng.Next(low, high));
                failures.Add(ProgramHarness.Check<T>(assembly, index, cases[index], sizes, rng, strided, gpu));
            }
            KernelChecker.AssertNoFailures(failures);
        }
    }
}
