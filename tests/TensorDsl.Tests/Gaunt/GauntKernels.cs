using System.Numerics.Tensors;

namespace TensorDsl.Tests.Gaunt
{
    /// <summary><c>[GauntProduct]</c> methods implemented by the generator when this project builds, as in a consumer.</summary>
    public static partial class GauntKernels
    {
        [GauntProduct(2, 2, 4)]
        public static partial void Product224(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(L1 = 3, L2 = 1, LOut = 2, Method = GauntMethod.Fourier)]
        public static partial void Product312(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        // 2229 terms: above the unroll limit, so the CPU kernel loops over the compressed table.
        [GauntProduct(4, 4, 8, Method = GauntMethod.Sparse)]
        public static partial void Product448(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);
    
        // Equivariance (GauntKernelEquivarianceTests): the two lowerings of the same products, up to L = 8.
        [GauntProduct(3, 2, 4, Method = GauntMethod.Sparse)]
        public static partial void Sparse324(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(3, 2, 4, Method = GauntMethod.Fourier)]
        public static partial void Fourier324(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(8, 8, 16, Method = GauntMethod.Sparse)]
        public static partial void Sparse8816(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(8, 8, 16, Method = GauntMethod.Fourier)]
        public static partial void Fourier8816(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(8, 5, 6, Method = GauntMethod.Sparse)]
        public static partial void Sparse856(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(8, 5, 6, Method = GauntMethod.Fourier)]
        public static partial void Fourier856(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);
    }
}
