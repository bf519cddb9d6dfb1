using System.Numerics.Tensors;

namespace TensorDsl.Examples.Contractions
{
    /// <summary>The einsum kernels the examples run. Each body is generated at build time from its attribute.</summary>
    public static partial class EinsumKernels
    {
        /// <summary>Matrix product C = A·B.</summary>
        [Einsum("ij,jk->ik")]
        public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

        /// <summary>A batch of matrix products.</summary>
        [Einsum("bij,bjk->bik")]
        public static partial void BatchedMatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

        /// <summary>The trace of a square matrix (a diagonal, summed), returned as a scalar.</summary>
        [Einsum("ii")]
        public static partial double Trace(ReadOnlyTensorSpan<double> a);

        /// <summary>The outer product of two vectors.</summary>
        [Einsum("i,j->ij")]
        public static partial void Outer(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> result);

        /// <summary>A chain of three matrices, D = A·B·C, in one kernel.</summary>
        [Einsum("ij,jk,kl->il")]
        public static partial void Chain(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, ReadOnlyTensorSpan<double> c, TensorSpan<double> d);

        /// <summary>Batched matrix product with NumPy broadcasting over any leading dimensions.</summary>
        [Einsum("...ij,...jk->...ik")]
        public static partial void BroadcastMatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
    }
}
