using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Equivariant;
using TensorDsl.Language.Equivariant;
using Xunit;

namespace TensorDsl.Tests.Equivariant
{
    /// <summary>
    /// <see cref="GauntFourier"/> against a dense Gaunt oracle built in the test from <see cref="GauntCoefficients.Value"/>:
    /// z[I3] = Σ_{I1, I2} G(I1, I2, I3)·x[I1]·y[I2].
    /// </summary>
    public sealed class GauntFourierTests
    {
        private static readonly GauntFourierConvolution[] s_methods =
            { GauntFourierConvolution.Direct, GauntFourierConvolution.Rings, GauntFourierConvolution.Fft, GauntFourierConvolution.Auto };

        private static readonly ConcurrentDictionary<(int, int), double[]> s_dense = new();

        [Fact]
        public void DoubleMatchesDenseOracleForEveryDegreeUpTo8()
        {
            var rng = new Random(11);
            const int rows = 19; // two full blocks of 8 doubles (AVX-512) and a partial one
            double worst = 0;
            for (int l1 = 0; l1 <= 8; l1++)
            {
                for (int l2 = 0; l2 <= 8; l2++)
                {
                    double[] x = TestData.Random(rng, rows * Size(l1));
                    double[] y = TestData.Random(rng, rows * Size(l2));
                    double[] full = DenseProduct(l1, l2, l1 + l2, x, y, rows);
                    for (int lOut = 0; lOut <= l1 + l2; lOut++)
                    {
                        double[] expected = Truncate(full, l1 + l2, lOut, rows);
                        foreach (var method in s_methods)
                        {
                            var z = new double[rows * Size(lOut)];
                            GauntFourier.Product(l1, l2, lOut, Span(x, rows, Size(l1)), Span(y, rows, Size(l2)), Out(z, rows, Size(lOut)), method);
                            worst = Math.Max(worst, MaxError(expected, z));
                            AssertClose(expected, z, 1e-10, $"l1={l1} l2={l2} lOut={lOut} {method}");
                        }
                    }
                }
            }
            Assert.True(worst < 1e-12, $"largest error {worst:e2}");
        }

        [Fact]
        public void FloatMatchesDenseOracleForEveryDegreeUpTo8()
        {
            var rng = new Random(12);
            const int rows = 35; // two full blocks of 16 floats and a partial one
            for (int l1 = 0; l1 <= 8; l1++)
            {
                for (int l2 = 0; l2 <= 8; l2++)
                {
                    float[] x = TestData.ToFloat(TestData.Random(rng, rows * Size(l1)));
                    float[] y = TestData.ToFloat(TestData.Random(rng, rows * Size(l2)));
                    double[] full = DenseProduct(l1, l2, l1 + l2, TestData.ToDouble(x), TestData.ToDouble(y), rows);
                    for (int lOut = 0; lOut <= l1 + l2; lOut += l1 + l2 > 4 ? 3 : 1)
                    {
                        double[] expected = Truncate(full, l1 + l2, lOut, rows);
                        foreach (var method in s_methods)
                        {
                            var z = new float[rows * Size(lOut)];
                            GauntFourier.Product(l1, l2, lOut, Span(x, rows, Size(l1)), Span(y, rows, Size(l2)), Out(z, rows, Size(lOut)), method);
                            AssertClose(expected, TestData.ToDouble(z), 1e-4, $"float l1={l1} l2={l2} lOut={lOut} {method}");
                        }
                    }
                }
            }
        }

