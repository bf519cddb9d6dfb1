using System;

namespace TensorDsl.Benchmarks.Peers
{
    /// <summary>
    /// The naive peer: the textbook loop nest a person writes first, scalar, row-major arrays, summed index innermost.
    /// </summary>
    public static class NaiveLoops
    {
        public static void MatMul<T>(T[] a, T[] b, T[] c, int n) where T : System.Numerics.INumber<T>
        {
            for (int i = 0; i < n; i++)
                for (int k = 0; k < n; k++)
                {
                    T sum = T.Zero;
                    for (int j = 0; j < n; j++) sum += a[i * n + j] * b[j * n + k];
                    c[i * n + k] = sum;
                }
        }

        /// <summary>"ji,kj->ik": a and b stored transposed.</summary>
        public static void MatMulTransposed(float[] a, float[] b, float[] c, int n)
        {
            for (int i = 0; i < n; i++)
                for (int k = 0; k < n; k++)
                {
                    float sum = 0;
                    for (int j = 0; j < n; j++) sum += a[j * n + i] * b[k * n + j];
                    c[i * n + k] = sum;
                }
        }

        public static void BatchedMatMul(float[] a, float[] b, float[] c, int batch, int n)
        {
            int nn = n * n;
            for (int p = 0; p < batch; p++)
                for (int i = 0; i < n; i++)
                    for (int k = 0; k < n; k++)
                    {
                        float sum = 0;
                        for (int j = 0; j < n; j++) sum += a[p * nn + i * n + j] * b[p * nn + j * n + k];
                        c[p * nn + i * n + k] = sum;
                    }
        }

        /// <summary>"bhqd,bhkd->bhqk" with bh flattened into <paramref name="heads"/>.</summary>
        public static void AttentionScores(float[] q, float[] k, float[] s, int heads, int len, int d)
        {
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < len; i++)
                    for (int j = 0; j < len; j++)
                    {
                        float sum = 0;
                        for (int x = 0; x < d; x++) sum += q[(h * len + i) * d + x] * k[(h * len + j) * d + x];
                        s[(h * len + i) * len + j] = sum;
                    }
        }

        /// <summary>"ij,jk,kl,lm->im" as one loop nest over all five indices, for the first <paramref name="rows"/> values of i.</summary>
        public static void Chain4(float[] a, float[] b, float[] c, float[] d, float[] e, int n, int rows)
        {
            for (int i = 0; i < rows; i++)
                for (int m = 0; m < n; m++)
                {
                    float sum = 0;
                    for (int j = 0; j < n; j++)
                        for (int k = 0; k < n; k++)
                        {
                            float ab = a[i * n + j] * b[j * n + k];
                            for (int l = 0; l < n; l++) sum += ab * c[k * n + l] * d[l * n + m];
                        }
                    e[i * n + m] = sum;
                }
        }

        /// <summary>"ii,ij->j".</summary>
        public static void DiagonalTimesMatrix(float[] a, float[] b, float[] c, int n)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int i = 0; i < n; i++) sum += a[i * n + i] * b[i * n + j];
                c[j] = sum;
            }
        }
    }
}
