using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace TensorDsl.Analyzers
{
    /// <summary>
    /// Maps character offsets of an attribute's string value back to source text, so that a diagnostic points at the
    /// offending characters inside the literal. Handles regular literals (with every C# escape), verbatim literals and
    /// raw literals (single- and multi-line). Anything else (a const, a concatenation, an interpolation) maps to the whole
    /// argument expression, as does a mapping that does not reproduce the literal's value exactly.
    /// </summary>
    internal static class SpecLocations
    {
        /// <summary>
        /// The location of characters <c>[start, start + length)</c> of <paramref name="value"/>, the constant value of
        /// <paramref name="argument"/>; the whole argument when <paramref name="length"/> is 0 or the range cannot be mapped.
        /// </summary>
        public static Location Map(ExpressionSyntax argument, string value, int start, int length)
        {
            var whole = argument.GetLocation();
            if (length <= 0 || start < 0) return whole;
            var spans = TryGetCharSpans(argument, value);
            if (spans is null || start + length > spans.Length) return whole;
            var span = TextSpan.FromBounds(spans[start].Start, spans[start + length - 1].End);
            return Location.Create(argument.SyntaxTree, span);
        }

        /// <summary>
        /// For each UTF-16 character of the literal's value, its source span (an escape sequence spans several source
        /// characters; a <c>\U</c> escape above U+FFFF gives two characters with the same span). Null when
        /// <paramref name="argument"/> is not a single string literal whose decoded value is <paramref name="value"/>.
        /// </summary>
        public static TextSpan[]? TryGetCharSpans(ExpressionSyntax argument, string value)
        {
            if (argument is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.StringLiteralExpression)) return null;
            var token = literal.Token;
            if (token.ContainsDiagnostics || token.ValueText != value) return null;

            string text = token.Text;
            var decoded = new StringBuilder(value.Length);
            var spans = new System.Collections.Generic.List<TextSpan>(value.Length);
            bool ok = token.Kind() switch
            {
                SyntaxKind.StringLiteralToken when text.StartsWith("@", System.StringComparison.Ordinal) => DecodeVerbatim(text, decoded, spans),
                SyntaxKind.StringLiteralToken => DecodeRegular(text, decoded, spans),
                SyntaxKind.SingleLineRawStringLiteralToken => DecodeSingleLineRaw(text, decoded, spans),
                SyntaxKind.MultiLineRawStringLiteralToken => DecodeMultiLineRaw(text, decoded, spans),
                _ => false,
            };
            if (!ok || decoded.ToString() != value || spans.Count != value.Length) return null;

            var result = new TextSpan[spans.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = new TextSpan(token.SpanStart + spans[i].Start, spans[i].Length);
            }
            return result;
        }

        private static void Add(StringBuilder decoded, System.Collections.Generic.List<TextSpan> spans, char c, int start, int length)
        {
            decoded.Append(c);
            spans.Add(new TextSpan(start, length));
        }

        private static bool DecodeRegular(string text, StringBuilder decoded, System.Collections.Generic.List<TextSpan> spans)
        {
            if (text.Length < 2 || text[0] != '"' || text[text.Length - 1] != '"') return false;
            int end = text.Length - 1;
            int i = 1;
            while (i < end)
            {
                char c = text[i];
                if (c != '\\')
                {
                    Add(decoded, spans, c, i, 1);
                    i++;
                    continue;
                }
                if (i + 1 >= end) return false;
                char e = text[i + 1];
                char simple;
                switch (e)
                {
                    case '\'': simple = '\''; break;
                    case '"': simple = '"'; break;
                    case '\\': simple = '\\'; break;
                    case '0': simple = '\0'; break;
                    case 'a': simple = '\a'; break;
                    case 'b': simple = '\b'; break;
                    case 'e': simple = '\u001b'; break;
                    case 'f': simple = '\f'; break;
                    case 'n': simple = '\n'; break;
                    case 'r': simple = '\r'; break;
                    case 't': simple = '\t'; break;
                    case 'v': simple = '\v'; break;
                    case 'u':
                    {
                        if (!TryHex(text, i + 2, 4, end, exact: true, out uint v, out int digits)) return false;
                        Add(decoded, spans, (char)v, i, 2 + digits);
                        i += 2 + digits;
                        continue;
                    }
                    case 'x':
                    {
                        if (!TryHex(text, i + 2, 4, end, exact: false, out uint v, out int digits)) return false;
                        Add(decoded, spans, (char)v, i, 2 + digits);
                        i += 2 + digits;
                        continue;
                    }
                    case 'U':
                    {
                        if (!TryHex(text, i + 2, 8, end, exact: true, out uint v, out int digits) || v > 0x10FFFF) return false;
                        if (v < 0x10000)
                        {
                            Add(decoded, spans, (char)v, i, 2 + digits);
                        }
                        else
                        {
                            uint u = v - 0x10000;
                            Add(decoded, spans, (char)(0xD800 + (u >> 10)), i, 2 + digits);
                            Add(decoded, spans, (char)(0xDC00 + (u & 0x3FF)), i, 2 + digits);
                        }
                        i += 2 + digits;
                        continue;
                    }
                    default:
                        return false;
                }
                Add(decoded, spans, simple, i, 2);
                i += 2;
            }
            return true;
        }

        private static bool TryHex(string text, int start, int maxDigits, int end, bool exact, out uint value, out int digits)
        {
            value = 0;
            digits = 0;
            while (digits < maxDigits && start + digits < end)
            {
                int h = HexValue(text[start + digits]);
                if (h < 0) break;
                value = (value << 4) | (uint)h;
                digits++;
            }
            return exact ? digits == maxDigits : digits > 0;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        private static bool DecodeVerbatim(string text, StringBuilder decoded, System.Collections.Generic.List<TextSpan> spans)
        {
            if (text.Length < 3 || text[0] != '@' || text[1] != '"' || text[text.Length - 1] != '"') return false;
            int end = text.Length - 1;
            for (int i = 2; i < end; i++)
            {
                if (text[i] == '"')
                {
                    if (i + 1 >= end || text[i + 1] != '"') return false;
                    Add(decoded, spans, '"', i, 2);
                    i++;
                }
                else
                {
                    Add(decoded, spans, text[i], i, 1);
                }
            }
            return true;
        }

        private static int CountQuotes(string text)
        {
            int n = 0;
            while (n < text.Length && text[n] == '"') n++;
            return n;
        }

        private static bool DecodeSingleLineRaw(string text, StringBuilder decoded, System.Collections.Generic.List<TextSpan> spans)
        {
            int n = CountQuotes(text);
            if (n < 3 || text.Length < 2 * n) return false;
            for (int i = n; i < text.Length - n; i++)
            {
                Add(decoded, spans, text[i], i, 1);
            }
            return true;
        }

        private static bool DecodeMultiLineRaw(string text, StringBuilder decoded, System.Collections.Generic.List<TextSpan> spans)
        {
            int n = CountQuotes(text);
            if (n < 3 || text.Length < 2 * n) return false;
            int closing = text.Length - n;

            // The content starts after the opening line's line break.
            int firstBreak = IndexOfLineBreak(text, n, closing);
            if (firstBreak < 0) return false;
            int contentStart = firstBreak + LineBreakLength(text, firstBreak);

            // The closing line is whitespace followed by the quotes; its whitespace is removed from every content line.
            int indentStart = closing;
            while (indentStart > 0 && IsRawWhitespace(text[indentStart - 1])) indentStart--;
            if (indentStart == 0 || !IsLineBreakEnd(text, indentStart)) return false;
            string indentation = text.Substring(indentStart, closing - indentStart);
            int contentEnd = indentStart - LineBreakLengthBefore(text, indentStart);
            if (contentEnd < contentStart) return true; // no content lines: an empty value

            int line = contentStart;
            bool firstLine = true;
            while (line <= contentEnd)
            {
                int lineEnd = IndexOfLineBreak(text, line, contentEnd);
                if (lineEnd < 0) lineEnd = contentEnd;
                if (!firstLine)
                {
                    // The line break that separates this line from the previous one is part of the value.
                    int breakStart = line - LineBreakLengthBefore(text, line);
                    for (int b = breakStart; b < line; b++) Add(decoded, spans, text[b], b, 1);
                }
                firstLine = false;

                // A line that starts with the indentation keeps what follows it (whitespace too: a whitespace-only line longer
                // than the indentation keeps its excess); any other line must be whitespace only, and is then empty.
                bool indented = lineEnd - line >= indentation.Length && string.CompareOrdinal(text, line, indentation, 0, indentation.Length) == 0;
                if (indented)
                {
                    for (int k = line + indentation.Length; k < lineEnd; k++) Add(decoded, spans, text[k], k, 1);
                }
                else
                {
                    for (int k = line; k < lineEnd; k++)
                    {
                        if (!IsRawWhitespace(text[k])) return false;
                    }
                }
                if (lineEnd >= contentEnd) break;
                line = lineEnd + LineBreakLength(text, lineEnd);
            }
            return true;
        }

        private static bool IsRawWhitespace(char c) => c == ' ' || c == '\t' || (c != '\r' && c != '\n' && c != '\u0085' && c != '\u2028' && c != '\u2029' && char.IsWhiteSpace(c));

        private static bool IsLineBreak(char c) => c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029';

        private static int IndexOfLineBreak(string text, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (IsLineBreak(text[i])) return i;
            }
            return -1;
        }

        private static int LineBreakLength(string text, int at)
            => text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n' ? 2 : 1;

        private static bool IsLineBreakEnd(string text, int position) => position > 0 && IsLineBreak(text[position - 1]);

        private static int LineBreakLengthBefore(string text, int position)
        {
            if (position <= 0 || !IsLineBreak(text[position - 1])) return 0;
            return text[position - 1] == '\n' && position >= 2 && text[position - 2] == '\r' ? 2 : 1;
        }
    }
}
