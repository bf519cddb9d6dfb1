using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading.Tasks;
using TensorDsl.Cpu.Attention;
using Xunit;

namespace TensorDsl.Tests.Cpu.Attention
{
    /// <summary>
    /// <see cref="StreamingAttention.Tensor{T}"/> (2-simplicial attention) against the double-precision oracle, which
    /// materializes the whole n × m1 × m2 score tensor per query row: odd sizes, every vector width, layouts, pairs of
    /// windows, scales, scores of ±80, the multi-threaded path and argument checking.
    /// </summary>
    public sealed class TensorAttentionTests
    {
        public static IEnumerable<object[]> Sizes()
        {
            // n queries, m1 and m2 keys, d, dv
            yield return [1, 1, 1, 1, 1];
            yield return [3, 3, 3, 5, 5];
            yield return [17, 17, 17, 16, 16];
            yield return [33, 33, 17, 64, 7];
            yield return [17, 70, 33, 5, 64];
            yield return [3, 33, 70, 1, 16];
            yield return [33, 17, 33, 16, 1];
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Float_matches_the_oracle_at_every_width(int n, int m1, int m2, int d, int dv)
        {
            var rng = new Random(n * 7919 + m1 * 104729 + m2 * 613 + d * 31 + dv);
            foreach (SimdChoice simd in StandardAttentionTests.Widths)
            {
                Check<float>(rng, simd, n, m1, m2, d, dv, KeyWindow.Full, KeyWindow.Full, 1 / Math.Sqrt(d));
                Check<float>(rng, simd, n, m1, m2, d, dv, KeyWindow.Relative(-4, 1), KeyWindow.Relative(-16, 1), 1 / Math.Sqrt(d));
            }
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Double_matches_the_oracle_at_every_width(int n, int m1, int m2, int d, int dv)
        {
            var rng = new Random(n * 7919 + m1 * 104729 + m2 * 613 + d * 31 + dv + 1);
            foreach (SimdChoice simd in StandardAttentionTests.Widths)
            {
                Check<double>(rng, simd, n, m1, m2, d, dv, KeyWindow.Full, KeyWindow.Full, 1 / Math.Sqrt(d));
                Check<double>(rng, simd, n, m1, m2, d, dv, KeyWindow.Relative(nint.MinValue, 1), KeyWindow.Relative(-2, 3), 1 / Math.Sqrt(d));
            }
        }

        [Fact]
        public void Full_size_70_cube_matches_on_several_threads()
        {
            var rng = new Random(3);
            Check<float>(rng, SimdChoice.Auto, 70, 70, 70, 64, 64, KeyWindow.Full, KeyWindow.Full, 0.125);
            Check<double>(rng, SimdChoice.Auto, 70, 70, 70, 64, 64, KeyWindow.Relative(-32, 1), KeyWindow.Relative(-8, 1), 0.125);
            Check<float>(rng, SimdChoice.Auto, 70, 66, 75, 20, 33, KeyWindow.Relative(-40, 1), KeyWindow.Full, 0.3);
        }

        [Fact]
        public void Pairs_of_windows_admit_exactly_their_keys()
        {
            var rng = new Random(4);
            KeyWindow[] windows = StandardAttentionTests.Windows;
            for (int a = 0; a < windows.Length; a++)
            {
                // Each window as window1 and as window2, paired with a different one, so both roles see every window.
                KeyWindow other = windows[(a * 5 + 3) % windows.Length];
                foreach (SimdChoice simd in StandardAttentionTests.Widths)
                {
                    Check<float>(rng, simd, 33, 33, 33, 16, 5, windows[a], other, 0.7);
                    Check<double>(rng, simd, 33, 17, 40, 5, 16, other, windows[a], 0.7);
                }
            }
        }

        [Fact]
        public void Two_simplicial_causal_windows_of_several_widths()
        {
            var rng = new Random(5);
            foreach (int w1 in new[] { 1, 2, 7, 16, 17, 40 })
            {
                foreach (int w2 in new[] { 1, 5, 33 })
                {
                    Check<float>(rng, SimdChoice.Auto, 40, 40, 40, 16, 16, KeyWindow.Relative(-w1 + 1, 1), KeyWindow.Relative(-w2 + 1, 1), 0.25);
                }
            }
        }

        [Fact]
        public void Rows_with_an_empty_window_are_exactly_zero()
        {
            var rng = new Random(6);
            var q = TestMatrix<double>.Random(rng, 30, 8);
            var k1 = TestMatrix<double>.Random(rng, 30, 8);
            var k2 = TestMatrix<double>.Random(rng, 30, 8);
            var v1 = TestMatrix<double>.Random(rng, 30, 6, magnitude: 4);
            var v2 = TestMatrix<double>.Random(rng, 30, 6, magnitude: 4);
            var o = TestMatrix<double>.Output(30, 6);
            // window2 admits k ∈ [i − 100, i − 10): empty for rows 0..10.
            StreamingAttention.Tensor(q.View, k1.View, k2.View, v1.View, v2.View, 0.5, o.View, KeyWindow.Relative(-3, 1), KeyWindow.Relative(-100, -10));
            for (int i = 0; i < 30; i++)
            {
                for (int c = 0; c < 6; c++)
                {
                    if (i <= 10)
                    {
                        Assert.Equal(0.0, o[i, c]);
                    }
                    else
                    {
                        Assert.NotEqual(0.0, o[i, c]);
                    }
                }
            }
        }

        [Fact]
        public void Strided_transposed_and_reversed_views_are_read_and_written_correctly()
        {
            var rng = new Random(7);
            MatrixLayout[] layouts = [MatrixLayout.RowMajor, MatrixLayout.ColumnMajor, MatrixLayout.Padded, MatrixLayout.Strided, MatrixLayout.Reversed];
            foreach (MatrixLayout layout in layouts)
            {
                Check<float>(rng, SimdChoice.Auto, 17, 33, 20, 16, 7, KeyWindow.Full, KeyWindow.Relative(-4, 1), 0.5, lq: layout);
                Check<float>(rng, SimdChoice.Auto, 17, 33, 20, 16, 7, KeyWindow.Relative(-9, 1), KeyWindow.Full, 0.5, lk1: layout, lv2: layout);
                Check<float>(rng, SimdChoice.Auto, 17, 33, 20, 16, 7, KeyWindow.Full, KeyWindow.Full, 0.5, lk2: layout, lv1: layout);
                Check<double>(rng, SimdChoice.Vector256, 17, 20, 33, 5, 20, KeyWindow.Full, KeyWindow.Relative(-6, 2), 0.5,
                    layout, layout, layout, layout, layout, layout);
            }
        }

        [Fact]
        public void Scale_values_are_applied()
        {
            var rng = new Random(8);
            foreach (double scale in new[] { 0.0, 0.125, 1.0, -2.5, 10.0 })
            {
                Check<float>(rng, SimdChoice.Auto, 17, 33, 20, 16, 16, KeyWindow.Full, KeyWindow.Full, scale);
                Check<double>(rng, SimdChoice.Auto, 17, 20, 33, 16, 16, KeyWindow.Relative(-9, 1), KeyWindow.Full, scale);
            }
        }

        [Fact]
        public void Scores_of_plus_minus_80_are_stable()
        {
            var rng = new Random(9);
            foreach (SimdChoice simd in StandardAttentionTests.Widths)
            {
                CheckLarge<float>(rng, simd, KeyWindow.Full, KeyWindow.Full);
                CheckLarge<float>(rng, simd, KeyWindow.Relative(-10, 1), KeyWindow.Relative(-20, 1));
                CheckLarge<double>(rng, simd, KeyWindow.Full, KeyWindow.Relative(nint.MinValue, 1));
            }
        }

        [Fact]
        public void Degenerate_sizes()
        {
            var rng = new Random(10);
            Check<float>(rng, SimdChoice.Auto, 0, 5, 5, 3, 4, KeyWindow.Full, KeyWindow.Full, 1);
            Check<float>(rng, SimdChoice.Auto, 5, 0, 5, 3, 4, KeyWindow.Full, KeyWindow.Full, 1);
            Check<float>(rng, SimdChoice.Auto, 5, 5, 0, 3, 4, KeyWindow.Full, KeyWindow.Full, 1);
            Check<double>(rng, SimdChoice.Auto, 7, 9, 8, 0, 4, KeyWindow.Relative(-2, 1), KeyWindow.Full, 1);
            Check<float>(rng, SimdChoice.Auto, 5, 5, 5, 3, 0, KeyWindow.Full, KeyWindow.Full, 1);
        }

        [Fact]
        public void The_output_may_alias_the_queries()
        {
            var rng = new Random(11);
            var q = TestMatrix<float>.Random(rng, 40, 16);
            var k1 = TestMatrix<float>.Random(rng, 30, 16);
            var k2 = TestMatrix<float>.Random(rng, 35, 16);
            var v1 = TestMatrix<float>.Random(rng, 30, 16);
            var v2 = TestMatrix<float>.Random(rng, 35, 16);
            double[,] expected = AttentionOracle.Tensor(q.Values, k1.Values, k2.Values, v1.Values, v2.Values, 0.25, KeyWindow.Full, KeyWindow.Full);
            StreamingAttention.Tensor(q.View, k1.View, k2.View, v1.View, v2.View, 0.25f, q.View, KeyWindow.Full, KeyWindow.Full);
            AttentionOracle.AssertClose(expected, q, "o = q");
        }

        [Fact]
        public void Concurrent_calls_do_not_interfere()
        {
            Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 3 }, t =>
            {
                var rng = new Random(200 + t);
                Check<float>(rng, SimdChoice.Auto, 40 + t, 45, 50, 16, 16, KeyWindow.Full, t % 2 == 0 ? KeyWindow.Full : KeyWindow.Relative(-9, 1), 0.3);
            });
        }

