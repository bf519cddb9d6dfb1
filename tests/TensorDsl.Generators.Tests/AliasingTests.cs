using System;
using System.Linq;
using System.Numerics.Tensors;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;
using TensorDsl.Language.Equivariant;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>
    /// An output that shares memory with an input — <c>MatMul(a, b, a)</c>, a residual layer written in place, a Gaunt
    /// product into its own x — gives the result of the same call with separate tensors (the kernel writes a pooled
    /// temporary that is copied into the output), for every attribute; checked against the interpreters on copies of the
    /// original values.
    /// </summary>
    public sealed class AliasingTests
    {
        private const string Source = """
            using System.Numerics.Tensors;
            using TensorDsl;

            public static partial class K
            {
                [Einsum("ij,jk->ik")]
                public static partial void MatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);

                [Einsum("ij,jk->ik", Accumulate = true)]
                public static partial void MatMulAdd(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);

                [Einsum("ij->ji")]
                public static partial void Transpose(ReadOnlyTensorSpan<double> a, TensorSpan<double> c);

                [TensorProgram("y[i,j] = relu(sum[k](x[i,k] * w[k,j]) + x[i,j])")]
                public static partial void Residual(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> w, TensorSpan<double> y);

                [GauntProduct(1, 1, 1, Method = GauntMethod.Sparse)]
                public static partial void Gaunt(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

                [GauntProduct(1, 1, 1, Method = GauntMethod.Fourier)]
                public static partial void GauntFourier(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

                [EquivariantPolynomial("ab,bc->ac")]
                public static partial void Walks(ReadOnlyTensorSpan<double> x, TensorSpan<double> p);
            }

            public static class Runners
            {
                public static void MatMulIntoA(double[] a, double[] b, int n) => K.MatMul(new(a, [n, n]), new(b, [n, n]), new TensorSpan<double>(a, [n, n]));
                public static void MatMulIntoB(double[] a, double[] b, int n) => K.MatMul(new(a, [n, n]), new(b, [n, n]), new TensorSpan<double>(b, [n, n]));
                public static void MatMulAddIntoA(double[] a, double[] b, int n) => K.MatMulAdd(new(a, [n, n]), new(b, [n, n]), new TensorSpan<double>(a, [n, n]));
                public static void TransposeInPlace(double[] a, int n) => K.Transpose(new(a, [n, n]), new TensorSpan<double>(a, [n, n]));
                // The output is the second half of the input's array, overlapping its rows 1..n-1: a shifted view.
                public static void MatMulShifted(double[] a, double[] b, int n) => K.MatMul(new(a, 0, [n, n], default), new(b, [n, n]), new TensorSpan<double>(a, n, [n, n], default));
                public static void ResidualInPlace(double[] x, double[] w, int n) => K.Residual(new(x, [n, n]), new(w, [n, n]), new TensorSpan<double>(x, [n, n]));
                public static void GauntIntoX(double[] x, double[] y, int rows) => K.Gaunt(new(x, [rows, 4]), new(y, [rows, 4]), new TensorSpan<double>(x, [rows, 4]));
                public static void GauntFourierIntoY(double[] x, double[] y, int rows) => K.GauntFourier(new(x, [rows, 4]), new(y, [rows, 4]), new TensorSpan<double>(y, [rows, 4]));
                public static void WalksInPlace(double[] x, int n) => K.Walks(new(x, [n, n]), new TensorSpan<double>(x, [n, n]));

                // The GPU overloads, the output being the input's own device tensor (or a view of its buffer).
                public static double[] DeviceMatMulIntoA(TensorDevice d, double[] a, double[] b, int n)
                {
                    using var da = d.Upload(a, n, n);
                    using var db = d.Upload(b, n, n);
                    K.MatMul(d, da, db, da);
                    return da.ToArray();
                }
                public static double[] DeviceMatMulAddIntoTransposedA(TensorDevice d, double[] a, double[] b, int n)
                {
                    using var da = d.Upload(a, n, n);
                    using var db = d.Upload(b, n, n);
                    using var view = da.Transpose();
                    K.MatMulAdd(d, da, db, view);
                    return da.ToArray();
                }
                public static double[] DeviceResidualInPlace(TensorDevice d, double[] x, double[] w, int n)
                {
                    using var dx = d.Upload(x, n, n);
                    using var dw = d.Upload(w, n, n);
                    K.Residual(d, dx, dw, dx);
                    return dx.ToArray();
                }
                public static double[] DeviceGauntIntoX(TensorDevice d, double[] x, double[] y, int rows)
                {
                    using var dx = d.Upload(x, rows, 4);
                    using var dy = d.Upload(y, rows, 4);
                    K.Gaunt(d, dx, dy, dx);
                    return dx.ToArray();
                }
                public static double[] DeviceWalksInPlace(TensorDevice d, double[] x, int n)
                {
                    using var dx = d.Upload(x, n, n);
                    K.Walks(d, dx, dx);
                    return dx.ToArray();
                }
            }
            """;

        private static readonly Lazy<Assembly> s_assembly = new(() => GeneratorHarness.CompileAndLoad(Source));

        private static void Run(string runner, params object[] arguments) => s_assembly.Value.GetType("Runners")!.GetMethod(runner)!.Invoke(null, arguments);

        private static double[] Random(int count, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        }

        private static double[] Flat(Tensor<double> t)
        {
            var flat = new double[t.FlattenedLength];
            t.FlattenTo(flat);
            return flat;
        }

        private static void AssertClose(double[] expected, double[] actual, int offset = 0)
        {
            for (int e = 0; e < expected.Length; e++)
            {
                Assert.True(Math.Abs(expected[e] - actual[offset + e]) <= 1e-12 * (1 + Math.Abs(expected[e])), $"element {e}: {actual[offset + e]} against {expected[e]}");
            }
        }

        [Theory]
        [InlineData(5)]
        [InlineData(70)] // past the size where the GEMM packs and splits its work
        public void Einsum_output_that_is_an_operand(int n)
        {
            var a = Random(n * n, 1);
            var b = Random(n * n, 2);
            var expected = Flat(Einsum.Evaluate("ij,jk->ik", Tensor.Create((double[])a.Clone(), [n, n]), Tensor.Create((double[])b.Clone(), [n, n])));

            var intoA = (double[])a.Clone();
            Run("MatMulIntoA", intoA, b.Clone(), n);
            AssertClose(expected, intoA);

            var intoB = (double[])b.Clone();
            Run("MatMulIntoB", a.Clone(), intoB, n);
            AssertClose(expected, intoB);

            var accumulated = (double[])a.Clone();
            Run("MatMulAddIntoA", accumulated, b.Clone(), n);
            AssertClose(expected.Select((v, i) => v + a[i]).ToArray(), accumulated);
        }

        [Fact]
        public void Einsum_transpose_in_place_and_a_shifted_overlapping_view()
        {
            const int n = 9;
            var a = Random(n * n, 3);
            var t = (double[])a.Clone();
            Run("TransposeInPlace", t, n);
            AssertClose(Flat(Einsum.Evaluate("ij->ji", Tensor.Create((double[])a.Clone(), [n, n]))), t);

            var shifted = Random(2 * n * n, 4);
            var b = Random(n * n, 5);
            var expected = Flat(Einsum.Evaluate("ij,jk->ik", Tensor.Create(shifted.Take(n * n).ToArray(), [n, n]), Tensor.Create(b, [n, n])));
            var before = (double[])shifted.Clone();
            Run("MatMulShifted", shifted, b, n);
            AssertClose(expected, shifted, offset: n);
            Assert.Equal(before.Take(n), shifted.Take(n)); // the elements before the output view are untouched
        }

        [Fact]
        public void Program_output_that_is_an_input()
        {
            const int n = 37;
            var x = Random(n * n, 6);
            var w = Random(n * n, 7);
            var arguments = new System.Collections.Generic.Dictionary<string, object> { ["x"] = Tensor.Create((double[])x.Clone(), [n, n]), ["w"] = Tensor.Create(w, [n, n]) };
            var expected = Flat(TensorProgram.Evaluate("y[i,j] = relu(sum[k](x[i,k] * w[k,j]) + x[i,j])", arguments)["y"]);
            Run("ResidualInPlace", x, w, n);
            AssertClose(expected, x);
        }

        [Theory]
        [InlineData("GauntIntoX")]
        [InlineData("GauntFourierIntoY")]
        public void Gaunt_product_into_one_of_its_inputs(string runner)
        {
            const int rows = 50;
            var x = Random(rows * 4, 8);
            var y = Random(rows * 4, 9);
            // The oracle: z[r, c] = Σ G(a, b, c) x[r, a] y[r, b] over the (l, m) components of degree ≤ 1.
            var expected = new double[rows * 4];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    double sum = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        for (int j = 0; j < 4; j++)
                        {
                            var (l1, m1) = Lm(i);
                            var (l2, m2) = Lm(j);
                            var (l3, m3) = Lm(c);
                            sum += GauntCoefficients.Value(l1, m1, l2, m2, l3, m3) * x[r * 4 + i] * y[r * 4 + j];
                        }
                    }
                    expected[r * 4 + c] = sum;
                }
            }
            var output = runner == "GauntIntoX" ? x : y;
            Run(runner, x, y, rows);
            AssertClose(expected, output);
        }

        [Fact]
        public void Polynomial_output_that_is_its_input()
        {
            const int n = 23;
            var x = Random(n * n, 10);
            var xt = Tensor.Create((double[])x.Clone(), [n, n]);
            var expected = Flat(Einsum.Evaluate("ab,bc->ac", xt, xt));
            Run("WalksInPlace", x, n);
            AssertClose(expected, x);
        }

        [Fact]
        public void Gpu_overloads_with_an_output_that_is_an_input()
        {
            const int n = 11;
            var device = KernelChecker.Device.Value;
            var a = Random(n * n, 11);
            var b = Random(n * n, 12);
            var product = Flat(Einsum.Evaluate("ij,jk->ik", Tensor.Create((double[])a.Clone(), [n, n]), Tensor.Create((double[])b.Clone(), [n, n])));
            AssertClose(product, (double[])Device("DeviceMatMulIntoA", device, a.Clone(), b.Clone(), n));

            // a's transpose += a·b, written into a's own buffer through the transposed view: a[k, i] += (a·b)[i, k].
            var accumulated = (double[])Device("DeviceMatMulAddIntoTransposedA", device, a.Clone(), b.Clone(), n);
            var expected = new double[n * n];
            for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) expected[k * n + i] = a[k * n + i] + product[i * n + k];
            AssertClose(expected, accumulated);

            var w = Random(n * n, 13);
            var arguments = new System.Collections.Generic.Dictionary<string, object> { ["x"] = Tensor.Create((double[])a.Clone(), [n, n]), ["w"] = Tensor.Create(w, [n, n]) };
            AssertClose(Flat(TensorProgram.Evaluate("y[i,j] = relu(sum[k](x[i,k] * w[k,j]) + x[i,j])", arguments)["y"]),
                (double[])Device("DeviceResidualInPlace", device, a.Clone(), w, n));

            var at = Tensor.Create((double[])a.Clone(), [n, n]);
            AssertClose(Flat(Einsum.Evaluate("ab,bc->ac", at, at)), (double[])Device("DeviceWalksInPlace", device, a.Clone(), n));
        }

        [Fact]
        public void Gpu_gaunt_product_into_its_x()
        {
            const int rows = 9;
            var x = Random(rows * 4, 14);
            var y = Random(rows * 4, 15);
            var cpu = (double[])x.Clone();
            Run("GauntIntoX", cpu, y.Clone(), rows); // checked against the coefficient oracle above
            AssertClose(cpu, (double[])Device("DeviceGauntIntoX", KernelChecker.Device.Value, x.Clone(), y.Clone(), rows));
        }

        private static object Device(string runner, params object[] arguments) => s_assembly.Value.GetType("Runners")!.GetMethod(runner)!.Invoke(null, arguments)!;

        private static (int L, int M) Lm(int flat)
        {
            int l = (int)Math.Sqrt(flat);
            return (l, flat - l * l - l);
        }
    }
}
