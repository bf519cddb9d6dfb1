using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Harness
{
    /// <summary>
    /// <see cref="AnalyzerHarness"/> for the domain attributes: every attribute analyzer (einsum, program, Gaunt, polynomial
    /// and gradient) runs; compiles the markup's source with the attribute sources and compares every TDSL diagnostic, by ID and exact
    /// span, with the markup. Used by the [GauntProduct] and [EquivariantPolynomial] analyzer tests.
    /// </summary>
    public static class AttributeAnalyzerHarness
    {
        private static readonly Lazy<MetadataReference[]> s_references = new(() =>
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
            paths.Add(typeof(System.Numerics.Tensors.TensorSpan<>).Assembly.Location);
            return paths.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
        });

        private static readonly Lazy<SyntaxTree[]> s_attributeTrees = new(() =>
        {
            var assembly = typeof(AnalyzerHarness).Assembly;
            var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith("Attributes.", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Contains("Attributes.GauntProductAttribute.cs", names);
            Assert.Contains("Attributes.EquivariantPolynomialAttribute.cs", names);
            return names.Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return CSharpSyntaxTree.ParseText(reader.ReadToEnd(), AnalyzerHarness.ParseOptions, path: n);
            }).ToArray();
        });

        public static async Task VerifyAsync(string markup)
        {
            var (source, expected) = Markup.Parse(markup);
            var run = await RunAsync(source);
            AnalyzerHarness.AssertClean(run);
            var tree = run.Tree;
            Assert.All(run.Analyzer, d => Assert.Same(tree, d.Location.SourceTree));
            var expectedLines = expected.Select(e => AnalyzerHarness.Describe(tree, e.Id, e.Span)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            var actualLines = run.Analyzer.Select(d => AnalyzerHarness.Describe(tree, d.Id, d.Location.SourceSpan)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            Assert.True(expectedLines.SequenceEqual(actualLines),
                "Diagnostics differ.\nExpected:\n  " + string.Join("\n  ", expectedLines) + "\nActual:\n  " + string.Join("\n  ", actualLines)
                + "\nMessages:\n  " + string.Join("\n  ", run.Analyzer.Select(d => d.ToString())));
        }

        public static async Task<AnalysisRun> RunAsync(string source)
        {
            var tree = CSharpSyntaxTree.ParseText(source, AnalyzerHarness.ParseOptions, path: "Test.cs");
            var compilation = CSharpCompilation.Create(
                "TensorDslAttributeAnalyzerTest",
                s_attributeTrees.Value.Append(tree),
                s_references.Value,
                // Unsafe code allowed: kernels may be declared 'unsafe' (the declaration-form tests).
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
            var exceptions = new ConcurrentQueue<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (e, _, _) => exceptions.Enqueue(e),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new EinsumAnalyzer(), new TensorProgramAnalyzer(), new GauntProductAnalyzer(), new EquivariantPolynomialAnalyzer(), new GradientAnalyzer());
            var all = await compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync();
            var analyzer = all.Where(d => d.Id.StartsWith("TDSL", StringComparison.Ordinal) || d.Id.StartsWith("AD", StringComparison.Ordinal)).ToImmutableArray();
            var compilerErrors = all.Where(d => d.Severity == DiagnosticSeverity.Error && !analyzer.Contains(d)).ToImmutableArray();
            return new AnalysisRun(tree, analyzer, compilerErrors, exceptions.ToList());
        }
    }
}
