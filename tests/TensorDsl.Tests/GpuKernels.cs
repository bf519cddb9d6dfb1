using System.Numerics.Tensors;

namespace TensorDsl.Tests
{
    /// <summary>[Einsum] methods whose generated GPU overloads the tests run on ILGPU's CPU accelerator.</summary>
    public static partial class GpuKernels
    {
        [Einsum("ij,jk->ik")]
        public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> result);

        [Einsum("ij,jk->ik")]
        public static partial void MatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        [Einsum("ij,jk->ik", Accumulate = true)]
        public static partial void MatMulAdd(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        [Einsum("ii")]
        public static partial double Trace(ReadOnlyTensorSpan<double> a);

        [Einsum("ii->i")]
        public static partial void Diagonal(ReadOnlyTensorSpan<double> a, TensorSpan<double> result);

        [Einsum("ij,ij->")]
        public static partial float Dot(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b);

        [Einsum("ij,ij->")]
        public static partial void DotInto(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        [Einsum("...ij,...jk->...ik")]
        public static partial void BroadcastMatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        [Einsum("ij...,j->i...")]
        public static partial void TrailingEllipsis(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        [Einsum("i,j->ij")]
        public static partial void Outer(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        [Einsum("bij,bjk->bik")]
        public static partial void BatchedMatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> result);

        [Einsum("ab,bc,cd,de,ef,fg,gh->ah")]
        public static partial void Chain7(
            ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, ReadOnlyTensorSpan<double> c, ReadOnlyTensorSpan<double> d,
            ReadOnlyTensorSpan<double> e, ReadOnlyTensorSpan<double> f, ReadOnlyTensorSpan<double> g, TensorSpan<double> result);

        [Einsum("ab,ac,ad,bc,cd->bd")]
        public static partial void GraphPolynomial(
            ReadOnlyTensorSpan<double> x0, ReadOnlyTensorSpan<double> x1, ReadOnlyTensorSpan<double> x2, ReadOnlyTensorSpan<double> x3,
            ReadOnlyTensorSpan<double> x4, TensorSpan<double> result);

        // 20 operands: more kernel parameters than ILGPU's generic Action<...> loaders accept.
        [Einsum("i,i,i,i,i,i,i,i,i,i,i,i,i,i,i,i,i,i,i,i->i")]
        public static partial void Product20(
            ReadOnlyTensorSpan<double> x0, ReadOnlyTensorSpan<double> x1, ReadOnlyTensorSpan<double> x2, ReadOnlyTensorSpan<double> x3,
            ReadOnlyTensorSpan<double> x4, ReadOnlyTensorSpan<double> x5, ReadOnlyTensorSpan<double> x6, ReadOnlyTensorSpan<double> x7,
            ReadOnlyTensorSpan<double> x8, ReadOnlyTensorSpan<double> x9, ReadOnlyTensorSpan<double> x10, ReadOnlyTensorSpan<double> x11,
            ReadOnlyTensorSpan<double> x12, ReadOnlyTensorSpan<double> x13, ReadOnlyTensorSpan<double> x14, ReadOnlyTensorSpan<double> x15,
            ReadOnlyTensorSpan<double> x16, ReadOnlyTensorSpan<double> x17, ReadOnlyTensorSpan<double> x18, ReadOnlyTensorSpan<double> x19,
            TensorSpan<double> result);

        [Einsum("ij,jk->ik")]
        [Dim("j", 3)]
        public static partial void MatMulJ3(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        // Parameter names that the GPU overload itself would use ("device") and names with underscores.
        [Einsum("ij,j->i")]
        public static partial void OddNames(ReadOnlyTensorSpan<double> input, ReadOnlyTensorSpan<double> device, TensorSpan<double> out_1);

        [Einsum("...,...->...")]
        public static partial void Hadamard(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);

        [Einsum("bii,bj->bj")]
        public static partial void TraceScale(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);
    }
}

namespace TensorDsl.Tests
{
    /// <summary>Kernels in a generic type and in a nested struct: the GPU overload finds its kernel in the closed type.</summary>
    public static partial class GenericKernels<TTag>
    {
        [Einsum("i,i->i")]
        public static partial void Multiply(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> result);

        public partial struct Nested
        {
            [Einsum("ij->ji")]
            public static partial void Transpose(ReadOnlyTensorSpan<double> a, TensorSpan<double> result);
        }
    }
}
