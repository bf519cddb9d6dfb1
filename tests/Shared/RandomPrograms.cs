using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;

namespace TensorDsl.TestSupport
{
    /// <summary>
    /// The frame of the random programs of the property tests: two to four inputs <c>a0…</c> over the index letters
    /// <see cref="Pool"/>, then one to three statements, each an intermediate <c>t0…</c> read by later statements or, last,
    /// the output <c>o</c>. What a statement computes is the caller's (<see cref="RandomGradientPrograms"/>, and the
    /// generated-kernel tests' own contractions).
    /// </summary>
    public static class RandomPrograms
    {
        /// <summary>The index letters programs draw from.</summary>
        public const string Pool = "ijkl";

        /// <summary>A program's text, its inputs (name and index letters), whether the scalar 'alpha' was drawn, its output's indices.</summary>
        public sealed record Frame(string Text, (string Name, string Indices)[] Inputs, bool Alpha, string Output);

        /// <summary>Draws a program whose statements come from <paramref name="statement"/>(rng, tensors readable so far, alpha drawn).</summary>
        /// <param name="rng">The source of randomness.</param>
        /// <param name="pool">The index letters.</param>
        /// <param name="alphaOdds">Alpha is drawn with probability 1/alphaOdds.</param>
        /// <param name="statement">A statement's value and its target's index letters.</param>
        public static Frame Generate(Random rng, string pool, int alphaOdds,
            Func<Random, List<(string Name, string Indices)>, bool, (string Value, string Target)> statement)
        {
            var inputs = new List<(string Name, string Indices)>();
            int inputCount = rng.Next(2, 5);
            for (int t = 0; t < inputCount; t++) inputs.Add(($"a{t}", Subset(rng, pool, 1, 3)));
            bool alpha = rng.Next(alphaOdds) == 0;
            var readable = new List<(string Name, string Indices)>(inputs);
            var statements = new List<string>();
            int statementCount = rng.Next(1, 4);
            string output = "";
            for (int s = 0; s < statementCount; s++)
            {
                bool last = s == statementCount - 1;
                string target = last ? "o" : $"t{s}";
                var (value, targetIndices) = statement(rng, readable, alpha);
                statements.Add($"{target}[{string.Join(",", targetIndices.ToCharArray())}] = {value}");
                if (last) output = targetIndices;
                else readable.Add((target, targetIndices));
            }
            return new Frame(string.Join("\n", statements), inputs.ToArray(), alpha, output);
        }

        private static string Subset(Random rng, string pool, int min, int max)
        {
            int n = rng.Next(min, max + 1);
            return new string(pool.OrderBy(_ => rng.Next()).Take(n).ToArray());
        }
    }

    /// <summary>
    /// Random forward programs for the gradient tests (<see cref="RandomPrograms"/>' frame), built from contractions (sums
    /// of products of up to three tensors, factors sometimes wrapped in a smooth or piecewise function), elementwise
    /// epilogues (functions, a bias, a quotient, max/min against a bias), <c>max</c> reductions, <c>softmax</c>·<c>sum</c>
    /// streams, <c>where</c> windows and a scalar factor. <see cref="Cases"/> keeps those whose gradient the interpreter
    /// derives and runs: the same list for the finite-difference tests and the generated-kernel tests.
    /// </summary>
    public static class RandomGradientPrograms
    {
        /// <summary>A generated program: its text, its inputs (name and index letters), whether it reads the scalar 'alpha', its output's indices.</summary>
        public sealed record Case(string Text, (string Name, string Indices)[] Inputs, bool Alpha, string Output)
        {
            public override string ToString() => Text.Replace("\n", "; ", StringComparison.Ordinal);
        }

        /// <summary>The index letters programs draw from.</summary>
        public const string Pool = RandomPrograms.Pool;

        private static readonly Lazy<List<Case>> s_cases = new(() =>
        {
            var rng = new Random(20261207);
            var cases = new List<Case>();
            while (cases.Count < 100)
            {
                var candidate = Generate(rng);
                if (Binds(candidate)) cases.Add(candidate);
            }
            return cases;
        });

        /// <summary>The first <paramref name="count"/> (at most 100) programs of seed 20261207 whose gradient derives and runs.</summary>
        public static IReadOnlyList<Case> Cases(int count) => s_cases.Value.GetRange(0, count);

        public static Case Generate(Random rng)
        {
            var frame = RandomPrograms.Generate(rng, Pool, alphaOdds: 4, Statement);
            return new Case(frame.Text, frame.Inputs, frame.Alpha && frame.Text.Contains("alpha", StringComparison.Ordinal), frame.Output);
        }

        // A program the language accepts and whose gradient the interpreter derives and runs (sizes 4).
        private static bool Binds(Case c)
        {
            var arguments = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, indices) in c.Inputs) arguments[name] = Tensor.Create(new double[1 << (2 * indices.Length)], indices.Select(_ => (nint)4).ToArray());
            if (c.Alpha) arguments["alpha"] = 0.75;
            try
            {
                TensorDsl.TensorProgram.EvaluateGradient(c.Text, arguments, new Dictionary<string, Tensor<double>>
                {
                    ["o"] = Tensor.Create(new double[1 << (2 * c.Output.Length)], c.Output.Select(_ => (nint)4).ToArray()),
                });
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
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
    }
}
