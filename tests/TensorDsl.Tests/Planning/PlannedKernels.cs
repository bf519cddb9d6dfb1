using System.Numerics.Tensors;

namespace TensorDsl.Tests.Planning
{
    /// <summary>Kernels whose plans have several steps (GEMMs and loop nests through pooled intermediates).</summary>
    public static partial class PlannedKernels
    {
        [Einsum("ij,jk,kl,lm->im")]
        public static partial void Chain4(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> c, ReadOnlyTensorSpan<float> d, TensorSpan<float> e);

        [Einsum("ij,jk,k->i")]
        public static partial void MatMatVec(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, ReadOnlyTensorSpan<double> v, TensorSpan<double> y);

        [Einsum("ab,ac,ad,bc,cd->bd")]
        public static partial void GraphPolynomial(ReadOnlyTensorSpan<double> x1, ReadOnlyTensorSpan<double> x2, ReadOnlyTensorSpan<double> x3, ReadOnlyTensorSpan<double> x4, ReadOnlyTensorSpan<double> x5, TensorSpan<double> p);
    }
}

namespace TensorDsl.Tests.Planning
{
    /// <summary>A kernel with a static size: <c>d</c> is fixed at build time.</summary>
    [Dim("d", 8)]
    public static partial class StaticKernels
    {
        [Einsum("id,jd->ij")]
        public static partial void Scores(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, TensorSpan<float> s);

        [Einsum("id,d->i")]
        public static partial void Project(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> w, TensorSpan<double> y);
    }
}
