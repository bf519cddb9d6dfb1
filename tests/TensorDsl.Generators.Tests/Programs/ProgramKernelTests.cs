using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests.Programs
{
    /// <summary>
    /// Every corpus program, compiled by the real generator, agrees with the double-precision interpreter on the CPU and
    /// on ILGPU's CPU accelerator, for float and double, dense and strided, at sizes that are not multiples of any tile.
    /// </summary>
    public class ProgramKernelTests
    {
        internal static readonly Lazy<Assembly> s_float = new(() => GeneratorHarness.CompileAndLoad(ProgramHarness.Build(ProgramCorpus.All("float"))));
        internal static readonly Lazy<Assembly> s_double = new(() => GeneratorHarness.CompileAndLoad(ProgramHarness.Build(ProgramCorpus.All("double"))));

        public static IEnumerable<object[]> Indices() => Enumerable.Range(0, ProgramCorpus.Programs.Length).Select(i => new object[] { i });

        private static Dictionary<char, int> Sizes(Random rng, bool small)
        {
            var sizes = new Dictionary<char, int>();
            foreach (char c in "abcdefghijklmnopqrstuvwxyz") sizes[c] = small ? rng.Next(1, 6) : rng.Next(5, 21);
            // Indices that share one size in the corpus (x[i,j] read as x[j,i], x[a,a]).
            sizes['j'] = sizes['i'];
            sizes['b'] = sizes['a'];
            sizes['c'] = sizes['a'];
            return sizes;
        }

        [Theory]
        [MemberData(nameof(Indices))]
        public void Cpu_double(int index) => Run<double>(s_double.Value, index, gpu: false, trials: 4);

        [Theory]
        [MemberData(nameof(Indices))]
        public void Cpu_float(int index) => Run<float>(s_float.Value, index, gpu: false, trials: 3);

        [Theory]
        [MemberData(nameof(Indices))]
        public void Gpu_double(int index) => Run<double>(s_double.Value, index, gpu: true, trials: 2);

        [Theory]
        [MemberData(nameof(Indices))]
        public void Gpu_float(int index) => Run<float>(s_float.Value, index, gpu: true, trials: 1);

        private static void Run<T>(Assembly assembly, int index, bool gpu, int trials) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            var c = ProgramCorpus.Case(index, typeof(T) == typeof(float) ? "float" : "double");
            var rng = new Random(20261123 + index * 31 + (gpu ? 7 : 0));
            var failures = new List<string?>();
            for (int t = 0; t < trials; t++)
            {
                failures.Add(ProgramHarness.Check<T>(assembly, index, c, Sizes(rng, small: t == 0), rng, strided: t % 2 == 1, gpu));
            }
            KernelChecker.AssertNoFailures(failures);
        }
    }
}
