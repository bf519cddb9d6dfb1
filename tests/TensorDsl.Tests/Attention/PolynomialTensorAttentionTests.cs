using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Attention;
using Xunit;

namespace TensorDsl.Tests.Attention
{
    /// <summary>
    /// The polynomial approximation of tensor attention against a naive double oracle written here: per query row it
    /// materializes the m × m scores and contracts them (with exp, max-subtracted, or with the Taylor polynomial itself).
    /// </summary>
    public sealed class PolynomialTensorAttentionTests
    {
        /// <summary>
        /// The degree chosen for the 1e-3 target of <see cref="Degree_6_meets_1e_3_for_d_8_entries_in_half_unit_interval"/>:
        /// the smallest even degree whose proven bound (<see cref="PolynomialTensorAttention.ErrorBound"/>) is below 1e-3 for
        /// d = 8, entries in [−½, ½], scale 1 (B ≤ 1, V ≤ ¼): degree 4 gives 3.9e-3, degree 6 gives 9.1e-5.
        /// </summary>
        private const int DegreeFor1e3 = 6;

        // ───────────────────────────── oracle and data ─────────────────────────────

        /// <summary>A row-major matrix and the sizes of its problem.</summary>
        private sealed record Problem(int N, int M, int D, int Dv, double[] Q, double[] K1, double[] K2, double[] V1, double[] V2)
        {
            public ReadOnlyTensorSpan<double> QSpan => new(Q, [N, D]);
            public ReadOnlyTensorSpan<double> K1Span => new(K1, [M, D]);
            public ReadOnlyTensorSpan<double> K2Span => new(K2, [M, D]);
            public ReadOnlyTensorSpan<double> V1Span => new(V1, [M, Dv]);
            public ReadOnlyTensorSpan<double> V2Span => new(V2, [M, Dv]);

            public double[] Compute(double scale, int degree)
            {
                var o = new double[N * Dv];
                PolynomialTensorAttention.Compute(QSpan, K1Span, K2Span, V1Span, V2Span, scale, degree, new TensorSpan<double>(o, [N, Dv]));
                return o;
            }

            public float[] ComputeFloat(float scale, int degree)
            {
                var o = new float[N * Dv];
                PolynomialTensorAttention.Compute(new ReadOnlyTensorSpan<float>(ToFloat(Q), [N, D]), new ReadOnlyTensorSpan<float>(ToFloat(K1), [M, D]),
                    new ReadOnlyTensorSpan<float>(ToFloat(K2), [M, D]), new ReadOnlyTensorSpan<float>(ToFloat(V1), [M, Dv]),
                    new ReadOnlyTensorSpan<float>(ToFloat(V2), [M, Dv]), scale, degree, new TensorSpan<float>(o, [N, Dv]));
                return o;
            }

            public double ScoreBound(double scale) => PolynomialTensorAttention.ScoreBound(QSpan, K1Span, K2Span, scale);

            public double ValueBound() => PolynomialTensorAttention.ValueBound(V1Span, V2Span);
        }

        private static Problem RandomProblem(int seed, int n, int m, int d, int dv, double lo, double hi, double valueLo, double valueHi)
        {
            var rng = new Random(seed);
            double[] U(int count, double a, double b) => Enumerable.Range(0, count).Select(_ => a + (b - a) * rng.NextDouble()).ToArray();
            return new Problem(n, m, d, dv, U(n * d, lo, hi), U(m * d, lo, hi), U(m * d, lo, hi), U(m * dv, valueLo, valueHi), U(m * dv, valueLo, valueHi));
        }

        private static float[] ToFloat(double[] x) => x.Select(v => (float)v).ToArray();

        private static double[] Rounded(double[] x) => x.Select(v => (double)(float)v).ToArray();

