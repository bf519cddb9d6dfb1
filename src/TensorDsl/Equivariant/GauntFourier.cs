using System;
using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TensorDsl.Cpu;
using TensorDsl.Cpu.Attention;
using TensorDsl.Language.Equivariant;
using TensorDsl.Runtime;

namespace TensorDsl.Equivariant
{
    /// <summary>How <see cref="GauntFourier"/> multiplies two Fourier grids (a 2D linear convolution).</summary>
    public enum GauntFourierConvolution
    {
        /// <summary>Chosen by degree from measurements on this machine (see <see cref="GauntFourier.Choose"/>).</summary>
        Auto = 0,

        /// <summary>
        /// Direct 2D convolution of the (2L1+1)² and (2L2+1)² grids, only the quarter u ≥ 0, v ≥ 0 of the product computed
        /// (the rest follows by symmetry): O(L⁴) per row, the least overhead; the fastest for the smallest degrees.
        /// Not offered by <see cref="GauntFourier.ManyBody(int, int, int, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, TensorSpan{double}, GauntFourierConvolution)"/>.
        /// </summary>
        Direct = 1,

        /// <summary>
        /// Convolution theorem along θ: both grids are transformed (an exact, pruned DFT) to K + 1 ≈ L1 + L2 + 2 equispaced
        /// rings θ_k ∈ [0, π], where the product is pointwise in θ; along φ the modes on each ring are convolved directly.
        /// O(L³) per row.
        /// </summary>
        Rings = 2,

        /// <summary>
        /// As <see cref="Rings"/>, with the azimuthal convolution also by the convolution theorem: a mixed-radix (2, 3, 4, 5)
        /// complex FFT of length N ≥ L1 + L2 + LOut + 1 per pair of rings. O(L² log L) for the convolution, O(L³) overall.
        /// </summary>
        Fft = 3,
    }

    /// <summary>
    /// The Gaunt tensor product of real spherical-harmonic coefficients by the Fourier method (Luo et al., ICLR 2024; docs/design.md §6.2),
    /// and the ν-fold (many-body) product that stays in the Fourier domain between factors.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Convention (docs/design.md §6.1, <see cref="GauntCoefficients"/>): real orthonormal harmonics without the Condon–Shortley phase,
    /// coefficients on the last axis at flat index l² + l + m. The Gaunt product of x (degrees ≤ L1) and y (degrees ≤ L2) is
    /// z_{l3m3} = Σ G(l1m1, l2m2, l3m3)·x_{l1m1}·y_{l2m2} for l3 ≤ LOut, i.e. the coefficients of the pointwise product of the
    /// spherical functions f = Σ x_lm Y_lm and g = Σ y_lm Y_lm, truncated to degree LOut.
    /// </para>
    /// <para>
    /// Method: each function is an exact finite 2D Fourier series in (θ, φ) (<see cref="SphericalFourierTables"/>); the product
    /// of the functions is the 2D linear convolution of the Fourier grids (<see cref="GauntFourierConvolution"/>); the result is
    /// projected back onto degrees ≤ LOut with the exact θ-integrals T_{la}(u). Every step is exact in exact arithmetic; in
    /// double the result agrees with the dense Gaunt sum to about 1e-14 for degrees up to 16. Cost O(L³) per row against O(L⁵)
    /// for the sparse Gaunt sum.
    /// </para>
    /// <para>
    /// Rows: the leading axes (batch, channels, …) are matched elementwise ("uuu", channel-wise) and broadcast as NumPy
    /// does: aligned from the right, each leading length of x and y equal to that of z or 1 (a missing leading axis counts as
    /// 1); z's leading shape must equal the broadcast shape. Any strides are accepted (a broadcast axis may have stride 0); z must
    /// not have a zero stride on an axis longer than 1, and z must not overlap x or y. Rows are processed in SIMD blocks
    /// (8 doubles or 16 floats with AVX-512), as structure of arrays, on all cores for large calls. Nothing is allocated per
    /// call beyond pooled buffers (the tables of a new set of degrees are built and cached once).
    /// </para>
    /// <para>Errors (a degree out of range, a length that does not fit) throw before anything is written.</para>
    /// </remarks>
    public static class GauntFourier
    {
        /// <summary>Largest degree of an input.</summary>
        public const int MaxDegree = 32;

