using System;
using System.Collections.Concurrent;
using System.Numerics;
using System.Threading;

namespace TensorDsl.Language.Equivariant
{
    /// <summary>
    /// Exact finite 2D Fourier series of the real spherical harmonics, and the projection back: the tables of the Fourier
    /// method of the Gaunt product (Luo et al., ICLR 2024; docs/design.md §6.2).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Convention: that of <see cref="GauntCoefficients"/> (real orthonormal harmonics, no Condon–Shortley phase, flat index
    /// l² + l + m, θ polar from +z, φ azimuth from +x). Every Y_lm is a trigonometric polynomial on the torus
    /// (θ, φ) ∈ [0, 2π)², the polar factor being continued to θ ∈ (π, 2π) with sin θ kept signed:
    /// </para>
    /// <code>
    /// Y_lm(θ, φ) = Σ_{u=−l..l} Σ_{v=±m} y^{lm}_{uv} e^{i(uθ + vφ)},      y^{lm}_{uv} = c^{l|m|}_u · Φ̂_m(v)
    /// </code>
    /// <para>
    /// with c^{la}_u the coefficients of N_la·P_l^a(cos θ) = Σ_u c^{la}_u e^{iuθ} (<see cref="Theta"/>), exact because
    /// sin^a θ·(a polynomial of degree l − a in cos θ) has no frequency above l, so the (2l+1)-point DFT of its samples at
    /// θ_k = 2πk/(2l+1) recovers it exactly; and Φ̂_m(v) the coefficients of √2·cos(mφ), 1 or √2·sin(|m|φ)
    /// (<see cref="Phi"/>). Structure, imposed exactly on the tables: c^{la}_u = 0 unless u ≡ l (mod 2); for even a it is
    /// real with c_{−u} = c_u (a cosine series), for odd a purely imaginary with c_{−u} = −c_u (a sine series).
    /// </para>
    /// <para>
    /// Projection: a band-limited function with Fourier grid F_uv has the harmonic coefficients
    /// x_lm = ∫ f Y_lm dΩ = Re Σ_uv F_uv·<see cref="Projection"/>(l, m, u, v), where Projection(l, m, u, v) =
    /// 2π·Φ̂_m(−v)·T_{l|m|}(u) and T_{la}(u) = ∫_0^π e^{iuθ} N_la P_l^a(cos θ) sin θ dθ = Σ_w c^{la}_w I(u + w)
    /// (<see cref="ThetaProjection"/>), I(n) = ∫_0^π e^{inθ} sin θ dθ (<see cref="SineMoment"/>).
    /// </para>
    /// <para>
    /// Everything is plain double arithmetic (this assembly is netstandard2.0 without dependencies, so a source generator
    /// can build the tables at compile time). Accuracy: coefficients within a few 1e-16 (relative to the largest of a
    /// harmonic) for degrees up to 32; the round trip harmonic → Fourier grid → harmonic is the identity to about 1e-14.
    /// </para>
    /// </remarks>
    public sealed class SphericalFourierTables
    {
        /// <summary>Largest degree a table may be built for (the build costs O(L⁴) operations and O(L³) memory).</summary>
        public const int MaxDegree = 256;

        private static readonly ConcurrentDictionary<int, Lazy<SphericalFourierTables>> s_cache =
            new ConcurrentDictionary<int, Lazy<SphericalFourierTables>>();

        /// <summary>Per (l, a): κ_u for u = 0..l, c_u = κ_u (a even) or i·κ_u (a odd) for u ≥ 0, c_{−u} = (−1)^a c_u.</summary>
        private readonly double[][] _theta;

        /// <summary>Per (l, a): T(u) for u = −2L..2L (real and imaginary parts interleaved, index 2(u + 2L)).</summary>
        private readonly double[][] _projection;

        private SphericalFourierTables(int maxL)
        {
            MaxL = maxL;
            _theta = new double[Pairs(maxL)][];
            _projection = new double[Pairs(maxL)][];
            for (int l = 0; l <= maxL; l++)
            {
                double[][] rows = BuildTheta(l);
                for (int a = 0; a <= l; a++)
                {
                    _theta[PairIndex(l, a)] = rows[a];
                }
            }
            int range = 2 * maxL;
            for (int l = 0; l <= maxL; l++)
            {
                for (int a = 0; a <= l; a++)
                {
                    double[] kappa = _theta[PairIndex(l, a)];
                    var row = new double[2 * (2 * range + 1)];
                    for (int u = -range; u <= range; u++)
                    {
                        Complex t = ProjectTheta(kappa, l, a, u);
                        row[2 * (u + range)] = t.Real;
                        row[2 * (u + range) + 1] = t.Imaginary;
                    }
                    _projection[PairIndex(l, a)] = row;
                }
            }
        }

