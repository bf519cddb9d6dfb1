using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Language.Einsum
{
    /// <summary>The result of <see cref="EinsumParser.Parse"/>: a spec when the text is valid, and every diagnostic found.</summary>
    /// <param name="Spec">The parsed spec, or null when the text has errors.</param>
    /// <param name="Diagnostics">Errors located in the spec text.</param>
    public sealed record EinsumParseResult(EinsumSpec? Spec, EquatableArray<LanguageDiagnostic> Diagnostics);

    /// <summary>
    /// Parses NumPy einsum specs: <c>"bij,bjk-&gt;bik"</c>, implicit outputs (<c>"ij,jk"</c>), diagonals
    /// (<c>"ii-&gt;i"</c>), <c>...</c> broadcasting. Spaces are ignored as NumPy ignores them. Every error is
    /// reported with its position; the parser never throws.
    /// </summary>
    public static class EinsumParser
    {
        /// <summary>Parses <paramref name="text"/>.</summary>
        public static EinsumParseResult Parse(string text)
        {
            var diagnostics = new List<LanguageDiagnostic>();
            if (string.IsNullOrWhiteSpace(text))
            {
                diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.InvalidSyntax, 0, 0,
                    "The einsum spec is empty; write the operands' subscripts, e.g. \"ij,jk->ik\""));
                return new EinsumParseResult(null, new EquatableArray<LanguageDiagnostic>(diagnostics.ToArray()));
            }

            // Split at the arrow first so that every later error can name the side it is on.
            int arrow = text.IndexOf("->", System.StringComparison.Ordinal);
            int inputsEnd = arrow < 0 ? text.Length : arrow;
            if (arrow >= 0)
            {
                int second = text.IndexOf("->", arrow + 2, System.StringComparison.Ordinal);
                if (second >= 0)
                {
                    diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.InvalidSyntax, second, 2,
                        "The einsum spec has more than one '->'"));
                }
            }

            var inputs = new List<Subscript>();
            // Letters of operands that failed to parse: an output index among them is not reported as missing.
            var labelsOfInvalidOperands = new HashSet<char>();
            int start = 0;
            for (int i = 0; i <= inputsEnd; i++)
            {
                if (i == inputsEnd || text[i] == ',')
                {
                    var operand = ParseSubscript(text, start, i, isOutput: false, operandNumber: inputs.Count, diagnostics);
                    if (operand is null)
                    {
                        for (int k = start; k < i; k++)
                        {
                            if (IsLabel(text[k])) labelsOfInvalidOperands.Add(text[k]);
                        }
                    }
                    if (operand is not null)
                    {
                        if (operand.Labels.Length == 0 && !operand.HasEllipsis)
                        {
                            int at = i < text.Length ? i : System.Math.Max(0, text.Length - 1);
                            diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.EmptyOperand, at, 1,
                                $"Operand {inputs.Count} has no subscripts; operands have rank >= 1 (a scalar factor is a T parameter of a [TensorProgram])"));
                        }
                        inputs.Add(operand);
                    }
                    start = i + 1;
                }
            }

            Subscript? output = null;
            if (arrow >= 0)
            {
                int outStart = arrow + 2;
                int outEnd = text.IndexOf("->", outStart, System.StringComparison.Ordinal);
                if (outEnd < 0) outEnd = text.Length;
                int comma = text.IndexOf(',', outStart);
                if (comma >= 0 && comma < outEnd)
                {
                    diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.InvalidSyntax, comma, 1,
                        "The output subscripts cannot contain ','; an einsum has one output"));
                    outEnd = comma;
                }
                output = ParseSubscript(text, outStart, outEnd, isOutput: true, operandNumber: -1, diagnostics);
                if (output is not null)
                {
                    CheckOutput(output, inputs, labelsOfInvalidOperands, diagnostics);
                }
            }
            else
            {
                output = ImplicitOutput(text, inputs);
            }

            if (diagnostics.Count > 0 || output is null)
            {
                return new EinsumParseResult(null, new EquatableArray<LanguageDiagnostic>(diagnostics.ToArray()));
            }

            var spec = new EinsumSpec(text, new EquatableArray<Subscript>(inputs.ToArray()), output, arrow >= 0);
            return new EinsumParseResult(spec, EquatableArray<LanguageDiagnostic>.Empty);
        }

        /// <summary>Parses and throws <see cref="System.ArgumentException"/> on the first error (runtime use).</summary>
        public static EinsumSpec ParseOrThrow(string text)
        {
            var result = Parse(text);
            if (result.Spec is null)
            {
                var d = result.Diagnostics[0];
                throw new System.ArgumentException($"{d.Id}: {d.Message} (in \"{text}\" at {d.Start})", nameof(text));
            }
            return result.Spec;
        }

        private static Subscript? ParseSubscript(string text, int start, int end, bool isOutput, int operandNumber, List<LanguageDiagnostic> diagnostics)
        {
            var labels = new List<char>();
            var offsets = new List<int>();
            int ellipsis = -1;
            bool ok = true;
            string where = isOutput ? "the output" : $"operand {operandNumber}";
            for (int i = start; i < end; i++)
            {
                char c = text[i];
                if (IsLabel(c))
                {
                    labels.Add(c);
                    offsets.Add(i);
                }
                else if (c == ' ')
                {
                    // NumPy ignores spaces.
                }
                else if (c == '.')
                {
                    if (i + 2 < end && text[i + 1] == '.' && text[i + 2] == '.')
                    {
                        if (ellipsis >= 0)
                        {
                            diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.InvalidSyntax, i, 3,
                                $"{Capitalize(where)} has more than one '...'"));
                            ok = false;
                        }
                        ellipsis = labels.Count;
                        i += 2;
                    }
                    else
                    {
                        diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.InvalidSyntax, i, 1,
                            $"'.' in {where} is not part of an ellipsis '...'"));
                        ok = false;
                    }
                }
                else if (c == '-' || c == '>')
                {
                    diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.InvalidSyntax, i, 1,
                        $"'{c}' in {where} is not part of an arrow '->'"));
                    ok = false;
                }
                else
                {
                    diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.InvalidSyntax, i, 1,
                        $"'{Display(c)}' in {where} is not a valid subscript; subscripts are the letters a-z and A-Z, or '...' for broadcast dimensions"));
                    ok = false;
                }
            }
            if (!ok) return null;
            return new Subscript(new string(labels.ToArray()), ellipsis, new EquatableArray<int>(offsets.ToArray()), start, end - start);
        }

        private static void CheckOutput(Subscript output, List<Subscript> inputs, HashSet<char> labelsOfInvalidOperands, List<LanguageDiagnostic> diagnostics)
        {
            var counts = EinsumSpec.CountLabels(inputs);
            for (int k = 0; k < output.Labels.Length; k++)
            {
                char c = output.Labels[k];
                int first = output.Labels.IndexOf(c);
                if (first < k)
                {
                    diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.OutputIndexRepeated, output.LabelOffsets[k], 1,
                        $"Output index '{c}' appears more than once in the output \"{output.Text}\"; use a diagonal on an input instead"));
                }
                else if (!counts.ContainsKey(c) && !labelsOfInvalidOperands.Contains(c))
                {
                    diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.OutputIndexNotInInputs, output.LabelOffsets[k], 1,
                        $"Output index '{c}' appears in no input operand, so its size is unknown"));
                }
            }
        }

        private static Subscript ImplicitOutput(string text, List<Subscript> inputs)
        {
            // NumPy: every label used exactly once, in character-code order (A-Z before a-z);
            // the broadcast dimensions come first when any input has '...'.
            var counts = EinsumSpec.CountLabels(inputs);
            var labels = counts.Where(kv => kv.Value == 1).Select(kv => kv.Key).OrderBy(c => (int)c).ToArray();
            bool ellipsis = inputs.Any(s => s.HasEllipsis);
            var offsets = Enumerable.Repeat(-1, labels.Length).ToArray();
            return new Subscript(new string(labels), ellipsis ? 0 : -1, new EquatableArray<int>(offsets), text.Length, 0);
        }

        /// <summary>True for the characters NumPy accepts as index labels.</summary>
        public static bool IsLabel(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s.Substring(1);

        /// <summary>A character as it can appear in a one-line message: control characters, line breaks and lone
        /// surrogates as C# escapes (a raw line break or NUL would break the compiler's one-line diagnostic output).</summary>
        internal static string Display(char c) => c switch
        {
            '\t' => "\\t",
            '\n' => "\\n",
            '\r' => "\\r",
            '\0' => "\\0",
            _ when char.IsControl(c) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' => "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
            _ => c.ToString(),
        };
    }
}
