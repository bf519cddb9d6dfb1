using System;

namespace TensorDsl.Equivariant
{
    /// <summary>
    /// Wigner-D matrices of the real spherical harmonics of <see cref="SphericalHarmonics"/> (orthonormal, no Condon–Shortley
    /// phase, flat index l² + l + m): for a rotation R, the block D^l(R) is the (2l+1)×(2l+1) matrix with
    /// Y_l(R·p) = D^l(R)·Y_l(p) for every direction p, where Y_l is the vector (Y_l,−l … Y_l,l).
    /// </summary>
    /// <remarks>
    /// <para><b>What it is for.</b> Rotating a spherical function f(p) = Σ x_lm Y_lm(p) to f(R⁻¹·p) maps its degree-l
    /// coefficients x_l to D^l(R)·x_l; features built from harmonics of relative positions (Y(r_j − r_i)) transform the same
    /// way when the points are rotated, and an equivariant operation such as the Gaunt product commutes with the block-diagonal
    /// D(R) = ⊕_l D^l(R). D^l is orthogonal, D^0 = 1, D^l(R₁R₂) = D^l(R₁)·D^l(R₂), and D¹(R) is R with rows and columns in the
    /// harmonics' (y, z, x) order: D¹[a, b] = R[π(a), π(b)], π = (1, 2, 0).</para>
    /// <para><b>How it is computed.</b> By projection: D^l_mm' = ∫ Y_lm(R·p)·Y_lm'(p) dΩ, because the harmonics are orthonormal.
    /// The integrand is a polynomial of degree 2l in p, so a product rule integrates it exactly: Gauss–Legendre in cos θ with
    /// lmax + 1 nodes (exact to degree 2·lmax + 1) times 2·lmax + 1 equispaced azimuths (exact for e^{iMφ}, |M| ≤ 2·lmax).
    /// Every block up to lmax comes from the same (lmax + 1)(2·lmax + 1) points, with two harmonic evaluations per point;
    /// O(lmax⁴) work. The result is accurate to a few ulps of the harmonics (about 1e-14 for l ≤ 16).</para>
    /// </remarks>
    public static class WignerD
    {
        /// <summary>Largest |RᵀR − I| entry accepted as orthogonal.</summary>
        public const double OrthogonalityTolerance = 1e-9;

        /// <summary>The block D^l(R) of one degree.</summary>
        /// <param name="l">The degree, 0 ≤ l ≤ <see cref="SphericalHarmonics.MaxDegree"/>.</param>
        /// <param name="rotation">A 3×3 orthogonal matrix R (row-major: R[i, j] is row i, column j), acting on column vectors.
        /// An improper rotation (determinant −1) gives the matrix of p ↦ R·p as well, which includes the parity (−1)^l.</param>
        /// <returns>D^l(R) as a (2l+1)×(2l+1) array: row m + l belongs to Y_lm(R·p), column m' + l to Y_lm'(p).</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="l"/> is outside 0..<see cref="SphericalHarmonics.MaxDegree"/>.</exception>
        /// <exception cref="ArgumentException"><paramref name="rotation"/> is not 3×3 or not orthogonal (to <see cref="OrthogonalityTolerance"/>).</exception>
        public static double[,] Block(int l, double[,] rotation) => Blocks(l, rotation)[l];

        /// <summary>The blocks D^0(R) … D^lmax(R), computed together (one set of quadrature points).</summary>
        /// <param name="lmax">The largest degree, 0 ≤ lmax ≤ <see cref="SphericalHarmonics.MaxDegree"/>.</param>
        /// <param name="rotation">A 3×3 orthogonal matrix R, row-major, acting on column vectors.</param>
        /// <returns>lmax + 1 arrays; element l is D^l(R), (2l+1)×(2l+1), as in <see cref="Block"/>.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lmax"/> is outside 0..<see cref="SphericalHarmonics.MaxDegree"/>.</exception>
        /// <exception cref="ArgumentException"><paramref name="rotation"/> is not 3×3 or not orthogonal (to <see cref="OrthogonalityTolerance"/>).</exception>
        public static double[][,] Blocks(int lmax, double[,] rotation)
        {
            if (lmax < 0 || lmax > SphericalHarmonics.MaxDegree)
            {
                throw new ArgumentOutOfRangeException(nameof(lmax), lmax, $"The degree must be in 0..{SphericalHarmonics.MaxDegree}.");
            }
            CheckRotation(rotation);

            var blocks = new double[lmax + 1][,];
            for (int l = 0; l <= lmax; l++) blocks[l] = new double[2 * l + 1, 2 * l + 1];
            int count = (lmax + 1) * (lmax + 1), azimuths = 2 * lmax + 1;
            var (nodes, weights) = GaussLegendre(lmax + 1);
            var at = new double[count];
            var rotated = new double[count];
            for (int i = 0; i < nodes.Length; i++)
            {
                double cosTheta = nodes[i], sinTheta = Math.Sqrt(Math.Max(0, 1 - cosTheta * cosTheta));
                for (int j = 0; j < azimuths; j++)
                {
                    double phi = 2 * Math.PI * (j + 0.5) / azimuths, w = weights[i] * 2 * Math.PI / azimuths;
                    double x = sinTheta * Math.Cos(phi), y = sinTheta * Math.Sin(phi), z = cosTheta;
                    SphericalHarmonics.Evaluate(lmax, x, y, z, at);
                    SphericalHarmonics.Evaluate(lmax,
                        rotation[0, 0] * x + rotation[0, 1] * y + rotation[0, 2] * z,
                        rotation[1, 0] * x + rotation[1, 1] * y + rotation[1, 2] * z,
                        rotation[2, 0] * x + rotation[2, 1] * y + rotation[2, 2] * z, rotated);
                    for (int l = 0; l <= lmax; l++)
                    {
                        var d = blocks[l];
                        int start = l * l, size = 2 * l + 1;
                        for (int a = 0; a < size; a++)
                        {
                            double wa = w * rotated[start + a];
                            for (int b = 0; b < size; b++) d[a, b] += wa * at[start + b];
                        }
                    }
                }
            }
            return blocks;
        }