        /// <summary>
        /// Tensor attention for the query rows <paramref name="rows"/> (row-major, rows.Count × dv): weights
        /// <paramref name="weight"/>(S_ijk), or exp(S_ijk − max) when it is null.
        /// </summary>
        private static double[] Oracle(Problem p, double scale, IReadOnlyList<int> rows, Func<double, double>? weight = null)
        {
            int m = p.M, d = p.D, dv = p.Dv;
            var s = new double[m * m];
            var a = new double[d];
            var inner = new double[dv];
            var result = new double[rows.Count * dv];
            for (int t = 0; t < rows.Count; t++)
            {
                int i = rows[t];
                double max = double.NegativeInfinity;
                for (int j = 0; j < m; j++)
                {
                    for (int l = 0; l < d; l++) a[l] = scale * p.Q[i * d + l] * p.K1[j * d + l];
                    for (int k = 0; k < m; k++)
                    {
                        double score = 0;
                        for (int l = 0; l < d; l++) score += a[l] * p.K2[k * d + l];
                        s[j * m + k] = score;
                        max = Math.Max(max, score);
                    }
                }
                double denominator = 0;
                for (int j = 0; j < m; j++)
                {
                    Array.Clear(inner);
                    for (int k = 0; k < m; k++)
                    {
                        double w = weight is null ? Math.Exp(s[j * m + k] - max) : weight(s[j * m + k]);
                        denominator += w;
                        for (int c = 0; c < dv; c++) inner[c] += w * p.V2[k * dv + c];
                    }
                    for (int c = 0; c < dv; c++) result[t * dv + c] += p.V1[j * dv + c] * inner[c];
                }
                for (int c = 0; c < dv; c++) result[t * dv + c] /= denominator;
            }
            return result;
        }

        /// <summary>The Taylor polynomial Σ_{t≤g} s^t/t!.</summary>
        private static double Taylor(double s, int degree)
        {
            double term = 1, sum = 1;
            for (int t = 1; t <= degree; t++)
            {
                term *= s / t;
                sum += term;
            }
            return sum;
        }

        private static double MaxAbsError(double[] approximate, int dv, IReadOnlyList<int> rows, double[] reference)
        {
            double error = 0;
            for (int t = 0; t < rows.Count; t++)
            {
                for (int c = 0; c < dv; c++) error = Math.Max(error, Math.Abs(approximate[rows[t] * dv + c] - reference[t * dv + c]));
            }
            return error;
        }

        // ───────────────────────────── accuracy ─────────────────────────────

        [Fact]
        public void Degree_6_meets_1e_3_for_d_8_entries_in_half_unit_interval()
        {
            // n = 2048, d = 8, every entry uniform in [−½, ½], scale 1. Exact attention is O(n²d) per row, so it is
            // computed for 16 sampled query rows.
            var p = RandomProblem(seed: 1, n: 2048, m: 2048, d: 8, dv: 8, lo: -0.5, hi: 0.5, valueLo: -0.5, valueHi: 0.5);
            var rows = Enumerable.Range(0, 16).Select(t => t * 131 % p.N).ToArray();
            var exact = Oracle(p, 1.0, rows);
            var o = p.Compute(1.0, DegreeFor1e3);
            double error = MaxAbsError(o, p.Dv, rows, exact);

            double b = p.ScoreBound(1.0), v = p.ValueBound();
            Assert.InRange(b, 0.9, 1.0);
            Assert.InRange(v, 0.2, 0.25);
            double bound = PolynomialTensorAttention.ErrorBound(b, DegreeFor1e3, v);
            // The chosen degree is the smallest even one that the bound certifies.
            Assert.True(bound <= 1e-3, $"bound {bound:g3} at degree {DegreeFor1e3}");
            Assert.True(PolynomialTensorAttention.ErrorBound(b, DegreeFor1e3 - 2, v) > 1e-3);
            Assert.True(error <= 1e-3, $"max error {error:g3}");
            Assert.True(error <= bound, $"max error {error:g3} exceeds the bound {bound:g3}");
            // Every output row was written (a row left at 0 would still be within 1e-3 of these small outputs).
            Assert.All(Enumerable.Range(0, p.N), i => Assert.NotEqual(0.0, o[i * p.Dv]));
        }

        [Theory]
        [InlineData(7, 7)]
        [InlineData(33, 33)]
        [InlineData(7, 33)]
        [InlineData(33, 7)]
        public void Degree_10_with_small_entries_matches_exact_attention_to_1e_9(int n, int m)
        {
            // B ≤ 4·(½)³ = ½: the bound is (1 + e^½)/2 · (½)^11/11! ≈ 1.5e-11 per unit of V.
            var p = RandomProblem(seed: 100 + n + m, n, m, d: 4, dv: 3, lo: -0.5, hi: 0.5, valueLo: -1, valueHi: 1);
            var rows = Enumerable.Range(0, n).ToArray();
            var exact = Oracle(p, 1.0, rows);
            var o = p.Compute(1.0, 10);
            double error = MaxAbsError(o, p.Dv, rows, exact);
            Assert.True(error <= 1e-9, $"max error {error:g3}");
            Assert.True(error <= PolynomialTensorAttention.ErrorBound(p.ScoreBound(1.0), 10, p.ValueBound()) + 1e-14);
        }

