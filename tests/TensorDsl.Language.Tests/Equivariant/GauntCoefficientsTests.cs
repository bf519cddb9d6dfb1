using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
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
    /// Real Gaunt coefficients against independent reference data (tests/TestData/real_gaunt.csv), against a
    /// numerical integral built on this file's own real spherical harmonics (explicit associated-Legendre sum evaluated in
    /// exact rational arithmetic), and against their symmetries and selection rules.
    /// </summary>
    public sealed class GauntCoefficientsTests
    {
        private static readonly double InverseSqrt4Pi = 1.0 / Math.Sqrt(4 * Math.PI);
        private readonly ITestOutputHelper _output;

        public GauntCoefficientsTests(ITestOutputHelper output) => _output = output;

        // ---------------------------------------------------------------- (1) reference data

        [Fact]
        public void Table_5_5_10_equals_the_reference_csv_entry_for_entry()
        {
            var reference = ReferenceGaunt.Load();
            var table = GauntCoefficients.Table(5, 5, 10);

            var tableKeys = new HashSet<(int, int, int, int, int, int)>(table.Select(Key));
            Assert.Equal(table.Count, tableKeys.Count);
            var missing = reference.Keys.Where(k => !tableKeys.Contains(k)).ToList();
            var extra = tableKeys.Where(k => !reference.ContainsKey(k)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} reference entries missing from the table, e.g. {string.Join(" ", missing.Take(5))}");
            Assert.True(extra.Count == 0, $"{extra.Count} table entries not in the reference, e.g. {string.Join(" ", extra.Take(5))}");
            Assert.Equal(reference.Count, table.Count);
            Assert.Equal(ReferenceGaunt.Order(), table.Select(Key)); // same canonical order as the file

            double worst = 0;
            foreach (var e in table)
            {
                double expected = reference[Key(e)];
                double error = Math.Abs(e.Value - expected);
                worst = Math.Max(worst, error);
                Assert.True(error <= 1e-12, $"{e}: reference {expected.ToString("R", CultureInfo.InvariantCulture)}, error {error:E2}");
            }
            _output.WriteLine($"{table.Count} entries; largest |table − csv| = {worst:E2}");
        }

        [Fact]
        public void Value_is_nonzero_exactly_on_the_reference_set_up_to_degree_five()
        {
            var reference = ReferenceGaunt.Load();
            var table = GauntCoefficients.Table(5, 5, 10).ToDictionary(Key, e => e.Value);
            int nonzero = 0;
            for (int l1 = 0; l1 <= 5; l1++)
            for (int m1 = -l1; m1 <= l1; m1++)
            for (int l2 = 0; l2 <= 5; l2++)
            for (int m2 = -l2; m2 <= l2; m2++)
            for (int l3 = 0; l3 <= 10; l3++)
            for (int m3 = -l3; m3 <= l3; m3++)
            {
                double value = GauntCoefficients.Value(l1, m1, l2, m2, l3, m3);
                var key = (l1, m1, l2, m2, l3, m3);
                if (reference.ContainsKey(key))
                {
                    nonzero++;
                    Assert.NotEqual(0.0, value);
                    Assert.Equal(table[key], value); // the table and Value agree bit for bit
                }
                else
                {
                    Assert.True(value == 0.0, $"G{key} = {value} should be exactly zero");
                }
            }
            Assert.Equal(reference.Count, nonzero);
        }

        // ---------------------------------------------------------------- (2) quadrature beyond degree 5

        [Fact]
        public void Value_matches_quadrature_for_random_indices_up_to_12_12_24()
        {
            var random = new Random(20240611);
            var tuples = new List<(int l1, int m1, int l2, int m2, int l3, int m3)>();
            while (tuples.Count < 500)
            {
                // Mostly tuples that pass the selection rules (nonzero or a 3j zero); the rest uniformly random (mostly zero).
                int l1 = random.Next(13), l2 = random.Next(13);
                int m1 = random.Next(-l1, l1 + 1), m2 = random.Next(-l2, l2 + 1);
                if (tuples.Count % 5 == 4)
                {
                    int l3r = random.Next(25);
                    tuples.Add((l1, m1, l2, m2, l3r, random.Next(-l3r, l3r + 1)));
                    continue;
                }
                int lo = Math.Abs(l1 - l2), steps = (l1 + l2 - lo) / 2;
                int l3 = lo + 2 * random.Next(steps + 1);
                int a = Math.Abs(m1), b = Math.Abs(m2), sign = (m1 < 0) != (m2 < 0) ? -1 : 1;
                var m3s = new[] { a + b, Math.Abs(a - b) }.Where(c => c <= l3 && (sign > 0 || c > 0)).Select(c => sign * c).ToArray();
                if (m3s.Length == 0) continue;
                tuples.Add((l1, m1, l2, m2, l3, m3s[random.Next(m3s.Length)]));
            }

            double worst = 0;
            int nonzero = 0;
            foreach (var (l1, m1, l2, m2, l3, m3) in tuples)
            {
                double value = GauntCoefficients.Value(l1, m1, l2, m2, l3, m3);
                double integral = Quadrature.Integrate(l1, m1, l2, m2, l3, m3);
                if (value != 0) nonzero++;
                double error = Math.Abs(value - integral);
                worst = Math.Max(worst, error);
                Assert.True(error <= 1e-13, $"G({l1},{m1}; {l2},{m2}; {l3},{m3}) = {value:R}, quadrature {integral:R}, error {error:E2}");
            }
            Assert.True(nonzero >= 300, $"only {nonzero} of {tuples.Count} samples are nonzero");
            _output.WriteLine($"{tuples.Count} tuples ({nonzero} nonzero); largest |Value − quadrature| = {worst:E2}");
        }

        [Fact]
        public void Table_16_16_32_and_high_degree_values_match_quadrature()
        {
            // Includes J = l1 + l2 + l3 above 62, where the Racah sum no longer fits in 64 bits.
            var table = GauntCoefficients.Table(16, 16, 32);
            var random = new Random(7);
            var samples = Enumerable.Range(0, 150).Select(_ => table[random.Next(table.Count)])
                .Concat(table.Where(e => e.L1 == 16 && e.L2 == 16 && e.L3 == 32 && random.Next(40) == 0))
                .Select(e => (e.L1, e.M1, e.L2, e.M2, e.L3, e.M3, e.Value))
                .ToList();
            foreach (var (l1, l2, l3) in new[] { (20, 24, 40), (30, 25, 35), (12, 30, 40), (33, 31, 4) })
            {
                for (int i = 0; i < 12; i++)
                {
                    int m1 = random.Next(-l1, l1 + 1), m2 = random.Next(-l2, l2 + 1);
                    int sign = (m1 < 0) != (m2 < 0) ? -1 : 1;
                    int c = i % 2 == 0 ? Math.Abs(m1) + Math.Abs(m2) : Math.Abs(Math.Abs(m1) - Math.Abs(m2));
                    if (c > l3 || (sign < 0 && c == 0)) c = Math.Min(l3, 1 + random.Next(l3));
                    samples.Add((l1, m1, l2, m2, l3, sign * c, GauntCoefficients.Value(l1, m1, l2, m2, l3, sign * c)));
                }
            }
            Assert.Contains(samples, s => s.Item1 + s.Item3 + s.Item5 > 62 && s.Item7 != 0);

            double worst = 0;
            foreach (var (l1, m1, l2, m2, l3, m3, value) in samples)
            {
                Assert.Equal(GauntCoefficients.Value(l1, m1, l2, m2, l3, m3), value);
                double integral = Quadrature.Integrate(l1, m1, l2, m2, l3, m3);
                double error = Math.Abs(value - integral);
                worst = Math.Max(worst, error);
                Assert.True(error <= 1e-13, $"G({l1},{m1}; {l2},{m2}; {l3},{m3}) = {value:R}, quadrature {integral:R}, error {error:E2}");
            }
            _output.WriteLine($"{samples.Count} samples; largest |Value − quadrature| = {worst:E2}");
        }

        [Theory]
        // Reference values from exact rational arithmetic with a 50-digit square root (computed outside this suite).
        [InlineData(40, 3, 50, -5, 60, -8, 0.02376982135830013)]
        [InlineData(200, 3, 150, -5, 300, -8, -0.004474465064052239)]
        [InlineData(700, 3, 800, -5, 900, -8, 0.003085363425510643)]
        [InlineData(1000, 3, 1000, -5, 1000, -8, -0.0032781868200976987)]
        [InlineData(1000, 1, 999, 0, 1, 1, 0.17283344829462358)]
        public void Very_high_degrees_match_exact_values(int l1, int m1, int l2, int m2, int l3, int m3, double expected)
        {
            Assert.True(Math.Abs(GauntCoefficients.Value(l1, m1, l2, m2, l3, m3) - expected) <= 1e-16);
        }

        // ---------------------------------------------------------------- (3) symmetries

        [Fact]
        public void Value_is_invariant_under_permutations_of_the_three_harmonics()
        {
            var random = new Random(3);
            int nonzero = 0;
            for (int i = 0; i < 3000; i++)
            {
                int l1 = random.Next(17), l2 = random.Next(17);
                int l3 = Math.Abs(l1 - l2) + 2 * random.Next(Math.Min(l1, l2) + 1);
                var p = new[] { (l1, random.Next(-l1, l1 + 1)), (l2, random.Next(-l2, l2 + 1)), (l3, 0) };
                int a = Math.Abs(p[0].Item2), b = Math.Abs(p[1].Item2);
                int m3 = Math.Min(i % 2 == 0 ? a + b : Math.Abs(a - b), l3);
                p[2] = (l3, (p[0].Item2 < 0) != (p[1].Item2 < 0) ? -m3 : m3);
                double value = G(p[0], p[1], p[2]);
                if (value != 0) nonzero++;
                foreach (var (x, y, z) in new[] { (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0) })
                {
                    Assert.Equal(value, G(p[x], p[y], p[z]));
                }
            }
            Assert.True(nonzero > 1000, $"only {nonzero} nonzero samples");
        }

        [Fact]
        public void Coupling_with_the_constant_harmonic_is_the_normalisation()
        {
            for (int l = 0; l <= 40; l++)
            {
                for (int m = -l; m <= l; m++)
                {
                    Assert.True(Math.Abs(GauntCoefficients.Value(0, 0, l, m, l, m) - InverseSqrt4Pi) <= 1e-15, $"l={l}, m={m}");
                    Assert.Equal(GauntCoefficients.Value(0, 0, l, m, l, m), GauntCoefficients.Value(l, m, 0, 0, l, m));
                    Assert.Equal(GauntCoefficients.Value(0, 0, l, m, l, m), GauntCoefficients.Value(l, m, l, m, 0, 0));
                    int other = m == l ? -l : m + 1;
                    if (other != m) Assert.Equal(0.0, GauntCoefficients.Value(0, 0, l, m, l, other));
                }
            }
        }

        [Fact]
        public void Degree_one_products_match_the_cartesian_closed_forms()
        {
            // Y_1 = c·(y, z, x) with c = √(3/4π); products of two are expanded in degree-2 harmonics by hand.
            double c = Math.Sqrt(3 / (4 * Math.PI));
            // Y_{2,−2} = √(15/4π)·x·y, so ∫ Y_{1,1} Y_{1,−1} Y_{2,−2} = c²·∫ x y Y_{2,−2} = c²/√(15/4π).
            Assert.Equal(c * c / Math.Sqrt(15 / (4 * Math.PI)), GauntCoefficients.Value(1, 1, 1, -1, 2, -2), 15);
            // z² = 1/3 + (2/3)·P2(z) with Y_20 = √(5/4π)·P2: ∫ Y_10 Y_10 Y_20 = c²·(2/3)/√(5/4π).
            Assert.Equal(c * c * (2.0 / 3) / Math.Sqrt(5 / (4 * Math.PI)), GauntCoefficients.Value(1, 0, 1, 0, 2, 0), 15);
            // x² − y² = (2/√(15/4π))·Y_22: ∫ Y_11 Y_11 Y_22 = +c²/√(15/4π), ∫ Y_1,−1 Y_1,−1 Y_22 = −c²/√(15/4π).
            Assert.Equal(c * c / Math.Sqrt(15 / (4 * Math.PI)), GauntCoefficients.Value(1, 1, 1, 1, 2, 2), 15);
            Assert.Equal(-c * c / Math.Sqrt(15 / (4 * Math.PI)), GauntCoefficients.Value(1, -1, 1, -1, 2, 2), 15);
        }

        [Fact]
        public void Each_degree_block_has_the_norm_of_a_scaled_wigner_3j()
        {
            // For fixed (l1, l2, l3) the real Gaunt block is c·W with W a unit-norm invariant tensor (e3nn's wigner_3j up to
            // the basis order) and c = √((2l1+1)(2l2+1)(2l3+1)/4π)·|(l1 l2 l3; 0 0 0)|, so Σ_m G² = c².
            // (l1 l2 l3; 0 0 0)² = Δ·(g!/((g−l1)!(g−l2)!(g−l3)!))², Δ = (J−2l1)!(J−2l2)!(J−2l3)!/(J+1)!, J = 2g.
            var blocks = GauntCoefficients.Table(10, 10, 20).GroupBy(e => (e.L1, e.L2, e.L3)).ToDictionary(g => g.Key, g => g.Sum(e => e.Value * e.Value));
            int checkedBlocks = 0;
            for (int l1 = 0; l1 <= 10; l1++)
            for (int l2 = 0; l2 <= 10; l2++)
            for (int l3 = Math.Abs(l1 - l2); l3 <= l1 + l2; l3 += 2)
            {
                int j = l1 + l2 + l3, g = j / 2;
                BigInteger multinomial = Exact.Factorial(g) / (Exact.Factorial(g - l1) * Exact.Factorial(g - l2) * Exact.Factorial(g - l3));
                double threeJ000Squared = Exact.Divide(
                    Exact.Factorial(j - 2 * l1) * Exact.Factorial(j - 2 * l2) * Exact.Factorial(j - 2 * l3) * multinomial * multinomial,
                    Exact.Factorial(j + 1));
                double expected = (2 * l1 + 1) * (2 * l2 + 1) * (2 * l3 + 1) / (4 * Math.PI) * threeJ000Squared;
                Assert.True(Math.Abs(blocks[(l1, l2, l3)] - expected) <= 1e-13 * expected, $"({l1} {l2} {l3}): Σ G² = {blocks[(l1, l2, l3)]:R}, expected {expected:R}");
                checkedBlocks++;
            }
            Assert.Equal(blocks.Count, checkedBlocks);
        }

        // ---------------------------------------------------------------- (4) selection rules

        [Fact]
        public void Selection_rules_give_exact_zeros()
        {
            var random = new Random(11);
            for (int i = 0; i < 20000; i++)
            {
                int l1 = random.Next(17), l2 = random.Next(17), l3 = random.Next(33);
                int m1 = random.Next(-l1, l1 + 1), m2 = random.Next(-l2, l2 + 1), m3 = random.Next(-l3, l3 + 1);
                int a = Math.Abs(m1), b = Math.Abs(m2), c = Math.Abs(m3);
                int negatives = (m1 < 0 ? 1 : 0) + (m2 < 0 ? 1 : 0) + (m3 < 0 ? 1 : 0);
                bool allowed = (l1 + l2 + l3) % 2 == 0 && l3 <= l1 + l2 && l3 >= Math.Abs(l1 - l2)
                    && negatives % 2 == 0 && (c == a + b || a == b + c || b == a + c);
                double value = GauntCoefficients.Value(l1, m1, l2, m2, l3, m3);
                if (!allowed)
                {
                    Assert.True(value == 0.0 && !double.IsNegative(value), $"G({l1},{m1}; {l2},{m2}; {l3},{m3}) = {value:R}");
                }
            }
            // Each rule on its own, with everything else allowed.
            Assert.Equal(0.0, GauntCoefficients.Value(2, 1, 2, 1, 3, 2));   // l1 + l2 + l3 odd
            Assert.Equal(0.0, GauntCoefficients.Value(1, 1, 1, 1, 4, 2));   // triangle
            Assert.Equal(0.0, GauntCoefficients.Value(2, -1, 2, 1, 2, 2));  // one sine
            Assert.Equal(0.0, GauntCoefficients.Value(2, -1, 2, -1, 2, -2)); // three sines
            Assert.Equal(0.0, GauntCoefficients.Value(3, 1, 3, 2, 4, 2));   // |m3| ∉ {|m1 + m2|, |m1 − m2|}
            Assert.NotEqual(0.0, GauntCoefficients.Value(3, 1, 3, 2, 4, 3));
            Assert.NotEqual(0.0, GauntCoefficients.Value(3, 1, 3, 2, 4, 1));
            Assert.NotEqual(0.0, GauntCoefficients.Value(3, -1, 3, -2, 4, 1));
        }

        [Theory]
        // Allowed by every selection rule, zero because a Wigner 3j symbol vanishes (e.g. (2 3 3; 0 2 −2) = 0).
        [InlineData(2, 0, 3, 2, 3, 2)]
        [InlineData(2, 0, 3, -2, 3, -2)]
        [InlineData(3, 2, 2, 0, 3, 2)]
        [InlineData(3, 1, 5, 4, 6, 5)]
        [InlineData(3, -1, 5, -4, 6, 5)]
        [InlineData(3, 1, 5, -4, 6, -5)]
        [InlineData(4, 1, 5, 3, 5, 4)]
        [InlineData(4, 0, 4, 2, 6, 2)]
        [InlineData(3, 0, 8, 4, 9, 4)]
        [InlineData(4, 2, 7, 6, 9, 8)]
        [InlineData(4, 0, 10, 9, 10, 9)]
        public void Accidental_zeros_are_exact_and_absent_from_tables(int l1, int m1, int l2, int m2, int l3, int m3)
        {
            Assert.Equal(0.0, GauntCoefficients.Value(l1, m1, l2, m2, l3, m3));
            Assert.True(Math.Abs(Quadrature.Integrate(l1, m1, l2, m2, l3, m3)) < 1e-14);
            Assert.DoesNotContain(GauntCoefficients.Table(10, 10, 20), e => Key(e) == (l1, m1, l2, m2, l3, m3));
        }

        [Fact]
        public void Tables_are_canonically_ordered_nonzero_and_agree_with_value()
        {
            var table = GauntCoefficients.Table(8, 7, 12);
            for (int i = 0; i < table.Count; i++)
            {
                var e = table[i];
                Assert.True(e.L1 <= 8 && e.L2 <= 7 && e.L3 <= 12, e.ToString());
                Assert.Equal(e.L1 * e.L1 + e.L1 + e.M1, e.I1);
                Assert.Equal(e.L2 * e.L2 + e.L2 + e.M2, e.I2);
                Assert.Equal(e.L3 * e.L3 + e.L3 + e.M3, e.I3);
                Assert.NotEqual(0.0, e.Value);
                Assert.Equal(GauntCoefficients.Value(e.L1, e.M1, e.L2, e.M2, e.L3, e.M3), e.Value);
                if (i > 0)
                {
                    // Canonical order: ascending (l1, l2, l3, m1, m2, m3), i.e. degree-triple blocks, each by flat index.
                    var p = table[i - 1];
                    Assert.True((p.L1, p.L2, p.L3, p.I1, p.I2, p.I3).CompareTo((e.L1, e.L2, e.L3, e.I1, e.I2, e.I3)) < 0, $"{p} before {e}");
                }
            }
            // Exactly the nonzero Values in range.
            int count = 0;
            for (int l1 = 0; l1 <= 8; l1++)
            for (int l2 = 0; l2 <= 7; l2++)
            for (int l3 = 0; l3 <= 12; l3++)
            for (int m1 = -l1; m1 <= l1; m1++)
            for (int m2 = -l2; m2 <= l2; m2++)
            for (int m3 = -l3; m3 <= l3; m3++)
            {
                if (GauntCoefficients.Value(l1, m1, l2, m2, l3, m3) != 0) count++;
            }
            Assert.Equal(count, table.Count);
            // A bound on l3 above l1 + l2 changes nothing; a lower one keeps exactly the entries below it, in the same order.
            var full = GauntCoefficients.Table(8, 7, 15);
            Assert.Same(full, GauntCoefficients.Table(8, 7, 40));
            Assert.Equal(full.Where(e => e.L3 <= 12), table);
        }

        [Fact]
        public void Arguments_out_of_range_are_rejected()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntCoefficients.Value(1, 2, 1, 0, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntCoefficients.Value(-1, 0, 1, 0, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntCoefficients.Value(1, 0, 1, 0, 2, -3));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntCoefficients.Value(GauntCoefficients.MaxDegree + 1, 0, 1, 0, 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntCoefficients.Table(-1, 2, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => new GauntEntry(2, 3, 1, 0, 1, 0, 1.0));
        }

        // ---------------------------------------------------------------- (5) the largest table

        [Fact]
        public void Table_16_16_32_builds_once_and_is_shared()
        {
            var watch = Stopwatch.StartNew();
            var tables = new ConcurrentBag<IReadOnlyList<GauntEntry>>();
            Parallel.For(0, 4, _ => tables.Add(GauntCoefficients.Table(16, 16, 32)));
            watch.Stop();
            var table = tables.First();
            Assert.All(tables, t => Assert.Same(table, t));
            Assert.Same(table, GauntCoefficients.Table(16, 16, 32));
            Assert.True(table.Count > 1_000_000, $"{table.Count} entries");
            Assert.DoesNotContain(table, e => e.Value == 0 || double.IsNaN(e.Value));
            Assert.IsNotType<GauntEntry[]>(table); // the cached list cannot be written through a cast
            _output.WriteLine($"Table(16,16,32): {table.Count} entries, {watch.Elapsed.TotalMilliseconds:F0} ms (first call in this process or cached)");
        }

        // ---------------------------------------------------------------- the oracle itself

        [Fact]
        public void Test_harmonics_match_the_reference_samples()
        {
            double worst = 0;
            int rows = 0;
            foreach (var line in File.ReadLines(RepositoryFiles.TestData("real_sh_samples.csv")))
            {
                if (line.StartsWith("#", StringComparison.Ordinal) || line.StartsWith("l,", StringComparison.Ordinal)) continue;
                var f = line.Split(',');
                int l = int.Parse(f[0], CultureInfo.InvariantCulture), m = int.Parse(f[1], CultureInfo.InvariantCulture);
                double x = Parse(f[2]), y = Parse(f[3]), z = Parse(f[4]), expected = Parse(f[5]);
                double phi = Math.Atan2(y, x);
                double azimuthal = m > 0 ? Math.Cos(m * phi) : m < 0 ? Math.Sin(-m * phi) : 1.0;
                double value = IndependentHarmonics.Polar(l, Math.Abs(m), z) * azimuthal;
                worst = Math.Max(worst, Math.Abs(value - expected));
                Assert.True(Math.Abs(value - expected) <= 1e-12, $"Y({l},{m}) at ({x}, {y}, {z}) = {value:R}, reference {expected:R}");
                rows++;
            }
            Assert.True(rows > 100);
            _output.WriteLine($"{rows} samples; largest error {worst:E2}");
        }

        [Fact]
        public void Test_quadrature_rule_integrates_polynomials_exactly()
        {
            for (int k = 0; k < Quadrature.Nodes.Length; k++)
            {
                double moment = 0;
                for (int i = 0; i < Quadrature.Nodes.Length; i++) moment += Quadrature.Weights[i] * Math.Pow(Quadrature.Nodes[i], 2 * k);
                Assert.True(Math.Abs(moment - 2.0 / (2 * k + 1)) < 1e-14, $"∫x^{2 * k}");
            }
        }

        // ---------------------------------------------------------------- helpers

        private static double G((int l, int m) a, (int l, int m) b, (int l, int m) c) =>
            GauntCoefficients.Value(a.l, a.m, b.l, b.m, c.l, c.m);

        private static (int, int, int, int, int, int) Key(GauntEntry e) => (e.L1, e.M1, e.L2, e.M2, e.L3, e.M3);

        private static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

        /// <summary>Loads tests/TestData/real_gaunt.csv (committed reference data; see tests/TestData/README.md).</summary>
        private static class ReferenceGaunt
        {
            private static readonly Lazy<List<((int, int, int, int, int, int) key, double value)>> s_rows =
                new Lazy<List<((int, int, int, int, int, int) key, double value)>>(Read);

            /// <summary>Index tuple → value.</summary>
            public static Dictionary<(int, int, int, int, int, int), double> Load() => s_rows.Value.ToDictionary(r => r.key, r => r.value);

            /// <summary>The index tuples in file order.</summary>
            public static List<(int, int, int, int, int, int)> Order() => s_rows.Value.Select(r => r.key).ToList();

            private static List<((int, int, int, int, int, int) key, double value)> Read()
            {
                var result = new List<((int, int, int, int, int, int) key, double value)>();
                foreach (var line in File.ReadLines(RepositoryFiles.TestData("real_gaunt.csv")))
                {
                    if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal) || line.StartsWith("l1", StringComparison.Ordinal)) continue;
                    var f = line.Split(',');
                    var n = f.Take(6).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    result.Add(((n[0], n[1], n[2], n[3], n[4], n[5]), Parse(f[6])));
                }
                Assert.True(result.Count > 1000, "real_gaunt.csv has too few rows");
                return result;
            }
        }

        /// <summary>
        /// ∫ Y Y Y dΩ on a Gauss–Legendre (cos θ) × uniform φ grid: 50 nodes integrate polynomials in cos θ of degree ≤ 99
        /// exactly, 128 equally spaced φ integrate trigonometric polynomials of degree ≤ 127 exactly, so the integral is
        /// exact up to rounding for l1 + l2 + l3 ≤ 99. The integrand is separable, so the grid sum is the product of the
        /// two one-dimensional sums.
        /// </summary>
        private static class Quadrature
        {
            private const int PolarCount = 50, AzimuthCount = 128;
            public static readonly double[] Nodes, Weights;
            private static readonly ConcurrentDictionary<(int, int), double[]> s_polar = new ConcurrentDictionary<(int, int), double[]>();

            static Quadrature() => (Nodes, Weights) = GaussLegendre(PolarCount);

            public static double Integrate(int l1, int m1, int l2, int m2, int l3, int m3)
            {
                double[] p1 = Polar(l1, Math.Abs(m1)), p2 = Polar(l2, Math.Abs(m2)), p3 = Polar(l3, Math.Abs(m3));
                double polar = 0;
                for (int i = 0; i < PolarCount; i++) polar += Weights[i] * p1[i] * p2[i] * p3[i];
                double azimuthal = 0;
                for (int j = 0; j < AzimuthCount; j++)
                {
                    double phi = 2 * Math.PI * j / AzimuthCount;
                    azimuthal += Azimuthal(m1, phi) * Azimuthal(m2, phi) * Azimuthal(m3, phi);
                }
                return polar * azimuthal * (2 * Math.PI / AzimuthCount);
            }

            private static double Azimuthal(int m, double phi) => m > 0 ? Math.Cos(m * phi) : m < 0 ? Math.Sin(-m * phi) : 1.0;

            private static double[] Polar(int l, int m) =>
                s_polar.GetOrAdd((l, m), k => Nodes.Select(x => IndependentHarmonics.Polar(k.Item1, k.Item2, x)).ToArray());

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
                        for (int k = 2; k <= n; k++)
                        {
                            double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                            p0 = p1;
                            p1 = p2;
                        }
                        derivative = n * (x * p1 - p0) / (x * x - 1);
                        double step = p1 / derivative;
                        x -= step;
                        if (Math.Abs(step) < 1e-17) break;
                    }
                    nodes[i] = x;
                    weights[i] = 2 / ((1 - x * x) * derivative * derivative);
                }
                return (nodes, weights);
            }
        }

        /// <summary>
        /// The polar part of this suite's own real harmonics: Θ_lm(x) = N·P_l^m(x), N = √((2l+1)/(4π)·(l−m)!/(l+m)!)·(√2 if m &gt; 0),
        /// P_l^m(x) = (1−x²)^(m/2)·Σ_k (−1)^k (2l−2k)! / (2^l k! (l−k)! (l−2k−m)!)·x^(l−2k−m) (no Condon–Shortley phase),
        /// so Y_lm = Θ_l|m|(cos θ)·{cos mφ, 1, sin |m|φ}. The sum is evaluated exactly at the binary value of x, then one
        /// square root, so the alternating terms cannot cancel digits away.
        /// </summary>
        private static class IndependentHarmonics
        {
            private static BigInteger Factorial(int n) => Exact.Factorial(n);

            public static double Polar(int l, int m, double x)
            {
                // x = mantissa / 2^s exactly.
                long bits = BitConverter.DoubleToInt64Bits(x);
                int exponent = (int)((bits >> 52) & 0x7FF);
                long mantissa = bits & 0xFFFFFFFFFFFFFL;
                if (exponent != 0) mantissa |= 1L << 52; else exponent = 1;
                int s = 1075 - exponent; // x = ±mantissa · 2^(exponent − 1075)
                BigInteger numeratorX = bits < 0 ? -new BigInteger(mantissa) : new BigInteger(mantissa);
                BigInteger denominatorX = BigInteger.One;
                if (s >= 0) denominatorX <<= s; else numeratorX <<= -s;

                int top = l - m; // highest power of x
                BigInteger sum = BigInteger.Zero;
                for (int k = 0; 2 * k <= l - m; k++)
                {
                    int power = l - 2 * k - m;
                    // (2l−2k)!·[l!/(k!(l−k)!)]·[(l−m)!/(l−2k−m)!] over the common denominator 2^l·l!·(l−m)!
                    BigInteger term = Factorial(2 * l - 2 * k) * (Factorial(l) / (Factorial(k) * Factorial(l - k)))
                        * (Factorial(l - m) / Factorial(power))
                        * BigInteger.Pow(numeratorX, power) * BigInteger.Pow(denominatorX, top - power);
                    sum += k % 2 == 0 ? term : -term;
                }
                BigInteger denominator = (BigInteger.One << l) * Factorial(l) * Factorial(l - m) * BigInteger.Pow(denominatorX, top);
                // (1 − x²)^⌊m/2⌋ exactly; an odd m leaves one (1 − x²) under the square root.
                BigInteger oneMinusX2 = denominatorX * denominatorX - numeratorX * numeratorX, dx2 = denominatorX * denominatorX;
                sum *= BigInteger.Pow(oneMinusX2, m / 2);
                denominator *= BigInteger.Pow(dx2, m / 2);
                if (sum.IsZero) return 0.0;
                BigInteger radicandNumerator = sum * sum * (2 * l + 1) * Factorial(l - m) * (m > 0 ? 2 : 1);
                BigInteger radicandDenominator = denominator * denominator * Factorial(l + m);
                if (m % 2 == 1)
                {
                    radicandNumerator *= oneMinusX2;
                    radicandDenominator *= dx2;
                }
                double magnitude = Math.Sqrt(Exact.Divide(radicandNumerator, radicandDenominator) / (4 * Math.PI));
                return sum.Sign < 0 ? -magnitude : magnitude;
            }

        }

        private static class Exact
        {
            private static readonly ConcurrentDictionary<int, BigInteger> s_factorials = new ConcurrentDictionary<int, BigInteger>();

            /// <summary>numerator / denominator (positive) rounded to double from an 80-bit integer quotient.</summary>
            public static double Divide(BigInteger numerator, BigInteger denominator)
            {
                long shift = (long)numerator.GetBitLength() - (long)denominator.GetBitLength() - 80;
                BigInteger quotient = shift >= 0 ? numerator / (denominator << (int)shift) : (numerator << (int)-shift) / denominator;
                return Math.ScaleB((double)quotient, (int)shift);
            }

            public static BigInteger Factorial(int n) =>
                s_factorials.GetOrAdd(n, k => Enumerable.Range(1, k).Aggregate(BigInteger.One, (acc, i) => acc * i));
        }
    }
}