        /// <summary>
        /// Applies the block-diagonal D(R) = ⊕_l D^l(R) to one coefficient vector: result_l = D^l·x_l for every degree l
        /// (flat index l² + l + m). With blocks from <see cref="Blocks"/>, this maps the coefficients of f to those of f∘R⁻¹.
        /// </summary>
        /// <param name="blocks">D^0 … D^L, e.g. from <see cref="Blocks"/> (more blocks than x needs are fine).</param>
        /// <param name="x">(L+1)² coefficients.</param>
        /// <param name="result">(L+1)² elements, overwritten; must not overlap <paramref name="x"/>.</param>
        /// <exception cref="ArgumentException">x's length is not a square (L+1)², there are fewer than L + 1 blocks, a block has the
        /// wrong size, or <paramref name="result"/> has a different length. Nothing is written.</exception>
        public static void Rotate(double[][,] blocks, ReadOnlySpan<double> x, Span<double> result)
        {
            int lmax = (int)Math.Round(Math.Sqrt(x.Length)) - 1;
            if ((lmax + 1) * (lmax + 1) != x.Length || lmax < 0)
            {
                throw new ArgumentException($"x has {x.Length} coefficients, which is not (L+1)² for any degree L.", nameof(x));
            }
            if (result.Length != x.Length)
            {
                throw new ArgumentException($"result has {result.Length} elements but x has {x.Length}.", nameof(result));
            }
            if (blocks.Length < lmax + 1)
            {
                throw new ArgumentException($"x has degrees up to {lmax} but there are only {blocks.Length} blocks.", nameof(blocks));
            }
            for (int l = 0; l <= lmax; l++)
            {
                if (blocks[l].GetLength(0) != 2 * l + 1 || blocks[l].GetLength(1) != 2 * l + 1)
                {
                    throw new ArgumentException($"Block {l} is {blocks[l].GetLength(0)}×{blocks[l].GetLength(1)}, expected {2 * l + 1}×{2 * l + 1}.", nameof(blocks));
                }
            }
            for (int l = 0; l <= lmax; l++)
            {
                var d = blocks[l];
                int start = l * l, size = 2 * l + 1;
                for (int a = 0; a < size; a++)
                {
                    double s = 0;
                    for (int b = 0; b < size; b++) s += d[a, b] * x[start + b];
                    result[start + a] = s;
                }
            }
        }

        private static void CheckRotation(double[,] rotation)
        {
            if (rotation is null) throw new ArgumentNullException(nameof(rotation));
            if (rotation.GetLength(0) != 3 || rotation.GetLength(1) != 3)
            {
                throw new ArgumentException($"The rotation must be 3×3, not {rotation.GetLength(0)}×{rotation.GetLength(1)}.", nameof(rotation));
            }
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    double dot = rotation[0, i] * rotation[0, j] + rotation[1, i] * rotation[1, j] + rotation[2, i] * rotation[2, j];
                    double error = Math.Abs(dot - (i == j ? 1 : 0));
                    if (!(error <= OrthogonalityTolerance))
                    {
                        throw new ArgumentException($"The rotation is not orthogonal: (RᵀR)[{i}, {j}] = {dot:R}, off by {error:E2} (tolerance {OrthogonalityTolerance:E0}).", nameof(rotation));
                    }
                }
            }
        }

        // Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1]: Newton's method on P_n from Tricomi's initial guesses.
        private static (double[] Nodes, double[] Weights) GaussLegendre(int n)
        {
            var nodes = new double[n];
            var weights = new double[n];
            for (int i = 0; i < n; i++)
            {
                double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
                for (int iteration = 0; iteration < 100; iteration++)
                {
                    double step = Legendre(n, x, out double derivative) / derivative;
                    x -= step;
                    if (Math.Abs(step) < 1e-16) break;
                }
                Legendre(n, x, out double slope);
                nodes[i] = x;
                weights[i] = 2 / ((1 - x * x) * slope * slope);
            }
            return (nodes, weights);
        }

        // P_n(x) by the three-term recurrence, and P_n'(x) = n·(x·P_n − P_{n−1})/(x² − 1) (|x| < 1).
        private static double Legendre(int n, double x, out double derivative)
        {
            double previous = 1, current = x;
            for (int k = 2; k <= n; k++) (previous, current) = (current, ((2 * k - 1) * x * current - (k - 1) * previous) / k);
            derivative = n * (x * current - previous) / (x * x - 1);
            return current;
        }
    }
}