        /// <summary>Largest degree of a product: L1 + L2, or ν·L for a ν-fold product.</summary>
        public const int MaxProductDegree = 64;

        /// <summary>Largest number of factors ν of a many-body product.</summary>
        public const int MaxFactors = 16;

        /// <summary>
        /// Channel-wise Gaunt product z = x ⊗ y truncated to degrees ≤ <paramref name="lOut"/> (see <see cref="GauntFourier"/>).
        /// </summary>
        /// <param name="l1">Degree of x: its last axis has (l1 + 1)² coefficients. 0..<see cref="MaxDegree"/>.</param>
        /// <param name="l2">Degree of y: its last axis has (l2 + 1)² coefficients. 0..<see cref="MaxDegree"/>.</param>
        /// <param name="lOut">Largest output degree, 0..l1 + l2: z's last axis has (lOut + 1)² coefficients.</param>
        /// <param name="x">First operand, [..., (l1+1)²].</param>
        /// <param name="y">Second operand, [..., (l2+1)²].</param>
        /// <param name="z">Output, [..., (lOut+1)²] with the broadcast leading shape; overwritten.</param>
        /// <exception cref="ArgumentOutOfRangeException">A degree is out of range.</exception>
        /// <exception cref="ArgumentException">A shape does not fit, or z has a zero stride.</exception>
        public static void Product(int l1, int l2, int lOut, ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z) =>
            ProductCore(l1, l2, lOut, x, y, z, GauntFourierConvolution.Auto);

        /// <inheritdoc cref="Product(int, int, int, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, TensorSpan{double})"/>
        /// <remarks>Computed in single precision throughout (tables rounded from double): about 1e-6 relative to the largest coefficient.</remarks>
        public static void Product(int l1, int l2, int lOut, ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z) =>
            ProductCore(l1, l2, lOut, x, y, z, GauntFourierConvolution.Auto);

        /// <summary>
        /// Channel-wise Gaunt product z = x ⊗ y truncated to degrees ≤ <paramref name="lOut"/>, with the convolution method chosen
        /// by the caller (see <see cref="GauntFourier"/>).
        /// </summary>
        /// <param name="l1">Degree of x: its last axis has (l1 + 1)² coefficients. 0..<see cref="MaxDegree"/>.</param>
        /// <param name="l2">Degree of y: its last axis has (l2 + 1)² coefficients. 0..<see cref="MaxDegree"/>.</param>
        /// <param name="lOut">Largest output degree, 0..l1 + l2: z's last axis has (lOut + 1)² coefficients.</param>
        /// <param name="x">First operand, [..., (l1+1)²].</param>
        /// <param name="y">Second operand, [..., (l2+1)²].</param>
        /// <param name="z">Output, [..., (lOut+1)²] with the broadcast leading shape; overwritten.</param>
        /// <param name="convolution">How the Fourier grids are convolved; every choice gives the same result to rounding.</param>
        /// <exception cref="ArgumentOutOfRangeException">A degree or the method is out of range.</exception>
        /// <exception cref="ArgumentException">A shape does not fit, or z has a zero stride.</exception>
        public static void Product(int l1, int l2, int lOut, ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z,
            GauntFourierConvolution convolution) =>
            ProductCore(l1, l2, lOut, x, y, z, convolution);

        /// <inheritdoc cref="Product(int, int, int, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, TensorSpan{double}, GauntFourierConvolution)"/>
        public static void Product(int l1, int l2, int lOut, ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z,
            GauntFourierConvolution convolution) =>
            ProductCore(l1, l2, lOut, x, y, z, convolution);

