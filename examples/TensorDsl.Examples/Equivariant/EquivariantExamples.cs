using System;
using System.Diagnostics;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Equivariant;
using TensorDsl.Examples.Report;

namespace TensorDsl.Examples.Equivariant
{
    /// <summary>
    /// Rotation-equivariant features of a point cloud, MACE-style: per node, a sum over the neighbours within a cutoff of
    /// learned-looking radial weights (per channel and degree) times the spherical harmonics of the neighbour direction; then
    /// two-body features (the channel-wise Gaunt product of the node features with themselves, generated
    /// <c>[GauntProduct]</c> kernels by the Sparse and the Fourier method) and three-body features
    /// (<see cref="GauntFourier.ManyBody(int, int, int, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, TensorSpan{double})"/>, ν = 3).
    /// The cloud is then rotated (and shifted) and everything recomputed: each feature set f must satisfy
    /// f(R·x + t) = D(R)·f(x), with D(R) the block-diagonal Wigner-D matrix of <see cref="WignerD"/>.
    /// </summary>
    public static class EquivariantExamples
    {
        /// <summary>Points in the cloud.</summary>
        public const int Points = 48;

        /// <summary>Feature channels per node.</summary>
        public const int Channels = 8;

        /// <summary>Degree of the node features; the two-body product has degree 2L, the three-body output <see cref="LThree"/>.</summary>
        public const int L = 3;

        /// <summary>Output degree of the three-body features.</summary>
        public const int LThree = 4;

        /// <summary>Radial basis functions per (channel, degree) weight.</summary>
        public const int Basis = 6;

        /// <summary>Neighbour cutoff radius (the points fill a cube of side 3).</summary>
        public const double Cutoff = 1.6;

        /// <summary>Tolerance of every check: errors relative to the largest |value| of the feature set (all computed in double).</summary>
        public const double Tolerance = 1e-10;

        private const int K = (L + 1) * (L + 1), KPair = (2 * L + 1) * (2 * L + 1), KThree = (LThree + 1) * (LThree + 1);

        /// <summary>Runs the example, adding one row per check to <paramref name="table"/>.</summary>
        public static void Run(ResultTable table)
        {
            var rng = new Random(48);
            var positions = Enumerable.Range(0, Points).Select(_ => new[] { Uniform(rng, 1.5), Uniform(rng, 1.5), Uniform(rng, 1.5) }).ToArray();
            var radial = Enumerable.Range(0, Channels * (L + 1) * Basis).Select(_ => Uniform(rng, 1)).ToArray();   // [c, l, b]
            var bodyWeights = Enumerable.Range(0, 3 * Channels * (LThree + 1)).Select(_ => Uniform(rng, 1)).ToArray(); // [n−1, c, l]
            var rotation = RandomRotation(rng);
            var shift = new[] { Uniform(rng, 2), Uniform(rng, 2), Uniform(rng, 2) };
            var moved = positions.Select(p => Enumerable.Range(0, 3).Select(a => rotation[a, 0] * p[0] + rotation[a, 1] * p[1] + rotation[a, 2] * p[2] + shift[a]).ToArray()).ToArray();

            Compute(positions, radial, bodyWeights);   // warm-up (JIT, Gaunt tables), so that the times below are of warm calls
            var before = Compute(positions, radial, bodyWeights);
            var after = Compute(moved, radial, bodyWeights);
            var blocks = WignerD.Blocks(2 * L, rotation);

            Console.WriteLine($"Point cloud: {Points} points in [−1.5, 1.5]³, {before.Edges} neighbour pairs within r < {Cutoff} ({(double)before.Edges / Points:0.0} per point); " +
                $"{Channels} channels, features L = {L}, two-body L = {2 * L}, three-body (ν = 3) L = {LThree}.");
            Console.WriteLine($"Rotated by a random R and shifted by t; errors: max |f(R·x + t) − D(R)·f(x)| / max |f(x)| (max |f|: features {MaxAbs(before.Features):0.00}, " +
                $"two-body {MaxAbs(before.TwoSparse):0.00}, three-body {MaxAbs(before.ThreeBody):0.00}).");
            string shape = $"{Points}×{Channels}×{K}";
            Add(table, "rotate: features", $"{shape} (Σ R(r)·Y)", Rotate(blocks, before.Features, K), after.Features, after.Ms[0]);
            Add(table, "rotate: 2-body Sparse", $"{shape}→{KPair}", Rotate(blocks, before.TwoSparse, KPair), after.TwoSparse, after.Ms[1]);
            Add(table, "rotate: 2-body Fourier", $"{shape}→{KPair}", Rotate(blocks, before.TwoFourier, KPair), after.TwoFourier, after.Ms[2]);
            Add(table, "rotate: 3-body ManyBody", $"{shape}→{KThree} ν=3", Rotate(blocks, before.ThreeBody, KThree), after.ThreeBody, after.Ms[3]);
            Add(table, "2-body Sparse vs Fourier", $"{shape}→{KPair}", before.TwoSparse, before.TwoFourier, before.Ms[2]);
            Add(table, "3-body vs iterated Gaunt", $"{shape}→{KThree} ν=3", before.ThreeIterated, before.ThreeBody, before.Ms[4]);
        }

        /// <summary>Every feature set of one cloud, and the milliseconds of each step.</summary>
        private sealed record CloudFeatures(int Edges, double[] Features, double[] TwoSparse, double[] TwoFourier, double[] ThreeBody, double[] ThreeIterated, double[] Ms);

