using System;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Examples.Report;

namespace TensorDsl.Examples.Training
{
    /// <summary>
    /// Trains a tensor-attention model on sequences: a teacher–student task in which both are the model of
    /// <see cref="AttentionTrainingKernels"/> (five projections, then causal 2-simplicial attention with a window of 8),
    /// the teacher with fixed random weights and the student from those weights disturbed by 40% noise, fitted by Adam with
    /// the generated gradients —
    /// the attention's from its fused backward kernel. Prints the loss curve; checks the gradient against central
    /// differences and that the loss falls at least 100×.
    /// </summary>
    public static class AttentionTrainingExample
    {
        private const int Batch = 8, Tokens = 48, Width = 8, Window = 8, Steps = 500;
        private const double Scale = 0.35; // 1/√8

        /// <summary>Runs the example, adding its checks to <paramref name="table"/>.</summary>
        public static void Run(ResultTable table)
        {
            var rng = new Random(2027);
            var x = Enumerable.Range(0, Batch * Tokens * Width).Select(_ => Uniform(rng)).ToArray();
            var teacher = Weights(rng, 0.6);
            var targets = Forward(x, teacher).Output;
            // The student starts from the teacher's weights disturbed by noise of 40% of their size: near enough to the teacher
            // that plain gradient descent finds it (from a random start, the products q·k1·k2 and v1∘v2 let a student settle
            // in an equally good-looking other minimum).
            var noise = Weights(rng, 0.25);
            var student = teacher.Select((w, a) => w.Select((v, i) => v + noise[a][i]).ToArray()).ToArray();

            Console.WriteLine();
            Console.WriteLine($"Training tensor attention: {Batch} sequences of {Tokens} tokens of width {Width}; q, k1, k2, v1, v2 = x·W (five {Width}×{Width} weights), then");
            Console.WriteLine("    " + AttentionTrainingKernels.Attention);
            Console.WriteLine($"with w = {Window}; the student starts from the teacher's weights plus 40% noise; loss = mean (o − o_teacher)², Adam (lr 0.01), {Steps} steps;");
            Console.WriteLine("the attention's gradient is its fused FlashAttention-2-style backward kernel.");

            double gradientError = Fitting.GradientError(student, (w, g) => LossAndGradient(x, w, targets, g), probe: 9);
            var (first, last, msPerStep) = Fitting.Fit(student, (w, g) => LossAndGradient(x, w, targets, g), Steps, learningRate: 0.01, printEvery: 100);

            string shape = $"{Batch}×{Tokens}×{Width}";
            table.Add(new ResultRow("train attention: gradient vs FD", "cpu", shape, gradientError, 1e-6, 0));
            table.Add(new ResultRow("train attention: loss fell ≥ 100×", "cpu", shape, last / first, 1e-2, msPerStep));
        }

        // The five projections and the attention's output.
        private static (double[][] Projections, double[] Output) Forward(double[] x, double[][] w)
        {
            nint[] tokens = { Batch, Tokens, Width }, weight = { Width, Width };
            var p = w.Select(_ => new double[Batch * Tokens * Width]).ToArray();
            for (int a = 0; a < 5; a++) AttentionTrainingKernels.Project(new(x, tokens), new(w[a], weight), new TensorSpan<double>(p[a], tokens));
            var o = new double[Batch * Tokens * Width];
            AttentionTrainingKernels.TensorAttention(new(p[0], tokens), new(p[1], tokens), new(p[2], tokens), new(p[3], tokens), new(p[4], tokens),
                Scale, Window, new TensorSpan<double>(o, tokens));
            return (p, o);
        }

        // loss = mean (o − t)²; the weights' gradients: the attention's backward, then each projection's.
        private static double LossAndGradient(double[] x, double[][] w, double[] targets, double[][] gradients)
        {
            nint[] tokens = { Batch, Tokens, Width }, weight = { Width, Width };
            var (p, o) = Forward(x, w);
            var dO = new double[o.Length];
            double loss = 0;
            for (int i = 0; i < o.Length; i++)
            {
                double e = o[i] - targets[i];
                loss += e * e;
                dO[i] = 2 * e / o.Length;
            }
            var dP = p.Select(a => new double[a.Length]).ToArray();
            AttentionTrainingKernels.TensorAttentionBackward(new(p[0], tokens), new(p[1], tokens), new(p[2], tokens), new(p[3], tokens), new(p[4], tokens),
                Scale, Window, new(dO, tokens), new TensorSpan<double>(dP[0], tokens), new TensorSpan<double>(dP[1], tokens), new TensorSpan<double>(dP[2], tokens),
                new TensorSpan<double>(dP[3], tokens), new TensorSpan<double>(dP[4], tokens));
            for (int a = 0; a < 5; a++)
            {
                AttentionTrainingKernels.ProjectBackward(new(x, tokens), new(w[a], weight), new(dP[a], tokens), new TensorSpan<double>(gradients[a], weight));
            }
            return loss / o.Length;
        }

        private static double[][] Weights(Random rng, double scale)
            => Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, Width * Width).Select(_ => scale * Uniform(rng)).ToArray()).ToArray();

        private static double Uniform(Random rng) => 2 * rng.NextDouble() - 1;
    }
}
