using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>
    /// An edit that does not touch a kernel must leave the generator's steps cached (an IDE keystroke must not
    /// regenerate every kernel), and the models must hold no Roslyn symbols, syntax or compilations (which would
    /// defeat caching and keep compilations alive).
    /// </summary>
    public sealed class IncrementalityTests
    {
        private const string Kernels = """
            using System.Numerics.Tensors;
            using TensorDsl;
            namespace App;
            public static partial class Kernels
            {
                [Einsum("ij,jk->ik")]
                public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

                [Einsum("...ij,...jk->...ik")]
                public static partial void Batched(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);

                [Einsum("ii")]
                public static partial double Trace(ReadOnlyTensorSpan<double> a);
            }
            """;

        private const string Programs = """
            using System.Numerics.Tensors;
            using TensorDsl;
            namespace App;
            public static partial class Kernels
            {
                [TensorProgram("o[i,c] = sum[j](softmax[j](scale * sum[d](q[i,d] * k[j,d])) * v[j,c])")]
                public static partial void Attention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, ReadOnlyTensorSpan<float> v, float scale, TensorSpan<float> o);

                [TensorProgram("c[i,k] = a[i,j] * b[j,k]")]
                public static partial void MatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> c);

                [TensorProgram("y[i] = max[j](x[i,j]) where j <= i")]
                public static partial void RowMax(ReadOnlyTensorSpan<double> x, TensorSpan<double> y);
            }
            """;

        // Both generators, each with its kernels, its tracking name, a spec edit and an invalid variant.
        public static IEnumerable<object[]> Generators() => new[]
        {
            new object[] { "einsum" },
            new object[] { "program" },
        };

        private static (string Source, string Tracking, System.Type Generator, string Spec, string EditedSpec, string Invalid) Setup(string which)
            => which == "einsum"
                ? (Kernels, TrackingNames.EinsumModels, typeof(EinsumGenerator), "\"ij,jk->ik\"", "\"ij,jk->ki\"", Kernels.Replace("[Einsum(\"ii\")]", "[Einsum(\"i$\")]"))
                : (Programs, TrackingNames.ProgramModels, typeof(ProgramGenerator), "\"c[i,k] = a[i,j] * b[j,k]\"", "\"c[i,k] = a[i,j] * b[j,k] * 2\"", Programs.Replace("where j <= i", "where z <= i"));

        private static GeneratorRunResult ResultOf(GeneratorDriver driver, System.Type generator)
            => driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == generator);

        [Theory]
        [MemberData(nameof(Generators))]
        public void An_unrelated_new_file_leaves_every_step_cached(string which)
        {
            var (Kernels, tracking, generator, _, _, _) = Setup(which);
            var compilation = GeneratorHarness.CreateCompilation(Kernels);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; public class Unrelated { public int X => 42; }", GeneratorHarness.ParseOptions));
            var result = ResultOf(driver.RunGenerators(edited), generator);

            var modelSteps = result.TrackedSteps[tracking];
            Assert.Equal(3, modelSteps.SelectMany(s => s.Outputs).Count());
            Assert.All(modelSteps.SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Theory]
        [MemberData(nameof(Generators))]
        public void An_unrelated_edit_in_the_kernel_file_leaves_the_models_unchanged(string which)
        {
            var (Kernels, tracking, generator, _, _, _) = Setup(which);
            var compilation = GeneratorHarness.CreateCompilation(Kernels);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var tree = compilation.SyntaxTrees.Single();
            var editedText = tree.ToString().Replace("public static partial class Kernels\n{", "public static partial class Kernels\n{\n    public static int Unrelated() => 1;\n");
            Assert.NotEqual(tree.ToString(), editedText);
            var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(editedText, GeneratorHarness.ParseOptions));
            var result = ResultOf(driver.RunGenerators(edited), generator);

            // The transform re-runs for the edited file, but produces equal models, so nothing is re-emitted.
            var outputs = result.TrackedSteps[tracking].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(3, outputs.Count);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, o.Reason.ToString()));
            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Theory]
        [MemberData(nameof(Generators))]
        public void Editing_a_spec_regenerates_only_that_kernel(string which)
        {
            var (Kernels, tracking, generator, spec, editedSpec, _) = Setup(which);
            var compilation = GeneratorHarness.CreateCompilation(Kernels);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var tree = compilation.SyntaxTrees.Single();
            Assert.Contains(spec, tree.ToString());
            var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(tree.ToString().Replace(spec, editedSpec), GeneratorHarness.ParseOptions));
            var result = ResultOf(driver.RunGenerators(edited), generator);
            var reasons = result.TrackedSteps[tracking].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
            Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
        }

        [Theory]
        [MemberData(nameof(Generators))]
        public void Models_hold_no_symbols_syntax_or_compilations(string which)
        {
            var (Kernels, tracking, generator, _, _, invalid) = Setup(which);
            Assert.NotEqual(Kernels, invalid);
            foreach (var source in new[] { Kernels, invalid })
            {
                var compilation = GeneratorHarness.CreateCompilation(source);
                var result = ResultOf(GeneratorHarness.CreateDriver().RunGenerators(compilation), generator);
                var models = result.TrackedSteps[tracking].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
                Assert.Equal(3, models.Count);
                foreach (var model in models) AssertNoRoslynObjects(model, "model", new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
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
