using System;
using System.Linq;
using TensorDsl.Gpu.Equivariant;
using Xunit;

namespace TensorDsl.Tests.GpuEquivariant
{
    /// <summary>
    /// <see cref="DeviceGauntFourier"/> on ILGPU's default CPU accelerator (groups of 16 threads) against the dense Gaunt oracle
    /// (<see cref="GauntDenseOracle"/>, every index triple of <c>GauntCoefficients.Value</c>): every (L1, L2) ≤ 8 in double at
    /// 1e-10, float at 1e-4 relative, truncated outputs, rows that do not fill a tile, the global-memory work area. Every output
    /// starts as NaN, so an element the kernel does not write fails.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class DeviceGauntFourierTests
    {
        private readonly TensorDevice _device;

        public DeviceGauntFourierTests(DeviceFixture fixture) => _device = fixture.Device;

        private static int Size(int l) => GauntDenseOracle.Size(l);

        /// <summary>Runs one product of <paramref name="rows"/> dense rows on the device and returns z in double.</summary>
        internal static double[] Run<T>(TensorDevice device, int l1, int l2, int lOut, double[] x, double[] y, int rows) where T : unmanaged
        {
            using var dx = device.Upload(Convert<T>(x), rows, Size(l1));
            using var dy = device.Upload(Convert<T>(y), rows, Size(l2));
            using var dz = device.Upload(Convert<T>(Enumerable.Repeat(double.NaN, rows * Size(lOut)).ToArray()), rows, Size(lOut));
            if (typeof(T) == typeof(double))
            {
                DeviceGauntFourier.Product(device, l1, l2, lOut, (DeviceTensor<double>)(object)dx, (DeviceTensor<double>)(object)dy, (DeviceTensor<double>)(object)dz);
            }
            else
            {
                DeviceGauntFourier.Product(device, l1, l2, lOut, (DeviceTensor<float>)(object)dx, (DeviceTensor<float>)(object)dy, (DeviceTensor<float>)(object)dz);
            }
            return ToDouble(dz.ToArray());
        }

        internal static T[] Convert<T>(double[] data) where T : unmanaged
            => typeof(T) == typeof(double) ? (T[])(object)data.ToArray() : (T[])(object)TestData.ToFloat(data);

        internal static double[] ToDouble<T>(T[] data) where T : unmanaged
            => typeof(T) == typeof(double) ? (double[])(object)data : TestData.ToDouble((float[])(object)data);

        /// <summary>Largest |actual − expected| over the largest |expected| (the scale of the row's coefficients).</summary>
        internal static double RelativeError(double[] expected, double[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            double scale = 1e-300, error = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                scale = Math.Max(scale, Math.Abs(expected[i]));
                double e = Math.Abs(actual[i] - expected[i]);
                error = double.IsNaN(e) ? double.PositiveInfinity : Math.Max(error, e);
            }
            return error / scale;
        }

        [Fact]
        public void Double_matches_the_dense_oracle_for_every_degree_pair_up_to_8()
        {
            var rng = new Random(31);
            const int rows = 3;
            double worst = 0;
            for (int l1 = 0; l1 <= 8; l1++)
            {
                for (int l2 = 0; l2 <= 8; l2++)
                {
                    double[] x = TestData.Random(rng, rows * Size(l1));
                    double[] y = TestData.Random(rng, rows * Size(l2));
                    // The full product, and a truncation that cuts inside the product's degrees.
                    foreach (int lOut in new[] { l1 + l2, Math.Abs(l1 - l2) }.Distinct())
                    {
                        double[] expected = GauntDenseOracle.Product(l1, l2, lOut, x, y, rows);
                        double[] actual = Run<double>(_device, l1, l2, lOut, x, y, rows);
                        double error = RelativeError(expected, actual);
                        worst = Math.Max(worst, error);
                        Assert.True(error < 1e-10, $"l1={l1} l2={l2} lOut={lOut}: relative error {error:e2}");
                    }
                }
            }
            Assert.True(worst < 1e-12, $"largest error {worst:e2}");
        }

        [Fact]
        public void Float_matches_the_dense_oracle_for_every_degree_pair_up_to_8()
        {
            var rng = new Random(32);
            const int rows = 3;
            for (int l1 = 0; l1 <= 8; l1++)
            {
                for (int l2 = 0; l2 <= 8; l2++)
                {
                    // Inputs representable in float, so the oracle sees exactly what the kernel reads.
                    double[] x = TestData.ToDouble(TestData.ToFloat(TestData.Random(rng, rows * Size(l1))));
                    double[] y = TestData.ToDouble(TestData.ToFloat(TestData.Random(rng, rows * Size(l2))));
                    int lOut = l1 + l2;
                    double[] expected = GauntDenseOracle.Product(l1, l2, lOut, x, y, rows);
                    double error = RelativeError(expected, Run<float>(_device, l1, l2, lOut, x, y, rows));
                    Assert.True(error < 1e-4, $"l1={l1} l2={l2} lOut={lOut}: relative error {error:e2}");
                }
            }
        }

        /// <summary>Degree 12 (the largest grids kept in shared memory in double: 25 × 25 product quarter) and 16 (global work area).</summary>
        [Theory]
        [InlineData(12, 12, 24)]
        [InlineData(12, 7, 15)]
        [InlineData(16, 16, 32)]
        public void Large_degrees_match_the_sparse_oracle(int l1, int l2, int lOut)
        {
            var rng = new Random(33 + l1 + l2);
            const int rows = 2;
            double[] x = TestData.ToDouble(TestData.ToFloat(TestData.Random(rng, rows * Size(l1))));
            double[] y = TestData.ToDouble(TestData.ToFloat(TestData.Random(rng, rows * Size(l2))));
            double[] expected = SparseOracle(l1, l2, lOut, x, y, rows);
            double error = RelativeError(expected, Run<double>(_device, l1, l2, lOut, x, y, rows));
            Assert.True(error < 1e-10, $"double: relative error {error:e2}");
            error = RelativeError(expected, Run<float>(_device, l1, l2, lOut, x, y, rows));
            Assert.True(error < 1e-4, $"float: relative error {error:e2}");
        }

        /// <summary>Many rows of small degrees: several rows per tile, several tiles, the last one partial.</summary>
        [Theory]
        [InlineData(1, 1, 2, 37)]
        [InlineData(2, 1, 3, 50)]
        [InlineData(0, 3, 3, 21)]
        [InlineData(3, 3, 2, 13)]
        public void Many_rows_fill_tiles_and_a_partial_last_tile(int l1, int l2, int lOut, int rows)
        {
            var rng = new Random(34 + rows);
            double[] x = TestData.Random(rng, rows * Size(l1));
            double[] y = TestData.Random(rng, rows * Size(l2));
            double[] expected = GauntDenseOracle.Product(l1, l2, lOut, x, y, rows);
            double error = RelativeError(expected, Run<double>(_device, l1, l2, lOut, x, y, rows));
            Assert.True(error < 1e-12, $"relative error {error:e2}");
        }

        [Fact]
        public void Global_work_area_gives_the_same_result()
        {
            var rng = new Random(35);
            const int rows = 9;
            try
            {
                DeviceGauntFourier.ForceGlobal = true;
                foreach (var (l1, l2, lOut) in new[] { (1, 1, 2), (3, 4, 5), (5, 2, 7) })
                {
                    double[] x = TestData.Random(rng, rows * Size(l1));
                    double[] y = TestData.Random(rng, rows * Size(l2));
                    double[] expected = GauntDenseOracle.Product(l1, l2, lOut, x, y, rows);
                    double error = RelativeError(expected, Run<double>(_device, l1, l2, lOut, x, y, rows));
                    Assert.True(error < 1e-12, $"({l1}, {l2}, {lOut}) double: relative error {error:e2}");
                    error = RelativeError(expected, Run<float>(_device, l1, l2, lOut, TestData.ToDouble(TestData.ToFloat(x)), TestData.ToDouble(TestData.ToFloat(y)), rows));
                    Assert.True(error < 1e-4, $"({l1}, {l2}, {lOut}) float: relative error {error:e2}");
                }
            }
            finally
            {
                DeviceGauntFourier.ForceGlobal = false;
            }
        }

        [Fact]
        public void A_rank_one_call_is_one_row()
        {
            var rng = new Random(36);
            double[] x = TestData.Random(rng, Size(3));
            double[] y = TestData.Random(rng, Size(2));
            using var dx = _device.Upload(x);
            using var dy = _device.Upload(y);
            using var dz = _device.Upload(Enumerable.Repeat(double.NaN, Size(4)).ToArray());
            DeviceGauntFourier.Product(_device, 3, 2, 4, dx, dy, dz);
            Assert.True(RelativeError(GauntDenseOracle.Product(3, 2, 4, x, y, 1), dz.ToArray()) < 1e-12);
        }

        [Fact]
        public void An_empty_batch_writes_nothing_and_does_not_throw()
        {
            using var dx = _device.Allocate<double>(0, Size(2));
            using var dy = _device.Allocate<double>(1, Size(2));
            using var dz = _device.Allocate<double>(0, Size(4));
            DeviceGauntFourier.Product(_device, 2, 2, 4, dx, dy, dz);
            Assert.Equal(0, dz.FlattenedLength);
        }

        /// <summary>
        /// x a permuted view [2, 3, K1] (batch and channel strides swapped), y [3, K2] without the batch axis and with a
        /// coefficient stride of 2, z a slice [2, 3, K3] of a [2, 5, K3] buffer: the elements outside the slice keep their values.
        /// </summary>
        [Fact]
        public void Broadcast_and_strided_operands_follow_the_numpy_rules()
        {
            var rng = new Random(37);
            const int l1 = 3, l2 = 2, lOut = 4, batch = 2, channels = 3;
            int k1 = Size(l1), k2 = Size(l2), k3 = Size(lOut);
            // x stored as [channels, batch, K1], viewed as [batch, channels, K1].
            double[] xStored = TestData.Random(rng, channels * batch * k1);
            // y stored with a gap after every coefficient, from element 1 on.
            double[] yStored = TestData.Random(rng, 1 + channels * 2 * k2);
            double[] zStored = Enumerable.Range(0, batch * 5 * k3).Select(i => 1000.0 + i).ToArray();
            using var xs = _device.Upload(xStored, channels, batch, k1);
            using var x = xs.Permute(1, 0, 2);
            using var y = _device.Upload(yStored, 1, new nint[] { channels, k2 }, new nint[] { 2 * k2, 2 });
            using var zs = _device.Upload(zStored, batch, 5, k3);
            using var z = zs.Slice(1, 1, channels);
            DeviceGauntFourier.Product(_device, l1, l2, lOut, x, y, z);

            double[] buffer = zs.DownloadBuffer();
            for (int b = 0; b < batch; b++)
            {
                for (int c = 0; c < channels; c++)
                {
                    double[] xr = Enumerable.Range(0, k1).Select(i => xStored[(c * batch + b) * k1 + i]).ToArray();
                    double[] yr = Enumerable.Range(0, k2).Select(i => yStored[1 + c * 2 * k2 + 2 * i]).ToArray();
                    double[] expected = GauntDenseOracle.Product(l1, l2, lOut, xr, yr, 1);
                    double[] actual = buffer.Skip((b * 5 + c + 1) * k3).Take(k3).ToArray();
                    Assert.True(RelativeError(expected, actual) < 1e-12, $"row ({b}, {c})");
                }
                foreach (int untouched in new[] { 0, 4 })
                {
                    for (int i = 0; i < k3; i++) Assert.Equal(zStored[(b * 5 + untouched) * k3 + i], buffer[(b * 5 + untouched) * k3 + i]);
                }
            }
        }

        /// <summary>Length-1 axes broadcast against longer ones on both sides: x [1, 3, K1], y [2, 1, K2] → z [2, 3, K3].</summary>
        [Fact]
        public void Length_one_axes_broadcast_on_both_operands()
        {
            var rng = new Random(38);
            const int l1 = 2, l2 = 3, lOut = 5;
            int k1 = Size(l1), k2 = Size(l2), k3 = Size(lOut);
            double[] x = TestData.Random(rng, 3 * k1);
            double[] y = TestData.Random(rng, 2 * k2);
            using var dx = _device.Upload(x, 1, 3, k1);
            using var dy = _device.Upload(y, 2, 1, k2);
            using var dz = _device.Upload(Enumerable.Repeat(float.NaN, 6 * k3).Select(v => (double)v).ToArray(), 2, 3, k3);
            DeviceGauntFourier.Product(_device, l1, l2, lOut, dx, dy, dz);
            double[] actual = dz.ToArray();
            for (int b = 0; b < 2; b++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double[] expected = GauntDenseOracle.Product(l1, l2, lOut, x.Skip(c * k1).Take(k1).ToArray(), y.Skip(b * k2).Take(k2).ToArray(), 1);
                    Assert.True(RelativeError(expected, actual.Skip((b * 3 + c) * k3).Take(k3).ToArray()) < 1e-12, $"row ({b}, {c})");
                }
            }
        }

