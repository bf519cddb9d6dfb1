using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Language;
using Xunit;

namespace TensorDsl.Analyzers.Tests
{
    /// <summary>Every language diagnostic ID has a descriptor, a release-tracking entry and a docs page.</summary>
    public class DescriptorTests
    {
        private static readonly string[] s_ids = typeof(DiagnosticIds)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToArray();

        private static readonly DiagnosticAnalyzer[] s_analyzers = { new EinsumAnalyzer(), new TensorProgramAnalyzer(), new global::TensorDsl.Analyzers.CallSites.CallSiteAnalyzer() };

        private static DiagnosticSeverity ExpectedSeverity(string id) => id switch
        {
            DiagnosticIds.DimUnknownIndex => DiagnosticSeverity.Warning,
            DiagnosticIds.NotFused => DiagnosticSeverity.Info,
            DiagnosticIds.ScalarLoopNest => DiagnosticSeverity.Info,
            _ => DiagnosticSeverity.Error,
        };

        [Fact]
        public void TheProgramIdsAreKnown()
        {
            // TDSL0012-0019 belong to [TensorProgram]; the test below then requires a descriptor, an entry and a page for each.
            for (int n = 1; n <= 19; n++) Assert.Contains($"TDSL{n:0000}", s_ids);
        }

        [Fact]
        public void EveryIdHasADescriptor()
        {
            foreach (var analyzer in s_analyzers)
            {
                // Each analyzer may report any ID the binders produce (an ID reported but not supported makes the driver throw).
                var descriptors = analyzer.SupportedDiagnostics;
                Assert.Equal(s_ids, descriptors.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray());
                foreach (var d in descriptors)
                {
                    Assert.Equal("TensorDsl", d.Category);
                    Assert.Equal("{0}", d.MessageFormat.ToString());
                    Assert.True(d.IsEnabledByDefault);
                    Assert.EndsWith($"/docs/diagnostics/{d.Id}.md", d.HelpLinkUri, StringComparison.Ordinal);
                    Assert.False(string.IsNullOrWhiteSpace(d.Title.ToString()));
                    Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()));
                    Assert.Equal(ExpectedSeverity(d.Id), d.DefaultSeverity);
                }
            }
        }

        [Fact]
        public void EveryIdHasADocsPageAndAReleaseEntry()
        {
            string root = RepoRoot();
            string index = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", "README.md"));
            string unshipped = File.ReadAllText(Path.Combine(root, "analyzers", "TensorDsl.Analyzers", "AnalyzerReleases.Unshipped.md"));
            foreach (string id in s_ids)
            {
                string page = Path.Combine(root, "docs", "diagnostics", id + ".md");
                Assert.True(File.Exists(page), $"missing {page}");
                Assert.StartsWith("# " + id, File.ReadAllText(page), StringComparison.Ordinal);
                Assert.Contains($"({id}.md)", index, StringComparison.Ordinal);
                Assert.Contains(id + " |", unshipped, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void DocsPagesIndexAndReleaseEntriesAgreeWithTheDescriptors()
        {
            string root = RepoRoot();
            string index = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", "README.md"));
            string unshipped = File.ReadAllText(Path.Combine(root, "analyzers", "TensorDsl.Analyzers", "AnalyzerReleases.Unshipped.md"));
            foreach (var d in new TensorProgramAnalyzer().SupportedDiagnostics)
            {
                string title = d.Title.ToString();
                string severity = d.DefaultSeverity.ToString();
                string page = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", d.Id + ".md")).Replace("\r\n", "\n");
                Assert.StartsWith($"# {d.Id}: {title}\n", page, StringComparison.Ordinal);
                Assert.Contains($"**Severity:** {severity}\n", page, StringComparison.Ordinal);
                foreach (string section in new[] { "## What triggers it", "## Example", "## How to fix it" })
                {
                    Assert.Contains(section, page, StringComparison.Ordinal);
                }
                Assert.Contains($"| [{d.Id}]({d.Id}.md) | {severity} | {title} |", index, StringComparison.Ordinal);
                Assert.Contains($"{d.Id} | TensorDsl | {severity} | {title}", unshipped, StringComparison.Ordinal);
            }
        }

        private static string RepoRoot() => TestSupport.RepositoryFiles.Root;
    }
}
