using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace TensorDsl.Analyzers.Tests.Harness
{
    /// <summary>An expected diagnostic: its ID and the exact source span it covers.</summary>
    public readonly record struct ExpectedDiagnostic(string Id, TextSpan Span);

    /// <summary>
    /// Test-source markup: <c>{|TDSL0001:text|}</c> marks the span a diagnostic with that ID must cover. Markers nest
    /// (<c>{|TDSL0001:{|TDSL0001:x|}|}</c> expects two diagnostics on the same span).
    /// </summary>
    public static class Markup
    {
        public static (string Source, List<ExpectedDiagnostic> Expected) Parse(string markup)
        {
            var source = new StringBuilder(markup.Length);
            var expected = new List<ExpectedDiagnostic>();
            var open = new Stack<(string Id, int Start)>();
            int i = 0;
            while (i < markup.Length)
            {
                if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|' && TryReadId(markup, i + 2, out string id, out int next))
                {
                    open.Push((id, source.Length));
                    i = next;
                    continue;
                }
                if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
                {
                    var (openId, start) = open.Pop();
                    expected.Add(new ExpectedDiagnostic(openId, TextSpan.FromBounds(start, source.Length)));
                    i += 2;
                    continue;
                }
                source.Append(markup[i]);
                i++;
            }
            if (open.Count > 0) throw new ArgumentException($"Unclosed markup {{|{open.Peek().Id}:", nameof(markup));
            return (source.ToString(), expected);
        }

        /// <summary>Reads <c>ID:</c> where ID is letters followed by digits (e.g. TDSL0001, CS0501).</summary>
        private static bool TryReadId(string text, int start, out string id, out int next)
        {
            id = "";
            next = start;
            int i = start;
            while (i < text.Length && char.IsAsciiLetterUpper(text[i])) i++;
            int letters = i - start;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (letters == 0 || i - start == letters || i >= text.Length || text[i] != ':') return false;
            id = text.Substring(start, i - start);
            next = i + 1;
            return true;
        }
    }
}
