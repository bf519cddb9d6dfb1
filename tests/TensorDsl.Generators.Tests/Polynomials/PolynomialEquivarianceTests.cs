using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace TensorDsl.Generators.Tests.Polynomials
{
    /// <summary>
    /// Permutation equivariance, p(P X Pᵀ) = P·p(X) on every marked-node axis, checked EXACTLY (==) for 0/1 adjacency of
    /// random graphs in double: every product and partial sum is then an integer far below 2⁵³, so any order of summation
    /// gives the same bits, and a kernel that mixes up an index or an axis fails by whole numbers. Every generated double
    /// kernel (0, 1 and 2 marked nodes, with and without channels), on both backends.
    /// </summary>
    public sealed class PolynomialEquivarianceTests
    {
        public static IEnumerable<object[]> Backends() => new[] { new object[] { false }, new object[] { true } };

        [Theory]
        [MemberData(nameof(Backends))]
        public void Every_polynomial_is_exactly_permutation_equivariant(bool gpu)
        {
            var (cases, assembly) = PolynomialKernelTests.All.Value;
            var rng = new Random(gpu ? 31 : 30);
            var failures = new List<string>();
            int checkedCount = 0;
            for (int k = 0; k < cases.Count; k++)
            {
                var c = cases[k];
                if (c.Element != "double") continue;
                int n = gpu ? 6 : 9, channels = c.Channels ? 2 : 1;
                var x = PolynomialHarness.RandomGraph(rng, n, channels);
                var pi = PolynomialHarness.RandomPermutation(rng, n);
                var p = PolynomialHarness.Run(assembly, k, c, x, n, channels, gpu);
                var permuted = PolynomialHarness.Run(assembly, k, c, PolynomialHarness.Permute(x, n, channels, pi), n, channels, gpu);
                var expected = PolynomialHarness.PermuteOutput(p, n, c.Marked, channels, pi);
                checkedCount++;
                if (!permuted.SequenceEqual(expected))
                {
                    int e = Enumerable.Range(0, expected.Length).First(i => permuted[i] != expected[i]);
                    failures.Add($"{c} on {(gpu ? "ilgpu-cpu" : "cpu")}: p(PXPᵀ) element {e} is {permuted[e]:R}, P·p(X) has {expected[e]:R}");
                }
                // The polynomial is integer-valued on a 0/1 graph: also exact against the interpreter.
                var oracle = PolynomialHarness.Oracle(c, x, n, channels);
                if (!p.SequenceEqual(oracle)) failures.Add($"{c} on {(gpu ? "ilgpu-cpu" : "cpu")}: p(X) differs from the interpreter on a 0/1 graph");
            }
            Assert.True(checkedCount >= 2 * PolynomialCorpus.Design.Length, $"only {checkedCount} kernels checked");
            Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(20)));
        }

        [Fact]
        public void A_nontrivial_permutation_changes_a_marked_output()
        {
            // Guards the test above against a vacuous pass: on a random graph p is not permutation invariant.
            var (cases, assembly) = PolynomialKernelTests.All.Value;
            int k = cases.FindIndex(c => c.Einsum == "ab,ac,ad,bc,cd->bd" && c.Element == "double" && !c.Channels);
            var rng = new Random(5);
            int n = 9;
            var x = PolynomialHarness.RandomGraph(rng, n, 1);
            var pi = Enumerable.Range(0, n).Select(i => (i + 1) % n).ToArray();
            var p = PolynomialHarness.Run(assembly, k, cases[k], x, n, 1, gpu: false);
            var permuted = PolynomialHarness.Run(assembly, k, cases[k], PolynomialHarness.Permute(x, n, 1, pi), n, 1, gpu: false);
            Assert.False(p.SequenceEqual(permuted));
            Assert.Equal(PolynomialHarness.PermuteOutput(p, n, 2, 1, pi), permuted);
        }
    }
}
