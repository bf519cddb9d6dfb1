using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Interpreter
{
    /// <summary>
    /// The program interpreter against oracles that do not use it: closed forms and hand-written loops in the test,
    /// and the einsum interpreter for pure contractions.
    /// </summary>
    public sealed class TensorProgramTests
    {
        /// <summary>A dense row-major array with its lengths, readable by multi-index in hand-written loops.</summary>
        private sealed class Arr
        {
            public Arr(double[] data, params int[] lengths)
            {
                Assert.Equal(lengths.Aggregate(1, (p, l) => p * l), data.Length);
                Data = data;
                Lengths = lengths;
            }

            public double[] Data { get; }

            public int[] Lengths { get; }

            public double this[params int[] index]
            {
                get
                {
                    Assert.Equal(Lengths.Length, index.Length);
                    int offset = 0;
                    for (int a = 0; a < index.Length; a++)
                    {
                        Assert.InRange(index[a], 0, Lengths[a] - 1);
                        offset = offset * Lengths[a] + index[a];
                    }
                    return Data[offset];
                }
            }

            public Tensor<double> T => Tensor.Create(Data, Lengths.Select(l => (nint)l).ToArray());
        }

        private static Arr Random(Random rng, params int[] lengths)
            => new(Enumerable.Range(0, lengths.Aggregate(1, (p, l) => p * l)).Select(_ => rng.NextDouble() * 2 - 1).ToArray(), lengths);

        private static Arr Get(IReadOnlyDictionary<string, Tensor<double>> results, string name)
        {
            Assert.True(results.TryGetValue(name, out var tensor), $"no result named '{name}'");
            var data = new double[tensor!.FlattenedLength];
            tensor.FlattenTo(data);
            return new Arr(data, tensor.Lengths.ToArray().Select(l => (int)l).ToArray());
        }

        private static Arr Run(string program, string result, params (string Name, object Value)[] arguments)
            => Get(TensorProgram.Evaluate(program, arguments.ToDictionary(a => a.Name, a => a.Value)), result);

        private static void Close(double expected, double actual, double tolerance = 1e-12)
            => Assert.True(Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

        private static void AssertClose(Func<int[], double> expected, Arr actual, params int[] lengths)
        {
            Assert.Equal(lengths, actual.Lengths);
            foreach (var index in Points(lengths)) Close(expected(index), actual[index]);
        }

        private static IEnumerable<int[]> Points(int[] lengths)
        {
            var point = new int[lengths.Length];
            int total = lengths.Aggregate(1, (p, l) => p * l);
            for (int p = 0; p < total; p++)
            {
                yield return (int[])point.Clone();
                for (int a = lengths.Length - 1; a >= 0; a--)
                {
                    if (++point[a] < lengths[a]) break;
                    point[a] = 0;
                }
            }
        }

        // ---------------------------------------------------------------- contractions

        [Fact]
        public void Einstein_shorthand_matmul_matches_explicit_loops()
        {
            var rng = new Random(1);
            var a = Random(rng, 3, 4);
            var b = Random(rng, 4, 5);
            var c = Run("c[i,k] = a[i,j] * b[j,k]", "c", ("a", a.T), ("b", b.T));
            AssertClose(p =>
            {
                double sum = 0;
                for (int j = 0; j < 4; j++) sum += a[p[0], j] * b[j, p[1]];
                return sum;
            }, c, 3, 5);
        }

        public static IEnumerable<object[]> Contractions() => new[]
        {
            new object[] { "c[i,k] = a[i,j] * b[j,k]", "ij,jk->ik", new[] { "a", "b" }, new[] { new[] { 3, 4 }, new[] { 4, 5 } } },
            new object[] { "c[n,i,k] = a[n,i,j] * b[n,j,k]", "nij,njk->nik", new[] { "a", "b" }, new[] { new[] { 2, 3, 4 }, new[] { 2, 4, 3 } } },
            new object[] { "c[k,i] = a[i,j] * b[j,k]", "ij,jk->ki", new[] { "a", "b" }, new[] { new[] { 3, 4 }, new[] { 4, 2 } } },
            new object[] { "o[i] = a[i,j,k] * b[k,j]", "ijk,kj->i", new[] { "a", "b" }, new[] { new[] { 3, 4, 2 }, new[] { 2, 4 } } },
            new object[] { "o[i,j] = a[i] * b[j]", "i,j->ij", new[] { "a", "b" }, new[] { new[] { 3 }, new[] { 4 } } },
            new object[] { "o[j,i] = a[i,j]", "ij->ji", new[] { "a" }, new[] { new[] { 3, 4 } } },
            new object[] { "o[i,j] = a[i,j] * b[i,j]", "ij,ij->ij", new[] { "a", "b" }, new[] { new[] { 3, 4 }, new[] { 3, 4 } } },
            new object[] { "o[i] = x[i,i]", "ii->i", new[] { "x" }, new[] { new[] { 4, 4 } } },
            new object[] { "o[i] = x[i,j,j]", "ijj->i", new[] { "x" }, new[] { new[] { 2, 3, 3 } } },
            new object[] { "o[a,c] = sum[b](x[a,b] * y[b,c] * z[c])", "ab,bc,c->ac", new[] { "x", "y", "z" }, new[] { new[] { 3, 4 }, new[] { 4, 2 }, new[] { 2 } } },
            // An equivariant graph polynomial (docs/design.md §6.4): one operand per edge, all the same tensor.
            new object[] { "p[b,d] = x[a,b] * x[a,c] * x[a,d] * x[b,c] * x[c,d]", "ab,ac,ad,bc,cd->bd", new[] { "x", "x", "x", "x", "x" }, new[] { new[] { 4, 4 } } },
            new object[] { "p[a,b] = x[a,b] * x[a,c] * x[a,d] * x[b,c] * x[b,d] * x[c,d]", "ab,ac,ad,bc,bd,cd->ab", new[] { "x", "x", "x", "x", "x", "x" }, new[] { new[] { 3, 3 } } },
        };

        [Theory]
        [MemberData(nameof(Contractions))]
        public void Pure_contractions_match_the_einsum_interpreter(string program, string spec, string[] operands, int[][] shapes)
        {
            var rng = new Random(program.Length);
            var names = operands.Distinct().ToArray();
            var values = names.Select((n, i) => Random(rng, shapes[i])).ToArray();
            string target = program.Substring(0, program.IndexOf('['));
            var actual = Run(program, target, names.Select((n, i) => (n, (object)values[i].T)).ToArray());
            var expected = Einsum.Evaluate(spec, operands.Select(n => values[Array.IndexOf(names, n)].T).ToArray());
            var flat = new double[expected.FlattenedLength];
            expected.FlattenTo(flat);
            Assert.Equal(expected.Lengths.ToArray().Select(l => (int)l).ToArray(), actual.Lengths);
            Assert.Equal(flat.Length, actual.Data.Length);
            for (int p = 0; p < flat.Length; p++) Close(flat[p], actual.Data[p]);
        }

        // ---------------------------------------------------------------- softmax and attention

        [Fact]
        public void Softmax_rows_sum_to_one_and_match_the_formula_even_for_large_scores()
        {
            var rng = new Random(2);
            var s = Random(rng, 3, 5);
            var big = new Arr(s.Data.Select(v => v * 1000).ToArray(), 3, 5); // exp(1000) overflows without the max shift
            foreach (var scores in new[] { s, big })
            {
                var p = Run("p[i,j] = softmax[j](s[i,j])", "p", ("s", scores.T));
                for (int i = 0; i < 3; i++)
                {
                    double max = Enumerable.Range(0, 5).Max(j => scores[i, j]);
                    double denominator = Enumerable.Range(0, 5).Sum(j => Math.Exp(scores[i, j] - max));
                    for (int j = 0; j < 5; j++) Close(Math.Exp(scores[i, j] - max) / denominator, p[i, j]);
                    Close(1, Enumerable.Range(0, 5).Sum(j => p[i, j]));
                }
            }
        }

        [Fact]
        public void Softmax_over_two_indices_normalizes_over_both_and_keeps_them()
        {
            var rng = new Random(3);
            var s = Random(rng, 2, 3, 4);
            var p = Run("p[i,j,k] = softmax[j,k](s[i,j,k])", "p", ("s", s.T));
            for (int i = 0; i < 2; i++)
            {
                double denominator = 0;
                for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) denominator += Math.Exp(s[i, j, k]);
                for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) Close(Math.Exp(s[i, j, k]) / denominator, p[i, j, k]);
            }
        }

        [Fact]
        public void Standard_attention_matches_hand_loops()
        {
            const int n = 5, m = 6, d = 3, dv = 2;
            var rng = new Random(4);
            var q = Random(rng, n, d);
            var k = Random(rng, m, d);
            var v = Random(rng, m, dv);
            double scale = 1 / Math.Sqrt(d);
            var results = TensorProgram.Evaluate(
                "s[i,j] = scale * q[i,l] * k[j,l]\no[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c])",
                new Dictionary<string, object> { ["q"] = q.T, ["k"] = k.T, ["v"] = v.T, ["scale"] = scale });
            Assert.Equal(new[] { "s", "o" }, results.Keys.ToArray());

            var scores = new double[n, m];
            for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) for (int l = 0; l < d; l++) scores[i, j] += scale * q[i, l] * k[j, l];
            AssertClose(p => scores[p[0], p[1]], Get(results, "s"), n, m);
            AssertClose(p =>
            {
                int i = p[0], c = p[1];
                double numerator = 0, denominator = 0;
                for (int j = 0; j < m; j++)
                {
                    double w = Math.Exp(scores[i, j]);
                    numerator += w * v[j, c];
                    denominator += w;
                }
                return numerator / denominator;
            }, Get(results, "o"), n, dv);
        }

        private const string TensorAttentionProgram = """
            // Tensor ("Kronecker") attention, docs/design.md §6.3
            s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
            o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c])
            """;

        [Theory]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(6)]
        public void Tensor_attention_matches_the_closed_form(int n)
        {
            const int d = 3, dv = 2;
            var rng = new Random(10 + n);
            var q = Random(rng, n, d);
            var k1 = Random(rng, n, d);
            var k2 = Random(rng, n, d);
            var v1 = Random(rng, n, dv);
            var v2 = Random(rng, n, dv);
            double scale = 0.7;
            var o = Run(TensorAttentionProgram, "o", ("q", q.T), ("k1", k1.T), ("k2", k2.T), ("v1", v1.T), ("v2", v2.T), ("scale", scale));
            // O_ic = Σ_jk A_ijk V1_jc V2_kc / Σ_jk A_ijk with A = exp(S), S_ijk = scale Σ_l Q_il K1_jl K2_kl.
            AssertClose(p =>
            {
                int i = p[0], c = p[1];
                double numerator = 0, denominator = 0;
                for (int j = 0; j < n; j++)
                {
                    for (int kk = 0; kk < n; kk++)
                    {
                        double s = 0;
                        for (int l = 0; l < d; l++) s += q[i, l] * k1[j, l] * k2[kk, l];
                        double a = Math.Exp(scale * s);
                        numerator += a * v1[j, c] * v2[kk, c];
                        denominator += a;
                    }
                }
                return numerator / denominator;
            }, o, n, dv);
        }

        // ---------------------------------------------------------------- where ranges

        private static double CausalAttention(Arr s, Arr v, int i, int c, int from, int to)
        {
            double numerator = 0, denominator = 0;
            for (int j = Math.Max(from, 0); j <= to; j++)
            {
                double w = Math.Exp(s[i, j]);
                numerator += w * v[j, c];
                denominator += w;
            }
            return denominator == 0 ? 0 : numerator / denominator;
        }

        [Fact]
        public void A_causal_mask_sums_only_over_j_up_to_i()
        {
            var rng = new Random(5);
            var s = Random(rng, 6, 6);
            var v = Random(rng, 6, 2);
            var o = Run("o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c]) where j <= i", "o", ("s", s.T), ("v", v.T));
            AssertClose(p => CausalAttention(s, v, p[0], p[1], 0, p[0]), o, 6, 2);
            // Row 0 attends to itself only.
            Close(v[0, 1], o[0, 1]);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(10)]
        public void A_sliding_window_sums_over_i_minus_w_exclusive_to_i_inclusive(int w)
        {
            var rng = new Random(6);
            var s = Random(rng, 7, 7);
            var v = Random(rng, 7, 3);
            var o = Run("o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c]) where i - w < j <= i", "o", ("s", s.T), ("v", v.T), ("w", w));
            AssertClose(p => CausalAttention(s, v, p[0], p[1], p[0] - w + 1, p[0]), o, 7, 3);
        }

        [Fact]
        public void Two_simplicial_attention_with_two_windows_matches_hand_loops()
        {
            const int n = 6, dv = 2, w1 = 2, w2 = 3;
            var rng = new Random(7);
            var s = Random(rng, n, n, n);
            var v1 = Random(rng, n, dv);
            var v2 = Random(rng, n, dv);
            var o = Run("o[i,c] = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c]) where i - w1 < j <= i, i - w2 < k <= i", "o",
                ("s", s.T), ("v1", v1.T), ("v2", v2.T), ("w1", w1), ("w2", w2));
            AssertClose(p =>
            {
                int i = p[0], c = p[1];
                double numerator = 0, denominator = 0;
                for (int j = Math.Max(0, i - w1 + 1); j <= i; j++)
                {
                    for (int k = Math.Max(0, i - w2 + 1); k <= i; k++)
                    {
                        double a = Math.Exp(s[i, j, k]);
                        numerator += a * v1[j, c] * v2[k, c];
                        denominator += a;
                    }
                }
                return numerator / denominator;
            }, o, n, dv);
        }

        [Fact]
        public void A_materialized_masked_softmax_is_zero_outside_the_window_and_rows_sum_to_one()
        {
            var rng = new Random(8);
            var s = Random(rng, 5, 5);
            var p = Run("p[i,j] = softmax[j](s[i,j]) where j <= i", "p", ("s", s.T));
            for (int i = 0; i < 5; i++)
            {
                double denominator = Enumerable.Range(0, i + 1).Sum(j => Math.Exp(s[i, j]));
                for (int j = 0; j < 5; j++) Close(j <= i ? Math.Exp(s[i, j]) / denominator : 0, p[i, j]);
                Close(1, Enumerable.Range(0, 5).Sum(j => p[i, j]));
            }
        }

        [Fact]
        public void An_empty_window_gives_zero_for_sum_and_softmax_and_minus_infinity_for_max()
        {
            var rng = new Random(9);
            var s = Random(rng, 4, 4);
            var v = Random(rng, 4, 2);
            // Strictly causal: row 0 admits nothing.
            var sum = Run("o[i] = sum[j](s[i,j]) where j < i", "o", ("s", s.T));
            Assert.Equal(0.0, sum[0]);
            for (int i = 1; i < 4; i++) Close(Enumerable.Range(0, i).Sum(j => s[i, j]), sum[i]);

            var attention = Run("o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c]) where j < i", "o", ("s", s.T), ("v", v.T));
            Assert.Equal(new[] { 0.0, 0.0 }, new[] { attention[0, 0], attention[0, 1] });
            AssertClose(p => CausalAttention(s, v, p[0], p[1], 0, p[0] - 1), attention, 4, 2);

            var max = Run("m[i] = max[j](s[i,j]) where j < i", "m", ("s", s.T));
            Assert.Equal(double.NegativeInfinity, max[0]);
            Close(Enumerable.Range(0, 3).Max(j => s[3, j]), max[3]);

            // A zero-width window admits nothing anywhere.
            var none = Run("o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c]) where i - w < j <= i", "o", ("s", s.T), ("v", v.T), ("w", 0));
            Assert.All(none.Data, x => Assert.Equal(0.0, x));
            var masked = Run("p[i,j] = softmax[j](s[i,j]) where i - w < j <= i", "p", ("s", s.T), ("w", 0));
            Assert.All(masked.Data, x => Assert.Equal(0.0, x));
        }

        [Fact]
        public void An_int_parameter_bounds_a_window_and_a_lower_bound_skips_the_start()
        {
            var rng = new Random(10);
            var a = Random(rng, 3, 6);
            var o = Run("o[i] = sum[j](a[i,j]) where j >= i + 1, j < n", "o", ("a", a.T), ("n", 4));
            AssertClose(p => Enumerable.Range(p[0] + 1, Math.Max(0, 4 - (p[0] + 1))).Sum(j => a[p[0], j]), o, 3);
        }

        [Fact]
        public void A_bound_above_the_size_is_clipped_to_the_size()
        {
            var rng = new Random(11);
            var a = Random(rng, 3, 4);
            var o = Run("o[i] = sum[j](a[i,j]) where j < i + 100, j > i - 100", "o", ("a", a.T));
            AssertClose(p => Enumerable.Range(0, 4).Sum(j => a[p[0], j]), o, 3);
        }

        // ---------------------------------------------------------------- reductions and elementwise functions

        [Fact]
        public void Max_reduction_matches_hand_loops()
        {
            var rng = new Random(12);
            var a = Random(rng, 3, 4, 5);
            var m = Run("m[i] = max[j,k](a[i,j,k])", "m", ("a", a.T));
            AssertClose(p =>
            {
                double best = double.NegativeInfinity;
                for (int j = 0; j < 4; j++) for (int k = 0; k < 5; k++) best = Math.Max(best, a[p[0], j, k]);
                return best;
            }, m, 3);
            var rowMax = Run("m[i,k] = max[j](a[i,j,k]) - sum[j](a[i,j,k])", "m", ("a", a.T));
            AssertClose(p => Enumerable.Range(0, 4).Max(j => a[p[0], j, p[1]]) - Enumerable.Range(0, 4).Sum(j => a[p[0], j, p[1]]), rowMax, 3, 5);
        }

        public static IEnumerable<object[]> Functions() => new[]
        {
            new object[] { "exp(a[i])", (Func<double, double, double>)((a, b) => Math.Exp(a)) },
            new object[] { "log(abs(a[i]) + 0.5)", (Func<double, double, double>)((a, b) => Math.Log(Math.Abs(a) + 0.5)) },
            new object[] { "sqrt(abs(a[i]))", (Func<double, double, double>)((a, b) => Math.Sqrt(Math.Abs(a))) },
            new object[] { "abs(a[i])", (Func<double, double, double>)((a, b) => Math.Abs(a)) },
            new object[] { "tanh(3 * a[i])", (Func<double, double, double>)((a, b) => Math.Tanh(3 * a)) },
            new object[] { "sigmoid(4 * a[i])", (Func<double, double, double>)((a, b) => 1 / (1 + Math.Exp(-4 * a))) },
            new object[] { "relu(a[i])", (Func<double, double, double>)((a, b) => a > 0 ? a : 0) },
            new object[] { "max(a[i], b[i])", (Func<double, double, double>)((a, b) => a > b ? a : b) },
            new object[] { "min(a[i], b[i])", (Func<double, double, double>)((a, b) => a < b ? a : b) },
            new object[] { "-a[i]", (Func<double, double, double>)((a, b) => -a) },
            new object[] { "a[i] - b[i] * 2 / (b[i] + 3) + -a[i] * a[i]", (Func<double, double, double>)((a, b) => a - b * 2 / (b + 3) + -a * a) },
            new object[] { "(a[i] - b[i]) / 4 - 1e-3 - .5", (Func<double, double, double>)((a, b) => (a - b) / 4 - 1e-3 - 0.5) },
        };

        [Theory]
        [MemberData(nameof(Functions))]
        public void Elementwise_functions_match_their_definitions(string expression, Func<double, double, double> f)
        {
            var rng = new Random(13);
            var a = Random(rng, 9);
            var b = Random(rng, 9);
            var o = Run("o[i] = " + expression, "o", ("a", a.T), ("b", b.T));
            AssertClose(p => f(a[p[0]], b[p[0]]), o, 9);
        }

        [Fact]
        public void An_int_parameter_used_as_a_value_reads_as_a_double()
        {
            var rng = new Random(14);
            var a = Random(rng, 4);
            var o = Run("o[i] = n * a[i] + n / 2", "o", ("a", a.T), ("n", 3));
            AssertClose(p => 3 * a[p[0]] + 1.5, o, 4);
        }

        [Fact]
        public void An_element_scalar_scales()
        {
            var rng = new Random(15);
            var a = Random(rng, 2, 3);
            var o = Run("o[j,i] = -x * a[i,j]", "o", ("a", a.T), ("x", 0.25));
            AssertClose(p => -0.25 * a[p[1], p[0]], o, 3, 2);
        }

        [Fact]
        public void A_repeated_index_in_one_load_reads_the_diagonal()
        {
            var rng = new Random(16);
            var x = Random(rng, 4, 4);
            var d = Run("d[i] = 2 * x[i,i]", "d", ("x", x.T));
            AssertClose(p => 2 * x[p[0], p[0]], d, 4);
        }

        [Fact]
        public void A_diagonal_of_an_intermediate_reads_the_diagonal()
        {
            var rng = new Random(17);
            var a = Random(rng, 3);
            var b = Random(rng, 3);
            var results = TensorProgram.Evaluate("s[i,j] = a[i] * b[j]\nt[p] = s[p,p]", new Dictionary<string, object> { ["a"] = a.T, ["b"] = b.T });
            AssertClose(p => a[p[0]] * b[p[1]], Get(results, "s"), 3, 3);
            AssertClose(p => a[p[0]] * b[p[0]], Get(results, "t"), 3);
        }

        [Fact]
        public void Intermediates_are_read_through_their_own_axes_whatever_the_names_at_the_use()
        {
            var rng = new Random(18);
            var a = Random(rng, 2, 3);
            var results = TensorProgram.Evaluate("s[i,j] = a[i,j] + 1\nt[x,y] = s[y,x] * 2\nu[y] = sum[x](t[x,y])",
                new Dictionary<string, object> { ["a"] = a.T });
            Assert.Equal(new[] { "s", "t", "u" }, results.Keys.ToArray());
            AssertClose(p => 2 * (a[p[1], p[0]] + 1), Get(results, "t"), 3, 2);
            AssertClose(p => Enumerable.Range(0, 3).Sum(x => 2 * (a[p[0], x] + 1)), Get(results, "u"), 2);
        }

        [Fact]
        public void A_reduction_may_rebind_an_index_of_the_left_side()
        {
            var rng = new Random(19);
            var a = Random(rng, 4);
            var b = Random(rng, 4);
            var o = Run("o[j] = a[j] * sum[j](b[j]) + a[j]", "o", ("a", a.T), ("b", b.T));
            double total = b.Data.Sum();
            AssertClose(p => a[p[0]] * total + a[p[0]], o, 4);
        }

        [Fact]
        public void Arguments_the_program_does_not_use_are_ignored()
        {
            var a = new Arr(new[] { 1.0, 2.0 }, 2);
            var o = Run("o[i] = a[i]", "o", ("a", a.T), ("unused", Tensor.Create(new double[6], [2, 3])), ("n", 7), ("x", 1.5));
            Assert.Equal(new[] { 1.0, 2.0 }, o.Data);
        }

        [Fact]
        public void A_strided_argument_is_read_by_its_logical_indices()
        {
            var data = Enumerable.Range(0, 12).Select(i => (double)i).ToArray();
            var full = Tensor.Create(data, [3, 4]);
            var slice = full.Slice(new NRange[] { 1..3, 1..4 }); // rows 1-2, columns 1-3
            var o = Run("o[i,j] = a[i,j]", "o", ("a", slice));
            Assert.Equal(new[] { 2, 3 }, o.Lengths);
            Assert.Equal(new[] { 5.0, 6, 7, 9, 10, 11 }, o.Data);
        }

        // ---------------------------------------------------------------- errors

        [Fact]
        public void An_unknown_name_throws_with_the_diagnostic()
        {
            var a = Tensor.Create(new double[3], [3]);
            var e = Assert.Throws<ArgumentException>(() => TensorProgram.Evaluate("o[i] = a[i] + zz[i]", new Dictionary<string, object> { ["a"] = a }));
            Assert.Contains("TDSL0013", e.Message);
            Assert.Contains("'zz'", e.Message);
        }

        [Fact]
        public void A_syntax_error_throws_with_the_diagnostic()
        {
            var a = Tensor.Create(new double[3], [3]);
            var e = Assert.Throws<ArgumentException>(() => TensorProgram.Evaluate("o[i] = a[i] +", new Dictionary<string, object> { ["a"] = a }));
            Assert.Contains("TDSL0012", e.Message);
        }

        [Fact]
        public void A_missing_argument_throws_naming_it()
        {
            var a = Tensor.Create(new double[12], [3, 4]);
            var e = Assert.Throws<ArgumentException>(() => TensorProgram.Evaluate("c[i,k] = a[i,j] * b[j,k]", new Dictionary<string, object> { ["a"] = a }));
            Assert.Contains("TDSL0013", e.Message);
            Assert.Contains("'b'", e.Message);
        }

        [Fact]
        public void Mismatched_sizes_throw_naming_the_index_the_tensor_and_both_sizes()
        {
            var a = Tensor.Create(new double[12], [3, 4]);
            var b = Tensor.Create(new double[10], [5, 2]);
            var e = Assert.Throws<ArgumentException>(() => TensorProgram.Evaluate("c[i,k] = a[i,j] * b[j,k]", new Dictionary<string, object> { ["a"] = a, ["b"] = b }));
            Assert.Contains("'j'", e.Message);
            Assert.Contains("'b'", e.Message);
            Assert.Contains("size 4", e.Message);
            Assert.Contains("length 5", e.Message);
        }

        [Fact]
        public void A_non_square_diagonal_throws()
        {
            var x = Tensor.Create(new double[6], [2, 3]);
            var e = Assert.Throws<ArgumentException>(() => TensorProgram.Evaluate("d[i] = x[i,i]", new Dictionary<string, object> { ["x"] = x }));
            Assert.Contains("'i'", e.Message);
            Assert.Contains("'x'", e.Message);
            Assert.Contains("size 2", e.Message);
            Assert.Contains("length 3", e.Message);
        }

        [Fact]
        public void A_transposed_second_read_needs_a_square_tensor()
        {
            var x = Tensor.Create(new double[6], [2, 3]);
            var e = Assert.Throws<ArgumentException>(() => TensorProgram.Evaluate("t[a,b] = x[a,b] * x[b,a]", new Dictionary<string, object> { ["x"] = x }));
            Assert.Contains("'x'", e.Message);
            var square = new Arr(Enumerable.Range(0, 9).Select(i => (double)i).ToArray(), 3, 3);
            var t = Run("t[a,b] = x[a,b] * x[b,a]", "t", ("x", square.T));
            AssertClose(p => square[p[0], p[1]] * square[p[1], p[0]], t, 3, 3);
        }

        [Fact]
        public void Sizes_tied_through_an_intermediate_are_checked()
        {
            var a = Tensor.Create(new double[6], [2, 3]);
            var b = Tensor.Create(new double[4], [4]);
            var e = Assert.Throws<ArgumentException>(() =>
                TensorProgram.Evaluate("s[i,j] = a[i,j]\nt[x,y] = s[x,y] * b[y]", new Dictionary<string, object> { ["a"] = a, ["b"] = b }));
            Assert.Contains("'y'", e.Message);
            Assert.Contains("'b'", e.Message);
            Assert.Contains("size 3", e.Message);
            Assert.Contains("length 4", e.Message);
        }

        [Fact]
        public void A_wrong_rank_throws_naming_the_tensor_and_both_ranks()
        {
            var a = Tensor.Create(new double[6], [2, 3]);
            var e = Assert.Throws<ArgumentException>(() => TensorProgram.Evaluate("o[i] = a[i]", new Dictionary<string, object> { ["a"] = a }));
            Assert.Contains("'a'", e.Message);
            Assert.Contains("1 index", e.Message);
            Assert.Contains("rank 2", e.Message);
        }

        [Fact]
        public void An_argument_of_another_type_throws_naming_it()
        {
            var a = Tensor.Create(new double[3], [3]);
            var e = Assert.Throws<ArgumentException>(() => TensorProgram.Evaluate("o[i] = x * a[i]", new Dictionary<string, object> { ["a"] = a, ["x"] = 1.5f }));
            Assert.Contains("'x'", e.Message);
            Assert.Contains("System.Single", e.Message);
            Assert.Throws<ArgumentException>(() => TensorProgram.Evaluate("o[i] = a[i]", new Dictionary<string, object> { ["a"] = Tensor.Create(new float[3], [3]) }));
            Assert.Throws<ArgumentException>(() => TensorProgram.Evaluate("o[i] = a[i]", new Dictionary<string, object> { ["a"] = null! }));
        }

        [Fact]
        public void A_float_scalar_in_a_where_bound_is_a_binding_error()
        {
            var a = Tensor.Create(new double[9], [3, 3]);
            var e = Assert.Throws<ArgumentException>(() =>
                TensorProgram.Evaluate("o[i] = sum[j](a[i,j]) where j < x", new Dictionary<string, object> { ["a"] = a, ["x"] = 2.0 }));
            Assert.Contains("TDSL0016", e.Message);
        }

        [Fact]
        public void Null_arguments_throw()
        {
            Assert.Throws<ArgumentNullException>(() => TensorProgram.Evaluate(null!, new Dictionary<string, object>()));
            Assert.Throws<ArgumentNullException>(() => TensorProgram.Evaluate("o[i] = a[i]", null!));
        }
    }
}
