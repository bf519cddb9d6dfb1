using System;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Gradients
{
    /// <summary>Forward kernels and the backward kernels TensorDsl derives for them from <c>[Gradient]</c> declarations.</summary>
    internal static partial class GradientKernels
    {
        [Einsum("ij,jk->ik")]
        public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

        [Gradient(nameof(MatMul))]
        public static partial void MatMulBackward(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> dC,
            TensorSpan<float> dA, TensorSpan<float> dB);

        [Einsum("ij,jk,kl->il")]
        public static partial void Chain(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, ReadOnlyTensorSpan<double> c, TensorSpan<double> o);

        // Only the middle factor's gradient, added into dB.
        [Gradient(nameof(Chain), Accumulate = true)]
        public static partial void ChainMiddleBackward(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, ReadOnlyTensorSpan<double> c,
            ReadOnlyTensorSpan<double> dO, TensorSpan<double> dB);

        [TensorProgram("y[n,o] = sum[i](scale * x[n,i] * w[i,o])")]
        public static partial void ScaledLayer(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> w, double scale, TensorSpan<double> y);

        [Gradient(nameof(ScaledLayer))]
        public static partial void ScaledLayerBackward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> w, double scale,
            ReadOnlyTensorSpan<double> dY, TensorSpan<double> dX, TensorSpan<double> dW);

        // The scalar's gradient, and w's after it (the forward's order: x, w, scale).
        [Gradient(nameof(ScaledLayer))]
        public static partial void ScaledLayerScaleBackward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> w, double scale,
            ReadOnlyTensorSpan<double> dY, TensorSpan<double> dW, TensorSpan<double> dScale);

        [Einsum("ij,jk->ik")]
        public static partial void MatMulDouble(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);

        [Gradient(nameof(MatMulDouble))]
        public static partial void MatMulDoubleBackward(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, ReadOnlyTensorSpan<double> dC,
            TensorSpan<double> dA, TensorSpan<double> dB);

        // Second derivatives: the backward above is a program of inputs a, b, dC and outputs dA, dB.
        [Gradient(nameof(MatMulDoubleBackward))]
        public static partial void MatMulDoubleSecond(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, ReadOnlyTensorSpan<double> dC,
            ReadOnlyTensorSpan<double> dDA, ReadOnlyTensorSpan<double> dDB, TensorSpan<double> dA, TensorSpan<double> dB, TensorSpan<double> dDC);

        [TensorProgram("y[i,k] = sum[j](x[i,j] * x[j,k])")]
        public static partial void Square(ReadOnlyTensorSpan<double> x, TensorSpan<double> y);

        [Gradient(nameof(Square))]
        public static partial void SquareBackward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> dY, TensorSpan<double> dX);

        [Einsum("...ij,...jk->...ik")]
        public static partial void BatchedMatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);

        [Gradient(nameof(BatchedMatMul))]
        public static partial void BatchedMatMulBackward(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, ReadOnlyTensorSpan<double> dC, TensorSpan<double> dA);

        [EquivariantPolynomial("ab,ac,ad,bc,cd->bd")]
        public static partial void Polynomial(ReadOnlyTensorSpan<double> x, TensorSpan<double> p);

        [Gradient(nameof(Polynomial))]
        public static partial void PolynomialBackward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> dP, TensorSpan<double> dX);
    }

    /// <summary>
    /// The generated backward kernels against the interpreter evaluating the gradients' closed forms as einsums
    /// (dA = dC·Bᵀ, dB = Aᵀ·dC, …): on the CPU, strided, accumulating, and on ILGPU's CPU accelerator.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class GradientKernelTests
    {
        private readonly TensorDevice _device;
        private readonly Random _rng = new Random(2024);

        public GradientKernelTests(DeviceFixture fixture) => _device = fixture.Device;

        [Fact]
        public void MatMul_backward_gives_both_gradients()
        {
            var a = TestData.Random(_rng, 5, 7);
            var b = TestData.Random(_rng, 7, 3);
            var dC = TestData.Random(_rng, 5, 3);
            var dA = new float[35];
            var dB = new float[21];
            GradientKernels.MatMulBackward(Span(a, 5, 7), Span(b, 7, 3), Span(dC, 5, 3), new TensorSpan<float>(dA, [5, 7]), new TensorSpan<float>(dB, [7, 3]));
            TestData.AssertClose(TestData.Expected("ik,jk->ij", TestData.Host(dC, 5, 3), TestData.Host(b, 7, 3)), dA);
            TestData.AssertClose(TestData.Expected("ij,ik->jk", TestData.Host(a, 5, 7), TestData.Host(dC, 5, 3)), dB);
        }

        [Fact]
        public void MatMul_backward_reads_a_transposed_view()
        {
            // a is passed as the transpose of a 7 × 5 array: strides [1, 5].
            var at = TestData.Random(_rng, 7, 5);
            var a = Enumerable.Range(0, 35).Select(p => at[(p % 7) * 5 + p / 7]).ToArray();
            var b = TestData.Random(_rng, 7, 3);
            var dC = TestData.Random(_rng, 5, 3);
            var dB = new float[21];
            var dA = new float[35];
            var view = new ReadOnlyTensorSpan<float>(TestData.ToFloat(at), 0, [5, 7], [1, 5]);
            GradientKernels.MatMulBackward(view, Span(b, 7, 3), Span(dC, 5, 3), new TensorSpan<float>(dA, [5, 7]), new TensorSpan<float>(dB, [7, 3]));
            TestData.AssertClose(TestData.Expected("ij,ik->jk", TestData.Host(a, 5, 7), TestData.Host(dC, 5, 3)), dB);
        }

        [Fact]
        public void Chain_backward_adds_the_middle_gradient_into_dB()
        {
            var a = TestData.Random(_rng, 4, 6);
            var b = TestData.Random(_rng, 6, 5);
            var c = TestData.Random(_rng, 5, 3);
            var dO = TestData.Random(_rng, 4, 3);
            var dB = TestData.Random(_rng, 6, 5);
            var before = (double[])dB.Clone();
            GradientKernels.ChainMiddleBackward(new(a, [4, 6]), new(b, [6, 5]), new(c, [5, 3]), new(dO, [4, 3]), new TensorSpan<double>(dB, [6, 5]));
            var expected = TestData.Expected("ij,il,kl->jk", TestData.Host(a, 4, 6), TestData.Host(dO, 4, 3), TestData.Host(c, 5, 3));
            TestData.AssertClose(expected.Select((e, p) => e + before[p]).ToArray(), dB, 1e-12);
        }

        [Fact]
        public void A_program_with_a_scalar_factor_differentiates_through_it()
        {
            var x = TestData.Random(_rng, 3, 4);
            var w = TestData.Random(_rng, 4, 2);
            var dY = TestData.Random(_rng, 3, 2);
            var dX = new double[12];
            var dW = new double[8];
            GradientKernels.ScaledLayerBackward(new(x, [3, 4]), new(w, [4, 2]), 0.5, new(dY, [3, 2]), new TensorSpan<double>(dX, [3, 4]), new TensorSpan<double>(dW, [4, 2]));
            TestData.AssertClose(TestData.Expected("no,io->ni", TestData.Host(dY, 3, 2), TestData.Host(w, 4, 2)).Select(v => 0.5 * v).ToArray(), dX, 1e-12);
            TestData.AssertClose(TestData.Expected("ni,no->io", TestData.Host(x, 3, 4), TestData.Host(dY, 3, 2)).Select(v => 0.5 * v).ToArray(), dW, 1e-12);
        }

        [Fact]
        public void A_wrong_shape_of_the_output_gradient_throws_before_writing()
        {
            var dA = Enumerable.Repeat(7f, 35).ToArray();
            var dB = new float[21];
            var e = Assert.Throws<ArgumentException>(() => GradientKernels.MatMulBackward(Span(TestData.Random(_rng, 5, 7), 5, 7), Span(TestData.Random(_rng, 7, 3), 7, 3),
                Span(TestData.Random(_rng, 5, 4), 5, 4), new TensorSpan<float>(dA, [5, 7]), new TensorSpan<float>(dB, [7, 3])));
            Assert.Contains("'k'", e.Message);
            Assert.All(dA, v => Assert.Equal(7f, v));
        }

        [Fact]
        public void An_ellipsis_einsum_backward_runs_with_the_group_expanded_at_the_call()
        {
            // dA[..., i, j] = Σk dC[..., i, k]·b[..., j, k], batch axes 2×3.
            var a = TestData.Random(_rng, 2, 3, 4, 5);
            var b = TestData.Random(_rng, 2, 3, 5, 2);
            var dC = TestData.Random(_rng, 2, 3, 4, 2);
            var dA = new double[120];
            GradientKernels.BatchedMatMulBackward(new(a, [2, 3, 4, 5]), new(b, [2, 3, 5, 2]), new(dC, [2, 3, 4, 2]), new TensorSpan<double>(dA, [2, 3, 4, 5]));
            TestData.AssertClose(TestData.Expected("xyik,xyjk->xyij", TestData.Host(dC, 2, 3, 4, 2), TestData.Host(b, 2, 3, 5, 2)), dA, 1e-12);
        }

        [Fact]
        public void MatMul_backward_runs_on_the_device()
        {
            var a = TestData.Random(_rng, 6, 4);
            var b = TestData.Random(_rng, 4, 5);
            var dC = TestData.Random(_rng, 6, 5);
            using var da = _device.Upload(TestData.ToFloat(a), 6, 4);
            using var db = _device.Upload(TestData.ToFloat(b), 4, 5);
            using var ddC = _device.Upload(TestData.ToFloat(dC), 6, 5);
            using var dA = _device.Allocate<float>(6, 4);
            using var dB = _device.Allocate<float>(4, 5);
            GradientKernels.MatMulBackward(_device, da, db, ddC, dA, dB);
            TestData.AssertClose(TestData.Expected("ik,jk->ij", TestData.Host(dC, 6, 5), TestData.Host(b, 4, 5)), dA.ToArray());
            TestData.AssertClose(TestData.Expected("ij,ik->jk", TestData.Host(a, 6, 4), TestData.Host(dC, 6, 5)), dB.ToArray());
        }

        [Fact]
        public void A_scalar_gradient_is_a_full_sum_into_a_tensor_of_shape_one()
        {
            var x = TestData.Random(_rng, 3, 4);
            var w = TestData.Random(_rng, 4, 2);
            var dY = TestData.Random(_rng, 3, 2);
            var dW = new double[8];
            var dScale = new double[1];
            GradientKernels.ScaledLayerScaleBackward(new(x, [3, 4]), new(w, [4, 2]), 0.5, new(dY, [3, 2]), new TensorSpan<double>(dW, [4, 2]), new TensorSpan<double>(dScale, [1]));
            // dScale = Σ dY ⊙ (x·w); dW = scale · xᵀ·dY.
            TestData.AssertClose(TestData.Expected("ni,io,no->", TestData.Host(x, 3, 4), TestData.Host(w, 4, 2), TestData.Host(dY, 3, 2)), dScale, 1e-12);
            TestData.AssertClose(TestData.Expected("ni,no->io", TestData.Host(x, 3, 4), TestData.Host(dY, 3, 2)).Select(v => 0.5 * v).ToArray(), dW, 1e-12);
        }

        [Fact]
        public void The_gradient_of_a_backward_is_the_second_derivative()
        {
            // L = <dDA, dC·bᵀ> + <dDB, aᵀ·dC>: ∂L/∂a = dC·dDBᵀ, ∂L/∂b = dDAᵀ·dC, ∂L/∂dC = dDA·b + a·dDB.
            var a = TestData.Random(_rng, 4, 5);
            var b = TestData.Random(_rng, 5, 3);
            var dC = TestData.Random(_rng, 4, 3);
            var dDA = TestData.Random(_rng, 4, 5);
            var dDB = TestData.Random(_rng, 5, 3);
            var dA = new double[20];
            var dB = new double[15];
            var dDC = new double[12];
            GradientKernels.MatMulDoubleSecond(new(a, [4, 5]), new(b, [5, 3]), new(dC, [4, 3]), new(dDA, [4, 5]), new(dDB, [5, 3]),
                new TensorSpan<double>(dA, [4, 5]), new TensorSpan<double>(dB, [5, 3]), new TensorSpan<double>(dDC, [4, 3]));
            TestData.AssertClose(TestData.Expected("ik,jk->ij", TestData.Host(dC, 4, 3), TestData.Host(dDB, 5, 3)), dA, 1e-12);
            TestData.AssertClose(TestData.Expected("ij,ik->jk", TestData.Host(dDA, 4, 5), TestData.Host(dC, 4, 3)), dB, 1e-12);
            var first = TestData.Expected("ij,jk->ik", TestData.Host(dDA, 4, 5), TestData.Host(b, 5, 3));
            var second = TestData.Expected("ij,jk->ik", TestData.Host(a, 4, 5), TestData.Host(dDB, 5, 3));
            TestData.AssertClose(first.Select((v, p) => v + second[p]).ToArray(), dDC, 1e-12);
        }

        [Fact]
        public void A_matrix_square_gradient_has_a_term_per_read()
        {
            // y = x·x: dX = dY·xᵀ + xᵀ·dY.
            var x = TestData.Random(_rng, 6, 6);
            var dY = TestData.Random(_rng, 6, 6);
            var dX = new double[36];
            GradientKernels.SquareBackward(new(x, [6, 6]), new(dY, [6, 6]), new TensorSpan<double>(dX, [6, 6]));
            var first = TestData.Expected("ik,jk->ij", TestData.Host(dY, 6, 6), TestData.Host(x, 6, 6));
            var second = TestData.Expected("ki,kj->ij", TestData.Host(x, 6, 6), TestData.Host(dY, 6, 6));
            TestData.AssertClose(first.Select((v, p) => v + second[p]).ToArray(), dX, 1e-12);
        }

        [Fact]
        public void A_graph_polynomial_gradient_matches_central_differences_of_the_generated_forward()
        {
            // L = Σ dP ⊙ P(x) through the generated forward kernel; Richardson-extrapolated central differences, every element.
            const int n = 6;
            var x = TestData.Random(_rng, n, n);
            var dP = TestData.Random(_rng, n, n);
            var dX = new double[n * n];
            GradientKernels.PolynomialBackward(new(x, [n, n]), new(dP, [n, n]), new TensorSpan<double>(dX, [n, n]));
            double Loss(double[] at)
            {
                var p = new double[n * n];
                GradientKernels.Polynomial(new(at, [n, n]), new TensorSpan<double>(p, [n, n]));
                return p.Select((v, i) => v * dP[i]).Sum();
            }
            for (int e = 0; e < n * n; e++)
            {
                double Central(double h)
                {
                    var plus = (double[])x.Clone();
                    var minus = (double[])x.Clone();
                    plus[e] += h;
                    minus[e] -= h;
                    return (Loss(plus) - Loss(minus)) / (2 * h);
                }
                double expected = (4 * Central(5e-4) - Central(1e-3)) / 3;
                Assert.True(Math.Abs(dX[e] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"dX[{e}] = {dX[e]:R}, central difference {expected:R}");
            }
        }

        [Fact]
        public void A_graph_polynomial_gradient_runs_on_the_device()
        {
            const int n = 5;
            var x = TestData.Random(_rng, n, n);
            var dP = TestData.Random(_rng, n, n);
            var expected = new double[n * n];
            GradientKernels.PolynomialBackward(new(x, [n, n]), new(dP, [n, n]), new TensorSpan<double>(expected, [n, n]));
            using var dx = _device.Upload(x, n, n);
            using var ddP = _device.Upload(dP, n, n);
            using var dX = _device.Allocate<double>(n, n);
            GradientKernels.PolynomialBackward(_device, dx, ddP, dX);
            TestData.AssertClose(expected, dX.ToArray(), 1e-12);
        }

        private static ReadOnlyTensorSpan<float> Span(double[] data, nint rows, nint cols) => new(TestData.ToFloat(data), [rows, cols]);
    }
}
