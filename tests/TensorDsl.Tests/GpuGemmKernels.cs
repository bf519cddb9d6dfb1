using System.Numerics.Tensors;

namespace TensorDsl.Tests
{
    /// <summary>
    /// [Einsum] methods whose plan is a single (batched) matrix product, so that their GPU overloads run the tiled GEMM
    /// kernel: plain, transposed by the spec, batched, with index groups of several axes, and accumulating.
    /// </summary>
    public static partial class GpuGemmKernels
    {
        [Einsum("ij,jk->ik")]
        public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> result);

        [Einsum("ij,jk->ik")]
        public static partial void MatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        [Einsum("ij,jk->ik", Accumulate = true)]
        public static partial void MatMulAdd(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> result);

        // Both operands transposed by the spec: A's rows and B's columns are their slow axes.
        [Einsum("ji,kj->ik")]
        public static partial void TransposedOperands(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> result);

        [Einsum("ji,kj->ik")]
        public static partial void TransposedOperands(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        // The output transposed by the spec.
        [Einsum("ij,jk->ki")]
        public static partial void TransposedOutput(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        [Einsum("bij,bjk->bik")]
        public static partial void Batched(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        [Einsum("bij,bjk->bik", Accumulate = true)]
        public static partial void BatchedAdd(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        // Attention scores: two batch axes, rows q, columns k, summed d (B is read transposed).
        [Einsum("bhqd,bhkd->bhqk")]
        public static partial void AttentionScores(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, TensorSpan<float> scores);

        // Rows (a,b), summed (c,d), columns (e,f): every group has two axes.
        [Einsum("abcd,cdef->abef")]
        public static partial void MultiAxis(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        // The batch axis in the middle of A, first in B and in the middle of a reordered output.
        [Einsum("mbk,bnk->nbm")]
        public static partial void Scattered(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        // A diagonal of A: the row stride is the sum of both axes' strides.
        [Einsum("iij,jk->ik")]
        public static partial void DiagonalRows(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        // A dot product: a rank-0 result, which the reduction kernel computes with a group of threads.
        [Einsum("i,i->")]
        public static partial double Dot(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b);

        // Not a matrix product (no summed index): no tiled kernel.
        [Einsum("ij,jk->ijk")]
        public static partial void NotAProduct(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);
    }
}
