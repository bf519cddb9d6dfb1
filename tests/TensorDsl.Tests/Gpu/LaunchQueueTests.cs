using System;
using System.Linq;
using Xunit;

namespace TensorDsl.Tests.Gpu
{
    /// <summary>
    /// The launches of one call queue on the device's stream with no host round trip between the plan's steps: a chain
    /// of seven matrices runs its six pairwise products and waits once, at the end, and its result is NumPy's.
    /// </summary>
    public sealed class LaunchQueueTests
    {
        [Fact]
        public void A_plan_of_six_steps_waits_for_the_device_once()
        {
            var rng = new Random(61);
            int[] sizes = { 5, 17, 3, 20, 9, 16, 4, 11 };
            var hosts = Enumerable.Range(0, 7).Select(i => TestData.Random(rng, sizes[i], sizes[i + 1])).ToArray();
            using var device = TensorDevice.CreateCpu();
            device.RecordLaunches = true;
            var operands = Enumerable.Range(0, 7).Select(i => device.Upload(hosts[i], sizes[i], sizes[i + 1])).ToArray();
            using var result = device.Allocate<double>(sizes[0], sizes[7]);
            int before = device.Synchronizations;

            GpuKernels.Chain7(device, operands[0], operands[1], operands[2], operands[3], operands[4], operands[5], operands[6], result);

            Assert.Equal(before + 1, device.Synchronizations);
            Assert.Equal(6, device.RecordedLaunches.Count);
            var expected = TestData.Expected("ab,bc,cd,de,ef,fg,gh->ah", Enumerable.Range(0, 7).Select(i => TestData.Host(hosts[i], sizes[i], sizes[i + 1])).ToArray());
            TestData.AssertClose(expected, result.ToArray(), 1e-12);
            foreach (var t in operands) t.Dispose();
        }
    }
}
