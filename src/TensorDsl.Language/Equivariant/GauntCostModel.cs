using System;
using TensorDsl.Language.Binding;

namespace TensorDsl.Language.Equivariant
{
    /// <summary>Predicted times of the two lowerings of one <c>[GauntProduct]</c> call (see <see cref="GauntCostModel"/>).</summary>
    /// <param name="SparseMicroseconds">Predicted time of the Sparse kernel.</param>
    /// <param name="FourierMicroseconds">Predicted time of the Fourier kernel.</param>
    public sealed record GauntCostEstimate(double SparseMicroseconds, double FourierMicroseconds)
    {
        /// <summary>The lowering predicted to be faster (Sparse on a tie).</summary>
        public GauntLowering Faster => FourierMicroseconds < SparseMicroseconds ? GauntLowering.Fourier : GauntLowering.Sparse;
    }

    /// <summary>
    /// Predicts the time of the Sparse and the Fourier lowering of a <c>[GauntProduct]</c> on the CPU, so that
    /// <c>Method = GauntMethod.Auto</c> can pick the faster. Pure: a function of the degrees, the element type and the row
    /// count, with constants calibrated on the development machine (docs/gaunt.md, "Choosing a method").
    /// </summary>
    /// <remarks>
    /// <para>
    /// Per row, on one core: Sparse costs <c>a·terms + b·(K1 + K2 + K3)</c> (one fused multiply-add per nonzero Gaunt term on
    /// a vector of rows, the transposing copies of the components), with a larger <c>a</c> when the sum is a table loop
    /// (more than <see cref="SparseGauntPlan.UnrollLimit"/> terms) instead of unrolled code. Fourier costs
    /// <c>c·(L1 + L2 + 2)(LOut + 1)(max(L1, L2) + 1) + d·((L1 + 1)²(2L1 + 1) + (L2 + 1)²(2L2 + 1))</c>: the ring convolutions
    /// and projection (the work term <c>GauntFourier</c> threads on) and the transforms of x and y into the Fourier domain
    /// ((L + 1)² coefficients onto 2L + 1 polar modes each). Constants are per element type.
    /// </para>
    /// <para>
    /// A call of R rows then takes <c>overhead + R·perRow / threads</c>, where threads follows the runtime's rule for each
    /// method (one thread per ~2¹⁸ Sparse or ~2²⁰ Fourier work units, at most the cores). For many rows both
    /// methods use every core and the choice depends on the degrees alone; for few rows the per-call overheads decide.
    /// </para>
    /// </remarks>
    public static class GauntCostModel
    {
        /// <summary>The row count the generator assumes when it must choose at build time (256 × 128, the benchmark shape).</summary>
        public const long ReferenceRows = 256 * 128;

        /// <summary>Cores assumed at build time (the development machine has two).</summary>
        public const int ReferenceCores = 2;

        // ── Calibrated constants: nanoseconds per row on one core, fitted (least squares on relative error) to the medians of
        // generated kernels timed on the two-core development machine, 256 × 128 rows, L1 = L2 = L, LOut = 2L for L = 1…12 and
        // seven other degree triples (docs/gaunt.md, "Choosing a method"). The machine was shared and loaded: ±30 % per point.
        internal const double SparseTermDouble = 0.268;
        internal const double SparseTermFloat = 0.0648;
        internal const double SparseTableTermDouble = 0.843;
        internal const double SparseTableTermFloat = 0.429;
        internal const double SparseComponentDouble = 1.067;
        internal const double SparseComponentFloat = 1.13;
        internal const double FourierConvolutionDouble = 1.091;
        internal const double FourierConvolutionFloat = 0.842;
        internal const double FourierTransformDouble = 1.265;
        internal const double FourierTransformFloat = 0.650;

        /// <summary>Fixed cost of a call (binding, dispatch), microseconds.</summary>
        internal const double SparseOverhead = 1.0;

        /// <summary>Fixed cost of a Fourier call (binding, plan lookup, pinning), microseconds.</summary>
        internal const double FourierOverhead = 2.0;

