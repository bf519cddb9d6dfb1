using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Language.Planning
{
    /// <summary>How <see cref="ContractionPlanner"/> searches.</summary>
    public enum PlannerStrategy
    {
        /// <summary>Exhaustive for few operands, dynamic programming beyond, greedy for many.</summary>
        Auto,
        /// <summary>Every pairwise order (exponential; exact).</summary>
        Exhaustive,
        /// <summary>Dynamic programming over operand subsets (exact, O(3^n)).</summary>
        DynamicProgramming,
        /// <summary>Repeatedly the cheapest pair (fast, not always optimal).</summary>
        Greedy,
    }

    /// <summary>
    /// Chooses the order in which a many-operand einsum is contracted pairwise, as opt_einsum does: minimum FLOPs
    /// (opt_einsum's cost model), the largest intermediate as the tie-break, and an optional cap on intermediate size.
    /// </summary>
    public static class ContractionPlanner
    {
        /// <summary>Operands up to which <see cref="PlannerStrategy.Auto"/> searches exhaustively.</summary>
        public const int ExhaustiveLimit = 6;

        /// <summary>Operands up to which <see cref="PlannerStrategy.Auto"/> uses dynamic programming.</summary>
        public const int DynamicProgrammingLimit = 12;

        /// <summary>Plans the contraction of <paramref name="inputs"/> into <paramref name="output"/>.</summary>
        /// <param name="inputs">Each operand's indices (repeats allowed; a diagonal counts once).</param>
        /// <param name="output">The output's indices.</param>
        /// <param name="sizes">Size of every index.</param>
        /// <param name="memoryLimit">Largest intermediate allowed (elements), or null. Steps above it are not taken;
        /// when no path fits, the path has no steps (contract everything in one loop nest).</param>
        /// <param name="strategy">Search strategy.</param>
        public static ContractionPath Plan(IReadOnlyList<string> inputs, string output, IReadOnlyDictionary<char, long> sizes, double? memoryLimit = null, PlannerStrategy strategy = PlannerStrategy.Auto)
        {
            var sets = inputs.Select(Distinct).ToList();
            if (sets.Count <= 1) return new ContractionPath(EquatableArray<ContractionStep>.Empty, 0, 0, "single operand");
            if (strategy == PlannerStrategy.Auto)
            {
                strategy = sets.Count <= ExhaustiveLimit ? PlannerStrategy.Exhaustive
                    : sets.Count <= DynamicProgrammingLimit ? PlannerStrategy.DynamicProgramming
                    : PlannerStrategy.Greedy;
            }
            var problem = new Problem(sets, Distinct(output), sizes, memoryLimit ?? double.PositiveInfinity);
            var steps = strategy switch
            {
                PlannerStrategy.Exhaustive => Exhaustive(problem),
                PlannerStrategy.DynamicProgramming => DynamicProgramming(problem),
                _ => Greedy(problem),
            };
            if (steps is null) return new ContractionPath(EquatableArray<ContractionStep>.Empty, 0, 0, "memory limit: one loop nest");
            return new ContractionPath(new EquatableArray<ContractionStep>(steps.ToArray()), steps.Sum(s => s.Flops), steps.Count == 0 ? 0 : steps.Max(s => s.ResultSize), strategy.ToString());
        }

        /// <summary>opt_einsum's cost of contracting operands with <paramref name="left"/> and <paramref name="right"/>
        /// indices into <paramref name="result"/>: the size of the joint index space, doubled when an index is summed.</summary>
        public static double StepFlops(string left, string right, string result, IReadOnlyDictionary<char, long> sizes)
        {
            string all = Distinct(left + right);
            double space = Size(all, sizes);
            bool sums = all.Any(c => result.IndexOf(c) < 0);
            return space * (sums ? 2 : 1);
        }

        /// <summary>Number of elements of a tensor with indices <paramref name="labels"/>.</summary>
        public static double Size(string labels, IReadOnlyDictionary<char, long> sizes)
        {
            double size = 1;
            foreach (char c in labels) size *= sizes[c];
            return size;
        }

        private static string Distinct(string labels) => new string(labels.Distinct().ToArray());

        private sealed class Problem
        {
            public Problem(List<string> inputs, string output, IReadOnlyDictionary<char, long> sizes, double memoryLimit)
            {
                Inputs = inputs;
                Output = output;
                Sizes = sizes;
                MemoryLimit = memoryLimit;
            }

            public List<string> Inputs { get; }
            public string Output { get; }
            public IReadOnlyDictionary<char, long> Sizes { get; }
            public double MemoryLimit { get; }

            /// <summary>The indices the contraction of a and b keeps: those used by another remaining operand or the output.</summary>
            public string Keep(string a, string b, IEnumerable<string> others)
            {
                var needed = new HashSet<char>(Output);
                foreach (var o in others) needed.UnionWith(o);
                return new string(Distinct(a + b).Where(needed.Contains).ToArray());
            }
        }

        // Compares (flops, largest intermediate): less is better.
        private static bool Better(double flops, double peak, double bestFlops, double bestPeak)
            => flops < bestFlops * (1 - 1e-12) || (Math.Abs(flops - bestFlops) <= bestFlops * 1e-12 && peak < bestPeak);

        private static List<ContractionStep>? Exhaustive(Problem p)
        {
            List<ContractionStep>? best = null;
            double bestFlops = double.PositiveInfinity, bestPeak = double.PositiveInfinity;
            var current = new List<ContractionStep>();

            void Search(List<string> operands, double flops, double peak)
            {
                if (flops > bestFlops * (1 + 1e-12)) return; // cannot win, not even on the tie-break
                if (operands.Count == 1)
                {
                    if (Better(flops, peak, bestFlops, bestPeak))
                    {
                        best = new List<ContractionStep>(current);
                        bestFlops = flops;
                        bestPeak = peak;
                    }
                    return;
                }
                for (int i = 0; i < operands.Count; i++)
                {
                    for (int j = i + 1; j < operands.Count; j++)
                    {
                        var others = operands.Where((_, k) => k != i && k != j).ToList();
                        string result = p.Keep(operands[i], operands[j], others);
                        double size = Size(result, p.Sizes);
                        if (size > p.MemoryLimit && operands.Count > 2) continue;
                        double cost = StepFlops(operands[i], operands[j], result, p.Sizes);
                        current.Add(new ContractionStep(i, j, operands[i], operands[j], result, cost, size));
                        others.Add(result);
                        Search(others, flops + cost, Math.Max(peak, operands.Count > 2 ? size : 0));
                        current.RemoveAt(current.Count - 1);
                    }
                }
            }

            Search(p.Inputs, 0, 0);
            return best;
        }

        private static List<ContractionStep>? DynamicProgramming(Problem p)
        {
            int n = p.Inputs.Count;
            int full = (1 << n) - 1;
            // Indices of each subset's result: those shared with the complement or the output.
            var labels = new string[full + 1];
            var cost = new double[full + 1];
            var peak = new double[full + 1];
            var split = new int[full + 1];
            for (int s = 1; s <= full; s++)
            {
                var inside = new HashSet<char>();
                var outside = new HashSet<char>(p.Output);
                for (int k = 0; k < n; k++)
                {
                    if ((s & (1 << k)) != 0) inside.UnionWith(p.Inputs[k]);
                    else outside.UnionWith(p.Inputs[k]);
                }
                labels[s] = new string(inside.Where(outside.Contains).OrderBy(c => c).ToArray());
                if ((s & (s - 1)) == 0)
                {
                    labels[s] = p.Inputs[IndexOfBit(s)];
                    cost[s] = 0;
                    peak[s] = 0;
                    continue;
                }
                cost[s] = double.PositiveInfinity;
                peak[s] = double.PositiveInfinity;
                double size = Size(labels[s], p.Sizes);
                if (size > p.MemoryLimit && s != full) continue;
                // Each unordered split once: the part holding the lowest set bit is 'a'.
                int low = s & -s;
                for (int a = (s - 1) & s; a > 0; a = (a - 1) & s)
                {
                    if ((a & low) == 0) continue;
                    int b = s ^ a;
                    if (double.IsInfinity(cost[a]) || double.IsInfinity(cost[b])) continue;
                    double c = cost[a] + cost[b] + StepFlops(labels[a], labels[b], labels[s], p.Sizes);
                    double pk = Math.Max(Math.Max(peak[a], peak[b]), s == full ? 0 : size);
                    if (Better(c, pk, cost[s], peak[s]))
                    {
                        cost[s] = c;
                        peak[s] = pk;
                        split[s] = a;
                    }
                }
            }
            if (double.IsInfinity(cost[full])) return null;

            // Replay the split tree as linear steps over a list of operands.
            var operands = Enumerable.Range(0, n).Select(k => (Mask: 1 << k, Labels: p.Inputs[k])).ToList();
            var steps = new List<ContractionStep>();
            void Emit(int s)
            {
                if ((s & (s - 1)) == 0) return;
                int a = split[s], b = s ^ a;
                Emit(a);
                Emit(b);
                int i = operands.FindIndex(o => o.Mask == a), j = operands.FindIndex(o => o.Mask == b);
                if (i > j) (i, j) = (j, i);
                var (left, right) = (operands[i].Labels, operands[j].Labels);
                operands.RemoveAt(j);
                operands.RemoveAt(i);
                var others = operands.Select(o => o.Labels).ToList();
                string result = p.Keep(left, right, others);
                steps.Add(new ContractionStep(i, j, left, right, result, StepFlops(left, right, result, p.Sizes), Size(result, p.Sizes)));
                operands.Add((s, result));
            }
            Emit(full);
            return steps;
        }

        private static List<ContractionStep>? Greedy(Problem p)
        {
            var operands = new List<string>(p.Inputs);
            var steps = new List<ContractionStep>();
            while (operands.Count > 1)
            {
                ContractionStep? best = null;
                double bestScore = double.PositiveInfinity;
                for (int i = 0; i < operands.Count; i++)
                {
                    for (int j = i + 1; j < operands.Count; j++)
                    {
                        var others = operands.Where((_, k) => k != i && k != j);
                        string result = p.Keep(operands[i], operands[j], others);
                        double size = Size(result, p.Sizes);
                        if (size > p.MemoryLimit && operands.Count > 2) continue;
                        // opt_einsum's greedy score: the result's size minus its inputs' sizes, then the cost.
                        double score = size - Size(operands[i], p.Sizes) - Size(operands[j], p.Sizes);
                        double cost = StepFlops(operands[i], operands[j], result, p.Sizes);
                        if (best is null || score < bestScore || (score == bestScore && cost < best.Flops))
                        {
                            best = new ContractionStep(i, j, operands[i], operands[j], result, cost, size);
                            bestScore = score;
                        }
                    }
                }
                if (best is null) return null;
                steps.Add(best);
                operands.RemoveAt(best.Right);
                operands.RemoveAt(best.Left);
                operands.Add(best.ResultLabels);
            }
            return steps;
        }

        private static int IndexOfBit(int s)
        {
            int k = 0;
            while ((s >> k) != 1) k++;
            return k;
        }
    }
}