        [Theory]
        [InlineData(12, 12, 24)]
        [InlineData(12, 5, 11)]
        [InlineData(16, 16, 32)]
        [InlineData(16, 9, 20)]
        [InlineData(16, 16, 7)]
        public void LargerDegreesMatchTheSparseSum(int l1, int l2, int lOut)
        {
            var rng = new Random(l1 * 100 + l2 + lOut);
            const int rows = 9;
            double[] x = TestData.Random(rng, rows * Size(l1));
            double[] y = TestData.Random(rng, rows * Size(l2));
            double[] expected = SparseProduct(l1, l2, lOut, x, y, rows);
            foreach (var method in s_methods)
            {
                var z = new double[rows * Size(lOut)];
                GauntFourier.Product(l1, l2, lOut, Span(x, rows, Size(l1)), Span(y, rows, Size(l2)), Out(z, rows, Size(lOut)), method);
                AssertClose(expected, z, 1e-10, $"l1={l1} l2={l2} lOut={lOut} {method}");
            }
            float[] xf = TestData.ToFloat(x), yf = TestData.ToFloat(y);
            double[] expectedF = SparseProduct(l1, l2, lOut, TestData.ToDouble(xf), TestData.ToDouble(yf), rows);
            var zf = new float[rows * Size(lOut)];
            GauntFourier.Product(l1, l2, lOut, Span(xf, rows, Size(l1)), Span(yf, rows, Size(l2)), Out(zf, rows, Size(lOut)));
            AssertClose(expectedF, TestData.ToDouble(zf), 1e-4, $"float l1={l1} l2={l2} lOut={lOut}");
        }

        [Fact]
        public void DirectRingsAndFftAgreeWithEachOther()
        {
            var rng = new Random(5);
            const int rows = 17;
            foreach (var (l1, l2) in new[] { (3, 3), (6, 2), (8, 8), (10, 10) })
            {
                int lOut = l1 + l2;
                double[] x = TestData.Random(rng, rows * Size(l1));
                double[] y = TestData.Random(rng, rows * Size(l2));
                double[][] results = new[] { GauntFourierConvolution.Direct, GauntFourierConvolution.Rings, GauntFourierConvolution.Fft }.Select(method =>
                {
                    var z = new double[rows * Size(lOut)];
                    GauntFourier.Product(l1, l2, lOut, Span(x, rows, Size(l1)), Span(y, rows, Size(l2)), Out(z, rows, Size(lOut)), method);
                    return z;
                }).ToArray();
                AssertClose(results[0], results[1], 1e-12, $"Direct vs Rings {l1},{l2}");
                AssertClose(results[0], results[2], 1e-12, $"Direct vs Fft {l1},{l2}");
            }
        }

        [Fact]
        public void AutoChoosesByDegree()
        {
            Assert.Equal(GauntFourierConvolution.Direct, GauntFourier.Choose(1, 1, 2));
            Assert.Equal(GauntFourierConvolution.Rings, GauntFourier.Choose(4, 4, 8));
            Assert.Equal(GauntFourierConvolution.Fft, GauntFourier.Choose(32, 32, 64));
        }

