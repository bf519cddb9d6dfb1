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

        // Standard and tensor attention and their gradients (the fused FlashAttention-2-style backward kernels).
        [TensorProgram("o[i,c] = sum[j](softmax[j](scale * sum[d](q[i,d] * k[j,d])) * v[j,c])")]
        public static partial void Attention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, ReadOnlyTensorSpan<float> v, float scale, TensorSpan<float> o);

        [Gradient(nameof(Attention))]
        public static partial void AttentionBackward(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, ReadOnlyTensorSpan<float> v, float scale,
            ReadOnlyTensorSpan<float> dO, TensorSpan<float> dQ, TensorSpan<float> dK, TensorSpan<float> dV);

        [TensorProgram("o[i,c] = sum[j,k](softmax[j,k](scale * sum[d](q[i,d] * k1[j,d] * k2[k,d])) * v1[j,c] * v2[k,c])")]
        public static partial void TensorAttention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
            ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, TensorSpan<float> o);

        [Gradient(nameof(TensorAttention))]
        public static partial void TensorAttentionBackward(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
            ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, ReadOnlyTensorSpan<float> dO,
            TensorSpan<float> dQ, TensorSpan<float> dK1, TensorSpan<float> dK2, TensorSpan<float> dV1, TensorSpan<float> dV2);

        // Gaunt products (L, L, 2L) by the Fourier method and their derived gradients (Gaunt products with the roles permuted).
        [GauntProduct(2, 2, 4, Method = GauntMethod.Fourier)]
        public static partial void Gaunt2(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [Gradient(nameof(Gaunt2))]
        public static partial void Gaunt2Backward(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> dZ, TensorSpan<float> dX, TensorSpan<float> dY);

        [GauntProduct(4, 4, 8, Method = GauntMethod.Fourier)]
        public static partial void Gaunt4(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [Gradient(nameof(Gaunt4))]
        public static partial void Gaunt4Backward(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> dZ, TensorSpan<float> dX, TensorSpan<float> dY);

        [GauntProduct(6, 6, 12, Method = GauntMethod.Fourier)]
        public static partial void Gaunt6(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [Gradient(nameof(Gaunt6))]
        public static partial void Gaunt6Backward(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> dZ, TensorSpan<float> dX, TensorSpan<float> dY);

        [GauntProduct(8, 8, 16, Method = GauntMethod.Fourier)]
        public static partial void Gaunt8(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [Gradient(nameof(Gaunt8))]
        public static partial void Gaunt8Backward(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> dZ, TensorSpan<float> dX, TensorSpan<float> dY);

        [GauntProduct(10, 10, 20, Method = GauntMethod.Fourier)]
        public static partial void Gaunt10(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [Gradient(nameof(Gaunt10))]
        public static partial void Gaunt10Backward(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> dZ, TensorSpan<float> dX, TensorSpan<float> dY);
    }
}
