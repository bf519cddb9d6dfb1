using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Equivariant;
using TensorDsl.TestSupport;
using Xunit;

namespace TensorDsl.Tests.Equivariant
{
    /// <summary>
    /// Real spherical harmonics against independent reference values (tests/TestData/real_sh_samples.csv), closed forms
    /// of the convention, orthonormality by quadrature, the addition theorem, exact values at the poles and the equator, and
    /// the argument checks.
    /// </summary>
    public sealed class SphericalHarmonicsTests
    {
        private static readonly double FourPi = 4 * Math.PI;

        // ───────────────────────────── helpers ─────────────────────────────

        private static double[] Evaluate(int lmax, double x, double y, double z)
        {
            var values = new double[SphericalHarmonics.Count(lmax)];
            SphericalHarmonics.Evaluate(lmax, x, y, z, values);
            return values;
        }

        /// <summary>A direction uniform on the sphere, normalized.</summary>
        private static (double X, double Y, double Z) RandomDirection(Random rng)
        {
            while (true)
            {
                double x = rng.NextDouble() * 2 - 1, y = rng.NextDouble() * 2 - 1, z = rng.NextDouble() * 2 - 1;
                double r = Math.Sqrt(x * x + y * y + z * z);
                if (r > 0.1 && r <= 1)
                {
                    return (x / r, y / r, z / r);
                }
            }
        }

        /// <summary>P_l(t) by the three-term recurrence.</summary>
        private static double Legendre(int l, double t)
        {
            double previous = 1, current = t;
            if (l == 0)
            {
                return 1;
            }
            for (int k = 2; k <= l; k++)
            {
                double next = ((2 * k - 1) * t * current - (k - 1) * previous) / k;
                previous = current;
                current = next;
            }
            return current;
        }

        /// <summary>
        /// The n-point Gauss–Legendre rule on [−1, 1]: Newton's method on P_n from the usual cosine guesses, weights
        /// 2/((1 − x²)·P_n'(x)²). Exact for polynomials of degree ≤ 2n − 1.
        /// </summary>
        private static (double[] Nodes, double[] Weights) GaussLegendre(int n)
        {
            var nodes = new double[n];
            var weights = new double[n];
            for (int i = 0; i < n; i++)
            {
                double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
                double derivative = 0;
                for (int iteration = 0; iteration < 100; iteration++)
                {
                    double p0 = 1, p1 = x;
                    for (int k = 2; k <= n; k++)
                    {
                        double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                        p0 = p1;
                        p1 = p2;
                    }
                    derivative = n * (x * p1 - p0) / (x * x - 1);
                    double step = p1 / derivative;
                    x -= step;
                    if (Math.Abs(step) < 1e-16)
                    {
                        break;
                    }
                }
                nodes[i] = x;
                weights[i] = 2 / ((1 - x * x) * derivative * derivative);
            }
            return (nodes, weights);
        }

        // ───────────────────────────── independent reference values ─────────────────────────────

        [Fact]
        public void Every_reference_sample_matches_to_1e_12()
        {
            string path = RepositoryFiles.TestData("real_sh_samples.csv");
            var rows = File.ReadLines(path)
                .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("l,", StringComparison.Ordinal))
                .Select(line => line.Split(','))
                .ToList();
            Assert.True(rows.Count >= 700, $"{path} has only {rows.Count} data rows");
            int checkedRows = 0;
            foreach (var fields in rows)
            {
                Assert.Equal(6, fields.Length);
                int l = int.Parse(fields[0], CultureInfo.InvariantCulture), m = int.Parse(fields[1], CultureInfo.InvariantCulture);
                double x = double.Parse(fields[2], CultureInfo.InvariantCulture);
                double y = double.Parse(fields[3], CultureInfo.InvariantCulture);
                double z = double.Parse(fields[4], CultureInfo.InvariantCulture);
                double expected = double.Parse(fields[5], CultureInfo.InvariantCulture);
                double actual = Evaluate(l, x, y, z)[SphericalHarmonics.Index(l, m)];
                Assert.True(Math.Abs(actual - expected) <= 1e-12,
                    $"Y({l},{m}) at ({x}, {y}, {z}): got {actual:R}, expected {expected:R}");
                checkedRows++;
            }
            Assert.Equal(rows.Count, checkedRows);
        }

