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
    }
}
