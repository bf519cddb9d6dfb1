using System.Numerics.Tensors;
using TensorDsl;

namespace TensorDsl.Benchmarks.Kernels
{
    /// <summary>
    /// The Gaunt products the <c>gaunt</c> suite times, as generated TensorDsl kernels: L1 = L2 = L, LOut = 2L for L = 1…12,
    /// float and double, once per <see cref="GauntMethod"/> (<c>Sparse{L}</c>, <c>Fourier{L}</c>, <c>Auto{L}</c>).
    /// The suite finds them by name (<see cref="Quick.GauntCases"/>), so the three variants differ only in their Method.
    /// </summary>
    public static partial class GauntBenchmarkKernels
    {
        [GauntProduct(1, 1, 2, Method = GauntMethod.Sparse)]
        public static partial void Sparse1(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(1, 1, 2, Method = GauntMethod.Sparse)]
        public static partial void Sparse1(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(1, 1, 2, Method = GauntMethod.Fourier)]
        public static partial void Fourier1(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(1, 1, 2, Method = GauntMethod.Fourier)]
        public static partial void Fourier1(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(1, 1, 2, Method = GauntMethod.Auto)]
        public static partial void Auto1(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(1, 1, 2, Method = GauntMethod.Auto)]
        public static partial void Auto1(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(2, 2, 4, Method = GauntMethod.Sparse)]
        public static partial void Sparse2(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(2, 2, 4, Method = GauntMethod.Sparse)]
        public static partial void Sparse2(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(2, 2, 4, Method = GauntMethod.Fourier)]
        public static partial void Fourier2(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(2, 2, 4, Method = GauntMethod.Fourier)]
        public static partial void Fourier2(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(2, 2, 4, Method = GauntMethod.Auto)]
        public static partial void Auto2(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(2, 2, 4, Method = GauntMethod.Auto)]
        public static partial void Auto2(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(3, 3, 6, Method = GauntMethod.Sparse)]
        public static partial void Sparse3(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(3, 3, 6, Method = GauntMethod.Sparse)]
        public static partial void Sparse3(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(3, 3, 6, Method = GauntMethod.Fourier)]
        public static partial void Fourier3(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(3, 3, 6, Method = GauntMethod.Fourier)]
        public static partial void Fourier3(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(3, 3, 6, Method = GauntMethod.Auto)]
        public static partial void Auto3(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(3, 3, 6, Method = GauntMethod.Auto)]
        public static partial void Auto3(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(4, 4, 8, Method = GauntMethod.Sparse)]
        public static partial void Sparse4(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(4, 4, 8, Method = GauntMethod.Sparse)]
        public static partial void Sparse4(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(4, 4, 8, Method = GauntMethod.Fourier)]
        public static partial void Fourier4(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(4, 4, 8, Method = GauntMethod.Fourier)]
        public static partial void Fourier4(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(4, 4, 8, Method = GauntMethod.Auto)]
        public static partial void Auto4(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(4, 4, 8, Method = GauntMethod.Auto)]
        public static partial void Auto4(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(5, 5, 10, Method = GauntMethod.Sparse)]
        public static partial void Sparse5(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(5, 5, 10, Method = GauntMethod.Sparse)]
        public static partial void Sparse5(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(5, 5, 10, Method = GauntMethod.Fourier)]
        public static partial void Fourier5(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(5, 5, 10, Method = GauntMethod.Fourier)]
        public static partial void Fourier5(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(5, 5, 10, Method = GauntMethod.Auto)]
        public static partial void Auto5(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(5, 5, 10, Method = GauntMethod.Auto)]
        public static partial void Auto5(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(6, 6, 12, Method = GauntMethod.Sparse)]
        public static partial void Sparse6(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(6, 6, 12, Method = GauntMethod.Sparse)]
        public static partial void Sparse6(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(6, 6, 12, Method = GauntMethod.Fourier)]
        public static partial void Fourier6(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(6, 6, 12, Method = GauntMethod.Fourier)]
        public static partial void Fourier6(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(6, 6, 12, Method = GauntMethod.Auto)]
        public static partial void Auto6(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(6, 6, 12, Method = GauntMethod.Auto)]
        public static partial void Auto6(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(7, 7, 14, Method = GauntMethod.Sparse)]
        public static partial void Sparse7(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(7, 7, 14, Method = GauntMethod.Sparse)]
        public static partial void Sparse7(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(7, 7, 14, Method = GauntMethod.Fourier)]
        public static partial void Fourier7(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(7, 7, 14, Method = GauntMethod.Fourier)]
        public static partial void Fourier7(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(7, 7, 14, Method = GauntMethod.Auto)]
        public static partial void Auto7(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(7, 7, 14, Method = GauntMethod.Auto)]
        public static partial void Auto7(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(8, 8, 16, Method = GauntMethod.Sparse)]
        public static partial void Sparse8(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(8, 8, 16, Method = GauntMethod.Sparse)]
        public static partial void Sparse8(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(8, 8, 16, Method = GauntMethod.Fourier)]
        public static partial void Fourier8(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(8, 8, 16, Method = GauntMethod.Fourier)]
        public static partial void Fourier8(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(8, 8, 16, Method = GauntMethod.Auto)]
        public static partial void Auto8(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(8, 8, 16, Method = GauntMethod.Auto)]
        public static partial void Auto8(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(9, 9, 18, Method = GauntMethod.Sparse)]
        public static partial void Sparse9(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(9, 9, 18, Method = GauntMethod.Sparse)]
        public static partial void Sparse9(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(9, 9, 18, Method = GauntMethod.Fourier)]
        public static partial void Fourier9(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(9, 9, 18, Method = GauntMethod.Fourier)]
        public static partial void Fourier9(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(9, 9, 18, Method = GauntMethod.Auto)]
        public static partial void Auto9(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(9, 9, 18, Method = GauntMethod.Auto)]
        public static partial void Auto9(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(10, 10, 20, Method = GauntMethod.Sparse)]
        public static partial void Sparse10(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(10, 10, 20, Method = GauntMethod.Sparse)]
        public static partial void Sparse10(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(10, 10, 20, Method = GauntMethod.Fourier)]
        public static partial void Fourier10(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(10, 10, 20, Method = GauntMethod.Fourier)]
        public static partial void Fourier10(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(10, 10, 20, Method = GauntMethod.Auto)]
        public static partial void Auto10(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(10, 10, 20, Method = GauntMethod.Auto)]
        public static partial void Auto10(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(11, 11, 22, Method = GauntMethod.Sparse)]
        public static partial void Sparse11(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(11, 11, 22, Method = GauntMethod.Sparse)]
        public static partial void Sparse11(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(11, 11, 22, Method = GauntMethod.Fourier)]
        public static partial void Fourier11(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(11, 11, 22, Method = GauntMethod.Fourier)]
        public static partial void Fourier11(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(11, 11, 22, Method = GauntMethod.Auto)]
        public static partial void Auto11(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(11, 11, 22, Method = GauntMethod.Auto)]
        public static partial void Auto11(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(12, 12, 24, Method = GauntMethod.Sparse)]
        public static partial void Sparse12(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(12, 12, 24, Method = GauntMethod.Sparse)]
        public static partial void Sparse12(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(12, 12, 24, Method = GauntMethod.Fourier)]
        public static partial void Fourier12(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(12, 12, 24, Method = GauntMethod.Fourier)]
        public static partial void Fourier12(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [GauntProduct(12, 12, 24, Method = GauntMethod.Auto)]
        public static partial void Auto12(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [GauntProduct(12, 12, 24, Method = GauntMethod.Auto)]
        public static partial void Auto12(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);
    }
}
