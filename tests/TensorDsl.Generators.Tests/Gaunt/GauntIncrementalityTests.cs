using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests.Gaunt
{
    /// <summary>
    /// The <c>[GauntProduct]</c> generator's steps stay cached across unrelated edits, regenerate only the edited kernel,
    /// and its models hold no Roslyn symbols, syntax or compilations (see <see cref="IncrementalityTests"/>).
    /// </summary>
    public sealed class GauntIncrementalityTests
    {
        private const string Kernels = """
            using System.Numerics.Tensors;
            using TensorDsl;
            namespace App;
            public static partial class Kernels
            {
                [GauntProduct(1, 1, 2)]
                public static partial void Small(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

                [GauntProduct(L1 = 2, L2 = 1, LOut = 3, Method = GauntMethod.Sparse)]
                public static partial void Named(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

                [GauntProduct(3, 3, 4, Method = GauntMethod.Fourier)]
                public static partial void Fourier(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);
            }
            """;

        private static GeneratorRunResult ResultOf(GeneratorDriver driver)
            => driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(GauntProductGenerator));

        [Fact]
        public void An_unrelated_new_file_leaves_every_step_cached()
        {
            var compilation = GeneratorHarness.CreateCompilation(Kernels);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            Assert.Equal(3, ResultOf(driver).GeneratedSources.Length);
            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; public class Unrelated { public int X => 42; }", GeneratorHarness.ParseOptions));
            var result = ResultOf(driver.RunGenerators(edited));

            var outputs = result.TrackedSteps[TrackingNames.GauntModels].SelectMany(s => s.Outputs).ToList();
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

            var outputs = result.TrackedSteps[TrackingNames.GauntModels].SelectMany(s => s.Outputs).ToList();
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
            var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(tree.ToString().Replace("[GauntProduct(1, 1, 2)]", "[GauntProduct(1, 1, 1)]"), GeneratorHarness.ParseOptions));
            var result = ResultOf(driver.RunGenerators(edited));
            var reasons = result.TrackedSteps[TrackingNames.GauntModels].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
            Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
        }

        [Fact]
        public void Changing_only_the_method_regenerates_that_kernel_with_the_other_lowering()
        {
            var compilation = GeneratorHarness.CreateCompilation(Kernels);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            string Named(GeneratorRunResult r) => r.GeneratedSources.Single(s => s.HintName.Contains(".Named_", System.StringComparison.Ordinal)).SourceText.ToString();
            string before = Named(ResultOf(driver));
            Assert.Contains("GauntParallel.Run<", before, System.StringComparison.Ordinal);
            Assert.DoesNotContain("GauntFourier.ProductRows", before, System.StringComparison.Ordinal);

            var tree = compilation.SyntaxTrees.Single();
            string text = tree.ToString().Replace("LOut = 3, Method = GauntMethod.Sparse", "LOut = 3, Method = GauntMethod.Fourier");
            Assert.NotEqual(tree.ToString(), text);
            var result = ResultOf(driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions))));
            var reasons = result.TrackedSteps[TrackingNames.GauntModels].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
            Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
            string after = Named(result);
            Assert.Contains("GauntFourier.ProductRows<double>(2, 1, 3,", after, System.StringComparison.Ordinal);
            Assert.Contains("method: Fourier (requested;", after, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Models_hold_no_symbols_syntax_or_compilations()
        {
            string invalid = Kernels.Replace("[GauntProduct(1, 1, 2)]", "[GauntProduct(1, 1, 3)]"); // LOut > L1 + L2: an invalid model
            foreach (var source in new[] { Kernels, invalid })
            {
                var result = ResultOf(GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.CreateCompilation(source)));
                var models = result.TrackedSteps[TrackingNames.GauntModels].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
                Assert.Equal(3, models.Count);
                foreach (var model in models) AssertNoRoslynObjects(model, "model", new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }

        [Fact]
        public void An_invalid_method_gets_a_body_that_throws_with_its_diagnostic()
        {
            string source = Kernels.Replace("[GauntProduct(1, 1, 2)]", "[GauntProduct(1, 1, 3)]");
            var (output, diagnostics, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
            Assert.Empty(diagnostics);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var invalid = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("Small_3.invalid.g.cs", System.StringComparison.Ordinal)).ToString();
            Assert.Contains("TDSL0021", invalid, System.StringComparison.Ordinal);
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
