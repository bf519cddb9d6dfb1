using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Gradients;
using TensorDsl.Language.Lowering;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.TestSupport;
using Xunit;

namespace TensorDsl.Tests.Gradients
{
    /// <summary>
    /// The backward programs <see cref="GradientDerivation"/> derives from einsums, run by the double-precision interpreter,
    /// against central finite differences of the forward (also run by the interpreter) for every spec of the opt_einsum
    /// corpus: for a loss L = Σ dO ⊙ O(x), ∂L/∂x[e] ≈ (L(x + h·e) − L(x − h·e)) / 2h, exact up to rounding because an
    /// einsum is linear in each operand. An operand read on a diagonal is refused with a reason, not differentiated wrongly.
    /// </summary>
    public sealed class EinsumGradientTests
    {
        public static IEnumerable<object[]> Specs => OptEinsumCorpus.Cases;

        [Theory]
        [MemberData(nameof(Specs))]
        public void Every_operand_gradient_matches_central_differences(string spec)
        {
            var parsed = EinsumParser.ParseOrThrow(spec);
            int m = parsed.Inputs.Count;
            var names = Enumerable.Range(0, m).Select(i => $"x{i}").ToArray();
            var forward = EinsumLowering.Lower(parsed, ElementType.Double, names, "out", accumulate: false, EquatableArray<StaticDim>.Empty);
            var rnd = new Random(spec.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
            var shapes = OptEinsumCorpus.Shapes(spec);
            var operands = shapes.Select(s => Random(rnd, s)).ToArray();
            var arguments = new Dictionary<string, object>(StringComparer.Ordinal);
            for (int i = 0; i < m; i++) arguments[names[i]] = operands[i];
            var output = ProgramInterpreter.Run(forward, arguments, out var outShapes);
            // A rank-0 result's gradient is passed with shape [1], as the kernels take it.
            var dOut = Random(rnd, outShapes["out"].Length == 0 ? new nint[] { 1 } : outShapes["out"].Select(l => (nint)l).ToArray());
            double Loss()
            {
                var o = ProgramInterpreter.Run(forward, arguments, out _)["out"];
                double sum = 0;
                var d = Flat(dOut);
                for (int p = 0; p < o.Length; p++) sum += d[p] * o[p];
                return sum;
            }

            int checkedOperands = 0;
            for (int t = 0; t < m; t++)
            {
                var result = GradientDerivation.Derive(forward, new[] { names[t] }, accumulate: false);
                bool diagonal = parsed.Inputs[t].Labels.Distinct().Count() < parsed.Inputs[t].Labels.Length;
                if (diagonal)
                {
                    Assert.Null(result.Program);
                    Assert.Contains("diagonal", result.Reason);
                    continue;
                }
                Assert.True(result.Program is not null, result.Reason);
                var backward = result.Program!;
                var backArguments = new Dictionary<string, object>(arguments, StringComparer.Ordinal) { ["dOut"] = dOut };
                var gradient = ProgramInterpreter.Run(backward, backArguments, out var gradientShapes)[GradientDerivation.GradientName(names[t])];
                Assert.Equal(shapes[t].Select(l => (long)l), gradientShapes[GradientDerivation.GradientName(names[t])]);

                // A few elements of each operand, the first and the last among them.
                var x = operands[t];
                var values = Flat(x);
                var positions = new[] { 0, values.Length - 1 }.Concat(Enumerable.Range(0, 4).Select(_ => rnd.Next(values.Length))).Distinct();
                foreach (int p in positions)
                {
                    const double h = 1e-3;
                    double original = values[p];
                    arguments[names[t]] = With(x, values, p, original + h);
                    double plus = Loss();
                    arguments[names[t]] = With(x, values, p, original - h);
                    double minus = Loss();
                    arguments[names[t]] = x;
                    double expected = (plus - minus) / (2 * h);
                    double scale = Math.Max(1, Math.Abs(expected));
                    Assert.True(Math.Abs(gradient[p] - expected) <= 1e-6 * scale,
                        $"{spec}: d{names[t]}[{p}] = {gradient[p]:R}, central difference {expected:R}");
                }
                checkedOperands++;
            }
            Assert.True(checkedOperands > 0 || parsed.Inputs.All(s => s.Labels.Distinct().Count() < s.Labels.Length), spec);
            GC.KeepAlive(output);
        }

        [Fact]
        public void A_matrix_product_gradient_is_two_matrix_products_with_the_contract_names()
        {
            // c = a·b: dA = dC·bᵀ and dB = aᵀ·dC, each a sum over one index; parameters a, b, dC, dA, dB in that order.
            var forward = EinsumLowering.Lower(EinsumParser.ParseOrThrow("ij,jk->ik"), ElementType.Float, new[] { "a", "b" }, "c", false, EquatableArray<StaticDim>.Empty);
            var backward = GradientDerivation.Derive(forward, new[] { "a", "b" }, accumulate: true).Program!;
            Assert.Equal("dA[i,j] += sum[k](dC[i,k] * b[j,k])\ndB[j,k] += sum[i](dC[i,k] * a[i,j])", backward.Text);
            var parameters = backward.Tensors.Where(t => t.Parameter >= 0).OrderBy(t => t.Parameter).Select(t => t.Name);
            Assert.Equal(new[] { "a", "b", "dC", "dA", "dB" }, parameters);
        }

        [Fact]
        public void Only_requested_gradients_are_computed()
        {
            var forward = EinsumLowering.Lower(EinsumParser.ParseOrThrow("ij,jk,kl->il"), ElementType.Double, new[] { "a", "b", "c" }, "o", false, EquatableArray<StaticDim>.Empty);
            var backward = GradientDerivation.Derive(forward, new[] { "b" }, accumulate: false).Program!;
            Assert.Single(backward.Statements);
            Assert.Equal("dB[j,k] = sum[i,l](dO[i,l] * a[i,j] * c[k,l])", backward.Text);
            Assert.Equal(4, backward.Tensors.Single(t => t.Name == "dB").Parameter);
            Assert.Contains("no input gradient", GradientDerivation.Derive(forward, Array.Empty<string>(), false).Reason);
        }

        private static Tensor<double> Random(Random rnd, nint[] shape)
        {
            long count = shape.Aggregate(1L, (a, b) => a * b);
            var values = new double[count];
            for (int i = 0; i < values.Length; i++) values[i] = rnd.NextDouble() * 2 - 1;
            return Tensor.Create(values, shape);
        }

        private static double[] Flat(Tensor<double> t)
        {
            var values = new double[t.FlattenedLength];
            t.FlattenTo(values);
            return values;
        }

        private static Tensor<double> With(Tensor<double> x, double[] values, int p, double value)
        {
            var copy = (double[])values.Clone();
            copy[p] = value;
            return Tensor.Create(copy, x.Lengths.ToArray());
        }
    }
}