        [Fact]
        public void Shape_mismatches_throw_and_leave_the_output_untouched()
        {
            var rng = new Random(12);
            var q = TestMatrix<double>.Random(rng, 5, 4);
            var k1 = TestMatrix<double>.Random(rng, 6, 4);
            var k2 = TestMatrix<double>.Random(rng, 7, 4);
            var v1 = TestMatrix<double>.Random(rng, 6, 3);
            var v2 = TestMatrix<double>.Random(rng, 7, 3);
            var o = TestMatrix<double>.Output(5, 3);
            var k1Wide = TestMatrix<double>.Random(rng, 6, 5);
            var k2Narrow = TestMatrix<double>.Random(rng, 7, 2);
            var v1Short = TestMatrix<double>.Random(rng, 8, 3);
            var v2Short = TestMatrix<double>.Random(rng, 9, 3);
            var v2Wide = TestMatrix<double>.Random(rng, 7, 4);
            var oTall = TestMatrix<double>.Output(6, 3);
            var oWide = TestMatrix<double>.Output(5, 2);
            KeyWindow f = KeyWindow.Full;

            StandardAttentionTests.AssertThrows("k1", "5", "4", () => StreamingAttention.Tensor(q.View, k1Wide.View, k2.View, v1.View, v2.View, 1.0, o.View, f, f));
            StandardAttentionTests.AssertThrows("k2", "2", "4", () => StreamingAttention.Tensor(q.View, k1.View, k2Narrow.View, v1.View, v2.View, 1.0, o.View, f, f));
            StandardAttentionTests.AssertThrows("v1", "8", "6", () => StreamingAttention.Tensor(q.View, k1.View, k2.View, v1Short.View, v2.View, 1.0, o.View, f, f));
            StandardAttentionTests.AssertThrows("v2", "9", "7", () => StreamingAttention.Tensor(q.View, k1.View, k2.View, v1.View, v2Short.View, 1.0, o.View, f, f));
            StandardAttentionTests.AssertThrows("v2", "4", "3", () => StreamingAttention.Tensor(q.View, k1.View, k2.View, v1.View, v2Wide.View, 1.0, o.View, f, f));
            StandardAttentionTests.AssertThrows("o", "6", "5", () => StreamingAttention.Tensor(q.View, k1.View, k2.View, v1.View, v2.View, 1.0, oTall.View, f, f));
            StandardAttentionTests.AssertThrows("o", "2", "3", () => StreamingAttention.Tensor(q.View, k1.View, k2.View, v1.View, v2.View, 1.0, oWide.View, f, f));
            foreach (var output in new[] { o, oTall, oWide })
            {
                for (int i = 0; i < output.Data.Length; i++)
                {
                    Assert.Equal(TestMatrix<double>.Sentinel, output.Data[i]);
                }
            }
        }