        /// <summary>Work units per extra thread (the runtime's thresholds: GauntParallel and GauntFourier).</summary>
        private const double SparseWorkPerThread = 1 << 18, FourierWorkPerThread = 1 << 20;

        /// <summary>Predicts both lowerings' time for a call of <paramref name="rows"/> rows.</summary>
        /// <param name="l1">Degree bound of x.</param>
        /// <param name="l2">Degree bound of y.</param>
        /// <param name="lOut">Degree bound of z (degrees above l1 + l2 are zero and cost nothing: a derived gradient has them).</param>
        /// <param name="element">float or double.</param>
        /// <param name="rows">Rows of the call (the product of the leading lengths).</param>
        /// <param name="cores">Cores a call may use.</param>
        /// <exception cref="ArgumentOutOfRangeException">A degree is out of range, or rows or cores is negative.</exception>
        public static GauntCostEstimate Estimate(int l1, int l2, int lOut, ElementType element, long rows, int cores = ReferenceCores)
        {
            // A derived gradient's product takes the forward's result as an operand: degrees up to twice the binder's bound.
            if (l1 < 0 || l1 > 2 * GauntProductBinder.MaxInputDegree) throw new ArgumentOutOfRangeException(nameof(l1));
            if (l2 < 0 || l2 > 2 * GauntProductBinder.MaxInputDegree) throw new ArgumentOutOfRangeException(nameof(l2));
            if (lOut < 0 || lOut > 4 * GauntProductBinder.MaxInputDegree) throw new ArgumentOutOfRangeException(nameof(lOut));
            lOut = Math.Min(lOut, l1 + l2);
            if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows));
            if (cores < 1) throw new ArgumentOutOfRangeException(nameof(cores));
            bool isFloat = element == ElementType.Float;
            int terms = GauntCoefficients.Table(l1, l2, lOut).Count; // cached per degree triple
            double components = Square(l1 + 1) + Square(l2 + 1) + Square(lOut + 1);

            double termCost = terms > SparseGauntPlan.UnrollLimit
                ? (isFloat ? SparseTableTermFloat : SparseTableTermDouble)
                : (isFloat ? SparseTermFloat : SparseTermDouble);
            double sparseRow = termCost * terms + (isFloat ? SparseComponentFloat : SparseComponentDouble) * components;
            double sparseWork = terms + components;

            double convolution = (double)(l1 + l2 + 2) * (lOut + 1) * (Math.Max(l1, l2) + 1);
            double transforms = Square(l1 + 1) * (2 * l1 + 1) + Square(l2 + 1) * (2 * l2 + 1);
            double fourierRow = (isFloat ? FourierConvolutionFloat : FourierConvolutionDouble) * convolution
                + (isFloat ? FourierTransformFloat : FourierTransformDouble) * transforms;

            double sparse = SparseOverhead + rows * sparseRow / 1000.0 / Threads(rows * sparseWork / SparseWorkPerThread, rows, cores);
            double fourier = FourierOverhead + rows * fourierRow / 1000.0 / Threads(rows * convolution / FourierWorkPerThread, rows, cores);
            return new GauntCostEstimate(sparse, fourier);
        }

        /// <summary>The lowering <c>Auto</c> picks for a call of <paramref name="rows"/> rows (the faster prediction).</summary>
        /// <param name="l1">Degree bound of x.</param>
        /// <param name="l2">Degree bound of y.</param>
        /// <param name="lOut">Degree bound of z.</param>
        /// <param name="element">float or double.</param>
        /// <param name="rows">Rows of the call.</param>
        /// <param name="cores">Cores a call may use.</param>
        public static GauntLowering Choose(int l1, int l2, int lOut, ElementType element, long rows, int cores = ReferenceCores)
            => Estimate(l1, l2, lOut, element, rows, cores).Faster;

        /// <summary>Threads the runtime uses for <paramref name="threadsByWork"/> (work / work per thread): at least 1, at most the cores or the 16-row units.</summary>
        private static double Threads(double threadsByWork, long rows, int cores)
            => Math.Max(1, Math.Min(Math.Min(Math.Floor(threadsByWork), Math.Ceiling(rows / 16.0)), cores));

        private static double Square(int n) => (double)n * n;

    }
}
