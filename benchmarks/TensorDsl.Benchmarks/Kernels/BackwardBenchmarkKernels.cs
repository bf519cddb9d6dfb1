using System.Numerics.Tensors;
using TensorDsl;

namespace TensorDsl.Benchmarks.Kernels
{
    /// <summary>Forward kernels and their derived backward kernels (<c>[Gradient]</c>) for the <c>backward</c> suite.</summary>
    public static partial class BackwardBenchmarkKernels
    {
        [Einsum("ij,jk->ik")]
        public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

        [Gradient(nameof(MatMul))]
        public static partial void MatMulBackward(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> dC,
            TensorSpan<float> dA, TensorSpan<float> dB);

        [Einsum("bij,bjk->bik")]
        public static partial void Batched(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

        [Gradient(nameof(Batched))]
        public static partial void BatchedBackward(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> dC,
            TensorSpan<float> dA, TensorSpan<float> dB);

        [Einsum("ij,jk,kl->il")]
        public static partial void Chain(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> c, TensorSpan<float> o);

        [Gradient(nameof(Chain))]
        public static partial void ChainBackward(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> c,
            ReadOnlyTensorSpan<float> dO, TensorSpan<float> dA, TensorSpan<float> dB, TensorSpan<float> dC);
    }
}
