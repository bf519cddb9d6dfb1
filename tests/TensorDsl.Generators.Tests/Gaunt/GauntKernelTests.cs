using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Equivariant;
using TensorDsl.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace TensorDsl.Generators.Tests.Gaunt
{
    /// <summary>
    /// Every generated <c>[GauntProduct]</c> kernel with L1, L2 ≤ 8 and LOut ≤ L1 + L2 (729 degree triples) in double, checked
    /// against the dense oracle to 1e-10, for every method: Auto (the attribute's default) and Fourier for every triple, and
    /// Sparse wherever Auto chose Fourier (where Auto chose Sparse, its kernel is the Sparse kernel), so that both lowerings are
    /// tested at every triple. Nine assemblies (one per L1, compiled on first use). Both widths of the Sparse CPU path:
    /// Vector512 where the hardware accelerates it, and the portable Vector&lt;T&gt; path for every kernel of a few groups.
    /// </summary>
    public sealed class GauntKernelTests
    {
        private readonly ITestOutputHelper _output;

        public GauntKernelTests(ITestOutputHelper output) => _output = output;

        public static IEnumerable<object[]> Degrees() => Enumerable.Range(0, 9).Select(l => new object[] { l });

        /// <summary>The lowering Auto chooses for a double kernel (the planner the generator runs).</summary>
        internal static GauntLowering AutoLowering(int l1, int l2, int lOut)
            => GauntProductPlanner.Plan(new BoundGauntProduct(l1, l2, lOut, GauntMethodKind.Auto, ElementType.Double, "x", "y", "z")).Lowering;

        private static readonly Lazy<(List<GauntCase> Cases, Assembly Assembly)>[] s_double = Enumerable.Range(0, 9)
            .Select(l1 => new Lazy<(List<GauntCase>, Assembly)>(() =>
            {
                var cases = new List<GauntCase>();
                for (int l2 = 0; l2 <= 8; l2++)
                {
                    for (int lOut = 0; lOut <= l1 + l2; lOut++)
                    {
                        cases.Add(new GauntCase(l1, l2, lOut, "double"));
                        cases.Add(new GauntCase(l1, l2, lOut, "double", "Fourier"));
                        if (AutoLowering(l1, l2, lOut) != GauntLowering.Sparse) cases.Add(new GauntCase(l1, l2, lOut, "double", "Sparse"));
                    }
                }
                return (cases, GauntHarness.Compile(cases));
            })).ToArray();

        [Theory]
        [MemberData(nameof(Degrees))]
        public void Every_double_kernel_of_every_method_matches_the_dense_oracle(int l1)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (cases, assembly) = s_double[l1].Value;
            _output.WriteLine($"compiled {cases.Count} kernels in {watch.ElapsedMilliseconds} ms");
            int triples = 9 * (l1 + 1) + 36;
            Assert.Equal(triples, cases.Count(c => c.Method.Length == 0));
            Assert.Equal(triples, cases.Count(c => c.Method == "Fourier"));
            Assert.Equal(triples, cases.Count(c => c.Method == "Sparse" || (c.Method.Length == 0 && AutoLowering(c.L1, c.L2, c.LOut) == GauntLowering.Sparse)));
            var rng = new Random(100 + l1);
            var failures = new List<string>();
            // The portable path for the kernels of three of the groups (small, mid, large degrees); Vector512 (where
            // accelerated) for all.
            bool portable = l1 is 1 or 5 or 8;
            for (int k = 0; k < cases.Count; k++)
            {
                // 2 × 7 = 14 rows: one full block of 8 (Vector512<double>) and a partial one.
                var operands = GauntHarness.Random<double>(cases[k], rng, new nint[] { 2, 7 }, new nint[] { 2, 7 }, strided: false);
                var failure = GauntHarness.Check(assembly, k, cases[k], operands, gpu: false, 1e-10);
                if (failure is not null) failures.Add(failure);
                if (portable)
                {
                    operands = GauntHarness.Random<double>(cases[k], rng, new nint[] { 3, 3 }, new nint[] { 3, 3 }, strided: false);
                    using (GauntWidth.Portable())
                    {
                        failure = GauntHarness.Check(assembly, k, cases[k], operands, gpu: false, 1e-10);
                    }
                    if (failure is not null) failures.Add("Vector<T> path: " + failure);
                }
            }
            _output.WriteLine($"ran {cases.Count} kernels, {watch.ElapsedMilliseconds} ms in all");
            Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(20)));
        }
    }

    /// <summary>Selects the portable Vector&lt;T&gt; CPU path until disposed (tests in this assembly run it one at a time).</summary>
    internal sealed class GauntWidth : IDisposable
    {
        private static readonly System.Threading.SemaphoreSlim s_gate = new(1, 1);

        private GauntWidth() { }

        public static GauntWidth Portable()
        {
            s_gate.Wait();
            GauntProductOptions.UseVector512 = false;
            return new GauntWidth();
        }

        public void Dispose()
        {
            GauntProductOptions.UseVector512 = true;
            s_gate.Release();
        }
    }
}
