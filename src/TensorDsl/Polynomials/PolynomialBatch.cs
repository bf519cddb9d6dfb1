using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using TensorDsl.Language.Planning;
using TensorDsl.Language.Polynomials;

namespace TensorDsl.Polynomials
{
    /// <summary>
    /// Evaluates many equivariant graph polynomials (multigraph basis elements) on one symmetric n×n adjacency X,
    /// computing every intermediate they share once.
    /// </summary>
    /// <remarks>
    /// <para>Each polynomial is planned with <see cref="ContractionPlanner"/> (every index of size n). Every tensor of a plan —
    /// an input X[a,b] or diag(X)[a] (a self-loop), and the result of each pairwise step — is the value of a sub-multigraph
    /// (the edges it has multiplied in) whose marked nodes are its axes in order; its key is that graph's canonical form
    /// (<see cref="MultigraphCanonicalizer"/>). Isomorphic keys have equal values, so each key is computed once per
    /// <see cref="Evaluate(ReadOnlySpan{double})"/>: <c>ab,bc-&gt;ac</c> (X²) is computed once for every polynomial
    /// whose plan multiplies X by X, whichever letters it uses.</para>
    /// <para>X must be symmetric (the model is an undirected graph: X[a,b] and X[b,a] are one edge); a non-symmetric X is
    /// rejected. Results are row-major: a scalar has length 1, a vector n, a matrix n² with P[p,q] at p·n + q in the
    /// order of the marked nodes.</para>
    /// </remarks>
    public sealed class PolynomialBatch
    {
        private readonly List<Node> _nodes = new List<Node>();
        private readonly int[] _resultNode;

        /// <summary>Plans <paramref name="polynomials"/> for an <paramref name="n"/>×<paramref name="n"/> adjacency.</summary>
        /// <exception cref="ArgumentException">A polynomial has more than two marked nodes, or n is below 1.</exception>
        public PolynomialBatch(IEnumerable<Multigraph> polynomials, int n)
        {
            ArgumentNullException.ThrowIfNull(polynomials);
            if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "The adjacency is n×n with n >= 1");
            N = n;
            Polynomials = polynomials.ToList();
            var byKey = new Dictionary<Multigraph, int>();
            _resultNode = new int[Polynomials.Count];
            for (int p = 0; p < Polynomials.Count; p++)
            {
                var graph = Polynomials[p] ?? throw new ArgumentException($"Polynomial {p} is null", nameof(polynomials));
                if (graph.Marked.Count > MultigraphParser.MaxMarkedNodes)
                {
                    throw new ArgumentException($"Polynomial {p} \"{graph.ToEinsum()}\" has {graph.Marked.Count} marked nodes; a basis element has 0, 1 or 2", nameof(polynomials));
                }
                _resultNode[p] = PlanOne(graph, byKey);
            }
        }

        /// <summary>Plans polynomials given as einsums (<c>"ab,bc-&gt;ac"</c>) or edge lists (<c>"a-b b-c; out a c"</c>).</summary>
        /// <exception cref="ArgumentException">A spec is invalid (the message carries the TDSL diagnostic).</exception>
        public PolynomialBatch(IEnumerable<string> specs, int n)
            : this((specs ?? throw new ArgumentNullException(nameof(specs))).Select(ParseSpec).ToList(), n)
        {
        }

        /// <summary>The size of X (n×n).</summary>
        public int N { get; }

        /// <summary>The polynomials, in the order of the results.</summary>
        public IReadOnlyList<Multigraph> Polynomials { get; }

        /// <summary>Pairwise steps and final reductions of the individual plans together (what evaluating one by one runs).</summary>
        public int PlannedSteps { get; private set; }

        /// <summary>Distinct computed tensors (steps and reductions) after sharing: at most <see cref="PlannedSteps"/>.</summary>
        public int ComputedSteps => _nodes.Count(node => node.Kind == NodeKind.Step);

        /// <summary>The planner's FLOPs of all the individual plans together.</summary>
        public double PlannedFlops { get; private set; }

        /// <summary>The FLOPs left after sharing (each distinct step counted once).</summary>
        public double ComputedFlops => _nodes.Where(node => node.Kind == NodeKind.Step).Sum(node => node.Flops);

        /// <summary>Evaluates every polynomial on the row-major n×n <paramref name="x"/> in double precision.</summary>
        /// <exception cref="ArgumentException"><paramref name="x"/> is not n×n or not symmetric.</exception>
        public double[][] Evaluate(ReadOnlySpan<double> x) => Run(x);

        /// <summary>Evaluates every polynomial on the row-major n×n <paramref name="x"/> in single precision.</summary>
        /// <exception cref="ArgumentException"><paramref name="x"/> is not n×n or not symmetric.</exception>
        public float[][] Evaluate(ReadOnlySpan<float> x) => Run(x);

