using System;
using Xunit;
using RuntimeWignerD = TensorDsl.Equivariant.WignerD;

namespace TensorDsl.Tests.Equivariant
{
    /// <summary>
    /// The runtime <see cref="TensorDsl.Equivariant.WignerD"/> (exact quadrature projection) against the test suite's own
    /// least-squares construction (<see cref="WignerD"/>, a different method), against the closed form of degree one
    /// (R with rows and columns in the (y, z, x) order of the harmonics), and against the group properties: orthogonality,
    /// D(I) = I, D(R₁R₂) = D(R₁)·D(R₂), and Y_l(R·p) = D^l(R)·Y_l(p) at random directions.
    /// </summary>
    public sealed class WignerDRuntimeTests
    {
        [Fact]
        public void Blocks_match_the_least_squares_construction_up_to_degree_12()
        {
            var rng = new Random(11);
            for (int trial = 0; trial < 3; trial++)
            {
                var rotation = WignerD.RandomRotation(rng);
                var blocks = RuntimeWignerD.Blocks(12, rotation);
                for (int l = 0; l <= 12; l++)
                {
                    var expected = WignerD.Of(l, rotation, rng);
                    Assert.True(MaxDifference(blocks[l], expected) <= 1e-10, $"l={l}: {MaxDifference(blocks[l], expected):E2}");
                    Assert.True(MaxDifference(RuntimeWignerD.Block(l, rotation), blocks[l]) <= 1e-13, $"l={l}: Block differs from Blocks");
                }
            }
        }

        [Fact]
        public void Degree_one_is_the_rotation_in_y_z_x_order()
        {
            var rng = new Random(12);
            int[] order = { 1, 2, 0 };
            for (int trial = 0; trial < 5; trial++)
            {
                var r = WignerD.RandomRotation(rng);
                var d = RuntimeWignerD.Block(1, r);
                for (int a = 0; a < 3; a++)
                {
                    for (int b = 0; b < 3; b++) Assert.Equal(r[order[a], order[b]], d[a, b], 13);
                }
            }
            // A quarter turn about z: x → y, y → −x. Y_1 = c·(y, z, x), so (Y_1,−1, Y_1,0, Y_1,1)(Rp) = c·(x, z, −y).
            var quarter = new double[,] { { 0, -1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } };
            var expected = new double[,] { { 0, 0, 1 }, { 0, 1, 0 }, { -1, 0, 0 } };
            Assert.True(MaxDifference(RuntimeWignerD.Block(1, quarter), expected) <= 1e-14);
            Assert.Equal(1.0, RuntimeWignerD.Block(0, quarter)[0, 0], 14);
        }

        [Fact]
        public void Blocks_are_orthogonal_multiplicative_and_the_identity_for_no_rotation()
        {
            var rng = new Random(13);
            var identity = new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
            var r1 = WignerD.RandomRotation(rng);
            var r2 = WignerD.RandomRotation(rng);
            const int lmax = 16;
            var d1 = RuntimeWignerD.Blocks(lmax, r1);
            var d2 = RuntimeWignerD.Blocks(lmax, r2);
            var d12 = RuntimeWignerD.Blocks(lmax, Multiply(r1, r2));
            var di = RuntimeWignerD.Blocks(lmax, identity);
            for (int l = 0; l <= lmax; l++)
            {
                var eye = Eye(2 * l + 1);
                Assert.True(MaxDifference(Multiply(d1[l], Transpose(d1[l])), eye) <= 1e-12, $"l={l}: D·Dᵀ ≠ I");
                Assert.True(MaxDifference(di[l], eye) <= 1e-12, $"l={l}: D(I) ≠ I");
                Assert.True(MaxDifference(Multiply(d1[l], d2[l]), d12[l]) <= 1e-12, $"l={l}: D(R1 R2) ≠ D(R1) D(R2)");
            }
        }

        [Fact]
        public void Rotate_maps_harmonics_at_a_point_to_harmonics_at_the_rotated_point()
        {
            var rng = new Random(14);
            const int lmax = 10;
            var r = WignerD.RandomRotation(rng);
            var blocks = RuntimeWignerD.Blocks(lmax, r);
            int count = (lmax + 1) * (lmax + 1);
            var at = new double[count];
            var rotated = new double[count];
            var mapped = new double[count];
            for (int s = 0; s < 20; s++)
            {
                double x = rng.NextDouble() * 2 - 1, y = rng.NextDouble() * 2 - 1, z = rng.NextDouble() * 2 - 1;
                TensorDsl.Equivariant.SphericalHarmonics.Evaluate(lmax, x, y, z, at);
                TensorDsl.Equivariant.SphericalHarmonics.Evaluate(lmax, r[0, 0] * x + r[0, 1] * y + r[0, 2] * z, r[1, 0] * x + r[1, 1] * y + r[1, 2] * z,
                    r[2, 0] * x + r[2, 1] * y + r[2, 2] * z, rotated);
                RuntimeWignerD.Rotate(blocks, at, mapped);
                for (int i = 0; i < count; i++) Assert.True(Math.Abs(mapped[i] - rotated[i]) <= 1e-12, $"index {i}: {mapped[i]} vs {rotated[i]}");
            }
        }

        [Fact]
        public void Bad_arguments_throw_and_write_nothing()
        {
            var notOrthogonal = new double[,] { { 1, 0, 0 }, { 0, 2, 0 }, { 0, 0, 1 } };
            var error = Assert.Throws<ArgumentException>(() => RuntimeWignerD.Block(2, notOrthogonal));
            Assert.Contains("not orthogonal", error.Message);
            Assert.Throws<ArgumentException>(() => RuntimeWignerD.Block(2, new double[2, 2]));
            Assert.Throws<ArgumentOutOfRangeException>(() => RuntimeWignerD.Blocks(-1, Eye(3)));

            var blocks = RuntimeWignerD.Blocks(1, Eye(3));
            var result = new double[9];
            Array.Fill(result, 7.0);
            Assert.Throws<ArgumentException>(() => RuntimeWignerD.Rotate(blocks, new double[9], result));       // needs 3 blocks
            Assert.Throws<ArgumentException>(() => RuntimeWignerD.Rotate(blocks, new double[5], new double[5])); // 5 is not a square
            Assert.Throws<ArgumentException>(() => RuntimeWignerD.Rotate(blocks, new double[4], new double[9])); // lengths differ
            Assert.All(result, v => Assert.Equal(7.0, v));
        }

        private static double MaxDifference(double[,] a, double[,] b)
        {
            Assert.Equal(b.GetLength(0), a.GetLength(0));
            Assert.Equal(b.GetLength(1), a.GetLength(1));
            double max = 0;
            for (int i = 0; i < a.GetLength(0); i++) for (int j = 0; j < a.GetLength(1); j++) max = Math.Max(max, Math.Abs(a[i, j] - b[i, j]));
            return max;
        }

        private static double[,] Multiply(double[,] a, double[,] b)
        {
            int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
            var c = new double[n, m];
            for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) { double s = 0; for (int t = 0; t < k; t++) s += a[i, t] * b[t, j]; c[i, j] = s; }
            return c;
        }

        private static double[,] Transpose(double[,] a)
        {
            var t = new double[a.GetLength(1), a.GetLength(0)];
            for (int i = 0; i < a.GetLength(0); i++) for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
            return t;
        }

        private static double[,] Eye(int n)
        {
            var e = new double[n, n];
            for (int i = 0; i < n; i++) e[i, i] = 1;
            return e;
        }
    }
}
