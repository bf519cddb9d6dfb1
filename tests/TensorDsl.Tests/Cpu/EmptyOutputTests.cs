using System;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Cpu
{
    /// <summary>
    /// Outputs with a zero-length axis, as NumPy allows them: <c>np.einsum("ij,jk->ik", a[3,2], b[2,0])</c> has shape (3, 0).
    /// .NET gives such a span the strides [0, 1]; the zero stride of a length-3 axis must not be taken for aliasing.
    /// </summary>
    public class EmptyOutputTests
    {
        [Theory]
        [InlineData(3, 2, 0)]
        [InlineData(0, 2, 3)]
        public void A_product_into_an_empty_output_succeeds_and_writes_nothing(int m, int k, int n)
        {
            var a = new double[m * k];
            var b = new double[k * n];
            var c = new double[1] { 42 };   // backing store longer than the empty view: nothing may be written
            var result = new TensorSpan<double>(c.AsSpan(0, 0), new nint[] { m, n }, ReadOnlySpan<nint>.Empty);

            GpuKernels.MatMul(new ReadOnlyTensorSpan<double>(a, new nint[] { m, k }), new ReadOnlyTensorSpan<double>(b, new nint[] { k, n }), result);

            Assert.Equal(42, c[0]);
        }

        [Fact]
        public void A_non_empty_output_with_a_zero_stride_is_still_rejected()
        {
            var a = new double[6];
            var b = new double[6];
            var c = new double[3];

            var error = Assert.Throws<ArgumentException>(() =>
                GpuKernels.MatMul(new ReadOnlyTensorSpan<double>(a, new nint[] { 3, 2 }), new ReadOnlyTensorSpan<double>(b, new nint[] { 2, 3 }),
                    new TensorSpan<double>(c, new nint[] { 3, 3 }, new nint[] { 0, 1 })));

            Assert.Contains("stride 0 on axis 0", error.Message);
        }
    }
}