        private static Multigraph ParseSpec(string spec)
        {
            var result = MultigraphParser.ParseAny(spec ?? throw new ArgumentNullException(nameof(spec)));
            if (result.Graph is not null) return result.Graph;
            var d = result.Diagnostics[0];
            throw new ArgumentException($"{d.Id}: {d.Message} (in \"{spec}\" at {d.Start})", nameof(spec));
        }

        private T[][] Run<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
        {
            int n = N;
            if (x.Length != n * n) throw new ArgumentException($"X has {x.Length} elements but the batch was planned for n = {n} (n×n = {n * n})", nameof(x));
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    if (x[i * n + j] != x[j * n + i])
                    {
                        throw new ArgumentException($"X is not symmetric: X[{i},{j}] = {x[i * n + j]} but X[{j},{i}] = {x[j * n + i]}; a graph polynomial's multigraph is undirected", nameof(x));
                    }
                }
            }
            var matrix = x.ToArray();
            var values = new T[_nodes.Count][];
            for (int k = 0; k < _nodes.Count; k++)
            {
                var node = _nodes[k];
                values[k] = node.Kind switch
                {
                    NodeKind.Matrix => matrix,
                    NodeKind.Diagonal => Enumerable.Range(0, n).Select(i => matrix[i * n + i]).ToArray(),
                    _ => DenseContraction.Contract(values[node.Left], node.LeftLabels, node.Right < 0 ? null : values[node.Right],
                        node.Right < 0 ? null : node.RightLabels, node.ResultLabels, n),
                };
            }
            return _resultNode.Select(k => (T[])values[k].Clone()).ToArray();
        }

        // Adds the plan of one polynomial; returns the node holding its value with axes in output order.
        private int PlanOne(Multigraph graph, Dictionary<Multigraph, int> byKey)
        {
            var (inputs, output) = PolynomialCosts.PlannerOperands(graph);
            var path = PolynomialCosts.Plan(graph, N).Path;
            // The current operand list, as the planner's linear path sees it: labels, covered edges, node.
            var operands = new List<(string Labels, List<int> Edges, int Node)>();
            for (int e = 0; e < inputs.Length; e++)
            {
                var edge = graph.Edges[e];
                bool loop = edge.IsLoop;
                string labels = loop ? inputs[e].Substring(0, 1) : inputs[e];
                var key = Key(graph, new List<int> { e }, labels);
                operands.Add((labels, new List<int> { e }, Intern(byKey, key, () => new Node(loop ? NodeKind.Diagonal : NodeKind.Matrix, -1, -1, "", "", labels, 0))));
            }
            foreach (var step in path.Steps)
            {
                var left = operands[step.Left];
                var right = operands[step.Right];
                operands.RemoveAt(step.Right);
                operands.RemoveAt(step.Left);
                var edges = left.Edges.Concat(right.Edges).ToList();
                var key = Key(graph, edges, step.ResultLabels);
                PlannedSteps++;
                PlannedFlops += step.Flops;
                int node = Intern(byKey, key, () => new Node(NodeKind.Step, left.Node, right.Node, left.Labels, right.Labels, step.ResultLabels, step.Flops));
                operands.Add((step.ResultLabels, edges, node));
            }
            var last = operands.Single();
            if (last.Labels == output) return last.Node;
            // No step left the output as is: a single edge summed or a transpose. One more (unary) step.
            var sizes = graph.Nodes.ToDictionary(c => c, _ => (long)N);
            double flops = ContractionPlanner.StepFlops(last.Labels, "", output, sizes);
            PlannedSteps++;
            PlannedFlops += flops;
            return Intern(byKey, Key(graph, last.Edges, output), () => new Node(NodeKind.Step, last.Node, -1, last.Labels, "", output, flops));
        }

        private int Intern(Dictionary<Multigraph, int> byKey, Multigraph key, Func<Node> create)
        {
            if (byKey.TryGetValue(key, out int existing)) return existing;
            _nodes.Add(create());
            byKey[key] = _nodes.Count - 1;
            return _nodes.Count - 1;
        }

        // The canonical sub-multigraph of the given edges with the given labels as its marked nodes in order.
        private static Multigraph Key(Multigraph graph, List<int> edges, string labels)
        {
            var used = new List<int>();
            foreach (int e in edges)
            {
                if (!used.Contains(graph.Edges[e].U)) used.Add(graph.Edges[e].U);
                if (!used.Contains(graph.Edges[e].V)) used.Add(graph.Edges[e].V);
            }
            string names = new string(used.Select(v => graph.Nodes[v]).ToArray());
            var sub = Multigraph.Create(names, edges.Select(e => (used.IndexOf(graph.Edges[e].U), used.IndexOf(graph.Edges[e].V))),
                labels.Select(c => names.IndexOf(c)));
            return MultigraphCanonicalizer.Canonicalize(sub);
        }

        private enum NodeKind
        {
            Matrix,
            Diagonal,
            Step,
        }

        // One computed tensor: an input (X or its diagonal) or a contraction of earlier nodes.
        private sealed record Node(NodeKind Kind, int Left, int Right, string LeftLabels, string RightLabels, string ResultLabels, double Flops);
    }
}
