using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;
using TensorDsl.Language.Equivariant;
using Xunit;

namespace TensorDsl.Generators.Tests.Gaunt
{
    /// <summary>
    /// Generated <c>[GauntProduct]</c> kernels in float (to 1e-4), on strided, transposed and broadcast layouts, on both
    /// backends (the GPU overload on ILGPU's CPU accelerator), and with shapes that do not fit (ArgumentException naming
    /// the operand, the axis and both sizes, nothing written).
    /// </summary>
    public sealed class GauntLayoutTests
    {
        /// <summary>Small, degenerate (LOut = 0, L = 0), unrolled and table-driven (&gt; 2000 terms) kernels.</summary>
        private static readonly (int L1, int L2, int LOut)[] s_mixed =
        {
            (0, 0, 0), (1, 0, 1), (0, 2, 2), (1, 1, 0), (1, 1, 2), (2, 2, 4), (3, 2, 1), (3, 3, 6), (4, 4, 8), (8, 8, 16), (6, 2, 5),
        };

        internal static readonly Lazy<(List<GauntCase> Cases, Assembly Assembly)> Mixed = new(() =>
        {
            // Auto (the default) for each, Fourier for each, and Sparse where Auto chose Fourier: both lowerings on every layout.
            var cases = s_mixed.Select(c => new GauntCase(c.L1, c.L2, c.LOut, "double"))
                .Concat(s_mixed.Select(c => new GauntCase(c.L1, c.L2, c.LOut, "float")))
                .Append(new GauntCase(2, 1, 3, "double", "Fourier"))
                .Append(new GauntCase(2, 1, 3, "float", "Sparse"))
                .Concat(s_mixed.Select(c => new GauntCase(c.L1, c.L2, c.LOut, "double", "Fourier")))
                .Concat(s_mixed.Select(c => new GauntCase(c.L1, c.L2, c.LOut, "float", "Fourier")))
                .Concat(s_mixed.Where(c => GauntKernelTests.AutoLowering(c.L1, c.L2, c.LOut) != GauntLowering.Sparse)
                    .SelectMany(c => new[] { new GauntCase(c.L1, c.L2, c.LOut, "double", "Sparse"), new GauntCase(c.L1, c.L2, c.LOut, "float", "Sparse") }))
                .ToList();
            return (cases, GauntHarness.Compile(cases));
        });

        /// <summary>Every float kernel with L1, L2 ≤ 4 (all LOut), and a few larger ones, in one assembly.</summary>
        private static readonly Lazy<(List<GauntCase> Cases, Assembly Assembly)> s_float = new(() =>
        {
            var cases = new List<GauntCase>();
            for (int l1 = 0; l1 <= 4; l1++)
            {
                for (int l2 = 0; l2 <= 4; l2++)
                {
                    for (int lOut = 0; lOut <= l1 + l2; lOut++) cases.Add(new GauntCase(l1, l2, lOut, "float"));
                }
            }
            cases.Add(new GauntCase(8, 8, 16, "float"));
            cases.Add(new GauntCase(7, 5, 9, "float"));
            cases.Add(new GauntCase(8, 1, 6, "float"));
            // The Fourier lowering of the same kernels (single precision throughout, tables rounded from double).
            cases.AddRange(cases.Select(c => c with { Method = "Fourier" }).ToList());
            return (cases, GauntHarness.Compile(cases));
        });

