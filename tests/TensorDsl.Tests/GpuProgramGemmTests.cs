using System;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests
{
    /// <summary>[TensorProgram] statements that are one matrix product: on the GPU they launch the same tiled kernel as an [Einsum].</summary>
    internal static partial class ProgramGemmKernels
    {
        [TensorProgram("c[i,k] = a[i,j] * b[j,k]")]
        public static partial void MatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);

        // Both operands are one tensor: the tiled kernel takes it as A and as B.
        [TensorProgram("c[i,k] = a[i,j] * a[j,k]")]
        public static partial void Square(ReadOnlyTensorSpan<double> a, TensorSpan<double> c);
    }

    /// <summary>
    /// The GPU overload of a [TensorProgram] whose statement is a matrix product runs its plan's matrix product (the tiled kernel where
    /// C has 16 rows and columns and the sum 16 terms, seen in the device's launch log) and agrees with NumPy's definition, computed here by the interpreter, on ILGPU's CPU accelerator.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class GpuProgramGemmTests
    {
        private readonly Random _rng = new Random(77);

        [Theory]
        [InlineData(17, 9, 20)]
        [InlineData(40, 17, 33)]
        [InlineData(1, 65, 3)]
        public void A_program_matrix_product_runs_the_tiled_kernel(int m, int k, int n)
        {
            var a = TestData.Random(_rng, m, k);
            var b = TestData.Random(_rng, k, n);
            var expected = TestData.Expected("ij,jk->ik", TestData.Host(a, m, k), TestData.Host(b, k, n));
            using var device = TensorDevice.CreateCpu();
            device.PicksKernelsAsOnAGpu = true; // the kernels a GPU would run
            device.RecordLaunches = true;
            using var da = device.Upload(a, m, k);
            using var db = device.Upload(b, k, n);
            using var dc = device.Upload(TestData.Random(_rng, m, n), m, n);

            ProgramGemmKernels.MatMul(device, da, db, dc);

            TestData.AssertClose(expected, dc.ToArray(), 1e-12);
            Assert.Equal(new[] { $"step 1.1 ij,jk->ik: {(m >= 16 && n >= 16 && k >= 16 ? "tiled" : "per-element")}" }, device.RecordedLaunches);
        }

        [Fact]
        public void One_tensor_as_both_operands_of_the_tiled_kernel()
        {
            var a = TestData.Random(_rng, 33, 33);
            var expected = TestData.Expected("ij,jk->ik", TestData.Host(a, 33, 33), TestData.Host(a, 33, 33));
            using var device = TensorDevice.CreateCpu();
            device.PicksKernelsAsOnAGpu = true; // the kernels a GPU would run
            device.RecordLaunches = true;
            using var da = device.Upload(a, 33, 33);
            using var dc = device.Allocate<double>(33, 33);

            ProgramGemmKernels.Square(device, da, dc);

            TestData.AssertClose(expected, dc.ToArray(), 1e-12);
            Assert.Equal(new[] { "step 1.1 ij,jk->ik: tiled" }, device.RecordedLaunches);
        }

    }
}
