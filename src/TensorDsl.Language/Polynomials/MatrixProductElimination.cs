using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Language.Polynomials
{
    /// <summary>What one elimination step of <see cref="MatrixProductElimination"/> computes.</summary>
    public enum EliminationKind
    {
        /// <summary>The node has no other neighbour: Σ_v d[v], a scalar factor (d: the product of its vector factors, or 1).</summary>
        Sum,
        /// <summary>One neighbour u: Σ_v M[u,v] d[v], a matrix-vector product giving a vector factor on u.</summary>
        MatrixVector,
        /// <summary>Two neighbours u, w: Σ_v A[u,v] d[v] B[v,w], a matrix product giving an edge factor u–w, multiplied
        /// elementwise into an existing u–w factor.</summary>
        MatrixProduct,
    }

    /// <summary>One step: <see cref="Node"/> is summed out.</summary>
    /// <param name="Node">The eliminated node (a node number of the analysed graph).</param>
    /// <param name="Kind">What the step computes.</param>
    /// <param name="First">The neighbour u (MatrixVector, MatrixProduct), else -1.</param>
    /// <param name="Second">The neighbour w (MatrixProduct), else -1.</param>
    public sealed record EliminationStep(int Node, EliminationKind Kind, int First, int Second);

    /// <summary>The outcome of <see cref="MatrixProductElimination.Analyze"/>.</summary>
    /// <param name="IsComputable">True when elimination reduced the graph to its marked nodes.</param>
    /// <param name="Steps">The steps taken, in order.</param>
    /// <param name="StuckNodes">Unmarked nodes left when no rule applies (each has three or more distinct neighbours); empty
    /// when computable.</param>
    public sealed record EliminationResult(bool IsComputable, EquatableArray<EliminationStep> Steps, EquatableArray<int> StuckNodes);

    /// <summary>
    /// Decides whether a basis element is computable by a matrix-product network (PPGN: products and elementwise
    /// products of n×n matrices, diagonals, vector and scalar sums) by node elimination — the criterion docs/design.md §6.4 applies
    /// to list the degree ≤ 6 elements PPGN cannot compute (Puny et al., ICML 2023).
    /// </summary>
    /// <remarks>
    /// <para>The state is a set of factors on the remaining nodes: one matrix per pair of adjacent nodes (parallel edges
    /// are one matrix, their elementwise product X∘X∘…), one vector per node (self-loops: diag(X) and powers of it, and
    /// results of earlier steps; absent means 1). Rules, for an <b>unmarked</b> node v, its degree being its number of
    /// distinct neighbours:</para>
    /// <list type="bullet">
    /// <item>degree 0: Σ_v d[v] — a scalar (<see cref="EliminationKind.Sum"/>);</item>
    /// <item>degree 1, neighbour u: Σ_v M[u,v] d[v] — a vector on u (<see cref="EliminationKind.MatrixVector"/>);</item>
    /// <item>degree 2, neighbours u, w: Σ_v A[u,v] d[v] B[v,w] = (A diag(d) B)[u,w] — a new u–w matrix, multiplied
    /// elementwise into an existing u–w matrix (<see cref="EliminationKind.MatrixProduct"/>).</item>
    /// </list>
    /// <para>The graph is computable when only marked nodes remain: the value is then a scalar, a vector, or (two marked
    /// nodes p, q) M[p,q]·d[p]·e[q], with M the all-ones matrix when p and q are not adjacent, which happens only for a
    /// disconnected graph. A node with three or more distinct neighbours needs a three-index intermediate, which a
    /// matrix network does not hold. No step raises another node's degree (v's two edges become one between its
    /// neighbours), so a node that can be eliminated stays so: the order does not matter and the greedy order below
    /// (lowest node number first) decides computability.</para>
    /// </remarks>
    public static class MatrixProductElimination
    {
        /// <summary>Eliminates unmarked nodes of degree ≤ 2 until none is left or none applies.</summary>
        public static EliminationResult Analyze(Multigraph graph)
        {
            if (graph is null) throw new ArgumentNullException(nameof(graph));
            int n = graph.NodeCount;
            var alive = Enumerable.Repeat(true, n).ToArray();
            // adjacent[u][v]: a matrix factor joins u and v (u != v).
            var adjacent = new bool[n, n];
            foreach (var e in graph.Edges)
            {
                if (e.IsLoop) continue;
                adjacent[e.U, e.V] = adjacent[e.V, e.U] = true;
            }
            List<int> Neighbours(int v) => Enumerable.Range(0, n).Where(w => alive[w] && adjacent[v, w]).ToList();

            var steps = new List<EliminationStep>();
            while (true)
            {
                int chosen = -1;
                List<int>? around = null;
                for (int v = 0; v < n && chosen < 0; v++)
                {
                    if (!alive[v] || graph.IsMarked(v)) continue;
                    var nb = Neighbours(v);
                    if (nb.Count <= 2)
                    {
                        chosen = v;
                        around = nb;
                    }
                }
                if (chosen < 0) break;
                alive[chosen] = false;
                switch (around!.Count)
                {
                    case 0:
                        steps.Add(new EliminationStep(chosen, EliminationKind.Sum, -1, -1));
                        break;
                    case 1:
                        steps.Add(new EliminationStep(chosen, EliminationKind.MatrixVector, around[0], -1));
                        break;
                    default:
                        adjacent[around[0], around[1]] = adjacent[around[1], around[0]] = true;
                        steps.Add(new EliminationStep(chosen, EliminationKind.MatrixProduct, around[0], around[1]));
                        break;
                }
            }
            var stuck = Enumerable.Range(0, n).Where(v => alive[v] && !graph.IsMarked(v)).ToArray();
            return new EliminationResult(stuck.Length == 0, new EquatableArray<EliminationStep>(steps.ToArray()), new EquatableArray<int>(stuck));
        }

        /// <summary>True when <see cref="Analyze"/> reduces <paramref name="graph"/> to its marked nodes.</summary>
        public static bool IsComputable(Multigraph graph) => Analyze(graph).IsComputable;
    }
}
