using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ILGPU;
using ILGPU.Runtime;
using Xunit;

namespace TensorDsl.Tests
{
    [Collection(DeviceCollection.Name)]
    public sealed class TensorDeviceTests
    {
        private readonly TensorDevice _device;

        public TensorDeviceTests(DeviceFixture fixture) => _device = fixture.Device;

        [Fact]
        public void CreateCpu_uses_the_CPU_accelerator()
        {
            Assert.Equal(AcceleratorType.CPU, _device.AcceleratorType);
            Assert.True(_device.IsCpu);
            Assert.False(string.IsNullOrEmpty(_device.Name));
            Assert.Same(_device.Accelerator.Context, _device.Accelerator.Context);
            Assert.Contains("CPU", _device.ToString());
        }

        [Fact]
        public void Default_constructor_finds_an_accelerator()
        {
            using var device = new TensorDevice();
            Assert.Contains(device.AcceleratorType, new[] { AcceleratorType.Cuda, AcceleratorType.OpenCL, AcceleratorType.CPU });
            using var t = device.Upload(new float[] { 1, 2 });
            Assert.Equal(new float[] { 1, 2 }, t.ToArray());
        }

        [Fact]
        public void Choosing_an_accelerator_type_gives_that_type_or_NotSupportedException()
        {
            TensorDevice? cuda = null;
            try
            {
                cuda = new TensorDevice(AcceleratorType.Cuda);
                Assert.Equal(AcceleratorType.Cuda, cuda.AcceleratorType);
            }
            catch (NotSupportedException e)
            {
                Assert.Contains("Cuda", e.Message);
            }
            finally
            {
                cuda?.Dispose();
            }
            using var cpu = new TensorDevice(AcceleratorType.CPU);
            Assert.Equal(AcceleratorType.CPU, cpu.AcceleratorType);
        }

        private static void AddOne(Index1D i, ArrayView<float> data) => data[i] += 1;

        [Fact]
        public void Kernel_cache_loads_once_per_key_and_returns_the_same_delegate()
        {
            int loads = 0;
            Action<AcceleratorStream, Index1D, ArrayView<float>> Load(Accelerator accelerator)
            {
                Interlocked.Increment(ref loads);
                return accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>>(AddOne);
            }
            var key = new object();
            var first = _device.GetOrLoadKernel(key, Load);
            var second = _device.GetOrLoadKernel(key, Load);
            Assert.Same(first, second);
            Assert.Equal(1, loads);
            var other = _device.GetOrLoadKernel(new object(), Load);
            Assert.NotSame(first, other);
            Assert.Equal(2, loads);

            using var t = _device.Upload(new float[] { 1, 2, 3 });
            _device.Launch("test", ReadOnlySpan<long>.Empty, (stream, _) => first(stream, 3, t.BufferView));
            Assert.Equal(new float[] { 2, 3, 4 }, t.ToArray());
        }

        [Fact]
        public async Task A_device_is_safe_to_share_across_threads()
        {
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            var threads = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
            {
                var rng = new Random(100 + w);
                for (int round = 0; round < 4; round++)
                {
                    int n = 2 + rng.Next(5), k = 2 + rng.Next(5), m = 2 + rng.Next(5);
                    var a = TestData.Random(rng, n, k);
                    var b = TestData.Random(rng, k, m);
                    using var da = _device.Upload(a, n, k);
                    using var db = _device.Upload(b, k, m);
                    using var dc = _device.Allocate<double>(n, m);
                    GpuKernels.MatMul(_device, da, db, dc);
                    var expected = TestData.Expected("ij,jk->ik", TestData.Host(a, n, k), TestData.Host(b, k, m));
                    var actual = dc.ToArray();
                    for (int p = 0; p < expected.Length; p++)
                    {
                        if (Math.Abs(actual[p] - expected[p]) > 1e-12) failures.Add($"thread {w} round {round} element {p}: {actual[p]} vs {expected[p]}");
                    }
                }
            })).ToArray();
            await Task.WhenAll(threads);
            Assert.Empty(failures);
        }

        [Fact]
        public void A_disposed_device_refuses_work()
        {
            var device = TensorDevice.CreateCpu();
            var t = device.Upload(new double[] { 1, 2, 3 });
            device.Dispose();
            device.Dispose();
            Assert.True(device.IsDisposed);
            Assert.True(t.IsDisposed);
            Assert.Throws<ObjectDisposedException>(() => device.Allocate<float>(2));
            Assert.Throws<ObjectDisposedException>(() => t.ToArray());
            t.Dispose();
        }
    }
}