        /// <summary>
        /// Many-body (MACE-style) features: z = Σ_{n=1..ν} w_n ⊙ P_{≤LOut}(x^{⊗n}), where x^{⊗n} is the n-fold Gaunt product of x
        /// with itself, i.e. the spherical function f = Σ x_lm Y_lm raised to the n-th power pointwise (x ⊗ x ⊗ x = f³), P_{≤LOut}
        /// the projection onto degrees ≤ LOut, and w_n a weight per channel and output degree:
        /// z[..., c, l²+l+m] = Σ_n weights[n−1, c, l]·∫ f_c^n Y_lm dΩ.
        /// </summary>
        /// <remarks>
        /// The powers are never truncated between factors: they stay in the Fourier domain (the azimuthal modes on the θ rings,
        /// or the azimuthal grid with <see cref="GauntFourierConvolution.Fft"/>), where f^n has degree n·L exactly, so the result
        /// equals applying the exact Gaunt product n − 1 times with the intermediates kept up to full degree. The n = 1 term is x
        /// itself (degrees ≤ min(L, LOut), zero above L).
        /// </remarks>
        /// <param name="l">Degree of x, 0..<see cref="MaxDegree"/>.</param>
        /// <param name="nu">Number of factors ν ≥ 1 (at most <see cref="MaxFactors"/>, and ν·l ≤ <see cref="MaxProductDegree"/>).</param>
        /// <param name="lOut">Largest output degree, 0..ν·l.</param>
        /// <param name="x">Features [..., channels, (l+1)²] (rank ≥ 2: the axis before the last is the channel axis).</param>
        /// <param name="weights">[ν, channels, lOut + 1]: weights[n−1, c, l] multiplies degree l of the n-fold product of channel c.</param>
        /// <param name="z">Output [..., channels, (lOut+1)²], the leading shape of x; overwritten.</param>
        /// <exception cref="ArgumentOutOfRangeException">A degree or ν is out of range.</exception>
        /// <exception cref="ArgumentException">A shape does not fit, or z has a zero stride.</exception>
        public static void ManyBody(int l, int nu, int lOut, ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> weights, TensorSpan<double> z) =>
            ManyBodyCore(l, nu, lOut, x, weights, z, GauntFourierConvolution.Auto);

        /// <inheritdoc cref="ManyBody(int, int, int, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, TensorSpan{double})"/>
        public static void ManyBody(int l, int nu, int lOut, ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> weights, TensorSpan<float> z) =>
            ManyBodyCore(l, nu, lOut, x, weights, z, GauntFourierConvolution.Auto);

        /// <summary>
        /// Many-body features as <see cref="ManyBody(int, int, int, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, TensorSpan{double})"/>,
        /// with the convolution method chosen by the caller.
        /// </summary>
        /// <param name="l">Degree of x, 0..<see cref="MaxDegree"/>.</param>
        /// <param name="nu">Number of factors ν ≥ 1 (at most <see cref="MaxFactors"/>, and ν·l ≤ <see cref="MaxProductDegree"/>).</param>
        /// <param name="lOut">Largest output degree, 0..ν·l.</param>
        /// <param name="x">Features [..., channels, (l+1)²] (rank ≥ 2: the axis before the last is the channel axis).</param>
        /// <param name="weights">[ν, channels, lOut + 1]: weights[n−1, c, l] multiplies degree l of the n-fold product of channel c.</param>
        /// <param name="z">Output [..., channels, (lOut+1)²], the leading shape of x; overwritten.</param>
        /// <exception cref="ArgumentOutOfRangeException">A degree, ν or the method is out of range.</exception>
        /// <exception cref="ArgumentException">A shape does not fit, or z has a zero stride.</exception>
        /// <param name="convolution">
        /// <see cref="GauntFourierConvolution.Rings"/> (powers by direct convolution of the azimuthal modes),
        /// <see cref="GauntFourierConvolution.Fft"/> (pointwise powers on the azimuthal grid) or Auto; Direct is not offered.
        /// </param>
        public static void ManyBody(int l, int nu, int lOut, ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> weights, TensorSpan<double> z,
            GauntFourierConvolution convolution) =>
            ManyBodyCore(l, nu, lOut, x, weights, z, convolution);

        /// <inheritdoc cref="ManyBody(int, int, int, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, TensorSpan{double}, GauntFourierConvolution)"/>
        public static void ManyBody(int l, int nu, int lOut, ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> weights, TensorSpan<float> z,
            GauntFourierConvolution convolution) =>
            ManyBodyCore(l, nu, lOut, x, weights, z, convolution);

