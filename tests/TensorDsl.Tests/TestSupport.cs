using System;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests
{
    /// <summary>One CPU-accelerator device for every test that runs kernels, so each kernel compiles once per run.</summary>
    public sealed class DeviceFixture : IDisposable
    {
        // The pairwise contractions take the kernels a GPU would (the tiled matrix product, the tree reduction), so that the
        // GPU tests here cover them; ILGPU's CPU accelerator alone would take the per-element kernel.
        public TensorDevice Device { get; } = new TensorDevice(ILGPU.Runtime.AcceleratorType.CPU) { PicksKernelsAsOnAGpu = true };

        public void Dispose() => Device.Dispose();
    }

    /// <summary>Tests that share <see cref="DeviceFixture"/> (they run one class at a time).</summary>
    [CollectionDefinition(Name)]
    public sealed class DeviceCollection : ICollectionFixture<DeviceFixture>
    {
        public const string Name = "device";
    }

    /// <summary>Random data, the interpreter oracle, and comparisons.</summary>
    internal static class TestData
    {
        public static double[] Random(Random rng, nint count) => Enumerable.Range(0, (int)count).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

        public static double[] Random(Random rng, params nint[] lengths) => Random(rng, Product(lengths));

        public static float[] ToFloat(double[] data) => data.Select(x => (float)x).ToArray();

        public static double[] ToDouble(float[] data) => data.Select(x => (double)x).ToArray();

        public static nint Product(nint[] lengths)
        {
            nint n = 1;
            foreach (nint l in lengths) n *= l;
            return n;
        }

        public static Tensor<double> Host(double[] data, params nint[] lengths) => Tensor.Create(data, lengths);

        /// <summary>The interpreter's result, flattened in row-major order.</summary>
        public static double[] Expected(string spec, params Tensor<double>[] operands)
        {
            var result = Einsum.Evaluate(spec, operands);
            var flat = new double[result.FlattenedLength];
            result.FlattenTo(flat);
            return flat;
        }

        /// <summary>Asserts |actual − expected| ≤ tolerance · (1 + |expected|) element by element.</summary>
        public static void AssertClose(double[] expected, double[] actual, double tolerance)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int p = 0; p < expected.Length; p++)
            {
                double bound = tolerance * (1 + Math.Abs(expected[p]));
                Assert.True(Math.Abs(actual[p] - expected[p]) <= bound, $"element {p}: got {actual[p]}, expected {expected[p]} (tolerance {bound:g3})");
            }
        }

        public static void AssertClose(double[] expected, float[] actual) => AssertClose(expected, ToDouble(actual), 1e-4);
    }
}
