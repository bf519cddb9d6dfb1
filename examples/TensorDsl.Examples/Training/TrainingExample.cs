using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Equivariant;
using TensorDsl.Examples.Report;

namespace TensorDsl.Examples.Training
{
    /// <summary>
    /// Trains an E(3)-equivariant model end to end in C#: a teacher–student task on point clouds. The teacher is the model of
    /// <see cref="TrainingKernels"/> with fixed random weights; the student, the same model from another random start, is
    /// fitted to the teacher's outputs by a hand-written Adam loop, with gradients from the generated
    /// <c>TrainingKernels.Backward</c> kernel. Prints the loss curve; checks that the loss falls at least 100×, that
    /// the derived gradient agrees with central differences, and that the trained model is still equivariant:
    /// z(features of R·cloud) = D(R)·z(features of cloud), with D(R) the Wigner-D matrices.
    /// </summary>
    public static class TrainingExample
    {
        private const int Samples = 48, Points = 10, Channels = 4, L = 2, K = (L + 1) * (L + 1), Steps = 1500;

        /// <summary>Runs the example, adding its checks to <paramref name="table"/>.</summary>
        public static void Run(ResultTable table)
        {
            var rng = new Random(2026);
            var clouds = Enumerable.Range(0, Samples).Select(_ => Cloud(rng)).ToArray();
            var x = Features(clouds);
            var teacher = Weights(rng, 0.7);
            var targets = Forward(x, teacher);
            var student = Weights(rng, 0.7);

            Console.WriteLine($"Training: {Samples} point clouds of {Points} points, features {Channels} channels × degree ≤ {L}; model = two Gaunt-product layers (program below);");
            Console.WriteLine($"teacher and student share the model, the student starts from other random weights; loss = mean (z − z_teacher)², Adam (lr 0.01), {Steps} steps.");
            foreach (var line in TrainingKernels.Model.Split('\n')) Console.WriteLine("    " + line.Trim());

            // The derived gradient against central differences of the loss, at the start.
            double gradientError = Fitting.GradientError(student, (w, g) => LossAndGradient(x, w, targets, g), probe: 5);
            var (first, last, msPerStep) = Fitting.Fit(student, (w, g) => LossAndGradient(x, w, targets, g), Steps, learningRate: 0.01, printEvery: 150);

            // Equivariance of the trained student: rotate every cloud, recompute features and outputs.
            var rotation = RandomRotation(rng);
            var rotated = clouds.Select(c => c.Select(p => Enumerable.Range(0, 3).Select(a => rotation[a, 0] * p[0] + rotation[a, 1] * p[1] + rotation[a, 2] * p[2]).ToArray()).ToArray()).ToArray();
            var z = Forward(x, student);
            var zRotated = Forward(Features(rotated), student);
            var blocks = WignerD.Blocks(L, rotation);
            var expected = new double[z.Length];
            for (int row = 0; row < z.Length / K; row++) WignerD.Rotate(blocks, z.AsSpan(row * K, K), expected.AsSpan(row * K, K));
            double equivariance = expected.Zip(zRotated, (a, b) => Math.Abs(a - b)).Max() / expected.Max(Math.Abs);
            Console.WriteLine($"Trained model: max |z(R·cloud) − D(R)·z(cloud)| / max |z| = {equivariance:0.0e+00}.");

            string shape = $"{Samples}×{Channels}×{K}";
            table.Add(new ResultRow("train: gradient vs FD", "cpu", shape, gradientError, 1e-6, 0));
            // The loss check's "error" is last/first: it passes when the loss fell at least 100×.
            table.Add(new ResultRow("train: loss fell ≥ 100×", "cpu", shape, last / first, 1e-2, msPerStep));
            table.Add(new ResultRow("train: equivariance", "cpu", shape, equivariance, 1e-9, 0));
        }

        // loss = mean (z − t)², and its gradient with respect to every weight (through dZ = 2 (z − t) / N).
        private static double LossAndGradient(double[] x, double[][] w, double[] targets, double[][] gradients)
        {
            var z = Forward(x, w);
            var dZ = new double[z.Length];
            double loss = 0;
            for (int i = 0; i < z.Length; i++)
            {
                double e = z[i] - targets[i];
                loss += e * e;
                dZ[i] = 2 * e / z.Length;
            }
            TrainingKernels.Backward(In(x, Samples, Channels, K), In(w[0], Channels, Channels), In(w[1], Channels, Channels), In(w[2], Channels, Channels),
                In(w[3], Channels, Channels), In(dZ, Samples, Channels, K),
                Out(gradients[0]), Out(gradients[1]), Out(gradients[2]), Out(gradients[3]));
            return loss / z.Length;
        }

        private static double[] Forward(double[] x, double[][] w)
        {
            var z = new double[Samples * Channels * K];
            TrainingKernels.Forward(In(x, Samples, Channels, K), In(w[0], Channels, Channels), In(w[1], Channels, Channels), In(w[2], Channels, Channels),
                In(w[3], Channels, Channels), new TensorSpan<double>(z, new nint[] { Samples, Channels, K }));
            return z;
        }

        // x[s, c, lm] = Σ_p φ_c(|r_p|) Y_lm(r_p / |r_p|): Gaussian radial channels times real spherical harmonics.
        private static double[] Features(double[][][] clouds)
        {
            var x = new double[Samples * Channels * K];
            var y = new double[K];
            for (int s = 0; s < Samples; s++)
            {
                foreach (var p in clouds[s])
                {
                    double r = Math.Sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
                    SphericalHarmonics.Evaluate(L, p[0], p[1], p[2], y);
                    for (int c = 0; c < Channels; c++)
                    {
                        double radial = Math.Exp(-2 * (r - 0.4 * (c + 1)) * (r - 0.4 * (c + 1)));
                        for (int k = 0; k < K; k++) x[(s * Channels + c) * K + k] += radial * y[k] / Points;
                    }
                }
            }
            return x;
        }

        private static double[][] Cloud(Random rng)
            => Enumerable.Range(0, Points).Select(_ => new[] { Uniform(rng), Uniform(rng), Uniform(rng) }).ToArray();

        private static double[][] Weights(Random rng, double scale)
            => Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, Channels * Channels).Select(_ => scale * Uniform(rng)).ToArray()).ToArray();

        private static double Uniform(Random rng) => 2 * rng.NextDouble() - 1;

        // A uniformly random rotation, from a unit quaternion.
        private static double[,] RandomRotation(Random rng)
        {
            double a = rng.NextDouble() * 2 - 1, b = rng.NextDouble() * 2 - 1, c = rng.NextDouble() * 2 - 1, d = rng.NextDouble() * 2 - 1;
            double n = Math.Sqrt(a * a + b * b + c * c + d * d);
            a /= n; b /= n; c /= n; d /= n;
            return new[,]
            {
                { a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c) },
                { 2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b) },
                { 2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d },
            };
        }

        private static ReadOnlyTensorSpan<double> In(double[] data, params nint[] shape) => new(data, shape);

        private static TensorSpan<double> Out(double[] data) => new(data, new nint[] { Channels, Channels });
    }
}