        private static CloudFeatures Compute(double[][] positions, double[] radial, double[] bodyWeights)
        {
            var ms = new double[5];
            var sw = Stopwatch.StartNew();

            // h[i, c, lm] = Σ_{j ≠ i, |r_ij| < cutoff} R_cl(|r_ij|)·Y_lm(r_ij / |r_ij|),  r_ij = p_j − p_i.
            var features = new double[Points * Channels * K];
            var y = new double[K];
            var basis = new double[Basis];
            int edges = 0;
            for (int i = 0; i < Points; i++)
            {
                for (int j = 0; j < Points; j++)
                {
                    double dx = positions[j][0] - positions[i][0], dy = positions[j][1] - positions[i][1], dz = positions[j][2] - positions[i][2];
                    double r = Math.Sqrt(dx * dx + dy * dy + dz * dz);
                    if (j == i || r >= Cutoff) continue;
                    edges++;
                    SphericalHarmonics.Evaluate(L, dx, dy, dz, y);
                    // Bessel-like radial basis sin(bπr/rc)/r with a smooth envelope that vanishes at the cutoff.
                    double envelope = (1 - r * r / (Cutoff * Cutoff)) * (1 - r * r / (Cutoff * Cutoff));
                    for (int b = 0; b < Basis; b++) basis[b] = Math.Sin((b + 1) * Math.PI * r / Cutoff) / r * envelope;
                    for (int c = 0; c < Channels; c++)
                    {
                        for (int l = 0; l <= L; l++)
                        {
                            double w = 0;
                            for (int b = 0; b < Basis; b++) w += radial[(c * (L + 1) + l) * Basis + b] * basis[b];
                            for (int m = -l; m <= l; m++) features[(i * Channels + c) * K + l * l + l + m] += w * y[l * l + l + m];
                        }
                    }
                }
            }
            ms[0] = sw.Elapsed.TotalMilliseconds;

            nint[] featureShape = { Points, Channels, K }, pairShape = { Points, Channels, KPair }, threeShape = { Points, Channels, KThree };
            var twoSparse = new double[Points * Channels * KPair];
            var twoFourier = new double[Points * Channels * KPair];
            ms[1] = Time(() => GauntKernels.TwoBodySparse(new ReadOnlyTensorSpan<double>(features, featureShape), new ReadOnlyTensorSpan<double>(features, featureShape), new TensorSpan<double>(twoSparse, pairShape)));
            ms[2] = Time(() => GauntKernels.TwoBodyFourier(new ReadOnlyTensorSpan<double>(features, featureShape), new ReadOnlyTensorSpan<double>(features, featureShape), new TensorSpan<double>(twoFourier, pairShape)));

            // z[i, c, lm] = Σ_{n=1..3} w[n−1, c, l]·∫ f_ic^n Y_lm dΩ, f_ic = Σ h[i, c, lm] Y_lm: the three-body features, by the Fourier runtime.
            var threeBody = new double[Points * Channels * KThree];
            ms[3] = Time(() => GauntFourier.ManyBody(L, 3, LThree, new ReadOnlyTensorSpan<double>(features, featureShape),
                new ReadOnlyTensorSpan<double>(bodyWeights, new nint[] { 3, Channels, LThree + 1 }), new TensorSpan<double>(threeBody, threeShape)));

            // The same from generated products: f² = h ⊗ h is exact at degree 2L, f³ = (h ⊗ h) ⊗ h projected to LThree.
            var cube = new double[Points * Channels * KThree];
            ms[4] = Time(() => GauntKernels.ThreeBodyIterated(new ReadOnlyTensorSpan<double>(twoSparse, pairShape), new ReadOnlyTensorSpan<double>(features, featureShape), new TensorSpan<double>(cube, threeShape)));
            var iterated = new double[cube.Length];
            for (int row = 0; row < Points * Channels; row++)
            {
                int c = row % Channels;
                for (int l = 0; l <= LThree; l++)
                {
                    for (int m = -l; m <= l; m++)
                    {
                        int lm = l * l + l + m;
                        double first = l <= L ? features[row * K + lm] : 0;
                        iterated[row * KThree + lm] = bodyWeights[(0 * Channels + c) * (LThree + 1) + l] * first
                            + bodyWeights[(1 * Channels + c) * (LThree + 1) + l] * twoSparse[row * KPair + lm]
                            + bodyWeights[(2 * Channels + c) * (LThree + 1) + l] * cube[row * KThree + lm];
                    }
                }
            }
            return new CloudFeatures(edges, features, twoSparse, twoFourier, threeBody, iterated, ms);
        }

        // D(R)·f for every (node, channel) row of k = (l+1)² coefficients.
        private static double[] Rotate(double[][,] blocks, double[] f, int k)
        {
            var result = new double[f.Length];
            for (int row = 0; row < f.Length / k; row++) WignerD.Rotate(blocks, f.AsSpan(row * k, k), result.AsSpan(row * k, k));
            return result;
        }

        private static void Add(ResultTable table, string name, string shape, double[] expected, double[] actual, double ms)
        {
            double error = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max() / MaxAbs(expected);
            table.Add(new ResultRow(name, "cpu", shape, error, Tolerance, ms));
        }

        private static double Time(Action run)
        {
            var sw = Stopwatch.StartNew();
            run();
            return sw.Elapsed.TotalMilliseconds;
        }

        private static double MaxAbs(double[] values) => values.Max(Math.Abs);

        private static double Uniform(Random rng, double half) => (rng.NextDouble() * 2 - 1) * half;

        // A uniformly random rotation from a random unit quaternion (w, x, y, z).
        private static double[,] RandomRotation(Random rng)
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
    }
}
