using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;
using TensorDsl.Generators.Tests.Programs;
using TensorDsl.TestSupport;
using Xunit;

namespace TensorDsl.Generators.Tests.Gradients
{
    /// <summary>
    /// Generated <c>[Gradient]</c> kernels of random forward programs (<see cref="RandomGradientPrograms"/>, the programs
    /// whose derived gradients TensorDsl.Tests checks against central differences): compiled by the real generator, run on
    /// the CPU (float and double, dense and strided) and on ILGPU's CPU accelerator (double), against the interpreter's
    /// derived gradients (<see cref="TensorProgram.EvaluateGradient"/>). Every input gradient and the scalar's are declared.
    /// </summary>
    public sealed class RandomGradientKernelTests
    {
        private const int Count = 30;

        private static readonly Lazy<(IReadOnlyList<ProgramCase> Float, IReadOnlyList<ProgramCase> Double)> s_cases = new(() =>
        {
            var rng = new Random(20261207);
            var programs = new List<RandomGradientPrograms.Case>();
            while (programs.Count < Count)
            {
                var candidate = RandomGradientPrograms.Generate(rng);
                if (Binds(candidate)) programs.Add(candidate);
            }
            IReadOnlyList<ProgramCase> Of(string element) => programs.Select((p, i) => Case(p, i, element)).ToList();
            return (Of("float"), Of("double"));
        });

        private static readonly Lazy<Assembly> s_float = new(() => GeneratorHarness.CompileAndLoad(ProgramHarness.Build(s_cases.Value.Float)));
        private static readonly Lazy<Assembly> s_double = new(() => GeneratorHarness.CompileAndLoad(ProgramHarness.Build(s_cases.Value.Double)));

        public static IEnumerable<object[]> Indices() => Enumerable.Range(0, Count).Select(i => new object[] { i });

        [Theory]
        [MemberData(nameof(Indices))]
        public void Cpu_double(int index) => Run<double>(s_double.Value, s_cases.Value.Double, index, gpu: false);

        [Theory]
        [MemberData(nameof(Indices))]
        public void Cpu_float(int index) => Run<float>(s_float.Value, s_cases.Value.Float, index, gpu: false);

        [Theory]
        [MemberData(nameof(Indices))]
        public void Gpu_double(int index) => Run<double>(s_double.Value, s_cases.Value.Double, index, gpu: true);

        private static void Run<T>(Assembly assembly, IReadOnlyList<ProgramCase> cases, int index, bool gpu) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            var rng = new Random(104729 * index + (gpu ? 1 : 0));
            var failures = new List<string?>();
            foreach (var (low, high, strided) in new[] { (2, 5, false), (7, 12, false), (2, 6, true) })
            {
                if (gpu && high > 6) continue; // the CPU accelerator is slow
                var sizes = RandomGradientPrograms.Pool.ToDictionary(c => c, _ => rng.Next(low, high));
                failures.Add(ProgramHarness.Check<T>(assembly, index, cases[index], sizes, rng, strided, gpu));
            }
            KernelChecker.AssertNoFailures(failures);
        }

        // The backward's parameters by the contract: inputs and alpha in the forward's order, dO, then every gradient.
        private static ProgramCase Case(RandomGradientPrograms.Case p, int i, string element)
        {
            var forward = p.Inputs.Select(x => new ProgramParam(x.Name, ParamKind.Input, x.Indices)).ToList();
            if (p.Alpha) forward.Add(new ProgramParam("alpha", ParamKind.Scalar, Value: 0.75));
            var backward = forward.ToList();
            backward.Add(new ProgramParam("dO", ParamKind.Input, p.Output));
            backward.AddRange(p.Inputs.Select(x => new ProgramParam("d" + x.Name.ToUpperInvariant(), ParamKind.Output, x.Indices)));
            if (p.Alpha) backward.Add(new ProgramParam("dAlpha", ParamKind.Output, ""));
            forward.Add(new ProgramParam("o", ParamKind.Output, p.Output));
            return new ProgramCase($"gradient of random program {i}", p.Text, element, backward.ToArray(), forward.ToArray());
        }

        private static bool Binds(RandomGradientPrograms.Case c)
        {
            var arguments = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, indices) in c.Inputs) arguments[name] = System.Numerics.Tensors.Tensor.Create(new double[1 << (2 * indices.Length)], indices.Select(_ => (nint)4).ToArray());
            if (c.Alpha) arguments["alpha"] = 0.75;
            try
            {
                TensorProgram.EvaluateGradient(c.Text, arguments, new Dictionary<string, System.Numerics.Tensors.Tensor<double>>
                {
                    ["o"] = System.Numerics.Tensors.Tensor.Create(new double[1 << (2 * c.Output.Length)], c.Output.Select(_ => (nint)4).ToArray()),
                });
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}
