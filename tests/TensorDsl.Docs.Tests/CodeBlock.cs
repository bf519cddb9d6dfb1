using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TensorDsl.TestSupport;

namespace TensorDsl.Docs.Tests
{
    /// <summary>How a documentation block is compiled, from the <c>&lt;!-- docs-test: … --&gt;</c> comment on the line before its fence.</summary>
    public enum BlockMode
    {
        /// <summary>No marker: the block is compiled on its own.</summary>
        Alone,

        /// <summary><c>docs-test: continue</c>: compiled after the previous C# block of the same page, as one source.</summary>
        Continue,

        /// <summary><c>docs-test: skip: reason</c>: not compiled (the reason is required and shown in the test list).</summary>
        Skip,
    }

    /// <summary>One ```csharp block of a Markdown file of the repository.</summary>
    /// <param name="File">The file, relative to the repository root with '/' separators (e.g. <c>docs/gaunt.md</c>).</param>
    /// <param name="Line">The 1-based line of the block's first code line in the file.</param>
    /// <param name="Code">The code between the fences.</param>
    /// <param name="Mode">How it is compiled.</param>
    /// <param name="SkipReason">Why it is not compiled (for <see cref="BlockMode.Skip"/>).</param>
    public sealed record CodeBlock(string File, int Line, string Code, BlockMode Mode, string? SkipReason)
    {
        /// <summary>The block's name in test output: <c>docs/gaunt.md:123</c>.</summary>
        public string Id => $"{File}:{Line}";

        private static readonly Regex s_marker = new Regex(@"^<!--\s*docs-test:\s*(?<mode>continue|skip)\s*(?::\s*(?<reason>.*?))?\s*-->\s*$");

        /// <summary>The Markdown files whose C# blocks are compiled: README.md and every page under docs/.</summary>
        public static IReadOnlyList<string> Files()
        {
            var docs = Directory.GetFiles(RepositoryFiles.InRepository("docs"), "*.md", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(RepositoryFiles.Root, p).Replace(Path.DirectorySeparatorChar, '/'));
            return new[] { "README.md" }.Concat(docs.OrderBy(p => p, StringComparer.Ordinal)).ToList();
        }

        /// <summary>Every C# block of <paramref name="file"/>, in order.</summary>
        public static IReadOnlyList<CodeBlock> In(string file)
        {
            var lines = System.IO.File.ReadAllText(RepositoryFiles.InRepository(file)).Replace("\r\n", "\n").Split('\n');
            var blocks = new List<CodeBlock>();
            for (int i = 0; i < lines.Length; i++)
            {
                string fence = lines[i].TrimStart();
                if (!fence.StartsWith("```", StringComparison.Ordinal)) continue;
                int indent = lines[i].Length - fence.Length;
                string language = fence.Substring(3).Trim();
                int end = i + 1;
                while (end < lines.Length && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal)) end++;
                if (language == "csharp" || language == "cs" || language == "c#")
                {
                    var marker = i > 0 ? s_marker.Match(lines[i - 1].Trim()) : Match.Empty;
                    var mode = !marker.Success ? BlockMode.Alone : marker.Groups["mode"].Value == "skip" ? BlockMode.Skip : BlockMode.Continue;
                    string? reason = marker.Success && marker.Groups["reason"].Success ? marker.Groups["reason"].Value : null;
                    string code = string.Join("\n", lines.Skip(i + 1).Take(end - i - 1).Select(l => l.Length >= indent ? l.Substring(indent) : l.TrimStart()));
                    blocks.Add(new CodeBlock(file, i + 2, code, mode, reason));
                }
                i = end;
            }
            return blocks;
        }

        /// <summary>Every C# block of README.md and docs/.</summary>
        public static IReadOnlyList<CodeBlock> All() => Files().SelectMany(In).ToList();
    }
}
