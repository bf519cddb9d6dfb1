using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace TensorDsl.Docs.Tests
{
    /// <summary>
    /// Every ```csharp block of README.md and docs/ builds as a consumer would build it (docs/README.md): with the real
    /// generator and analyzers, no error, no TDSL warning, and exactly the diagnostics an example announces.
    /// </summary>
    public sealed class DocsCompileTests
    {
        /// <summary>Every block that is compiled, by id (<c>docs/gaunt.md:123</c>).</summary>
        public static IEnumerable<object[]> Blocks() =>
            CodeBlock.All().Where(b => b.Mode != BlockMode.Skip).Select(b => new object[] { b.Id });

        [Theory]
        [MemberData(nameof(Blocks))]
        public async Task Example_builds_as_written(string id)
        {
            var (page, index) = Find(id);
            var problems = await DocsChecker.CheckAsync(DocsChecker.Chain(page, index));
            Assert.True(problems.Count == 0, $"{id} does not build as the docs say:\n  " + string.Join("\n  ", problems)
                + "\n--- the block ---\n" + page[index].Code);
        }

        [Fact]
        public void Blocks_are_found_in_the_readme_and_every_page_that_has_code()
        {
            var all = CodeBlock.All();
            Assert.True(all.Count(b => b.File == "README.md") >= 2, "README.md: its C# blocks were not found");
            Assert.True(all.Count >= 60, $"only {all.Count} C# blocks found under docs/");
            Assert.Contains(all, b => b.File == "docs/getting-started.md");
        }

        [Fact]
        public void Markers_are_well_formed()
        {
            foreach (var file in CodeBlock.Files())
            {
                var page = CodeBlock.In(file);
                foreach (var b in page.Where(b => b.Mode == BlockMode.Skip))
                {
                    Assert.False(string.IsNullOrWhiteSpace(b.SkipReason), $"{b.Id}: 'docs-test: skip' needs a reason ('docs-test: skip: why')");
                }
                Assert.False(page.Count > 0 && page[0].Mode == BlockMode.Continue, $"{page.FirstOrDefault()?.Id}: 'docs-test: continue' on the first block of a page continues nothing");
            }
        }

        [Fact]
        public async Task Every_analyzer_runs_on_the_examples()
        {
            // The checker would miss a whole family of errors if it ran a subset of the analyzers the package ships.
            var names = ConsumerCompilation.Analyzers.Select(a => a.GetType().Name).ToList();
            Assert.Contains("EinsumAnalyzer", names);
            Assert.Contains("TensorProgramAnalyzer", names);
            Assert.Contains("GauntProductAnalyzer", names);
            Assert.Contains("EquivariantPolynomialAnalyzer", names);
            Assert.True(names.Count >= 5, "call-site analysis missing: " + string.Join(", ", names));
            await Task.CompletedTask;
        }

        private static (IReadOnlyList<CodeBlock> Page, int Index) Find(string id)
        {
            string file = id.Substring(0, id.LastIndexOf(':'));
            var page = CodeBlock.In(file);
            int index = page.ToList().FindIndex(b => b.Id == id);
            Assert.True(index >= 0, $"{id}: block not found (the file changed while the tests ran?)");
            return (page, index);
        }
    }
}
