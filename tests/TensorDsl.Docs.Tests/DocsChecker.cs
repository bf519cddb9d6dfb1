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
    /// an error of any kind, a TDSL warning, an analyzer that threw — unless the example announces it — every announced
    /// diagnostic that did not appear (one report per announcement), and for an announced ID, or the ID of the
    /// diagnostics page the block is on, any report of it that is not announced (Info notes included).
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
            var block = chain[chain.Count - 1];
            var announced = AnnouncedDiagnostic.In(block.Code);
            var ownTree = trees[trees.Count - 1];
            var own = diagnostics.Where(d => d.Location.SourceTree == ownTree).ToList();
            var matched = new HashSet<Diagnostic>();
            foreach (var a in announced)
            {
                // One announcement, one diagnostic: two comments need two reports.
                var hit = own.FirstOrDefault(d => !matched.Contains(d) && d.Id == a.Id
                    && (a.Text is null || ownTree.GetText().ToString(d.Location.SourceSpan) == a.Text)
                    && (a.MessagePart is null || d.GetMessage(CultureInfo.InvariantCulture).Contains(a.MessagePart, StringComparison.Ordinal)));
                if (hit is null)
                {
                    var sameId = diagnostics.Where(d => d.Id == a.Id).Select(Describe).ToList();
                    problems.Add($"announced '{a.Comment}' but it was not reported" + (sameId.Count > 0 ? "; reported instead:\n      " + string.Join("\n      ", sameId) : ""));
                    continue;
                }
                matched.Add(hit);
            }

            // Exact for every announced ID, and on a diagnostic's own page for that ID (Info notes included): what the
            // page shows is all that is reported. Elsewhere an unannounced Info (a fusion note) is not a problem.
            var strict = new HashSet<string>(announced.Select(a => a.Id));
            var page = System.Text.RegularExpressions.Regex.Match(block.File, @"^docs/diagnostics/(TDSL\d{4})\.md$");
            if (page.Success) strict.Add(page.Groups[1].Value);
            foreach (var d in diagnostics.Where(d => !matched.Contains(d)))
            {
                bool tdsl = d.Id.StartsWith("TDSL", StringComparison.Ordinal);
                bool ownStrict = strict.Contains(d.Id) && d.Location.SourceTree == ownTree;
                if (d.Severity == DiagnosticSeverity.Error || (tdsl && d.Severity == DiagnosticSeverity.Warning) || d.Id == "AD0001" || ownStrict)
                {
                    problems.Add(Describe(d) + (ownStrict && d.Severity < DiagnosticSeverity.Warning ? " (reported but not announced)" : ""));
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
