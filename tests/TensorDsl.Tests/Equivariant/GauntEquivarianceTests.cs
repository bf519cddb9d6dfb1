using System;
using System.Linq;
using TensorDsl.Language.Equivariant;
using Xunit;

namespace TensorDsl.Tests.Equivariant
{
    /// <summary>
    /// The Gaunt product commutes with rotations: product(D¹x, D²y) = D³·product(x, y), with Wigner-D matrices computed
    /// independently from the harmonics at rotated points (<see cref="WignerD"/>). Checks the coefficient tables
    /// (phases, the real-harmonic convention) beyond the reference file, up to L = 8.
    /// </summary>
    public sealed class GauntEquivarianceTests
    {
        /// <summary>The dense Gaunt product from the coefficient table: z[I3] = Σ G(I1, I2, I3) x[I1] y[I2].</summary>
        internal static double[] DenseProduct(int l1, int l2, int lOut, double[] x, double[] y)
        {
            var z = new double[(lOut + 1) * (lOut + 1)];
            foreach (var e in GauntCoefficients.Table(l1, l2, lOut)) z[e.I3] += e.Value * x[e.I1] * y[e.I2];
            return z;
        }

        [Theory]
        [InlineData(1, 1, 2)]
        [InlineData(2, 3, 4)]
        [InlineData(4, 4, 8)]
        [InlineData(8, 8, 16)]
        [InlineData(8, 5, 6)]
        public void The_product_commutes_with_random_rotations(int l1, int l2, int lOut)
        {
            var rng = new Random(1000 * l1 + 10 * l2 + lOut);
            for (int trial = 0; trial < 2; trial++)
            {
                var rotation = WignerD.RandomRotation(rng);
                int lmax = Math.Max(Math.Max(l1, l2), lOut);
                var blocks = Enumerable.Range(0, lmax + 1).Select(l => WignerD.Of(l, rotation, rng)).ToArray();
                var x = Enumerable.Range(0, (l1 + 1) * (l1 + 1)).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
                var y = Enumerable.Range(0, (l2 + 1) * (l2 + 1)).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

                var rotatedFirst = DenseProduct(l1, l2, lOut, WignerD.Rotate(blocks.Take(l1 + 1).ToArray(), x), WignerD.Rotate(blocks.Take(l2 + 1).ToArray(), y));
                var rotatedAfter = WignerD.Rotate(blocks.Take(lOut + 1).ToArray(), DenseProduct(l1, l2, lOut, x, y));
                double error = rotatedFirst.Zip(rotatedAfter, (a, b) => Math.Abs(a - b)).Max();
                Assert.True(error <= 1e-9, $"L=({l1},{l2},{lOut}): equivariance error {error:E2}");
            }
        }

        [Fact]
        public void Wigner_D_blocks_are_orthogonal_and_the_identity_for_no_rotation()
        {
            var rng = new Random(5);
            var identity = new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
            for (int l = 0; l <= 8; l++)
            {
                var d = WignerD.Of(l, WignerD.RandomRotation(rng), rng);
                var e = WignerD.Of(l, identity, rng);
                int size = 2 * l + 1;
                for (int i = 0; i < size; i++)
                {
                    for (int j = 0; j < size; j++)
                    {
                        double dot = 0;
                        for (int k = 0; k < size; k++) dot += d[i, k] * d[j, k];
                        Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) < 1e-10, $"l={l}: D Dᵀ[{i},{j}] = {dot}");
                        Assert.True(Math.Abs(e[i, j] - (i == j ? 1 : 0)) < 1e-10, $"l={l}: D(I)[{i},{j}] = {e[i, j]}");
                    }
                }
            }
        }

        [Fact]
        public void A_wrong_sign_in_one_coefficient_breaks_equivariance()
        {
            // The test's power: flip the sign of one nonzero coefficient and the product is no longer equivariant.
            var rng = new Random(9);
            var rotation = WignerD.RandomRotation(rng);
            var blocks = Enumerable.Range(0, 5).Select(l => WignerD.Of(l, rotation, rng)).ToArray();
            var table = GauntCoefficients.Table(2, 2, 4).ToArray();
            int flipped = Array.FindIndex(table, e => e.L1 == 2 && e.L2 == 2 && e.L3 == 2 && e.M1 == 1);
            double[] Product(double[] x, double[] y)
            {
                var z = new double[25];
                for (int k = 0; k < table.Length; k++) z[table[k].I3] += (k == flipped ? -1 : 1) * table[k].Value * x[table[k].I1] * y[table[k].I2];
                return z;
            }
            var x = Enumerable.Range(0, 9).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var y = Enumerable.Range(0, 9).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var a = Product(WignerD.Rotate(blocks.Take(3).ToArray(), x), WignerD.Rotate(blocks.Take(3).ToArray(), y));
            var b = WignerD.Rotate(blocks, Product(x, y));
            Assert.True(flipped >= 0);
            Assert.True(a.Zip(b, (p, q) => Math.Abs(p - q)).Max() > 1e-3);
        }
    }
}
