using System;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Language.Equivariant;
using TensorDsl.Runtime;
using Xunit;

namespace TensorDsl.Tests.Gaunt
{
    /// <summary>
    /// The generated <c>[GauntProduct]</c> kernels of <see cref="GauntKernels"/> (built by MSBuild with the generator, as a
    /// consumer builds them) on both backends, against a dense oracle and closed forms; and the runtime's row binder.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class GauntProductTests
    {
        private readonly TensorDevice _device;

        public GauntProductTests(DeviceFixture fixture) => _device = fixture.Device;

        /// <summary>z[r, I3] = Σ over every (I1, I2) of G·x[r, I1]·y[r, I2], zeros included.</summary>
        private static double[] Dense(double[] x, double[] y, int rows, int l1, int l2, int lOut)
        {
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1);
            var z = new double[rows * k3];
            for (int r = 0; r < rows; r++)
            {
                for (int i3 = 0; i3 < k3; i3++)
                {
                    var (a3, b3) = Degree(i3);
                    double sum = 0;
                    for (int i1 = 0; i1 < k1; i1++)
                    {
                        var (a1, b1) = Degree(i1);
                        for (int i2 = 0; i2 < k2; i2++)
                        {
                            var (a2, b2) = Degree(i2);
                            sum += GauntCoefficients.Value(a1, b1, a2, b2, a3, b3) * x[r * k1 + i1] * y[r * k2 + i2];
                        }
                    }
                    z[r * k3 + i3] = sum;
                }
            }
            return z;
        }

        private static (int L, int M) Degree(int flat)
        {
            int l = (int)Math.Sqrt(flat);
            return (l, flat - l * l - l);
        }

        [Fact]
        public void The_unrolled_double_kernel_matches_the_dense_oracle_on_both_backends()
        {
            var rng = new Random(1);
            int rows = 19;
            var x = TestData.Random(rng, rows * 9);
            var y = TestData.Random(rng, rows * 9);
            var expected = Dense(x, y, rows, 2, 2, 4);

            var z = new double[rows * 25];
            GauntKernels.Product224(new ReadOnlyTensorSpan<double>(x, new nint[] { rows, 9 }, default), new ReadOnlyTensorSpan<double>(y, new nint[] { rows, 9 }, default),
                new TensorSpan<double>(z, new nint[] { rows, 25 }, default));
            AssertClose(expected, z, 1e-12);

            using var dx = _device.Upload(x, rows, 9);
            using var dy = _device.Upload(y, rows, 9);
            using var dz = _device.Allocate<double>(rows, 25);
            GauntKernels.Product224(_device, dx, dy, dz);
            AssertClose(expected, dz.ToArray(), 1e-12);
        }

        [Fact]
        public void The_table_driven_kernel_matches_the_dense_oracle_on_both_backends()
        {
            var rng = new Random(2);
            int rows = 11;
            var x = TestData.Random(rng, rows * 25);
            var y = TestData.Random(rng, rows * 25);
            var expected = Dense(x, y, rows, 4, 4, 8);

            var z = new double[rows * 81];
            GauntKernels.Product448(new ReadOnlyTensorSpan<double>(x, new nint[] { rows, 25 }, default), new ReadOnlyTensorSpan<double>(y, new nint[] { rows, 25 }, default),
                new TensorSpan<double>(z, new nint[] { rows, 81 }, default));
            AssertClose(expected, z, 1e-12);

            using var dx = _device.Upload(x, rows, 25);
            using var dy = _device.Upload(y, rows, 25);
            using var dz = _device.Allocate<double>(rows, 81);
            GauntKernels.Product448(_device, dx, dy, dz);
            AssertClose(expected, dz.ToArray(), 1e-12);
        }

        [Fact]
        public void A_Fourier_kernel_matches_the_dense_oracle_on_both_backends()
        {
            // Fourier8816 runs GauntFourier on the CPU and DeviceGauntFourier in its GPU overload (here on ILGPU's CPU accelerator).
            var rng = new Random(4);
            int rows = 5;
            var x = TestData.Random(rng, rows * 81);
            var y = TestData.Random(rng, rows * 81);
            // The sum over the coefficient table, row by row (the full dense sum would take seconds at this size).
            var expected = Enumerable.Range(0, rows).SelectMany(r => TensorDsl.Tests.Equivariant.GauntEquivarianceTests.DenseProduct(8, 8, 16,
                x.AsSpan(r * 81, 81).ToArray(), y.AsSpan(r * 81, 81).ToArray())).ToArray();

            var z = new double[rows * 289];
            GauntKernels.Fourier8816(new ReadOnlyTensorSpan<double>(x, new nint[] { rows, 81 }, default), new ReadOnlyTensorSpan<double>(y, new nint[] { rows, 81 }, default),
                new TensorSpan<double>(z, new nint[] { rows, 289 }, default));
            AssertClose(expected, z, 1e-11);

            using var dx = _device.Upload(x, rows, 81);
            using var dy = _device.Upload(y, rows, 81);
            using var dz = _device.Allocate<double>(rows, 289);
            GauntKernels.Fourier8816(_device, dx, dy, dz);
            AssertClose(expected, dz.ToArray(), 1e-11);
        }

