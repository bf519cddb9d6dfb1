using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using TensorDsl.Language.Equivariant;
using TensorDsl.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace TensorDsl.Language.Tests.Equivariant
{
    /// <summary>
    /// The exact 2D Fourier series of the real harmonics and the projection back: against harmonics computed independently
    /// (explicit associated-Legendre sum in exact rational arithmetic; real_sh_samples.csv), round trips, closed forms,
    /// numerical integrals, and the Gaunt coefficients.
    /// </summary>
    public sealed class SphericalFourierTablesTests
    {
        private readonly ITestOutputHelper _output;

        public SphericalFourierTablesTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void The_series_equals_the_associated_Legendre_harmonics_up_to_degree_16()
        {
            var tables = SphericalFourierTables.Get(16);
            var rng = new Random(1);
            double worst = 0;
            for (int l = 0; l <= 16; l++)
            {
                for (int m = -l; m <= l; m++)
                {
                    for (int t = 0; t < 6; t++)
                    {
                        // θ anywhere on [0, π] (poles and equator included), φ on [0, 2π).
                        double theta = t == 0 ? 0 : t == 1 ? Math.PI : t == 2 ? Math.PI / 2 : rng.NextDouble() * Math.PI;
                        double phi = rng.NextDouble() * 2 * Math.PI;
                        double expected = ExactHarmonic(l, m, theta, phi);
                        double actual = tables.EvaluateHarmonic(l, m, theta, phi);
                        double error = Math.Abs(actual - expected);
                        worst = Math.Max(worst, error);
                        Assert.True(error < 1e-12, $"Y({l},{m}) at θ={theta}, φ={phi}: series {actual}, exact {expected}");
                        double polar = tables.EvaluateTheta(l, Math.Abs(m), theta);
                        Assert.True(Math.Abs(polar - ExactPolar(l, Math.Abs(m), theta)) < 1e-12, $"N·P({l},{Math.Abs(m)}) at θ={theta}");
                    }
                }
            }
            _output.WriteLine($"largest |series − exact| = {worst:E2}");
        }

        [Fact]
        public void The_series_matches_the_reference_samples()
        {
            var tables = SphericalFourierTables.Get(8);
            int rows = 0;
            foreach (var line in File.ReadLines(RepositoryFiles.TestData("real_sh_samples.csv")))
            {
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal) || line.StartsWith("l,", StringComparison.Ordinal)) continue;
                var f = line.Split(',');
                int l = int.Parse(f[0], CultureInfo.InvariantCulture), m = int.Parse(f[1], CultureInfo.InvariantCulture);
                if (l > tables.MaxL) continue;
                double x = Parse(f[2]), y = Parse(f[3]), z = Parse(f[4]), value = Parse(f[5]);
                double r = Math.Sqrt(x * x + y * y + z * z);
                double theta = Math.Acos(z / r), phi = Math.Atan2(y, x);
                Assert.True(Math.Abs(tables.EvaluateHarmonic(l, m, theta, phi) - value) < 1e-12, $"Y({l},{m}) at ({x}, {y}, {z})");
                rows++;
            }
            Assert.True(rows > 50, $"only {rows} samples read");
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(5)]
        [InlineData(8)]
        [InlineData(12)]
        [InlineData(16)]
        [InlineData(32)]
        public void Harmonics_to_Fourier_to_harmonics_is_the_identity(int lMax)
        {
            var tables = SphericalFourierTables.Get(lMax);
            var rng = new Random(lMax);
            var x = Enumerable.Range(0, (lMax + 1) * (lMax + 1)).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var grid = tables.ToFourier(lMax, x);
            // The grid of a real function is Hermitian: F_{−u,−v} = conj F_uv.
            int side = 2 * lMax + 1;
            for (int u = -lMax; u <= lMax; u++)
            {
                for (int v = -lMax; v <= lMax; v++)
                {
                    Complex a = grid[(u + lMax) * side + v + lMax], b = grid[(-u + lMax) * side - v + lMax];
                    Assert.True((a - Complex.Conjugate(b)).Magnitude < 1e-14, $"F({u},{v}) is not conj F({-u},{-v})");
                }
            }
            var back = tables.FromFourier(lMax, grid, lMax);
            double worst = x.Zip(back, (a, b) => Math.Abs(a - b)).Max();
            _output.WriteLine($"L = {lMax}: largest round-trip error {worst:E2}");
            Assert.True(worst < 1e-12, $"round trip error {worst:E2}");

            // Each single harmonic projects onto its own unit vector.
            if (lMax <= 8)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    var unit = new double[x.Length];
                    unit[i] = 1;
                    var projected = tables.FromFourier(lMax, tables.ToFourier(lMax, unit), lMax);
                    for (int j = 0; j < x.Length; j++) Assert.True(Math.Abs(projected[j] - (i == j ? 1 : 0)) < 1e-13, $"⟨Y_{j}, Y_{i}⟩ = {projected[j]}");
                }
            }
        }

        [Fact]
        public void Coefficients_have_the_exact_structure()
        {
            var tables = SphericalFourierTables.Get(12);
            for (int l = 0; l <= 12; l++)
            {
                for (int a = 0; a <= l; a++)
                {
                    for (int u = -l - 2; u <= l + 2; u++)
                    {
                        Complex c = tables.Theta(l, a, u);
                        if (Math.Abs(u) > l || ((u - l) & 1) != 0)
                        {
                            Assert.Equal(Complex.Zero, c); // exactly: no frequency above l, only u ≡ l (mod 2)
                            continue;
                        }
                        if ((a & 1) == 0) Assert.Equal(0.0, c.Imaginary); else Assert.Equal(0.0, c.Real);
                        Assert.Equal((a & 1) == 0 ? c : -c, tables.Theta(l, a, -u));
                    }
                }
            }
            // Y_lm = Σ_uv y_uv e^{i(uθ+vφ)} with v = ±m only.
            Assert.Equal(Complex.Zero, tables.Coefficient(3, 2, 1, 1));
            Assert.Equal(Complex.Zero, tables.Coefficient(3, -2, 1, 0));
            Assert.NotEqual(Complex.Zero, tables.Coefficient(3, -2, 1, 2));
            // Φ̂: √2 cos(mφ), 1, √2 sin(|m|φ).
            Assert.True((new Complex(Math.Sqrt(0.5), 0) - SphericalFourierTables.Phi(3, -3)).Magnitude < 1e-16);
            Assert.True((new Complex(0, -Math.Sqrt(0.5)) - SphericalFourierTables.Phi(-3, 3)).Magnitude < 1e-16);
            Assert.True((new Complex(0, Math.Sqrt(0.5)) - SphericalFourierTables.Phi(-3, -3)).Magnitude < 1e-16);
            Assert.Equal(Complex.One, SphericalFourierTables.Phi(0, 0));
            Assert.Equal(Complex.Zero, SphericalFourierTables.Phi(0, 1));
            // Degree one: Y_1,0 = √(3/4π)·cos θ = √(3/4π)·(e^{iθ} + e^{−iθ})/2.
            double c1 = Math.Sqrt(3 / (4 * Math.PI));
            Assert.Equal(c1 / 2, tables.Theta(1, 0, 1).Real, 15);
            Assert.Equal(0.0, tables.Theta(1, 0, 0).Real);
        }

        [Fact]
        public void The_sine_moments_have_the_closed_form()
        {
            Assert.Equal(new Complex(0, Math.PI / 2), SphericalFourierTables.SineMoment(1));
            Assert.Equal(new Complex(0, -Math.PI / 2), SphericalFourierTables.SineMoment(-1));
            Assert.Equal(new Complex(2, 0), SphericalFourierTables.SineMoment(0));
            Assert.Equal(new Complex(-2.0 / 3, 0), SphericalFourierTables.SineMoment(2));
            Assert.Equal(Complex.Zero, SphericalFourierTables.SineMoment(3));
            for (int n = -40; n <= 40; n++)
            {
                // (1 + e^{iπn})/(1 − n²) for n ≠ ±1, against Gauss–Legendre quadrature of e^{inθ} sin θ on [0, π] (exact here).
                Complex quadrature = Integrate(theta => Complex.Exp(new Complex(0, n * theta)) * Math.Sin(theta));
                Complex closed = n == 1 || n == -1 ? SphericalFourierTables.SineMoment(n) : (1 + Complex.Exp(new Complex(0, Math.PI * n))) / (1.0 - (double)n * n);
                Assert.True((quadrature - SphericalFourierTables.SineMoment(n)).Magnitude < 1e-13, $"I({n}) = {SphericalFourierTables.SineMoment(n)}, quadrature {quadrature}");
                Assert.True((closed - SphericalFourierTables.SineMoment(n)).Magnitude < 1e-15, $"I({n}) against the closed form");
            }
        }

        [Fact]
        public void The_theta_projection_is_the_integral_against_the_polar_function()
        {
            var tables = SphericalFourierTables.Get(10);
            for (int l = 0; l <= 10; l++)
            {
                for (int a = 0; a <= l; a++)
                {
                    for (int u = -25; u <= 25; u += 3)
                    {
                        int ll = l, aa = a, uu = u;
                        Complex quadrature = Integrate(theta => Complex.Exp(new Complex(0, uu * theta)) * ExactPolar(ll, aa, theta) * Math.Sin(theta));
                        Complex t = tables.ThetaProjection(l, a, u);
                        Assert.True((quadrature - t).Magnitude < 1e-13, $"T({l},{a})({u}) = {t}, quadrature {quadrature}");
                        Assert.True((Complex.Conjugate(t) - tables.ThetaProjection(l, a, -u)).Magnitude < 1e-15, "T(−u) = conj T(u)");
                    }
                }
            }
            // Beyond the tabulated range (|u| > 2·MaxL) the value is computed on the fly.
            var small = SphericalFourierTables.Get(2);
            Assert.True((small.ThetaProjection(2, 1, 9) - tables.ThetaProjection(2, 1, 9)).Magnitude < 1e-15);
        }

        [Fact]
        public void Multiplying_Fourier_grids_gives_the_Gaunt_coefficients()
        {
            // Y_{l1m1}·Y_{l2m2} = 2D linear convolution of the two grids; projecting onto Y_{l3m3} gives G.
            const int lMax = 4;
            var tables = SphericalFourierTables.Get(2 * lMax);
            double worst = 0;
            for (int i1 = 0; i1 < (lMax + 1) * (lMax + 1); i1++)
            {
                for (int i2 = 0; i2 < (lMax + 1) * (lMax + 1); i2++)
                {
                    var x = new double[(lMax + 1) * (lMax + 1)];
                    var y = new double[x.Length];
                    x[i1] = 1;
                    y[i2] = 1;
                    var product = Convolve(tables.ToFourier(lMax, x), tables.ToFourier(lMax, y), lMax);
                    var z = tables.FromFourier(2 * lMax, product, 2 * lMax);
                    var (l1, m1) = Degree(i1);
                    var (l2, m2) = Degree(i2);
                    for (int i3 = 0; i3 < z.Length; i3++)
                    {
                        var (l3, m3) = Degree(i3);
                        double g = GauntCoefficients.Value(l1, m1, l2, m2, l3, m3);
                        worst = Math.Max(worst, Math.Abs(z[i3] - g));
                        Assert.True(Math.Abs(z[i3] - g) < 1e-14, $"G({l1},{m1}; {l2},{m2}; {l3},{m3}) = {g}, Fourier {z[i3]}");
                    }
                }
            }
            _output.WriteLine($"largest |Fourier − Gaunt| = {worst:E2}");
        }

        [Fact]
        public void Tables_are_cached_and_shared()
        {
            var results = new ConcurrentBag<SphericalFourierTables>();
            Parallel.For(0, 8, _ => results.Add(SphericalFourierTables.Get(11)));
            Assert.Single(results.Distinct());
            Assert.Same(SphericalFourierTables.Get(11), results.First());
            Assert.Equal(11, results.First().MaxL);
        }

        [Fact]
        public void Arguments_out_of_range_throw()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => SphericalFourierTables.Get(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => SphericalFourierTables.Get(SphericalFourierTables.MaxDegree + 1));
            var tables = SphericalFourierTables.Get(3);
            Assert.Throws<ArgumentOutOfRangeException>(() => tables.Theta(4, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => tables.Theta(2, 3, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => tables.Coefficient(2, -3, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => tables.ToFourier(4, new double[25]));
            Assert.Throws<ArgumentException>(() => tables.ToFourier(2, new double[8]));
            Assert.Throws<ArgumentException>(() => tables.FromFourier(2, new Complex[24], 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => tables.FromFourier(2, new Complex[25], 4));
        }

        // ───────────────────────────── helpers ─────────────────────────────

        private static Complex[] Convolve(Complex[] f, Complex[] g, int l)
        {
            int side = 2 * l + 1, p = 2 * l, sideP = 2 * p + 1;
            var h = new Complex[sideP * sideP];
            for (int u1 = -l; u1 <= l; u1++)
                for (int v1 = -l; v1 <= l; v1++)
                    for (int u2 = -l; u2 <= l; u2++)
                        for (int v2 = -l; v2 <= l; v2++)
                            h[(u1 + u2 + p) * sideP + v1 + v2 + p] += f[(u1 + l) * side + v1 + l] * g[(u2 + l) * side + v2 + l];
            return h;
        }

        private static (int l, int m) Degree(int index)
        {
            int l = (int)Math.Sqrt(index);
            while (l * l > index) l--;
            while ((l + 1) * (l + 1) <= index) l++;
            return (l, index - l * l - l);
        }

        /// <summary>∫_0^π f(θ) dθ by 60-point Gauss–Legendre (exact for the trigonometric integrands here to rounding).</summary>
        private static Complex Integrate(Func<double, Complex> f)
        {
            var (nodes, weights) = s_gauss.Value;
            Complex sum = Complex.Zero;
            for (int i = 0; i < nodes.Length; i++) sum += weights[i] * f((nodes[i] + 1) * Math.PI / 2);
            return sum * Math.PI / 2;
        }

        private static readonly Lazy<(double[] nodes, double[] weights)> s_gauss = new(() => GaussLegendre(60));

        private static (double[] nodes, double[] weights) GaussLegendre(int n)
        {
            var nodes = new double[n];
            var weights = new double[n];
            for (int i = 0; i < n; i++)
            {
                double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), derivative = 0;
                for (int iteration = 0; iteration < 100; iteration++)
                {
                    double p0 = 1, p1 = x;
                    for (int k = 2; k <= n; k++) { double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
                    derivative = n * (x * p1 - p0) / (x * x - 1);
                    double step = p1 / derivative;
                    x -= step;
                    if (Math.Abs(step) < 1e-17) break;
                }
                double q0 = 1, q1 = x;
                for (int k = 2; k <= n; k++) { double q2 = ((2 * k - 1) * x * q1 - (k - 1) * q0) / k; q0 = q1; q1 = q2; }
                derivative = n * (x * q1 - q0) / (x * x - 1);
                nodes[i] = x;
                weights[i] = 2 / ((1 - x * x) * derivative * derivative);
            }
            return (nodes, weights);
        }

        private static double ExactHarmonic(int l, int m, double theta, double phi)
        {
            double polar = ExactPolar(l, Math.Abs(m), theta);
            return m > 0 ? Math.Sqrt(2) * polar * Math.Cos(m * phi) : m < 0 ? Math.Sqrt(2) * polar * Math.Sin(-m * phi) : polar;
        }

        /// <summary>
        /// N_la·P_l^a(cos θ) on [0, π] from the explicit sum P_l^a = sin^a θ·Σ_k (−1)^k (2l−2k)!/(2^l k!(l−k)!(l−2k−a)!)·cos^(l−2k−a) θ
        /// (no Condon–Shortley phase): the alternating polynomial in cos θ is evaluated exactly in rational arithmetic at the binary
        /// value of cos θ, so no digits cancel away; sin^a θ and the normalization are then a few double roundings (no recurrence).
        /// </summary>
        private static double ExactPolar(int l, int a, double theta)
        {
            (BigInteger num, BigInteger den) = Rational(Math.Cos(theta));
            BigInteger sum = BigInteger.Zero;
            int top = l - a;
            for (int k = 0; 2 * k <= l - a; k++)
            {
                int power = l - 2 * k - a;
                BigInteger term = Factorial(2 * l - 2 * k) * (Factorial(l) / (Factorial(k) * Factorial(l - k)))
                    * (Factorial(l - a) / Factorial(power)) * BigInteger.Pow(num, power) * BigInteger.Pow(den, top - power);
                sum += k % 2 == 0 ? term : -term;
            }
            if (sum.IsZero) return 0.0;
            BigInteger denominator = (BigInteger.One << l) * Factorial(l) * Factorial(l - a) * BigInteger.Pow(den, top);
            double polynomial = Divide(BigInteger.Abs(sum), denominator) * sum.Sign; // Q(cos θ)·(l−a)!/… exactly rounded
            double normalization = Math.Sqrt((2 * l + 1) / (4 * Math.PI) * Divide(Factorial(l - a), Factorial(l + a)));
            return normalization * polynomial * Math.Pow(Math.Sin(theta), a);
        }

        private static (BigInteger num, BigInteger den) Rational(double x)
        {
            long bits = BitConverter.DoubleToInt64Bits(x);
            int exponent = (int)((bits >> 52) & 0x7FF);
            long mantissa = bits & 0xFFFFFFFFFFFFFL;
            if (exponent != 0) mantissa |= 1L << 52; else exponent = 1;
            int s = 1075 - exponent;
            BigInteger num = bits < 0 ? -new BigInteger(mantissa) : new BigInteger(mantissa), den = BigInteger.One;
            if (s >= 0) den <<= s; else num <<= -s;
            return (num, den);
        }

        private static double Divide(BigInteger numerator, BigInteger denominator)
        {
            long shift = (long)numerator.GetBitLength() - (long)denominator.GetBitLength() - 80;
            BigInteger quotient = shift >= 0 ? numerator / (denominator << (int)shift) : (numerator << (int)-shift) / denominator;
            return Math.ScaleB((double)quotient, (int)shift);
        }

        private static readonly ConcurrentDictionary<int, BigInteger> s_factorials = new();

        private static BigInteger Factorial(int n) =>
            s_factorials.GetOrAdd(n, k => Enumerable.Range(1, k).Aggregate(BigInteger.One, (acc, i) => acc * i));

        private static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
