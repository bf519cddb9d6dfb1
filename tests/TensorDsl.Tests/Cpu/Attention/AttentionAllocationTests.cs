using System;
using TensorDsl.Cpu.Attention;
using TensorDsl.Tests.Planning;
using Xunit;

namespace TensorDsl.Tests.Cpu.Attention
{
    /// <summary>
    /// A warm call allocates (almost) nothing: packed operands come from the array pool and the worker pool's job is
    /// preallocated. Runs in the non-parallel allocation collection, since the count is process-wide.
    /// </summary>
    [Collection(nameof(AllocationSensitive))]
    public sealed class AttentionAllocationTests
    {
        [Fact]
        public void Tensor_attention_n512_d64_allocates_less_than_one_MiB_per_call()
        {
            const int n = 512, d = 64;
            var rng = new Random(1);
            float[] Make()
            {
                var a = new float[n * d];
                for (int i = 0; i < a.Length; i++)
                {
                    a[i] = (float)(rng.NextDouble() * 2 - 1);
                }
                return a;
            }
            float[] q = Make(), k1 = Make(), k2 = Make(), v1 = Make(), v2 = Make(), o = new float[n * d];
            void Call() => StreamingAttention.Tensor(
                new MatrixView<float>(ref q[0], n, d, d, 1), new MatrixView<float>(ref k1[0], n, d, d, 1),
                new MatrixView<float>(ref k2[0], n, d, d, 1), new MatrixView<float>(ref v1[0], n, d, d, 1),
                new MatrixView<float>(ref v2[0], n, d, d, 1), 0.125f, new MatrixView<float>(ref o[0], n, d, d, 1),
                KeyWindow.Full, KeyWindow.Full);

            Call(); // warm-up: pools, worker threads, JIT
            long least = long.MaxValue;
            for (int trial = 0; trial < 3; trial++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                Call();
                least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            }
            Assert.True(least < 1 << 20, $"least allocation per call: {least} bytes");
        }

        [Fact]
        public void Standard_attention_allocates_less_than_one_MiB_per_call()
        {
            const int n = 1024, d = 64;
            var rng = new Random(2);
            float[] Make()
            {
                var a = new float[n * d];
                for (int i = 0; i < a.Length; i++)
                {
                    a[i] = (float)(rng.NextDouble() * 2 - 1);
                }
                return a;
            }
            float[] q = Make(), k = Make(), v = Make(), o = new float[n * d];
            void Call() => StreamingAttention.Standard(
                new MatrixView<float>(ref q[0], n, d, d, 1), new MatrixView<float>(ref k[0], n, d, d, 1),
                new MatrixView<float>(ref v[0], n, d, d, 1), 0.125f, new MatrixView<float>(ref o[0], n, d, d, 1),
                KeyWindow.Relative(nint.MinValue, 1));

            Call();
            long least = long.MaxValue;
            for (int trial = 0; trial < 5; trial++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                Call();
                least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            }
            Assert.True(least < 1 << 20, $"least allocation per call: {least} bytes");
        }
    }
}
