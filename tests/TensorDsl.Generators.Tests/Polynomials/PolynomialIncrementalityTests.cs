using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests.Polynomials
{
    /// <summary>
    /// The <c>[EquivariantPolynomial]</c> generator's steps stay cached across unrelated edits, regenerate only the edited kernel,
    /// and its models hold no Roslyn symbols, syntax or compilations (see <see cref="IncrementalityTests"/>); the plan is computed in the output step, from the model alone.
    /// </summary>
    public sealed class PolynomialIncrementalityTests
    {
        private const string Kernels = """
            using System.Numerics.Tensors;
            using TensorDsl;
            namespace App;
            public static partial class Kernels
            {
                [EquivariantPolynomial("ab,bc,ca->a")]
                public static partial void Small(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

                [EquivariantPolynomial("ab,ac,ad,bc,bd,cd->a", Channels = true)]
                public static partial void Named(ReadOnlyTensorSpan<double> x, TensorSpan<double> p);

                [EquivariantPolynomial("ab,ac,ad,bc,cd->bd")]
                public static partial void Fourier(ReadOnlyTensorSpan<double> a, TensorSpan<double> c);
            }
            """;

        private static GeneratorRunResult ResultOf(GeneratorDriver driver)
            => driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(EquivariantPolynomialGenerator));

        [Fact]
        public void An_unrelated_new_file_leaves_every_step_cached()
        {
            var compilation = GeneratorHarness.CreateCompilation(Kernels);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            Assert.Equal(3, ResultOf(driver).GeneratedSources.Length);
            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; public class Unrelated { public int X => 42; }", GeneratorHarness.ParseOptions));
            var result = ResultOf(driver.RunGenerators(edited));

            var outputs = result.TrackedSteps[TrackingNames.PolynomialModels].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(3, outputs.Count);
            Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Fact]
        public void An_unrelated_edit_in_the_kernel_file_leaves_the_models_unchanged()
        {
            var compilation = GeneratorHarness.CreateCompilation(Kernels);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var tree = compilation.SyntaxTrees.Single();
            var editedText = tree.ToString().Replace("public static partial class Kernels\n{", "public static partial class Kernels\n{\n    public static int Unrelated() => 1;\n");
            Assert.NotEqual(tree.ToString(), editedText);
            var result = ResultOf(driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(editedText, GeneratorHarness.ParseOptions))));

            var outputs = result.TrackedSteps[TrackingNames.PolynomialModels].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(3, outputs.Count);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, o.Reason.ToString()));
            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Fact]
        public void Editing_one_attribute_regenerates_only_that_kernel()
        {
            var compilation = GeneratorHarness.CreateCompilation(Kernels);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var tree = compilation.SyntaxTrees.Single();
            var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(tree.ToString().Replace("[EquivariantPolynomial(\"ab,bc,ca->a\")]", "[EquivariantPolynomial(\"ab,bc,ca->b\")]"), GeneratorHarness.ParseOptions));
            var result = ResultOf(driver.RunGenerators(edited));
            var reasons = result.TrackedSteps[TrackingNames.PolynomialModels].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
            Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
        }

        [Fact]
        public void Models_hold_no_symbols_syntax_or_compilations()
        {
            string invalid = Kernels.Replace("[EquivariantPolynomial(\"ab,bc,ca->a\")]", "[EquivariantPolynomial(\"ab,bcd,ca->a\")]"); // an operand that is no edge: an invalid model
            foreach (var source in new[] { Kernels, invalid })
            {
                var result = ResultOf(GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.CreateCompilation(source)));
                var models = result.TrackedSteps[TrackingNames.PolynomialModels].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
                Assert.Equal(3, models.Count);
                foreach (var model in models) AssertNoRoslynObjects(model, "model", new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }

        [Fact]
        public void An_invalid_method_gets_a_body_that_throws_with_its_diagnostic()
        {
            string source = Kernels.Replace("[EquivariantPolynomial(\"ab,bc,ca->a\")]", "[EquivariantPolynomial(\"ab,bcd,ca->a\")]");
            var (output, diagnostics, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
            Assert.Empty(diagnostics);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var invalid = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("Small_2.invalid.g.cs", System.StringComparison.Ordinal)).ToString();
            Assert.Contains("TDSL0024", invalid, System.StringComparison.Ordinal);
            Assert.Contains("throw new global::System.InvalidOperationException", invalid, System.StringComparison.Ordinal);
        }

        private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
        {
            if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
            if (!value.GetType().IsValueType && !seen.Add(value)) return;
            Assert.False(value is ISymbol or Compilation or SyntaxNode or SyntaxTree or SemanticModel or Location or AttributeData,
                $"{path} holds a {value.GetType().Name}");
            if (value is IEnumerable items)
            {
                int i = 0;
                foreach (var item in items) AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
                return;
            }
            foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }
    }
}
