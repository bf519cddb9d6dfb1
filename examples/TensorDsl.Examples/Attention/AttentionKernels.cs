using System.Numerics.Tensors;

namespace TensorDsl.Examples.Attention
{
    /// <summary>
    /// Attention written the way papers write it. The generator fuses each program: the score tensors (n×n, or n×n×n for
    /// tensor attention) are specifications, never stored — the softmax is streamed with the online recurrence.
    /// </summary>
    public static partial class AttentionKernels
    {
        /// <summary>The program of <see cref="ScaledDotProduct(ReadOnlyTensorSpan{float}, ReadOnlyTensorSpan{float}, ReadOnlyTensorSpan{float}, float, TensorSpan{float})"/> (also given to the interpreter).</summary>
        public const string ScaledDotProductProgram = """
            s[i,j] = scale * sum[d](q[i,d] * k[j,d])
            o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c])
            """;

        /// <summary>The tensor attention program (docs/design.md §6.3).</summary>
        public const string TensorAttentionProgram = """
            s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
            o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c])
            """;

        /// <summary>2-simplicial attention: tensor attention with causal windows on both key sets.</summary>
        public const string SimplicialProgram = """
            s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
            o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c]) where i - w1 < j <= i, i - w2 < k <= i
            """;

        /// <summary>Scaled dot-product attention: o = softmax(scale · q kᵀ) v.</summary>
        [TensorProgram(ScaledDotProductProgram)]
        public static partial void ScaledDotProduct(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, ReadOnlyTensorSpan<float> v, float scale, TensorSpan<float> o);

        /// <summary>Scaled dot-product attention in double precision.</summary>
        [TensorProgram(ScaledDotProductProgram)]
        public static partial void ScaledDotProduct(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v, double scale, TensorSpan<double> o);

        /// <summary>Tensor ("Kronecker") attention, Alman &amp; Song 2023: a softmax over key pairs (j, k).</summary>
        [TensorProgram(TensorAttentionProgram)]
        public static partial void TensorAttention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
            ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, TensorSpan<float> o);

        /// <summary>Tensor attention in double precision.</summary>
        [TensorProgram(TensorAttentionProgram)]
        public static partial void TensorAttention(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2,
            ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2, double scale, TensorSpan<double> o);

        /// <summary>
        /// 2-simplicial attention (Roy et al. 2025): tensor attention with causal windows j ∈ (i − w1, i], k ∈ (i − w2, i].
        /// The where clause becomes loop bounds, so a call costs O(n·w1·w2·d), not O(n³·d).
        /// </summary>
        [TensorProgram(SimplicialProgram)]
        public static partial void SimplicialAttention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
            ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, int w1, int w2, TensorSpan<float> o);

        /// <summary>2-simplicial attention in double precision.</summary>
        [TensorProgram(SimplicialProgram)]
        public static partial void SimplicialAttention(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2,
            ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2, double scale, int w1, int w2, TensorSpan<double> o);
    }
}
