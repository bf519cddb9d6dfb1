using System.Numerics.Tensors;

namespace TensorDsl.Examples.Training
{
    /// <summary>
    /// The model of the attention training example: five linear projections of a sequence's tokens feeding causal
    /// 2-simplicial (tensor) attention with a window. The attention's backward is the fused FlashAttention-2-style kernel
    /// (docs/gradients.md), the projections' are einsums.
    /// </summary>
    public static partial class AttentionTrainingKernels
    {
        /// <summary>The attention program: every query attends to the pairs of the last w tokens.</summary>
        public const string Attention =
            "o[b,i,c] = sum[j,k](softmax[j,k](scale * sum[d](q[b,i,d] * k1[b,j,d] * k2[b,k,d])) * v1[b,j,c] * v2[b,k,c]) where i - w < j <= i, i - w < k <= i";

        /// <summary>y[b,i,e] = Σ_c x[b,i,c] · w[c,e]: one projection of every token.</summary>
        [Einsum("bic,ce->bie")]
        public static partial void Project(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> w, TensorSpan<double> y);

        /// <summary>The projection's weight gradient: dW[c,e] = Σ_b,i x[b,i,c] · dY[b,i,e].</summary>
        [Gradient(nameof(Project))]
        public static partial void ProjectBackward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> w, ReadOnlyTensorSpan<double> dY, TensorSpan<double> dW);

        /// <summary>Windowed tensor attention over each sequence of the batch.</summary>
        [TensorProgram(Attention)]
        public static partial void TensorAttention(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2,
            ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2, double scale, int w, TensorSpan<double> o);

        /// <summary>Its gradients with respect to the five projections' outputs: one fused kernel call per sequence.</summary>
        [Gradient(nameof(TensorAttention))]
        public static partial void TensorAttentionBackward(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2,
            ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2, double scale, int w, ReadOnlyTensorSpan<double> dO,
            TensorSpan<double> dQ, TensorSpan<double> dK1, TensorSpan<double> dK2, TensorSpan<double> dV1, TensorSpan<double> dV2);
    }
}
