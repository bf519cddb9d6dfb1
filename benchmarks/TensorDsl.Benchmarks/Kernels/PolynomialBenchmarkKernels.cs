using System.Numerics.Tensors;
using TensorDsl;

namespace TensorDsl.Benchmarks.Kernels
{
    /// <summary>
    /// The 12 equivariant graph polynomials of docs/design.md §6.4 (degree ≤ 6 basis elements that PPGN cannot compute, Puny et al.
    /// 2023) as generated TensorDsl kernels, in the order of <see cref="Specs"/>.
    /// </summary>
    public static partial class PolynomialBenchmarkKernels
    {
        /// <summary>The specs of P01…P12, in order.</summary>
        public static readonly string[] Specs =
        {
            "ab,ac,ad,bc,cd->bd",
            "ab,ac,ad,bc,bd,cd->",
            "ab,ac,ad,bc,bd,cd->a",
            "ab,ac,ad,bc,bd,cd->ab",
            "ab,bc,bd,be,cd,ce->de",
            "ab,bd,be,cd,ce,de->ac",
            "ab,bd,be,cd,ce,de->bc",
            "ab,bd,be,cd,ce,de->ca",
            "ab,bd,be,cd,ce,de->cb",
            "ab,ad,ae,bc,cd,de->be",
            "ab,ad,ae,bc,cd,de->eb",
            "ac,ad,ae,bc,bd,be->cd",
        };

        [EquivariantPolynomial("ab,ac,ad,bc,cd->bd")]
        public static partial void P01(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ab,ac,ad,bc,bd,cd->")]
        public static partial void P02(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ab,ac,ad,bc,bd,cd->a")]
        public static partial void P03(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ab,ac,ad,bc,bd,cd->ab")]
        public static partial void P04(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ab,bc,bd,be,cd,ce->de")]
        public static partial void P05(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ab,bd,be,cd,ce,de->ac")]
        public static partial void P06(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ab,bd,be,cd,ce,de->bc")]
        public static partial void P07(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ab,bd,be,cd,ce,de->ca")]
        public static partial void P08(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ab,bd,be,cd,ce,de->cb")]
        public static partial void P09(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ab,ad,ae,bc,cd,de->be")]
        public static partial void P10(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ab,ad,ae,bc,cd,de->eb")]
        public static partial void P11(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        [EquivariantPolynomial("ac,ad,ae,bc,bd,be->cd")]
        public static partial void P12(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

        /// <summary>Runs polynomial <paramref name="index"/> (0-based, <see cref="Specs"/> order).</summary>
        public static void Run(int index, ReadOnlyTensorSpan<float> x, TensorSpan<float> p)
        {
            switch (index)
            {
                case 0: P01(x, p); break;
                case 1: P02(x, p); break;
                case 2: P03(x, p); break;
                case 3: P04(x, p); break;
                case 4: P05(x, p); break;
                case 5: P06(x, p); break;
                case 6: P07(x, p); break;
                case 7: P08(x, p); break;
                case 8: P09(x, p); break;
                case 9: P10(x, p); break;
                case 10: P11(x, p); break;
                case 11: P12(x, p); break;
                default: throw new System.ArgumentOutOfRangeException(nameof(index));
            }
        }
    }
}
