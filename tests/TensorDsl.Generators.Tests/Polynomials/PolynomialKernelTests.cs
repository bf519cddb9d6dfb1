using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;

namespace TensorDsl.Generators.Tests.Polynomials
{
    /// <summary>
    /// Every polynomial of <see cref="PolynomialCorpus"/> (the 12 of docs/design.md §6.4, computable ones, edge-list specs), generated in
    /// double and float, with and without channels, against the interpreter <c>Einsum.Evaluate</c> with x once per edge: on
    /// random real-valued x (tolerance relative to the same polynomial of |x|, which bounds the sum of |terms|), on both
    /// backends (the CPU body and the GPU overload on ILGPU's CPU accelerator).
    /// </summary>
    public sealed class PolynomialKernelTests
    {
        private readonly ITestOutputHelper _output;

        public PolynomialKernelTests(ITestOutputHelper output) => _output = output;

        /// <summary>All cases in one assembly (compiled once): each spec in double, in float, and in double with channels.</summary>
        internal static readonly Lazy<(List<PolynomialCase> Cases, Assembly Assembly)> All = new(() =>
        {
            var cases = new List<PolynomialCase>();
            foreach (var (spec, einsum) in PolynomialCorpus.All())
            {
                cases.Add(new PolynomialCase(spec, einsum, "double"));
                cases.Add(new PolynomialCase(spec, einsum, "float"));
                cases.Add(new PolynomialCase(spec, einsum, "double", Channels: true));
            }
            return (cases, PolynomialHarness.Compile(cases));
        });

        public static IEnumerable<object[]> Backends() => new[] { new object[] { false }, new object[] { true } };

        [Theory]
        [MemberData(nameof(Backends))]
        public void Every_polynomial_matches_the_interpreter(bool gpu)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (cases, assembly) = All.Value;
            _output.WriteLine($"compiled {cases.Count} kernels in {watch.ElapsedMilliseconds} ms");
            var rng = new Random(gpu ? 7 : 6);
            var failures = new List<string>();
            for (int k = 0; k < cases.Count; k++)
            {
                var c = cases[k];
                // n = 7: not a multiple of any vector width, so every vector loop also runs its tail.
                int n = gpu ? 5 : 7, channels = c.Channels ? 3 : 1;
                var x = Enumerable.Range(0, n * n * channels).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
                var expected = PolynomialHarness.Oracle(c, x, n, channels);
                var bound = PolynomialHarness.Oracle(c, x.Select(Math.Abs).ToArray(), n, channels);
                double[] got = c.Element == "float"
                    ? PolynomialHarness.Run(assembly, k, c, x.Select(v => (float)v).ToArray(), n, channels, gpu).Select(v => (double)v).ToArray()
                    : PolynomialHarness.Run(assembly, k, c, x, n, channels, gpu);
                // float: the input is rounded too (relative 6e-8 per factor), then every product and sum.
                double tolerance = c.Element == "float" ? 2e-5 : 1e-12;
                if (got.Length != expected.Length)
                {
                    failures.Add($"{c}: {got.Length} values, expected {expected.Length}");
                    continue;
                }
                for (int e = 0; e < got.Length; e++)
                {
                    if (!(Math.Abs(got[e] - expected[e]) <= tolerance * bound[e] + 1e-300))
                    {
                        failures.Add($"{c} on {(gpu ? "ilgpu-cpu" : "cpu")}: p element {e} is {got[e]:R}, expected {expected[e]:R} (bound {bound[e]:E2})");
                        break;
                    }
                }
            }
            _output.WriteLine($"ran {cases.Count} kernels, {watch.ElapsedMilliseconds} ms in all");
            Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(20)));
        }
    }
}