        /// <summary>
        /// The convolution <see cref="GauntFourierConvolution.Auto"/> uses for a product of degrees <paramref name="l1"/>,
        /// <paramref name="l2"/> into <paramref name="lOut"/>: Direct while L1 + L2 ≤ 2, Rings up to a product degree of 40,
        /// Fft above (crossovers measured on this machine, docs/gaunt.md).
        /// </summary>
        public static GauntFourierConvolution Choose(int l1, int l2, int lOut)
        {
            int p = l1 + l2;
            if (p <= DirectMaxProductDegree) return GauntFourierConvolution.Direct;
            return p <= RingsMaxProductDegree ? GauntFourierConvolution.Rings : GauntFourierConvolution.Fft;
        }

        /// <summary>Largest L1 + L2 for which Auto picks the direct 2D convolution.</summary>
        internal const int DirectMaxProductDegree = 2;

        /// <summary>Largest L1 + L2 (or ν·L) for which Auto picks the ring convolution over the FFT.</summary>
        internal const int RingsMaxProductDegree = 40;

        /// <summary>Tests and measurements: the largest number of threads a call may use (0: all cores).</summary>
        internal static int ThreadLimit;

        /// <summary>Tests: the vector width in bits the kernels use (512, 256, 128, or 1 for scalar code; 0: the widest accelerated).</summary>
        internal static int VectorBits;

        // ───────────────────────────── validation ─────────────────────────────

        private static void ProductCore<T>(int l1, int l2, int lOut, ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, TensorSpan<T> z,
            GauntFourierConvolution convolution)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            CheckDegree(l1, nameof(l1), MaxDegree);
            CheckDegree(l2, nameof(l2), MaxDegree);
            if (l1 + l2 > MaxProductDegree)
            {
                throw new ArgumentOutOfRangeException(nameof(l2), l2, $"l1 + l2 = {l1 + l2} exceeds the largest product degree {MaxProductDegree}.");
            }
            if (lOut < 0 || lOut > l1 + l2)
            {
                throw new ArgumentOutOfRangeException(nameof(lOut), lOut, $"lOut must lie in 0..l1 + l2 = {l1 + l2}.");
            }
            CheckMethod(convolution, allowDirect: true);
            CheckLast(x.Rank, x.Lengths, l1, nameof(x), nameof(l1));
            CheckLast(y.Rank, y.Lengths, l2, nameof(y), nameof(l2));
            CheckLast(z.Rank, z.Lengths, lOut, nameof(z), nameof(lOut));
            int rank = z.Rank - 1;
            if (x.Rank - 1 > rank || y.Rank - 1 > rank)
            {
                throw new ArgumentException(
                    $"z has {rank} leading axes but {(x.Rank - 1 > rank ? "x" : "y")} has {Math.Max(x.Rank, y.Rank) - 1}; z's leading shape must be the broadcast shape of x and y.",
                    nameof(z));
            }
            for (int d = 0; d < rank; d++)
            {
                nint zl = z.Lengths[d];
                nint xl = Leading(x.Lengths, x.Rank, rank, d), yl = Leading(y.Lengths, y.Rank, rank, d);
                nint broadcast = xl == 1 ? yl : yl == 1 || yl == xl ? xl : -1;
                if (broadcast != zl)
                {
                    throw new ArgumentException(
                        $"Leading axis {d} of z has length {zl}, but x has {xl} and y has {yl} there; each must equal z's length or be 1, and z's length must be their broadcast.",
                        nameof(z));
                }
            }
            CheckOutputStrides(z.Rank, z.Lengths, z.Strides);
            nint rows = 1;
            for (int d = 0; d < rank; d++) rows *= z.Lengths[d];
            if (rows == 0) return;

