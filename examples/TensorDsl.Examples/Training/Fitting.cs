using System;
using System.Diagnostics;
using System.Linq;

namespace TensorDsl.Examples.Training
{
    /// <summary>
    /// What both training examples do around their models: fit the weights by <see cref="Adam"/> while printing the loss
    /// curve, and compare the derived gradient with central differences of the loss.
    /// </summary>
    /// <remarks>A model is given as <c>lossAndGradient(weights, gradients)</c>: it returns the loss and fills the gradients.</remarks>
    internal static class Fitting
    {
        /// <summary>
        /// <paramref name="steps"/> Adam steps on <paramref name="weights"/> (in place), the loss printed every
        /// <paramref name="printEvery"/> steps; returns the first and last loss and the time per step.
        /// </summary>
        public static (double First, double Last, double MsPerStep) Fit(double[][] weights, Func<double[][], double[][], double> lossAndGradient,
            int steps, double learningRate, int printEvery)
        {
            var adam = new Adam(weights.Select(w => w.Length).ToArray(), learningRate);
            var gradients = weights.Select(w => new double[w.Length]).ToArray();
            double first = 0, last = 0;
            var sw = Stopwatch.StartNew();
            Console.WriteLine($"{"step",6} {"loss",12}");
            for (int step = 0; step <= steps; step++)
            {
                double loss = lossAndGradient(weights, gradients);
                if (step == 0) first = loss;
                last = loss;
                if (step % printEvery == 0) Console.WriteLine($"{step,6} {loss,12:0.000e+00}");
                if (step < steps) adam.Step(weights, gradients);
            }
            double msPerStep = sw.Elapsed.TotalMilliseconds / (steps + 1);
            string fell = first / last < 1e6 ? $"{first / last:0}" : $"{first / last:0.0e+00}";
            Console.WriteLine($"Loss fell {fell}× ({first:0.000e+00} → {last:0.000e+00}) in {steps} steps, {msPerStep:0.00} ms per step (forward + backward).");
            return (first, last, msPerStep);
        }

        /// <summary>
        /// The largest |derived − central difference| over three entries of every weight (the first, entry
        /// <paramref name="probe"/>, the last), relative to the largest |gradient|.
        /// </summary>
        public static double GradientError(double[][] weights, Func<double[][], double[][], double> lossAndGradient, int probe)
        {
            var gradients = weights.Select(a => new double[a.Length]).ToArray();
            lossAndGradient(weights, gradients);
            var scratch = weights.Select(a => new double[a.Length]).ToArray();
            double scale = gradients.SelectMany(g => g).Max(Math.Abs), worst = 0;
            for (int a = 0; a < weights.Length; a++)
            {
                foreach (int i in new[] { 0, probe, weights[a].Length - 1 })
                {
                    double keep = weights[a][i], h = 1e-5;
                    weights[a][i] = keep + h;
                    double plus = lossAndGradient(weights, scratch);
                    weights[a][i] = keep - h;
                    double minus = lossAndGradient(weights, scratch);
                    weights[a][i] = keep;
                    worst = Math.Max(worst, Math.Abs((plus - minus) / (2 * h) - gradients[a][i]));
                }
            }
            return worst / scale;
        }
    }
}