        [Fact]
        public void LeadingAxesBroadcastAndStridesAreHonoured()
        {
            var rng = new Random(7);
            const int l1 = 3, l2 = 2, lOut = 4;
            // x: [2, 5, 16] contiguous; y: [5, 9] (broadcast over the batch axis); z: [2, 5, 25].
            double[] x = TestData.Random(rng, 2 * 5 * Size(l1));
            double[] y = TestData.Random(rng, 5 * Size(l2));
            var z = new double[2 * 5 * Size(lOut)];
            GauntFourier.Product(l1, l2, lOut, new ReadOnlyTensorSpan<double>(x, new nint[] { 2, 5, Size(l1) }),
                new ReadOnlyTensorSpan<double>(y, new nint[] { 5, Size(l2) }), new TensorSpan<double>(z, new nint[] { 2, 5, Size(lOut) }));
            for (int b = 0; b < 2; b++)
            {
                for (int c = 0; c < 5; c++)
                {
                    double[] xr = x.Skip((b * 5 + c) * Size(l1)).Take(Size(l1)).ToArray();
                    double[] yr = y.Skip(c * Size(l2)).Take(Size(l2)).ToArray();
                    double[] expected = DenseProduct(l1, l2, lOut, xr, yr, 1);
                    AssertClose(expected, z.Skip((b * 5 + c) * Size(lOut)).Take(Size(lOut)).ToArray(), 1e-12, $"row {b},{c}");
                }
            }

            // Transposed layouts: x stored [16, 20] and read as [20, 16] with strides (1, 20); y a [1, 9] row broadcast to 20 rows;
            // z written with a padded row stride of 30 (full blocks of rows take the tiled transposes, the last one does not).
            const int n = 20;
            double[] xt = TestData.Random(rng, Size(l1) * n);
            double[] y1 = TestData.Random(rng, Size(l2));
            var zp = new double[n * 30];
            Array.Fill(zp, 42.0);
            GauntFourier.Product(l1, l2, lOut, new ReadOnlyTensorSpan<double>(xt, 0, new nint[] { n, Size(l1) }, new nint[] { 1, n }),
                new ReadOnlyTensorSpan<double>(y1, new nint[] { 1, Size(l2) }),
                new TensorSpan<double>(zp, 0, new nint[] { n, Size(lOut) }, new nint[] { 30, 1 }));
            for (int r = 0; r < n; r++)
            {
                double[] xr = Enumerable.Range(0, Size(l1)).Select(i => xt[i * n + r]).ToArray();
                double[] expected = DenseProduct(l1, l2, lOut, xr, y1, 1);
                AssertClose(expected, zp.Skip(r * 30).Take(Size(lOut)).ToArray(), 1e-12, $"strided row {r}");
                Assert.All(zp.Skip(r * 30 + Size(lOut)).Take(30 - Size(lOut)), v => Assert.Equal(42.0, v)); // padding untouched
            }
        }

        [Fact]
        public void ManyThreadsGiveTheSameBitsAsOne()
        {
            var rng = new Random(9);
            const int rows = 3001, l = 6;
            double[] x = TestData.Random(rng, rows * Size(l));
            double[] y = TestData.Random(rng, rows * Size(l));
            var parallel = new double[rows * Size(2 * l)];
            var serial = new double[rows * Size(2 * l)];
            GauntFourier.Product(l, l, 2 * l, Span(x, rows, Size(l)), Span(y, rows, Size(l)), Out(parallel, rows, Size(2 * l)));
            GauntFourier.ThreadLimit = 1;
            try
            {
                GauntFourier.Product(l, l, 2 * l, Span(x, rows, Size(l)), Span(y, rows, Size(l)), Out(serial, rows, Size(2 * l)));
            }
            finally
            {
                GauntFourier.ThreadLimit = 0;
            }
            Assert.Equal(serial, parallel);
            AssertClose(DenseProduct(l, l, 2 * l, x.Take(5 * Size(l)).ToArray(), y.Take(5 * Size(l)).ToArray(), 5),
                parallel.Take(5 * Size(2 * l)).ToArray(), 1e-12, "first rows");
        }

