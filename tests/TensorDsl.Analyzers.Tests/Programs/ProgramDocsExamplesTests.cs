using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Programs
{
    /// <summary>
    /// The examples of the <c>[TensorProgram]</c> diagnostics pages are real: the "Example" code reports exactly the
    /// diagnostics its comments announce (<c>// TDSLxxxx on 'text': message</c>: that ID, on that text, with that message,
    /// or a message that starts so where the announced one ends with '…'), and the "How to fix it" code reports nothing.
    /// TDSL0019 notes count only on their own page (another page's valid method may have some).
    /// </summary>
    public class ProgramDocsExamplesTests
    {
        public static TheoryData<string> Pages => new TheoryData<string>
        {
            "TDSL0012", "TDSL0013", "TDSL0014", "TDSL0015", "TDSL0016", "TDSL0017", "TDSL0018", "TDSL0019",
        };

        // "// TDSL0013 on 'bias': message", "// TDSL0017 on the first 'j': message", "// TDSL0012 on the line break …: message".
        private static readonly Regex s_announced = new Regex(@"//[ \t]*(TDSL\d{4})(?<where>[^:\n]*)(?::[ \t]*(?<message>[^\n]+))?$", RegexOptions.Multiline);
        private static readonly Regex s_quoted = new Regex(@"^ on (?:the first )?'(?<text>[^']+)'");

        [Theory, MemberData(nameof(Pages))]
        public async Task ExampleReportsWhatItsCommentsSay(string id)
        {
            string example = CodeAfter(id, "## Example");
            var announced = s_announced.Matches(example).Cast<Match>().ToList();
            Assert.Equal(Regex.Matches(example, @"//[ \t]*TDSL").Count, announced.Count);
            Assert.Contains(announced, m => m.Groups[1].Value == id);

            var run = await AnalyzerHarness.RunAsync(Sources.InKernels(example));
            AnalyzerHarness.AssertClean(run);
            var text = run.Tree.GetText();
            // Nothing unannounced: as many diagnostics as comments, per ID.
            var reported = run.Analyzer.Where(d => id == AnalyzerHarness.NotFusedId || d.Id != AnalyzerHarness.NotFusedId)
                .GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
            var expectedCounts = announced.GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count());
            Assert.True(reported.OrderBy(p => p.Key).SequenceEqual(expectedCounts.OrderBy(p => p.Key)),
                $"{id}: the example reports other diagnostics than its comments announce; got:\n  " + string.Join("\n  ", run.Analyzer));
            foreach (var m in announced)
            {
                string announcedId = m.Groups[1].Value;
                var candidates = run.Analyzer.Where(d => d.Id == announcedId).ToList();
                Assert.True(candidates.Count > 0, $"{id}: '{m.Value}' announced, got:\n  " + string.Join("\n  ", run.Analyzer));
                var quoted = s_quoted.Match(m.Groups["where"].Value);
                if (quoted.Success)
                {
                    candidates = candidates.Where(d => text.ToString(d.Location.SourceSpan) == quoted.Groups["text"].Value).ToList();
                    Assert.True(candidates.Count > 0, $"{id}: no {announcedId} on '{quoted.Groups["text"].Value}'; got:\n  " + string.Join("\n  ", run.Analyzer));
                }
                if (m.Groups["message"].Success)
                {
                    string message = m.Groups["message"].Value.Trim();
                    bool prefix = message.EndsWith("…", StringComparison.Ordinal);
                    if (prefix) message = message.Substring(0, message.Length - 1).TrimEnd();
                    Assert.True(candidates.Any(d => prefix
                            ? d.GetMessage(CultureInfo.InvariantCulture).StartsWith(message, StringComparison.Ordinal)
                            : d.GetMessage(CultureInfo.InvariantCulture) == message),
                        $"{id}: no {announcedId} message {(prefix ? "starting" : "equal to")} '{message}'; got:\n  " + string.Join("\n  ", candidates.Select(d => d.GetMessage(CultureInfo.InvariantCulture))));
                }
            }
        }

        [Theory, MemberData(nameof(Pages))]
        public async Task FixReportsNothing(string id)
        {
            var run = await AnalyzerHarness.RunAsync(Sources.InKernels(CodeAfter(id, "## How to fix it")));
            AnalyzerHarness.AssertClean(run);
            // A fix may still leave fusion notes (Info) unless it is the fix of that note's own page.
            Assert.Empty(run.Analyzer.Where(d => id == AnalyzerHarness.NotFusedId || d.Id != AnalyzerHarness.NotFusedId));
        }

        /// <summary>The first C# code block after <paramref name="heading"/> in the page of <paramref name="id"/>.</summary>
        private static string CodeAfter(string id, string heading)
        {
            string page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "diagnostics", id + ".md")).Replace("\r\n", "\n");
            int at = page.IndexOf(heading, StringComparison.Ordinal);
            Assert.True(at >= 0, $"{id}.md has no '{heading}'");
            int start = page.IndexOf("```csharp\n", at, StringComparison.Ordinal);
            Assert.True(start >= 0, $"{id}.md has no C# code after '{heading}'");
            start += "```csharp\n".Length;
            int end = page.IndexOf("```", start, StringComparison.Ordinal);
            return page.Substring(start, end - start);
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
