using System;
using TensorDsl.Gpu.Attention;
using Xunit;

namespace TensorDsl.Tests.GpuAttention
{
    /// <summary>
    /// The attention kernels with the group shape they get on a GPU (16 query rows × 4 lanes = 64 threads per group), on
    /// ILGPU's CPU accelerator configured with GPU-sized groups: several query tiles, partial last tiles, several feature
    /// chunks and column blocks.
    /// </summary>
    public sealed class StreamingAttentionGroupShapeTests : IClassFixture<GpuSizedGroupsFixture>
    {
        private readonly TensorDevice _device;
        private readonly Random _rng = new Random(31);

        public StreamingAttentionGroupShapeTests(GpuSizedGroupsFixture fixture) => _device = fixture.Device;

        [Fact]
        public void The_device_gets_16_query_rows_per_group()
            => Assert.Equal(AttentionTiling.MaxRows, AttentionTiling.RowsPerGroup(_device.Accelerator));

        [Fact]
        public void Standard_matches_the_reference()
        {
            StreamingAttentionTests.RunStandard<double>(_device, _rng, 40, 37, 40, 70, DeviceKeyWindow.Relative(-19, 1));
            StreamingAttentionTests.RunStandard<float>(_device, _rng, 40, 37, 5, 7, DeviceKeyWindow.Full);
        }

        [Fact]
        public void Tensor_matches_the_reference()
        {
            StreamingAttentionTests.RunTensor<double>(_device, _rng, 20, 19, 21, 5, 66, DeviceKeyWindow.Relative(-9, 1), DeviceKeyWindow.Relative(-4, 2));
            StreamingAttentionTests.RunTensor<float>(_device, _rng, 33, 17, 9, 3, 4, DeviceKeyWindow.Full, DeviceKeyWindow.Full);
        }
    }
}
