using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorDsl.Docs.Tests
{
    /// <summary>
    /// Turns documentation blocks into the source files a consumer would write. A block that declares a type or a
    /// namespace is a whole file and is compiled exactly as written (with its top-level statements, if any, as the
    /// program's entry point), so an example that a reader cannot paste into a file as it stands fails. Any other block is
    /// a snippet: its member declarations (attributed kernel methods) go into <c>static partial class Kernels</c> and its
    /// statements into a method, with the usings a reader of the docs assumes; <c>#line</c> directives map every
    /// diagnostic back to its line in the Markdown file.
    /// </summary>
    public static class SnippetSources
    {
        /// <summary>The usings a snippet may assume (docs/README.md).</summary>
        public static readonly string[] DefaultUsings =
        {
            "System", "System.Linq", "System.Numerics.Tensors", "TensorDsl", "TensorDsl.Equivariant", "TensorDsl.Polynomials",
            "TensorDsl.Gpu.Equivariant",
        };

        /// <summary>The syntax trees of <paramref name="chain"/> (a block after the blocks it continues), and whether they form a program with an entry point.</summary>
        public static (IReadOnlyList<SyntaxTree> Trees, bool IsProgram) Build(IReadOnlyList<CodeBlock> chain, CSharpParseOptions options)
        {
            var trees = new List<SyntaxTree>();
            bool program = false;
            int snippet = 0;
            foreach (var block in chain)
            {
                // The parser puts a method or field written at the top of a file into the compilation unit (the compiler
                // then rejects it), and statements into global statements: exactly the split a snippet needs.
                var tree = CSharpSyntaxTree.ParseText(block.Code, options, path: block.File + $"@{block.Line}");
                var root = tree.GetCompilationUnitRoot();
                bool isFile = root.Members.Any(n => n is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax or BaseNamespaceDeclarationSyntax);
                if (isFile)
                {
                    trees.Add(tree);
                    program |= root.Members.OfType<GlobalStatementSyntax>().Any();
                    continue;
                }
                trees.Add(CSharpSyntaxTree.ParseText(Wrap(block, root, snippet++), options, path: block.File + $"@{block.Line}"));
            }
            return (trees, program);
        }

        /// <summary>A snippet as a file: its usings, its members in <c>Kernels</c>, its statements in <c>DocsSnippet{n}.Run</c>.</summary>
        private static string Wrap(CodeBlock block, CompilationUnitSyntax script, int index)
        {
            var sb = new StringBuilder();
            var usings = script.Usings.Select(u => u.ToString()).ToList();
            foreach (var u in DefaultUsings.Select(u => $"using {u};").Where(u => !usings.Contains(u))) sb.Append(u).Append('\n');
            foreach (var u in script.Usings) Append(sb, block, u);

            // A method with a body and an access modifier parses as a (broken) local function; a reader meant a member.
            static bool IsMember(MemberDeclarationSyntax m) => m is not GlobalStatementSyntax global
                || (global.Statement is LocalFunctionStatementSyntax f && f.Modifiers.Any(t => t.IsKind(SyntaxKind.PublicKeyword)
                    || t.IsKind(SyntaxKind.PrivateKeyword) || t.IsKind(SyntaxKind.InternalKeyword) || t.IsKind(SyntaxKind.ProtectedKeyword)));
            var members = script.Members.Where(IsMember).ToList();
            var statements = script.Members.Where(m => !IsMember(m)).ToList();
            if (members.Count > 0)
            {
                sb.Append("#line default\nstatic partial class Kernels\n{\n");
                foreach (var m in members) Append(sb, block, m);
                sb.Append("#line default\n}\n");
            }
            if (statements.Count > 0)
            {
                bool async = statements.Any(s => s.DescendantNodes().Any(n => n is AwaitExpressionSyntax));
                sb.Append($"#line default\ninternal static class DocsSnippet{index}\n{{\n    internal static {(async ? "async System.Threading.Tasks.Task" : "void")} Run()\n    {{\n");
                foreach (var s in statements) Append(sb, block, s);
                sb.Append("#line default\n    }\n}\n");
            }
            return sb.ToString();
        }

        /// <summary>Appends a node under a <c>#line</c> directive naming its line in the Markdown file.</summary>
        private static void Append(StringBuilder sb, CodeBlock block, SyntaxNode node)
        {
            // Leading trivia is kept (comments announcing diagnostics may sit there); blank lines before it are dropped and counted.
            string text = node.ToFullString();
            string trimmed = text.TrimStart('\n', '\r');
            int dropped = text.Substring(0, text.Length - trimmed.Length).Count(c => c == '\n');
            int line = node.SyntaxTree.GetLineSpan(node.FullSpan).StartLinePosition.Line + dropped;
            sb.Append($"#line {block.Line + line} \"{block.File}\"\n");
            sb.Append(trimmed.TrimEnd()).Append('\n');
        }
    }
}
