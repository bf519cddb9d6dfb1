using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Harness
{
    /// <summary>What one analyzer run produced.</summary>
    /// <param name="Tree">The analyzed test source.</param>
    /// <param name="Analyzer">Diagnostics reported by analyzers (TDSL…, and AD0001 if an analyzer threw).</param>
    /// <param name="CompilerErrors">Compiler errors (in the test source or the attribute sources).</param>
    /// <param name="Exceptions">Exceptions the analyzer driver caught.</param>
    public sealed record AnalysisRun(SyntaxTree Tree, ImmutableArray<Diagnostic> Analyzer, ImmutableArray<Diagnostic> CompilerErrors, IReadOnlyList<Exception> Exceptions);

    /// <summary>
    /// Compiles test source against the platform, System.Numerics.Tensors and the TensorDsl attributes (as source), runs
    /// <see cref="EinsumAnalyzer"/> and <see cref="TensorProgramAnalyzer"/> and compares their diagnostics, by ID and exact
    /// span, with the source's markup.
    /// </summary>
    public static class AnalyzerHarness
    {
        /// <summary>
        /// Compiler errors a test source may have: a partial method with accessibility (needed to return a scalar) has
        /// no implementation until the generator runs, and the harness does not run the generator.
        /// </summary>
        private static readonly HashSet<string> s_allowedCompilerErrors = new HashSet<string>
        {
            "CS8795", // Partial method must have an implementation part because it has accessibility modifiers.
        };

        public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        private static readonly Lazy<MetadataReference[]> s_references = new Lazy<MetadataReference[]>(() =>
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
            paths.Add(typeof(System.Numerics.Tensors.TensorSpan<>).Assembly.Location);
            return paths.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
        });

        private static readonly Lazy<SyntaxTree[]> s_attributeTrees = new Lazy<SyntaxTree[]>(() =>
        {
            var assembly = typeof(AnalyzerHarness).Assembly;
            var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith("Attributes.", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Contains("Attributes.EinsumAttribute.cs", names);
            Assert.Contains("Attributes.DimAttribute.cs", names);
            Assert.Contains("Attributes.TensorProgramAttribute.cs", names);
            return names.Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return CSharpSyntaxTree.ParseText(reader.ReadToEnd(), ParseOptions, path: n);
            }).ToArray();
        });

        /// <summary>The planner's Info about fusion.</summary>
        public const string NotFusedId = "TDSL0019";

        /// <summary>The planner's Info about a sum left as a scalar loop nest.</summary>
        public const string ScalarLoopNestId = "TDSL0027";

        /// <summary>Asserts that the analyzer reports exactly the diagnostics marked in <paramref name="markup"/>
        /// (the planner's Info notes, TDSL0019 and TDSL0027, only when the markup marks at least one of that ID).</summary>
        public static async Task VerifyAsync(string markup)
        {
            var (source, expected) = Markup.Parse(markup);
            var run = await RunAsync(source);
            AssertClean(run);
            var tree = run.Tree;
            Assert.All(run.Analyzer, d => Assert.Same(tree, d.Location.SourceTree));
            var expectedLines = expected.Select(e => Describe(tree, e.Id, e.Span)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            // The planner's Info notes are compared only by tests that mark one of the same ID.
            bool Compared(string id) => (id != NotFusedId && id != ScalarLoopNestId) || expected.Any(e => e.Id == id);
            var actualLines = run.Analyzer.Where(d => Compared(d.Id))
                .Select(d => Describe(tree, d.Id, d.Location.SourceSpan)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            Assert.True(expectedLines.SequenceEqual(actualLines),
                "Diagnostics differ.\nExpected:\n  " + string.Join("\n  ", expectedLines) + "\nActual:\n  " + string.Join("\n  ", actualLines)
                + "\nMessages:\n  " + string.Join("\n  ", run.Analyzer.Select(d => d.ToString())));
        }

        /// <summary>Asserts that the analyzer did not throw and the test source has no unexpected compiler error.</summary>
        public static void AssertClean(AnalysisRun run)
        {
            Assert.True(run.Exceptions.Count == 0, "Analyzer threw:\n" + string.Join("\n", run.Exceptions));
            Assert.DoesNotContain(run.Analyzer, d => d.Id == "AD0001");
            var unexpected = run.CompilerErrors.Where(d => !s_allowedCompilerErrors.Contains(d.Id)).ToList();
            Assert.True(unexpected.Count == 0, "The test source does not compile:\n" + string.Join("\n", unexpected));
        }

        /// <summary>Compiles <paramref name="source"/> and runs the analyzers over it.</summary>
        public static async Task<AnalysisRun> RunAsync(string source)
        {
            var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Test.cs");
            var compilation = CSharpCompilation.Create(
                "TensorDslAnalyzerTest",
                s_attributeTrees.Value.Append(tree),
                s_references.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            var exceptions = new ConcurrentQueue<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (e, _, _) => exceptions.Enqueue(e),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new EinsumAnalyzer(), new TensorProgramAnalyzer()), options);
            var all = await withAnalyzers.GetAllDiagnosticsAsync();

            var analyzer = all.Where(d => d.Id.StartsWith("TDSL", StringComparison.Ordinal) || d.Id.StartsWith("AD", StringComparison.Ordinal)).ToImmutableArray();
            var compilerErrors = all.Where(d => d.Severity == DiagnosticSeverity.Error && !analyzer.Contains(d)).ToImmutableArray();
            return new AnalysisRun(tree, analyzer, compilerErrors, exceptions.ToList());
        }

        /// <summary>One line per diagnostic: ID, span, the covered text and its line, so that a failure shows where.</summary>
        public static string Describe(SyntaxTree tree, string id, TextSpan span)
        {
            var text = tree.GetText();
            string covered = span.End <= text.Length ? text.ToString(span) : "<out of range>";
            int line = span.End <= text.Length ? text.Lines.GetLinePosition(span.Start).Line + 1 : -1;
            return $"{id} [{span.Start}..{span.End}) line {line}: «{covered}»";
        }
    }
}
