using System.Linq;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Generators.Emit.Polynomials
{
    /// <summary>The multigraph of a polynomial einsum, for the generated header: its nodes, its edges and its marked nodes.</summary>
    /// <param name="Nodes">Node letters in order of first appearance.</param>
    /// <param name="Edges">One "u-v" per operand, in operand order (a repeated edge is a multi-edge, "a-a" a self-loop).</param>
    /// <param name="Marked">The marked (output) nodes, in p's axis order.</param>
    internal sealed record PolynomialGraph(string Nodes, string[] Edges, string Marked)
    {
        /// <summary>The graph of <paramref name="einsum"/>, an explicit einsum with two subscripts per operand.</summary>
        public static PolynomialGraph FromEinsum(string einsum)
        {
            var spec = EinsumParser.ParseOrThrow(einsum);
            return new PolynomialGraph(spec.Labels, spec.Inputs.Select(s => $"{s.Labels[0]}-{s.Labels[1]}").ToArray(), spec.Output.Labels);
        }
    }
}
