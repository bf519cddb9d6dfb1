using System;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Tests.Planning;
using Xunit;

namespace TensorDsl.Tests.Programs
{
    /// <summary>
    /// The fused tensor attention program streams its softmax: a call at n=512, d=64 allocates far less than the
    /// n×n×n score tensor (512 MiB of floats) — under 1 MiB, measured over all threads.
    /// </summary>
    [Collection(nameof(AllocationSensitive))]
    public sealed class AttentionAllocationTests
    {
        [Fact]
        public void Tensor_attention_n512_allocates_under_one_MiB_per_call()
        {
            const int n = 512, d = 64;
            var rng = new Random(1);
            var x = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, n * d).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray()).ToArray();
            var o = new float[n * d];
            nint[] shape = { n, d };
            void Call() => AttentionProgramKernels.TensorAttention(new(x[0], shape), new(x[1], shape), new(x[2], shape), new(x[3], shape), new(x[4], shape), 0.125f, new TensorSpan<float>(o, shape));

            Call(); // warm-up: JIT, pools, worker threads
            long least = long.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                Call();
                least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            }
            Assert.True(least < 1 << 20, $"a call allocated {least} bytes");
            Assert.All(o, v => Assert.True(float.IsFinite(v)));
        }
    }
}