        [Theory]
        [InlineData(256)]
        [InlineData(128)]
        [InlineData(1)]
        public void NarrowerVectorsAndScalarCodeGiveTheSameResults(int bits)
        {
            var rng = new Random(bits);
            const int rows = 13;
            GauntFourier.VectorBits = bits;
            try
            {
                foreach (var (l1, l2, lOut) in new[] { (1, 0, 1), (3, 2, 5), (5, 5, 7), (6, 4, 10) })
                {
                    double[] x = TestData.Random(rng, rows * Size(l1));
                    double[] y = TestData.Random(rng, rows * Size(l2));
                    double[] expected = Truncate(DenseProduct(l1, l2, l1 + l2, x, y, rows), l1 + l2, lOut, rows);
                    foreach (var method in s_methods)
                    {
                        var z = new double[rows * Size(lOut)];
                        GauntFourier.Product(l1, l2, lOut, Span(x, rows, Size(l1)), Span(y, rows, Size(l2)), Out(z, rows, Size(lOut)), method);
                        AssertClose(expected, z, 1e-12, $"{bits} bits l1={l1} l2={l2} lOut={lOut} {method}");
                        var zf = new float[rows * Size(lOut)];
                        GauntFourier.Product(l1, l2, lOut, Span(TestData.ToFloat(x), rows, Size(l1)), Span(TestData.ToFloat(y), rows, Size(l2)),
                            Out(zf, rows, Size(lOut)), method);
                        AssertClose(expected, TestData.ToDouble(zf), 1e-4, $"float {bits} bits l1={l1} l2={l2} lOut={lOut} {method}");
                    }
                }
                // Many-body: ν = 3 with unit weights on the cube only, against the dense oracle applied twice.
                const int l = 2, nu = 3, lo = 4, channels = 13;
                double[] xm = TestData.Random(rng, channels * Size(l));
                var weights = new double[nu * channels * (lo + 1)];
                for (int i = 2 * channels * (lo + 1); i < weights.Length; i++) weights[i] = 1;
                double[] square = DenseProduct(l, l, 2 * l, xm, xm, channels);
                double[] cube = Truncate(DenseProduct(2 * l, l, 3 * l, square, xm, channels), 3 * l, lo, channels);
                foreach (var method in new[] { GauntFourierConvolution.Rings, GauntFourierConvolution.Fft })
                {
                    var z = new double[channels * Size(lo)];
                    GauntFourier.ManyBody(l, nu, lo, new ReadOnlyTensorSpan<double>(xm, new nint[] { channels, Size(l) }),
                        new ReadOnlyTensorSpan<double>(weights, new nint[] { nu, channels, lo + 1 }), Out(z, channels, Size(lo)), method);
                    AssertClose(cube, z, 1e-12, $"many-body {bits} bits {method}");
                }
            }
            finally
            {
                GauntFourier.VectorBits = 0;
            }
        }

