using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;
using TensorDsl.TestSupport;
using Xunit;

namespace TensorDsl.Generators.Tests.Programs
{
    /// <summary>
    /// Property tests: random multi-statement programs built from contractions (sums of products of up to three tensors,
    /// some factors wrapped in a function), elementwise epilogues (functions, a bias, a scalar, a product of two sums) and
    /// intermediates read by later statements — compiled by the real generator and run on the CPU (where the contractions
    /// are planned like einsums) and on ILGPU's CPU accelerator, dense and strided, against the interpreter.
    /// </summary>
    public sealed class RandomProgramTests
    {
        private const int Count = 40;
        private const string Pool = "ijklm";

        private static readonly CompiledCases s_cases = new(element =>
        {
            var rng = new Random(20261207);
            var programs = new List<(string Text, ProgramParam[] Parameters)>();
            while (programs.Count < Count)
            {
                var candidate = Generate(rng, programs.Count);
                if (Binds(candidate.Text, candidate.Parameters)) programs.Add(candidate);
            }
            return programs.Select((p, i) => new ProgramCase($"random program {i}", p.Text, element, p.Parameters)).ToList();
        });

        // Small sizes (edges, empty vector blocks), sizes past every vector width (dense: the vector paths), strided views.
        private static readonly (int, int, bool)[] s_plans = { (1, 5, false), (9, 40, false), (2, 12, true) };

        public static IEnumerable<object[]> Indices() => Enumerable.Range(0, Count).Select(i => new object[] { i });

        [Theory]
        [MemberData(nameof(Indices))]
        public void Cpu_double(int index) => s_cases.Run<double>(index, gpu: false, 7919, Pool, s_plans, gpuMaxSize: 12);

        [Theory]
        [MemberData(nameof(Indices))]
        public void Cpu_float(int index) => s_cases.Run<float>(index, gpu: false, 7919, Pool, s_plans, gpuMaxSize: 12);

        [Theory]
        [MemberData(nameof(Indices))]
        public void Gpu_double(int index) => s_cases.Run<double>(index, gpu: true, 7919, Pool, s_plans, gpuMaxSize: 12);

        [Fact]
        public void Most_random_programs_have_a_planned_contraction()
        {
            // The property tests must exercise the contraction path, not only loop nests.
            var planned = s_cases.Double.Count(c => c.Text.Contains("sum[", StringComparison.Ordinal));
            Assert.True(planned >= Count * 3 / 4, $"only {planned} of {Count} programs sum");
        }

        // ─────────────────────────────── the generator of programs ───────────────────────────────

        private static (string Text, ProgramParam[] Parameters) Generate(Random rng, int seed)
        {
            var frame = RandomPrograms.Generate(rng, Pool, alphaOdds: 3, Statement);
            var parameters = frame.Inputs.Select(i => new ProgramParam(i.Name, ParamKind.Input, i.Indices)).ToList();
            if (frame.Alpha) parameters.Add(new ProgramParam("alpha", ParamKind.Scalar, Value: 0.75));
            parameters.Add(new ProgramParam("o", ParamKind.Output, frame.Output));
            return (frame.Text, parameters.ToArray());
        }

        // A value and the statement's target indices: an epilogue around one or two contractions.
        private static (string Value, string Target) Statement(Random rng, List<(string Name, string Indices)> readable, bool alpha)
        {
            var factors = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => readable[rng.Next(readable.Count)]).ToList();
            string union = new string(factors.SelectMany(f => f.Indices).Distinct().ToArray());
            string target = new string(union.Where(_ => rng.Next(2) == 0).ToArray());
            if (target.Length == 0) target = union.Substring(0, 1);
            string core = Sum(rng, factors, target);
            string value = rng.Next(7) switch
            {
                0 => $"relu({core})",
                1 => $"tanh({core}) * 2",
                2 => BiasFor(rng, readable, target) is { } bias ? $"{core} + {bias}" : core,
                3 => alpha ? $"alpha * {core}" : $"{core} / 3",
                4 => $"{core} * {Sum(rng, Enumerable.Range(0, rng.Next(1, 3)).Select(_ => readable[rng.Next(readable.Count)]).ToList(), target, restrictFree: true)}",
                5 => $"sigmoid({core}) - 0.5",
                _ => core,
            };
            return (value, target);
        }

        // sum[R](f1 * f2 …) over the factors' indices not in the target (a plain product when nothing is summed); a factor
        // is sometimes wrapped in a function, which the planner computes into a buffer first.
        private static string Sum(Random rng, List<(string Name, string Indices)> factors, string target, bool restrictFree = false)
        {
            string union = new string(factors.SelectMany(f => f.Indices).Distinct().ToArray());
            string summed = new string(union.Where(c => target.IndexOf(c) < 0).ToArray());
            var texts = factors.Select(f =>
            {
                string load = $"{f.Name}[{string.Join(",", f.Indices.ToCharArray())}]";
                return rng.Next(5) == 0 ? $"relu({load})" : load;
            });
            string product = string.Join(" * ", texts);
            if (summed.Length == 0) return restrictFree ? $"({product})" : product;
            return $"sum[{string.Join(",", summed.ToCharArray())}]({product})";
        }

        private static string? BiasFor(Random rng, List<(string Name, string Indices)> readable, string target)
        {
            var fits = readable.Where(r => r.Indices.All(c => target.IndexOf(c) >= 0)).ToList();
            if (fits.Count == 0) return null;
            var b = fits[rng.Next(fits.Count)];
            return $"{b.Name}[{string.Join(",", b.Indices.ToCharArray())}]";
        }

        // A program the language accepts (every input read, every index sized): the interpreter binds it or throws.
        private static bool Binds(string text, ProgramParam[] parameters)
        {
            var arguments = new Dictionary<string, object>();
            foreach (var p in parameters)
            {
                if (p.Kind == ParamKind.Input) arguments[p.Name] = Tensor.Create(new double[Math.Max(1, (int)Math.Pow(2, p.Indices.Length))], p.Indices.Select(_ => (nint)2).ToArray());
                else if (p.Kind == ParamKind.Scalar) arguments[p.Name] = p.Value;
            }
            try
            {
                TensorProgram.Evaluate(text, arguments);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}
