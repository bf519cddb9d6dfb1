using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Language.Polynomials
{
    /// <summary>
    /// Canonical forms of <see cref="Multigraph"/>s: two graphs are isomorphic (a renaming of nodes that maps edges to
    /// edges with their multiplicities and the k-th marked node to the k-th marked node) exactly when their canonical
    /// forms are equal.
    /// </summary>
    /// <remarks>
    /// Brute force with pruning, exact: marked nodes take the first positions in output order; the other nodes are split
    /// into cells by colour refinement (degree, loops, then repeatedly the multiset of neighbours' colours — an
    /// isomorphism-invariant order), and every order within the cells is tried, keeping the one whose multiplicity
    /// matrix, read column by column over the upper triangle, is lexicographically largest; a partial order whose code
    /// already falls below the best is abandoned. The cost grows with the factorial of the largest cell, which is
    /// trivial for polynomial graphs (≤ 7 nodes) and fine up to about 10 nodes.
    /// </remarks>
    public static class MultigraphCanonicalizer
    {
        /// <summary>Node names of canonical forms: position i is named <c>CanonicalNames[i]</c>.</summary>
        public const string CanonicalNames = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

        /// <summary>
        /// The canonical representative of <paramref name="graph"/>'s isomorphism class: nodes named a, b, c, … in
        /// canonical order, the marked nodes first (so a polynomial with outputs has output <c>ab</c> or <c>a</c>).
        /// </summary>
        public static Multigraph Canonicalize(Multigraph graph) => Canonicalize(graph, out _);

        /// <summary>As <see cref="Canonicalize(Multigraph)"/>, also giving the canonical position of each node of
        /// <paramref name="graph"/>.</summary>
        public static Multigraph Canonicalize(Multigraph graph, out int[] positionOfNode)
        {
            if (graph is null) throw new ArgumentNullException(nameof(graph));
            int n = graph.NodeCount;
            var m = new int[n, n];
            foreach (var e in graph.Edges)
            {
                m[e.U, e.V]++;
                if (e.U != e.V) m[e.V, e.U]++;
            }
            var order = BestOrder(m, graph.Marked.ToArray());
            positionOfNode = new int[n];
            for (int p = 0; p < n; p++) positionOfNode[order[p]] = p;
            var pos = positionOfNode;
            return Multigraph.Create(CanonicalNames.Substring(0, n), graph.Edges.Select(e => (pos[e.U], pos[e.V])), graph.Marked.Select(v => pos[v]));
        }

        /// <summary>True when the graphs are isomorphic respecting the marked nodes in order.</summary>
        public static bool AreIsomorphic(Multigraph a, Multigraph b)
        {
            if (a is null) throw new ArgumentNullException(nameof(a));
            if (b is null) throw new ArgumentNullException(nameof(b));
            if (a.NodeCount != b.NodeCount || a.EdgeCount != b.EdgeCount || a.Marked.Count != b.Marked.Count) return false;
            return Canonicalize(a) == Canonicalize(b);
        }

        /// <summary>The canonical einsum text of <paramref name="graph"/> (a string key for dictionaries and reports).</summary>
        public static string CanonicalEinsum(Multigraph graph) => Canonicalize(graph).ToEinsum();

        // order[p] = the node at canonical position p.
        private static int[] BestOrder(int[,] m, int[] marked)
        {
            int n = m.GetLength(0);
            var colour = Refine(m, marked);
            var free = Enumerable.Range(0, n).Where(v => Array.IndexOf(marked, v) < 0).OrderBy(v => colour[v]).ToArray();
            // The cell (colour) each free position must be filled from.
            var cellOfPosition = new int[n];
            for (int p = 0; p < n; p++) cellOfPosition[p] = p < marked.Length ? -1 : colour[free[p - marked.Length]];

            var current = new int[n];
            var used = new bool[n];
            for (int k = 0; k < marked.Length; k++)
            {
                current[k] = marked[k];
                used[marked[k]] = true;
            }
            int codeLength = n * (n + 1) / 2;
            var code = new int[codeLength];
            var best = new int[codeLength];
            int[]? bestOrder = null;
            // Column p of the upper triangle occupies code[p(p+1)/2 .. p(p+1)/2 + p].
            int Offset(int p) => p * (p + 1) / 2;

            // Prefix comparison against the best code so far (which may change while a branch is searched).
            int Compare(int length)
            {
                for (int i = 0; i < length; i++)
                {
                    if (code[i] != best[i]) return code[i].CompareTo(best[i]);
                }
                return 0;
            }

            void Search(int p)
            {
                if (p == n)
                {
                    if (bestOrder is null || Compare(codeLength) > 0)
                    {
                        bestOrder = (int[])current.Clone();
                        Array.Copy(code, best, codeLength);
                    }
                    return;
                }
                int off = Offset(p);
                for (int v = 0; v < n; v++)
                {
                    if (used[v] || colour[v] != cellOfPosition[p]) continue;
                    current[p] = v;
                    for (int i = 0; i <= p; i++) code[off + i] = m[current[i], v];
                    if (bestOrder is not null && Compare(off + p + 1) < 0) continue; // below the best already
                    used[v] = true;
                    Search(p + 1);
                    used[v] = false;
                }
            }

            if (marked.Length == n)
            {
                return (int[])current.Clone();
            }
            // Fill the code of the marked prefix, then search the free positions.
            for (int p = 0; p < marked.Length; p++)
            {
                for (int i = 0; i <= p; i++) code[Offset(p) + i] = m[current[i], current[p]];
            }
            Search(marked.Length);
            return bestOrder!;
        }

        // Colour refinement: an isomorphism-invariant colour per node (equal colours: possibly equivalent nodes).
        private static int[] Refine(int[,] m, int[] marked)
        {
            int n = m.GetLength(0);
            var signature = new string[n];
            for (int v = 0; v < n; v++)
            {
                int degree = 0;
                for (int w = 0; w < n; w++) degree += w == v ? 2 * m[v, w] : m[v, w];
                signature[v] = $"{Array.IndexOf(marked, v)}|{degree}|{m[v, v]}";
            }
            var colour = Rank(signature);
            int classes = colour.Distinct().Count();
            while (true)
            {
                for (int v = 0; v < n; v++)
                {
                    var neighbours = Enumerable.Range(0, n).Where(w => w != v && m[v, w] > 0)
                        .Select(w => (colour[w], m[v, w])).OrderBy(t => t.Item1).ThenBy(t => t.Item2)
                        .Select(t => $"{t.Item1}x{t.Item2}");
                    signature[v] = $"{colour[v]}|{string.Join(",", neighbours)}";
                }
                var next = Rank(signature);
                int nextClasses = next.Distinct().Count();
                colour = next;
                if (nextClasses == classes) return colour;
                classes = nextClasses;
            }
        }

        // Ranks of the signatures in ordinal order: equal signatures, equal ranks.
        private static int[] Rank(string[] signature)
        {
            var sorted = signature.Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
            return signature.Select(s => sorted.IndexOf(s)).ToArray();
        }
    }
}
