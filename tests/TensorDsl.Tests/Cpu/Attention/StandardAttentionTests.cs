using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading.Tasks;
using TensorDsl.Cpu.Attention;
using Xunit;

namespace TensorDsl.Tests.Cpu.Attention
{
    /// <summary>
    /// <see cref="StreamingAttention.Standard{T}"/> against the double-precision oracle: sizes that are not multiples of
    /// the register tile or vector width, every vector width, strided and transposed views, windows (including rows that
    /// admit nothing), scales, scores of ±80, the multi-threaded path, and argument checking.
    /// </summary>
    public sealed class StandardAttentionTests
    {
        /// <summary>Every vector width runs on this machine (narrower vectors than the hardware's are still accelerated).</summary>
        internal static readonly SimdChoice[] Widths = [SimdChoice.Auto, SimdChoice.Vector256, SimdChoice.Vector128, SimdChoice.Scalar];

        internal static readonly KeyWindow[] Windows =
        [
            KeyWindow.Full,
            KeyWindow.Relative(nint.MinValue, 1),   // causal
            KeyWindow.Relative(0, 1),               // each row only its own key
            KeyWindow.Relative(-4, 1),              // causal, width 5
            KeyWindow.Relative(-16, 1),             // causal, width 17
            KeyWindow.Relative(-99, 1),             // causal, width 100 (wider than the keys)
            KeyWindow.Relative(3, 7),               // ahead of the row: the last rows admit nothing
            KeyWindow.Relative(-1000, -20),         // far behind: the first 21 rows admit nothing
            KeyWindow.Relative(-2, nint.MaxValue),  // from i − 2 to the end
            KeyWindow.Relative(5, 5),               // empty everywhere
            KeyWindow.Relative(9, 2),               // low > high: empty everywhere
            KeyWindow.Relative(nint.MinValue, nint.MaxValue),
        ];