        // ───────────────────────────── the convention ─────────────────────────────

        [Fact]
        public void Degrees_0_to_2_match_their_closed_forms()
        {
            var rng = new Random(1);
            var directions = new List<(double X, double Y, double Z)> { (1, 0, 0), (0, 1, 0), (0, 0, 1), (0, 0, -1), (-1, 0, 0) };
            for (int i = 0; i < 50; i++)
            {
                directions.Add(RandomDirection(rng));
            }
            double c0 = Math.Sqrt(1 / FourPi), c1 = Math.Sqrt(3 / FourPi), c2 = Math.Sqrt(15 / FourPi);
            double c20 = Math.Sqrt(5 / (16 * Math.PI)), c22 = Math.Sqrt(15 / (16 * Math.PI));
            foreach (var (x, y, z) in directions)
            {
                double[] v = Evaluate(2, x, y, z);
                double[] expected =
                [
                    c0,
                    c1 * y, c1 * z, c1 * x,
                    c2 * x * y, c2 * y * z, c20 * (3 * z * z - 1), c2 * x * z, c22 * (x * x - y * y),
                ];
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(v[i] - expected[i]) <= 2e-15, $"index {i} at ({x}, {y}, {z}): got {v[i]:R}, expected {expected[i]:R}");
                }
            }
        }

        [Fact]
        public void Count_and_Index_follow_l_squared_plus_l_plus_m()
        {
            Assert.Equal(1, SphericalHarmonics.Count(0));
            Assert.Equal(289, SphericalHarmonics.Count(16));
            Assert.Equal(65 * 65, SphericalHarmonics.Count(SphericalHarmonics.MaxDegree));
            int expected = 0;
            for (int l = 0; l <= SphericalHarmonics.MaxDegree; l++)
            {
                for (int m = -l; m <= l; m++)
                {
                    Assert.Equal(expected++, SphericalHarmonics.Index(l, m));
                }
            }
        }

        [Fact]
        public void Orthonormal_by_quadrature_up_to_degree_16()
        {
            // Gauss–Legendre in cos θ (exact to degree 47) × 40 uniform azimuths (exact for trigonometric degree < 40): a
            // product of two harmonics of degree ≤ 16 is integrated exactly.
            const int lmax = 16, azimuths = 40;
            int count = SphericalHarmonics.Count(lmax);
            var (nodes, weights) = GaussLegendre(24);
            Assert.True(Math.Abs(weights.Sum() - 2) < 1e-14);
            var gram = new double[count, count];
            var v = new double[count];
            for (int i = 0; i < nodes.Length; i++)
            {
                double sine = Math.Sqrt(1 - nodes[i] * nodes[i]);
                for (int j = 0; j < azimuths; j++)
                {
                    double phi = 2 * Math.PI * j / azimuths, weight = weights[i] * 2 * Math.PI / azimuths;
                    SphericalHarmonics.Evaluate(lmax, sine * Math.Cos(phi), sine * Math.Sin(phi), nodes[i], v);
                    for (int a = 0; a < count; a++)
                    {
                        double wa = weight * v[a];
                        for (int b = 0; b <= a; b++)
                        {
                            gram[a, b] += wa * v[b];
                        }
                    }
                }
            }
            double worst = 0;
            for (int a = 0; a < count; a++)
            {
                for (int b = 0; b <= a; b++)
                {
                    worst = Math.Max(worst, Math.Abs(gram[a, b] - (a == b ? 1 : 0)));
                }
            }
            Assert.True(worst <= 1e-12, $"largest |∫Y_a Y_b − δ_ab| = {worst:g3}");
        }

        [Fact]
        public void Addition_theorem_holds_up_to_degree_20()
        {
            // Σ_m Y_lm(u)·Y_lm(v) = (2l+1)/(4π)·P_l(u·v).
            const int lmax = 20;
            var rng = new Random(2);
            for (int trial = 0; trial < 100; trial++)
            {
                var u = RandomDirection(rng);
                var w = trial % 10 == 0 ? (-u.X, -u.Y, -u.Z) : RandomDirection(rng);
                double[] yu = Evaluate(lmax, u.X, u.Y, u.Z), yv = Evaluate(lmax, w.Item1, w.Item2, w.Item3);
                // At v = −u the rounded dot product could miss −1 by an ulp, which P_l(t) amplifies by l²/2: use −1 itself.
                double t = trial % 10 == 0 ? -1 : Math.Clamp(u.X * w.Item1 + u.Y * w.Item2 + u.Z * w.Item3, -1, 1);
                for (int l = 0; l <= lmax; l++)
                {
                    double sum = 0;
                    for (int m = -l; m <= l; m++)
                    {
                        sum += yu[SphericalHarmonics.Index(l, m)] * yv[SphericalHarmonics.Index(l, m)];
                    }
                    double expected = (2 * l + 1) / FourPi * Legendre(l, t);
                    Assert.True(Math.Abs(sum - expected) <= 1e-13, $"l = {l}, u·v = {t}: Σ_m = {sum:R}, expected {expected:R}");
                }
            }
        }

        [Fact]
        public void Squares_sum_to_2l_plus_1_over_4pi_up_to_degree_64()
        {
            // Unsöld's theorem (the addition theorem at u = v), on random directions and near the poles and the equator.
            const int lmax = SphericalHarmonics.MaxDegree;
            var rng = new Random(3);
            var directions = new List<(double X, double Y, double Z)> { (0, 0, 1), (0, 0, -1), (1, 0, 0), (1e-9, 2e-9, 1), (0.6, 0.8, 1e-12) };
            for (int i = 0; i < 40; i++)
            {
                directions.Add(RandomDirection(rng));
                double theta = Math.Pow(10, -8 * rng.NextDouble()), phi = 2 * Math.PI * rng.NextDouble();
                directions.Add((Math.Sin(theta) * Math.Cos(phi), Math.Sin(theta) * Math.Sin(phi), i % 2 == 0 ? 1 : -1));
            }
            foreach (var (x, y, z) in directions)
            {
                double[] v = Evaluate(lmax, x, y, z);
                for (int l = 0; l <= lmax; l++)
                {
                    double sum = 0;
                    for (int m = -l; m <= l; m++)
                    {
                        double value = v[SphericalHarmonics.Index(l, m)];
                        sum += value * value;
                    }
                    double expected = (2 * l + 1) / FourPi;
                    Assert.True(Math.Abs(sum - expected) <= 1e-13 * expected, $"l = {l} at ({x}, {y}, {z}): Σ_m Y² = {sum:R}, expected {expected:R}");
                }
            }
        }

        [Fact]
        public void Only_the_direction_matters_and_parity_is_exact()
        {
            const int lmax = 32;
            var rng = new Random(4);
            for (int trial = 0; trial < 50; trial++)
            {
                var (x, y, z) = RandomDirection(rng);
                if (trial == 0)
                {
                    (x, y, z) = (0, 0, 1);
                }
                double[] v = Evaluate(lmax, x, y, z);
                // Y(−r) = (−1)^l·Y(r), bit for bit (every step of the evaluation is odd or even in r).
                double[] opposite = Evaluate(lmax, -x, -y, -z);
                for (int l = 0; l <= lmax; l++)
                {
                    for (int m = -l; m <= l; m++)
                    {
                        int i = SphericalHarmonics.Index(l, m);
                        Assert.Equal((l & 1) == 0 ? v[i] : -v[i], opposite[i]);
                    }
                }
                // A power-of-two scale changes nothing, bit for bit; tiny and huge vectors agree to rounding.
                Assert.Equal(v, Evaluate(lmax, 8 * x, 8 * y, 8 * z));
                foreach (double scale in new[] { 1e-300, 3.7, 1e300 })
                {
                    double[] scaled = Evaluate(lmax, scale * x, scale * y, scale * z);
                    for (int i = 0; i < v.Length; i++)
                    {
                        Assert.True(Math.Abs(scaled[i] - v[i]) <= 1e-13, $"scale {scale}, index {i}: {scaled[i]:R} against {v[i]:R}");
                    }
                }
            }
        }

        // ───────────────────────────── poles and equator ─────────────────────────────

        [Fact]
        public void Poles_give_the_zonal_values_and_exact_zeros()
        {
            const int lmax = SphericalHarmonics.MaxDegree;
            foreach (double z in new[] { 1.0, -1.0, 7e-200, -3e250, 0.5, double.Epsilon })
            {
                double[] v = Evaluate(lmax, 0, 0, z);
                for (int l = 0; l <= lmax; l++)
                {
                    double expected = Math.Sqrt((2 * l + 1) / FourPi) * (z < 0 && (l & 1) != 0 ? -1 : 1);
                    double actual = v[SphericalHarmonics.Index(l, 0)];
                    Assert.True(Math.Abs(actual - expected) <= 2 * Math.BitIncrement(Math.Abs(expected)) - 2 * Math.Abs(expected),
                        $"Y({l},0) at z = {z}: got {actual:R}, expected {expected:R}");
                    for (int m = 1; m <= l; m++)
                    {
                        Assert.Equal(0.0, v[SphericalHarmonics.Index(l, m)]);
                        Assert.Equal(0.0, v[SphericalHarmonics.Index(l, -m)]);
                    }
                }
            }
        }

        [Fact]
        public void Near_the_poles_the_zonal_values_keep_full_accuracy()
        {
            // At (ε, 0, ±1), |z| = 1/√(1 + ε²) = 1 − u, u = ε²/2 − 3ε⁴/8 + …, and with L = l(l+1),
            // P_l(1 − u) = 1 − L·u/2 + L(L−2)·u²/16 − …, so Y_l0 = (±1)^l·√((2l+1)/(4π))·(1 − Lε²/4 + (3L/16 + L(L−2)/64)·ε⁴)
            // up to O(L³ε⁶) (below 1e-18 here). The distance to the pole is lost when z is rounded to double, and a plain
            // recurrence in z misses it by up to 3e-13 at l = 64.
            const int lmax = SphericalHarmonics.MaxDegree;
            foreach (double epsilon in new[] { 1e-5, 3e-6, 1e-6, 1e-7, 1e-8 })
            {
                foreach (double pole in new[] { 1.0, -1.0 })
                {
                    double[] v = Evaluate(lmax, epsilon, 0, pole);
                    for (int l = 0; l <= lmax; l++)
                    {
                        double p = Math.Sqrt((2 * l + 1) / FourPi) * (pole < 0 && (l & 1) != 0 ? -1 : 1);
                        double big = l * (l + 1.0), e2 = epsilon * epsilon;
                        double expected = p - p * (big * e2 / 4 - (3 * big / 16 + big * (big - 2) / 64) * e2 * e2);
                        double actual = v[SphericalHarmonics.Index(l, 0)];
                        Assert.True(Math.Abs(actual - expected) <= 1e-14, $"Y({l},0) at ({epsilon}, 0, {pole}): got {actual:R}, expected {expected:R}");
                    }
                }
            }
        }

        [Fact]
        public void Equator_gives_closed_form_values_and_exact_zeros()
        {
            // On z = 0: P_l^m(0) = (−1)^((l−m)/2)·(l+m−1)!!/(l−m)!! when l − m is even (no Condon–Shortley phase), else 0.
            const int lmax = 20;
            var rng = new Random(5);
            for (int trial = 0; trial < 20; trial++)
            {
                double phi = 2 * Math.PI * rng.NextDouble();
                double[] v = Evaluate(lmax, Math.Cos(phi), Math.Sin(phi), trial == 0 ? -0.0 : 0.0);
                for (int l = 0; l <= lmax; l++)
                {
                    for (int m = 0; m <= l; m++)
                    {
                        if (((l - m) & 1) != 0)
                        {
                            Assert.Equal(0.0, v[SphericalHarmonics.Index(l, m)]);
                            Assert.Equal(0.0, v[SphericalHarmonics.Index(l, -m)]);
                            continue;
                        }
                        double legendre = ((l - m) / 2 % 2 == 0 ? 1 : -1) * DoubleFactorial(l + m - 1) / DoubleFactorial(l - m);
                        double norm = Math.Sqrt((2 * l + 1) / FourPi * Factorial(l - m) / Factorial(l + m));
                        double radial = norm * legendre * (m == 0 ? 1 : Math.Sqrt(2));
                        Check(l, m, radial * Math.Cos(m * phi));
                        if (m > 0)
                        {
                            Check(l, -m, radial * Math.Sin(m * phi));
                        }
                    }
                }

                void Check(int l, int m, double expected)
                {
                    double actual = v[SphericalHarmonics.Index(l, m)];
                    Assert.True(Math.Abs(actual - expected) <= 1e-13, $"Y({l},{m}) at φ = {phi}: got {actual:R}, expected {expected:R}");
                }
            }

            static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

            static double DoubleFactorial(int n) => n <= 1 ? 1 : n * DoubleFactorial(n - 2);
        }

        // ───────────────────────────── float and batched overloads ─────────────────────────────

        [Fact]
        public void Float_overload_is_the_double_result_rounded()
        {
            const int lmax = 16;
            var rng = new Random(6);
            var values = new float[SphericalHarmonics.Count(lmax)];
            for (int trial = 0; trial < 100; trial++)
            {
                float x = (float)(rng.NextDouble() * 2 - 1), y = (float)(rng.NextDouble() * 2 - 1), z = (float)(rng.NextDouble() * 2 - 1);
                SphericalHarmonics.Evaluate(lmax, x, y, z, values);
                double[] reference = Evaluate(lmax, x, y, z);
                for (int i = 0; i < values.Length; i++)
                {
                    Assert.Equal((float)reference[i], values[i]);
                    Assert.True(Math.Abs(values[i] - reference[i]) <= 1e-6);
                }
            }
            SphericalHarmonics.Evaluate(lmax, 0f, 0f, -1f, values);
            Assert.Equal((float)Math.Sqrt(33 / FourPi), values[SphericalHarmonics.Index(16, 0)]);
        }

        [Fact]
        public void Batched_rows_equal_single_evaluations_for_any_strides()
        {
            const int lmax = 12, n = 37;
            int count = SphericalHarmonics.Count(lmax);
            var rng = new Random(7);
            var directions = new double[n * 3];
            for (int i = 0; i < directions.Length; i++)
            {
                directions[i] = rng.NextDouble() * 4 - 2;
            }
            directions[0] = directions[1] = 0; // a pole
            directions[5] = 0; // the equator

            var expected = new double[n * count];
            for (int i = 0; i < n; i++)
            {
                SphericalHarmonics.Evaluate(lmax, directions[3 * i], directions[3 * i + 1], directions[3 * i + 2], expected.AsSpan(i * count, count));
            }

            // Row-major output.
            var rowMajor = new double[n * count];
            SphericalHarmonics.Evaluate(lmax, new ReadOnlyTensorSpan<double>(directions, [n, 3]), new TensorSpan<double>(rowMajor, [n, count]));
            Assert.Equal(expected, rowMajor);

            // Column-major output and a transposed (column-major) input.
            var transposedInput = new double[3 * n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    transposedInput[j * n + i] = directions[3 * i + j];
                }
            }
            var columnMajor = new double[n * count];
            SphericalHarmonics.Evaluate(lmax, new ReadOnlyTensorSpan<double>(transposedInput, 0, [n, 3], [1, n]),
                new TensorSpan<double>(columnMajor, 0, [n, count], [1, n]));
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < count; j++)
                {
                    Assert.Equal(expected[i * count + j], columnMajor[j * n + i]);
                }
            }

            // Float: each row is the float single evaluation.
            var directionsF = directions.Select(d => (float)d).ToArray();
            var batchF = new float[n * count];
            SphericalHarmonics.Evaluate(lmax, new ReadOnlyTensorSpan<float>(directionsF, [n, 3]), new TensorSpan<float>(batchF, [n, count]));
            var rowF = new float[count];
            for (int i = 0; i < n; i++)
            {
                SphericalHarmonics.Evaluate(lmax, directionsF[3 * i], directionsF[3 * i + 1], directionsF[3 * i + 2], rowF);
                Assert.Equal(rowF, batchF.AsSpan(i * count, count).ToArray());
            }

            // Degree 64 goes through the rented scratch buffer.
            var high = new float[2 * SphericalHarmonics.Count(64)];
            SphericalHarmonics.Evaluate(64, new ReadOnlyTensorSpan<float>(directionsF, 0, [2, 3], [3, 1]), new TensorSpan<float>(high, [2, SphericalHarmonics.Count(64)]));
            var single = new float[SphericalHarmonics.Count(64)];
            SphericalHarmonics.Evaluate(64, directionsF[3], directionsF[4], directionsF[5], single);
            Assert.Equal(single, high.AsSpan(SphericalHarmonics.Count(64)).ToArray());

            // No rows: nothing to do.
            SphericalHarmonics.Evaluate(lmax, new ReadOnlyTensorSpan<double>(Array.Empty<double>(), [0, 3]), new TensorSpan<double>(Array.Empty<double>(), [0, count]));
        }

        // ───────────────────────────── errors ─────────────────────────────

        [Fact]
        public void Bad_degrees_and_orders_are_rejected()
        {
            Assert.Equal("lmax", Assert.Throws<ArgumentOutOfRangeException>(() => SphericalHarmonics.Count(-1)).ParamName);
            Assert.Equal("lmax", Assert.Throws<ArgumentOutOfRangeException>(() => SphericalHarmonics.Count(65)).ParamName);
            Assert.Equal("l", Assert.Throws<ArgumentOutOfRangeException>(() => SphericalHarmonics.Index(-1, 0)).ParamName);
            Assert.Equal("l", Assert.Throws<ArgumentOutOfRangeException>(() => SphericalHarmonics.Index(65, 0)).ParamName);
            Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => SphericalHarmonics.Index(2, 3)).ParamName);
            Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => SphericalHarmonics.Index(2, -3)).ParamName);
            var values = new double[SphericalHarmonics.Count(10)];
            Assert.Equal("lmax", Assert.Throws<ArgumentOutOfRangeException>(() => SphericalHarmonics.Evaluate(-1, 1.0, 0, 0, values)).ParamName);
            Assert.Equal("lmax", Assert.Throws<ArgumentOutOfRangeException>(() => SphericalHarmonics.Evaluate(65, 1f, 0, 0, new float[5000])).ParamName);
            Assert.Equal("lmax", Assert.Throws<ArgumentOutOfRangeException>(() =>
                SphericalHarmonics.Evaluate(65, new ReadOnlyTensorSpan<double>(new double[3], [1, 3]), new TensorSpan<double>(new double[4356], [1, 4356]))).ParamName);
        }

        [Fact]
        public void Bad_single_arguments_throw_and_write_nothing()
        {
            var values = Enumerable.Repeat(42.0, 16).ToArray();
            var e = Assert.Throws<ArgumentException>(() => SphericalHarmonics.Evaluate(4, 1.0, 2, 3, values));
            Assert.Equal("values", e.ParamName);
            Assert.Contains("16", e.Message);
            Assert.Contains("25", e.Message);
            var valuesF = Enumerable.Repeat(42f, 8).ToArray();
            e = Assert.Throws<ArgumentException>(() => SphericalHarmonics.Evaluate(2, 1f, 2, 3, valuesF));
            Assert.Equal("values", e.ParamName);
            Assert.Contains("8", e.Message);
            Assert.Contains("9", e.Message);

            foreach (var (x, y, z) in new (double X, double Y, double Z)[] { (0, 0, 0), (-0.0, 0, -0.0), (double.NaN, 0, 1), (1, double.PositiveInfinity, 0), (0, 0, double.NegativeInfinity) })
            {
                Assert.Throws<ArgumentException>(() => SphericalHarmonics.Evaluate(3, x, y, z, values));
                Assert.Throws<ArgumentException>(() => SphericalHarmonics.Evaluate(2, (float)x, (float)y, (float)z, valuesF));
            }
            Assert.All(values, v => Assert.Equal(42.0, v));
            Assert.All(valuesF, v => Assert.Equal(42f, v));

            // A longer span is fine; only the first (lmax + 1)² elements are written.
            SphericalHarmonics.Evaluate(1, 0.0, 0, 1, values);
            Assert.Equal(42.0, values[4]);
        }

        [Fact]
        public void Bad_batched_arguments_throw_and_write_nothing()
        {
            const int lmax = 2, count = 9;
            var directions = new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1 };
            var output = Enumerable.Repeat(42.0, 60).ToArray();
            ReadOnlyTensorSpan<double> Good() => new(directions, [4, 3]);

            void Expect(string parameter, string[] fragments, Action action)
            {
                var e = Assert.Throws<ArgumentException>(action);
                Assert.Equal(parameter, e.ParamName);
                foreach (string fragment in fragments)
                {
                    Assert.Contains(fragment, e.Message);
                }
                Assert.All(output, v => Assert.Equal(42.0, v));
            }

            Expect("directions", ["rank 1"], () => SphericalHarmonics.Evaluate(lmax, new ReadOnlyTensorSpan<double>(directions, [12]), new TensorSpan<double>(output, [4, count])));
            Expect("values", ["rank 3"], () => SphericalHarmonics.Evaluate(lmax, Good(), new TensorSpan<double>(output, [4, 3, 3])));
            Expect("directions", ["4 columns", "3"], () => SphericalHarmonics.Evaluate(lmax, new ReadOnlyTensorSpan<double>(directions, [3, 4]), new TensorSpan<double>(output, [3, count])));
            Expect("values", ["5 rows", "4"], () => SphericalHarmonics.Evaluate(lmax, Good(), new TensorSpan<double>(output, [5, count])));
            Expect("values", ["10 columns", "9"], () => SphericalHarmonics.Evaluate(lmax, Good(), new TensorSpan<double>(output, [4, 10])));
            Expect("values", ["stride 0"], () => SphericalHarmonics.Evaluate(lmax, Good(), new TensorSpan<double>(output, 0, [4, count], [0, 1])));

            directions[8] = 0; // row 2, (0, 0, 1), becomes the zero vector
            Expect("directions", ["Row 2"], () => SphericalHarmonics.Evaluate(lmax, Good(), new TensorSpan<double>(output, [4, count])));
            directions[8] = double.NaN;
            Expect("directions", ["Row 2"], () => SphericalHarmonics.Evaluate(lmax, Good(), new TensorSpan<double>(output, [4, count])));

            var outputF = Enumerable.Repeat(42f, 4 * count).ToArray();
            var directionsF = new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1 };
            var e = Assert.Throws<ArgumentException>(() => SphericalHarmonics.Evaluate(lmax, new ReadOnlyTensorSpan<float>(directionsF, [4, 3]), new TensorSpan<float>(outputF, [4, count])));
            Assert.Equal("directions", e.ParamName);
            Assert.All(outputF, v => Assert.Equal(42f, v));
        }
    }
}
