using System;
using System.Linq;
using ILGPU.Runtime;
using TensorDsl.Tests.Programs;
using Xunit;

namespace TensorDsl.Tests.Gpu
{
    /// <summary>
    /// Done-when 4 of "The GPU backend follows the plan": on a machine without CUDA or OpenCL (this one), the README's
    /// <c>new TensorDevice()</c> runs the generated CPU code over the tensors' host memory — it launches no kernel, so it
    /// runs at the CPU path's speed — and says so (<see cref="TensorDevice.Backend"/>); ILGPU's CPU accelerator is taken
    /// only when asked for. On a machine with a GPU the default device is that GPU. Results are checked against the
    /// interpreter and closed forms, with strided views, scalars, rank-0 results and outputs that overlap inputs.
    /// </summary>
    public sealed class HostBackendTests
    {
        private readonly Random _rng = new Random(808);

        [Fact]
        public void The_default_device_runs_the_generated_cpu_code_without_a_gpu_and_says_so()
        {
            using var device = new TensorDevice();
            if (device.AcceleratorType != AcceleratorType.CPU)
            {
                // A CUDA or OpenCL machine: the default device is that accelerator and runs kernels.
                Assert.Contains(device.Backend, new[] { TensorDeviceBackend.Cuda, TensorDeviceBackend.OpenCL });
                Assert.False(device.RunsGeneratedCpuCode);
                return;
            }
            Assert.Equal(TensorDeviceBackend.HostCpu, device.Backend);
            Assert.True(device.RunsGeneratedCpuCode);
            Assert.Contains("generated SIMD CPU code", device.RunsOn, StringComparison.Ordinal);

            // The README's example: a batched matrix product through the GPU overload.
            device.RecordLaunches = true;
            var a = TestData.Random(_rng, 8, 64, 32);
            var b = TestData.Random(_rng, 8, 32, 16);
            using var da = device.Upload(TestData.ToFloat(a), 8, 64, 32);
            using var db = device.Upload(TestData.ToFloat(b), 8, 32, 16);
            using var dc = device.Allocate<float>(8, 64, 16);
            GpuKernels.BatchedMatMul(device, da, db, dc);
            TestData.AssertClose(TestData.Expected("bij,bjk->bik", TestData.Host(a, 8, 64, 32), TestData.Host(b, 8, 32, 16)), dc.ToArray());
            Assert.Empty(device.RecordedLaunches); // no kernel: the CPU code ran
        }

        [Fact]
        public void An_explicit_cpu_accelerator_runs_the_kernels()
        {
            using var device = TensorDevice.CreateCpu();
            Assert.Equal(TensorDeviceBackend.CpuAccelerator, device.Backend);
            Assert.False(device.RunsGeneratedCpuCode);
            Assert.Contains("testing", device.RunsOn, StringComparison.Ordinal);
            device.RecordLaunches = true;
            using var a = device.Upload(new double[] { 1, 2, 3, 4 }, 2, 2);
            using var b = device.Upload(new double[] { 5, 6, 7, 8 }, 2, 2);
            using var c = device.Allocate<double>(2, 2);
            GpuKernels.MatMul(device, a, b, c);
            Assert.Equal(new double[] { 19, 22, 43, 50 }, c.ToArray());
            Assert.NotEmpty(device.RecordedLaunches);
        }

        [Fact]
        public void Host_code_reads_views_returns_scalars_passes_scalars_and_handles_overlap()
        {
            using var device = HostDevice();
            if (device is null) return; // a GPU machine: covered by the kernels' own tests

            // A transposed view as the output, a rank-0 result, a program with a scalar parameter.
            var a = TestData.Random(_rng, 5, 7);
            var b = TestData.Random(_rng, 7, 6);
            using var da = device.Upload(a, 5, 7);
            using var db = device.Upload(b, 7, 6);
            using var storage = device.Allocate<double>(6, 5);
            using var cT = storage.Transpose();
            GpuKernels.MatMul(device, da, db, cT);
            TestData.AssertClose(TestData.Expected("ij,jk->ik", TestData.Host(a, 5, 7), TestData.Host(b, 7, 6)), cT.ToArray(), 1e-12);

            using var square = device.Upload(new double[] { 1, 2, 3, 4 }, 2, 2);
            Assert.Equal(5.0, GpuKernels.Trace(device, square));

            var x = TestData.Random(_rng, 3, 4);
            var bias = TestData.Random(_rng, 4);
            using var dx = device.Upload(x, 3, 4);
            using var dbias = device.Upload(bias, 4);
            using var dy = device.Allocate<double>(3, 4);
            SplitElementwiseKernels.Activate(device, dx, dbias, 0.5, dy);
            var expected = Enumerable.Range(0, 12).Select(i => Math.Max(0, x[i] * 0.5 + bias[i % 4])).ToArray();
            TestData.AssertClose(expected, dy.ToArray(), 1e-15);

            // The output is the first operand's buffer: the result is the one separate tensors give.
            var m = TestData.Random(_rng, 4, 4);
            var n = TestData.Random(_rng, 4, 4);
            var product = TestData.Expected("ij,jk->ik", TestData.Host(m, 4, 4), TestData.Host(n, 4, 4));
            using var dm = device.Upload(m, 4, 4);
            using var dn = device.Upload(n, 4, 4);
            GpuKernels.MatMul(device, dm, dn, dm);
            TestData.AssertClose(product, dm.ToArray(), 1e-12);
        }

        [Fact]
        public void Host_code_broadcasts_an_ellipsis_group()
        {
            using var device = HostDevice();
            if (device is null) return;
            var a = TestData.Random(_rng, 4, 1, 6, 5);
            var b = TestData.Random(_rng, 3, 5, 2);
            using var da = device.Upload(a, 4, 1, 6, 5);
            using var db = device.Upload(b, 3, 5, 2);
            using var dc = device.Allocate<double>(4, 3, 6, 2);
            GpuKernels.BroadcastMatMul(device, da, db, dc);
            TestData.AssertClose(TestData.Expected("...ij,...jk->...ik", TestData.Host(a, 4, 1, 6, 5), TestData.Host(b, 3, 5, 2)), dc.ToArray(), 1e-12);
        }

        // The default device when it is the host CPU backend (a machine without CUDA or OpenCL), else null.
        private static TensorDevice? HostDevice()
        {
            var device = new TensorDevice();
            if (device.RunsGeneratedCpuCode) return device;
            device.Dispose();
            return null;
        }
    }
}
