using System;
using System.Collections.Concurrent;
using System.Numerics;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Equivariant
{
    /// <summary>
    /// Everything a Fourier-method product needs that depends only on the degrees and the method, built once from
    /// <see cref="SphericalFourierTables"/> in double and stored in <typeparamref name="T"/>; cached per key for the process.
    /// </summary>
    /// <remarks>
    /// <para>Two families of tables:</para>
    /// <para>
    /// <b>Direct</b> (2D direct convolution of the Fourier grids): <see cref="KappaX"/> builds F_uv from x through the exact
    /// coefficients y^{lm}_{uv}; <see cref="Omega"/> projects the quarter u ≥ 0, v ≥ 0 of the product grid back through
    /// 2π·Φ̂_m(−v)·T_{l|m|}(u), folded with the grid's symmetries (F_{−u,v} = (−1)^v F_uv, F_{u,−v} = conj F_{−u,v}).
    /// </para>
    /// <para>
    /// <b>Rings</b> (the convolution theorem in θ): the product grid is a trigonometric polynomial of degree P = L1 + L2 in θ,
    /// so it is fixed by its values on Nθ = 2K ≥ 2P + 1 equispaced θ on the circle; with the symmetry f(−θ, φ) = f(θ, φ + π)
    /// only the K + 1 rings θ_k = πk/K, k = 0..K, on [0, π] are needed (K = P + 1), and θ_k pairs with θ_{K−k} = π − θ_k
    /// (harmonics of even/odd l − |m| are even/odd about the equator). <see cref="SynthesisX"/> maps x straight to the azimuthal
    /// modes f_a(θ_k) = Σ_u F_ua e^{iuθ_k} (the SH→Fourier table composed with the θ-DFT, i.e. the Fourier series of
    /// N·P_l^a(cos θ) evaluated at θ_k). Pointwise in θ, the product is a 1D convolution over the azimuthal modes, done directly
    /// or by FFT. <see cref="Projection"/> maps the modes of the product at the rings back to coefficients: the inverse θ-DFT
    /// (exact, Nθ ≥ 2P + 1) composed with T_{la}(u), u = −P..P, folded onto the rings.
    /// </para>
    /// </remarks>
    internal sealed class GauntFourierPlan<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private static readonly ConcurrentDictionary<(int, int, int, int, int), GauntFourierPlan<T>> s_cache = new();

        private GauntFourierPlan(int lx, int ly, int p, int lOut, GauntFourierConvolution method)
        {
            Lx = lx;
            Ly = ly;
            P = p;
            LOut = lOut;
            Method = method;
            // Tables are cached per degree bound; rounding the bound up to a multiple of 8 keeps the number of distinct tables a
            // process builds small (the values do not depend on the bound).
            int bound = Math.Max(Math.Max(lx, ly), lOut);
            var tables = SphericalFourierTables.Get(Math.Min(SphericalFourierTables.MaxDegree, (bound + 7) / 8 * 8));
            if (method == GauntFourierConvolution.Direct)
            {
                KappaX = BuildKappa(tables, lx);
                KappaY = BuildKappa(tables, ly);
                Omega = BuildOmega(tables, p, lOut);
                return;
            }
            // Rings: Nθ = 2K ≥ 2P + 1, i.e. K = P + 1.
            K = p + 1;
            SynthesisX = BuildSynthesis(tables, lx, K);
            SynthesisY = ly == lx ? SynthesisX : BuildSynthesis(tables, ly, K);
            Projection = BuildProjection(tables, p, lOut, K);
            if (method == GauntFourierConvolution.Fft)
            {
                // Azimuthal grid: the product has modes |v| ≤ P and modes 0..LOut are read back, so N ≥ P + LOut + 1 avoids aliasing.
                Fft = new VectorFft<T>(VectorFft<T>.SmoothAtLeast(p + lOut + 1));
            }
        }

        /// <summary>Degree of the first input.</summary>
        public int Lx { get; }

        /// <summary>Degree of the second input (equal to <see cref="Lx"/> for a many-body product).</summary>
        public int Ly { get; }

        /// <summary>Degree of the product: L1 + L2, or ν·L for a ν-fold product.</summary>
        public int P { get; }

        /// <summary>Largest output degree.</summary>
        public int LOut { get; }

        /// <summary>The convolution method (never Auto).</summary>
        public GauntFourierConvolution Method { get; }

        /// <summary>
        /// Rings: θ_k = πk/K for k = 0..K, K = P + 1, paired as (k, K − k) for k = 0..⌊K/2⌋ (an equator ring k = K/2 when K is
        /// even); 0 for the direct method.
        /// </summary>
        public int K { get; }

        /// <summary>
        /// Direct: per (l, a), a ≤ l, in order l = 0..L, a = 0..l: h_a·κ^{la}_u for u = 0..l (h_0 = 1, h_a = √2/2), so that
        /// F_{u,a} = Σ_l h_a c^{la}_u (x_{l,a} − i·x_{l,−a}); c_u = κ_u (even a) or i·κ_u (odd a) for u ≥ 0.
        /// </summary>
        public T[]? KappaX { get; }

        /// <inheritdoc cref="KappaX"/>
        public T[]? KappaY { get; }

        /// <summary>
        /// Direct: per (l, a), l = 0..LOut, a = 0..l: ω_{la}(u), u = 0..P, with S_{la} = Σ_{u=−P..P} H_{u,a} T_{la}(u) written on
        /// the quarter u ≥ 0 (see <see cref="GauntFourierKernel{TS, TVec, T}"/>), scaled by c_a = 2π (a = 0) or 2π√2.
        /// </summary>
        public T[]? Omega { get; }

        /// <summary>
        /// Rings: per ring pair k = 0..⌊K/2⌋, per a = 0..L, per l = a..L: h_a·N_la P_l^a(cos θ_k), evaluated from the Fourier series
        /// (<see cref="SphericalFourierTables.EvaluateTheta"/>).
        /// </summary>
        public T[]? SynthesisX { get; }

        /// <inheritdoc cref="SynthesisX"/>
        public T[]? SynthesisY { get; }

        /// <summary>
        /// Rings: per ring pair k = 0..⌊K/2⌋, per a = 0..LOut, per l = a..LOut: w_{la}(k), so that
        /// z_{l,a} = Σ_k w·Re(h_a(θ_k) ± h_a(θ_{K−k})) and z_{l,−a} = −Σ_k w·Im(…), the sign being (−1)^{l−a}.
        /// </summary>
        public T[]? Projection { get; }

        /// <summary>The azimuthal FFT (method <see cref="GauntFourierConvolution.Fft"/> only).</summary>
        public VectorFft<T>? Fft { get; }

        /// <summary>The cached plan for the given degrees and a concrete method.</summary>
        public static GauntFourierPlan<T> Get(int lx, int ly, int p, int lOut, GauntFourierConvolution method)
        {
            // The key holds the method as an int: hashing an enum field of a tuple boxes it.
            var key = (lx, ly, p, lOut, (int)method);
            return s_cache.TryGetValue(key, out var plan)
                ? plan
                : s_cache.GetOrAdd(key, k => new GauntFourierPlan<T>(k.Item1, k.Item2, k.Item3, k.Item4, (GauntFourierConvolution)k.Item5));
        }

        /// <summary>Number of (l, a) pairs with 0 ≤ a ≤ l ≤ L.</summary>
        public static int Pairs(int l) => (l + 1) * (l + 2) / 2;

        private static T[] BuildKappa(SphericalFourierTables tables, int lMax)
        {
            var result = new T[Pairs(lMax) * (lMax + 1)];
            int at = 0;
            for (int l = 0; l <= lMax; l++)
            {
                for (int a = 0; a <= l; a++)
                {
                    double h = a == 0 ? 1.0 : Math.Sqrt(0.5);
                    double[] kappa = tables.ThetaSeries(l, a);
                    for (int u = 0; u <= lMax; u++)
                    {
                        result[at++] = T.CreateTruncating(u <= l ? h * kappa[u] : 0.0);
                    }
                }
            }
            return result;
        }

        private static T[] BuildOmega(SphericalFourierTables tables, int p, int lOut)
        {
            var result = new T[Pairs(lOut) * (p + 1)];
            int at = 0;
            for (int l = 0; l <= lOut; l++)
            {
                for (int a = 0; a <= l; a++)
                {
                    double scale = a == 0 ? 2 * Math.PI : 2 * Math.PI * Math.Sqrt(2);
                    for (int u = 0; u <= p; u++)
                    {
                        Complex t = tables.ThetaProjection(l, a, u);
                        // Even a: S = Σ_u H_u τ_u, τ_0 = T(0), τ_u = 2 Re T(u). Odd a: S = i Σ_u H_u τ_u, τ_u = 2 Im T(u) (H_0 = 0).
                        double tau = (a & 1) == 0 ? (u == 0 ? t.Real : 2 * t.Real) : (u == 0 ? 0.0 : 2 * t.Imaginary);
                        result[at++] = T.CreateTruncating(scale * tau);
                    }
                }
            }
            return result;
        }

        private static T[] BuildSynthesis(SphericalFourierTables tables, int lMax, int k)
        {
            int half = k / 2;
            var result = new T[(half + 1) * Pairs(lMax)];
            int at = 0;
            for (int ring = 0; ring <= half; ring++)
            {
                double theta = Math.PI * ring / k;
                for (int a = 0; a <= lMax; a++)
                {
                    double h = a == 0 ? 1.0 : Math.Sqrt(0.5);
                    for (int l = a; l <= lMax; l++)
                    {
                        result[at++] = T.CreateTruncating(h * tables.EvaluateTheta(l, a, theta));
                    }
                }
            }
            return result;
        }

        /// <summary>
        /// w_{la}(k) = c_a·q_{la}(k): Q_{la}(j) = (1/Nθ) Σ_{u=−P..P} T_{la}(u) e^{−iuθ_j} (real, since T(−u) = conj T(u)) is the weight
        /// of the sample at θ_j = 2πj/Nθ in S_{la} = Σ_u H_{u,a} T_{la}(u); folding θ_{Nθ−j} = −θ_j (h_a(−θ) = (−1)^a h_a(θ)) gives
        /// q(k) = Q(k) + (−1)^a Q(Nθ − k) on the rings 0 &lt; k &lt; K, and q(K − k) = (−1)^{l−a} q(k) pairs the rings.
        /// </summary>
        private static T[] BuildProjection(SphericalFourierTables tables, int p, int lOut, int k)
        {
            int half = k / 2, n = 2 * k;
            var result = new T[(half + 1) * Pairs(lOut)];
            var cos = new double[n];
            for (int j = 0; j < n; j++) cos[j] = Math.Cos(2 * Math.PI * j / n);
            var sin = new double[n];
            for (int j = 0; j < n; j++) sin[j] = Math.Sin(2 * Math.PI * j / n);
            var tRe = new double[p + 1];
            var tIm = new double[p + 1];
            for (int l = 0; l <= lOut; l++)
            {
                for (int a = 0; a <= l; a++)
                {
                    for (int u = 0; u <= p; u++)
                    {
                        Complex t = tables.ThetaProjection(l, a, u);
                        tRe[u] = t.Real;
                        tIm[u] = t.Imaginary;
                    }
                    double scale = a == 0 ? 2 * Math.PI : 2 * Math.PI * Math.Sqrt(2);
                    for (int ring = 0; ring <= half; ring++)
                    {
                        double q = Q(ring) + (ring == 0 ? 0.0 : ((a & 1) == 0 ? 1.0 : -1.0) * Q(n - ring));
                        result[ring * Pairs(lOut) + Offset(lOut, a, l)] = T.CreateTruncating(scale * q);
                    }

                    double Q(int j)
                    {
                        // Σ_{u=−P..P} T(u) e^{−iuθ_j} = T(0) + 2 Σ_{u≥1} Re(T(u) e^{−iuθ_j}) = T(0) + 2 Σ (Re T cos + Im T sin).
                        double sum = tRe[0];
                        for (int u = 1; u <= p; u++)
                        {
                            int idx = (int)((long)u * j % n);
                            sum += 2 * (tRe[u] * cos[idx] + tIm[u] * sin[idx]);
                        }
                        return sum / n;
                    }
                }
            }
            return result;
        }

        /// <summary>Position of (l, a) within one ring's block of a table ordered a = 0..L, then l = a..L.</summary>
        public static int Offset(int lMax, int a, int l)
        {
            // Orders before a contribute (lMax + 1) + lMax + … + (lMax − a + 2) entries.
            int before = a * (lMax + 1) - a * (a - 1) / 2;
            return before + (l - a);
        }
    }
}
