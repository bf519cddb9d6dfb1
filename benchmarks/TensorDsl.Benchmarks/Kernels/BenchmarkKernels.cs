using System.Numerics.Tensors;
using TensorDsl;

namespace TensorDsl.Benchmarks.Kernels
{
    /// <summary>The contractions the benchmarks time, as generated TensorDsl kernels.</summary>
    public static partial class BenchmarkKernels
    {
        [Einsum("ij,jk->ik")]
        public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

        [Einsum("ij,jk->ik")]
        public static partial void MatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);

        [Einsum("ji,kj->ik")]
        public static partial void MatMulTransposed(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

        [Einsum("bij,bjk->bik")]
        public static partial void BatchedMatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

        [Einsum("bhqd,bhkd->bhqk")]
        public static partial void AttentionScores(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, TensorSpan<float> s);

        [Einsum("ij,jk,kl,lm->im")]
        public static partial void Chain4(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> c, ReadOnlyTensorSpan<float> d, TensorSpan<float> e);

        // The degree-5 graph polynomial of docs/design.md §6.4 as a plain einsum (one adjacency matrix per edge).
        [Einsum("ab,ac,ad,bc,cd->bd")]
        public static partial void Polynomial4(ReadOnlyTensorSpan<float> ab, ReadOnlyTensorSpan<float> ac, ReadOnlyTensorSpan<float> ad,
            ReadOnlyTensorSpan<float> bc, ReadOnlyTensorSpan<float> cd, TensorSpan<float> bd);

        [Einsum("ii,ij->j")]
        public static partial void DiagonalTimesMatrix(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
    }
}
