using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Text;
using TensorDsl.Analyzers.Tests.Harness;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using Xunit;

namespace TensorDsl.Analyzers.Tests
{
    /// <summary>
    /// Garbage specs never make the analyzer throw, and every diagnostic the binder finds in the spec is reported at
    /// exactly the characters it names, whether the spec is written as a regular literal (with escapes), a verbatim
    /// literal or a raw literal. The expected spans come from an escaper written here, independent of the analyzer's
    /// decoder.
    /// </summary>
    public class RobustnessTests
    {
        public static readonly string[] Garbage =
        {
            "", " ", "   ", "\t", "\n", "\r\n", "\0",
            "->", "->->", "-->", "->>", "-", ">", "<-", "=>",
            ",", ",,", ",->", "->,", "ij->,", "a,b->c,d", "ij,jk->ik,",
            ".", "..", "....", ".....", "...,...->....", "a...b...->", "...->...->...", "ij..,jk",
            "\"", "\\", "'", "\"ij\"", "{0}", "ij{", "ij}", "%s",
            "ij😀,jk->ik", "\uD800", "\uDC00ij", "ÄÖ,ü->ß", "ĳ,jk", "ⅈ", "\u00A0ij,jk",
            "ij,jk->ikz", "ij,jk->ii", "ij,jk->iiz", "ij,jk,kl->il", "ij->ij", "ij,jk,kl,lm,mn->in",
            "0123456789", "ij,jk->i$", "ij;jk->ik", "ij jk->ik", "ij,\tjk->ik", "ij,\njk->ik",
            new string('a', 500) + "#", string.Join(",", Enumerable.Repeat("ab", 60)) + "->ab",
            "->" + new string('z', 40), "ij," + new string(',', 20), "..." + new string('.', 30),
        };

        private static readonly MethodSignature s_binary = new MethodSignature("M", true, true, true, ParameterKind.Other, ElementType.Other, "void",
            new EquatableArray<ParameterSignature>(new[]
            {
                new ParameterSignature("a", ParameterKind.ReadOnlyTensor, ElementType.Float, "ReadOnlyTensorSpan<float>"),
                new ParameterSignature("b", ParameterKind.ReadOnlyTensor, ElementType.Float, "ReadOnlyTensorSpan<float>"),
                new ParameterSignature("c", ParameterKind.Tensor, ElementType.Float, "TensorSpan<float>"),
            }));

        private enum Form { Regular, Verbatim, Raw }

        [Fact]
        public async Task GarbageNeverThrowsAndIsLocatedExactly()
        {
            var source = new StringBuilder(Sources.Usings).Append("public static partial class Kernels\n{\n");
            var expected = new List<string>();
            var methodLines = new List<(int Start, int End)>();
            int method = 0;
            int specsWithErrors = 0;
            foreach (string spec in Garbage)
            {
                var bind = EinsumMethodBinder.Bind(spec, s_binary, EquatableArray<StaticDim>.Empty, accumulate: false);
                Assert.All(bind.Diagnostics, d => Assert.Equal(DiagnosticTarget.SpecText, d.Target));
                if (bind.Diagnostics.Count > 0) specsWithErrors++;
                foreach (var form in new[] { Form.Regular, Form.Verbatim, Form.Raw })
                {
                    if (!TryWrite(spec, form, out string literal, out TextSpan[] charSpans)) continue;
                    string prefix = "    [Einsum(";
                    int literalStart = source.Length + prefix.Length;
                    source.Append(prefix).Append(literal).Append(")]\n");
                    source.Append("    static partial void M").Append(method++).Append('(').Append(Sources.Binary).Append(");\n");
                    foreach (var d in bind.Diagnostics)
                    {
                        var span = d.Length == 0
                            ? new TextSpan(literalStart, literal.Length)
                            : TextSpan.FromBounds(literalStart + charSpans[d.Start].Start, literalStart + charSpans[d.Start + d.Length - 1].End);
                        expected.Add($"{d.Id} {span}");
                    }
                }
            }
            source.Append("}\n");
            Assert.True(specsWithErrors > Garbage.Length / 2, "most of the garbage should be invalid");

            var run = await AnalyzerHarness.RunAsync(source.ToString());
            AnalyzerHarness.AssertClean(run);
            // Messages stay on one line whatever the spec contains (the compiler prints one diagnostic per line).
            Assert.All(run.Analyzer, d => Assert.DoesNotContain(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), c => char.IsControl(c) || char.IsSurrogate(c)));
            var actual = run.Analyzer.Select(d => $"{d.Id} {d.Location.SourceSpan}").ToList();
            expected.Sort(System.StringComparer.Ordinal);
            actual.Sort(System.StringComparer.Ordinal);
            Assert.True(expected.SequenceEqual(actual),
                "Expected:\n  " + string.Join("\n  ", expected.Except(actual)) + "\nbut got:\n  " + string.Join("\n  ", actual.Except(expected)));
        }

        /// <summary>Writes <paramref name="value"/> as a C# literal and records each value character's span in it.</summary>
        private static bool TryWrite(string value, Form form, out string literal, out TextSpan[] charSpans)
        {
            var sb = new StringBuilder();
            var spans = new List<TextSpan>();
            void Emit(string piece)
            {
                spans.Add(new TextSpan(sb.Length, piece.Length));
                sb.Append(piece);
            }

            literal = "";
            charSpans = System.Array.Empty<TextSpan>();
            switch (form)
            {
                case Form.Regular:
                    sb.Append('"');
                    foreach (char c in value)
                    {
                        if (c == '"') Emit("\\\"");
                        else if (c == '\\') Emit("\\\\");
                        else if (c == '\t') Emit("\\t");
                        else if (c == '\n') Emit("\\n");
                        else if (c == '\0') Emit("\\0");
                        else if (c < 0x20 || c > 0x7E) Emit("\\u" + ((int)c).ToString("X4"));
                        else Emit(c.ToString());
                    }
                    sb.Append('"');
                    break;
                case Form.Verbatim:
                    if (value.Any(c => char.IsSurrogate(c) || (char.IsControl(c) && c != '\t'))) return false;
                    sb.Append("@\"");
                    foreach (char c in value) Emit(c == '"' ? "\"\"" : c.ToString());
                    sb.Append('"');
                    break;
                case Form.Raw:
                    if (value.Length == 0 || value[0] == '"' || value[value.Length - 1] == '"' || value.Contains("\"\"\"")
                        || value.Any(c => char.IsSurrogate(c) || (char.IsControl(c) && c != '\t') || c == '\u2028' || c == '\u2029')
                        || value.Trim().Length == 0)
                    {
                        return false;
                    }
                    sb.Append("\"\"\"");
                    foreach (char c in value) Emit(c.ToString());
                    sb.Append("\"\"\"");
                    break;
            }
            literal = sb.ToString();
            charSpans = spans.ToArray();
            return true;
        }
    }
}
