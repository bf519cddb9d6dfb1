using System.Numerics.Tensors;

namespace TensorDsl.Tests.Programs
{
    /// <summary>Programs compiled by the real generator in this test project (build-time, as a user would).</summary>
    public static partial class AttentionProgramKernels
    {
        public const string TensorAttentionProgram = """
            s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
            o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c])
            """;

        [TensorProgram(TensorAttentionProgram)]
        public static partial void TensorAttention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
            ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, TensorSpan<float> o);

        [TensorProgram("""
            o[i,c] = sum[j](softmax[j](scale * sum[d](q[i,d] * k[j,d])) * v[j,c])
            """)]
        public static partial void Standard(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, ReadOnlyTensorSpan<float> v, float scale, TensorSpan<float> o);
    }
}
