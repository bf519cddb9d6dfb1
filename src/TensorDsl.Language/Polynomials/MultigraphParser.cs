using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Language.Polynomials
{
    /// <summary>The result of parsing a multigraph spec: the graph when the text is valid, and every diagnostic found.</summary>
    /// <param name="Graph">The multigraph, or null when the text has errors.</param>
    /// <param name="Diagnostics">Errors located in the spec text (TDSL0023, or the einsum parser's IDs for einsum syntax).</param>
    public sealed record MultigraphParseResult(Multigraph? Graph, EquatableArray<LanguageDiagnostic> Diagnostics);

    /// <summary>
    /// Reads the two spellings of an equivariant graph polynomial's multigraph: the edge list
    /// <c>"a-b a-c a-d b-c c-d; out b d"</c> and the einsum <c>"ab,ac,ad,bc,cd-&gt;bd"</c>. Every error is a
    /// <see cref="DiagnosticIds.InvalidMultigraph"/> (TDSL0023) on the offending characters; the parser never throws.
    /// </summary>
    /// <remarks>
    /// Edge-list grammar: edges separated by spaces or commas, each two node letters joined by <c>-</c> (<c>a-a</c> is a
    /// self-loop, a repeated edge is a parallel edge); then optionally <c>;</c> and <c>out</c> followed by 0, 1 or 2
    /// node letters (spaces or commas between them) in output order. No <c>out</c> clause, or <c>; out</c> with no
    /// nodes, is an invariant (scalar) polynomial.
    /// </remarks>
    public static class MultigraphParser
    {
        /// <summary>The most output (marked) nodes a polynomial may have: its value is a scalar, vector or matrix.</summary>
        public const int MaxMarkedNodes = 2;

        /// <summary>Parses the edge-list form, e.g. <c>"a-b a-c a-d b-c c-d; out b d"</c>.</summary>
        public static MultigraphParseResult Parse(string text)
        {
            var diagnostics = new List<LanguageDiagnostic>();
            if (text is null || text.Trim().Length == 0)
            {
                Report(diagnostics, 0, 0, "The multigraph spec is empty; write its edges, e.g. \"a-b b-c; out a c\"");
                return Result(null, diagnostics);
            }

            int semicolon = text.IndexOf(';');
            int edgesEnd = semicolon < 0 ? text.Length : semicolon;
            if (semicolon >= 0)
            {
                int second = text.IndexOf(';', semicolon + 1);
                if (second >= 0) Report(diagnostics, second, 1, "The multigraph spec has more than one ';'; write \"edges; out nodes\"");
            }

            var names = new List<char>();
            var edges = new List<(int, int)>();
            int Node(char c)
            {
                int k = names.IndexOf(c);
                if (k >= 0) return k;
                names.Add(c);
                return names.Count - 1;
            }

            var tokens = Tokens(text, 0, edgesEnd).ToList();
            if (tokens.Count == 0)
            {
                Report(diagnostics, 0, Math.Max(1, edgesEnd), "The multigraph has no edges; a polynomial of X has at least one factor X[a,b], written a-b");
            }
            foreach (var (start, length) in tokens)
            {
                string token = text.Substring(start, length);
                if (length == 3 && IsLabel(token[0]) && token[1] == '-' && IsLabel(token[2]))
                {
                    edges.Add((Node(token[0]), Node(token[2])));
                    continue;
                }
                ReportBadEdge(text, start, length, diagnostics);
            }

            var marks = new List<(char Name, int Offset)>();
            if (semicolon >= 0)
            {
                int clauseEnd = text.IndexOf(';', semicolon + 1);
                if (clauseEnd < 0) clauseEnd = text.Length;
                var clause = Tokens(text, semicolon + 1, clauseEnd).ToList();
                if (clause.Count == 0 || text.Substring(clause[0].Start, clause[0].Length) != "out")
                {
                    int at = clause.Count == 0 ? semicolon : clause[0].Start;
                    int len = clause.Count == 0 ? 1 : clause[0].Length;
                    Report(diagnostics, at, len, "After ';' write 'out' and the output nodes in order, e.g. \"; out b d\" (\"; out\" alone: an invariant)");
                }
                else
                {
                    foreach (var (start, length) in clause.Skip(1))
                    {
                        for (int i = start; i < start + length; i++)
                        {
                            if (IsLabel(text[i])) marks.Add((text[i], i));
                            else Report(diagnostics, i, 1, $"'{EinsumParser.Display(text[i])}' is not a node name; nodes are the letters a-z and A-Z");
                        }
                    }
                }
            }

            var marked = new List<int>();
            for (int k = 0; k < marks.Count; k++)
            {
                var (name, offset) = marks[k];
                if (marks.Take(k).Any(m => m.Name == name))
                {
                    Report(diagnostics, offset, 1, $"Output node '{name}' is listed twice; the output nodes are distinct indices of P");
                }
                else if (k >= MaxMarkedNodes)
                {
                    Report(diagnostics, offset, 1, $"Output node '{name}' is one too many: an equivariant graph polynomial has 0, 1 or 2 output nodes (scalar, vector or matrix), this one lists {marks.Count}");
                }
                else if (names.IndexOf(name) < 0)
                {
                    Report(diagnostics, offset, 1, $"Output node '{name}' is not an endpoint of any edge; every node of the multigraph needs an edge (X[{name},.]) to have a size");
                }
                else
                {
                    marked.Add(names.IndexOf(name));
                }
            }

            if (diagnostics.Count > 0) return Result(null, diagnostics);
            return Result(Multigraph.Create(new string(names.ToArray()), edges, marked), diagnostics);
        }

        /// <summary>
        /// Reads an einsum whose operands all have two subscripts (<c>"ab,ac,ad,bc,cd-&gt;bd"</c>; <c>"aa"</c> is a
        /// self-loop) and whose output has at most two indices. Einsum syntax errors keep the einsum parser's IDs;
        /// the graph rules are TDSL0023.
        /// </summary>
        public static MultigraphParseResult FromEinsum(string einsum)
        {
            var parsed = EinsumParser.Parse(einsum);
            if (parsed.Spec is null) return new MultigraphParseResult(null, parsed.Diagnostics);
            var spec = parsed.Spec;
            var diagnostics = new List<LanguageDiagnostic>();
            for (int i = 0; i < spec.Inputs.Count; i++)
            {
                var s = spec.Inputs[i];
                if (s.HasEllipsis || s.Labels.Length != 2)
                {
                    Report(diagnostics, s.Start, Math.Max(1, s.Length),
                        $"Operand {i} \"{s.Text}\" is not an edge: every operand of a graph polynomial is the adjacency X with two subscripts (its endpoints), e.g. \"ab\"");
                }
            }
            if (spec.Output.HasEllipsis)
            {
                Report(diagnostics, spec.Output.Start, Math.Max(1, spec.Output.Length), "The output of a graph polynomial cannot have '...'; it lists 0, 1 or 2 nodes");
            }
            else if (spec.Output.Labels.Length > MaxMarkedNodes)
            {
                int at = spec.Output.LabelOffsets[MaxMarkedNodes];
                Report(diagnostics, at < 0 ? 0 : at, at < 0 ? 0 : spec.Output.Length - MaxMarkedNodes,
                    $"The output \"{spec.Output.Text}\" has {spec.Output.Labels.Length} indices: an equivariant graph polynomial has 0, 1 or 2 output nodes (scalar, vector or matrix)");
            }
            if (diagnostics.Count > 0) return Result(null, diagnostics);

            string nodes = spec.Labels;
            var edges = spec.Inputs.Select(s => (nodes.IndexOf(s.Labels[0]), nodes.IndexOf(s.Labels[1])));
            var marked = spec.Output.Labels.Select(c => nodes.IndexOf(c));
            return Result(Multigraph.Create(nodes, edges, marked), diagnostics);
        }

        /// <summary>Parses the edge-list form and throws <see cref="ArgumentException"/> on the first error (runtime use).</summary>
        public static Multigraph ParseOrThrow(string text) => OrThrow(Parse(text), text);

        /// <summary>Reads an einsum and throws <see cref="ArgumentException"/> on the first error (runtime use).</summary>
        public static Multigraph FromEinsumOrThrow(string einsum) => OrThrow(FromEinsum(einsum), einsum);

        /// <summary>Reads either spelling: an einsum when the text contains <c>-&gt;</c> or a comma between letters and no
        /// edge dash, otherwise the edge list.</summary>
        public static MultigraphParseResult ParseAny(string text)
            => text is not null && LooksLikeEinsum(text) ? FromEinsum(text) : Parse(text!);

        private static bool LooksLikeEinsum(string text)
            => text.Contains("->") || (text.IndexOf('-') < 0 && text.IndexOf(',') >= 0);

        private static Multigraph OrThrow(MultigraphParseResult result, string text)
        {
            if (result.Graph is not null) return result.Graph;
            var d = result.Diagnostics[0];
            throw new ArgumentException($"{d.Id}: {d.Message} (in \"{text}\" at {d.Start})", nameof(text));
        }

        // Explains why a token is not "x-y", pointing at the most specific characters.
        private static void ReportBadEdge(string text, int start, int length, List<LanguageDiagnostic> diagnostics)
        {
            string token = text.Substring(start, length);
            for (int i = 0; i < length; i++)
            {
                char c = token[i];
                if (!IsLabel(c) && c != '-')
                {
                    Report(diagnostics, start + i, 1, c == '>'
                        ? "'>' is not part of the edge-list form; write edges as a-b, or give the einsum form (\"ab,bc->ac\") where an einsum is accepted"
                        : $"'{EinsumParser.Display(c)}' is not a node name; nodes are the letters a-z and A-Z, edges are written a-b");
                    return;
                }
            }
            int dashes = token.Count(c => c == '-');
            string message =
                dashes == 0 ? $"\"{token}\" is not an edge; join the two endpoint letters with '-', e.g. \"{(token.Length >= 2 ? token[0] + "-" + token[1] : token + "-b")}\""
                : dashes > 1 ? $"\"{token}\" is not one edge; write each edge separately, e.g. \"a-b b-c\" for a path"
                : token.StartsWith("-", StringComparison.Ordinal) || token.EndsWith("-", StringComparison.Ordinal) ? $"Edge \"{token}\" lacks an endpoint; an edge joins two node letters, e.g. \"a-b\" (\"a-a\" for a self-loop)"
                : $"\"{token}\" is not an edge; node names are single letters, so an edge is two letters joined by '-', e.g. \"a-b\"";
            Report(diagnostics, start, length, message);
        }

        // Maximal runs of characters other than whitespace and ',' in [start, end).
        private static IEnumerable<(int Start, int Length)> Tokens(string text, int start, int end)
        {
            int i = start;
            while (i < end)
            {
                while (i < end && IsSeparator(text[i])) i++;
                int s = i;
                while (i < end && !IsSeparator(text[i])) i++;
                if (i > s) yield return (s, i - s);
            }
        }

        private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c == ',';

        private static bool IsLabel(char c) => EinsumParser.IsLabel(c);

        private static void Report(List<LanguageDiagnostic> diagnostics, int start, int length, string message)
            => diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.InvalidMultigraph, start, length, message));

        private static MultigraphParseResult Result(Multigraph? graph, List<LanguageDiagnostic> diagnostics)
            => new MultigraphParseResult(graph, new EquatableArray<LanguageDiagnostic>(diagnostics.ToArray()));
    }
}
