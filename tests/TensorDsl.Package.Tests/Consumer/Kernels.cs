using System.Numerics.Tensors;
using TensorDsl;

/// <summary>Kernels implemented by the packaged generator at build time.</summary>
public static partial class Kernels
{
    /// <summary>c = a · b.</summary>
    [Einsum("ij,jk->ik")]
    public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

    /// <summary>Softmax attention, fused by the generator (the scores s are never stored).</summary>
    [TensorProgram("""
        s[i,j] = scale * sum[d](q[i,d] * k[j,d])
        o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c])
        """)]
    public static partial void Attention(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v,
        double scale, TensorSpan<double> o);
}