        [Fact]
        public void Element_types_other_than_float_and_double_are_not_supported()
        {
            var data = new long[4];
            Assert.Throws<NotSupportedException>(() =>
            {
                var m = new MatrixView<long>(ref data[0], 2, 2, 2, 1);
                StreamingAttention.Tensor(m, m, m, m, m, 1L, m, KeyWindow.Full, KeyWindow.Full);
            });
        }

        private static void Check<T>(Random rng, SimdChoice simd, int n, int m1, int m2, int d, int dv, KeyWindow window1, KeyWindow window2,
            double scale, MatrixLayout lq = MatrixLayout.RowMajor, MatrixLayout lk1 = MatrixLayout.RowMajor, MatrixLayout lk2 = MatrixLayout.RowMajor,
            MatrixLayout lv1 = MatrixLayout.RowMajor, MatrixLayout lv2 = MatrixLayout.RowMajor, MatrixLayout lo = MatrixLayout.RowMajor)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var q = TestMatrix<T>.Random(rng, n, d, lq);
            var k1 = TestMatrix<T>.Random(rng, m1, d, lk1);
            var k2 = TestMatrix<T>.Random(rng, m2, d, lk2);
            var v1 = TestMatrix<T>.Random(rng, m1, dv, lv1, magnitude: 2);
            var v2 = TestMatrix<T>.Random(rng, m2, dv, lv2, magnitude: 2);
            var o = TestMatrix<T>.Output(n, dv, lo);
            T s = T.CreateTruncating(scale);
            StreamingAttention.Tensor(simd, q.View, k1.View, k2.View, v1.View, v2.View, s, o.View, window1, window2);
            double[,] expected = AttentionOracle.Tensor(q.Values, k1.Values, k2.Values, v1.Values, v2.Values, double.CreateTruncating(s), window1, window2);
            AttentionOracle.AssertClose(expected, o,
                $"{typeof(T).Name} {simd} n={n} m1={m1} m2={m2} d={d} dv={dv} {window1} {window2} scale={scale} layouts {lq} {lk1} {lk2} {lv1} {lv2} {lo}");
        }