            var method = convolution == GauntFourierConvolution.Auto ? Choose(l1, l2, lOut) : convolution;
            var plan = GauntFourierPlan<T>.Get(l1, l2, l1 + l2, lOut, method);
            Span<nint> lead = rank <= 16 ? stackalloc nint[4 * rank] : new nint[4 * rank];
            for (int d = 0; d < rank; d++)
            {
                lead[d] = z.Lengths[d];
                lead[rank + d] = LeadingStride(x.Lengths, x.Strides, x.Rank, rank, d);
                lead[2 * rank + d] = LeadingStride(y.Lengths, y.Strides, y.Rank, rank, d);
                lead[3 * rank + d] = z.Strides[d];
            }
            Execute(plan, 0, rows, rank, lead, x, y, default, z);
        }

        private static void ManyBodyCore<T>(int l, int nu, int lOut, ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> weights, TensorSpan<T> z,
            GauntFourierConvolution convolution)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            CheckDegree(l, nameof(l), MaxDegree);
            if (nu < 1 || nu > MaxFactors)
            {
                throw new ArgumentOutOfRangeException(nameof(nu), nu, $"The number of factors must lie in 1..{MaxFactors}.");
            }
            if (nu * l > MaxProductDegree)
            {
                throw new ArgumentOutOfRangeException(nameof(nu), nu, $"nu·l = {nu * l} exceeds the largest product degree {MaxProductDegree}.");
            }
            if (lOut < 0 || lOut > nu * l)
            {
                throw new ArgumentOutOfRangeException(nameof(lOut), lOut, $"lOut must lie in 0..nu·l = {nu * l}.");
            }
            CheckMethod(convolution, allowDirect: false);
            if (x.Rank < 2)
            {
                throw new ArgumentException($"x has rank {x.Rank}; it needs a channel axis and a coefficient axis, [..., channels, (l+1)²].", nameof(x));
            }
            CheckLast(x.Rank, x.Lengths, l, nameof(x), nameof(l));
            CheckLast(z.Rank, z.Lengths, lOut, nameof(z), nameof(lOut));
            nint channels = x.Lengths[x.Rank - 2];
            if (weights.Rank != 3 || weights.Lengths[0] != nu || weights.Lengths[1] != channels || weights.Lengths[2] != lOut + 1)
            {
                throw new ArgumentException(
                    $"weights has shape [{string.Join(", ", weights.Lengths.ToArray())}]; it must be [nu, channels, lOut + 1] = [{nu}, {channels}, {lOut + 1}].",
                    nameof(weights));
            }
            if (z.Rank != x.Rank)
            {
                throw new ArgumentException($"z has rank {z.Rank} but x has rank {x.Rank}; z must have x's leading shape.", nameof(z));
            }
            int rank = x.Rank - 1;
            for (int d = 0; d < rank; d++)
            {
                if (z.Lengths[d] != x.Lengths[d])
                {
                    throw new ArgumentException($"Leading axis {d} of z has length {z.Lengths[d]} but x has {x.Lengths[d]}; they must be equal.", nameof(z));
                }
            }
            CheckOutputStrides(z.Rank, z.Lengths, z.Strides);
            nint rows = 1;
            for (int d = 0; d < rank; d++) rows *= z.Lengths[d];
            if (rows == 0) return;

