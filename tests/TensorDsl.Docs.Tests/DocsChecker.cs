using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace TensorDsl.Docs.Tests
{
    /// <summary>
    /// Compiles one documentation example (with the blocks it continues) as a consumer would and lists what is wrong:
    /// an error of any kind, a TDSL warning, an analyzer that threw — unless the example announces it — and every
    /// announced diagnostic that did not appear.
    /// </summary>
    public static class DocsChecker
    {
        /// <summary>The blocks compiled together for the block at <paramref name="index"/> of its page: it, after the blocks it continues.</summary>
        public static IReadOnlyList<CodeBlock> Chain(IReadOnlyList<CodeBlock> page, int index)
        {
            int first = index;
            while (first > 0 && page[first].Mode == BlockMode.Continue) first--;
            return page.Skip(first).Take(index - first + 1).ToList();
        }

        /// <summary>The problems of the last block of <paramref name="chain"/>; empty when it builds as it should.</summary>
        public static async Task<IReadOnlyList<string>> CheckAsync(IReadOnlyList<CodeBlock> chain)
        {
            var (trees, isProgram) = SnippetSources.Build(chain, ConsumerCompilation.ParseOptions);
            var (diagnostics, exceptions) = await ConsumerCompilation.RunAsync(trees, isProgram);
            var problems = exceptions.Select(e => "an analyzer threw: " + e.Message).ToList();

            // Announcements count in the block under test only; the blocks it continues were checked on their own.
            var announced = AnnouncedDiagnostic.In(chain[chain.Count - 1].Code);
            var ownTree = trees[trees.Count - 1];
            var matched = new HashSet<Diagnostic>();
            foreach (var a in announced)
            {
                var hits = diagnostics.Where(d => d.Id == a.Id && d.Location.SourceTree == ownTree
                    && (a.Text is null || ownTree.GetText().ToString(d.Location.SourceSpan) == a.Text)
                    && (a.MessagePart is null || d.GetMessage(CultureInfo.InvariantCulture).Contains(a.MessagePart, StringComparison.Ordinal))).ToList();
                if (hits.Count == 0)
                {
                    var sameId = diagnostics.Where(d => d.Id == a.Id).Select(Describe).ToList();
                    problems.Add($"announced '{a.Comment}' but it was not reported" + (sameId.Count > 0 ? "; reported instead:\n      " + string.Join("\n      ", sameId) : ""));
                }
                matched.UnionWith(hits);
            }
            foreach (var d in diagnostics.Where(d => !matched.Contains(d)))
            {
                bool tdsl = d.Id.StartsWith("TDSL", StringComparison.Ordinal);
                if (d.Severity == DiagnosticSeverity.Error || (tdsl && d.Severity == DiagnosticSeverity.Warning) || d.Id == "AD0001")
                {
                    problems.Add(Describe(d));
                }
            }
            return problems;
        }

        /// <summary>A diagnostic with its place in the Markdown file (the <c>#line</c> mapping) or in the generated file.</summary>
        public static string Describe(Diagnostic d)
        {
            var mapped = d.Location.GetMappedLineSpan();
            string where = mapped.IsValid ? $"{mapped.Path}:{mapped.StartLinePosition.Line + 1}" : "(no location)";
            return $"{where}: {d.Id} {d.Severity}: {d.GetMessage(CultureInfo.InvariantCulture)}";
        }
    }
}
