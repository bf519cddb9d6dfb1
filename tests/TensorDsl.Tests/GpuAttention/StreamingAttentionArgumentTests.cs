using System;
using System.Linq;
using TensorDsl.Gpu.Attention;
using Xunit;

namespace TensorDsl.Tests.GpuAttention
{
    /// <summary>
    /// Argument checks of <see cref="DeviceStreamingAttention"/> (each throws before anything runs and leaves the output's
    /// buffer as it was), kernel caching, and <see cref="DeviceKeyWindow"/>.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class StreamingAttentionArgumentTests
    {
        private readonly TensorDevice _device;
        private readonly Random _rng = new Random(77);

        public StreamingAttentionArgumentTests(DeviceFixture fixture) => _device = fixture.Device;

        private DeviceTensor<double> Tensor(params nint[] lengths) => _device.Upload(TestData.Random(_rng, lengths), lengths);

        private static void AssertUntouched(double[] before, DeviceTensor<double> o) => Assert.Equal(before, o.DownloadBuffer());

        /// <summary>Runs <paramref name="call"/> with the output <paramref name="o"/>, expects <typeparamref name="TException"/>
        /// whose message contains every fragment, and checks that o's buffer did not change.</summary>
        private static TException Throws<TException>(DeviceTensor<double> o, Action call, params string[] fragments) where TException : Exception
        {
            var before = o.DownloadBuffer();
            var e = Assert.Throws<TException>(call);
            foreach (var fragment in fragments) Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
            AssertUntouched(before, o);
            return e;
        }

        [Fact]
        public void Standard_shape_mismatches_name_the_operand_and_both_sizes()
        {
            using var q = Tensor(5, 3);
            using var k = Tensor(7, 3);
            using var v = Tensor(7, 4);
            using var o = Tensor(5, 4);
            var full = DeviceKeyWindow.Full;
            using var o6 = Tensor(6, 4);
            Assert.Equal("o", Throws<ArgumentException>(o6, () => DeviceStreamingAttention.Standard(_device, q, k, v, 1.0, o6, full), "'o' has 6 rows", "'q' has 5 rows").ParamName);
            using var k2 = Tensor(7, 2);
            Assert.Equal("k", Throws<ArgumentException>(o, () => DeviceStreamingAttention.Standard(_device, q, k2, v, 1.0, o, full), "'k' has 2 columns", "'q' has 3 columns").ParamName);
            using var v8 = Tensor(8, 4);
            Assert.Equal("v", Throws<ArgumentException>(o, () => DeviceStreamingAttention.Standard(_device, q, k, v8, 1.0, o, full), "'v' has 8 rows", "'k' has 7 rows").ParamName);
            using var v5 = Tensor(7, 5);
            Assert.Equal("v", Throws<ArgumentException>(o, () => DeviceStreamingAttention.Standard(_device, q, k, v5, 1.0, o, full), "'v' has 5 columns", "'o' has 4 columns").ParamName);
            using var k3 = Tensor(7, 3, 1);
            Assert.Equal("k", Throws<ArgumentException>(o, () => DeviceStreamingAttention.Standard(_device, q, k3, v, 1.0, o, full), "'k'", "rank 3").ParamName);
            using var o1 = Tensor(20);
            Assert.Equal("o", Throws<ArgumentException>(o1, () => DeviceStreamingAttention.Standard(_device, q, k, v, 1.0, o1, full), "'o'", "rank 1").ParamName);
        }

        [Fact]
        public void Tensor_shape_mismatches_name_the_operand_and_both_sizes()
        {
            using var q = Tensor(5, 3);
            using var k1 = Tensor(7, 3);
            using var k2 = Tensor(6, 3);
            using var v1 = Tensor(7, 4);
            using var v2 = Tensor(6, 4);
            using var o = Tensor(5, 4);
            var full = DeviceKeyWindow.Full;
            void Call(DeviceTensor<double> a, DeviceTensor<double> b, DeviceTensor<double> c, DeviceTensor<double> d, DeviceTensor<double> e, DeviceTensor<double> f)
                => DeviceStreamingAttention.Tensor(_device, a, b, c, d, e, 0.5, f, full, full);

            using var o4 = Tensor(4, 4);
            Assert.Equal("o", Throws<ArgumentException>(o4, () => Call(q, k1, k2, v1, v2, o4), "'o' has 4 rows", "'q' has 5 rows").ParamName);
            using var k1Bad = Tensor(7, 2);
            Assert.Equal("k1", Throws<ArgumentException>(o, () => Call(q, k1Bad, k2, v1, v2, o), "'k1' has 2 columns", "'q' has 3 columns").ParamName);
            using var k2Bad = Tensor(6, 4);
            Assert.Equal("k2", Throws<ArgumentException>(o, () => Call(q, k1, k2Bad, v1, v2, o), "'k2' has 4 columns", "'q' has 3 columns").ParamName);
            Assert.Equal("v1", Throws<ArgumentException>(o, () => Call(q, k1, k2, v2, v2, o), "'v1' has 6 rows", "'k1' has 7 rows").ParamName);
            Assert.Equal("v2", Throws<ArgumentException>(o, () => Call(q, k1, k2, v1, v1, o), "'v2' has 7 rows", "'k2' has 6 rows").ParamName);
            using var v1Wide = Tensor(7, 5);
            Assert.Equal("v1", Throws<ArgumentException>(o, () => Call(q, k1, k2, v1Wide, v2, o), "'v1' has 5 columns", "'o' has 4 columns").ParamName);
            using var v2Wide = Tensor(6, 5);
            Assert.Equal("v2", Throws<ArgumentException>(o, () => Call(q, k1, k2, v1, v2Wide, o), "'v2' has 5 columns", "'o' has 4 columns").ParamName);
            using var q3 = Tensor(1, 5, 3);
            Assert.Equal("q", Throws<ArgumentException>(o, () => Call(q3, k1, k2, v1, v2, o), "'q'", "rank 3").ParamName);
        }

        [Fact]
        public void Devices_aliasing_nulls_and_element_types_are_checked_first()
        {
            using var q = Tensor(5, 3);
            using var k = Tensor(7, 3);
            using var v = Tensor(7, 3);
            using var o = Tensor(5, 3);
            var full = DeviceKeyWindow.Full;

            // A tensor of another device.
            using (var other = TensorDevice.CreateCpu())
            using (var foreign = other.Upload(TestData.Random(_rng, 7, 3), 7, 3))
            {
                Assert.Equal("k", Throws<ArgumentException>(o, () => DeviceStreamingAttention.Standard(_device, q, foreign, v, 1.0, o, full)).ParamName);
                Assert.Equal("v2", Throws<ArgumentException>(o, () => DeviceStreamingAttention.Tensor(_device, q, k, k, v, foreign, 1.0, o, full, full)).ParamName);
            }

            // An output that shares a buffer with an input: rows 5 … 9 of the buffer that q's rows 0 … 4 come from, and a transpose of v.
            using var both = Tensor(10, 3);
            using var qView = both.Slice(0, 0, 5);
            using var oView = both.Slice(0, 5, 5);
            Assert.Equal("o", Throws<ArgumentException>(oView, () => DeviceStreamingAttention.Standard(_device, qView, k, v, 1.0, oView, full), "'o'", "'q'").ParamName);
            using var square = Tensor(7, 7);
            using var squareT = square.Transpose();
            using var k7 = Tensor(7, 7);
            using var q7 = Tensor(7, 7);
            Assert.Equal("o", Throws<ArgumentException>(squareT, () => DeviceStreamingAttention.Tensor(_device, q7, k7, k7, k7, square, 1.0, squareT, full, full), "'o'", "'v2'").ParamName);

            // Nulls and disposed tensors.
            Throws<ArgumentNullException>(o, () => DeviceStreamingAttention.Standard(null!, q, k, v, 1.0, o, full));
            Assert.Equal("v", Throws<ArgumentNullException>(o, () => DeviceStreamingAttention.Standard(_device, q, k, null!, 1.0, o, full)).ParamName);
            Assert.Equal("o", Assert.Throws<ArgumentNullException>(() => DeviceStreamingAttention.Tensor(_device, q, k, k, v, v, 1.0, null!, full, full)).ParamName);
            var disposed = Tensor(7, 3);
            disposed.Dispose();
            Throws<ObjectDisposedException>(o, () => DeviceStreamingAttention.Standard(_device, q, disposed, v, 1.0, o, full));

            // Element types other than float and double.
            using var iq = _device.Upload(new int[15], 5, 3);
            using var ik = _device.Upload(new int[21], 7, 3);
            using var io = _device.Upload(Enumerable.Range(1, 15).ToArray(), 5, 3);
            Assert.Throws<NotSupportedException>(() => DeviceStreamingAttention.Standard(_device, iq, ik, ik, 1, io, full));
            Assert.Throws<NotSupportedException>(() => DeviceStreamingAttention.Tensor(_device, iq, ik, ik, ik, ik, 1, io, full, full));
            Assert.Equal(Enumerable.Range(1, 15).ToArray(), io.ToArray());
        }

        [Fact]
        public void Kernels_are_loaded_once_per_device_kernel_and_element_type()
        {
            using var device = TensorDevice.CreateCpu();
            var rng = new Random(5);
            Assert.Equal(0, device.LoadedKernelCount);
            StreamingAttentionTests.RunStandard<float>(device, rng, 5, 6, 3, 2, DeviceKeyWindow.Full);
            Assert.Equal(1, device.LoadedKernelCount);
            StreamingAttentionTests.RunStandard<float>(device, rng, 9, 3, 2, 4, DeviceKeyWindow.Relative(-1, 1));
            Assert.Equal(1, device.LoadedKernelCount);
            StreamingAttentionTests.RunStandard<double>(device, rng, 5, 6, 3, 2, DeviceKeyWindow.Full);
            Assert.Equal(2, device.LoadedKernelCount);
            StreamingAttentionTests.RunTensor<float>(device, rng, 5, 6, 4, 3, 2, DeviceKeyWindow.Full, DeviceKeyWindow.Full);
            StreamingAttentionTests.RunTensor<double>(device, rng, 5, 6, 4, 3, 2, DeviceKeyWindow.Full, DeviceKeyWindow.Full);
            Assert.Equal(4, device.LoadedKernelCount);
            StreamingAttentionTests.RunTensor<double>(device, rng, 3, 2, 7, 1, 5, DeviceKeyWindow.Full, DeviceKeyWindow.Relative(0, 2));
            StreamingAttentionTests.RunStandard<double>(device, rng, 3, 2, 7, 1, DeviceKeyWindow.Full);
            Assert.Equal(4, device.LoadedKernelCount);
        }

        [Fact]
        public void Empty_outputs_launch_nothing()
        {
            using var device = TensorDevice.CreateCpu();
            using var q = device.Allocate<float>(0, 3);
            using var k = device.Allocate<float>(4, 3);
            using var v = device.Allocate<float>(4, 2);
            using var o = device.Allocate<float>(0, 2);
            DeviceStreamingAttention.Standard(device, q, k, v, 1f, o, DeviceKeyWindow.Full);
            using var q2 = device.Allocate<float>(2, 3);
            using var v0 = device.Allocate<float>(4, 0);
            using var o0 = device.Allocate<float>(2, 0);
            DeviceStreamingAttention.Tensor(device, q2, k, k, v0, v0, 1f, o0, DeviceKeyWindow.Full, DeviceKeyWindow.Full);
            Assert.Equal(0, device.LoadedKernelCount);
        }

        [Fact]
        public void Key_windows()
        {
            var full = DeviceKeyWindow.Full;
            Assert.True(full.IsFull);
            Assert.Equal(long.MinValue, full.Low);
            Assert.Equal(long.MaxValue, full.High);
            Assert.Equal(full, default(DeviceKeyWindow));
            Assert.True(default(DeviceKeyWindow).IsFull);
            Assert.Equal(full, DeviceKeyWindow.Relative(long.MinValue, long.MaxValue));
            Assert.True(DeviceKeyWindow.Relative(long.MinValue, long.MaxValue).IsFull);
            Assert.Equal("Full", full.ToString());

            var causal = DeviceKeyWindow.Relative(-3, 1);
            Assert.False(causal.IsFull);
            Assert.Equal(-3, causal.Low);
            Assert.Equal(1, causal.High);
            Assert.Equal("Relative(-3, 1)", causal.ToString());
            Assert.Equal(causal, DeviceKeyWindow.Relative(-3, 1));
            Assert.True(causal == DeviceKeyWindow.Relative(-3, 1));
            Assert.True(causal != DeviceKeyWindow.Relative(-3, 2));
            Assert.Equal(causal.GetHashCode(), DeviceKeyWindow.Relative(-3, 1).GetHashCode());
            Assert.False(causal.Equals((object)"Relative(-3, 1)"));
            Assert.NotEqual(full, DeviceKeyWindow.Relative(long.MinValue, 1));
            Assert.False(DeviceKeyWindow.Relative(long.MinValue, 1).IsFull);

            var empty = DeviceKeyWindow.Relative(4, 4);
            Assert.Equal(4, empty.Low);
            Assert.Equal(4, empty.High);
            Assert.Equal("high", Assert.Throws<ArgumentOutOfRangeException>(() => DeviceKeyWindow.Relative(2, 1)).ParamName);
        }
    }
}
