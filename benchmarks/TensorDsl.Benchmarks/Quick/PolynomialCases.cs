using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Benchmarks.Kernels;
using TensorDsl.Benchmarks.Peers;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;
using TorchSharp;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>
    /// Suite <c>polynomials</c>: the 12 equivariant graph polynomials of docs/design.md §6.4 (<see cref="PolynomialBenchmarkKernels"/>)
    /// on random graphs, n = 64, 128, 256, float, against
    /// <list type="bullet">
    /// <item><c>torchsharp</c>: <c>torch.einsum(spec, x, x, …)</c>. libtorch's C++ einsum, given no path, contracts left to
    /// right; where that order's largest intermediate would exceed <see cref="TorchMemoryCapBytes"/> the case prints a
    /// <c>skipped</c> line saying so instead of running it;</item>
    /// <item><c>torchsharp_pairwise</c>: the same contraction as TorchSharp pairwise einsums in the order TensorDsl's planner
    /// chose (what opt_einsum would hand to torch), so that the comparison is between kernels, not between orders;</item>
    /// <item><c>naive</c>: one loop over all n^nodes assignments (<see cref="NaivePolynomial"/>), timed over a prefix of
    /// at most <see cref="NaivePoints"/> points and scaled (every point costs the same).</item>
    /// </list>
    /// GFLOP/s count the planner's pairwise FLOPs at the case's n (opt_einsum's cost model) for every implementation.
    /// </summary>
    public static class PolynomialCases
    {
        /// <summary>Largest left-to-right intermediate that the TorchSharp einsum peer is allowed to allocate.</summary>
        public const double TorchMemoryCapBytes = 4e9;

        /// <summary>Points of the naive loop timed per run (the rest is scaled).</summary>
        public const long NaivePoints = 20_000_000;

        public static IEnumerable<BenchCase> All()
        {
            var rng = new Random(6);
            // TENSORDSL_POLY_SIZES="128,256" runs a subset of the sizes (the whole suite takes several minutes).
            string? only = Environment.GetEnvironmentVariable("TENSORDSL_POLY_SIZES");
            int[] sizes = string.IsNullOrWhiteSpace(only) ? new[] { 64, 128, 256 } : only.Split(',').Select(int.Parse).ToArray();
            foreach (int n in sizes)
            {
                var x = RandomGraph(rng, n);
                for (int k = 0; k < PolynomialBenchmarkKernels.Specs.Length; k++)
                {
                    string spec = PolynomialBenchmarkKernels.Specs[k];
                    var parsed = EinsumParser.ParseOrThrow(spec);
                    int m = parsed.Inputs.Count;
                    var pShape = parsed.Output.Labels.Length == 0 ? new nint[] { 1 } : Enumerable.Repeat((nint)n, parsed.Output.Labels.Length).ToArray();
                    var p = new float[pShape.Aggregate(1L, (a, b) => a * b)];
                    var plan = ExecutionPlanner.Plan(parsed, Sizes(parsed, n));
                    double flops = plan.Steps.Sum(s => s.Flops);
                    int index = k;
                    nint[] xShape = { n, n };
                    var naive = new NaivePolynomial(spec);
                    long points = (long)Math.Min(naive.Points(n), NaivePoints);
                    var naiveOut = new float[p.Length];
                    string torchLabels = LeftToRightLargest(parsed);
                    double torchBytes = Math.Pow(n, torchLabels.Length) * sizeof(float);
                    bool torchFits = torchBytes <= TorchMemoryCapBytes;
                    string name = $"{spec} n={n} f32";
                    var shapes = Enumerable.Repeat(new long[] { n, n }, m).ToArray();
                    yield return new BenchCase("polynomials", name, torchFits ? spec : "", shapes, false, flops,
                        () => PolynomialBenchmarkKernels.Run(index, new ReadOnlyTensorSpan<float>(x, xShape), new TensorSpan<float>(p, pShape)),
                        () => naive.Run(x, n, naiveOut, points), NaiveFraction: points / naive.Points(n))
                    {
                        Data = Enumerable.Repeat((Array)x, m).ToArray(),
                        NumPy = false,
                        Extra = ms => Extra(name, spec, parsed, plan, x, n, flops, ms, torchFits, torchLabels, torchBytes),
                    };
                }
            }
        }

        private static object[] Extra(string name, string spec, EinsumSpec parsed, ExecutionPlan plan, float[] x, int n, double flops, double tensorDslMs,
            bool torchFits, string torchLabels, double torchBytes)
        {
            var lines = new List<object>();
            string steps = plan.IsDirect ? "one loop nest" : string.Join("; ", plan.Steps.Select(s => $"{Labels(parsed, plan, s.Inputs[0])},{Labels(parsed, plan, s.Inputs[1])}->{s.ResultLabels} ({(s.Kind == StepKind.Gemm ? "GEMM" : "loop nest")})"));
            lines.Add(new { suite = "polynomials", @case = name, plan = steps });
            if (!torchFits)
            {
                lines.Add(new { suite = "polynomials", @case = name, impl = "torchsharp", skipped = $"left-to-right einsum would hold an intermediate over [{string.Join(",", torchLabels.ToCharArray())}]: {torchBytes / 1e9:0.#} GB > {TorchMemoryCapBytes / 1e9:0} GB" });
            }
            if (!TorchPeer.Available || plan.IsDirect) return lines.ToArray();
            var pairwise = TorchPairwise(parsed, plan, x, n);
            double ms = Timer.MedianMilliseconds(pairwise, budgetMs: 600);
            lines.Add(new { suite = "polynomials", @case = name, impl = "torchsharp_pairwise", median_ms = Math.Round(ms, 4), gflops = Math.Round(flops / (ms * 1e6), 2) });
            lines.Add(new { suite = "polynomials", @case = name, ratio = new Dictionary<string, double> { ["torchsharp_pairwise"] = Math.Round(ms / tensorDslMs, 3) } });
            return lines.ToArray();
        }

        /// <summary>The plan's steps as pairwise <c>torch.einsum</c> calls on one tensor x (every input of the plan is x).</summary>
        private static Action TorchPairwise(EinsumSpec spec, ExecutionPlan plan, float[] x, int n)
        {
            var tx = torch.tensor(x, new long[] { n, n });
            int m = spec.Inputs.Count;
            var equations = plan.Steps.Select(s => $"{Labels(spec, plan, s.Inputs[0])},{Labels(spec, plan, s.Inputs[1])}->{s.ResultLabels}").ToArray();
            return () =>
            {
                using var scope = torch.NewDisposeScope();
                var tensors = new Dictionary<int, torch.Tensor>();
                torch.Tensor Get(int id) => id < m ? tx : tensors[id];
                torch.Tensor? last = null;
                for (int s = 0; s < plan.Steps.Count; s++)
                {
                    var step = plan.Steps[s];
                    last = torch.einsum(equations[s], Get(step.Inputs[0]), Get(step.Inputs[1]));
                    tensors[step.Result] = last;
                }
                GC.KeepAlive(last);
            };
        }

        private static string Labels(EinsumSpec spec, ExecutionPlan plan, int id)
        {
            int m = spec.Inputs.Count;
            return id < m ? spec.Inputs[id].Labels : id == m ? spec.Output.Labels : plan.IntermediateLabels[id - m - 1];
        }

        /// <summary>
        /// The largest intermediate of a left-to-right contraction (libtorch's order without a path): after operand i joins,
        /// the running result keeps the indices that a later operand or the output still needs.
        /// </summary>
        public static string LeftToRightLargest(EinsumSpec spec)
        {
            string running = "", largest = "";
            for (int i = 0; i < spec.Inputs.Count; i++)
            {
                string joined = new string((running + spec.Inputs[i].Labels).Distinct().ToArray());
                string later = string.Concat(spec.Inputs.Skip(i + 1).Select(s => s.Labels)) + spec.Output.Labels;
                running = new string(joined.Where(c => later.IndexOf(c) >= 0).ToArray());
                if (i > 0 && i < spec.Inputs.Count - 1 && running.Length > largest.Length) largest = running;
            }
            return largest;
        }

        private static EquatableArray<StaticDim> Sizes(EinsumSpec spec, int n)
            => new EquatableArray<StaticDim>(spec.Labels.Select(c => new StaticDim(c.ToString(), n, false)).ToArray());

        /// <summary>A random simple undirected graph on n nodes (edge probability ½) as a float 0/1 adjacency matrix.</summary>
        private static float[] RandomGraph(Random rng, int n)
        {
            var x = new float[n * n];
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    if (rng.Next(2) == 1) x[i * n + j] = x[j * n + i] = 1;
                }
            }
            return x;
        }
    }
}
