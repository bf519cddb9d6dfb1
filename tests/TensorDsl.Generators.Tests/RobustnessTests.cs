using System.Linq;
using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>A spec error never crashes the generator: it emits a body that throws and names the TDSL diagnostic.</summary>
    public sealed class RobustnessTests
    {
        public static TheoryData<string> BadSpecs => new TheoryData<string>
        {
            "", " ", "->", "ij,,jk", ",", "ij->ii", "ij->k", "..i", "i....", "ab-c", "ab>c", "ij,jk->ik->i", "αβ", "i j ,", "...,...->...,",
            "\\", "\"", "ij,jk->ik,", ".", "-", "->->", "a...b...c",
        };

        [Theory]
        [MemberData(nameof(BadSpecs))]
        public void Invalid_specs_yield_a_throwing_body_and_no_generator_failure(string spec)
        {
            string literal = Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(spec, quote: true);
            string source = $$"""
                using System.Numerics.Tensors;
                using TensorDsl;
                public static partial class Kernels
                {
                    [Einsum({{literal}})]
                    public static partial void Bad(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                }
                """;
            var (output, generatorDiagnostics, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
            Assert.Empty(generatorDiagnostics);
            Assert.All(result.Results, r => Assert.Null(r.Exception));
            var generated = Assert.Single(result.GeneratedTrees).ToString();
            Assert.Contains("throw new global::System.InvalidOperationException", generated);
            Assert.Contains("TDSL00", generated);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void Methods_that_are_not_partial_definitions_are_left_alone()
        {
            const string source = """
                using System.Numerics.Tensors;
                using TensorDsl;
                public static class Kernels
                {
                    [Einsum("ij->ji")]
                    public static void NotPartial(ReadOnlyTensorSpan<float> a, TensorSpan<float> c) { }
                }
                """;
            var (_, generatorDiagnostics, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
            Assert.Empty(generatorDiagnostics);
            Assert.Empty(result.GeneratedTrees);
        }

        [Fact]
        public void A_non_static_partial_method_gets_a_throwing_body_with_its_own_modifiers()
        {
            const string source = """
                using System.Numerics.Tensors;
                using TensorDsl;
                public partial class Kernels
                {
                    [Einsum("ij->ji")]
                    public partial void Instance(ReadOnlyTensorSpan<float> a, TensorSpan<float> c);
                }
                """;
            var (output, generatorDiagnostics, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
            Assert.Empty(generatorDiagnostics);
            Assert.Contains("TDSL0005", Assert.Single(result.GeneratedTrees).ToString());
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }
    }
}