        /// <summary>The largest degree held by this table.</summary>
        public int MaxL { get; }

        /// <summary>
        /// The tables for degrees 0..<paramref name="maxL"/>, built once per <paramref name="maxL"/> and cached for the life of
        /// the process; concurrent callers share one build and get the same instance.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxL"/> is negative or above <see cref="MaxDegree"/>.</exception>
        public static SphericalFourierTables Get(int maxL)
        {
            if (maxL < 0 || maxL > MaxDegree)
            {
                throw new ArgumentOutOfRangeException(nameof(maxL), maxL, $"A degree bound must lie in 0..{MaxDegree}.");
            }
            return s_cache.GetOrAdd(
                maxL,
                l => new Lazy<SphericalFourierTables>(() => new SphericalFourierTables(l), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        /// <summary>
        /// c^{la}_u: the coefficient of e^{iuθ} in N_la·P_l^a(cos θ) (sin θ signed on [0, 2π)), N_la = √((2l+1)/(4π)·(l−a)!/(l+a)!),
        /// P_l^a without the Condon–Shortley phase. Zero for |u| &gt; l and for u ≢ l (mod 2); real for even a, imaginary for odd a.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">l outside 0..<see cref="MaxL"/> or a outside 0..l.</exception>
        public Complex Theta(int l, int a, int u)
        {
            CheckPair(l, a);
            int au = Math.Abs(u);
            if (au > l) return Complex.Zero;
            double k = _theta[PairIndex(l, a)][au];
            if (u < 0 && (a & 1) != 0) k = -k;
            return (a & 1) == 0 ? new Complex(k, 0) : new Complex(0, k);
        }

        /// <summary>
        /// The real θ-coefficients κ_u, u = 0..l, of N_la·P_l^a(cos θ): for even a it equals κ_0 + 2Σ_{u≥1} κ_u cos(uθ), for odd a
        /// −2Σ_{u≥1} κ_u sin(uθ) (so c_u = κ_u, respectively i·κ_u, for u ≥ 0). A fresh copy.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">l outside 0..<see cref="MaxL"/> or a outside 0..l.</exception>
        public double[] ThetaSeries(int l, int a)
        {
            CheckPair(l, a);
            return (double[])_theta[PairIndex(l, a)].Clone();
        }

        /// <summary>
        /// Φ̂_m(v): the coefficient of e^{ivφ} in the azimuthal factor of Y_lm: √2·cos(mφ) for m &gt; 0 (½√2 at v = ±m), 1 for
        /// m = 0 (at v = 0), √2·sin(|m|φ) for m &lt; 0 (−½√2·i at v = |m|, +½√2·i at v = −|m|); zero elsewhere.
        /// </summary>
        public static Complex Phi(int m, int v)
        {
            if (m == 0) return v == 0 ? Complex.One : Complex.Zero;
            int a = Math.Abs(m);
            if (v != a && v != -a) return Complex.Zero;
            const double half = 0.70710678118654752440; // √2 / 2
            if (m > 0) return new Complex(half, 0);
            return new Complex(0, v > 0 ? -half : half);
        }

        /// <summary>
        /// y^{lm}_{uv} = c^{l|m|}_u·Φ̂_m(v), so that Y_lm(θ, φ) = Σ_{u=−l..l} Σ_{v=±m} y^{lm}_{uv} e^{i(uθ + vφ)} exactly.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">l outside 0..<see cref="MaxL"/> or |m| &gt; l.</exception>
        public Complex Coefficient(int l, int m, int u, int v)
        {
            CheckPair(l, Math.Abs(m));
            return Theta(l, Math.Abs(m), u) * Phi(m, v);
        }

        /// <summary>
        /// T_{la}(u) = ∫_0^π e^{iuθ} N_la P_l^a(cos θ) sin θ dθ = Σ_{w=−l..l} c^{la}_w·I(u + w), for any integer u (tabulated for
        /// |u| ≤ 2·<see cref="MaxL"/>, computed on the fly beyond). T(−u) = conj T(u).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">l outside 0..<see cref="MaxL"/> or a outside 0..l.</exception>
        public Complex ThetaProjection(int l, int a, int u)
        {
            CheckPair(l, a);
            int range = 2 * MaxL;
            if (u >= -range && u <= range)
            {
                double[] row = _projection[PairIndex(l, a)];
                return new Complex(row[2 * (u + range)], row[2 * (u + range) + 1]);
            }
            return ProjectTheta(_theta[PairIndex(l, a)], l, a, u);
        }

        /// <summary>
        /// The projection weight 2π·Φ̂_m(−v)·T_{l|m|}(u): for a real band-limited f(θ, φ) = Σ_uv F_uv e^{i(uθ + vφ)},
        /// ∫ f Y_lm dΩ = Re Σ_uv F_uv·Projection(l, m, u, v) (the sum is real when F_{−u,−v} = conj F_uv).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">l outside 0..<see cref="MaxL"/> or |m| &gt; l.</exception>
        public Complex Projection(int l, int m, int u, int v)
        {
            CheckPair(l, Math.Abs(m));
            Complex phi = Phi(m, -v);
            if (phi == Complex.Zero) return Complex.Zero;
            return 2 * Math.PI * phi * ThetaProjection(l, Math.Abs(m), u);
        }

        /// <summary>
        /// I(n) = ∫_0^π e^{inθ} sin θ dθ = (1 + e^{iπn})/(1 − n²) for n ≠ ±1 (2/(1 − n²) for even n, 0 for odd n), and ±iπ/2 for
        /// n = ±1.
        /// </summary>
        public static Complex SineMoment(int n)
        {
            if (n == 1) return new Complex(0, Math.PI / 2);
            if (n == -1) return new Complex(0, -Math.PI / 2);
            if ((n & 1) != 0) return Complex.Zero;
            double nn = n;
            return new Complex(2.0 / (1.0 - nn * nn), 0);
        }

        /// <summary>
        /// N_la·P_l^a(cos θ) evaluated from its Fourier series (sin θ signed, so any real θ is allowed).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">l outside 0..<see cref="MaxL"/> or a outside 0..l.</exception>
        public double EvaluateTheta(int l, int a, double theta)
        {
            CheckPair(l, a);
            double[] kappa = _theta[PairIndex(l, a)];
            if ((a & 1) == 0)
            {
                double sum = kappa[0];
                for (int u = 1; u <= l; u++) sum += 2 * kappa[u] * Math.Cos(u * theta);
                return sum;
            }
            else
            {
                double sum = 0;
                for (int u = 1; u <= l; u++) sum -= 2 * kappa[u] * Math.Sin(u * theta);
                return sum;
            }
        }

        /// <summary>Y_lm(θ, φ) evaluated from its 2D Fourier series Σ_uv y^{lm}_{uv} e^{i(uθ + vφ)} (the real part; the imaginary part is zero).</summary>
        /// <exception cref="ArgumentOutOfRangeException">l outside 0..<see cref="MaxL"/> or |m| &gt; l.</exception>
        public double EvaluateHarmonic(int l, int m, double theta, double phi)
        {
            CheckPair(l, Math.Abs(m));
            Complex sum = Complex.Zero;
            int a = Math.Abs(m);
            for (int u = -l; u <= l; u++)
            {
                Complex c = Theta(l, a, u);
                if (c == Complex.Zero) continue;
                foreach (int v in a == 0 ? new[] { 0 } : new[] { -a, a })
                {
                    sum += c * Phi(m, v) * Complex.Exp(new Complex(0, u * theta + v * phi));
                }
            }
            return sum.Real;
        }

        /// <summary>
        /// The Fourier grid of f = Σ_lm x_lm Y_lm, degrees 0..<paramref name="maxL"/>: F_uv for u, v = −maxL..maxL, row-major
        /// with index (u + maxL)·(2·maxL + 1) + (v + maxL). A reference implementation (plain loops) for tests and tools.
        /// </summary>
        /// <param name="maxL">The degree of <paramref name="x"/> (at most <see cref="MaxL"/>).</param>
        /// <param name="x">(maxL + 1)² harmonic coefficients, flat index l² + l + m.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxL"/> outside 0..<see cref="MaxL"/>.</exception>
        /// <exception cref="ArgumentException"><paramref name="x"/> does not have (maxL + 1)² elements.</exception>
        public Complex[] ToFourier(int maxL, double[] x)
        {
            if (x == null) throw new ArgumentNullException(nameof(x));
            if (maxL < 0 || maxL > MaxL) throw new ArgumentOutOfRangeException(nameof(maxL), maxL, $"The degree must lie in 0..{MaxL}.");
            if (x.Length != (maxL + 1) * (maxL + 1))
            {
                throw new ArgumentException($"x has {x.Length} elements; degree {maxL} needs {(maxL + 1) * (maxL + 1)}.", nameof(x));
            }
            int side = 2 * maxL + 1;
            var grid = new Complex[side * side];
            for (int l = 0; l <= maxL; l++)
            {
                for (int m = -l; m <= l; m++)
                {
                    double value = x[l * l + l + m];
                    if (value == 0) continue;
                    int a = Math.Abs(m);
                    for (int u = -l; u <= l; u++)
                    {
                        Complex c = Theta(l, a, u);
                        if (c == Complex.Zero) continue;
                        for (int v = -a; v <= a; v += a == 0 ? 1 : 2 * a)
                        {
                            grid[(u + maxL) * side + v + maxL] += value * c * Phi(m, v);
                        }
                    }
                }
            }
            return grid;
        }

        /// <summary>
        /// The harmonic coefficients x_lm = Re Σ_uv F_uv·Projection(l, m, u, v), degrees 0..<paramref name="lOut"/>, of the real
        /// function with Fourier grid <paramref name="grid"/> (u, v = −<paramref name="maxU"/>..<paramref name="maxU"/>, row-major as in
        /// <see cref="ToFourier"/>). A reference implementation (plain loops) for tests and tools.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lOut"/> outside 0..<see cref="MaxL"/>, or a negative <paramref name="maxU"/>.</exception>
        /// <exception cref="ArgumentException"><paramref name="grid"/> does not have (2·maxU + 1)² elements.</exception>
        public double[] FromFourier(int maxU, Complex[] grid, int lOut)
        {
            if (grid == null) throw new ArgumentNullException(nameof(grid));
            if (lOut < 0 || lOut > MaxL) throw new ArgumentOutOfRangeException(nameof(lOut), lOut, $"The degree must lie in 0..{MaxL}.");
            if (maxU < 0) throw new ArgumentOutOfRangeException(nameof(maxU), maxU, "The grid half-width must not be negative.");
            int side = 2 * maxU + 1;
            if (grid.Length != side * side)
            {
                throw new ArgumentException($"The grid has {grid.Length} elements; half-width {maxU} needs {side * side}.", nameof(grid));
            }
            var x = new double[(lOut + 1) * (lOut + 1)];
            for (int l = 0; l <= lOut; l++)
            {
                for (int m = -l; m <= l; m++)
                {
                    int a = Math.Abs(m);
                    if (a > maxU) continue;
                    double sum = 0;
                    for (int u = -maxU; u <= maxU; u++)
                    {
                        for (int v = -a; v <= a; v += a == 0 ? 1 : 2 * a)
                        {
                            sum += (grid[(u + maxU) * side + v + maxU] * Projection(l, m, u, v)).Real;
                        }
                    }
                    x[l * l + l + m] = sum;
                }
            }
            return x;
        }

        private static int Pairs(int maxL) => (maxL + 1) * (maxL + 2) / 2;

        private static int PairIndex(int l, int a) => l * (l + 1) / 2 + a;

        private void CheckPair(int l, int a)
        {
            if (l < 0 || l > MaxL) throw new ArgumentOutOfRangeException(nameof(l), l, $"The degree must lie in 0..{MaxL}.");
            if (a < 0 || a > l) throw new ArgumentOutOfRangeException("m", a, $"The order must satisfy |m| ≤ l = {l}.");
        }

        private static Complex ProjectTheta(double[] kappa, int l, int a, int u)
        {
            // T(u) = Σ_w c_w I(u + w); c_w = 0 unless w ≡ l (mod 2), and I(n) is zero for odd n other than ±1.
            double re = 0, im = 0;
            bool odd = (a & 1) != 0;
            for (int w = -l; w <= l; w++)
            {
                if (((w - l) & 1) != 0) continue;
                double k = kappa[Math.Abs(w)];
                if (odd && w < 0) k = -k;
                if (k == 0) continue;
                Complex moment = SineMoment(u + w);
                // c_w = k (even a) or i·k (odd a).
                if (!odd)
                {
                    re += k * moment.Real;
                    im += k * moment.Imaginary;
                }
                else
                {
                    re -= k * moment.Imaginary;
                    im += k * moment.Real;
                }
            }
            return new Complex(re, im);
        }

        /// <summary>
        /// κ rows for every order a = 0..l of degree l: the exact (2l+1)-point DFT of N_la·P_l^a(cos θ_k), θ_k = 2πk/(2l+1),
        /// with the structural zeros set exactly.
        /// </summary>
        private static double[][] BuildTheta(int l)
        {
            int n = 2 * l + 1;
            // cos/sin of 2πj/n, j = 0..n−1: arguments reduced exactly through the integer index.
            var cos = new double[n];
            var sin = new double[n];
            for (int j = 0; j < n; j++)
            {
                double angle = 2 * Math.PI * j / n;
                cos[j] = Math.Cos(angle);
                sin[j] = Math.Sin(angle);
            }
            // samples[a][k] = N_la P_l^a(cos θ_k) with sin θ_k signed.
            var samples = new double[l + 1][];
            for (int a = 0; a <= l; a++) samples[a] = new double[n];
            var column = new double[l + 1];
            for (int k = 0; k < n; k++)
            {
                NormalizedLegendre(l, cos[k], sin[k], column);
                for (int a = 0; a <= l; a++) samples[a][k] = column[a];
            }
            var rows = new double[l + 1][];
            for (int a = 0; a <= l; a++)
            {
                var kappa = new double[l + 1];
                double[] s = samples[a];
                for (int u = 0; u <= l; u++)
                {
                    if (((u - l) & 1) != 0) continue; // exact structural zero
                    double sum = 0;
                    // Pair k with n − k: p(θ_{n−k}) = (−1)^a p(θ_k), so only the symmetric part survives.
                    if ((a & 1) == 0)
                    {
                        sum = s[0];
                        for (int k = 1; k <= l; k++) sum += 2 * s[k] * cos[(int)((long)u * k % n)];
                    }
                    else
                    {
                        for (int k = 1; k <= l; k++) sum -= 2 * s[k] * sin[(int)((long)u * k % n)];
                    }
                    kappa[u] = sum / n;
                }
                rows[a] = kappa;
            }
            return rows;
        }

        /// <summary>
        /// N_la·P_l^a(t) for a = 0..l at t = cos θ, s = sin θ (signed), by the normalized three-term recurrences (stable; no
        /// factorials): p̄_00 = 1/√(4π), p̄_aa = √((2a+1)/(2a))·s·p̄_{a−1,a−1}, p̄_{a+1,a} = √(2a+3)·t·p̄_aa,
        /// p̄_la = α(t·p̄_{l−1,a} − β·p̄_{l−2,a}), α = √((4l²−1)/(l²−a²)), β = √(((l−1)²−a²)/(4(l−1)²−1)).
        /// </summary>
        internal static void NormalizedLegendre(int l, double t, double s, double[] result)
        {
            double diagonal = 1.0 / Math.Sqrt(4 * Math.PI);
            for (int a = 0; a <= l; a++)
            {
                if (a > 0) diagonal *= Math.Sqrt((2.0 * a + 1) / (2.0 * a)) * s;
                if (a == l)
                {
                    result[a] = diagonal;
                    break;
                }
                double previous = diagonal;                            // p̄_{a,a}
                double current = Math.Sqrt(2.0 * a + 3) * t * diagonal; // p̄_{a+1,a}
                for (int d = a + 2; d <= l; d++)
                {
                    double dd = d, aa = a;
                    double alpha = Math.Sqrt((4 * dd * dd - 1) / (dd * dd - aa * aa));
                    double beta = Math.Sqrt(((dd - 1) * (dd - 1) - aa * aa) / (4 * (dd - 1) * (dd - 1) - 1));
                    double next = alpha * (t * current - beta * previous);
                    previous = current;
                    current = next;
                }
                result[a] = current;
            }
        }
    }
}