            var method = convolution == GauntFourierConvolution.Auto
                ? (nu * l <= RingsMaxProductDegree ? GauntFourierConvolution.Rings : GauntFourierConvolution.Fft)
                : convolution;
            var plan = GauntFourierPlan<T>.Get(l, l, nu * l, lOut, method);
            Span<nint> lead = rank <= 16 ? stackalloc nint[4 * rank] : new nint[4 * rank];
            for (int d = 0; d < rank; d++)
            {
                lead[d] = z.Lengths[d];
                lead[rank + d] = x.Strides[d];
                lead[2 * rank + d] = 0;
                lead[3 * rank + d] = z.Strides[d];
            }
            Execute(plan, nu, rows, rank, lead, x, weights, weights.Strides, z);
        }

        private static void CheckDegree(int l, string name, int max)
        {
            if (l < 0 || l > max)
            {
                throw new ArgumentOutOfRangeException(name, l, $"A degree must lie in 0..{max}.");
            }
        }

        private static void CheckMethod(GauntFourierConvolution convolution, bool allowDirect)
        {
            bool known = convolution is GauntFourierConvolution.Auto or GauntFourierConvolution.Direct
                or GauntFourierConvolution.Rings or GauntFourierConvolution.Fft;
            if (!known || (!allowDirect && convolution == GauntFourierConvolution.Direct))
            {
                throw new ArgumentOutOfRangeException(nameof(convolution), convolution,
                    allowDirect ? "Unknown convolution method." : "The many-body product offers Auto, Rings and Fft.");
            }
        }

        private static void CheckLast(int rank, ReadOnlySpan<nint> lengths, int degree, string name, string degreeName)
        {
            int expected = (degree + 1) * (degree + 1);
            if (rank < 1 || lengths[rank - 1] != expected)
            {
                throw new ArgumentException(
                    $"The last axis of {name} has length {(rank < 1 ? 0 : lengths[rank - 1])}; degree {degreeName} = {degree} needs {expected} coefficients.", name);
            }
        }

        private static void CheckOutputStrides(int rank, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
        {
            for (int d = 0; d < rank; d++)
            {
                if (lengths[d] > 1 && strides[d] == 0)
                {
                    throw new ArgumentException($"z has stride 0 on axis {d}; an output must not alias its own elements.", "z");
                }
            }
        }

        /// <summary>Length of an operand's leading axis aligned with output leading axis <paramref name="d"/> (1 if absent).</summary>
        private static nint Leading(ReadOnlySpan<nint> lengths, int operandRank, int rank, int d)
        {
            int od = d - (rank - (operandRank - 1));
            return od < 0 ? 1 : lengths[od];
        }

        /// <summary>The stride with which an operand advances along output leading axis <paramref name="d"/> (0 if broadcast).</summary>
        private static nint LeadingStride(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, int operandRank, int rank, int d)
        {
            int od = d - (rank - (operandRank - 1));
            return od < 0 || lengths[od] == 1 ? 0 : strides[od];
        }

        // ───────────────────────────── execution ─────────────────────────────

        private static unsafe void Execute<T>(GauntFourierPlan<T> plan, int nu, nint rows, int rank, Span<nint> lead,
            ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, ReadOnlySpan<nint> weightStrides, TensorSpan<T> z)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            fixed (nint* pLead = lead)
            fixed (T* px = &Unsafe.AsRef(in x.GetPinnableReference()))
            fixed (T* py = &Unsafe.AsRef(in y.GetPinnableReference()))
            fixed (T* pz = &z.GetPinnableReference())
            {
                var problem = new GauntFourierProblem<T>
                {
                    Plan = plan,
                    Nu = nu,
                    X = px,
                    Y = nu == 0 ? py : null,
                    Weights = nu == 0 ? null : py,
                    Z = pz,
                    Rows = rows,
                    LeadRank = rank,
                    Lead = pLead,
                    XLast = x.Strides[x.Rank - 1],
                    YLast = nu == 0 ? y.Strides[y.Rank - 1] : 0,
                    ZLast = z.Strides[z.Rank - 1],
                    WeightNu = nu == 0 ? 0 : weightStrides[0],
                    WeightChannel = nu == 0 ? 0 : weightStrides[1],
                    WeightDegree = nu == 0 ? 0 : weightStrides[2],
                };
                Execute(ref problem);
            }
        }

        /// <summary>
        /// The Fourier-method product over rows already bound by a generated <c>[GauntProduct(…, Method = GauntMethod.Fourier)]</c>
        /// kernel: <paramref name="rows"/> has checked every shape (with the same messages as the Sparse kernels) and holds the
        /// merged leading layout, so nothing is validated again here. Called by generated code only.
        /// </summary>
        /// <param name="l1">Degree of x (the generator has checked 0..16).</param>
        /// <param name="l2">Degree of y.</param>
        /// <param name="lOut">Degree of z, at most l1 + l2.</param>
        /// <param name="rows">The bound rows (<see cref="GauntRows.Bind"/>); not advanced.</param>
        /// <param name="x">Element [0, …, 0] of x.</param>
        /// <param name="sx">Stride of x's harmonic axis.</param>
        /// <param name="y">Element [0, …, 0] of y.</param>
        /// <param name="sy">Stride of y's harmonic axis.</param>
        /// <param name="z">Element [0, …, 0] of z.</param>
        /// <param name="sz">Stride of z's harmonic axis.</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static unsafe void ProductRows<T>(int l1, int l2, int lOut, ref GauntRows rows, ref T x, nint sx, ref T y, nint sy, ref T z, nint sz)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            if (rows.Count == 0) return;
            var plan = GauntFourierPlan<T>.Get(l1, l2, l1 + l2, lOut, Choose(l1, l2, lOut));
            fixed (nint* pLead = rows.Layout)
            fixed (T* px = &x)
            fixed (T* py = &y)
            fixed (T* pz = &z)
            {
                var problem = new GauntFourierProblem<T>
                {
                    Plan = plan,
                    X = px,
                    Y = py,
                    Z = pz,
                    Rows = rows.Count,
                    LeadRank = rows.Axes,
                    Lead = pLead,
                    XLast = sx,
                    YLast = sy,
                    ZLast = sz,
                };
                Execute(ref problem);
            }
        }

        private static void Execute<T>(ref GauntFourierProblem<T> problem)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int bits = VectorBits != 0 ? VectorBits
                : Vector512.IsHardwareAccelerated ? 512
                : Vector256.IsHardwareAccelerated ? 256
                : Vector128.IsHardwareAccelerated ? 128
                : 1;
            switch (bits)
            {
                case 512:
                    Dispatch<Simd512<T>, Vector512<T>, T>(ref problem);
                    break;
                case 256:
                    Dispatch<Simd256<T>, Vector256<T>, T>(ref problem);
                    break;
                case 128:
                    Dispatch<Simd128<T>, Vector128<T>, T>(ref problem);
                    break;
                default:
                    Dispatch<SimdScalar<T>, T, T>(ref problem);
                    break;
            }
        }

        private static void Dispatch<TS, TVec, T>(ref GauntFourierProblem<T> problem)
            where TS : unmanaged, IAttentionSimd<TVec, T>
            where TVec : unmanaged
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int w = TS.Count;
            nint blocks = (problem.Rows + w - 1) / w;
            // Work per row ~ (P + 2)·(LOut + 1)·(L + 1) multiply-adds (the ring convolutions); threads when a call has at
            // least about a million of them per extra thread.
            var plan = problem.Plan;
            double work = (double)problem.Rows * (plan.P + 2) * (plan.LOut + 1) * (Math.Max(plan.Lx, plan.Ly) + 1) * Math.Max(1, problem.Nu);
            int limit = ThreadLimit > 0 ? Math.Min(ThreadLimit, GemmWorkerPool.MaxThreads) : GemmWorkerPool.MaxThreads;
            int threads = (int)Math.Clamp(Math.Min(work / (1 << 20), blocks), 1, limit);
            if (threads > 1 && GemmWorkerPool.TryEnter())
            {
                var job = Job<TS, TVec, T>.Shared;
                job.Problem = problem;
                job.Blocks = blocks;
                try
                {
                    GemmWorkerPool.Run(job, threads);
                }
                finally
                {
                    job.Problem = default;
                    GemmWorkerPool.Exit();
                }
                return;
            }
            GauntFourierKernel<TS, TVec, T>.Run(ref problem, 0, blocks);
        }

        /// <summary>The pool's work descriptor: thread t of n computes blocks [t·B/n, (t+1)·B/n).</summary>
        private sealed class Job<TS, TVec, T> : GemmWork
            where TS : unmanaged, IAttentionSimd<TVec, T>
            where TVec : unmanaged
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            public static readonly Job<TS, TVec, T> Shared = new();

            public GauntFourierProblem<T> Problem;

            public nint Blocks;

            public override void Execute(int worker, int workers)
            {
                nint first = Blocks * worker / workers, end = Blocks * (worker + 1) / workers;
                GauntFourierKernel<TS, TVec, T>.Run(ref Problem, first, end);
            }
        }
    }
}
