using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.TestSupport
{
    /// <summary>
    /// Random forward programs for the gradient tests: one to three statements, each an output or an intermediate read by a
    /// later statement, built from contractions (sums of products of up to three tensors, factors sometimes wrapped in a
    /// smooth or piecewise function), elementwise epilogues (functions, a bias, a quotient, max/min against a bias),
    /// <c>max</c> reductions, <c>softmax</c>·<c>sum</c> streams, <c>where</c> windows and a scalar factor. Deterministic for
    /// a seed. Whether the language accepts a candidate is for the caller to decide (by binding it).
    /// </summary>
    public static class RandomGradientPrograms
    {
        /// <summary>A generated program: its text, its inputs (name and index letters), whether it reads the scalar 'alpha', its output's indices.</summary>
        public sealed record Case(string Text, (string Name, string Indices)[] Inputs, bool Alpha, string Output)
        {
            public override string ToString() => Text.Replace("\n", "; ", StringComparison.Ordinal);
        }

        /// <summary>The index letters programs draw from.</summary>
        public const string Pool = "ijkl";

        public static Case Generate(Random rng)
        {
            var inputs = new List<(string Name, string Indices)>();
            int inputCount = rng.Next(2, 5);
            for (int t = 0; t < inputCount; t++) inputs.Add(($"a{t}", Subset(rng, 1, 3)));
            bool alpha = rng.Next(4) == 0;
            var readable = new List<(string Name, string Indices)>(inputs);
            var statements = new List<string>();
            int statementCount = rng.Next(1, 4);
            string output = "";
            for (int s = 0; s < statementCount; s++)
            {
                bool last = s == statementCount - 1;
                string target = last ? "o" : $"t{s}";
                var (value, targetIndices) = Statement(rng, readable, alpha);
                statements.Add($"{target}[{string.Join(",", targetIndices.ToCharArray())}] = {value}");
                if (last) output = targetIndices;
                else readable.Add((target, targetIndices));
            }
            return new Case(string.Join("\n", statements), inputs.ToArray(), alpha && statements.Any(s => s.Contains("alpha", StringComparison.Ordinal)), output);
        }

        private static (string Value, string Target) Statement(Random rng, List<(string Name, string Indices)> readable, bool alpha)
        {
            var factors = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => readable[rng.Next(readable.Count)]).ToList();
            string union = new string(factors.SelectMany(f => f.Indices).Distinct().ToArray());
            string target = new string(union.Where(_ => rng.Next(2) == 0).ToArray());
            if (target.Length == 0) target = union.Substring(0, 1);
            string summed = new string(union.Where(c => target.IndexOf(c) < 0).ToArray());
            string product = string.Join(" * ", factors.Select(f => Factor(rng, f)));
            string core = summed.Length == 0 ? $"({product})" : $"sum[{Letters(summed)}]({product})";
            switch (rng.Next(9))
            {
                case 0: return ($"tanh({core})", target);
                case 1: return ($"sigmoid({core}) - 0.5", target);
                case 2: return ($"relu({core})", target);
                case 3:
                {
                    var bias = BiasFor(rng, readable, target);
                    if (bias is null) return (core, target);
                    return rng.Next(3) switch
                    {
                        0 => ($"{core} + {bias}", target),
                        1 => ($"{core} / (1 + {bias} * {bias})", target),
                        _ => ($"{(rng.Next(2) == 0 ? "max" : "min")}({core}, {bias})", target),
                    };
                }
                case 4:
                    // A maximum over the summed indices (a plain product when nothing is summed).
                    return summed.Length == 0 ? ($"abs({product})", target) : ($"max[{Letters(summed)}]({product})", target);
                case 5:
                {
                    // softmax·sum: weights over one summed index j, from a product of the factors; a value read at j.
                    if (summed.Length == 0) return ($"exp({product} / 4)", target);
                    char j = summed[0];
                    var values = readable.Where(r => r.Indices.IndexOf(j) >= 0).ToList();
                    var v = values[rng.Next(values.Count)];
                    string window = target.Length > 0 && rng.Next(2) == 0 ? $" where {j} <= {target[0]}" : "";
                    string inner = string.Join(",", summed.Concat(v.Indices.Where(c => target.IndexOf(c) < 0 && summed.IndexOf(c) < 0)).Distinct());
                    return ($"sum[{inner}](softmax[{j}]({product}) * {Load(v)}){window}", target);
                }
                case 6:
                {
                    // A window on the summed indices, relative to the first target index.
                    if (summed.Length == 0 || target.Length == 0) return (core, target);
                    string bound = rng.Next(2) == 0 ? $"{summed[0]} <= {target[0]}" : $"{target[0]} - 1 <= {summed[0]} < {target[0]} + 2";
                    return ($"{core} where {bound}", target);
                }
                case 7: return (alpha ? $"alpha * {core}" : $"{core} / 3", target);
                default: return (core, target);
            }
        }

        // A tensor element, sometimes through a function (kept to arguments where it is smooth or its kink is unlikely).
        private static string Factor(Random rng, (string Name, string Indices) f)
        {
            string load = Load(f);
            return rng.Next(8) switch
            {
                0 => $"exp({load})",
                1 => $"log(1 + {load} * {load})",
                2 => $"sqrt(1 + {load} * {load})",
                3 => $"relu({load} + 0.5)",
                _ => load,
            };
        }

        private static string Load((string Name, string Indices) f) => $"{f.Name}[{Letters(f.Indices)}]";

        private static string Letters(string indices) => string.Join(",", indices.ToCharArray());

        private static string? BiasFor(Random rng, List<(string Name, string Indices)> readable, string target)
        {
            var fits = readable.Where(r => r.Indices.All(c => target.IndexOf(c) >= 0)).ToList();
            return fits.Count == 0 ? null : Load(fits[rng.Next(fits.Count)]);
        }

        private static string Subset(Random rng, int min, int max)
        {
            int n = rng.Next(min, max + 1);
            return new string(Pool.OrderBy(_ => rng.Next()).Take(n).ToArray());
        }
    }
}
