using System;

namespace TensorDsl.Benchmarks.Peers
{
    /// <summary>
    /// Attention as straightforward loops, the way it is written without a compiler: per query row, every score, its
    /// maximum, the exponentials, the weighted sum. Runs the first <c>rows</c> query rows (the work per row is the same).
    /// </summary>
    public static class NaiveAttention
    {
        public static void Tensor(float[] q, float[] k1, float[] k2, float[] v1, float[] v2, float scale, float[] o, int n, int d, int rows)
        {
            var s = new float[n * n];
            for (int i = 0; i < rows; i++)
            {
                float max = float.NegativeInfinity;
                for (int j = 0; j < n; j++)
                {
                    for (int k = 0; k < n; k++)
                    {
                        float dot = 0;
                        for (int l = 0; l < d; l++) dot += q[i * d + l] * k1[j * d + l] * k2[k * d + l];
                        s[j * n + k] = scale * dot;
                        max = Math.Max(max, s[j * n + k]);
                    }
                }
                float sum = 0;
                for (int c = 0; c < d; c++) o[i * d + c] = 0;
                for (int j = 0; j < n; j++)
                {
                    for (int k = 0; k < n; k++)
                    {
                        float p = MathF.Exp(s[j * n + k] - max);
                        sum += p;
                        for (int c = 0; c < d; c++) o[i * d + c] += p * v1[j * d + c] * v2[k * d + c];
                    }
                }
                for (int c = 0; c < d; c++) o[i * d + c] /= sum;
            }
        }

        public static void Standard(float[] q, float[] k, float[] v, float scale, float[] o, int n, int d, int rows)
        {
            var s = new float[n];
            for (int i = 0; i < rows; i++)
            {
                float max = float.NegativeInfinity;
                for (int j = 0; j < n; j++)
                {
                    float dot = 0;
                    for (int l = 0; l < d; l++) dot += q[i * d + l] * k[j * d + l];
                    s[j] = scale * dot;
                    max = Math.Max(max, s[j]);
                }
                float sum = 0;
                for (int c = 0; c < d; c++) o[i * d + c] = 0;
                for (int j = 0; j < n; j++)
                {
                    float p = MathF.Exp(s[j] - max);
                    sum += p;
                    for (int c = 0; c < d; c++) o[i * d + c] += p * v[j * d + c];
                }
                for (int c = 0; c < d; c++) o[i * d + c] /= sum;
            }
        }
    }
}
