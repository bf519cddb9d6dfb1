using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Gradients
{
    /// <summary>
    /// The finite-difference oracle of the gradient tests: the derived gradient of L = Σ_o dO ⊙ O(inputs) (the
    /// interpreter's <see cref="TensorProgram.EvaluateGradient"/>) against central differences of the forward, both in
    /// double precision by the interpreter, relative error ≤ 1e-6.
    /// </summary>
    internal static class GradientCheck
    {
        /// <summary>
        /// Checks the gradient of each name in <paramref name="differentiated"/> (tensors and double scalars of
        /// <paramref name="arguments"/>) at its first and last element and three random ones. The differences are taken at
        /// three steps and extrapolated (Richardson) at two; where the two estimates disagree the stencil straddles a kink
        /// (relu, abs, max, min), where no derivative exists to compare with, and that element is skipped.
        /// </summary>
        /// <returns>How many elements were compared and how many skipped on a kink.</returns>
        public static (int Compared, int Kinks) AgainstCentralDifferences(string what, string program, Dictionary<string, object> arguments,
            IReadOnlyDictionary<string, Tensor<double>> outputGradients, IEnumerable<string> differentiated, Random rng)
        {
            var gradients = TensorProgram.EvaluateGradient(program, arguments, outputGradients);
            double Loss()
            {
                var results = TensorProgram.Evaluate(program, arguments);
                return outputGradients.Sum(o => Flat(results[o.Key]).Zip(Flat(o.Value), (a, b) => a * b).Sum());
            }

            int compared = 0, kinks = 0;
            var failures = new List<string>();
            foreach (var name in differentiated)
            {
                string gradientName = "d" + char.ToUpperInvariant(name[0]) + name.Substring(1);
                var gradient = Flat(gradients[gradientName]);
                bool scalar = arguments[name] is double;
                double[] values = scalar ? new[] { (double)arguments[name] } : Flat((Tensor<double>)arguments[name]);
                nint[] shape = scalar ? Array.Empty<nint>() : ((Tensor<double>)arguments[name]).Lengths.ToArray();
                Assert.Equal(values.Length, gradient.Length);
                var positions = new[] { 0, values.Length - 1 }.Concat(Enumerable.Range(0, 3).Select(_ => rng.Next(values.Length))).Distinct();
                foreach (int p in positions)
                {
                    void Set(double[] v) => arguments[name] = scalar ? v[0] : Tensor.Create(v, shape);
                    double Central(double h)
                    {
                        var copy = (double[])values.Clone();
                        copy[p] = values[p] + h;
                        Set(copy);
                        double plus = Loss();
                        copy[p] = values[p] - h;
                        Set(copy);
                        double minus = Loss();
                        Set(values);
                        return (plus - minus) / (2 * h);
                    }
                    double c1 = Central(1e-3), c2 = Central(5e-4), c3 = Central(2.5e-4);
                    double coarse = (4 * c2 - c1) / 3, fine = (4 * c3 - c2) / 3;
                    double scale = Math.Max(1, Math.Abs(fine));
                    if (Math.Abs(coarse - fine) > 1e-7 * scale)
                    {
                        kinks++;
                        continue;
                    }
                    compared++;
                    if (!(Math.Abs(gradient[p] - fine) <= 1e-6 * scale)) failures.Add($"{gradientName}[{p}] = {gradient[p]:R}, central difference {fine:R}");
                }
            }
            Assert.True(failures.Count == 0, $"{what}\n{string.Join("\n", failures)}");
            return (compared, kinks);
        }

        public static double[] Flat(Tensor<double> t)
        {
            var values = new double[t.FlattenedLength];
            t.FlattenTo(values);
            return values;
        }
    }
}
