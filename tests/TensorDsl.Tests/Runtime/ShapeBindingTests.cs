using System;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Runtime
{
    /// <summary>Kernels of every attribute that bind their shapes with the one runtime binder.</summary>
    internal static partial class ShapeKernels
    {
        [TensorProgram("c[i,k] = a[i,j] * b[j,k]")]
        public static partial void ProgramMatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);

        [Einsum("ij,jk->ik")]
        public static partial void EinsumMatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);

        // x's axis 0 carries i in one load and j in the other: both axes must fit both indices (x is square).
        [TensorProgram("y[i,j] = x[i,j] + x[j,i]")]
        public static partial void Symmetrize(ReadOnlyTensorSpan<double> x, TensorSpan<double> y);

        [Dim("j", 3)]
        [TensorProgram("y[i] = sum[j](x[i,j])")]
        public static partial void RowSumOfThree(ReadOnlyTensorSpan<double> x, TensorSpan<double> y);
    }

    /// <summary>
    /// The one runtime binder (<c>TensorDsl.Runtime.ShapeBinding</c>) behind every attribute: NumPy's broadcasting for an
    /// einsum, equal sizes for a program, and the strictest rules of both for every kernel — no output axis with stride 0,
    /// a [Dim] size holds, an axis used with two indices fits both — each message naming the index, the tensors and both
    /// sizes, and nothing written when a check throws. The expected values are closed forms.
    /// </summary>
    public class ShapeBindingTests
    {
        private static readonly double[] A = { 1, 2, 3, 4, 5, 6 };          // [2, 3]
        private static readonly double[] B = { 1, 10, 100, 1000 };          // [1, 4]

        [Fact]
        public void An_einsum_broadcasts_an_axis_of_length_one_as_numpy_does()
        {
            var c = new double[8];
            ShapeKernels.EinsumMatMul(new ReadOnlyTensorSpan<double>(A, [2, 3]), new ReadOnlyTensorSpan<double>(B, [1, 4]), new TensorSpan<double>(c, [2, 4]));

            // np.einsum("ij,jk->ik", a, b) with b of shape (1, 4): b's one row is read for every j, so c = rowsum(a) ⊗ b[0].
            Assert.Equal(new double[] { 6, 60, 600, 6000, 15, 150, 1500, 15000 }, c);
        }

        [Fact]
        public void A_program_does_not_broadcast_and_says_which_index_and_sizes_disagree()
        {
            var c = new double[8];
            Array.Fill(c, 7);
            var e = Assert.Throws<ArgumentException>(() =>
                ShapeKernels.ProgramMatMul(new ReadOnlyTensorSpan<double>(A, [2, 3]), new ReadOnlyTensorSpan<double>(B, [1, 4]), new TensorSpan<double>(c, [2, 4])));

            Assert.StartsWith("Index 'j' has size 1 in input 'b' (axis 0) but size 3 in input 'a' (axis 1)", e.Message, StringComparison.Ordinal);
            Assert.Equal("b", e.ParamName);
            Assert.All(c, x => Assert.Equal(7, x));
        }

        [Fact]
        public void A_wrong_rank_names_the_tensor_its_shape_and_the_axes_the_kernel_uses()
        {
            var e = Assert.Throws<ArgumentException>(() =>
                ShapeKernels.ProgramMatMul(new ReadOnlyTensorSpan<double>(A, [1, 2, 3]), new ReadOnlyTensorSpan<double>(B, [3, 1]), new TensorSpan<double>(new double[2], [2, 1])));

            Assert.StartsWith("Input 'a' has rank 3 (shape [1, 2, 3]) but the program of ProgramMatMul uses it with 2 axes", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void An_output_whose_axis_has_stride_zero_is_rejected_by_every_attribute(bool program)
        {
            var c = new double[4];
            var b = new double[12];
            var e = Assert.Throws<ArgumentException>(() =>
            {
                var output = new TensorSpan<double>(c, [2, 4], [0, 1]);
                if (program) ShapeKernels.ProgramMatMul(new ReadOnlyTensorSpan<double>(A, [2, 3]), new ReadOnlyTensorSpan<double>(b, [3, 4]), output);
                else ShapeKernels.EinsumMatMul(new ReadOnlyTensorSpan<double>(A, [2, 3]), new ReadOnlyTensorSpan<double>(b, [3, 4]), output);
            });

            Assert.StartsWith("Output 'c' has stride 0 on axis 0; an output must not alias its own elements", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_axis_used_with_two_indices_must_fit_both()
        {
            var y = new double[6];
            var e = Assert.Throws<ArgumentException>(() =>
                ShapeKernels.Symmetrize(new ReadOnlyTensorSpan<double>(A, [2, 3]), new TensorSpan<double>(y, [2, 3])));
            Assert.Contains("input 'x'", e.Message, StringComparison.Ordinal);
            Assert.Contains("size 3", e.Message, StringComparison.Ordinal);
            Assert.Contains("size 2", e.Message, StringComparison.Ordinal);

            var square = new double[] { 1, 2, 3, 4 };
            var result = new double[4];
            ShapeKernels.Symmetrize(new ReadOnlyTensorSpan<double>(square, [2, 2]), new TensorSpan<double>(result, [2, 2]));
            Assert.Equal(new double[] { 2, 5, 5, 8 }, result);
        }

        [Fact]
        public void A_dim_size_holds_at_the_call()
        {
            var y = new double[2];
            ShapeKernels.RowSumOfThree(new ReadOnlyTensorSpan<double>(A, [2, 3]), new TensorSpan<double>(y, [2]));
            Assert.Equal(new double[] { 6, 15 }, y);

            var e = Assert.Throws<ArgumentException>(() =>
                ShapeKernels.RowSumOfThree(new ReadOnlyTensorSpan<double>(A, [3, 2]), new TensorSpan<double>(new double[3], [3])));
            Assert.StartsWith("Index 'j' is fixed to size 3 by [Dim] but input 'x' has length 2 on axis 1", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_output_of_the_wrong_size_names_the_input_that_gave_the_size()
        {
            var e = Assert.Throws<ArgumentException>(() =>
                ShapeKernels.EinsumMatMul(new ReadOnlyTensorSpan<double>(A, [2, 3]), new ReadOnlyTensorSpan<double>(new double[12], [3, 4]), new TensorSpan<double>(new double[10], [2, 5])));

            Assert.StartsWith("Index 'k' has size 5 in output 'c' (axis 1) but size 4 in input 'b' (axis 1)", e.Message, StringComparison.Ordinal);
        }
    }
}
