using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Tests.GpuEquivariant;
using Xunit;

namespace TensorDsl.Tests.Gaunt
{
    /// <summary>Programs that use <c>gaunt[…]</c> inline.</summary>
    internal static partial class GauntProgramKernels
    {
        /// <summary>The program of <see cref="Layer"/>: an equivariant layer in one method.</summary>
        public const string LayerText = @"
            h[n,c,k] = gaunt[2,2,4](x[n,c,i], y[n,j])
            m[n,d,k] = sum[c](h[n,c,k] * w[c,d])
            q[n,d] = sum[k](m[n,d,k] * m[n,d,k])
            o[n,d,k] = m[n,d,k] * sigmoid(q[n,d])";

        // A Gaunt product per node and channel (y shared by a node's channels), a channel mix, and a gate by the invariant
        // norm of each output channel.
        [TensorProgram(LayerText)]
        public static partial void Layer(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> w, TensorSpan<double> o);

        // Degrees (4, 4, 8) in float: Auto takes the Fourier lowering; x's leading axes in another order than z's.
        [TensorProgram("z[b,c,k] = gaunt[4,4,8](x[c,b,i], y[b,j])")]
        public static partial void Permuted(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        // The same product with the leading axes in z's order: on the GPU the device Fourier kernels take the tensors as they are.
        [TensorProgram("z[b,c,k] = gaunt[4,4,8](x[b,c,i], y[b,c,j])")]
        public static partial void InOrder(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);
    }

