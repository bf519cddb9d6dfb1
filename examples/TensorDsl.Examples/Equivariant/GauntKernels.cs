using System.Numerics.Tensors;

namespace TensorDsl.Examples.Equivariant
{
    /// <summary>
    /// The Gaunt products of the point-cloud example: node features of degree ≤ 3 multiplied channel-wise with themselves
    /// (two-body, full output degree 6) by the Sparse and the Fourier method, and the product of that with the features again
    /// (three-body by iterated products), used to cross-check <see cref="TensorDsl.Equivariant.GauntFourier.ManyBody(int, int, int, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, TensorSpan{double})"/>.
    /// </summary>
    public static partial class GauntKernels
    {
        /// <summary>z = x ⊗ y up to degree 6, by the direct sum over the nonzero Gaunt coefficients.</summary>
        [GauntProduct(3, 3, 6, Method = GauntMethod.Sparse)]
        public static partial void TwoBodySparse(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        /// <summary>z = x ⊗ y up to degree 6, through 2D Fourier grids (Luo et al. 2024).</summary>
        [GauntProduct(3, 3, 6, Method = GauntMethod.Fourier)]
        public static partial void TwoBodyFourier(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        /// <summary>z = (x ⊗ x) ⊗ x projected to degree 4: the degree-6 two-body product times the degree-3 features.</summary>
        [GauntProduct(6, 3, 4)]
        public static partial void ThreeBodyIterated(ReadOnlyTensorSpan<double> xx, ReadOnlyTensorSpan<double> x, TensorSpan<double> z);
    }
}