        public static IEnumerable<object[]> Sizes()
        {
            // n queries, m keys, d, dv
            yield return [1, 1, 1, 1];
            yield return [3, 3, 5, 5];
            yield return [17, 17, 16, 7];
            yield return [33, 33, 64, 64];
            yield return [70, 70, 5, 16];
            yield return [70, 33, 64, 20];
            yield return [3, 70, 16, 64];
            yield return [33, 17, 1, 33];
            yield return [17, 70, 64, 1];
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Float_matches_the_oracle_at_every_width(int n, int m, int d, int dv)
        {
            var rng = new Random(n * 7919 + m * 104729 + d * 31 + dv);
            foreach (SimdChoice simd in Widths)
            {
                Check<float>(rng, simd, n, m, d, dv, KeyWindow.Full, 1 / Math.Sqrt(d));
                Check<float>(rng, simd, n, m, d, dv, KeyWindow.Relative(nint.MinValue, 1), 1 / Math.Sqrt(d));
            }
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Double_matches_the_oracle_at_every_width(int n, int m, int d, int dv)
        {
            var rng = new Random(n * 7919 + m * 104729 + d * 31 + dv + 1);
            foreach (SimdChoice simd in Widths)
            {
                Check<double>(rng, simd, n, m, d, dv, KeyWindow.Full, 1 / Math.Sqrt(d));
                Check<double>(rng, simd, n, m, d, dv, KeyWindow.Relative(-4, 1), 1 / Math.Sqrt(d));
            }
        }

        [Fact]
        public void Windows_admit_exactly_their_keys()
        {
            var rng = new Random(11);
            foreach (KeyWindow window in Windows)
            {
                foreach (SimdChoice simd in Widths)
                {
                    Check<float>(rng, simd, 70, 70, 16, 5, window, 0.7);
                    Check<double>(rng, simd, 33, 70, 5, 17, window, 0.7);
                    Check<double>(rng, simd, 70, 33, 5, 17, window, 0.7);
                }
            }
        }

        [Fact]
        public void Rows_that_admit_no_key_are_exactly_zero()
        {
            var rng = new Random(12);
            var q = TestMatrix<float>.Random(rng, 40, 8);
            var k = TestMatrix<float>.Random(rng, 40, 8);
            var v = TestMatrix<float>.Random(rng, 40, 8, magnitude: 5);
            var o = TestMatrix<float>.Output(40, 8);
            // Keys j ∈ [i + 3, i + 7) ∩ [0, 40): rows 37..39 admit nothing.
            StreamingAttention.Standard(q.View, k.View, v.View, 1f, o.View, KeyWindow.Relative(3, 7));
            for (int i = 0; i < 40; i++)
            {
                for (int c = 0; c < 8; c++)
                {
                    if (i >= 37)
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
            var rng = new Random(13);
            MatrixLayout[] layouts = [MatrixLayout.RowMajor, MatrixLayout.ColumnMajor, MatrixLayout.Padded, MatrixLayout.Strided, MatrixLayout.Reversed];
            foreach (MatrixLayout layout in layouts)
            {
                Check<float>(rng, SimdChoice.Auto, 33, 17, 16, 7, KeyWindow.Relative(-4, 1), 0.5, lq: layout);
                Check<float>(rng, SimdChoice.Auto, 33, 17, 16, 7, KeyWindow.Full, 0.5, lk: layout);
                Check<float>(rng, SimdChoice.Auto, 33, 17, 16, 7, KeyWindow.Full, 0.5, lv: layout);
                Check<float>(rng, SimdChoice.Auto, 33, 17, 16, 7, KeyWindow.Relative(-4, 1), 0.5, lo: layout);
                Check<double>(rng, SimdChoice.Vector256, 17, 33, 5, 20, KeyWindow.Full, 0.5, lq: layout, lk: layout, lv: layout, lo: layout);
            }
        }

        [Fact]
        public void Broadcast_views_with_zero_strides_work()
        {
            var rng = new Random(14);
            var q = TestMatrix<double>.Random(rng, 17, 5);
            var kRow = TestMatrix<double>.Random(rng, 1, 5);
            var v = TestMatrix<double>.Random(rng, 33, 6);
            var o = TestMatrix<double>.Output(17, 6);
            // Every key is the same row (row stride 0), so every admitted key scores the same: the output is the mean of
            // the admitted values.
            var k = new MatrixView<double>(ref kRow.Data[0], 33, 5, 0, 1);
            var kValues = new double[33, 5];
            for (int j = 0; j < 33; j++)
            {
                for (int l = 0; l < 5; l++)
                {
                    kValues[j, l] = kRow.Values[0, l];
                }
            }
            StreamingAttention.Standard(q.View, k, v.View, 0.9, o.View, KeyWindow.Relative(-3, 2));
            AttentionOracle.AssertClose(AttentionOracle.Standard(q.Values, kValues, v.Values, 0.9, KeyWindow.Relative(-3, 2)), o, "k row stride 0");
        }

        [Fact]
        public void Scale_values_are_applied()
        {
            var rng = new Random(15);
            foreach (double scale in new[] { 0.0, 0.125, 1.0, -2.5, 10.0 })
            {
                Check<float>(rng, SimdChoice.Auto, 33, 40, 16, 16, KeyWindow.Full, scale);
                Check<double>(rng, SimdChoice.Auto, 33, 40, 16, 16, KeyWindow.Relative(-9, 1), scale);
            }
        }

        [Fact]
        public void Scores_of_plus_minus_80_are_stable()
        {
            var rng = new Random(16);
            foreach (SimdChoice simd in Widths)
            {
                CheckLarge<float>(rng, simd, KeyWindow.Full);
                CheckLarge<float>(rng, simd, KeyWindow.Relative(-20, 1));
                CheckLarge<double>(rng, simd, KeyWindow.Full);
            }
        }

        [Theory]
        [InlineData(300, 260, 64, 48)]
        [InlineData(257, 300, 17, 70)]
        public void Large_calls_run_on_several_threads_and_match(int n, int m, int d, int dv)
        {
            var rng = new Random(n + m);
            foreach (KeyWindow window in new[] { KeyWindow.Full, KeyWindow.Relative(-36, 1), KeyWindow.Relative(-300, -100), KeyWindow.Relative(nint.MinValue, 1) })
            {
                Check<float>(rng, SimdChoice.Auto, n, m, d, dv, window, 1 / Math.Sqrt(d));
                Check<double>(rng, SimdChoice.Auto, n, m, d, dv, window, 1 / Math.Sqrt(d));
            }
        }

        [Fact]
        public void Degenerate_sizes()
        {
            var rng = new Random(17);
            // No queries: nothing to write. No keys: every row is empty, so zeros. d = 0: every score is 0, so the mean of
            // the admitted values. dv = 0: nothing to write.
            Check<float>(rng, SimdChoice.Auto, 0, 5, 3, 4, KeyWindow.Full, 1);
            Check<float>(rng, SimdChoice.Auto, 5, 0, 3, 4, KeyWindow.Full, 1);
            Check<double>(rng, SimdChoice.Auto, 7, 9, 0, 4, KeyWindow.Relative(-2, 1), 1);
            Check<double>(rng, SimdChoice.Vector128, 7, 9, 0, 4, KeyWindow.Full, 1);
            Check<float>(rng, SimdChoice.Auto, 5, 5, 3, 0, KeyWindow.Full, 1);
        }

        [Fact]
        public void The_output_may_alias_the_queries()
        {
            var rng = new Random(18);
            var q = TestMatrix<float>.Random(rng, 70, 16);
            var k = TestMatrix<float>.Random(rng, 50, 16);
            var v = TestMatrix<float>.Random(rng, 50, 16);
            double[,] expected = AttentionOracle.Standard(q.Values, k.Values, v.Values, 0.25, KeyWindow.Full);
            StreamingAttention.Standard(q.View, k.View, v.View, 0.25f, q.View, KeyWindow.Full);
            AttentionOracle.AssertClose(expected, q, "o = q");
        }

        [Fact]
        public void Concurrent_calls_do_not_interfere()
        {
            // Several threads at once: one may hold the worker pool, the others run alone; results must not mix.
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
            {
                var rng = new Random(100 + t);
                Check<float>(rng, SimdChoice.Auto, 150 + t, 200, 32, 24, t % 2 == 0 ? KeyWindow.Full : KeyWindow.Relative(-50, 1), 0.3);
            });
        }

        [Fact]
        public void Shape_mismatches_throw_and_leave_the_output_untouched()
        {
            var rng = new Random(19);
            var q = TestMatrix<float>.Random(rng, 5, 4);
            var k = TestMatrix<float>.Random(rng, 6, 4);
            var v = TestMatrix<float>.Random(rng, 6, 3);
            var o = TestMatrix<float>.Output(5, 3);
            var kWide = TestMatrix<float>.Random(rng, 6, 5);
            var vShort = TestMatrix<float>.Random(rng, 7, 3);
            var oTall = TestMatrix<float>.Output(6, 3);
            var oWide = TestMatrix<float>.Output(5, 2);

            AssertThrows("k", "5", "4", () => StreamingAttention.Standard(q.View, kWide.View, v.View, 1f, o.View, KeyWindow.Full));
            AssertThrows("v", "7", "6", () => StreamingAttention.Standard(q.View, k.View, vShort.View, 1f, o.View, KeyWindow.Full));
            AssertThrows("o", "6", "5", () => StreamingAttention.Standard(q.View, k.View, v.View, 1f, oTall.View, KeyWindow.Full));
            AssertThrows("o", "2", "3", () => StreamingAttention.Standard(q.View, k.View, v.View, 1f, oWide.View, KeyWindow.Full));
            foreach (var output in new[] { o, oTall, oWide })
            {
                for (int i = 0; i < output.Data.Length; i++)
                {
                    Assert.Equal(TestMatrix<float>.Sentinel, output.Data[i]);
                }
            }
        }

        [Fact]
        public void Element_types_other_than_float_and_double_are_not_supported()
        {
            var data = new int[4];
            Assert.Throws<NotSupportedException>(() =>
            {
                var m = new MatrixView<int>(ref data[0], 2, 2, 2, 1);
                StreamingAttention.Standard(m, m, m, 1, m, KeyWindow.Full);
            });
            var half = new Half[4];
            Assert.Throws<NotSupportedException>(() =>
            {
                var m = new MatrixView<Half>(ref half[0], 2, 2, 2, 1);
                StreamingAttention.Standard(m, m, m, Half.One, m, KeyWindow.Full);
            });
        }

        [Fact]
        public void Negative_sizes_are_rejected_by_the_view()
        {
            var data = new float[4];
            Assert.Throws<ArgumentOutOfRangeException>(() => new MatrixView<float>(ref data[0], -1, 2, 2, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new MatrixView<float>(ref data[0], 2, -2, 2, 1));
        }

        internal static void AssertThrows(string operand, string size, string otherSize, Action call)
        {
            var e = Assert.Throws<ArgumentException>(call);
            Assert.Equal(operand, e.ParamName);
            Assert.Contains(size, e.Message, StringComparison.Ordinal);
            Assert.Contains(otherSize, e.Message, StringComparison.Ordinal);
        }

        private static void Check<T>(Random rng, SimdChoice simd, int n, int m, int d, int dv, KeyWindow window, double scale,
            MatrixLayout lq = MatrixLayout.RowMajor, MatrixLayout lk = MatrixLayout.RowMajor, MatrixLayout lv = MatrixLayout.RowMajor,
            MatrixLayout lo = MatrixLayout.RowMajor)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var q = TestMatrix<T>.Random(rng, n, d, lq);
            var k = TestMatrix<T>.Random(rng, m, d, lk);
            var v = TestMatrix<T>.Random(rng, m, dv, lv, magnitude: 3);
            var o = TestMatrix<T>.Output(n, dv, lo);
            T s = T.CreateTruncating(scale);
            StreamingAttention.Standard(simd, q.View, k.View, v.View, s, o.View, window);
            double[,] expected = AttentionOracle.Standard(q.Values, k.Values, v.Values, double.CreateTruncating(s), window);
            AttentionOracle.AssertClose(expected, o, $"{typeof(T).Name} {simd} n={n} m={m} d={d} dv={dv} {window} scale={scale} layouts q {lq} k {lk} v {lv} o {lo}");
        }

        /// <summary>Scores spread over ±80: exp of the raw scores would overflow float; the stable softmax must not care.</summary>
        private static void CheckLarge<T>(Random rng, SimdChoice simd, KeyWindow window)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            const int n = 40, m = 70, d = 16, dv = 9;
            var q = TestMatrix<T>.Random(rng, n, d);
            var k = TestMatrix<T>.Random(rng, m, d);
            var v = TestMatrix<T>.Random(rng, m, dv);
            double largest = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < m; j++)
                {
                    double dot = 0;
                    for (int l = 0; l < d; l++)
                    {
                        dot += q.Values[i, l] * k.Values[j, l];
                    }
                    largest = Math.Max(largest, Math.Abs(dot));
                }
            }
            T s = T.CreateTruncating(80 / largest);
            var o = TestMatrix<T>.Output(n, dv);
            StreamingAttention.Standard(simd, q.View, k.View, v.View, s, o.View, window);
            double[,] expected = AttentionOracle.Standard(q.Values, k.Values, v.Values, double.CreateTruncating(s), window);
            AttentionOracle.AssertClose(expected, o, $"{typeof(T).Name} {simd} scores ±80 {window}");
        }
    }
}
