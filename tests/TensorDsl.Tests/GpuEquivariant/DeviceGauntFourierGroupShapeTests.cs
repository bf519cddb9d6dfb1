using System;
using TensorDsl.Gpu.Equivariant;
using Xunit;

namespace TensorDsl.Tests.GpuEquivariant
{
    /// <summary>
    /// <see cref="DeviceGauntFourier"/> with the group shape it gets on a GPU (128 threads, several rows per tile for small
    /// degrees), on ILGPU's CPU accelerator configured with GPU-sized groups, against the dense oracle.
    /// </summary>
    public sealed class DeviceGauntFourierGroupShapeTests : IClassFixture<GpuSizedGroupsFixture>
    {
        private readonly TensorDevice _device;

        public DeviceGauntFourierGroupShapeTests(GpuSizedGroupsFixture fixture) => _device = fixture.Device;

        [Theory]
        [InlineData(1, 1, 2, 70)]  // 9 convolution items per row: 29 rows per tile, three tiles, the last partial
        [InlineData(2, 3, 4, 23)]
        [InlineData(6, 5, 11, 5)]  // 132 items per row: one row per tile
        [InlineData(8, 8, 16, 3)]
        public void Matches_the_dense_oracle(int l1, int l2, int lOut, int rows)
        {
            var rng = new Random(41 + rows);
            int k1 = GauntDenseOracle.Size(l1), k2 = GauntDenseOracle.Size(l2);
            double[] x = TestData.ToDouble(TestData.ToFloat(TestData.Random(rng, rows * k1)));
            double[] y = TestData.ToDouble(TestData.ToFloat(TestData.Random(rng, rows * k2)));
            double[] expected = GauntDenseOracle.Product(l1, l2, lOut, x, y, rows);
            double error = DeviceGauntFourierTests.RelativeError(expected, DeviceGauntFourierTests.Run<double>(_device, l1, l2, lOut, x, y, rows));
            Assert.True(error < 1e-12, $"double: relative error {error:e2}");
            error = DeviceGauntFourierTests.RelativeError(expected, DeviceGauntFourierTests.Run<float>(_device, l1, l2, lOut, x, y, rows));
            Assert.True(error < 1e-4, $"float: relative error {error:e2}");
        }
    }
}
