using System;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Tests.Equivariant;
using Xunit;

namespace TensorDsl.Tests.Gaunt
{
    /// <summary>
    /// The generated <c>[GauntProduct]</c> kernels themselves (Sparse and Fourier lowerings, built by MSBuild in
    /// <see cref="GauntKernels"/>) commute with rotations: product(D¹x, D²y) = D³·product(x, y) for random rotations, with the
    /// Wigner-D matrices computed independently from the harmonics at rotated points (<see cref="WignerD"/>). This checks the
    /// kernels against a symmetry rather than against a coefficient table, so an error shared by the generator and the table
    /// oracle (a phase, an index map) would still show.
    /// </summary>
    public sealed class GauntKernelEquivarianceTests
    {
        private delegate void Kernel(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        public static TheoryData<string, int, int, int> Kernels() => new()
        {
            { "Sparse", 3, 2, 4 },
            { "Fourier", 3, 2, 4 },
            { "Sparse", 8, 8, 16 },
            { "Fourier", 8, 8, 16 },
            { "Sparse", 8, 5, 6 },
            { "Fourier", 8, 5, 6 },
        };

        private static Kernel Of(string method, int l1, int l2, int lOut) => (method, l1, l2, lOut) switch
        {
            ("Sparse", 3, 2, 4) => GauntKernels.Sparse324,
            ("Fourier", 3, 2, 4) => GauntKernels.Fourier324,
            ("Sparse", 8, 8, 16) => GauntKernels.Sparse8816,
            ("Fourier", 8, 8, 16) => GauntKernels.Fourier8816,
            ("Sparse", 8, 5, 6) => GauntKernels.Sparse856,
            ("Fourier", 8, 5, 6) => GauntKernels.Fourier856,
            _ => throw new ArgumentException("no such kernel"),
        };

        [Theory]
        [MemberData(nameof(Kernels))]
        public void The_generated_kernel_commutes_with_random_rotations(string method, int l1, int l2, int lOut)
        {
            var kernel = Of(method, l1, l2, lOut);
            var rng = new Random(7 * l1 + 3 * l2 + lOut + method.Length);
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1);
            const int rows = 21; // more than one vector block of rows, with a partial last block
            for (int trial = 0; trial < 3; trial++)
            {
                var rotation = WignerD.RandomRotation(rng);
                int lmax = Math.Max(Math.Max(l1, l2), lOut);
                var blocks = Enumerable.Range(0, lmax + 1).Select(l => WignerD.Of(l, rotation, rng)).ToArray();
                var x = TestData.Random(rng, rows * k1);
                var y = TestData.Random(rng, rows * k2);
                var rx = new double[x.Length];
                var ry = new double[y.Length];
                for (int r = 0; r < rows; r++)
                {
                    WignerD.Rotate(blocks.Take(l1 + 1).ToArray(), x.AsSpan(r * k1, k1).ToArray()).CopyTo(rx, r * k1);
                    WignerD.Rotate(blocks.Take(l2 + 1).ToArray(), y.AsSpan(r * k2, k2).ToArray()).CopyTo(ry, r * k2);
                }
                var z = new double[rows * k3];
                var rz = new double[rows * k3];
                kernel(new ReadOnlyTensorSpan<double>(x, new nint[] { rows, k1 }), new ReadOnlyTensorSpan<double>(y, new nint[] { rows, k2 }), new TensorSpan<double>(z, new nint[] { rows, k3 }));
                kernel(new ReadOnlyTensorSpan<double>(rx, new nint[] { rows, k1 }), new ReadOnlyTensorSpan<double>(ry, new nint[] { rows, k2 }), new TensorSpan<double>(rz, new nint[] { rows, k3 }));

                double error = 0, scale = 0;
                for (int r = 0; r < rows; r++)
                {
                    var expected = WignerD.Rotate(blocks.Take(lOut + 1).ToArray(), z.AsSpan(r * k3, k3).ToArray());
                    for (int i = 0; i < k3; i++)
                    {
                        error = Math.Max(error, Math.Abs(rz[r * k3 + i] - expected[i]));
                        scale = Math.Max(scale, Math.Abs(expected[i]));
                    }
                }
                Assert.True(scale > 0.1, $"{method} ({l1},{l2},{lOut}): the product is (nearly) zero, so the check would be vacuous");
                Assert.True(error <= 1e-9, $"{method} ({l1},{l2},{lOut}), trial {trial}: equivariance error {error:E2}");
            }
        }
    }
}
