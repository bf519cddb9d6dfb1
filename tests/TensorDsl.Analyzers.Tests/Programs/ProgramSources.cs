using System.Text;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Programs
{
    /// <summary>How a program is written in the attribute.</summary>
    public enum LiteralForm
    {
        /// <summary><c>"…"</c>, line breaks as <c>\n</c>.</summary>
        Regular,
        /// <summary><c>@"…"</c>, line breaks as they are.</summary>
        Verbatim,
        /// <summary>A multi-line raw literal, every line indented (the indentation is not part of the value).</summary>
        Raw,
    }

    /// <summary>Building blocks for <c>[TensorProgram]</c> test sources.</summary>
    public static class ProgramSources
    {
        /// <summary>The indentation of the raw literal's content and closing quotes (the attribute is at 4 spaces).</summary>
        public const string RawIndentation = "        ";

        /// <summary>Inputs a, b (rank 2), output c: the signature of a matmul.</summary>
        public const string MatMul = "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c";

        /// <summary>Standard attention: q, k, v, a scale and the output o.</summary>
        public const string Attention = "ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, ReadOnlyTensorSpan<float> v, float scale, TensorSpan<float> o";

        public static readonly TheoryData<LiteralForm> Forms = new TheoryData<LiteralForm> { LiteralForm.Regular, LiteralForm.Verbatim, LiteralForm.Raw };

        /// <summary>
        /// Writes <paramref name="programMarkup"/> (a program with <c>{|ID:…|}</c> markers) as a C# literal of the given form,
        /// keeping the markers around the source characters that encode the marked value characters: an escape in a regular
        /// literal, a doubled quote in a verbatim one, and in a raw literal the character itself (a marker that closes after a
        /// line break closes before the next line's indentation, one that opens there opens after it).
        /// </summary>
        public static string Literal(string programMarkup, LiteralForm form)
        {
            var sb = new StringBuilder();
            sb.Append(form switch { LiteralForm.Regular => "\"", LiteralForm.Verbatim => "@\"", _ => "\"\"\"\n" });
            bool lineStart = form == LiteralForm.Raw;
            int i = 0;
            while (i < programMarkup.Length)
            {
                if (programMarkup[i] == '{' && i + 1 < programMarkup.Length && programMarkup[i + 1] == '|')
                {
                    int colon = programMarkup.IndexOf(':', i);
                    if (lineStart && form == LiteralForm.Raw && !StartsBlankLine(programMarkup, colon + 1)) sb.Append(RawIndentation);
                    lineStart = false;
                    sb.Append(programMarkup, i, colon + 1 - i);
                    i = colon + 1;
                    continue;
                }
                if (programMarkup[i] == '|' && i + 1 < programMarkup.Length && programMarkup[i + 1] == '}')
                {
                    sb.Append("|}");
                    i += 2;
                    continue;
                }
                char c = programMarkup[i++];
                switch (form)
                {
                    case LiteralForm.Regular:
                        sb.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '"' => "\\\"", '\\' => "\\\\", _ => c.ToString() });
                        break;
                    case LiteralForm.Verbatim:
                        sb.Append(c == '"' ? "\"\"" : c.ToString());
                        break;
                    default:
                        if (lineStart && c != '\n' && c != '\r' && !StartsBlankLine(programMarkup, i - 1)) sb.Append(RawIndentation);
                        lineStart = c == '\n';
                        sb.Append(c);
                        break;
                }
            }
            sb.Append(form == LiteralForm.Raw ? "\n" + RawIndentation + "\"\"\"" : "\"");
            return sb.ToString();
        }

        // True when the line from 'at' on is empty (blank lines of a raw literal are written without indentation).
        private static bool StartsBlankLine(string markup, int at) => at >= markup.Length || markup[at] == '\n' || markup[at] == '\r';

        /// <summary>One method <c>M</c> with <c>[TensorProgram(literal)]</c> and the given parameters, in <c>Kernels</c>.</summary>
        public static string Method(string programMarkup, LiteralForm form, string parameters, string attributes = "")
            => Sources.InKernels($"    [TensorProgram({Literal(programMarkup, form)}){attributes}]\n    static partial void M({parameters});");
    }
}
