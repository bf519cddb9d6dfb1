using System;
using System.Linq;
using TensorDsl.Gpu.Attention;
using Xunit;

namespace TensorDsl.Tests.GpuAttention
{
    /// <summary>
    /// The test oracle: attention in double precision the textbook way — materialize every score, subtract the row's
    /// maximum, exponentiate, normalize, contract with the values. Windows are read through their public bounds only.
    /// </summary>
    internal static class AttentionReference
    {
        /// <summary>Whether <paramref name="window"/> admits key <paramref name="j"/> for query row <paramref name="i"/> (j − i cannot overflow).</summary>
        public static bool Admits(DeviceKeyWindow window, long i, long j) => window.IsFull || (j - i >= window.Low && j - i < window.High);

        /// <summary>Standard attention; row-major [n, dv]. <paramref name="empty"/>[i] is true when row i admits no key.</summary>
        public static double[] Standard(double[] q, double[] k, double[] v, int n, int m, int d, int dv, double scale, DeviceKeyWindow window, out bool[] empty)
        {
            var o = new double[n * dv];
            empty = new bool[n];
            var scores = new double[m];
            for (int i = 0; i < n; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < m; j++)
                {
                    if (!Admits(window, i, j)) { scores[j] = double.NaN; continue; }
                    double s = 0;
                    for (int l = 0; l < d; l++) s += q[i * d + l] * k[j * d + l];
                    scores[j] = scale * s;
                    max = Math.Max(max, scores[j]);
                }
                if (double.IsNegativeInfinity(max)) { empty[i] = true; continue; }
                double sum = 0;
                var acc = new double[dv];
                for (int j = 0; j < m; j++)
                {
                    if (double.IsNaN(scores[j])) continue;
                    double p = Math.Exp(scores[j] - max);
                    sum += p;
                    for (int c = 0; c < dv; c++) acc[c] += p * v[j * dv + c];
                }
                for (int c = 0; c < dv; c++) o[i * dv + c] = acc[c] / sum;
            }
            return o;
        }

        /// <summary>Tensor attention; row-major [n, dv]. <paramref name="empty"/>[i] is true when row i admits no pair.</summary>
        public static double[] Tensor(double[] q, double[] k1, double[] k2, double[] v1, double[] v2, int n, int m1, int m2, int d, int dv,
            double scale, DeviceKeyWindow window1, DeviceKeyWindow window2, out bool[] empty)
        {
            var o = new double[n * dv];
            empty = new bool[n];
            var scores = new double[m1, m2];
            for (int i = 0; i < n; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < m1; j++)
                {
                    for (int k = 0; k < m2; k++)
                    {
                        if (!Admits(window1, i, j) || !Admits(window2, i, k)) { scores[j, k] = double.NaN; continue; }
                        double s = 0;
                        for (int l = 0; l < d; l++) s += q[i * d + l] * k1[j * d + l] * k2[k * d + l];
                        scores[j, k] = scale * s;
                        max = Math.Max(max, scores[j, k]);
                    }
                }
                if (double.IsNegativeInfinity(max)) { empty[i] = true; continue; }
                double sum = 0;
                var acc = new double[dv];
                for (int j = 0; j < m1; j++)
                {
                    for (int k = 0; k < m2; k++)
                    {
                        if (double.IsNaN(scores[j, k])) continue;
                        double p = Math.Exp(scores[j, k] - max);
                        sum += p;
                        for (int c = 0; c < dv; c++) acc[c] += p * v1[j * dv + c] * v2[k * dv + c];
                    }
                }
                for (int c = 0; c < dv; c++) o[i * dv + c] = acc[c] / sum;
            }
            return o;
        }

        /// <summary>
        /// Asserts |actual − expected| ≤ tolerance · max|expected| for every element (double 1e-10, float 1e-4), and that the
        /// rows that admit nothing are exactly zero.
        /// </summary>
        public static void AssertClose(string label, double[] expected, double[] actual, int dv, bool[] empty, double tolerance)
        {
            Assert.Equal(expected.Length, actual.Length);
            double scale = expected.Length == 0 ? 0 : expected.Max(Math.Abs);
            double bound = tolerance * scale;
            for (int p = 0; p < expected.Length; p++)
            {
                if (empty[p / dv])
                {
                    Assert.True(actual[p] == 0, $"{label}: element {p} (row {p / dv}, whose window admits nothing): got {actual[p]}, expected exactly 0");
                    continue;
                }
                Assert.True(Math.Abs(actual[p] - expected[p]) <= bound,
                    $"{label}: element {p} (row {p / dv}, column {p % dv}): got {actual[p]}, expected {expected[p]} (error {Math.Abs(actual[p] - expected[p]):g3}, bound {bound:g3})");
            }
        }

        /// <summary>The tolerance of the element type, relative to max|o|.</summary>
        public static double Tolerance<T>() => typeof(T) == typeof(float) ? 1e-4 : 1e-10;

        /// <summary>Random data in [−<paramref name="magnitude"/>, <paramref name="magnitude"/>], rounded to float when <typeparamref name="T"/> is float
        /// (so the oracle sees exactly what the kernel reads).</summary>
        public static double[] Data<T>(Random rng, int count, double magnitude = 1)
        {
            var data = TestData.Random(rng, count).Select(x => x * magnitude).ToArray();
            return typeof(T) == typeof(float) ? data.Select(x => (double)(float)x).ToArray() : data;
        }

        public static T[] As<T>(double[] data)
            => typeof(T) == typeof(float) ? (T[])(object)TestData.ToFloat(data) : (T[])(object)data.ToArray();

        public static double[] ToDouble<T>(T[] data)
            => typeof(T) == typeof(float) ? TestData.ToDouble((float[])(object)data) : ((double[])(object)data).ToArray();

        public static T Scalar<T>(double value) => typeof(T) == typeof(float) ? (T)(object)(float)value : (T)(object)value;

        /// <summary>NaN of <typeparamref name="T"/>: outputs start as NaN, so an element the kernel does not overwrite fails the comparison.</summary>
        public static T[] NaNs<T>(int count) => As<T>(Enumerable.Repeat(double.NaN, count).ToArray());
    }
}
