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
    /// The GPU overload of a [TensorProgram] whose statement is a matrix product runs the tiled GEMM kernel (seen in the
    /// device's kernel cache) and agrees with NumPy's definition, computed here by the interpreter, on ILGPU's CPU accelerator.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class GpuProgramGemmTests
    {
        private readonly Random _rng = new Random(77);

        [Theory]
        [InlineData(17, 9, 20)]
        [InlineData(1, 65, 3)]
        public void A_program_matrix_product_runs_the_tiled_kernel(int m, int k, int n)
        {
            var a = TestData.Random(_rng, m, k);
            var b = TestData.Random(_rng, k, n);
            var expected = TestData.Expected("ij,jk->ik", TestData.Host(a, m, k), TestData.Host(b, k, n));
            using var device = TensorDevice.CreateCpu();
            using var da = device.Upload(a, m, k);
            using var db = device.Upload(b, k, n);
            using var dc = device.Upload(TestData.Random(_rng, m, n), m, n);

            ProgramGemmKernels.MatMul(device, da, db, dc);

            TestData.AssertClose(expected, dc.ToArray(), 1e-12);
            Assert.True(GpuGemmTests.IsLoaded(device, Launcher("MatMul")));
            Assert.Equal(1, device.LoadedKernelCount);
        }

        [Fact]
        public void One_tensor_as_both_operands_of_the_tiled_kernel()
        {
            var a = TestData.Random(_rng, 13, 13);
            var expected = TestData.Expected("ij,jk->ik", TestData.Host(a, 13, 13), TestData.Host(a, 13, 13));
            using var device = TensorDevice.CreateCpu();
            using var da = device.Upload(a, 13, 13);
            using var dc = device.Allocate<double>(13, 13);

            ProgramGemmKernels.Square(device, da, dc);

            TestData.AssertClose(expected, dc.ToArray(), 1e-12);
            Assert.True(GpuGemmTests.IsLoaded(device, Launcher("Square")));
        }

        private static Type Launcher(string method)
            => Array.Find(typeof(ProgramGemmKernels).GetNestedTypes(System.Reflection.BindingFlags.NonPublic),
                t => t.Name.Contains("_" + method + "_double_") && t.Name.EndsWith("_GpuGemmLauncher1", StringComparison.Ordinal))!;
    }
}