        [Fact]
        public void A_constant_x_scales_y_by_one_over_sqrt_4pi()
        {
            // G(00, lm, l'm') = δ(l,l')δ(m,m')/√(4π): with x = Y₀₀'s coefficient only, z is y up to LOut, scaled.
            var rng = new Random(3);
            var x = new float[3 * 16];
            for (int r = 0; r < 3; r++) x[r * 16] = 2f;
            var y = TestData.ToFloat(TestData.Random(rng, 3 * 4));
            var z = new float[3 * 9];
            GauntKernels.Product312(new ReadOnlyTensorSpan<float>(x, new nint[] { 3, 16 }, default), new ReadOnlyTensorSpan<float>(y, new nint[] { 3, 4 }, default),
                new TensorSpan<float>(z, new nint[] { 3, 9 }, default));
            for (int r = 0; r < 3; r++)
            {
                for (int i = 0; i < 9; i++)
                {
                    double want = i < 4 ? 2 * y[r * 4 + i] / Math.Sqrt(4 * Math.PI) : 0;
                    // Components of degree 2 also get x's degree-1..3 terms, which are zero here.
                    Assert.True(Math.Abs(z[r * 9 + i] - want) <= 1e-6, $"row {r} component {i}: {z[r * 9 + i]} vs {want}");
                }
            }
        }

        [Fact]
        public void Channels_broadcast_against_a_shared_operand()
        {
            // x: 4 nodes × 6 channels; y: one set of coefficients per node, shared by its channels (axis of length 1).
            var rng = new Random(4);
            var x = TestData.Random(rng, 4 * 6 * 9);
            var y = TestData.Random(rng, 4 * 1 * 9);
            var z = new double[4 * 6 * 25];
            GauntKernels.Product224(new ReadOnlyTensorSpan<double>(x, new nint[] { 4, 6, 9 }, default), new ReadOnlyTensorSpan<double>(y, new nint[] { 4, 1, 9 }, default),
                new TensorSpan<double>(z, new nint[] { 4, 6, 25 }, default));
            var yExpanded = Enumerable.Range(0, 4 * 6).SelectMany(r => y.Skip(r / 6 * 9).Take(9)).ToArray();
            AssertClose(Dense(x, yExpanded, 24, 2, 2, 4), z, 1e-12);
        }

        [Fact]
        public void Shape_errors_name_the_operand_the_axis_and_both_sizes()
        {
            var z = new double[2 * 25];
            var e = Assert.Throws<ArgumentException>(() => GauntKernels.Product224(
                new ReadOnlyTensorSpan<double>(new double[2 * 9], new nint[] { 2, 9 }, default),
                new ReadOnlyTensorSpan<double>(new double[2 * 16], new nint[] { 2, 16 }, default),
                new TensorSpan<double>(z, new nint[] { 2, 25 }, default)));
            Assert.Equal("y", e.ParamName);
            Assert.Contains("length 16 on axis 1", e.Message, StringComparison.Ordinal);
            Assert.Contains("= 9", e.Message, StringComparison.Ordinal);
            Assert.All(z, v => Assert.Equal(0.0, v));
        }

        [Fact]
        public void Rows_broadcast_merge_and_walk_in_row_major_order()
        {
            // x [3, 1, 4, K], y [1, 5, 4, K], z [3, 5, 4, K] dense: x broadcasts on axis 1, y on axis 0.
            nint k1 = 4, k2 = 9, k3 = 16;
            nint[] xl = { 3, 1, 4, k1 }, yl = { 1, 5, 4, k2 }, zl = { 3, 5, 4, k3 };
            nint[] xs = { 4 * k1, 0, k1, 1 }, ys = { 0, 4 * k2, k2, 1 }, zs = { 5 * 4 * k3, 4 * k3, k3, 1 };
            Span<nint> state = stackalloc nint[GauntRows.StateLength(4)];
            var rows = GauntRows.Bind("x", xl, xs, "y", yl, ys, "z", zl, zs, 1, 2, 3, state);
            Assert.Equal(60, rows.Count);
            // z's axes 1 and 2 are contiguous in z and y, but x broadcasts on axis 1 only: nothing merges.
            Assert.Equal(3, rows.Axes);
            for (int a = 0; a < 3; a++)
            {
                for (int b = 0; b < 5; b++)
                {
                    for (int c = 0; c < 4; c++)
                    {
                        rows.Next(out nint ox, out nint oy, out nint oz);
                        Assert.Equal(a * xs[0] + c * xs[2], ox);
                        Assert.Equal(b * ys[1] + c * ys[2], oy);
                        Assert.Equal(a * zs[0] + b * zs[1] + c * zs[2], oz);
                    }
                }
            }
        }

        [Fact]
        public void Contiguous_axes_merge_into_one()
        {
            nint[] l = { 2, 3, 5, 4 };
            nint[] s = { 60, 20, 4, 1 };
            Span<nint> state = stackalloc nint[GauntRows.StateLength(4)];
            var rows = GauntRows.Bind("x", l, s, "y", l, s, "z", l, s, 1, 1, 1, state);
            Assert.Equal(1, rows.Axes);
            Assert.Equal(30, rows.Length(0));
            Assert.Equal(4, rows.StrideX(0));
            for (int r = 0; r < 30; r++)
            {
                rows.Next(out nint ox, out _, out nint oz);
                Assert.Equal(4 * r, ox);
                Assert.Equal(4 * r, oz);
            }
        }

        private static void AssertClose(double[] expected, double[] actual, double tolerance)
        {
            Assert.Equal(expected.Length, actual.Length);
            double scale = Math.Max(1e-300, expected.Max(Math.Abs));
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"element {i}: {actual[i]} vs {expected[i]}");
            }
        }
    }
}