        [Fact]
        public void ACallAllocatesNothingOnceWarm()
        {
            var rng = new Random(3);
            const int rows = 40, l = 4;
            double[] x = TestData.Random(rng, rows * Size(l));
            var z = new double[rows * Size(2 * l)];
            var xs = Span(x, rows, Size(l));
            var zs = Out(z, rows, Size(2 * l));
            var weights = new double[3 * rows * (2 * l + 1)];
            var ws = new ReadOnlyTensorSpan<double>(weights, new nint[] { 3, rows, 2 * l + 1 });
            foreach (var method in new[] { GauntFourierConvolution.Direct, GauntFourierConvolution.Rings, GauntFourierConvolution.Fft })
            {
                for (int warm = 0; warm < 2; warm++)
                {
                    GauntFourier.Product(l, l, 2 * l, xs, xs, zs, method);
                }
                long before = GC.GetAllocatedBytesForCurrentThread();
                GauntFourier.Product(l, l, 2 * l, xs, xs, zs, method);
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
                if (method == GauntFourierConvolution.Direct) continue;
                for (int warm = 0; warm < 2; warm++)
                {
                    GauntFourier.ManyBody(l, 3, 2 * l, xs, ws, zs, method);
                }
                before = GC.GetAllocatedBytesForCurrentThread();
                GauntFourier.ManyBody(l, 3, 2 * l, xs, ws, zs, method);
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        [Fact]
        public void EmptyLeadingAxesWriteNothing()
        {
            var z = new double[0];
            GauntFourier.Product(2, 2, 4, new ReadOnlyTensorSpan<double>(new double[0], new nint[] { 0, 9 }),
                new ReadOnlyTensorSpan<double>(new double[9], new nint[] { 1, 9 }), new TensorSpan<double>(z, new nint[] { 0, 25 }));
        }

        // ───────────────────────────── many-body ─────────────────────────────

        [Theory]
        [InlineData(GauntFourierConvolution.Rings)]
        [InlineData(GauntFourierConvolution.Fft)]
        [InlineData(GauntFourierConvolution.Auto)]
        public void TwoFoldProductIsTheGauntProductOfXWithItself(GauntFourierConvolution method)
        {
            var rng = new Random(21);
            foreach (int l in new[] { 0, 1, 2, 3, 5 })
            {
                const int batch = 3, channels = 4;
                int lOut = 2 * l;
                double[] x = TestData.Random(rng, batch * channels * Size(l));
                // w_1 = 0, w_2 = 1: z = P(x ⊗ x).
                var weights = new double[2 * channels * (lOut + 1)];
                for (int i = channels * (lOut + 1); i < weights.Length; i++) weights[i] = 1;
                var z = new double[batch * channels * Size(lOut)];
                GauntFourier.ManyBody(l, 2, lOut, new ReadOnlyTensorSpan<double>(x, new nint[] { batch, channels, Size(l) }),
                    new ReadOnlyTensorSpan<double>(weights, new nint[] { 2, channels, lOut + 1 }),
                    new TensorSpan<double>(z, new nint[] { batch, channels, Size(lOut) }), method);
                var expected = new double[z.Length];
                GauntFourier.Product(l, l, lOut, Span(x, batch * channels, Size(l)), Span(x, batch * channels, Size(l)),
                    Out(expected, batch * channels, Size(lOut)), GauntFourierConvolution.Direct);
                AssertClose(expected, z, 1e-12, $"l={l} {method}");
                AssertClose(DenseProduct(l, l, lOut, x, x, batch * channels), z, 1e-10, $"dense l={l} {method}");
            }
        }

        [Theory]
        [InlineData(GauntFourierConvolution.Rings, 2, 3, 6)]
        [InlineData(GauntFourierConvolution.Fft, 2, 3, 6)]
        [InlineData(GauntFourierConvolution.Rings, 3, 3, 4)]
        [InlineData(GauntFourierConvolution.Fft, 3, 3, 9)]
        [InlineData(GauntFourierConvolution.Rings, 1, 4, 4)]
        [InlineData(GauntFourierConvolution.Fft, 2, 4, 5)]
        [InlineData(GauntFourierConvolution.Auto, 4, 2, 8)]
        public void ManyBodyMatchesRepeatedDenseProductsWeightedPerChannelAndDegree(GauntFourierConvolution method, int l, int nu, int lOut)
        {
            var rng = new Random(31 + l * 7 + nu);
            const int batch = 2, channels = 5;
            int rows = batch * channels;
            double[] x = TestData.Random(rng, rows * Size(l));
            double[] weights = TestData.Random(rng, nu * channels * (lOut + 1));
            // Powers by the dense oracle with every intermediate kept to its full degree n·l (exact).
            var powers = new double[nu][];
            powers[0] = x;
            for (int n = 2; n <= nu; n++)
            {
                powers[n - 1] = DenseProduct((n - 1) * l, l, n * l, powers[n - 2], x, rows);
            }
            var expected = new double[rows * Size(lOut)];
            for (int r = 0; r < rows; r++)
            {
                int c = r % channels;
                for (int n = 1; n <= nu; n++)
                {
                    int degree = n * l;
                    for (int d = 0; d <= Math.Min(lOut, degree); d++)
                    {
                        for (int i = d * d; i < (d + 1) * (d + 1); i++)
                        {
                            expected[r * Size(lOut) + i] += weights[((n - 1) * channels + c) * (lOut + 1) + d] * powers[n - 1][r * Size(degree) + i];
                        }
                    }
                }
            }
            var z = new double[rows * Size(lOut)];
            GauntFourier.ManyBody(l, nu, lOut, new ReadOnlyTensorSpan<double>(x, new nint[] { batch, channels, Size(l) }),
                new ReadOnlyTensorSpan<double>(weights, new nint[] { nu, channels, lOut + 1 }),
                new TensorSpan<double>(z, new nint[] { batch, channels, Size(lOut) }), method);
            AssertClose(expected, z, 1e-10, $"l={l} nu={nu} lOut={lOut} {method}");

            float[] xf = TestData.ToFloat(x), wf = TestData.ToFloat(weights);
            var zf = new float[z.Length];
            GauntFourier.ManyBody(l, nu, lOut, new ReadOnlyTensorSpan<float>(xf, new nint[] { batch, channels, Size(l) }),
                new ReadOnlyTensorSpan<float>(wf, new nint[] { nu, channels, lOut + 1 }),
                new TensorSpan<float>(zf, new nint[] { batch, channels, Size(lOut) }), method);
            AssertClose(expected, TestData.ToDouble(zf), 1e-4, $"float l={l} nu={nu} lOut={lOut} {method}");
        }

        [Fact]
        public void ThreeFoldProductIsTheCubeOfTheSphericalFunction()
        {
            // x ⊗ x ⊗ x is f³ pointwise: check at random directions against f evaluated from the harmonics.
            var rng = new Random(41);
            const int l = 3, nu = 3, lOut = 9;
            double[] x = TestData.Random(rng, Size(l));
            var weights = new double[nu * (lOut + 1)];
            for (int d = 0; d <= lOut; d++) weights[2 * (lOut + 1) + d] = 1;
            var z = new double[Size(lOut)];
            GauntFourier.ManyBody(l, nu, lOut, new ReadOnlyTensorSpan<double>(x, new nint[] { 1, Size(l) }),
                new ReadOnlyTensorSpan<double>(weights, new nint[] { nu, 1, lOut + 1 }), new TensorSpan<double>(z, new nint[] { 1, Size(lOut) }));
            var tables = SphericalFourierTables.Get(lOut);
            for (int t = 0; t < 50; t++)
            {
                double theta = rng.NextDouble() * Math.PI, phi = rng.NextDouble() * 2 * Math.PI;
                double f = Evaluate(tables, x, l, theta, phi), cube = Evaluate(tables, z, lOut, theta, phi);
                Assert.True(Math.Abs(f * f * f - cube) < 1e-11 * (1 + Math.Abs(cube)), $"f³ = {f * f * f}, series {cube}");
            }
        }

        // ───────────────────────────── errors ─────────────────────────────

        [Fact]
        public void InvalidArgumentsThrowAndWriteNothing()
        {
            var x = new double[4 * 9];
            var y = new double[4 * 4];
            var z = new double[4 * 16];
            ReadOnlyTensorSpan<double> X(int n = 9) => new(x, 0, new nint[] { 4, n }, new nint[] { n, 1 });
            ReadOnlyTensorSpan<double> Y(int n = 4) => new(y, 0, new nint[] { 4, n }, new nint[] { n, 1 });
            TensorSpan<double> Z(int n = 16) => new(z, 0, new nint[] { 4, n }, new nint[] { n, 1 });
            Array.Fill(x, 1.0);
            Array.Fill(y, 1.0);
            Array.Fill(z, -7.0);

            Assert.Throws<ArgumentOutOfRangeException>(() => GauntFourier.Product(-1, 1, 2, X(), Y(), Z()));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntFourier.Product(GauntFourier.MaxDegree + 1, 1, 2, X(), Y(), Z()));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntFourier.Product(2, 1, 4, X(), Y(), new TensorSpan<double>(new double[100], new nint[] { 4, 25 })));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntFourier.Product(2, 1, -1, X(), Y(), Z()));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntFourier.Product(2, 1, 3, X(), Y(), Z(), (GauntFourierConvolution)9));
            Assert.Throws<ArgumentException>(() => GauntFourier.Product(2, 1, 3, X(), Y(), Z(9)));        // z's last axis
            Assert.Throws<ArgumentException>(() => GauntFourier.Product(1, 1, 2, X(), Y(), Z(9)));        // x's last axis
            Assert.Throws<ArgumentException>(() => GauntFourier.Product(2, 2, 3, X(), Y(), Z()));         // y's last axis
            Assert.Throws<ArgumentException>(() => GauntFourier.Product(2, 1, 3, X(), new ReadOnlyTensorSpan<double>(y, new nint[] { 2, 2, 4 }), Z())); // y has more leading axes
            Assert.Throws<ArgumentException>(() => GauntFourier.Product(2, 1, 3, X(), new ReadOnlyTensorSpan<double>(y, 0, new nint[] { 2, 4 }, new nint[] { 4, 1 }), Z())); // 2 vs 4 rows
            Assert.Throws<ArgumentException>(() => GauntFourier.Product(2, 1, 3, new ReadOnlyTensorSpan<double>(x, 0, new nint[] { 1, 9 }, new nint[] { 9, 1 }),
                new ReadOnlyTensorSpan<double>(y, 0, new nint[] { 1, 4 }, new nint[] { 4, 1 }), Z())); // z larger than the broadcast
            Assert.Throws<ArgumentException>(() => GauntFourier.Product(2, 1, 3, X(), Y(), new TensorSpan<double>(z, 0, new nint[] { 4, 16 }, new nint[] { 0, 1 }))); // aliasing output
            Assert.All(z, v => Assert.Equal(-7.0, v));

