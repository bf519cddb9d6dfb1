using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Language.Polynomials
{
    /// <summary>Which multigraphs <see cref="MultigraphEnumerator"/> lists.</summary>
    public enum MultigraphFamily
    {
        /// <summary>Connected multigraphs: parallel edges and self-loops allowed.</summary>
        Multigraphs,
        /// <summary>Connected multigraphs with parallel edges but no self-loop (no diagonal entries X[a,a]).</summary>
        LooplessMultigraphs,
        /// <summary>Connected simple graphs: no self-loop, no parallel edge.</summary>
        SimpleGraphs,
    }

    /// <summary>
    /// Lists the basis elements of the equivariant graph polynomials up to a degree: every <b>connected</b> multigraph
    /// of the chosen <see cref="MultigraphFamily"/> with 1..maxEdges edges and the given number of marked nodes, one per
    /// isomorphism class (respecting the marks in order), as canonical forms
    /// (<see cref="MultigraphCanonicalizer.Canonicalize(Multigraph)"/>), ordered by edge count, then node count, then
    /// einsum text.
    /// </summary>
    /// <remarks>
    /// Why connected only: the value of a disconnected multigraph is the product of its components' values (an outer
    /// product when marked nodes lie in different components), so the connected elements generate the rest, and a
    /// connected graph with e edges has at most e + 1 nodes, which keeps the canonical forms cheap. Two marked nodes are
    /// distinct nodes (a repeated output index is not an einsum); (a, b) and (b, a) are different elements unless an
    /// automorphism swaps them. Every node has an edge (see <see cref="Multigraph"/>).
    /// Method: unmarked graphs grow one edge at a time (a loop, an edge between two nodes, or an edge to a new node) from
    /// the single edge; every connected graph arises so, because removing a non-bridge edge or a leaf keeps a graph
    /// connected. The marks are then placed on every node tuple and the results deduplicated by canonical form.
    /// </remarks>
    public static class MultigraphEnumerator
    {
        /// <summary>Connected graphs with 1..<paramref name="maxEdges"/> edges and <paramref name="markedCount"/> marked nodes.</summary>
        /// <param name="maxEdges">Largest degree (edge count), at least 1.</param>
        /// <param name="markedCount">Marked (output) nodes: 0, 1 or 2 for a polynomial basis element.</param>
        /// <param name="family">Whether loops and parallel edges are allowed.</param>
        public static IReadOnlyList<Multigraph> Enumerate(int maxEdges, int markedCount, MultigraphFamily family = MultigraphFamily.Multigraphs)
        {
            if (maxEdges < 1) throw new ArgumentOutOfRangeException(nameof(maxEdges), maxEdges, "At least one edge");
            if (markedCount < 0) throw new ArgumentOutOfRangeException(nameof(markedCount), markedCount, "Zero or more marked nodes");
            var result = new List<Multigraph>();
            foreach (var graph in Unmarked(maxEdges, family))
            {
                var seen = new HashSet<Multigraph>();
                foreach (var marks in Tuples(graph.NodeCount, markedCount))
                {
                    var marked = Multigraph.Create(graph.Nodes, graph.Edges.Select(e => (e.U, e.V)), marks);
                    seen.Add(MultigraphCanonicalizer.Canonicalize(marked));
                }
                result.AddRange(seen);
            }
            return result.OrderBy(g => g.EdgeCount).ThenBy(g => g.NodeCount).ThenBy(g => g.ToEinsum(), StringComparer.Ordinal).ToList();
        }

        /// <summary>Connected simple graphs (the elements of docs/design.md §6.4) with 1..<paramref name="maxEdges"/> edges and
        /// 0, 1 and 2 marked nodes together.</summary>
        public static IReadOnlyList<Multigraph> ConnectedSimple(int maxEdges)
            => Enumerable.Range(0, 3).SelectMany(m => Enumerate(maxEdges, m, MultigraphFamily.SimpleGraphs))
                .OrderBy(g => g.EdgeCount).ThenBy(g => g.Marked.Count).ThenBy(g => g.NodeCount).ThenBy(g => g.ToEinsum(), StringComparer.Ordinal).ToList();

        /// <summary>Unmarked connected graphs of the family, canonical, with 1..maxEdges edges.</summary>
        private static IEnumerable<Multigraph> Unmarked(int maxEdges, MultigraphFamily family)
        {
            bool loops = family == MultigraphFamily.Multigraphs;
            bool parallel = family != MultigraphFamily.SimpleGraphs;
            var layer = new HashSet<Multigraph> { MultigraphCanonicalizer.Canonicalize(Multigraph.Create("ab", new[] { (0, 1) }, Array.Empty<int>())) };
            if (loops) layer.Add(MultigraphCanonicalizer.Canonicalize(Multigraph.Create("a", new[] { (0, 0) }, Array.Empty<int>())));
            for (int edges = 1; ; edges++)
            {
                foreach (var g in layer) yield return g;
                if (edges == maxEdges) yield break;
                var next = new HashSet<Multigraph>();
                foreach (var g in layer)
                {
                    int n = g.NodeCount;
                    var existing = g.Edges.Select(e => (e.U, e.V)).ToList();
                    void Add(int a, int b, int nodes)
                    {
                        var grown = Multigraph.Create(MultigraphCanonicalizer.CanonicalNames.Substring(0, nodes), existing.Concat(new[] { (a, b) }), Array.Empty<int>());
                        next.Add(MultigraphCanonicalizer.Canonicalize(grown));
                    }
                    for (int u = 0; u < n; u++)
                    {
                        if (loops) Add(u, u, n);
                        Add(u, n, n + 1); // to a new node
                        for (int v = u + 1; v < n; v++)
                        {
                            if (parallel || g.Multiplicity(u, v) == 0) Add(u, v, n);
                        }
                    }
                }
                layer = next;
            }
        }

        // Every ordered tuple of k distinct numbers below n.
        private static IEnumerable<int[]> Tuples(int n, int k)
        {
            if (k == 0)
            {
                yield return Array.Empty<int>();
                yield break;
            }
            foreach (var rest in Tuples(n, k - 1))
            {
                for (int v = 0; v < n; v++)
                {
                    if (Array.IndexOf(rest, v) < 0) yield return rest.Concat(new[] { v }).ToArray();
                }
            }
        }
    }
}
