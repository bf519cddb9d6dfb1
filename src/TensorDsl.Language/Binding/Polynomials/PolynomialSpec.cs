using System.Collections.Generic;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Polynomials;

namespace TensorDsl.Language.Binding.Polynomials
{
    /// <summary>
    /// Reads the spec of an <c>[EquivariantPolynomial]</c>: an einsum whose operands are edges (two subscripts each), or the
    /// edge-list form <c>"a-b a-c; out b"</c> of the multigraph parser. Either way the result is the multigraph as an einsum
    /// over x; diagnostics are located in the text as written. A polynomial has 0, 1 or 2 marked nodes
    /// (<see cref="MultigraphParser.MaxMarkedNodes"/>).
    /// </summary>
    public static class PolynomialSpec
    {
        /// <summary>True when <paramref name="text"/> is in the edge-list form: it has a '-' that does not start '-&gt;'.</summary>
        public static bool IsEdgeList(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '-' && (i + 1 >= text.Length || text[i + 1] != '>')) return true;
            }
            return false;
        }

        /// <summary>The multigraph of <paramref name="text"/> as an einsum, or null after adding the errors to <paramref name="diagnostics"/>.</summary>
        public static EinsumSpec? Parse(string text, List<LanguageDiagnostic> diagnostics)
        {
            if (IsEdgeList(text)) return ParseEdgeList(text, diagnostics);

            var parse = EinsumParser.Parse(text);
            diagnostics.AddRange(parse.Diagnostics);
            var spec = parse.Spec;
            if (spec is null) return null;
            bool ok = true;
            for (int i = 0; i < spec.Inputs.Count; i++)
            {
                var operand = spec.Inputs[i];
                if (operand.HasEllipsis || operand.Labels.Length != 2)
                {
                    string what = operand.HasEllipsis ? "uses '...'" : $"has {operand.Labels.Length} subscript{(operand.Labels.Length == 1 ? "" : "s")}";
                    var (start, length) = Trim(text, operand.Start, operand.Length);
                    diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.PolynomialOperandArity, start, length,
                        $"Operand {i} (\"{operand.Text}\") {what}; every operand of an [EquivariantPolynomial] is an edge u-v of the multigraph, read as x[u,v], so it has exactly two subscripts (a self-loop is \"aa\"; channels come from Channels = true)"));
                    ok = false;
                }
            }
            if (spec.Output.HasEllipsis)
            {
                var (start, length) = Trim(text, spec.Output.Start, spec.Output.Length);
                diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.PolynomialOperandArity, start, length,
                    "The output uses '...'; the output of an [EquivariantPolynomial] lists the marked nodes (channels come from Channels = true)"));
                ok = false;
            }
            if (!ok) return null;
            // The multigraph rules beyond the edges (0, 1 or 2 marked nodes) are the multigraph parser's: TDSL0023. The
            // kernel keeps the einsum as written, so that an edge "ca" reads x[c,a] (x need not be symmetric).
            var graph = MultigraphParser.FromEinsum(text);
            diagnostics.AddRange(graph.Diagnostics);
            return graph.Graph is null ? null : spec;
        }

        /// <summary>The range without its leading and trailing spaces (at least one character).</summary>
        private static (int Start, int Length) Trim(string text, int start, int length)
        {
            int end = System.Math.Min(text.Length, start + length);
            while (start < end && char.IsWhiteSpace(text[start])) start++;
            while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
            return (start, System.Math.Max(1, end - start));
        }

        // The edge list goes through the multigraph parser (TDSL0023 on the offending characters); its einsum has one
        // operand per edge, endpoints in node-letter order (edge "b-a" reads x[a,b]).
        private static EinsumSpec? ParseEdgeList(string text, List<LanguageDiagnostic> diagnostics)
        {
            var parse = MultigraphParser.Parse(text);
            diagnostics.AddRange(parse.Diagnostics);
            return parse.Graph is null ? null : EinsumParser.ParseOrThrow(parse.Graph.ToEinsum());
        }
    }
}
