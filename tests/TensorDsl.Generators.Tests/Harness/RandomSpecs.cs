using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Generators.Tests.Harness
{
    /// <summary>
    /// Random einsum specs for property tests: 1–5 operands of rank ≤ 4 (plus broadcast dimensions), repeated indices
    /// (diagonals), implicit and explicit outputs, '...' broadcasting in any position, rank-0 results, Accumulate.
    /// </summary>
    public static class RandomSpecs
    {
        private const string Pool = "abcdefgXY";

        public static KernelSpec Next(Random rng)
        {
            int operands = rng.Next(1, 6);
            bool ellipsis = rng.NextDouble() < 0.3;
            var inputs = new List<string>();
            var used = new List<char>();
            for (int i = 0; i < operands; i++)
            {
                int rank = rng.Next(ellipsis ? 0 : 1, 5);
                var sb = new StringBuilder();
                for (int a = 0; a < rank; a++)
                {
                    // Reuse an index already in play most of the time, so operands share indices (contractions).
                    char c = used.Count > 0 && rng.NextDouble() < 0.6 ? used[rng.Next(used.Count)] : Pool[rng.Next(Pool.Length)];
                    if (!used.Contains(c)) used.Add(c);
                    sb.Append(c);
                }
                string text = sb.ToString();
                if (ellipsis && (rng.NextDouble() < 0.7 || text.Length == 0))
                {
                    int at = rng.Next(text.Length + 1);
                    text = text.Substring(0, at) + "..." + text.Substring(at);
                }
                inputs.Add(text);
            }
            string spec = string.Join(",", inputs);
            if (rng.NextDouble() < 0.7)
            {
                // Explicit output: a random subset of the indices in a random order, with '...' when inputs broadcast.
                var output = used.Where(_ => rng.NextDouble() < 0.5).OrderBy(_ => rng.Next()).ToList();
                string text = new string(output.ToArray());
                if (inputs.Any(s => s.Contains("...")))
                {
                    int at = rng.Next(text.Length + 1);
                    text = text.Substring(0, at) + "..." + text.Substring(at);
                }
                spec += "->" + text;
            }
            string element = rng.Next(2) == 0 ? "float" : "double";
            var parsed = EinsumParser.ParseOrThrow(spec);
            bool rank0 = parsed.Output.Labels.Length == 0 && !parsed.Output.HasEllipsis;
            bool returnsScalar = rank0 && rng.NextDouble() < 0.5;
            bool accumulate = !returnsScalar && rng.NextDouble() < 0.2;
            return new KernelSpec(spec, element, accumulate, returnsScalar);
        }

        /// <summary>Random operand shapes for <paramref name="kernel"/>: index sizes 1–4, broadcast dimensions 0–2 of sizes 1–3,
        /// and now and then an axis of size 1 where the index is larger (NumPy broadcasting).</summary>
        public static nint[][] Shapes(KernelSpec kernel, Random rng)
        {
            var spec = EinsumParser.ParseOrThrow(kernel.Spec);
            var sizes = spec.Labels.ToDictionary(c => c, _ => (nint)rng.Next(1, 5));
            // Tensor spans have rank >= 1, so an operand written only as '...' needs at least one broadcast dimension.
            bool bareEllipsis = spec.Inputs.Any(s => s.Labels.Length == 0);
            var broadcast = Enumerable.Range(0, spec.InputsHaveEllipsis ? rng.Next(bareEllipsis ? 1 : 0, 3) : 0).Select(_ => (nint)rng.Next(1, 4)).ToArray();
            // Keep the index space small enough for the interpreter.
            while (sizes.Values.Aggregate((nint)1, (a, b) => a * b) * broadcast.Aggregate((nint)1, (a, b) => a * b) > 4096)
            {
                var largest = sizes.OrderByDescending(kv => kv.Value).First().Key;
                sizes[largest] = Math.Max(1, sizes[largest] / 2);
            }
            var shapes = new nint[spec.Inputs.Count][];
            for (int i = 0; i < shapes.Length; i++)
            {
                var sub = spec.Inputs[i];
                var shape = new List<nint>();
                // Axes of an index repeated within the operand (a diagonal) must keep equal sizes, so never broadcast those.
                nint LabelSize(char c) => sub.Labels.Count(x => x == c) == 1 && sizes[c] > 1 && rng.NextDouble() < 0.1 ? 1 : sizes[c];
                int own = sub.HasEllipsis ? rng.Next(sub.Labels.Length == 0 ? 1 : 0, broadcast.Length + 1) : 0;
                var ownBroadcast = broadcast.Skip(broadcast.Length - own).Select(s => rng.NextDouble() < 0.2 ? (nint)1 : s).ToArray();
                for (int k = 0; k <= sub.Labels.Length; k++)
                {
                    if (sub.EllipsisPosition == k) shape.AddRange(ownBroadcast);
                    if (k < sub.Labels.Length) shape.Add(LabelSize(sub.Labels[k]));
                }
                shapes[i] = shape.ToArray();
            }
            return shapes;
        }
    }
}