            // Many-body: x [2, 2, 9] (l = 2), weights [ν, 2, lOut + 1], z [2, 2, (lOut+1)²].
            var w = new double[2 * 2 * 5];
            ReadOnlyTensorSpan<double> X3() => new(x, 0, new nint[] { 2, 2, 9 }, new nint[] { 18, 9, 1 });
            ReadOnlyTensorSpan<double> W(int nu, int c, int d) => new(w, 0, new nint[] { nu, c, d }, new nint[] { c * d, d, 1 });
            TensorSpan<double> Z3(int n = 16) => new(z, 0, new nint[] { 2, 2, n }, new nint[] { 2 * n, n, 1 });
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntFourier.ManyBody(2, 0, 3, X3(), W(2, 2, 4), Z3()));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntFourier.ManyBody(2, 2, 5, X3(), W(2, 2, 4), Z3(36)));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntFourier.ManyBody(-1, 2, 3, X3(), W(2, 2, 4), Z3()));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntFourier.ManyBody(20, 4, 3, X3(), W(2, 2, 4), Z3()));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntFourier.ManyBody(2, 2, 3, X3(), W(2, 2, 4), Z3(), GauntFourierConvolution.Direct));
            Assert.Throws<ArgumentException>(() => GauntFourier.ManyBody(2, 2, 3, X(), W(2, 2, 4), Z3()));           // z rank differs
            Assert.Throws<ArgumentException>(() => GauntFourier.ManyBody(2, 2, 3, X3(), W(1, 2, 4), Z3()));          // weights ν
            Assert.Throws<ArgumentException>(() => GauntFourier.ManyBody(2, 2, 3, X3(), W(2, 1, 4), Z3()));          // weights channels
            Assert.Throws<ArgumentException>(() => GauntFourier.ManyBody(2, 2, 3, X3(), W(2, 2, 3), Z3()));          // weights degrees
            Assert.Throws<ArgumentException>(() => GauntFourier.ManyBody(2, 2, 3, X3(), W(2, 2, 4), Z3(9)));         // z's last axis
            Assert.Throws<ArgumentException>(() => GauntFourier.ManyBody(2, 2, 3,
                new ReadOnlyTensorSpan<double>(x, 0, new nint[] { 9 }, new nint[] { 1 }), W(2, 2, 4), Z3()));          // no channel axis
            Assert.Throws<ArgumentException>(() => GauntFourier.ManyBody(2, 2, 3, X3(), W(2, 2, 4),
                new TensorSpan<double>(z, 0, new nint[] { 1, 2, 16 }, new nint[] { 32, 16, 1 })));                      // leading length
            Assert.All(z, v => Assert.Equal(-7.0, v));
        }

        // ───────────────────────────── oracle ─────────────────────────────

        private static int Size(int l) => (l + 1) * (l + 1);

        /// <summary>Dense Gaunt tensor for (l1, l2, l1 + l2), G[(I1·S2 + I2)·S3 + I3], from <see cref="GauntCoefficients.Value"/>.</summary>
        private static double[] Dense(int l1, int l2) => s_dense.GetOrAdd((l1, l2), key =>
        {
            int s1 = Size(key.Item1), s2 = Size(key.Item2), s3 = Size(key.Item1 + key.Item2);
            var g = new double[s1 * s2 * s3];
            for (int i1 = 0; i1 < s1; i1++)
            {
                var (a, m1) = Degree(i1);
                for (int i2 = 0; i2 < s2; i2++)
                {
                    var (b, m2) = Degree(i2);
                    for (int i3 = 0; i3 < s3; i3++)
                    {
                        var (c, m3) = Degree(i3);
                        g[(i1 * s2 + i2) * s3 + i3] = GauntCoefficients.Value(a, m1, b, m2, c, m3);
                    }
                }
            }
            return g;
        });

        private static (int l, int m) Degree(int index)
        {
            int l = (int)Math.Sqrt(index);
            while (l * l > index) l--;
            while ((l + 1) * (l + 1) <= index) l++;
            return (l, index - l * l - l);
        }

        /// <summary>z[I3] = Σ_{I1, I2} G·x[I1]·y[I2] per row, I3 over degrees ≤ lOut.</summary>
        private static double[] DenseProduct(int l1, int l2, int lOut, double[] x, double[] y, int rows)
        {
            double[] g = Dense(l1, l2);
            int s1 = Size(l1), s2 = Size(l2), s3 = Size(l1 + l2), so = Size(lOut);
            var z = new double[rows * so];
            for (int r = 0; r < rows; r++)
            {
                for (int i1 = 0; i1 < s1; i1++)
                {
                    for (int i2 = 0; i2 < s2; i2++)
                    {
                        double xy = x[r * s1 + i1] * y[r * s2 + i2];
                        int at = (i1 * s2 + i2) * s3;
                        for (int i3 = 0; i3 < so; i3++) z[r * so + i3] += g[at + i3] * xy;
                    }
                }
            }
            return z;
        }

        /// <summary>The same sum over the nonzero entries only (<see cref="GauntCoefficients.Table"/>), for degrees where the dense tensor is too large.</summary>
        private static double[] SparseProduct(int l1, int l2, int lOut, double[] x, double[] y, int rows)
        {
            var table = GauntCoefficients.Table(l1, l2, lOut);
            int s1 = Size(l1), s2 = Size(l2), so = Size(lOut);
            var z = new double[rows * so];
            for (int r = 0; r < rows; r++)
            {
                foreach (var e in table) z[r * so + e.I3] += e.Value * x[r * s1 + e.I1] * y[r * s2 + e.I2];
            }
            return z;
        }

        private static double[] Truncate(double[] full, int lFull, int lOut, int rows)
        {
            int sf = Size(lFull), so = Size(lOut);
            var z = new double[rows * so];
            for (int r = 0; r < rows; r++) Array.Copy(full, r * sf, z, r * so, so);
            return z;
        }

        private static double Evaluate(SphericalFourierTables tables, double[] x, int lMax, double theta, double phi)
        {
            double sum = 0;
            for (int l = 0; l <= lMax; l++)
            {
                for (int m = -l; m <= l; m++) sum += x[l * l + l + m] * tables.EvaluateHarmonic(l, m, theta, phi);
            }
            return sum;
        }

        private static ReadOnlyTensorSpan<T> Span<T>(T[] data, int rows, int size) => new(data, new nint[] { rows, size });

        private static TensorSpan<T> Out<T>(T[] data, int rows, int size) => new(data, new nint[] { rows, size });

        private static double MaxError(double[] expected, double[] actual) =>
            expected.Zip(actual, (e, a) => Math.Abs(e - a)).DefaultIfEmpty(0).Max();

        private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                double bound = tolerance * (1 + Math.Abs(expected[i]));
                if (!(Math.Abs(actual[i] - expected[i]) <= bound))
                {
                    Assert.Fail($"{what}: element {i}: got {actual[i]}, expected {expected[i]} (tolerance {bound:g3})");
                }
            }
        }
    }
}
