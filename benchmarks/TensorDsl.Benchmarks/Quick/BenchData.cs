using System;
using System.Linq;
using System.Numerics.Tensors;
using TorchSharp;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>The suites' operand data and views: uniform values in [−1, 1), spans over arrays, TorchSharp copies.</summary>
    internal static class BenchData
    {
        public static float[] Floats(Random rng, int count)
        {
            var data = new float[count];
            for (int i = 0; i < count; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
            return data;
        }

        public static ReadOnlyTensorSpan<float> Ro(float[] data, nint[] shape) => new(data, shape);

        public static TensorSpan<float> Rw(float[] data, nint[] shape) => new(data, shape);

        public static torch.Tensor Tensor(float[] data, nint[] shape) => torch.tensor(data, shape.Select(l => (long)l).ToArray());
    }
}