        [Fact]
        public void Float_kernels_match_the_dense_oracle()
        {
            var (cases, assembly) = s_float.Value;
            var rng = new Random(7);
            var failures = new List<string>();
            for (int k = 0; k < cases.Count; k++)
            {
                // 3 × 7 = 21 rows: a full block of 16 (Vector512<float>) and a partial one.
                var operands = GauntHarness.Random<float>(cases[k], rng, new nint[] { 3, 7 }, new nint[] { 3, 7 }, strided: false);
                var failure = GauntHarness.Check(assembly, k, cases[k], operands, gpu: false, 1e-4);
                if (failure is not null) failures.Add(failure);
            }
            using (GauntWidth.Portable())
            {
                for (int k = 0; k < cases.Count; k += 3)
                {
                    var operands = GauntHarness.Random<float>(cases[k], rng, new nint[] { 11 }, new nint[] { 11 }, strided: false);
                    var failure = GauntHarness.Check(assembly, k, cases[k], operands, gpu: false, 1e-4);
                    if (failure is not null) failures.Add("Vector<T> path: " + failure);
                }
            }
            Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(20)));
        }

        /// <summary>Leading shapes of x and y (z gets their broadcast), and whether the layout is strided.</summary>
        public static IEnumerable<object[]> Layouts() => new[]
        {
            new object[] { "dense", new nint[] { 5, 4 }, new nint[] { 5, 4 }, false },
            new object[] { "strided", new nint[] { 5, 4 }, new nint[] { 5, 4 }, true },
            new object[] { "x broadcast", new nint[] { 1, 9 }, new nint[] { 3, 9 }, false },
            new object[] { "y broadcast, dense", new nint[] { 4, 6 }, new nint[] { 4, 1 }, false },
            new object[] { "both broadcast", new nint[] { 4, 1 }, new nint[] { 1, 5 }, true },
            new object[] { "rank 3 broadcast", new nint[] { 2, 1, 3 }, new nint[] { 1, 5, 3 }, true },
            new object[] { "one row", new nint[0], new nint[0], false },
            new object[] { "one row, strided", new nint[] { 1 }, new nint[] { 1 }, true },
            new object[] { "ones", new nint[] { 1, 1, 1 }, new nint[] { 1, 1, 1 }, false },
            new object[] { "no rows", new nint[] { 0, 3 }, new nint[] { 1, 3 }, false },
            // 111 rows: enough work that the largest Sparse kernels ((8, 8, 16): 44287 terms) split the rows over two threads
            // (GauntParallel, shares of 16 rows), each starting its walker mid-layout.
            new object[] { "many rows", new nint[] { 37, 3 }, new nint[] { 37, 1 }, true },
        };

        [Theory]
        [MemberData(nameof(Layouts))]
        public void Cpu_kernels_handle_strided_and_broadcast_layouts(string layout, nint[] xLead, nint[] yLead, bool strided)
            => CheckLayout(layout, xLead, yLead, strided, gpu: false);

        [Theory]
        [MemberData(nameof(Layouts))]
        public void Gpu_kernels_match_the_dense_oracle_on_the_cpu_accelerator(string layout, nint[] xLead, nint[] yLead, bool strided)
            => CheckLayout(layout, xLead, yLead, strided, gpu: true);

        private static void CheckLayout(string layout, nint[] xLead, nint[] yLead, bool strided, bool gpu)
        {
            var (cases, assembly) = Mixed.Value;
            var rng = new Random(layout.Length * 31 + (gpu ? 1 : 0));
            var failures = new List<string>();
            for (int k = 0; k < cases.Count; k++)
            {
                string? failure = cases[k].Element == "double"
                    ? GauntHarness.Check(assembly, k, cases[k], GauntHarness.Random<double>(cases[k], rng, xLead, yLead, strided), gpu, 1e-10)
                    : GauntHarness.Check(assembly, k, cases[k], GauntHarness.Random<float>(cases[k], rng, xLead, yLead, strided), gpu, 1e-4);
                if (failure is not null) failures.Add($"[{layout}{(strided ? ", strided" : "")}] {failure}");
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public void A_view_with_stride_zero_reads_like_a_broadcast()
        {
            // x: 4 × 3 rows where the first axis has stride 0 (every one of the 4 repeats the same 3 rows), on both backends.
            var (cases, assembly) = Mixed.Value;
            var rng = new Random(11);
            foreach (var (c, k) in cases.Select((c, k) => (c, k)).Where(p => p.c.Element == "double"))
            {
                foreach (bool gpu in new[] { false, true })
                {
                    var data = Enumerable.Range(0, 3 * c.K1 + 2).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
                    var x = new StridedArray<double>(data, 2, new nint[] { 4, 3, c.K1 }, new nint[] { 0, c.K1, c.K1 == 1 ? 0 : 1 });
                    var y = StridedArray<double>.Random(rng, new nint[] { 4, 3, c.K2 }, strided: true);
                    var z = StridedArray<double>.Random(rng, new nint[] { 4, 3, c.K3 }, strided: true, _ => 1e6);
                    var failure = GauntHarness.Check(assembly, k, c, new GauntHarness.Operands<double>(x, y, z), gpu, 1e-10);
                    Assert.True(failure is null, failure);
                }
            }
        }

        /// <summary>Shapes that do not fit, with the fragments the message must contain (operand, axis, both sizes).</summary>
        public static IEnumerable<object[]> BadShapes()
        {
            // Case 5 of the mixed list is (2, 2, 4): K1 = K2 = 9, K3 = 25.
            yield return new object[] { new nint[] { 3, 10 }, new nint[] { 3, 9 }, new nint[] { 3, 25 }, new[] { "'x'", "axis 1", "10", "9", "L1" } };
            yield return new object[] { new nint[] { 3, 9 }, new nint[] { 3, 4 }, new nint[] { 3, 25 }, new[] { "'y'", "axis 1", "4", "9", "L2" } };
            yield return new object[] { new nint[] { 3, 9 }, new nint[] { 3, 9 }, new nint[] { 3, 16 }, new[] { "'z'", "axis 1", "16", "25", "LOut" } };
            yield return new object[] { new nint[] { 2, 9 }, new nint[] { 3, 9 }, new nint[] { 3, 25 }, new[] { "'x'", "'y'", "axis 0", "2", "3" } };
            yield return new object[] { new nint[] { 2, 9 }, new nint[] { 2, 9 }, new nint[] { 3, 25 }, new[] { "'z'", "axis 0", "3", "2" } };
            yield return new object[] { new nint[] { 1, 9 }, new nint[] { 1, 9 }, new nint[] { 4, 25 }, new[] { "'z'", "axis 0", "4", "1" } };
            // Leading axes broadcast as in NumPy (right-aligned, so ranks may differ), but the output has exactly the broadcast shape.
            yield return new object[] { new nint[] { 2, 3, 9 }, new nint[] { 3, 9 }, new nint[] { 3, 25 }, new[] { "'z'", "rank 2", "rank 3" } };
            yield return new object[] { new nint[] { 9 }, new nint[] { 9 }, new nint[] { 1, 25 }, new[] { "'z'", "rank 2", "rank 1" } };
        }

        [Theory]
        [MemberData(nameof(BadShapes))]
        public void A_shape_that_does_not_fit_throws_and_writes_nothing(nint[] x, nint[] y, nint[] z, string[] fragments)
        {
            var (cases, assembly) = Mixed.Value;
            var rng = new Random(3);
            foreach (string method in new[] { "", "Fourier", "Sparse" })
            {
                int k = cases.FindIndex(c => c.L1 == 2 && c.L2 == 2 && c.LOut == 4 && c.Element == "double" && c.Method == method);
                if (k < 0) continue; // no explicit Sparse case where Auto is Sparse
                foreach (bool gpu in new[] { false, true })
                {
                    var operands = new GauntHarness.Operands<double>(
                        StridedArray<double>.Random(rng, x, strided: false),
                        StridedArray<double>.Random(rng, y, strided: false),
                        StridedArray<double>.Random(rng, z, strided: false));
                    var before = (double[])operands.Z.Data.Clone();
                    var e = Assert.Throws<ArgumentException>(() => GauntHarness.Run(assembly, k, operands, gpu));
                    foreach (var fragment in fragments) Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
                    Assert.Equal(before, operands.Z.Data);
                }
            }
        }

        [Fact]
        public void The_gpu_overload_computes_an_output_that_shares_an_input_buffer_and_rejects_tensors_of_another_device()
        {
            var (cases, assembly) = Mixed.Value;
            int k = cases.FindIndex(c => c.L1 == 1 && c.L2 == 0 && c.LOut == 1 && c.Element == "double"); // K1 = K3 = 4
            var method = assembly.GetType("TestGaunt.G")!.GetMethods().Single(m => m.Name == $"M{k}" && m.GetParameters().Length == 4);
            var device = KernelChecker.Device.Value;
            // L2 = 0: z[r, c] = G(1c, 00, 1c) x[r, c] y[r] = x[r, c] y[r] / √(4π); written over x.
            var hostX = new double[] { 1, 2, 3, 4, -1, -2, -3, -4 };
            using var x = device.Upload(hostX, 2, 4);
            using var y = device.Upload(new double[] { 2, 0.5 }, 2, 1);
            method.Invoke(null, new object[] { device, x, y, x });
            var result = x.ToArray();
            for (int e0 = 0; e0 < 8; e0++)
            {
                Assert.Equal(hostX[e0] * (e0 < 4 ? 2 : 0.5) / Math.Sqrt(4 * Math.PI), result[e0], 12);
            }

            TargetInvocationException e;
            using var other = TensorDevice.CreateCpu();
            using var z = other.Allocate<double>(2, 4);
            e = Assert.Throws<TargetInvocationException>(() => method.Invoke(null, new object[] { device, x, y, z }));
            Assert.IsType<ArgumentException>(e.InnerException);
        }

        [Fact]
        public void The_device_table_is_uploaded_once_per_device()
        {
            var (cases, assembly) = Mixed.Value;
            int k = cases.FindIndex(c => c.L1 == 2 && c.L2 == 2 && c.LOut == 4 && c.Element == "float");
            var rng = new Random(5);
            var table = TensorDsl.Runtime.GauntTables.Sparse<float>(2, 2, 4, 162);
            var operands = GauntHarness.Random<float>(cases[k], rng, new nint[] { 3 }, new nint[] { 3 }, false);
            GauntHarness.Run(assembly, k, operands, gpu: true);
            var first = TensorDsl.Runtime.GauntTables.OnDevice(KernelChecker.Device.Value, table);
            GauntHarness.Run(assembly, k, operands, gpu: true);
            var second = TensorDsl.Runtime.GauntTables.OnDevice(KernelChecker.Device.Value, table);
            Assert.Same(first.Indices, second.Indices);
            Assert.Same(first.Coefficients, second.Coefficients);
            Assert.Equal(table.Coefficients, first.Coefficients.ToArray());
        }
    }
}
