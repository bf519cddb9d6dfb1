using System.Collections.Generic;
using System.Linq;
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
        private static readonly (string Spec, long[][] Shapes)[] s_specs =
        {
            ("i...->i", new[] { new long[] { 3, 4, 5 } }),
            ("...i->i", new[] { new long[] { 2, 3, 6 } }),
            ("ij...,i...->i", new[] { new long[] { 4, 3, 5 }, new long[] { 4, 5 } }),
            ("...ij,...jk->ik", new[] { new long[] { 2, 3, 4, 5 }, new long[] { 3, 5, 2 } }),
            ("a...b->ab", new[] { new long[] { 3, 1, 4, 2 } }),
            ("...->", new[] { new long[] { 7, 3 } }),
        };

        private static readonly SpecCases s_cases = new(s_specs
            .SelectMany(s => new[] { (new KernelSpec(s.Spec, "float"), s.Shapes), (new KernelSpec(s.Spec, "double"), s.Shapes), (new KernelSpec(s.Spec, "double", Accumulate: true), s.Shapes) })
            .Append((new KernelSpec("...->", "double", ReturnsScalar: true), new[] { new long[] { 7, 3 } }))
            .Append((new KernelSpec("i...,i...->", "double", ReturnsScalar: true), new[] { new long[] { 4, 3 }, new long[] { 4, 3 } }))
            .ToList());

        public static IEnumerable<object[]> Indices() => s_cases.Indices();

        [Theory]
        [MemberData(nameof(Indices))]
        public void Matches_the_interpreter_on_both_backends(int index) => s_cases.Check(index, gpu: true);
    }
}
