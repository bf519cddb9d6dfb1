using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace TensorDsl.Language.Polynomials
{
    /// <summary>
    /// A basis element of the permutation-equivariant polynomials of a graph (Puny et al., ICML 2023): a multigraph H on
    /// node variables, some of them marked as outputs. Its value on an n×n adjacency X is the einsum with one operand X
    /// per edge: <c>a-b a-c a-d b-c c-d; out b d</c> is <c>P[b,d] = Σ_{a,c} X[a,b] X[a,c] X[a,d] X[b,c] X[c,d]</c>,
    /// i.e. <c>"ab,ac,ad,bc,cd-&gt;bd"</c>.
    /// </summary>
    /// <remarks>
    /// <para>The model, exactly:</para>
    /// <list type="bullet">
    /// <item>Nodes are einsum labels (one letter a-z or A-Z each), kept in ordinal character order; node number i is
    /// <c>Nodes[i]</c>. Every node is the endpoint of at least one edge (an isolated node has no operand to give it a
    /// size).</item>
    /// <item>Edges are undirected: X is the adjacency of an undirected graph (symmetric), so <c>X[a,b]</c> and
    /// <c>X[b,a]</c> are the same factor and the einsum writes each edge with its endpoints in node order. Parallel
    /// edges are allowed (a power <c>X[a,b]^k</c>); a self-loop <c>a-a</c> is allowed and is the diagonal entry
    /// <c>X[a,a]</c> (einsum operand <c>"aa"</c>).</item>
    /// <item>Marked nodes are the output indices, in output order (<c>out b d</c> is P[b,d], <c>out d b</c> its
    /// transpose). They are distinct. A polynomial basis element has 0 (invariant), 1 or 2 of them; the type itself
    /// allows more because pairwise intermediates of a contraction (<c>ab,ac-&gt;abc</c>) are graphs of this kind too.</item>
    /// </list>
    /// <para>Equality is by value: same node letters, same edge multiset, same marks. Isomorphism (renaming the nodes)
    /// is <see cref="MultigraphCanonicalizer"/>.</para>
    /// </remarks>
    public sealed record Multigraph
    {
        private Multigraph(string nodes, EquatableArray<GraphEdge> edges, EquatableArray<int> marked)
        {
            Nodes = nodes;
            Edges = edges;
            Marked = marked;
        }

        /// <summary>The node letters; node number i is <c>Nodes[i]</c>. Ordinal order, distinct.</summary>
        public string Nodes { get; }

        /// <summary>The edges in sorted order, a parallel edge once per copy.</summary>
        public EquatableArray<GraphEdge> Edges { get; }

        /// <summary>The marked (output) node numbers in output order.</summary>
        public EquatableArray<int> Marked { get; }

        /// <summary>Number of nodes.</summary>
        public int NodeCount => Nodes.Length;

        /// <summary>Number of edges counting multiplicity: the polynomial's degree in X.</summary>
        public int EdgeCount => Edges.Count;

        /// <summary>True when no node is marked: the polynomial is a permutation-invariant scalar.</summary>
        public bool IsInvariant => Marked.Count == 0;

        /// <summary>True when the graph has no self-loop and no parallel edge.</summary>
        public bool IsSimple
        {
            get
            {
                for (int k = 0; k < Edges.Count; k++)
                {
                    if (Edges[k].IsLoop || (k > 0 && Edges[k] == Edges[k - 1])) return false;
                }
                return true;
            }
        }

        /// <summary>True when every node is reachable from node 0 along edges.</summary>
        public bool IsConnected
        {
            get
            {
                var seen = new bool[NodeCount];
                var stack = new Stack<int>();
                stack.Push(0);
                seen[0] = true;
                int count = 1;
                while (stack.Count > 0)
                {
                    int v = stack.Pop();
                    foreach (var e in Edges)
                    {
                        if (e.U != v && e.V != v) continue;
                        int w = e.Other(v);
                        if (!seen[w])
                        {
                            seen[w] = true;
                            count++;
                            stack.Push(w);
                        }
                    }
                }
                return count == NodeCount;
            }
        }

        /// <summary>The node number of letter <paramref name="label"/>, or -1.</summary>
        public int NodeOf(char label) => Nodes.IndexOf(label);

        /// <summary>Whether node <paramref name="node"/> is marked.</summary>
        public bool IsMarked(int node) => Marked.Contains(node);

        /// <summary>The degree of <paramref name="node"/>: edge endpoints at it, a loop counting twice.</summary>
        public int Degree(int node)
        {
            int d = 0;
            foreach (var e in Edges)
            {
                if (e.U == node) d++;
                if (e.V == node) d++;
            }
            return d;
        }

        /// <summary>Copies of the edge between <paramref name="a"/> and <paramref name="b"/> (a loop when equal).</summary>
        public int Multiplicity(int a, int b)
        {
            var edge = GraphEdge.Between(a, b);
            return Edges.Count(e => e == edge);
        }

        /// <summary>
        /// Builds a multigraph, checking that the labels are distinct letters, every node has an edge, every edge
        /// endpoint and mark is a node, and the marks are distinct. Nodes are renumbered into ordinal letter order.
        /// </summary>
        /// <param name="nodes">One letter per node.</param>
        /// <param name="edges">Edges as pairs of node numbers (positions in <paramref name="nodes"/>), either order.</param>
        /// <param name="marked">Marked node numbers in output order.</param>
        /// <exception cref="ArgumentException">The graph breaks one of the rules above.</exception>
        public static Multigraph Create(string nodes, IEnumerable<(int A, int B)> edges, IEnumerable<int> marked)
        {
            if (nodes is null) throw new ArgumentNullException(nameof(nodes));
            var edgeList = (edges ?? throw new ArgumentNullException(nameof(edges))).ToList();
            var markList = (marked ?? throw new ArgumentNullException(nameof(marked))).ToList();
            for (int i = 0; i < nodes.Length; i++)
            {
                if (!Einsum.EinsumParser.IsLabel(nodes[i])) throw new ArgumentException($"Node name '{nodes[i]}' is not a letter a-z or A-Z", nameof(nodes));
                if (nodes.IndexOf(nodes[i]) < i) throw new ArgumentException($"Node name '{nodes[i]}' is used twice", nameof(nodes));
            }
            var used = new bool[nodes.Length];
            foreach (var (a, b) in edgeList)
            {
                if (a < 0 || a >= nodes.Length || b < 0 || b >= nodes.Length) throw new ArgumentException($"Edge ({a}, {b}) names a node outside 0..{nodes.Length - 1}", nameof(edges));
                used[a] = used[b] = true;
            }
            for (int i = 0; i < nodes.Length; i++)
            {
                if (!used[i]) throw new ArgumentException($"Node '{nodes[i]}' has no edge; every node of a polynomial's multigraph is an endpoint of an edge", nameof(edges));
            }
            for (int k = 0; k < markList.Count; k++)
            {
                int m = markList[k];
                if (m < 0 || m >= nodes.Length) throw new ArgumentException($"Marked node {m} is outside 0..{nodes.Length - 1}", nameof(marked));
                if (markList.IndexOf(m) < k) throw new ArgumentException($"Node '{nodes[m]}' is marked twice", nameof(marked));
            }

            // Renumber into ordinal letter order so that equal graphs written differently compare equal.
            var order = Enumerable.Range(0, nodes.Length).OrderBy(i => nodes[i], Comparer<char>.Create((x, y) => x.CompareTo(y))).ToArray();
            var newNumber = new int[nodes.Length];
            for (int k = 0; k < order.Length; k++) newNumber[order[k]] = k;
            string sortedNodes = new string(order.Select(i => nodes[i]).ToArray());
            var sortedEdges = edgeList.Select(e => GraphEdge.Between(newNumber[e.A], newNumber[e.B])).OrderBy(e => e).ToArray();
            var marks = markList.Select(m => newNumber[m]).ToArray();
            return new Multigraph(sortedNodes, new EquatableArray<GraphEdge>(sortedEdges), new EquatableArray<int>(marks));
        }

        /// <summary>The same graph with nodes named by <paramref name="names"/> (one letter per node, in node order).</summary>
        public Multigraph Rename(string names)
        {
            if (names is null || names.Length != NodeCount) throw new ArgumentException($"Give {NodeCount} node names", nameof(names));
            return Create(names, Edges.Select(e => (e.U, e.V)), Marked);
        }

        /// <summary>
        /// The einsum with one operand per edge, endpoints in node order, edges in sorted order, output = marked nodes:
        /// <c>"ab,ac,ad,bc,cd-&gt;bd"</c>. A loop is the operand <c>"aa"</c>.
        /// </summary>
        public string ToEinsum()
        {
            var sb = new StringBuilder();
            for (int k = 0; k < Edges.Count; k++)
            {
                if (k > 0) sb.Append(',');
                sb.Append(Nodes[Edges[k].U]).Append(Nodes[Edges[k].V]);
            }
            sb.Append("->");
            foreach (int m in Marked) sb.Append(Nodes[m]);
            return sb.ToString();
        }

        /// <summary>The edge-list form that <see cref="MultigraphParser.Parse"/> reads: <c>"a-b a-c a-d b-c c-d; out b d"</c>
        /// (no <c>out</c> clause for an invariant).</summary>
        public string ToEdgeList()
        {
            var sb = new StringBuilder();
            for (int k = 0; k < Edges.Count; k++)
            {
                if (k > 0) sb.Append(' ');
                sb.Append(Nodes[Edges[k].U]).Append('-').Append(Nodes[Edges[k].V]);
            }
            if (Marked.Count > 0)
            {
                sb.Append("; out");
                foreach (int m in Marked) sb.Append(' ').Append(Nodes[m]);
            }
            return sb.ToString();
        }

        /// <inheritdoc/>
        public override string ToString() => ToEinsum();
    }
}
