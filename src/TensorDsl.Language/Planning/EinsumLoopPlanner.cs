using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Language.Planning
{
    /// <summary>
    /// Chooses the loop order of a direct einsum loop nest. Strides are only known at run time, so the planner
    /// assumes the usual row-major layout (the last axis of each tensor has unit stride) and picks as the innermost
    /// loop an index that can then run vectorized, and among those the one that is last in the most tensors, counting
    /// the output twice because an output with unit stride turns the loop into a vector update. Generated code
    /// verifies the unit strides at run time and falls back to a strided scalar loop when they do not hold.
    /// </summary>
    public static class EinsumLoopPlanner
    {
        /// <summary>Plans the loop nest of <paramref name="spec"/>.</summary>
        public static EinsumLoopPlan Plan(EinsumSpec spec)
        {
            string labels = spec.Labels;
            string output = spec.Output.Labels;
            if (labels.Length == 0)
            {
                var none = Enumerable.Repeat(-1, spec.Inputs.Count).ToArray();
                return new EinsumLoopPlan("", false, new EquatableArray<int>(none), EquatableArray<int>.Empty,
                    "no index loops: every axis is a broadcast dimension");
            }

            // Prefer an index that can run vectorized under the row-major assumption: last (and not repeated) in every
            // input that has it, and last in the output when it is an output index. When none can, prefer the output's
            // last axis, so that the output (often a large intermediate) is written in order and only inputs are read
            // with a stride: walking an n×n×n result along its first axis touches a new cache line per element. Then the
            // highest score, then an output index (a vector update beats a reduction), then the earlier label.
            char best = labels[0];
            var bestKey = (vectorizable: false, writesInOrder: false, score: int.MinValue, free: false);
            foreach (char c in labels)
            {
                bool free = output.IndexOf(c) >= 0;
                int score = LastAxisLabel(spec.Output) == c ? 2 : 0;
                bool vectorizable = !free || LastAxisLabel(spec.Output) == c;
                foreach (var input in spec.Inputs)
                {
                    if (input.Labels.IndexOf(c) < 0) continue;
                    bool last = LastAxisLabel(input) == c && input.Labels.Count(x => x == c) == 1;
                    if (last) score += 1;
                    else vectorizable = false;
                }
                var key = (vectorizable, !vectorizable && LastAxisLabel(spec.Output) == c, score, free);
                if (key.CompareTo(bestKey) > 0)
                {
                    best = c;
                    bestKey = key;
                }
            }

            // Outer loops: output indices in output order, then summed indices in order of appearance.
            var order = new List<char>();
            foreach (char c in output) if (c != best) order.Add(c);
            foreach (char c in labels) if (c != best && output.IndexOf(c) < 0) order.Add(c);
            order.Add(best);
            string loopOrder = new string(order.ToArray());

            var hoist = spec.Inputs.Select(s => s.Labels.Length == 0 ? -1 : s.Labels.Max(c => loopOrder.IndexOf(c))).ToArray();
            var vector = Enumerable.Range(0, spec.Inputs.Count).Where(i => spec.Inputs[i].Labels.IndexOf(best) >= 0).ToArray();
            bool summed = output.IndexOf(best) < 0;
            string reason = summed
                ? $"innermost '{best}' is summed: a dot product over the unit-stride axis of {vector.Length} operand(s)"
                : $"innermost '{best}' is an output axis: a vector update of the output with {vector.Length} unit-stride operand(s)";
            return new EinsumLoopPlan(loopOrder, summed, new EquatableArray<int>(hoist), new EquatableArray<int>(vector), reason);
        }

        /// <summary>
        /// True when a loop nest over operands laid out as <paramref name="inputs"/> (row-major, no '...') into
        /// <paramref name="output"/> has an index that can run innermost along unit strides — the rule
        /// <see cref="Plan"/> applies: summed, or the output's last axis, and the last (unrepeated) axis of every operand
        /// that has it. The pairwise planner uses it to lay out intermediates.
        /// </summary>
        public static bool Vectorizes(IReadOnlyList<string> inputs, string output)
        {
            foreach (char c in inputs.SelectMany(l => l).Concat(output).Distinct())
            {
                bool free = output.IndexOf(c) >= 0;
                if (free && output[output.Length - 1] != c) continue;
                if (inputs.All(l => l.IndexOf(c) < 0 || (l[l.Length - 1] == c && l.Count(x => x == c) == 1))) return true;
            }
            return false;
        }

        private static char LastAxisLabel(Subscript s)
        {
            // A trailing '...' means the last axis is a broadcast dimension, not a label.
            if (s.Labels.Length == 0 || s.EllipsisPosition == s.Labels.Length) return '\0';
            return s.Labels[s.Labels.Length - 1];
        }
    }
}