        [Theory]
        [InlineData(9, 13, 3, 2, 0)]
        [InlineData(9, 13, 3, 2, 2)]
        [InlineData(9, 13, 3, 2, 4)]
        [InlineData(9, 13, 3, 2, 8)]
        // Large enough for several key chunks and query blocks on the worker pool (r = 495).
        [InlineData(200, 700, 4, 3, 8)]
        // Blocks of 256 rows (r = 6): the last block has one row.
        [InlineData(257, 257, 2, 2, 2)]
        // No features (d = 0): every score is 0.
        [InlineData(5, 6, 0, 2, 2)]
        public void Output_is_the_attention_with_Taylor_weights(int n, int m, int d, int dv, int degree)
        {
            // Whatever the approximation error, the factored evaluation must equal Σ P_g(S) x / Σ P_g(S) computed directly,
            // here with scores of order 1 where the degree changes the result visibly.
            var p = RandomProblem(seed: 7 + degree + n, n, m, d, dv, lo: -1.2, hi: 1.2, valueLo: -1, valueHi: 1);
            var rows = Enumerable.Range(0, Math.Min(n, 20)).Select(t => t * n / Math.Min(n, 20)).ToArray();
            var direct = Oracle(p, 0.8, rows, s => Taylor(s, degree));
            var o = p.Compute(0.8, degree);
            Assert.True(MaxAbsError(o, p.Dv, rows, direct) <= 1e-12, $"max deviation {MaxAbsError(o, p.Dv, rows, direct):g3}");
            double error = MaxAbsError(o, p.Dv, rows, Oracle(p, 0.8, rows));
            // The bound is on exact arithmetic (it is 0 when d = 0); allow for rounding.
            Assert.True(error <= PolynomialTensorAttention.ErrorBound(p.ScoreBound(0.8), degree, p.ValueBound()) + 1e-14);
        }

        [Theory]
        [InlineData(0.5)]
        [InlineData(1.0)]
        public void Error_bound_holds_and_is_nearly_attained_on_two_opposite_scores(double b)
        {
            // d = 1, one query, two keys: half the pairs score +B with value −1, half score −B with value +1. Then
            // O_exact = −tanh B and O_approx = (P(−B) − P(B)) / (P(−B) + P(B)), and the bound is within 4× of the error.
            var p = new Problem(1, 2, 1, 1, Q: [1.0], K1: [1.0, -1.0], K2: [1.0, 1.0], V1: [-1.0, 1.0], V2: [1.0, 1.0]);
            Assert.Equal(b, p.ScoreBound(b), 1e-15);
            Assert.Equal(1.0, p.ValueBound());
            for (int g = 2; g <= 10; g += 2)
            {
                double approximate = p.Compute(b, g)[0];
                Assert.Equal((Taylor(-b, g) - Taylor(b, g)) / (Taylor(-b, g) + Taylor(b, g)), approximate, 1e-14);
                double error = Math.Abs(approximate + Math.Tanh(b));
                double bound = PolynomialTensorAttention.ErrorBound(b, g, 1.0);
                Assert.True(error <= bound, $"g = {g}: error {error:g3} above the bound {bound:g3}");
                Assert.True(bound <= 4 * error, $"g = {g}: bound {bound:g3} more than 4× the error {error:g3}");
            }
        }

