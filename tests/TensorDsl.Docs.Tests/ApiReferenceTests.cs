using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using TensorDsl.TestSupport;
using Xunit;

namespace TensorDsl.Docs.Tests
{
    /// <summary>
    /// docs/api.md names every public type of the runtime, and every public member of each type it documents (in the
    /// section whose heading names the type), so that a new public API cannot ship undocumented.
    /// </summary>
    public sealed class ApiReferenceTests
    {
        /// <summary>The user-facing types of TensorDsl.Language (the rest of that assembly is the compiler's, see api.md).</summary>
        private static readonly string[] s_languageTypes =
        {
            "GauntCoefficients", "GauntEntry", "SphericalFourierTables", "Multigraph", "GraphEdge", "MultigraphParser",
            "MultigraphParseResult", "MultigraphEnumerator", "MultigraphFamily", "MultigraphCanonicalizer",
            "MatrixProductElimination", "EliminationResult", "EliminationStep", "EliminationKind",
        };

        private static readonly Lazy<string[]> s_page = new(() =>
            File.ReadAllText(RepositoryFiles.InRepository("docs/api.md")).Replace("\r\n", "\n").Split('\n'));

        public static IEnumerable<object[]> RuntimeTypes() =>
            typeof(EinsumAttribute).Assembly.GetExportedTypes().Select(t => new object[] { t.FullName! }).OrderBy(t => (string)t[0]);

        public static IEnumerable<object[]> LanguageTypes() => s_languageTypes.Select(t => new object[] { t });

        [Theory]
        [MemberData(nameof(RuntimeTypes))]
        public void Every_runtime_type_is_documented(string fullName)
        {
            var type = typeof(EinsumAttribute).Assembly.GetType(fullName)!;
            string name = SimpleName(type);
            Assert.True(s_page.Value.Any(line => ContainsWord(line, name)), $"docs/api.md does not name {fullName}");
            if (type.Namespace == "TensorDsl.Runtime") return; // generated-code support: named, not documented member by member
            AssertMembersDocumented(type);
        }

        [Theory]
        [MemberData(nameof(LanguageTypes))]
        public void Every_user_facing_language_type_is_documented(string name)
        {
            var type = typeof(TensorDsl.Language.Polynomials.Multigraph).Assembly.GetExportedTypes().Single(t => t.Name == name);
            AssertMembersDocumented(type);
        }

        private static void AssertMembersDocumented(Type type)
        {
            string name = SimpleName(type);
            var section = Section(name);
            Assert.True(section.Count > 0, $"docs/api.md has no heading or table row naming {name}");
            var missing = Members(type).Where(m => !section.Any(line => ContainsWord(line, m))).ToList();
            Assert.True(missing.Count == 0, $"docs/api.md, section of {name}, does not name: {string.Join(", ", missing)}");
        }

        /// <summary>
        /// The lines that document a type: under the first heading that names it, up to the next heading of the same or a
        /// higher level; or, for a type documented as a row of a table (`| `Multigraph` | … |`), that row.
        /// </summary>
        private static List<string> Section(string name)
        {
            var lines = s_page.Value;
            for (int i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith('#') || !ContainsWord(lines[i], name)) continue;
                int level = lines[i].TakeWhile(c => c == '#').Count();
                int end = i + 1;
                while (end < lines.Length && !(lines[end].StartsWith('#') && lines[end].TakeWhile(c => c == '#').Count() <= level)) end++;
                return lines.Skip(i).Take(end - i).ToList();
            }
            return lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Split('|')[1].Contains($"`{name}`", StringComparison.Ordinal)).ToList();
        }

        /// <summary>Public members declared by the type, by name, without compiler-made and object members.</summary>
        private static IEnumerable<string> Members(Type type)
        {
            // A delegate's members are its signature (Invoke, BeginInvoke, EndInvoke), which the page gives instead.
            if (typeof(Delegate).IsAssignableFrom(type)) return Enumerable.Empty<string>();
            var ignored = new HashSet<string> { "Equals", "GetHashCode", "ToString", "Deconstruct", "<Clone>$", "EqualityContract", "value__" };
            return type.GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && m is not ConstructorInfo && !(m is FieldInfo { IsSpecialName: true }))
                .Select(m => m.Name)
                .Where(n => !ignored.Contains(n))
                .Distinct()
                .OrderBy(n => n, StringComparer.Ordinal);
        }

        private static string SimpleName(Type type) => type.Name.Split('`')[0];

        private static bool ContainsWord(string line, string word) =>
            Regex.IsMatch(line, $@"(?<![A-Za-z0-9_]){Regex.Escape(word)}(?![A-Za-z0-9_])");
    }
}
