using System;
using TensorDsl.Equivariant;

namespace TensorDsl.Tests.Equivariant
{
    /// <summary>
    /// Wigner-D matrices of the real spherical harmonics, computed independently of any Gaunt code: from the harmonics at
    /// rotated points, D^l(R) is the matrix with Y_l(R·p) = D^l(R)·Y_l(p) for every direction p (least squares over many p).
    /// Rotating a spherical function f(p) = Σ x_lm Y_lm(p) to f(R⁻¹p) maps its degree-l coefficients to D^l(R)·x_l.
    /// </summary>
    public static class WignerD
    {
        /// <summary>D^l(R) as a (2l+1)×(2l+1) row-major array (rows: m of Y(Rp), columns: m' of Y(p)).</summary>
        public static double[,] Of(int l, double[,] rotation, Random rng)
        {
            int size = 2 * l + 1, samples = 4 * size + 8;
            var a = new double[samples, size];
            var b = new double[samples, size];
            var y = new double[SphericalHarmonics.Count(l)];
            for (int s = 0; s < samples; s++)
            {
                var p = RandomDirection(rng);
                SphericalHarmonics.Evaluate(l, p[0], p[1], p[2], y);
                for (int m = 0; m < size; m++) a[s, m] = y[l * l + m];
                var q = Apply(rotation, p);
                SphericalHarmonics.Evaluate(l, q[0], q[1], q[2], y);
                for (int m = 0; m < size; m++) b[s, m] = y[l * l + m];
            }
            // Solve A·Dᵀ = B in the least-squares sense through the normal equations (AᵀA is well conditioned for random p).
            var ata = new double[size, size];
            var atb = new double[size, size];
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    double sa = 0, sb = 0;
                    for (int s = 0; s < samples; s++)
                    {
                        sa += a[s, i] * a[s, j];
                        sb += a[s, i] * b[s, j];
                    }
                    ata[i, j] = sa;
                    atb[i, j] = sb;
                }
            }
            var dt = Solve(ata, atb);
            var d = new double[size, size];
            for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) d[i, j] = dt[j, i];
            return d;
        }

        /// <summary>A random rotation (uniform, from a random unit quaternion).</summary>
        public static double[,] RandomRotation(Random rng)
        {
            double u1 = rng.NextDouble(), u2 = rng.NextDouble(), u3 = rng.NextDouble();
            double w = Math.Sqrt(1 - u1) * Math.Sin(2 * Math.PI * u2), x = Math.Sqrt(1 - u1) * Math.Cos(2 * Math.PI * u2);
            double y = Math.Sqrt(u1) * Math.Sin(2 * Math.PI * u3), z = Math.Sqrt(u1) * Math.Cos(2 * Math.PI * u3);
            return new double[,]
            {
                { 1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w) },
                { 2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w) },
                { 2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y) },
            };
        }

        /// <summary>Applies the block-diagonal D(R) for degrees 0..lmax to a coefficient vector (flat index l²+l+m).</summary>
        public static double[] Rotate(double[][,] blocks, double[] x)
        {
            var result = new double[x.Length];
            for (int l = 0; l < blocks.Length; l++)
            {
                int size = 2 * l + 1, start = l * l;
                for (int i = 0; i < size; i++)
                {
                    double s = 0;
                    for (int j = 0; j < size; j++) s += blocks[l][i, j] * x[start + j];
                    result[start + i] = s;
                }
            }
            return result;
        }

        private static double[] RandomDirection(Random rng)
        {
            while (true)
            {
                double x = rng.NextDouble() * 2 - 1, y = rng.NextDouble() * 2 - 1, z = rng.NextDouble() * 2 - 1;
                double r = Math.Sqrt(x * x + y * y + z * z);
                if (r > 0.1 && r <= 1) return new[] { x / r, y / r, z / r };
            }
        }

        private static double[] Apply(double[,] r, double[] p)
            => new[]
            {
                r[0, 0] * p[0] + r[0, 1] * p[1] + r[0, 2] * p[2],
                r[1, 0] * p[0] + r[1, 1] * p[1] + r[1, 2] * p[2],
                r[2, 0] * p[0] + r[2, 1] * p[1] + r[2, 2] * p[2],
            };

        // Gauss–Jordan elimination with partial pivoting: M·X = B.
        private static double[,] Solve(double[,] m, double[,] b)
        {
            int n = m.GetLength(0), k = b.GetLength(1);
            var a = (double[,])m.Clone();
            var x = (double[,])b.Clone();
            for (int c = 0; c < n; c++)
            {
                int pivot = c;
                for (int r = c + 1; r < n; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c])) pivot = r;
                for (int j = 0; j < n; j++) (a[c, j], a[pivot, j]) = (a[pivot, j], a[c, j]);
                for (int j = 0; j < k; j++) (x[c, j], x[pivot, j]) = (x[pivot, j], x[c, j]);
                double inv = 1 / a[c, c];
                for (int r = 0; r < n; r++)
                {
                    if (r == c) continue;
                    double f = a[r, c] * inv;
                    if (f == 0) continue;
                    for (int j = 0; j < n; j++) a[r, j] -= f * a[c, j];
                    for (int j = 0; j < k; j++) x[r, j] -= f * x[c, j];
                }
            }
            for (int r = 0; r < n; r++) for (int j = 0; j < k; j++) x[r, j] /= a[r, r];
            return x;
        }
    }
}
