using System;
using System.Numerics;
using TensorDsl.Cpu.Attention;
using Xunit;

namespace TensorDsl.Tests.Cpu.Attention
{
    /// <summary>How a test matrix is laid out in memory; every layout holds the same logical values.</summary>
    public enum MatrixLayout
    {
        RowMajor,
        ColumnMajor,
        /// <summary>Row-major with 3 unused elements after each row.</summary>
        Padded,
        /// <summary>Every other element: column stride 2, row stride 2·cols + 1.</summary>
        Strided,
        /// <summary>Rows stored last to first: a negative row stride.</summary>
        Reversed,
    }

    /// <summary>
    /// A test matrix: its logical values (already rounded to <typeparamref name="T"/>, so the oracle sees exactly the
    /// kernel's inputs) and a buffer holding them in some layout, with sentinel values in every gap.
    /// </summary>
    internal sealed class TestMatrix<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public const double Sentinel = 12345.0;

        public TestMatrix(double[,] values, MatrixLayout layout)
        {
            Rows = values.GetLength(0);
            Cols = values.GetLength(1);
            Layout = layout;
            Values = new double[Rows, Cols];
            (int rows, int cols) = (Rows, Cols);
            int length;
            switch (layout)
            {
                case MatrixLayout.ColumnMajor:
                    (RowStride, ColStride, Offset, length) = (1, rows, 0, rows * cols);
                    break;
                case MatrixLayout.Padded:
                    (RowStride, ColStride, Offset, length) = (cols + 3, 1, 0, rows * (cols + 3));
                    break;
                case MatrixLayout.Strided:
                    (RowStride, ColStride, Offset, length) = (2 * cols + 1, 2, 0, rows * (2 * cols + 1));
                    break;
                case MatrixLayout.Reversed:
                    (RowStride, ColStride, Offset, length) = (-cols, 1, (rows - 1) * cols, rows * cols);
                    break;
                default:
                    (RowStride, ColStride, Offset, length) = (cols, 1, 0, rows * cols);
                    break;
            }
            Offset = Math.Max(Offset, 0);
            Data = new T[Math.Max(length, 1)];
            Array.Fill(Data, T.CreateTruncating(Sentinel));
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    T x = T.CreateTruncating(values[r, c]);
                    Data[Offset + r * RowStride + c * ColStride] = x;
                    Values[r, c] = double.CreateTruncating(x);
                }
            }
        }

        public int Rows { get; }

        public int Cols { get; }

        public MatrixLayout Layout { get; }

        public double[,] Values { get; }

        public T[] Data { get; }

        public int Offset { get; }

        public int RowStride { get; }

        public int ColStride { get; }

        public MatrixView<T> View => new(ref Data[Offset], Rows, Cols, RowStride, ColStride);

        public static TestMatrix<T> Random(Random rng, int rows, int cols, MatrixLayout layout = MatrixLayout.RowMajor, double magnitude = 1)
        {
            var values = new double[rows, cols];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    values[r, c] = magnitude * (rng.NextDouble() * 2 - 1);
                }
            }
            return new TestMatrix<T>(values, layout);
        }

        /// <summary>An output matrix: sentinels everywhere, so untouched gaps and unwritten elements show.</summary>
        public static TestMatrix<T> Output(int rows, int cols, MatrixLayout layout = MatrixLayout.RowMajor)
        {
            var values = new double[rows, cols];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    values[r, c] = Sentinel;
                }
            }
            return new TestMatrix<T>(values, layout);
        }

        /// <summary>Element (r, c) as the kernel left it.</summary>
        public double this[int r, int c] => double.CreateTruncating(Data[Offset + r * RowStride + c * ColStride]);

        /// <summary>True if every element of the buffer outside the view still holds the sentinel.</summary>
        public bool GapsUntouched()
        {
            var inside = new bool[Data.Length];
            for (int r = 0; r < Rows; r++)
            {
                for (int c = 0; c < Cols; c++)
                {
                    inside[Offset + r * RowStride + c * ColStride] = true;
                }
            }
            for (int i = 0; i < Data.Length; i++)
            {
                if (!inside[i] && Data[i] != T.CreateTruncating(Sentinel))
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>
    /// The oracle: attention computed the obvious way in double precision, independent of the kernels — materialize
    /// every admitted score, subtract the maximum, exponentiate, normalize, contract with the values.
    /// </summary>
    internal static class AttentionOracle
    {
        /// <summary>Admitted keys of a query row, straight from the definition (no shared code with the kernels).</summary>
        public static bool Admits(KeyWindow window, long i, long j)
        {
            if (window.IsFull)
            {
                return true;
            }
            // i + Low ≤ j < i + High, in 128-bit arithmetic so extreme offsets cannot overflow.
            Int128 d = (Int128)j - i;
            return d >= window.Low && d < window.High;
        }

        public static double[,] Standard(double[,] q, double[,] k, double[,] v, double scale, KeyWindow window)
        {
            int n = q.GetLength(0), m = k.GetLength(0), d = q.GetLength(1), dv = v.GetLength(1);
            var o = new double[n, dv];
            var s = new double[m];
            for (int i = 0; i < n; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < m; j++)
                {
                    if (!Admits(window, i, j))
                    {
                        continue;
                    }
                    double dot = 0;
                    for (int l = 0; l < d; l++)
                    {
                        dot += q[i, l] * k[j, l];
                    }
                    s[j] = scale * dot;
                    max = Math.Max(max, s[j]);
                }
                if (double.IsNegativeInfinity(max))
                {
                    continue; // no admitted key: zeros
                }
                double sum = 0;
                for (int j = 0; j < m; j++)
                {
                    if (Admits(window, i, j))
                    {
                        s[j] = Math.Exp(s[j] - max);
                        sum += s[j];
                    }
                }
                for (int c = 0; c < dv; c++)
                {
                    double acc = 0;
                    for (int j = 0; j < m; j++)
                    {
                        if (Admits(window, i, j))
                        {
                            acc += s[j] * v[j, c];
                        }
                    }
                    o[i, c] = acc / sum;
                }
            }
            return o;
        }

        public static double[,] Tensor(double[,] q, double[,] k1, double[,] k2, double[,] v1, double[,] v2, double scale,
            KeyWindow window1, KeyWindow window2)
        {
            int n = q.GetLength(0), m1 = k1.GetLength(0), m2 = k2.GetLength(0), d = q.GetLength(1), dv = v1.GetLength(1);
            var o = new double[n, dv];
            var s = new double[m1, m2];
            for (int i = 0; i < n; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < m1; j++)
                {
                    for (int k = 0; k < m2; k++)
                    {
                        if (!Admits(window1, i, j) || !Admits(window2, i, k))
                        {
                            continue;
                        }
                        double dot = 0;
                        for (int l = 0; l < d; l++)
                        {
                            dot += q[i, l] * k1[j, l] * k2[k, l];
                        }
                        s[j, k] = scale * dot;
                        max = Math.Max(max, s[j, k]);
                    }
                }
                if (double.IsNegativeInfinity(max))
                {
                    continue;
                }
                double sum = 0;
                var acc = new double[dv];
                for (int j = 0; j < m1; j++)
                {
                    for (int k = 0; k < m2; k++)
                    {
                        if (!Admits(window1, i, j) || !Admits(window2, i, k))
                        {
                            continue;
                        }
                        double p = Math.Exp(s[j, k] - max);
                        sum += p;
                        for (int c = 0; c < dv; c++)
                        {
                            acc[c] += p * v1[j, c] * v2[k, c];
                        }
                    }
                }
                for (int c = 0; c < dv; c++)
                {
                    o[i, c] = acc[c] / sum;
                }
            }
            return o;
        }

        /// <summary>Tolerance relative to max |expected|: 1e-4 for float, 1e-10 for double.</summary>
        public static void AssertClose<T>(double[,] expected, TestMatrix<T> actual, string context)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            double tolerance = typeof(T) == typeof(float) ? 1e-4 : 1e-10;
            int rows = expected.GetLength(0), cols = expected.GetLength(1);
            Assert.Equal(rows, actual.Rows);
            Assert.Equal(cols, actual.Cols);
            double scale = 0;
            foreach (double x in expected)
            {
                scale = Math.Max(scale, Math.Abs(x));
            }
            // An all-zero expectation (every window empty) must be met exactly.
            double bound = tolerance * scale;
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    double e = expected[r, c], a = actual[r, c];
                    if (!(Math.Abs(a - e) <= bound))
                    {
                        Assert.Fail($"{context}: o[{r}, {c}] = {a:R}, expected {e:R} (|error| {Math.Abs(a - e):E2} > {bound:E2} = {tolerance:E0} · max|o| {scale:E2})");
                    }
                }
            }
            Assert.True(actual.GapsUntouched(), $"{context}: the output's buffer was written outside the view");
        }
    }
}
