using System;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Equivariant;
using TensorDsl.Gpu.Equivariant;
using Xunit;

namespace TensorDsl.Tests.GpuEquivariant
{
    /// <summary>
    /// <see cref="DeviceGauntFourier"/> rejects what the CPU's <see cref="GauntFourier"/> rejects, with the same exception type,
    /// parameter name and message (both are called with the same degrees and shapes), and writes nothing to z when it throws;
    /// plus the device-only checks (another device, a shared buffer, a disposed tensor).
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class DeviceGauntFourierArgumentTests
    {
        private readonly TensorDevice _device;

        public DeviceGauntFourierArgumentTests(DeviceFixture fixture) => _device = fixture.Device;

        /// <summary>(l1, l2, lOut, x shape, y shape, z shape, z strides or null for row-major).</summary>
        public static TheoryData<int, int, int, nint[], nint[], nint[], nint[]?> BadCalls() => new()
        {
            { -1, 1, 1, new nint[] { 2, 1 }, new nint[] { 2, 4 }, new nint[] { 2, 4 }, null },   // negative degree
            { 1, 33, 1, new nint[] { 2, 4 }, new nint[] { 2, 4 }, new nint[] { 2, 4 }, null },   // degree above 32
            { 1, 1, 3, new nint[] { 2, 4 }, new nint[] { 2, 4 }, new nint[] { 2, 16 }, null },   // lOut > l1 + l2
            { 1, 1, 2, new nint[] { 2, 5 }, new nint[] { 2, 4 }, new nint[] { 2, 9 }, null },    // x's last axis
            { 1, 1, 2, new nint[] { 2, 4 }, new nint[] { 2, 9 }, new nint[] { 2, 9 }, null },    // y's last axis
            { 1, 1, 2, new nint[] { 2, 4 }, new nint[] { 2, 4 }, new nint[] { 2, 4 }, null },    // z's last axis
            { 1, 1, 2, new nint[] { 3, 2, 4 }, new nint[] { 2, 4 }, new nint[] { 2, 9 }, null }, // x has more leading axes
            { 1, 1, 2, new nint[] { 2, 4 }, new nint[] { 3, 4 }, new nint[] { 2, 9 }, null },    // leading lengths 2 and 3
            { 1, 1, 2, new nint[] { 1, 4 }, new nint[] { 1, 4 }, new nint[] { 2, 9 }, null },    // z longer than the broadcast
            { 1, 1, 2, new nint[] { 2, 3, 4 }, new nint[] { 3, 4 }, new nint[] { 2, 2, 9 }, null }, // inner leading axis
            { 1, 1, 2, new nint[] { 2, 4 }, new nint[] { 2, 4 }, new nint[] { 2, 9 }, new nint[] { 0, 1 } }, // z stride 0
        };

        [Theory]
        [MemberData(nameof(BadCalls))]
        public void Rejects_what_the_CPU_rejects_with_the_same_message_and_writes_nothing(int l1, int l2, int lOut, nint[] xs, nint[] ys, nint[] zs, nint[]? zStrides)
        {
            // CPU: host spans of the same shapes.
            nint zElements = zStrides is null ? TestData.Product(zs) : (nint)(1 + zs.Select((n, d) => (long)((n - 1) * zStrides[d])).Sum());
            var cpu = Record(() => GauntFourier.Product(l1, l2, lOut,
                new ReadOnlyTensorSpan<double>(new double[TestData.Product(xs)], xs),
                new ReadOnlyTensorSpan<double>(new double[TestData.Product(ys)], ys),
                zStrides is null ? new TensorSpan<double>(new double[zElements], zs) : new TensorSpan<double>(new double[zElements], 0, zs, zStrides)));

            double[] zData = Enumerable.Range(0, (int)zElements).Select(i => 7.0 + i).ToArray();
            using var x = _device.Upload(new double[TestData.Product(xs)], xs);
            using var y = _device.Upload(new double[TestData.Product(ys)], ys);
            using var z = zStrides is null ? _device.Upload(zData, zs) : _device.Upload(zData, 0, zs, zStrides);
            var gpu = Record(() => DeviceGauntFourier.Product(_device, l1, l2, lOut, x, y, z));

            Assert.NotNull(cpu);
            Assert.NotNull(gpu);
            Assert.Equal(cpu!.GetType(), gpu!.GetType());
            Assert.Equal(((ArgumentException)cpu).ParamName, ((ArgumentException)gpu).ParamName);
            Assert.Equal(cpu.Message, gpu.Message);
            Assert.Equal(zData, z.DownloadBuffer());

            // The float overload checks the same way.
            using var xf = _device.Upload(new float[TestData.Product(xs)], xs);
            using var yf = _device.Upload(new float[TestData.Product(ys)], ys);
            using var zf = zStrides is null ? _device.Upload(TestData.ToFloat(zData), zs) : _device.Upload(TestData.ToFloat(zData), 0, zs, zStrides);
            var single = Record(() => DeviceGauntFourier.Product(_device, l1, l2, lOut, xf, yf, zf));
            Assert.Equal(cpu.Message, single?.Message);
            Assert.Equal(TestData.ToFloat(zData), zf.DownloadBuffer());
        }

        [Fact]
        public void Rejects_an_output_that_shares_a_buffer_with_an_input()
        {
            double[] data = Enumerable.Range(0, 2 * 13).Select(i => (double)i).ToArray();
            using var whole = _device.Upload(data, 2, 13);
            using var x = whole.Slice(1, 0, 4);
            using var z = whole.Slice(1, 4, 9);
            using var y = _device.Upload(new double[8], 2, 4);
            var e = Assert.Throws<ArgumentException>(() => DeviceGauntFourier.Product(_device, 1, 1, 2, x, y, z));
            Assert.Equal("z", e.ParamName);
            Assert.Equal(data, whole.DownloadBuffer());
        }

        [Fact]
        public void Rejects_a_tensor_of_another_device_and_null_arguments()
        {
            using var other = TensorDevice.CreateCpu();
            using var x = other.Upload(new double[4], 1, 4);
            using var y = _device.Upload(new double[4], 1, 4);
            using var z = _device.Upload(Enumerable.Repeat(5.0, 9).ToArray(), 1, 9);
            var e = Assert.Throws<ArgumentException>(() => DeviceGauntFourier.Product(_device, 1, 1, 2, x, y, z));
            Assert.Equal("x", e.ParamName);
            Assert.Throws<ArgumentNullException>(() => DeviceGauntFourier.Product(null!, 1, 1, 2, y, y, z));
            Assert.Throws<ArgumentNullException>(() => DeviceGauntFourier.Product(_device, 1, 1, 2, y, null!, z));
            Assert.All(z.ToArray(), v => Assert.Equal(5.0, v));
        }

        [Fact]
        public void Rejects_a_disposed_tensor()
        {
            var x = _device.Upload(new double[4], 1, 4);
            x.Dispose();
            using var y = _device.Upload(new double[4], 1, 4);
            using var z = _device.Upload(new double[9], 1, 9);
            Assert.Throws<ObjectDisposedException>(() => DeviceGauntFourier.Product(_device, 1, 1, 2, x, y, z));
        }

        private static Exception? Record(Action action)
        {
            try
            {
                action();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }
}