        [Fact]
        public void Degree_0_gives_the_product_of_value_means()
        {
            // Every weight is 1, so O_ic = Σ_jk V1_jc V2_kc / m² = (mean_j V1_jc)(mean_k V2_kc), however large the scores.
            var p = RandomProblem(seed: 3, n: 5, m: 11, d: 3, dv: 4, lo: -2, hi: 2, valueLo: -1, valueHi: 1);
            var o = p.Compute(1.5, 0);
            var of = p.ComputeFloat(1.5f, 0);
            var rp = p with { V1 = Rounded(p.V1), V2 = Rounded(p.V2) };
            for (int c = 0; c < p.Dv; c++)
            {
                double mean1 = Enumerable.Range(0, p.M).Average(j => p.V1[j * p.Dv + c]);
                double mean2 = Enumerable.Range(0, p.M).Average(k => p.V2[k * p.Dv + c]);
                double mean1f = Enumerable.Range(0, p.M).Average(j => rp.V1[j * p.Dv + c]);
                double mean2f = Enumerable.Range(0, p.M).Average(k => rp.V2[k * p.Dv + c]);
                for (int i = 0; i < p.N; i++)
                {
                    Assert.Equal(mean1 * mean2, o[i * p.Dv + c], 1e-13);
                    Assert.Equal(mean1f * mean2f, of[i * p.Dv + c], 1e-6);
                }
            }
        }

        [Fact]
        public void No_queries_or_no_value_channels_is_a_no_op()
        {
            var p = RandomProblem(seed: 4, n: 0, m: 5, d: 2, dv: 3, lo: -1, hi: 1, valueLo: -1, valueHi: 1);
            Assert.Empty(p.Compute(1.0, 2));
            var none = RandomProblem(seed: 4, n: 3, m: 5, d: 2, dv: 0, lo: -1, hi: 1, valueLo: -1, valueHi: 1);
            Assert.Empty(none.Compute(1.0, 2));
        }

        [Fact]
        public void Zero_feature_dimension_has_one_feature_at_any_degree()
        {
            var p = RandomProblem(seed: 6, n: 3, m: 4, d: 0, dv: 2, lo: -1, hi: 1, valueLo: -1, valueHi: 1);
            Assert.Equal(p.Compute(1.0, 0), p.Compute(1.0, 1 << 30));
        }

        [Fact]
        public void Float_agrees_with_double_to_1e_4_relative()
        {
            // Large enough to run on the worker pool (both phases split across threads); positive values keep outputs
            // away from 0, so the comparison is relative element by element.
            var p = RandomProblem(seed: 5, n: 1024, m: 1000, d: 6, dv: 5, lo: -1, hi: 1, valueLo: 0.5, valueHi: 1.5);
            float scale = 1 / MathF.Sqrt(6);
            var rp = p with { Q = Rounded(p.Q), K1 = Rounded(p.K1), K2 = Rounded(p.K2), V1 = Rounded(p.V1), V2 = Rounded(p.V2) };
            var od = rp.Compute(scale, 4);
            var of = p.ComputeFloat(scale, 4);
            for (int e = 0; e < od.Length; e++)
            {
                Assert.True(Math.Abs(of[e] - od[e]) <= 1e-4 * Math.Abs(od[e]), $"element {e}: float {of[e]}, double {od[e]}");
            }
        }

        [Fact]
        public void Strided_operands_give_the_contiguous_result()
        {
            var p = RandomProblem(seed: 9, n: 37, m: 21, d: 3, dv: 2, lo: -1, hi: 1, valueLo: -1, valueHi: 1);
            var expected = p.Compute(0.6, 4);

            // Inputs stored column-major (strides [1, rows]); the output every other row and every third column of a
            // larger buffer, starting at element 1.
            static ReadOnlyTensorSpan<double> ColumnMajor(double[] x, int rows, int cols)
            {
                var t = new double[x.Length];
                for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = x[r * cols + c];
                return new ReadOnlyTensorSpan<double>(t, [rows, cols], [1, rows]);
            }
            var big = Enumerable.Repeat(42.0, 2 * p.N * 3 * p.Dv + 1).ToArray();
            var o = new TensorSpan<double>(big, 1, [p.N, p.Dv], [2 * 3 * p.Dv, 3]);
            PolynomialTensorAttention.Compute(ColumnMajor(p.Q, p.N, p.D), ColumnMajor(p.K1, p.M, p.D), ColumnMajor(p.K2, p.M, p.D),
                ColumnMajor(p.V1, p.M, p.Dv), ColumnMajor(p.V2, p.M, p.Dv), 0.6, 4, o);
            var written = new HashSet<int>();
            for (int i = 0; i < p.N; i++)
            {
                for (int c = 0; c < p.Dv; c++)
                {
                    int at = 1 + i * 2 * 3 * p.Dv + c * 3;
                    written.Add(at);
                    Assert.Equal(expected[i * p.Dv + c], big[at], 1e-14);
                }
            }
            for (int e = 0; e < big.Length; e++)
            {
                if (!written.Contains(e)) Assert.Equal(42.0, big[e]);
            }
        }