        /// <summary>Scores spread over ±80, as in <see cref="StandardAttentionTests"/>.</summary>
        private static void CheckLarge<T>(Random rng, SimdChoice simd, KeyWindow window1, KeyWindow window2)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            const int n = 20, m1 = 33, m2 = 40, d = 8, dv = 5;
            var q = TestMatrix<T>.Random(rng, n, d);
            var k1 = TestMatrix<T>.Random(rng, m1, d);
            var k2 = TestMatrix<T>.Random(rng, m2, d);
            var v1 = TestMatrix<T>.Random(rng, m1, dv);
            var v2 = TestMatrix<T>.Random(rng, m2, dv);
            double largest = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < m1; j++)
                {
                    for (int k = 0; k < m2; k++)
                    {
                        double dot = 0;
                        for (int l = 0; l < d; l++)
                        {
                            dot += q.Values[i, l] * k1.Values[j, l] * k2.Values[k, l];
                        }
                        largest = Math.Max(largest, Math.Abs(dot));
                    }
                }
            }
            T s = T.CreateTruncating(80 / largest);
            var o = TestMatrix<T>.Output(n, dv);
            StreamingAttention.Tensor(simd, q.View, k1.View, k2.View, v1.View, v2.View, s, o.View, window1, window2);
            double[,] expected = AttentionOracle.Tensor(q.Values, k1.Values, k2.Values, v1.Values, v2.Values, double.CreateTruncating(s), window1, window2);
            AttentionOracle.AssertClose(expected, o, $"{typeof(T).Name} {simd} scores ±80 {window1} {window2}");
        }
    }
}
