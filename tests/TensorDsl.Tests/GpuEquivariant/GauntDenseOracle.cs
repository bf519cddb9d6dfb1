using System;
using System.Collections.Concurrent;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Tests.GpuEquivariant
{
    /// <summary>
    /// The dense Gaunt product in double, built in the test from <see cref="GauntCoefficients.Value"/> over every index triple:
    /// z[r, I3] = Σ_{I1, I2} G(I1, I2, I3)·x[r, I1]·y[r, I2]. Independent of the Fourier tables the code under test uses.
    /// </summary>
    internal static class GauntDenseOracle
    {
        private static readonly ConcurrentDictionary<(int, int, int), double[]> s_dense = new();

        public static int Size(int l) => (l + 1) * (l + 1);

        /// <summary>The product of <paramref name="rows"/> dense rows of x and y (row-major), degrees ≤ <paramref name="lOut"/>.</summary>
        public static double[] Product(int l1, int l2, int lOut, double[] x, double[] y, int rows)
        {
            double[] g = Dense(l1, l2, lOut);
            int s1 = Size(l1), s2 = Size(l2), so = Size(lOut);
            var z = new double[rows * so];
            for (int r = 0; r < rows; r++)
            {
                for (int i1 = 0; i1 < s1; i1++)
                {
                    for (int i2 = 0; i2 < s2; i2++)
                    {
                        double xy = x[r * s1 + i1] * y[r * s2 + i2];
                        int at = (i1 * s2 + i2) * so;
                        for (int i3 = 0; i3 < so; i3++) z[r * so + i3] += g[at + i3] * xy;
                    }
                }
            }
            return z;
        }

        private static double[] Dense(int l1, int l2, int lOut) => s_dense.GetOrAdd((l1, l2, lOut), key =>
        {
            int s1 = Size(key.Item1), s2 = Size(key.Item2), so = Size(key.Item3);
            var g = new double[s1 * s2 * so];
            for (int i1 = 0; i1 < s1; i1++)
            {
                var (a1, m1) = Degree(i1);
                for (int i2 = 0; i2 < s2; i2++)
                {
                    var (a2, m2) = Degree(i2);
                    for (int i3 = 0; i3 < so; i3++)
                    {
                        var (a3, m3) = Degree(i3);
                        g[(i1 * s2 + i2) * so + i3] = GauntCoefficients.Value(a1, m1, a2, m2, a3, m3);
                    }
                }
            }
            return g;
        });

        private static (int L, int M) Degree(int index)
        {
            int l = (int)Math.Sqrt(index);
            while (l * l > index) l--;
            while ((l + 1) * (l + 1) <= index) l++;
            return (l, index - l * l - l);
        }
    }
}
