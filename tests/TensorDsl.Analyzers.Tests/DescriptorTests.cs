using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
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

        [Fact]
        public void EveryIdHasADescriptor()
        {
            var descriptors = new EinsumAnalyzer().SupportedDiagnostics;
            Assert.Equal(s_ids, descriptors.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray());
            foreach (var d in descriptors)
            {
                Assert.Equal("TensorDsl", d.Category);
                Assert.Equal("{0}", d.MessageFormat.ToString());
                Assert.True(d.IsEnabledByDefault);
                Assert.EndsWith($"/docs/diagnostics/{d.Id}.md", d.HelpLinkUri, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(d.Title.ToString()));
                Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()));
                var expected = d.Id == DiagnosticIds.DimUnknownIndex ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
                Assert.Equal(expected, d.DefaultSeverity);
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

        private static string RepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TensorDsl.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("TensorDsl.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
