using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Polynomials
{
    /// <summary>
    /// The cost of a polynomial's plan as a polynomial in n (every node index has size n): each pairwise step costs
    /// opt_einsum's FLOPs, the size of its joint index space (n to the number of node indices in it, times C with channels),
    /// doubled when it sums. Written like "2n⁴ + 4n³", with the order of the leading term and the naive loop's cost.
    /// </summary>
    /// <param name="Text">The cost, e.g. "2n⁴ + 4n³" (times C with channels).</param>
    /// <param name="Order">The leading power, e.g. "n⁴" or "n⁴·C".</param>
    /// <param name="NaiveText">The cost of one loop over every node: (edges) FLOPs per point of the n^nodes space.</param>
    internal sealed record PolynomialCost(string Text, string Order, string NaiveText)
    {
        /// <summary>The cost of <paramref name="plan"/> for <paramref name="spec"/>; <paramref name="channel"/> is '\0' without channels.</summary>
        public static PolynomialCost Of(EinsumSpec spec, ExecutionPlan plan, char channel)
        {
            int m = spec.Inputs.Count;
            string c = channel == '\0' ? "" : "·C";
            int nodes = spec.Labels.Count(l => l != channel);
            string naive = $"{m}{Power(nodes)}{c}";
            if (plan.IsDirect) return new PolynomialCost(naive, "n" + Superscript(nodes) + c, naive);

            var labelsOf = new Dictionary<int, string>();
            for (int i = 0; i < m; i++) labelsOf[i] = spec.Inputs[i].Labels;
            for (int k = 0; k < plan.IntermediateLabels.Count; k++) labelsOf[m + 1 + k] = plan.IntermediateLabels[k];
            var terms = new SortedDictionary<int, long>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
            foreach (var step in plan.Steps)
            {
                string joint = new string(step.Inputs.SelectMany(i => labelsOf[i]).Distinct().ToArray());
                int degree = joint.Count(l => l != channel);
                bool sums = joint.Any(l => step.ResultLabels.IndexOf(l) < 0);
                terms[degree] = (terms.TryGetValue(degree, out long t) ? t : 0) + (sums ? 2 : 1);
            }
            string text = string.Join(" + ", terms.Select(t => (t.Key == 0 ? t.Value.ToString() : (t.Value == 1 ? "" : t.Value.ToString()) + Power(t.Key))));
            if (c.Length > 0) text = terms.Count == 1 ? text + c : $"({text}){c}";
            int order = terms.Keys.First();
            return new PolynomialCost(text, (order == 0 ? "1" : Power(order)) + c, naive);
        }

        private static string Power(int k) => k == 0 ? "" : k == 1 ? "n" : "n" + Superscript(k);

        private static string Superscript(int k)
        {
            const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
            return new string(k.ToString().Select(d => digits[d - '0']).ToArray());
        }
    }
}
