using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Analyzers.CallSites;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CallSites
{
    /// <summary>
    /// <see cref="AnalyzerHarness"/> with every analyzer, <see cref="CallSiteAnalyzer"/> included: compiles the markup's
    /// source (unsafe code allowed) with the attribute sources and compares every TDSL diagnostic, by ID and exact span.
    /// </summary>
    public static class CallSiteHarness
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
            return names.Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return CSharpSyntaxTree.ParseText(reader.ReadToEnd(), AnalyzerHarness.ParseOptions, path: n);
            }).ToArray();
        });

        /// <summary>Asserts exactly the marked diagnostics; returns them for message checks.</summary>
        public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string markup, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
        {
            var (source, expected) = Markup.Parse(markup);
            var run = await RunAsync(source, outputKind);
            AnalyzerHarness.AssertClean(run);
            var tree = run.Tree;
            var expectedLines = expected.Select(e => AnalyzerHarness.Describe(tree, e.Id, e.Span)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            var actualLines = run.Analyzer.Select(d => AnalyzerHarness.Describe(d.Location.SourceTree ?? tree, d.Id, d.Location.SourceSpan)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            Assert.True(expectedLines.SequenceEqual(actualLines),
                "Diagnostics differ.\nExpected:\n  " + string.Join("\n  ", expectedLines) + "\nActual:\n  " + string.Join("\n  ", actualLines)
                + "\nMessages:\n  " + string.Join("\n  ", run.Analyzer.Select(d => d.ToString())));
            return run.Analyzer;
        }

        /// <summary>Asserts one diagnostic, as marked, and returns its message.</summary>
        public static async Task<string> SingleMessageAsync(string markup)
        {
            var diagnostics = await VerifyAsync(markup);
            return Assert.Single(diagnostics).GetMessage();
        }

        public static async Task<AnalysisRun> RunAsync(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
        {
            var tree = CSharpSyntaxTree.ParseText(source, AnalyzerHarness.ParseOptions, path: "Test.cs");
            var compilation = CSharpCompilation.Create(
                "TensorDslCallSiteTest",
                s_attributeTrees.Value.Append(tree),
                s_references.Value,
                new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
            var exceptions = new ConcurrentQueue<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (e, _, _) => exceptions.Enqueue(e),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new EinsumAnalyzer(), new TensorProgramAnalyzer(), new GauntProductAnalyzer(), new CallSiteAnalyzer());
            var all = await compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync();
            var analyzer = all.Where(d => (d.Id.StartsWith("TDSL", StringComparison.Ordinal) && d.Severity > DiagnosticSeverity.Info) || d.Id.StartsWith("AD", StringComparison.Ordinal)).ToImmutableArray();
            var compilerErrors = all.Where(d => d.Severity == DiagnosticSeverity.Error && !analyzer.Contains(d)).ToImmutableArray();
            return new AnalysisRun(tree, analyzer, compilerErrors, exceptions.ToList());
        }

        /// <summary>
        /// A test source: kernels in <c>Kernels</c> (<c>MatMul</c> "ij,jk->ik", <c>Dot</c> "i,i->i" and <paramref name="kernels"/>)
        /// and <paramref name="body"/> as the members of <c>Calls</c>.
        /// </summary>
        public static string Source(string body, string kernels = "")
            => Sources.Usings + $$"""
                public static partial class Kernels
                {
                    [Einsum("ij,jk->ik")]
                    public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                    [Einsum("i,i->i")]
                    public static partial void Mul(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);
                {{kernels}}
                }

                public unsafe class Calls
                {
                {{body}}
                }
                """;
    }
}