        [Fact]
        public void One_kernel_per_element_type_serves_every_degree_and_tables_are_cached()
        {
            using var device = TensorDevice.CreateCpu();
            var rng = new Random(39);
            Run<double>(device, 1, 2, 3, TestData.Random(rng, 2 * Size(1)), TestData.Random(rng, 2 * Size(2)), 2);
            int kernels = device.LoadedKernelCount;
            Run<double>(device, 4, 2, 5, TestData.Random(rng, 2 * Size(4)), TestData.Random(rng, 2 * Size(2)), 2);
            Run<double>(device, 1, 2, 3, TestData.Random(rng, 2 * Size(1)), TestData.Random(rng, 2 * Size(2)), 2);
            Assert.Equal(kernels, device.LoadedKernelCount);
            Run<float>(device, 1, 2, 3, TestData.Random(rng, 2 * Size(1)), TestData.Random(rng, 2 * Size(2)), 2);
            Assert.Equal(kernels + 1, device.LoadedKernelCount);
        }

        /// <summary>The sum over the nonzero coefficients only (<c>GauntCoefficients.Table</c>), for degrees whose dense tensor is large.</summary>
        private static double[] SparseOracle(int l1, int l2, int lOut, double[] x, double[] y, int rows)
        {
            var table = TensorDsl.Language.Equivariant.GauntCoefficients.Table(l1, l2, lOut);
            int s1 = Size(l1), s2 = Size(l2), so = Size(lOut);
            var z = new double[rows * so];
            for (int r = 0; r < rows; r++)
            {
                foreach (var e in table) z[r * so + e.I3] += e.Value * x[r * s1 + e.I1] * y[r * s2 + e.I2];
            }
            return z;
        }
    }
}