        // ───────────────────────────── features ─────────────────────────────

        [Fact]
        public void Feature_count_is_the_binomial_coefficient()
        {
            // Pascal's triangle: C(d + g, g) = C(d + g − 1, g − 1) + C(d + g − 1, g).
            var binomial = new long[24, 24];
            for (int a = 0; a < 24; a++)
            {
                binomial[a, 0] = 1;
                for (int k = 1; k <= a; k++) binomial[a, k] = binomial[a - 1, k - 1] + (k < a ? binomial[a - 1, k] : 0);
            }
            for (int d = 0; d <= 12; d++)
            {
                for (int g = 0; g <= 10; g++) Assert.Equal(binomial[d + g, g], PolynomialTensorAttention.FeatureCount(d, g));
            }
            Assert.Equal(3003, PolynomialTensorAttention.FeatureCount(8, 6));
            Assert.Equal(495, PolynomialTensorAttention.FeatureCount(8, 4));
            Assert.Equal(45, PolynomialTensorAttention.FeatureCount(8, 2));
            Assert.Equal(1, PolynomialTensorAttention.FeatureCount(0, 7));
            Assert.Equal(1, PolynomialTensorAttention.FeatureCount(9, 0));
            Assert.Equal(1, PolynomialTensorAttention.FeatureCount(0, int.MaxValue));
            Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialTensorAttention.FeatureCount(-1, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialTensorAttention.FeatureCount(3, -2));
            Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialTensorAttention.FeatureCount(1000, 1000));
        }

        [Theory]
        [InlineData(0, 4)]
        [InlineData(1, 6)]
        [InlineData(3, 4)]
        [InlineData(5, 0)]
        [InlineData(8, 6)]
        public void Monomial_table_lists_each_monomial_once(int d, int g)
        {
            var table = MonomialTable.Get(d, g);
            Assert.Same(table, MonomialTable.Get(d, g)); // cached
            Assert.Equal(PolynomialTensorAttention.FeatureCount(d, g), table.Count);
            var seen = new HashSet<string>();
            var alpha = new int[d];
            var parent = new int[d];
            for (int a = 0; a < table.Count; a++)
            {
                table.GetExponents(a, alpha);
                Assert.True(seen.Add(string.Join(",", alpha)), $"monomial {string.Join(",", alpha)} listed twice");
                Assert.Equal(alpha.Sum(), table.TotalDegree[a]);
                Assert.True(alpha.Sum() <= g);
                Assert.True(a == 0 || table.TotalDegree[a] >= table.TotalDegree[a - 1], "graded order");
                double factorials = alpha.Aggregate(1.0, (f, e) => f * Enumerable.Range(1, e).Aggregate(1.0, (x, y) => x * y));
                Assert.Equal(1 / factorials, table.InverseFactorial[a], 1e-15);
                if (a > 0)
                {
                    // x^α = x^parent · x_variable
                    table.GetExponents(table.Parent[a], parent);
                    parent[table.Variable[a]]++;
                    Assert.Equal(alpha, parent);
                }
            }
            // Distinct, of degree ≤ g, and C(d + g, g) of them: every such monomial is there.
        }

        // ───────────────────────────── errors ─────────────────────────────

        [Theory]
        [InlineData(3)]
        [InlineData(1)]
        [InlineData(-2)]
        public void Odd_or_negative_degree_throws_and_writes_nothing(int degree)
        {
            var p = RandomProblem(seed: 2, n: 4, m: 5, d: 2, dv: 3, lo: -1, hi: 1, valueLo: -1, valueHi: 1);
            var o = Enumerable.Repeat(42.0, p.N * p.Dv).ToArray();
            var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
                PolynomialTensorAttention.Compute(p.QSpan, p.K1Span, p.K2Span, p.V1Span, p.V2Span, 1.0, degree, new TensorSpan<double>(o, [p.N, p.Dv])));
            Assert.Equal("degree", e.ParamName);
            Assert.Contains(degree < 0 ? "negative" : "even", e.Message);
            Assert.All(o, x => Assert.Equal(42.0, x));

