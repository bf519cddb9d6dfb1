using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Generators.Tests.Polynomials
{
    /// <summary>One <c>[EquivariantPolynomial]</c> kernel under test.</summary>
    /// <param name="Spec">The attribute's spec (einsum or edge list).</param>
    /// <param name="Einsum">The same multigraph as an explicit einsum, for the interpreter oracle (written by hand, not by the code under test).</param>
    /// <param name="Element">"float" or "double".</param>
    /// <param name="Channels">Channels = true.</param>
    public sealed record PolynomialCase(string Spec, string Einsum, string Element, bool Channels = false)
    {
        /// <summary>Number of marked nodes (p's rank without the channel axis).</summary>
        public int Marked => Einsum.Substring(Einsum.IndexOf("->", System.StringComparison.Ordinal) + 2).Length;

        /// <summary>Number of edges (operands).</summary>
        public int Edges => Einsum.Substring(0, Einsum.IndexOf("->", System.StringComparison.Ordinal)).Split(',').Length;

        public override string ToString() => $"[EquivariantPolynomial(\"{Spec}\"{(Channels ? ", Channels = true" : "")})] {Element}";
    }

    /// <summary>The polynomials the tests run: the 12 of docs/design.md §6.4 and a few that PPGN can compute, in both spec forms.</summary>
    public static class PolynomialCorpus
    {
        /// <summary>The degree ≤ 6 basis elements of docs/design.md §6.4 that PPGN cannot compute (Puny et al. 2023).</summary>
        public static readonly string[] Design =
        {
            "ab,ac,ad,bc,cd->bd",
            "ab,ac,ad,bc,bd,cd->",
            "ab,ac,ad,bc,bd,cd->a",
            "ab,ac,ad,bc,bd,cd->ab",
            "ab,bc,bd,be,cd,ce->de",
            "ab,bd,be,cd,ce,de->ac",
            "ab,bd,be,cd,ce,de->bc",
            "ab,bd,be,cd,ce,de->ca",
            "ab,bd,be,cd,ce,de->cb",
            "ab,ad,ae,bc,cd,de->be",
            "ab,ad,ae,bc,cd,de->eb",
            "ac,ad,ae,bc,bd,be->cd",
        };

        /// <summary>Computable ones: degree, walks, triangles, 4-cycles, an invariant, a self-loop, a multi-edge.</summary>
        public static readonly string[] Computable =
        {
            "ab->a",
            "ab,bc->ac",
            "ab,bc,ca->a",
            "ab,bc,cd,da->a",
            "ab,bc,ca->",
            "aa,ab->b",
            "ab,ab,bc->ac",
        };

        /// <summary>Edge-list specs with their einsum, written by hand.</summary>
        public static readonly (string Spec, string Einsum)[] EdgeLists =
        {
            ("a-b a-c a-d b-c c-d; out b d", "ab,ac,ad,bc,cd->bd"),
            ("a-b b-c c-a; out a", "ab,ac,bc->a"), // edge c-a reads x[a,c]: endpoints in node-letter order
            ("a-b a-c a-d b-c b-d c-d", "ab,ac,ad,bc,bd,cd->"),
        };

        /// <summary>Every spec in one form: (spec, einsum).</summary>
        public static IEnumerable<(string Spec, string Einsum)> All()
            => Design.Concat(Computable).Select(s => (s, s)).Concat(EdgeLists);
    }
}
