using System.Numerics.Tensors;
using TensorDsl;

namespace TensorDsl.Benchmarks.Kernels
{
    /// <summary>The attention programs the benchmarks time, as generated TensorDsl kernels.</summary>
    public static partial class AttentionBenchmarkKernels
    {
        [TensorProgram("""
            s[i,j] = scale * sum[d](q[i,d] * k[j,d])
            o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c])
            """)]
        public static partial void ScaledDotProduct(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, ReadOnlyTensorSpan<float> v, float scale, TensorSpan<float> o);

        [TensorProgram("""
            s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
            o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c])
            """)]
        public static partial void TensorAttention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
            ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, TensorSpan<float> o);

        [TensorProgram("""
            s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
            o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c]) where i - w1 < j <= i, i - w2 < k <= i
            """)]
        public static partial void SimplicialAttention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
            ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, int w1, int w2, TensorSpan<float> o);
    }
}
