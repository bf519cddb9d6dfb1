using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Language.Planning
{
    /// <summary>
    /// Decides how an einsum runs. Index sizes are only known at run time, so the contraction order is chosen at build
    /// time for the <c>[Dim]</c> sizes where given and <see cref="DefaultPlanningSize"/> for every other index: with equal
    /// sizes the cheapest path is the one with the lowest polynomial degree, which is the right order for the
    /// common cases (chains, attention, graph polynomials) whatever the actual sizes.
    /// </summary>
    public static partial class ExecutionPlanner
    {
        /// <summary>The size assumed for an index without a <c>[Dim]</c> when choosing the contraction order.</summary>
        public const long DefaultPlanningSize = 128;

        /// <summary>Plans <paramref name="spec"/>.</summary>
        public static ExecutionPlan Plan(EinsumSpec spec, EquatableArray<StaticDim> dims)
        {
            int m = spec.Inputs.Count;
            var sizes = spec.Labels.ToDictionary(c => c, c => dims.FirstOrDefault(d => d.Index[0] == c)?.Size ?? DefaultPlanningSize);
            string planningSizes = string.Join(" ", spec.Labels.Select(c => $"{c}={sizes[c]}"));

            if (spec.InputsHaveEllipsis || spec.Output.HasEllipsis)
            {
                return Direct(spec, planningSizes, "'...' broadcasting: one loop nest over the broadcast positions and every index");
            }
            var inputs = spec.Inputs.Select(s => Distinct(s.Labels)).ToList();
            if (m == 1)
            {
                return Direct(spec, planningSizes, "one operand: a single loop nest");
            }
            if (m == 2)
            {
                var step = Classify(inputs[0], inputs[1], 0, 1, m, spec.Output.Labels, isOutput: true, sizes);
                return step.Kind == StepKind.Gemm
                    ? new ExecutionPlan(new EquatableArray<PlanStep>(new[] { step }), EquatableArray<string>.Empty, planningSizes, "a (batched) matrix product: packed GEMM")
                    : Direct(spec, planningSizes, "two operands that do not form a matrix product: a single loop nest");
            }

            var path = ContractionPlanner.Plan(inputs, spec.Output.Labels, sizes);
            if (path.Steps.Count == 0) return Direct(spec, planningSizes, "no pairwise path fits: a single loop nest");

            var (steps, intermediates) = Replay(path, inputs, spec.Output.Labels, sizes, m, layouts: null);
            // A loop nest can write its result in any axis order, a GEMM can sum in any order and write its result
            // transposed: choose these together (ExecutionPlanner.Layouts.cs) so that loop nests run vectorized and GEMMs
            // pack their operands along unit strides. "ab,ba->ab" after a GEMM that wrote t[b,a] would read t with a
            // stride of n in its vector loop; written as t[a,b] it reads unit strides.
            var (layouts, kOrders, swaps) = ChooseLayouts(path, inputs, spec.Output.Labels, sizes, m, steps);
            (steps, intermediates) = Replay(path, inputs, spec.Output.Labels, sizes, m, layouts, swaps, kOrders);
            string reason = $"{m} operands contracted pairwise in {path.Strategy} order ({path.Flops:g4} FLOPs at the planning sizes)";
            return new ExecutionPlan(new EquatableArray<PlanStep>(steps.ToArray()), new EquatableArray<string>(intermediates.ToArray()), planningSizes, reason);
        }

        // Replays the path over tensor ids; intermediates get ids m+1, m+2, ... An intermediate that a loop nest writes takes
        // its axis order from layouts when given there.
        private static (List<PlanStep> Steps, List<string> Intermediates) Replay(ContractionPath path, List<string> inputs, string output,
            IReadOnlyDictionary<char, long> sizes, int m, Dictionary<int, string>? layouts, HashSet<int>? swaps = null, Dictionary<int, string>? kOrders = null)
        {
            var live = Enumerable.Range(0, m).ToList();
            var labelsOf = new Dictionary<int, string>();
            for (int i = 0; i < m; i++) labelsOf[i] = inputs[i];
            var steps = new List<PlanStep>();
            var intermediates = new List<string>();
            for (int s = 0; s < path.Steps.Count; s++)
            {
                var p = path.Steps[s];
                int left = live[p.Left], right = live[p.Right];
                bool last = s == path.Steps.Count - 1;
                int result = last ? m : m + 1 + intermediates.Count;
                string? layout = layouts is not null && layouts.TryGetValue(result, out var l) ? l : null;
                string? kOrder = kOrders is not null && kOrders.TryGetValue(result, out var k) ? k : null;
                bool swap = swaps is not null && swaps.Contains(result);
                var step = swap
                    ? Classify(labelsOf[right], labelsOf[left], right, left, result, last ? output : p.ResultLabels, isOutput: last, sizes, layout, unitColumnStores: true, kOrder)
                    : Classify(labelsOf[left], labelsOf[right], left, right, result, last ? output : p.ResultLabels, isOutput: last, sizes, layout, unitColumnStores: true, kOrder);
                if (!last) intermediates.Add(step.ResultLabels);
                labelsOf[result] = step.ResultLabels;
                steps.Add(step);
                live.RemoveAt(p.Right);
                live.RemoveAt(p.Left);
                live.Add(result);
            }
            return (steps, intermediates);
        }

        /// <summary>
        /// Classifies the contraction of tensors <paramref name="a"/> and <paramref name="b"/> into a result with indices
        /// <paramref name="kept"/>. It is a GEMM when every index is a batch (in both and the result), row (in a and the
        /// result), column (in b and the result) or summed (in both, not the result) index, and it has at least one row,
        /// column and summed index; otherwise (e.g. an index summed within one operand alone) it is a loop nest.
        /// </summary>
        /// <param name="a">Distinct labels of the first operand.</param>
        /// <param name="b">Distinct labels of the second operand.</param>
        /// <param name="aId">Tensor id of the first operand.</param>
        /// <param name="bId">Tensor id of the second operand.</param>
        /// <param name="resultId">Tensor id of the result.</param>
        /// <param name="kept">The result's labels.</param>
        /// <param name="isOutput">True when the result is the output: its axis order is the spec's. An intermediate is
        /// laid out batch, rows, columns instead, so that a GEMM writes it with unit stride.</param>
        /// <param name="sizes">Planning sizes.</param>
        /// <param name="layout">For an intermediate that a loop nest writes: its axis order, when the consumer prefers one
        /// (ignored unless it is an order of exactly the result's labels).</param>
        /// <param name="unitColumnStores">Swap the operands of a GEMM whose output's last axis would be a row index (see
        /// below). Only for pairwise paths: the two-operand GPU GEMM kernels take the operands in spec order.</param>
        /// <param name="kOrder">For a GEMM: the order of its summed labels, when the layout search chose one (ignored unless
        /// it is an order of exactly the summed labels); otherwise their order in <paramref name="a"/>.</param>
        public static PlanStep Classify(string a, string b, int aId, int bId, int resultId, string kept, bool isOutput, IReadOnlyDictionary<char, long> sizes, string? layout = null, bool unitColumnStores = false, string? kOrder = null)
        {
            string batch = new string(a.Where(c => b.IndexOf(c) >= 0 && kept.IndexOf(c) >= 0).ToArray());
            string rows = new string(a.Where(c => b.IndexOf(c) < 0 && kept.IndexOf(c) >= 0).ToArray());
            string cols = new string(b.Where(c => a.IndexOf(c) < 0 && kept.IndexOf(c) >= 0).ToArray());
            string summed = new string(a.Where(c => b.IndexOf(c) >= 0 && kept.IndexOf(c) < 0).ToArray());
            if (kOrder is not null && kOrder.Length == summed.Length && summed.All(c => kOrder.IndexOf(c) >= 0)) summed = kOrder;
            bool loneSum = a.Concat(b).Any(c => kept.IndexOf(c) < 0 && (a.IndexOf(c) < 0 || b.IndexOf(c) < 0));
            // A product without rows, columns or a sum (a dot, a matrix-vector product, an outer product) gains nothing
            // from packing: the loop nest already runs it as vector dot products or updates.
            bool gemm = !loneSum && rows.Length > 0 && cols.Length > 0 && summed.Length > 0;
            // The micro-kernels store a tile row by row, as vectors along the columns. When the output's last (unit-stride)
            // axis is a row index, swap the operands (C = A·B as Cᵀ = Bᵀ·Aᵀ), so that it becomes the column index and the
            // stores are vector stores instead of a scatter: "ab,ac,ad,bc,cd->bd" ends in p[b,d] = t[d,ac]·u[ac,b].
            if (unitColumnStores && gemm && isOutput && kept.Length > 0 && rows.IndexOf(kept[kept.Length - 1]) >= 0)
            {
                return Classify(b, a, bId, aId, resultId, kept, isOutput, sizes, layout, kOrder: kOrder);
            }
            var inputs = new EquatableArray<int>(new[] { aId, bId });
            string natural = new string(a.Concat(b).Distinct().Where(c => kept.IndexOf(c) >= 0).ToArray());
            bool hinted = layout is not null && layout.Length == natural.Length && natural.All(c => layout.IndexOf(c) >= 0);
            string resultLayout = isOutput ? kept : gemm ? batch + rows + cols : hinted ? layout! : natural;
            double flops = ContractionPlanner.StepFlops(a, b, resultLayout, sizes);
            return !gemm
                ? new PlanStep(StepKind.LoopNest, inputs, resultId, resultLayout, "", "", "", "", flops)
                : new PlanStep(StepKind.Gemm, inputs, resultId, resultLayout, batch, rows, cols, summed, flops);
        }

        private static ExecutionPlan Direct(EinsumSpec spec, string planningSizes, string reason)
        {
            var all = new EquatableArray<int>(Enumerable.Range(0, spec.Inputs.Count).ToArray());
            var step = new PlanStep(StepKind.LoopNest, all, spec.Inputs.Count, spec.Output.Labels, "", "", "", "", 0);
            return new ExecutionPlan(new EquatableArray<PlanStep>(new[] { step }), EquatableArray<string>.Empty, planningSizes, reason);
        }

        private static string Distinct(string labels) => new string(labels.Distinct().ToArray());
    }
}
