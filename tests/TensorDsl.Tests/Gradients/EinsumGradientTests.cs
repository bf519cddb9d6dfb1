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
    /// corpus, the 12 graph polynomials and programs that read an input twice: for a loss L = Σ dO ⊙ O(x), ∂L/∂x[e] from
    /// central differences (L(x + h·e) − L(x − h·e)) / 2h at two steps, extrapolated so that the error is O(h⁴) (exact up
    /// to rounding where the forward is linear in the operand, as an einsum is in each of its own operands). An operand read on a diagonal (<c>ii</c>) gets
    /// its gradient on that diagonal and zero elsewhere, which the differences check too.
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
            var shapes = OptEinsumCorpus.Shapes(spec);
            for (int t = 0; t < m; t++)
            {
                CheckAgainstCentralDifferences(spec, forward, names.Select((n, i) => (n, shapes[i])).ToArray(), names[t]);
            }
        }

        [Theory]
        [InlineData("...ij,...jk->...ik", "a")]
        [InlineData("...ij,...jk->...ik", "b")]
        [InlineData("i...,i...->...", "a")]
        public void An_ellipsis_operand_gradient_matches_central_differences(string spec, string differentiated)
        {
            // The '...' group is an index of the backward like any other, expanded at the call.
            var parsed = EinsumParser.ParseOrThrow(spec);
            var forward = EinsumLowering.Lower(parsed, ElementType.Double, new[] { "a", "b" }, "o", accumulate: false, EquatableArray<StaticDim>.Empty);
            var shapes = spec.StartsWith("...", StringComparison.Ordinal) ? new[] { new nint[] { 2, 3, 4, 5 }, new nint[] { 2, 3, 5, 2 } } : new[] { new nint[] { 4, 2, 3 }, new nint[] { 4, 2, 3 } };
            CheckAgainstCentralDifferences(spec, forward, new[] { ("a", shapes[0]), ("b", shapes[1]) }, differentiated);
        }

        public static IEnumerable<object[]> Polynomials => new[]
        {
            "ab,ac,ad,bc,cd->bd", "ab,ac,ad,bc,bd,cd->", "ab,ac,ad,bc,bd,cd->a", "ab,ac,ad,bc,bd,cd->ab", "ab,bc,bd,be,cd,ce->de",
            "ab,bd,be,cd,ce,de->ac", "ab,bd,be,cd,ce,de->bc", "ab,bd,be,cd,ce,de->ca", "ab,bd,be,cd,ce,de->cb", "ab,ad,ae,bc,cd,de->be",
            "ab,ad,ae,bc,cd,de->eb", "ac,ad,ae,bc,bd,be->cd",
        }.Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(Polynomials))]
        public void A_graph_polynomial_gradient_sums_one_term_per_edge(string spec)
        {
            // Every operand is the one adjacency tensor x (n = 5): its gradient has a term per appearance.
            var parsed = EinsumParser.ParseOrThrow(spec);
            var names = Enumerable.Repeat("x", parsed.Inputs.Count).ToArray();
            var forward = EinsumLowering.Lower(parsed, ElementType.Double, names, "p", accumulate: false, EquatableArray<StaticDim>.Empty, shareByName: true);
            Assert.Equal(2, forward.Tensors.Count);
            var backward = CheckAgainstCentralDifferences(spec, forward, new[] { ("x", new nint[] { 5, 5 }) }, "x");
            // Reverse mode through the forward's pairwise path: dX has one term per appearance of x.
            Assert.Equal(parsed.Inputs.Count, CountTerms(backward.Statements.Single(st => backward.Tensors[st.Target].Name == "dX").Value));
        }

        [Theory]
        [InlineData("y[i,k] = sum[j](x[i,j] * x[j,k])")]                 // a matrix square: x twice, indices apart
        [InlineData("y[i] = sum[j](x[i,j] * x[j,i] * s)")]               // x and its transpose, and a scalar
        [InlineData("y[i,j] = x[i,j] * x[j,i]")]                         // no sum: the terms are plain products
        public void An_input_read_twice_gets_a_term_per_read(string program)
        {
            var parameters = new List<ParameterSignature> { new("x", ParameterKind.ReadOnlyTensor, ElementType.Double, "ReadOnlyTensorSpan<double>") };
            if (program.Contains(" s)")) parameters.Add(new("s", ParameterKind.Scalar, ElementType.Double, "double"));
            parameters.Add(new("y", ParameterKind.Tensor, ElementType.Double, "TensorSpan<double>"));
            var method = new MethodSignature("F", true, true, true, ParameterKind.Other, ElementType.Other, "void", new EquatableArray<ParameterSignature>(parameters.ToArray()));
            var forward = ProgramBinder.Bind(program, method, EquatableArray<StaticDim>.Empty).Program!;
            CheckAgainstCentralDifferences(program, forward, new[] { ("x", new nint[] { 4, 4 }) }, "x", ("s", 0.75));
        }

        [Fact]
        public void A_scalar_factor_gradient_matches_central_differences()
        {
            // y = Σi s·x[n,i]·w[i,o]·s: s read twice, so dS = 2·s·Σ dY ⊙ (x·w).
            var parameters = new[]
            {
                new ParameterSignature("x", ParameterKind.ReadOnlyTensor, ElementType.Double, "ReadOnlyTensorSpan<double>"),
                new ParameterSignature("s", ParameterKind.Scalar, ElementType.Double, "double"),
                new ParameterSignature("w", ParameterKind.ReadOnlyTensor, ElementType.Double, "ReadOnlyTensorSpan<double>"),
                new ParameterSignature("y", ParameterKind.Tensor, ElementType.Double, "TensorSpan<double>"),
            };
            var method = new MethodSignature("F", true, true, true, ParameterKind.Other, ElementType.Other, "void", new EquatableArray<ParameterSignature>(parameters));
            var forward = ProgramBinder.Bind("y[n,o] = sum[i](s * x[n,i] * w[i,o] * s)", method, EquatableArray<StaticDim>.Empty).Program!;
            var rnd = new Random(5);
            var arguments = new Dictionary<string, object>(StringComparer.Ordinal) { ["x"] = Random(rnd, new nint[] { 3, 4 }), ["w"] = Random(rnd, new nint[] { 4, 2 }), ["s"] = 0.7 };
            var dY = Random(rnd, new nint[] { 3, 2 });
            double Loss(double s)
            {
                arguments["s"] = s;
                var y = ProgramInterpreter.Run(forward, arguments, out _)["y"];
                return y.Select((v, p) => v * Flat(dY)[p]).Sum();
            }
            double expected = (4 * (Loss(0.7 + 5e-4) - Loss(0.7 - 5e-4)) / 1e-3 - (Loss(0.7 + 1e-3) - Loss(0.7 - 1e-3)) / 2e-3) / 3;
            arguments["s"] = 0.7;
            var backward = GradientDerivation.Derive(forward, new[] { "s", "w" }, accumulate: false).Program!;
            Assert.Equal(new[] { "x", "s", "w", "dY", "dS", "dW" }, backward.Tensors.Select(t => (t.Parameter, t.Name)).Concat(backward.Scalars.Select(sc => (sc.Parameter, sc.Name)))
                .Where(p => p.Parameter >= 0).OrderBy(p => p.Parameter).Select(p => p.Name));
            var results = ProgramInterpreter.Run(backward, new Dictionary<string, object>(arguments, StringComparer.Ordinal) { ["dY"] = dY }, out _);
            Assert.True(Math.Abs(results["dS"][0] - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"dS = {results["dS"][0]:R}, central difference {expected:R}");
        }

        [Theory]
        [InlineData("ij,jk->ik", "a")]
        [InlineData("ij,jk->ik", "dC")]
        [InlineData("ij,jk,kl->il", "b")]
        [InlineData("ab,ac,ad,bc,cd->bd", "x")]
        [InlineData("ab,ac,ad,bc,bd,cd->ab", "x")]
        [InlineData("ab,bc,bd,be,cd,ce->de", "x")]
        [InlineData("ab,bd,be,cd,ce,de->cb", "x")]
        [InlineData("ac,ad,ae,bc,bd,be->cd", "x")]
        public void A_backward_is_a_program_whose_gradient_is_the_second_derivative(string spec, string differentiated)
        {
            // The backward of an einsum (all its input gradients), differentiated again with respect to one of its own
            // inputs: against central differences of L = Σ over its outputs of dOut ⊙ out, both run by the interpreter.
            var parsed = EinsumParser.ParseOrThrow(spec);
            bool polynomial = differentiated == "x";
            var names = polynomial ? Enumerable.Repeat("x", parsed.Inputs.Count).ToArray() : new[] { "a", "b", "c" }.Take(parsed.Inputs.Count).ToArray();
            var forward = EinsumLowering.Lower(parsed, ElementType.Double, names, polynomial ? "p" : "o", accumulate: false, EquatableArray<StaticDim>.Empty, shareByName: polynomial);
            var backward = GradientDerivation.Derive(forward, names.Distinct().ToArray(), accumulate: false).Program!;
            var rnd = new Random(11);
            var inputs = backward.Tensors.Where(t => t.Kind == ProgramTensorKind.Input).Select(t => (t.Name, Shape: Enumerable.Repeat((nint)4, t.Rank).ToArray())).ToArray();
            CheckAgainstCentralDifferences(spec + " second order", backward, inputs, differentiated == "dC" && !polynomial ? "dO" : differentiated);
        }

        // Checks the derived gradient of 'differentiated' against central differences of L = Σ dO ⊙ O(x); returns the backward.
        internal static BoundProgram CheckAgainstCentralDifferences(string what, BoundProgram forward, (string Name, nint[] Shape)[] inputs, string differentiated,
            params (string Name, double Value)[] scalars)
        {
            var rnd = new Random(what.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
            var arguments = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, shape) in inputs) arguments[name] = Random(rnd, shape);
            foreach (var (name, value) in scalars) arguments[name] = value;
            var outputs = forward.Tensors.Where(t => t.Kind == ProgramTensorKind.Output).Select(t => t.Name).ToList();
            ProgramInterpreter.Run(forward, arguments, out var outShapes);
            // A rank-0 result's gradient is passed with shape [1], as the kernels take it.
            var dOuts = outputs.ToDictionary(o => o, o => Random(rnd, outShapes[o].Length == 0 ? new nint[] { 1 } : outShapes[o].Select(l => (nint)l).ToArray()));
            double Loss()
            {
                var results = ProgramInterpreter.Run(forward, arguments, out _);
                double sum = 0;
                foreach (var o in outputs)
                {
                    var d = Flat(dOuts[o]);
                    for (int p = 0; p < results[o].Length; p++) sum += d[p] * results[o][p];
                }
                return sum;
            }

            var result = GradientDerivation.Derive(forward, new[] { differentiated }, accumulate: false);
            Assert.True(result.Program is not null, result.Reason);
            var backArguments = new Dictionary<string, object>(arguments, StringComparer.Ordinal);
            foreach (var o in outputs) backArguments[GradientDerivation.GradientName(o)] = dOuts[o];
            string gradientName = GradientDerivation.GradientName(differentiated);
            var gradient = ProgramInterpreter.Run(result.Program!, backArguments, out var gradientShapes)[gradientName];
            var x = (Tensor<double>)arguments[differentiated];
            Assert.Equal(x.Lengths.ToArray().Select(l => (long)l), gradientShapes[gradientName]);

            // A few elements, the first and the last among them.
            var values = Flat(x);
            var positions = new[] { 0, values.Length - 1 }.Concat(Enumerable.Range(0, 4).Select(_ => rnd.Next(values.Length))).Distinct();
            foreach (int p in positions)
            {
                // Central differences at h and h/2, combined (Richardson) so that the h² term of a polynomial of degree
                // up to 6 in one element (a diagonal entry of x read by several edges) cancels: error O(h⁴).
                double Central(double h)
                {
                    arguments[differentiated] = With(x, values, p, values[p] + h);
                    double plus = Loss();
                    arguments[differentiated] = With(x, values, p, values[p] - h);
                    double minus = Loss();
                    arguments[differentiated] = x;
                    return (plus - minus) / (2 * h);
                }
                double expected = (4 * Central(5e-4) - Central(1e-3)) / 3;
                Assert.True(Math.Abs(gradient[p] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)),
                    $"{what}: {gradientName}[{p}] = {gradient[p]:R}, central difference {expected:R}");
            }
            return result.Program!;
        }

        private static int CountTerms(BoundExpr e) => e is BinaryExpr { Op: BinaryOp.Add } b ? CountTerms(b.Left) + CountTerms(b.Right) : 1;

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
            // Reverse mode through the forward's path t = a·b, o = t·c: dB needs dT = dO·cᵀ and aᵀ·dT; t is not needed, and
            // the plan does not compute it.
            Assert.Equal("oPath1[i,k] = sum[j](a[i,j] * b[j,k])\ndOPath1[i,k] = sum[l](dO[i,l] * c[k,l])\ndB[j,k] = sum[i](dOPath1[i,k] * a[i,j])", backward.Text);
            var plan = TensorDsl.Language.Programs.Planning.ProgramPlanner.Plan(backward);
            Assert.Equal(new[] { "dOPath1", "dB" }, plan.Steps.Select(st => backward.Tensors[st.Target].Name));
            Assert.Equal(4, backward.Tensors.Single(t => t.Name == "dB").Parameter);
            Assert.Contains("no input gradient", GradientDerivation.Derive(forward, Array.Empty<string>(), false).Reason);
        }

        private static Tensor<double> Random(Random rnd, nint[] shape) => TestData.Host(TestData.Random(rnd, shape), shape);

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
