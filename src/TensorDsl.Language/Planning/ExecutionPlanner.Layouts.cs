using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Language.Planning
{
    public static partial class ExecutionPlanner
    {
        /// <summary>Above this many combinations the layout search improves one choice at a time instead of trying all.</summary>
        private const long ExhaustiveLayoutLimit = 4096;

        /// <summary>Intermediates with more labels than this keep their natural order (their permutations are too many).</summary>
        private const int MaxPermutedLabels = 5;

        /// <summary>
        /// How much slower a step is per element when it cannot stream along unit strides: a loop nest whose innermost
        /// index is strided runs a scalar gather loop instead of vector loads (measured 4–8× on 64³ products), and a GEMM
        /// operand with neither its summed nor its free labels contiguous is packed element by element.
        /// </summary>
        private const double StridedPenalty = 6;

        /// <summary>
        /// Chooses, for a pairwise plan, the free choices that change speed but not the result, all together: the axis order
        /// of every intermediate a loop nest writes, the order in which each GEMM enumerates its summed labels, and whether
        /// a GEMM that writes an intermediate computes it transposed (Cᵀ = Bᵀ·Aᵀ, so its columns come first). Each choice
        /// constrains the others: in "ab,bd,be,cd,ce,de->cb" the loop nests that build t[c,·,·] from x[c,d]·x[c,e] and
        /// t[b,·,·] from x[b,d]·x[b,e]·x[d,e] vectorize only along e, and the GEMM that sums their (d,e) packs both
        /// along unit strides only when it sums d before e. The cost of a choice (<see cref="LayoutCost"/>) counts each
        /// loop nest's element operations, more for one that cannot vectorize, plus the elements of each GEMM operand that
        /// must be gathered. Small problems try every combination; larger ones improve one choice at a time from the
        /// natural orders until nothing improves.
        /// </summary>
        private static (Dictionary<int, string> Layouts, Dictionary<int, string> KOrders, HashSet<int> Swaps) ChooseLayouts(
            ContractionPath path, List<string> inputs, string output, IReadOnlyDictionary<char, long> sizes, int m, List<PlanStep> natural)
        {
            // One variable per free choice, each with its candidate values (the first is the natural one).
            var variables = new List<(int Id, int Kind, string[] Values)>();
            const int LayoutChoice = 0, KOrderChoice = 1, SwapChoice = 2;
            foreach (var step in natural)
            {
                if (step.Result == m) continue;
                if (step.Kind == StepKind.LoopNest && step.ResultLabels.Length > 1 && step.ResultLabels.Length <= MaxPermutedLabels)
                {
                    variables.Add((step.Result, LayoutChoice, Permutations(step.ResultLabels).ToArray()));
                }
                if (step.Kind == StepKind.Gemm) variables.Add((step.Result, SwapChoice, new[] { "", "swap" }));
            }
            foreach (var step in natural)
            {
                if (step.Kind == StepKind.Gemm && step.K.Length > 1 && step.K.Length <= MaxPermutedLabels)
                {
                    variables.Add((step.Result, KOrderChoice, Permutations(step.K).ToArray()));
                }
            }

            var choice = new int[variables.Count];
            (Dictionary<int, string>, Dictionary<int, string>, HashSet<int>) Decode(int[] c)
            {
                var layouts = new Dictionary<int, string>();
                var kOrders = new Dictionary<int, string>();
                var swaps = new HashSet<int>();
                for (int v = 0; v < variables.Count; v++)
                {
                    var (id, kind, values) = variables[v];
                    if (kind == LayoutChoice) layouts[id] = values[c[v]];
                    else if (kind == KOrderChoice) kOrders[id] = values[c[v]];
                    else if (c[v] == 1) swaps.Add(id);
                }
                return (layouts, kOrders, swaps);
            }
            double Cost(int[] c)
            {
                var (layouts, kOrders, swaps) = Decode(c);
                return LayoutCost(Replay(path, inputs, output, sizes, m, layouts, swaps, kOrders).Steps, inputs, sizes, m);
            }

            if (variables.Count == 0) return Decode(choice);
            double best = Cost(choice);
            var bestChoice = (int[])choice.Clone();
            long combinations = 1;
            foreach (var v in variables) combinations = System.Math.Min(combinations * v.Values.Length, long.MaxValue / 1024);
            if (combinations <= ExhaustiveLayoutLimit)
            {
                // Odometer over every combination; ties keep the earlier (more natural) one.
                while (true)
                {
                    int v = 0;
                    while (v < variables.Count && ++choice[v] == variables[v].Values.Length) choice[v++] = 0;
                    if (v == variables.Count) break;
                    double cost = Cost(choice);
                    if (cost < best)
                    {
                        best = cost;
                        bestChoice = (int[])choice.Clone();
                    }
                }
                return Decode(bestChoice);
            }
            for (bool improved = true; improved;)
            {
                improved = false;
                for (int v = 0; v < variables.Count; v++)
                {
                    for (int value = 0; value < variables[v].Values.Length; value++)
                    {
                        choice = (int[])bestChoice.Clone();
                        choice[v] = value;
                        double cost = Cost(choice);
                        if (cost < best)
                        {
                            best = cost;
                            bestChoice = choice;
                            improved = true;
                        }
                    }
                }
            }
            return Decode(bestChoice);
        }

        /// <summary>
        /// The relative cost of a pairwise plan's memory layouts: every loop nest's element operations (the product of all
        /// its index sizes), times <see cref="StridedPenalty"/> when its innermost loop cannot run along unit strides;
        /// plus, for every GEMM operand whose summed labels and free labels both fail to be its trailing axes, its
        /// elements times <see cref="StridedPenalty"/> (a gathered pack). The GEMMs' FLOPs do not depend on the layouts.
        /// </summary>
        private static double LayoutCost(List<PlanStep> steps, List<string> inputs, IReadOnlyDictionary<char, long> sizes, int m)
        {
            var labelsOf = new Dictionary<int, string>();
            for (int i = 0; i < m; i++) labelsOf[i] = inputs[i];
            foreach (var step in steps) labelsOf[step.Result] = step.ResultLabels;
            double Elements(string labels) => labels.Aggregate(1.0, (acc, c) => acc * sizes[c]);

            double cost = 0;
            foreach (var step in steps)
            {
                var operands = step.Inputs.Select(i => labelsOf[i]).ToList();
                if (step.Kind == StepKind.LoopNest)
                {
                    string all = new string(operands.SelectMany(l => l).Concat(step.ResultLabels).Distinct().ToArray());
                    cost += Elements(all) * (EinsumLoopPlanner.Vectorizes(operands, step.ResultLabels) ? 1 : StridedPenalty);
                }
                else
                {
                    string a = operands[0], b = operands[1];
                    if (!a.EndsWith(step.K, System.StringComparison.Ordinal) && !a.EndsWith(step.M, System.StringComparison.Ordinal)) cost += StridedPenalty * Elements(a);
                    if (!b.EndsWith(step.K, System.StringComparison.Ordinal) && !b.EndsWith(step.N, System.StringComparison.Ordinal)) cost += StridedPenalty * Elements(b);
                }
            }
            return cost;
        }

        private static IEnumerable<string> Permutations(string labels)
        {
            if (labels.Length <= 1)
            {
                yield return labels;
                yield break;
            }
            for (int i = 0; i < labels.Length; i++)
            {
                foreach (string rest in Permutations(labels.Remove(i, 1))) yield return labels[i] + rest;
            }
        }
    }
}
