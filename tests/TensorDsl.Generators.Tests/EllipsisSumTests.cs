using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>
    /// An explicit output without '...' sums over the broadcast positions, as NumPy (<c>optimize=True</c>) and PyTorch do:
    /// <c>"i...->i"</c> sums every axis but the first. Generated kernels against the interpreter (itself checked against
    /// NumPy's values for these specs in tests/TestData/einsum), on both backends, dense and strided, with and without
    /// <c>Accumulate</c>, and as a returned rank-0 result.
    /// </summary>
    public sealed class EllipsisSumTests
    {
        public static readonly (string Spec, long[][] Shapes)[] Cases =
        {
            ("i...->i", new[] { new long[] { 3, 4, 5 } }),
            ("...i->i", new[] { new long[] { 2, 3, 6 } }),
            ("ij...,i...->i", new[] { new long[] { 4, 3, 5 }, new long[] { 4, 5 } }),
            ("...ij,...jk->ik", new[] { new long[] { 2, 3, 4, 5 }, new long[] { 3, 5, 2 } }),
            ("a...b->ab", new[] { new long[] { 3, 1, 4, 2 } }),
            ("...->", new[] { new long[] { 7, 3 } }),
        };

        private static readonly Lazy<(List<KernelSpec> Kernels, Assembly Assembly)> s_kernels = new(() =>
        {
            var kernels = new List<KernelSpec>();
            foreach (var (spec, _) in Cases)
            {
                kernels.Add(new KernelSpec(spec, "float"));
                kernels.Add(new KernelSpec(spec, "double"));
                kernels.Add(new KernelSpec(spec, "double", Accumulate: true));
            }
            kernels.Add(new KernelSpec("...->", "double", ReturnsScalar: true));
            kernels.Add(new KernelSpec("i...,i...->", "double", ReturnsScalar: true));
            return (kernels, GeneratorHarness.CompileAndLoad(KernelSourceBuilder.Build(kernels)));
        });

        public static IEnumerable<object[]> Indices() => Enumerable.Range(0, Cases.Length * 3 + 2).Select(i => new object[] { i });

        [Theory]
        [MemberData(nameof(Indices))]
        public void Matches_the_interpreter_on_both_backends(int index)
        {
            var (kernels, assembly) = s_kernels.Value;
            var kernel = kernels[index];
            var shapes = kernel.Spec == "i...,i...->" ? new[] { new nint[] { 4, 3 }, new nint[] { 4, 3 } }
                : Cases.First(c => c.Spec == kernel.Spec).Shapes.Select(s => s.Select(l => (nint)l).ToArray()).ToArray();
            var rng = new Random(index);
            var failures = new List<string?>();
            foreach (bool strided in new[] { false, true })
            {
                failures.Add(kernel.Element == "float"
                    ? KernelChecker.CheckCpu<float>(assembly, index, kernel, shapes, rng, strided)
                    : KernelChecker.CheckCpu<double>(assembly, index, kernel, shapes, rng, strided));
                failures.Add(kernel.Element == "float"
                    ? KernelChecker.CheckGpu<float>(assembly, index, kernel, shapes, rng, strided)
                    : KernelChecker.CheckGpu<double>(assembly, index, kernel, shapes, rng, strided));
            }
            KernelChecker.AssertNoFailures(failures);
        }
    }
}
