using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Text;
using TensorDsl.Analyzers.Tests.Harness;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Programs
{
    /// <summary>
    /// Garbage programs never make the analyzer throw, and every diagnostic the binder finds is reported at exactly the
    /// characters (or the parameter) it names, whether the program is a regular literal (with escapes), a verbatim literal,
    /// a single-line or a multi-line raw literal. Expected spans come from an escaper written here, independent of the
    /// analyzer's decoder.
    /// </summary>
    public class ProgramRobustnessTests
    {
        public static readonly string[] Garbage =
        {
            "", " ", "\n", "\n\n;;", "//", "// only a comment", "\t", "\0",
            "=", "[", "]", "(", ")", ",", "<", "<=", ";", "a[", "c[i]", "c[i] =", "c[i] = ", "c[i] = a[i", "c[i] = a[i]]",
            "c[i] = (a[i]", "c[i] = a[i])", "c[i] = a[i] where", "c[i] = a[i] where i", "c[i] = a[i] where i <",
            "c[i] = sum[j](a[i,j]) where j < < i", "c[i] = sum[](a[i])", "c[i] = sum[j]", "c[i] = sum(a[i])", "c[i] = softmax(a[i])",
            "c[i] = max[j]a[i,j]", "c[where] = a[where]", "where[i] = a[i]", "sum[i] = a[i]", "c[i] = 1e", "c[i] = 1.2.3 * a[i]",
            "c[i] = a[i] * 99999999999999999999999999", "c[i] = sum[j](a[i,j]) where j < 99999999999999999999",
            "c[i] = a[i] ** 2", "c[i] = a[i] ^ 2", "c[i] = a[i] # x", "c[i] = a[i] \"", "c[i] = a[i] \\", "c[i] = a[i]\0",
            "c[i] = a[i]\u0001", "c[i] = a\U0001F600[i]", "c[i] = a[i] \uD800", "c[i] = \uDC00a[i]", "c[\u00EF] = a[\u00EF]",
            "\u00E7[i] = a[i]", "c[i] = a[i]\u00A0", "c[i] = a[i]\t\t", "c[i]=a[i];c[i]=a[i]", "c[i] = c[i]", "a[i] = c[i]",
            "s[i] = a[i]", "w[i] = a[i]", "c[i] = s", "c[i] = w * a[i]", "c[i] = a", "c[i] = a[i] * s[i]", "c[i] = x",
            "c[i] = foo(a[i])", "c[i] = exp(a[i], b[i,i])", "c[i] = max(a[i])", "c[i] = min(a[i], a[i], a[i])", "c[i,i] = a[i]",
            "c[] = 1", "c[i] = a[]", "c[i] = sum[j](b[i,j]) where z < j", "c[i] = sum[j](b[i,j]) where s < j",
            "c[i] = sum[j](b[i,j]) where j < i < w < 4", "c[i] = sum[j](b[i,j]) where 2*j < i", "c[i] = sum[j](b[i,j]) where j * 2 < i",
            "c[i] = sum[j](b[i,j]) where j < i * w", "c[i] = sum[j](b[i,j]) where j < 1.5", "c[i] = sum[j,j](b[i,j])",
            "c[i] = softmax[k](a[i])", "c[i] = sum[j](softmax[k](b[i,j]))", "c[i] = a[j] + b[i,j]", "c[i] = a[i] + b[i,z]",
            "c[i] = b[i,j]", "c[i] = a[i]\nc[i] = a[i]", "t[i] = a[i]\nc[i] = t[i,i]", "t[i] = x[i]\nc[i] = t[i]",
            "c[i] = a[i]\n  t[i] = c[i]", "c[i] = a[i]\n\n\n   \n", "   c[i] = a[i]   \n   ", "c[i] = a[i] // \u0007 in a comment",
            "c[i] = a[i]\r\n", "c[i] = (((((((((((((((((((((((((((((((a[i])))))))))))))))))))))))))))))))",
            "c[i] = " + string.Concat(Enumerable.Repeat("-", 60)) + "a[i]",
            "c[i] = " + string.Join(" + ", Enumerable.Repeat("exp(a[i])", 80)),
            string.Join("\n", Enumerable.Range(0, 40).Select(n => $"t{n}[i] = a[i] * {n}")) + "\nc[i] = t39[i] + q",
            new string('x', 300) + "[i] = a[i]", "c[" + new string('i', 300) + "] = a[" + new string('i', 300) + "]",
        };

        private static readonly (string Name, ParameterKind Kind, ElementType Element, string Type)[] s_parameters =
        {
            ("a", ParameterKind.ReadOnlyTensor, ElementType.Float, "ReadOnlyTensorSpan<float>"),
            ("b", ParameterKind.ReadOnlyTensor, ElementType.Float, "ReadOnlyTensorSpan<float>"),
            ("s", ParameterKind.Scalar, ElementType.Float, "float"),
            ("w", ParameterKind.Integer, ElementType.Other, "int"),
            ("c", ParameterKind.Tensor, ElementType.Float, "TensorSpan<float>"),
        };

        private static readonly MethodSignature s_signature = new MethodSignature("M", true, true, true, ParameterKind.Other, ElementType.Other, "void",
            new EquatableArray<ParameterSignature>(s_parameters.Select(p => new ParameterSignature(p.Name, p.Kind, p.Element, p.Type)).ToArray()));

        private enum Form { Regular, Verbatim, SingleLineRaw, MultiLineRaw }

        [Fact]
        public async Task GarbageNeverThrowsAndIsLocatedExactly()
        {
            var source = new StringBuilder(Sources.Usings).Append("public static partial class Kernels\n{\n");
            var expected = new List<string>();
            int method = 0;
            int programsWithErrors = 0;
            int multiLineRaw = 0;
            foreach (string program in Garbage)
            {
                var bind = ProgramBinder.Bind(program, s_signature, EquatableArray<StaticDim>.Empty);
                if (bind.Diagnostics.Count > 0) programsWithErrors++;
                foreach (var form in new[] { Form.Regular, Form.Verbatim, Form.SingleLineRaw, Form.MultiLineRaw })
                {
                    if (!TryWrite(program, form, out string literal, out TextSpan[] charSpans)) continue;
                    if (form == Form.MultiLineRaw) multiLineRaw++;
                    string prefix = "    [TensorProgram(";
                    int literalStart = source.Length + prefix.Length;
                    source.Append(prefix).Append(literal).Append(")]\n");
                    source.Append("    static partial void M").Append(method++).Append('(');
                    var parameterSpans = new TextSpan[s_parameters.Length];
                    for (int p = 0; p < s_parameters.Length; p++)
                    {
                        if (p > 0) source.Append(", ");
                        string text = s_parameters[p].Type + " " + s_parameters[p].Name;
                        parameterSpans[p] = new TextSpan(source.Length, text.Length);
                        source.Append(text);
                    }
                    source.Append(");\n");
                    foreach (var d in bind.Diagnostics)
                    {
                        TextSpan span = d.Target switch
                        {
                            DiagnosticTarget.SpecText when d.Length == 0 => new TextSpan(literalStart, literal.Length),
                            DiagnosticTarget.SpecText => TextSpan.FromBounds(literalStart + charSpans[d.Start].Start, literalStart + charSpans[d.Start + d.Length - 1].End),
                            DiagnosticTarget.Parameter => parameterSpans[d.Index],
                            _ => throw new Xunit.Sdk.XunitException($"unexpected target in {d}"),
                        };
                        expected.Add($"{d.Id} {span}");
                    }
                }
            }
            source.Append("}\n");
            Assert.True(programsWithErrors > Garbage.Length * 3 / 4, "most of the garbage should be invalid");
            Assert.True(multiLineRaw > Garbage.Length / 2, "most of the garbage should be written as a multi-line raw literal too");

            var run = await AnalyzerHarness.RunAsync(source.ToString());
            AnalyzerHarness.AssertClean(run);
            // Messages stay on one line whatever the program contains (the compiler prints one diagnostic per line).
            Assert.All(run.Analyzer, d => Assert.DoesNotContain(d.GetMessage(CultureInfo.InvariantCulture), c => char.IsControl(c) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029'));
            var actual = run.Analyzer.Select(d => $"{d.Id} {d.Location.SourceSpan}").ToList();
            expected.Sort(System.StringComparer.Ordinal);
            actual.Sort(System.StringComparer.Ordinal);
            Assert.True(expected.SequenceEqual(actual),
                "Expected:\n  " + string.Join("\n  ", expected.Except(actual)) + "\nbut got:\n  " + string.Join("\n  ", actual.Except(expected)));
        }

        [Fact]
        public void MessagesAreMadeOneLine()
        {
            // Built in code: lone surrogates do not survive xunit's serialization of InlineData.
            Assert.Equal("plain", TensorProgramAnalyzer.OneLine("plain"));
            Assert.Equal("tab\\there", TensorProgramAnalyzer.OneLine("tab\there"));
            Assert.Equal("nul\\0 bell\\u0007 cr\\r lf\\n", TensorProgramAnalyzer.OneLine("nul\0 bell\u0007 cr\r lf\n"));
            Assert.Equal("lone \\uD800 and \\uDC00 end \\uD83D", TensorProgramAnalyzer.OneLine("lone \uD800 and \uDC00 end \uD83D"));
            Assert.Equal("pair \U0001F600 kept", TensorProgramAnalyzer.OneLine("pair \U0001F600 kept"));
            Assert.Equal("separators \\u2028\\u2029\\u0085", TensorProgramAnalyzer.OneLine("separators \u2028\u2029\u0085"));
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
            bool awkward = value.Any(c => char.IsSurrogate(c) || (char.IsControl(c) && c != '\t' && c != '\n') || c == '\u0085' || c == '\u2028' || c == '\u2029');
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
                        else if (c < 0x20 || c > 0x7E) Emit("\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        else Emit(c.ToString());
                    }
                    sb.Append('"');
                    break;
                case Form.Verbatim:
                    if (awkward) return false;
                    sb.Append("@\"");
                    foreach (char c in value) Emit(c == '"' ? "\"\"" : c.ToString());
                    sb.Append('"');
                    break;
                case Form.SingleLineRaw:
                    if (awkward || value.Length == 0 || value.Contains('\n') || value[0] == '"' || value[value.Length - 1] == '"' || value.Contains("\"\"\"")
                        || value.Trim().Length == 0)
                    {
                        return false;
                    }
                    sb.Append("\"\"\"");
                    foreach (char c in value) Emit(c.ToString());
                    sb.Append("\"\"\"");
                    break;
                case Form.MultiLineRaw:
                {
                    if (awkward || value.Length == 0 || value.Contains("\"\"\"")) return false;
                    const string indentation = "        ";
                    sb.Append("\"\"\"\n");
                    string[] lines = value.Split('\n');
                    for (int l = 0; l < lines.Length; l++)
                    {
                        if (l > 0) Emit("\n");
                        if (lines[l].Length > 0) sb.Append(indentation);
                        foreach (char c in lines[l]) Emit(c.ToString());
                    }
                    sb.Append('\n').Append(indentation).Append("\"\"\"");
                    break;
                }
            }
            literal = sb.ToString();
            charSpans = spans.ToArray();
            return true;
        }
    }
}
