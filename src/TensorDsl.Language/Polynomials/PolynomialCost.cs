using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Planning;

namespace TensorDsl.Language.Polynomials
{
    /// <summary>The cost of evaluating a basis element on an n×n adjacency, with every index of size n.</summary>
    /// <param name="Path">The contraction planner's pairwise path for size <c>n</c>.</param>
    /// <param name="PlannerExponent">The planner's FLOPs as a power of n: the most distinct indices one pairwise step
    /// loops over (the leading term of the path's FLOP count).</param>
    /// <param name="NaiveExponent">One loop nest over every node: n^(nodes).</param>
    public sealed record PolynomialCost(ContractionPath Path, int PlannerExponent, int NaiveExponent);

    /// <summary>Plans a basis element with <see cref="ContractionPlanner"/> and reads its cost as a power of n.</summary>
    public static class PolynomialCosts
    {
        /// <summary>The planner's operands for <paramref name="graph"/>: one label pair per edge (<c>"aa"</c> for a loop)
        /// and the marked nodes as the output.</summary>
        public static (string[] Inputs, string Output) PlannerOperands(Multigraph graph)
        {
            if (graph is null) throw new ArgumentNullException(nameof(graph));
            var inputs = graph.Edges.Select(e => new string(new[] { graph.Nodes[e.U], graph.Nodes[e.V] })).ToArray();
            string output = new string(graph.Marked.Select(m => graph.Nodes[m]).ToArray());
            return (inputs, output);
        }

        /// <summary>Plans <paramref name="graph"/> with every index of size <paramref name="n"/>.</summary>
        /// <param name="graph">The basis element.</param>
        /// <param name="n">The size of every index.</param>
        /// <param name="strategy">The planner's search. The default, dynamic programming over operand subsets, finds the same
        /// minimum FLOPs as the exhaustive search (both are exact) at a fraction of its cost for 6 operands, which matters
        /// when hundreds of elements are planned at once (<c>PolynomialBatch</c>).</param>
        public static PolynomialCost Plan(Multigraph graph, long n, PlannerStrategy strategy = PlannerStrategy.DynamicProgramming)
        {
            var (inputs, output) = PlannerOperands(graph);
            var sizes = graph.Nodes.ToDictionary(c => c, _ => n);
            var path = ContractionPlanner.Plan(inputs, output, sizes, strategy: strategy);
            int exponent = path.Steps.Count == 0
                ? graph.NodeCount
                : path.Steps.Max(s => s.LeftLabels.Concat(s.RightLabels).Distinct().Count());
            return new PolynomialCost(path, exponent, graph.NodeCount);
        }

        /// <summary>
        /// The planner's FLOPs as a power of n measured, not read off the path: log₂ of the ratio of the FLOP counts the
        /// planner reports at <paramref name="n"/> and 2·<paramref name="n"/> (the leading exponent when n is large).
        /// </summary>
        public static double MeasuredExponent(Multigraph graph, long n)
        {
            double f1 = Plan(graph, n).Path.Flops;
            double f2 = Plan(graph, 2 * n).Path.Flops;
            return Math.Log(f2 / f1, 2);
        }
    }
}
