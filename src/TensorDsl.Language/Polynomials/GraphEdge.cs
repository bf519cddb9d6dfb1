using System;

namespace TensorDsl.Language.Polynomials
{
    /// <summary>
    /// One undirected edge of a <see cref="Multigraph"/>, between node numbers <see cref="U"/> &lt;= <see cref="V"/>.
    /// <see cref="U"/> == <see cref="V"/> is a self-loop: the factor X_aa, a diagonal entry of the adjacency.
    /// A multigraph lists a parallel edge once per copy.
    /// </summary>
    /// <param name="U">The smaller endpoint (a node number).</param>
    /// <param name="V">The larger endpoint; equal to <paramref name="U"/> for a self-loop.</param>
    public sealed record GraphEdge(int U, int V) : IComparable<GraphEdge>
    {
        /// <summary>An edge between <paramref name="a"/> and <paramref name="b"/>, endpoints in either order.</summary>
        public static GraphEdge Between(int a, int b) => a <= b ? new GraphEdge(a, b) : new GraphEdge(b, a);

        /// <summary>True for a self-loop (both endpoints the same node).</summary>
        public bool IsLoop => U == V;

        /// <summary>The endpoint that is not <paramref name="node"/> (the node itself for a loop).</summary>
        public int Other(int node) => node == U ? V : U;

        /// <inheritdoc/>
        public int CompareTo(GraphEdge? other)
        {
            if (other is null) return 1;
            int c = U.CompareTo(other.U);
            return c != 0 ? c : V.CompareTo(other.V);
        }
    }
}