            var of = Enumerable.Repeat(42f, p.N * p.Dv).ToArray();
            Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialTensorAttention.Compute(new ReadOnlyTensorSpan<float>(ToFloat(p.Q), [p.N, p.D]),
                new ReadOnlyTensorSpan<float>(ToFloat(p.K1), [p.M, p.D]), new ReadOnlyTensorSpan<float>(ToFloat(p.K2), [p.M, p.D]),
                new ReadOnlyTensorSpan<float>(ToFloat(p.V1), [p.M, p.Dv]), new ReadOnlyTensorSpan<float>(ToFloat(p.V2), [p.M, p.Dv]),
                1f, degree, new TensorSpan<float>(of, [p.N, p.Dv])));
            Assert.All(of, x => Assert.Equal(42f, x));
            Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialTensorAttention.ErrorBound(1.0, degree, 1.0));
        }

        [Theory]
        [InlineData("q", new[] { 4, 2, 1 }, new[] { 5, 2 }, new[] { 5, 2 }, new[] { 5, 3 }, new[] { 5, 3 }, new[] { 4, 3 }, "rank 3")]
        [InlineData("k1", new[] { 4, 2 }, new[] { 5, 7 }, new[] { 5, 2 }, new[] { 5, 3 }, new[] { 5, 3 }, new[] { 4, 3 }, "7", "2")]
        [InlineData("k2", new[] { 4, 2 }, new[] { 5, 2 }, new[] { 5, 6 }, new[] { 5, 3 }, new[] { 5, 3 }, new[] { 4, 3 }, "6", "2")]
        [InlineData("k2", new[] { 4, 2 }, new[] { 5, 2 }, new[] { 8, 2 }, new[] { 5, 3 }, new[] { 5, 3 }, new[] { 4, 3 }, "8", "5")]
        [InlineData("v1", new[] { 4, 2 }, new[] { 5, 2 }, new[] { 5, 2 }, new[] { 6, 3 }, new[] { 5, 3 }, new[] { 4, 3 }, "6", "5")]
        [InlineData("v2", new[] { 4, 2 }, new[] { 5, 2 }, new[] { 5, 2 }, new[] { 5, 3 }, new[] { 9, 3 }, new[] { 4, 3 }, "9", "5")]
        [InlineData("v2", new[] { 4, 2 }, new[] { 5, 2 }, new[] { 5, 2 }, new[] { 5, 3 }, new[] { 5, 4 }, new[] { 4, 3 }, "4", "3")]
        [InlineData("o", new[] { 4, 2 }, new[] { 5, 2 }, new[] { 5, 2 }, new[] { 5, 3 }, new[] { 5, 3 }, new[] { 6, 3 }, "6", "4")]
        [InlineData("o", new[] { 4, 2 }, new[] { 5, 2 }, new[] { 5, 2 }, new[] { 5, 3 }, new[] { 5, 3 }, new[] { 4, 2 }, "2", "3")]
        [InlineData("k1", new[] { 4, 2 }, new[] { 0, 2 }, new[] { 0, 2 }, new[] { 0, 3 }, new[] { 0, 3 }, new[] { 4, 3 }, "no rows")]
        public void Shape_mismatch_throws_naming_operand_and_sizes_and_writes_nothing(string operand, int[] q, int[] k1, int[] k2, int[] v1, int[] v2, int[] o, params string[] fragments)
        {
            static nint[] L(int[] s) => s.Select(x => (nint)x).ToArray();
            static double[] Data(int[] s) => Enumerable.Range(0, s.Aggregate(1, (a, b) => a * b)).Select(i => 0.1 * (i % 7) - 0.3).ToArray();
            var output = Enumerable.Repeat(42.0, o.Aggregate(1, (a, b) => a * b)).ToArray();
            var e = Assert.Throws<ArgumentException>(() => PolynomialTensorAttention.Compute(
                new ReadOnlyTensorSpan<double>(Data(q), L(q)), new ReadOnlyTensorSpan<double>(Data(k1), L(k1)), new ReadOnlyTensorSpan<double>(Data(k2), L(k2)),
                new ReadOnlyTensorSpan<double>(Data(v1), L(v1)), new ReadOnlyTensorSpan<double>(Data(v2), L(v2)), 1.0, 2,
                new TensorSpan<double>(output, L(o))));
            Assert.Equal(operand, e.ParamName);
            Assert.StartsWith(operand, e.Message);
            foreach (var fragment in fragments) Assert.Contains(fragment, e.Message);
            Assert.All(output, x => Assert.Equal(42.0, x));
        }

        [Fact]
        public void Output_with_a_zero_stride_throws_and_writes_nothing()
        {
            var p = RandomProblem(seed: 2, n: 4, m: 5, d: 2, dv: 3, lo: -1, hi: 1, valueLo: -1, valueHi: 1);
            var o = Enumerable.Repeat(42.0, p.Dv).ToArray();
            var e = Assert.Throws<ArgumentException>(() =>
                PolynomialTensorAttention.Compute(p.QSpan, p.K1Span, p.K2Span, p.V1Span, p.V2Span, 1.0, 2, new TensorSpan<double>(o, [p.N, p.Dv], [0, 1])));
            Assert.Equal("o", e.ParamName);
            Assert.All(o, x => Assert.Equal(42.0, x));
        }

        // ───────────────────────────── bounds ─────────────────────────────

        [Fact]
        public void Bounds_follow_their_formulas()
        {
            // ErrorBound: V·min(2, (1 + e^B)·a / (2(1 − a))), a = B^{g+1}/(g+1)!; 2V once a ≥ 1; 0 for B = 0.
            double a = Math.Pow(0.7, 5) / 120;
            Assert.Equal(3 * (1 + Math.Exp(0.7)) * a / (2 * (1 - a)), PolynomialTensorAttention.ErrorBound(0.7, 4, 3), 1e-15);
            Assert.Equal(0, PolynomialTensorAttention.ErrorBound(0, 4, 3));
            Assert.Equal(6, PolynomialTensorAttention.ErrorBound(10, 2, 3)); // a = 1000/6
            Assert.Equal(6, PolynomialTensorAttention.ErrorBound(double.PositiveInfinity, 2, 3));
            Assert.True(PolynomialTensorAttention.ErrorBound(800, 4000, 1) < 1e-10); // no overflow in B^{g+1} or (g+1)!
            Assert.Equal(2, PolynomialTensorAttention.ErrorBound(1.5, 2, 1)); // a = 0.5625: capped at 2V
            for (int g = 2; g < 20; g += 2)
            {
                Assert.True(PolynomialTensorAttention.ErrorBound(1.5, g + 2, 1) < PolynomialTensorAttention.ErrorBound(1.5, g, 1));
            }
            Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialTensorAttention.ErrorBound(-1, 2, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialTensorAttention.ErrorBound(double.NaN, 2, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialTensorAttention.ErrorBound(1, 2, -1));

            // ScoreBound = |scale|·Σ_l max|q_l|·max|k1_l|·max|k2_l|; ValueBound = max_c max|v1_c|·max|v2_c|.
            double[] q = [1, -2, 0.5, 3], k1 = [-4, 1, 2, 0.5, 1, 1], k2 = [1, 1, -1, 2];
            double score = PolynomialTensorAttention.ScoreBound(new ReadOnlyTensorSpan<double>(q, [2, 2]), new ReadOnlyTensorSpan<double>(k1, [3, 2]),
                new ReadOnlyTensorSpan<double>(k2, [2, 2]), -0.5);
            Assert.Equal(0.5 * (1 * 4 * 1 + 3 * 1 * 2), score, 1e-15);
            float value = (float)PolynomialTensorAttention.ValueBound(new ReadOnlyTensorSpan<float>([1f, -2f, 3f, 0.5f], [2, 2]),
                new ReadOnlyTensorSpan<float>([2f, 1f, -1f, 4f, 0f, 0f], [3, 2]));
            Assert.Equal(Math.Max(3 * 2, 2 * 4), value);
            Assert.Throws<ArgumentException>(() => PolynomialTensorAttention.ScoreBound(new ReadOnlyTensorSpan<double>(q, [2, 2]),
                new ReadOnlyTensorSpan<double>(k1, [2, 3]), new ReadOnlyTensorSpan<double>(k2, [2, 2]), 1));
        }
    }
}
