using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace TensorDsl.Language.Einsum
{
    /// <summary>
    /// A parsed einsum spec with NumPy semantics: the input subscripts, and the output, either written
    /// after <c>-&gt;</c> or implied (labels used exactly once, in character-code order, after <c>...</c>
    /// when any input broadcasts).
    /// </summary>
    /// <param name="Text">The spec as written.</param>
    /// <param name="Inputs">One subscript per operand.</param>
    /// <param name="Output">The output subscript (explicit or implied).</param>
    /// <param name="IsOutputExplicit">True when the spec has <c>-&gt;</c>.</param>
    public sealed record EinsumSpec(string Text, EquatableArray<Subscript> Inputs, Subscript Output, bool IsOutputExplicit)
    {
        /// <summary>Distinct index letters in order of first appearance (inputs left to right, then output).
        /// This order numbers labels everywhere: the runtime binder and generated code agree on it.</summary>
        public string Labels
        {
            get
            {
                var sb = new StringBuilder();
                foreach (var s in Inputs.Concat(new[] { Output }))
                {
                    foreach (char c in s.Labels)
                    {
                        if (sb.ToString().IndexOf(c) < 0) sb.Append(c);
                    }
                }
                return sb.ToString();
            }
        }

        /// <summary>True when any input has a <c>...</c>.</summary>
        public bool InputsHaveEllipsis => Inputs.Any(s => s.HasEllipsis);

        /// <summary>Labels that are summed over: used by an input, absent from the output.</summary>
        public string SummedLabels => new string(Labels.Where(c => Output.Labels.IndexOf(c) < 0).ToArray());

        /// <summary>The spec in NumPy's explicit form, e.g. <c>ij,jk-&gt;ik</c>.</summary>
        public string ExplicitText => string.Join(",", Inputs.Select(s => s.Text)) + "->" + Output.Text;

        /// <summary>
        /// A spec for an internal step of a plan, built from label strings without the parser's checks: such steps may
        /// have rank-0 operands (an intermediate scalar), which a user's spec may not.
        /// </summary>
        public static EinsumSpec FromLabels(IReadOnlyList<string> inputs, string output)
        {
            Subscript Make(string labels) => new Subscript(labels, -1, new EquatableArray<int>(Enumerable.Repeat(-1, labels.Length).ToArray()), 0, 0);
            string text = string.Join(",", inputs) + "->" + output;
            return new EinsumSpec(text, new EquatableArray<Subscript>(inputs.Select(Make).ToArray()), Make(output), true);
        }

        /// <summary>How many operands use each label, counting repeats within an operand.</summary>
        public static IReadOnlyDictionary<char, int> CountLabels(IEnumerable<Subscript> inputs)
        {
            var counts = new Dictionary<char, int>();
            foreach (var s in inputs)
            {
                foreach (char c in s.Labels)
                {
                    counts[c] = counts.TryGetValue(c, out int n) ? n + 1 : 1;
                }
            }
            return counts;
        }

        /// <inheritdoc/>
        public override string ToString() => ExplicitText;
    }
}
