using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>
    /// Loop nests large enough to be split across the cores (<c>LoopParallel</c>: each thread its own rows of the
    /// output) give the interpreter's result — outer products, transposes, diagonals, a direct three-operand nest and a
    /// pairwise step — dense and strided, float and double.
    /// </summary>
    public sealed class ParallelLoopNestTests
    {
        public static readonly (string Spec, long[][] Shapes)[] Cases =
        {
            ("ab,ac->abc", new[] { new long[] { 70, 60 }, new long[] { 70, 50 } }),
            ("ba->ab", new[] { new long[] { 700, 500 } }),
            ("aab->ab", new[] { new long[] { 300, 300, 40 } }),
            ("ab,b,a->ab", new[] { new long[] { 500, 400 }, new long[] { 400 }, new long[] { 500 } }),
            ("ij,ik,il->jkl", new[] { new long[] { 3, 60 }, new long[] { 3, 50 }, new long[] { 3, 40 } }),
        };

        private static readonly Lazy<(List<KernelSpec> Kernels, Assembly Assembly)> s_kernels = new(() =>
        {
            var kernels = Cases.SelectMany(c => new[] { new KernelSpec(c.Spec, "float"), new KernelSpec(c.Spec, "double") }).ToList();
            return (kernels, GeneratorHarness.CompileAndLoad(KernelSourceBuilder.Build(kernels)));
        });

        public static IEnumerable<object[]> Indices() => Enumerable.Range(0, Cases.Length * 2).Select(i => new object[] { i });

        [Theory]
        [MemberData(nameof(Indices))]
        public void Matches_the_interpreter(int index)
        {
            var (kernels, assembly) = s_kernels.Value;
            var kernel = kernels[index];
            var shapes = Cases[index / 2].Shapes.Select(s => s.Select(l => (nint)l).ToArray()).ToArray();
            var rng = new Random(index);
            var failures = new List<string?>();
            foreach (bool strided in new[] { false, true })
            {
                failures.Add(kernel.Element == "float"
                    ? KernelChecker.CheckCpu<float>(assembly, index, kernel, shapes, rng, strided)
                    : KernelChecker.CheckCpu<double>(assembly, index, kernel, shapes, rng, strided));
            }
            KernelChecker.AssertNoFailures(failures);
        }

        [Fact]
        public void The_cases_are_split()
        {
            // Every case's nest must reach LoopParallel (else these tests check nothing new).
            var (kernels, _) = s_kernels.Value;
            var source = KernelSourceBuilder.Build(kernels);
            var (_, _, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
            string generated = string.Join("\n", result.GeneratedTrees.Select(t => t.ToString()));
            Assert.True(System.Text.RegularExpressions.Regex.Matches(generated, "LoopParallel.For").Count >= Cases.Length * 2);
        }
    }
}
