using System;
using System.Linq;

namespace TensorDsl.Benchmarks.Peers
{
    /// <summary>
    /// The naive peer of a graph polynomial: one loop over every assignment of the node variables (n^nodes points), the
    /// product of x over the edges added into p at the marked nodes. Scalar, row-major, the loop a person writes first.
    /// </summary>
    public sealed class NaivePolynomial
    {
        private readonly int[] _edgeU, _edgeV, _marked;
        private readonly int _nodes;

        /// <param name="einsum">The polynomial as an explicit einsum with two subscripts per operand.</param>
        public NaivePolynomial(string einsum)
        {
            int arrow = einsum.IndexOf("->", StringComparison.Ordinal);
            var edges = einsum.Substring(0, arrow).Split(',');
            string output = einsum.Substring(arrow + 2);
            string nodes = new string(edges.SelectMany(e => e).Concat(output).Distinct().ToArray());
            _nodes = nodes.Length;
            _edgeU = edges.Select(e => nodes.IndexOf(e[0])).ToArray();
            _edgeV = edges.Select(e => nodes.IndexOf(e[1])).ToArray();
            _marked = output.Select(c => nodes.IndexOf(c)).ToArray();
        }

        /// <summary>Number of points of the full loop for n × n adjacency.</summary>
        public double Points(int n) => Math.Pow(n, _nodes);

        /// <summary>
        /// Runs the first <paramref name="points"/> points of the loop (in row-major order of the node variables; all of them
        /// when it is at least <see cref="Points"/>), adding into <paramref name="p"/>, which is cleared first. Every point
        /// costs the same, so the full loop's time is this time divided by points / Points(n).
        /// </summary>
        public void Run(float[] x, int n, float[] p, long points)
        {
            Array.Clear(p);
            var index = new int[_nodes];
            int m = _edgeU.Length;
            for (long point = 0; point < points; point++)
            {
                float product = 1;
                for (int e = 0; e < m; e++) product *= x[index[_edgeU[e]] * n + index[_edgeV[e]]];
                int target = 0;
                for (int a = 0; a < _marked.Length; a++) target = target * n + index[_marked[a]];
                p[target] += product;
                for (int d = _nodes - 1; d >= 0; d--)
                {
                    if (++index[d] < n) break;
                    if (d == 0) return;
                    index[d] = 0;
                }
            }
        }
    }
}
