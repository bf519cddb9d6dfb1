using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CodeFixes
{
    /// <summary>
    /// Applies a code fix in an <see cref="AdhocWorkspace"/>: the analyzers report on the test source, the provider is asked
    /// for its actions on the diagnostic at the marked span, the single action is applied, and the result is compared with
    /// the expected source — and re-analyzed, so that a fix must also make its diagnostic go away.
    /// </summary>
    public static class CodeFixHarness
    {
        private static readonly Lazy<MetadataReference[]> s_references = new(() =>
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
            paths.Add(typeof(System.Numerics.Tensors.TensorSpan<>).Assembly.Location);
            return paths.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
        });

        private static readonly Lazy<(string Name, string Text)[]> s_attributes = new(() =>
        {
            var assembly = typeof(AnalyzerHarness).Assembly;
            return assembly.GetManifestResourceNames().Where(n => n.StartsWith("Attributes.", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal)
                .Select(n =>
                {
                    using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                    return (n, reader.ReadToEnd());
                }).ToArray();
        });

        private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers =
            ImmutableArray.Create<DiagnosticAnalyzer>(new EinsumAnalyzer(), new TensorProgramAnalyzer(), new GauntProductAnalyzer());

        /// <summary>
        /// Asserts that <paramref name="provider"/> offers exactly one action for the <paramref name="id"/> diagnostic marked in
        /// <paramref name="markup"/>, that applying it gives <paramref name="expected"/>, and that the result has no TDSL error.
        /// </summary>
        public static async Task VerifyFixAsync(CodeFixProvider provider, string markup, string expected)
        {
            var (document, diagnostic) = await FindAsync(markup);
            var actions = await ActionsAsync(provider, document, diagnostic);
            var action = Assert.Single(actions);
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            var apply = Assert.Single(operations.OfType<ApplyChangesOperation>());
            var fixedDocument = apply.ChangedSolution.GetDocument(document.Id)!;
            string actual = (await fixedDocument.GetTextAsync()).ToString();
            Assert.Equal(expected.ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));

            var after = await DiagnosticsAsync(fixedDocument.Project);
            Assert.DoesNotContain(after, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("TDSL", StringComparison.Ordinal));
        }

        /// <summary>Asserts that <paramref name="provider"/> offers nothing for the diagnostic marked in <paramref name="markup"/>.</summary>
        public static async Task VerifyNoFixAsync(CodeFixProvider provider, string markup)
        {
            var (document, diagnostic) = await FindAsync(markup);
            Assert.Empty(await ActionsAsync(provider, document, diagnostic));
        }

        private static async Task<List<CodeAction>> ActionsAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic)
        {
            Assert.Contains(diagnostic.Id, provider.FixableDiagnosticIds);
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
            await provider.RegisterCodeFixesAsync(context);
            return actions;
        }

        private static async Task<(Document Document, Diagnostic Diagnostic)> FindAsync(string markup)
        {
            var (source, expected) = Markup.Parse(markup);
            var marked = Assert.Single(expected);
            var workspace = new AdhocWorkspace();
            var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Create(), "FixTest", "FixTest", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: AnalyzerHarness.ParseOptions,
                metadataReferences: s_references.Value));
            foreach (var (name, text) in s_attributes.Value)
            {
                project = project.AddDocument(name, SourceText.From(text)).Project;
            }
            var document = project.AddDocument("Test.cs", SourceText.From(source));
            var diagnostics = await DiagnosticsAsync(document.Project);
            var diagnostic = diagnostics.SingleOrDefault(d => d.Id == marked.Id && d.Location.SourceSpan == marked.Span && d.Location.SourceTree?.FilePath == "Test.cs");
            Assert.True(diagnostic is not null, $"no {marked.Id} at the marked span; got:\n  " + string.Join("\n  ", diagnostics));
            return (document, diagnostic!);
        }

        private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project)
        {
            var compilation = (await project.GetCompilationAsync())!;
            return await compilation.WithAnalyzers(s_analyzers).GetAnalyzerDiagnosticsAsync();
        }
    }
}