    /// <summary>
    /// <c>gaunt[L1,L2,LOut](x, y)</c> as a statement of a <c>[TensorProgram]</c>, on both backends (the GPU overload on ILGPU's
    /// CPU accelerator): every result is checked against the dense Gaunt product built in the test from
    /// <c>GauntCoefficients.Value</c> (<see cref="GauntDenseOracle"/>) and plain loops for the rest of the program, and the
    /// interpreter is checked against the same oracle.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class GauntProgramTests
    {
        private const int N = 5, C = 3, D = 4;

        // The layer from its definition: Gaunt per (n, c) with y[n], mix over c, gate by the norm.
        private static double[] LayerOracle(double[] x, double[] y, double[] w)
        {
            var yRows = Enumerable.Range(0, N * C).SelectMany(r => y.Skip(r / C * 9).Take(9)).ToArray();
            var h = GauntDenseOracle.Product(2, 2, 4, x, yRows, N * C); // [n, c, 25]
            var o = new double[N * D * 25];
            for (int n = 0; n < N; n++)
            {
                for (int d = 0; d < D; d++)
                {
                    var m = new double[25];
                    for (int k = 0; k < 25; k++)
                    {
                        for (int c = 0; c < C; c++) m[k] += h[(n * C + c) * 25 + k] * w[c * D + d];
                    }
                    double q = m.Sum(v => v * v);
                    double gate = 1 / (1 + Math.Exp(-q));
                    for (int k = 0; k < 25; k++) o[(n * D + d) * 25 + k] = m[k] * gate;
                }
            }
            return o;
        }

        [Fact]
        public void An_equivariant_layer_with_gaunt_inline_matches_its_definition_on_both_backends()
        {
            var rng = new Random(11);
            var x = TestData.Random(rng, N, C, 9);
            var y = TestData.Random(rng, N, 9);
            var w = TestData.Random(rng, C, D);
            var expected = LayerOracle(x, y, w);

            var o = new double[N * D * 25];
            GauntProgramKernels.Layer(new ReadOnlyTensorSpan<double>(x, [N, C, 9]), new ReadOnlyTensorSpan<double>(y, [N, 9]),
                new ReadOnlyTensorSpan<double>(w, [C, D]), new TensorSpan<double>(o, [N, D, 25]));
            TestData.AssertClose(expected, o, 1e-12);

            using var device = TensorDevice.CreateCpu();
            using var dx = device.Upload(x, N, C, 9);
            using var dy = device.Upload(y, N, 9);
            using var dw = device.Upload(w, C, D);
            using var dout = device.Allocate<double>(N, D, 25);
            GauntProgramKernels.Layer(device, dx, dy, dw, dout);
            TestData.AssertClose(expected, dout.ToArray(), 1e-12);

            var interpreted = TensorProgram.Evaluate(GauntProgramKernels.LayerText, new Dictionary<string, object>
            {
                ["x"] = TestData.Host(x, N, C, 9), ["y"] = TestData.Host(y, N, 9), ["w"] = TestData.Host(w, C, D),
            });
            TestData.AssertClose(expected, interpreted["o"].ToArray(), 1e-12);
        }

        [Fact]
        public void A_gaunt_product_broadcasts_leading_axes_as_numpy_but_never_a_harmonic_axis()
        {
            // [GauntProduct(2, 2, 4)]: y of rank 1 is one set of coefficients for every row of x (NumPy's right-aligned rule).
            var rng = new Random(13);
            var x = TestData.Random(rng, 3, 4, 9);
            var y = TestData.Random(rng, 9);
            var z = new double[3 * 4 * 25];
            GauntKernels.Product224(new ReadOnlyTensorSpan<double>(x, [3, 4, 9]), new ReadOnlyTensorSpan<double>(y, [9]), new TensorSpan<double>(z, [3, 4, 25]));
            var yRows = Enumerable.Range(0, 12).SelectMany(_ => y).ToArray();
            TestData.AssertClose(GauntDenseOracle.Product(2, 2, 4, x, yRows, 12), z, 1e-12);

            // A harmonic axis of length 1 is a shape error, not a broadcast: it names the operand and the degree.
            var e = Assert.Throws<ArgumentException>(() => GauntKernels.Product224(new ReadOnlyTensorSpan<double>(x, [3, 4, 9]),
                new ReadOnlyTensorSpan<double>(y, [1]), new TensorSpan<double>(z, [3, 4, 25])));
            Assert.Equal("y", e.ParamName);
            Assert.Contains("L2 = 2", e.Message, StringComparison.Ordinal);
            Assert.Contains("length 1 on axis 0", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Operands_in_any_leading_order_and_layout_give_the_product_per_point()
        {
            const int B = 6, Ch = 7;
            var rng = new Random(12);
            var x = TestData.Random(rng, Ch, B, 25); // x[c, b, i]
            var y = TestData.Random(rng, B, 25);     // y[b, j], shared by the channels
            // The oracle's rows in z's order (b, c).
            var xRows = new double[B * Ch * 25];
            var yRows = new double[B * Ch * 25];
            for (int b = 0; b < B; b++)
            {
                for (int c = 0; c < Ch; c++)
                {
                    Array.Copy(x, (c * B + b) * 25, xRows, (b * Ch + c) * 25, 25);
                    Array.Copy(y, b * 25, yRows, (b * Ch + c) * 25, 25);
                }
            }
            var expected = GauntDenseOracle.Product(4, 4, 8, xRows, yRows, B * Ch);

            // z written through a strided view: every other element of a larger buffer.
            var zBuffer = new float[2 * B * Ch * 81];
            GauntProgramKernels.Permuted(new ReadOnlyTensorSpan<float>(TestData.ToFloat(x), [Ch, B, 25]), new ReadOnlyTensorSpan<float>(TestData.ToFloat(y), [B, 25]),
                new TensorSpan<float>(zBuffer, [B, Ch, 81], [Ch * 162, 162, 2]));
            var z = Enumerable.Range(0, B * Ch * 81).Select(e => (double)zBuffer[2 * e]).ToArray();
            TestData.AssertClose(expected, z, 1e-5);
            Assert.All(Enumerable.Range(0, B * Ch * 81), e => Assert.Equal(0f, zBuffer[2 * e + 1]));

            using var device = TensorDevice.CreateCpu();
            using var dx = device.Upload(TestData.ToFloat(x), Ch, B, 25);
            using var dy = device.Upload(TestData.ToFloat(y), B, 25);
            using var dz = device.Allocate<float>(B, Ch, 81);
            GauntProgramKernels.Permuted(device, dx, dy, dz);
            TestData.AssertClose(expected, TestData.ToDouble(dz.ToArray()), 1e-5);

            // The same product with the operands in z's order runs the device Fourier kernels.
            using var dxo = device.Upload(TestData.ToFloat(xRows), B, Ch, 25);
            using var dyo = device.Upload(TestData.ToFloat(yRows), B, Ch, 25);
            using var dzo = device.Allocate<float>(B, Ch, 81);
            GauntProgramKernels.InOrder(device, dxo, dyo, dzo);
            TestData.AssertClose(expected, TestData.ToDouble(dzo.ToArray()), 1e-5);
        }
    }
}
