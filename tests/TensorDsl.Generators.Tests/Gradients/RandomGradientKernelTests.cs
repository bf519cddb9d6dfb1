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

        private static readonly CompiledCases s_cases = new(element => RandomGradientPrograms.Cases(Count).Select((p, i) => Case(p, i, element)).ToList());

        private static readonly (int, int, bool)[] s_plans = { (2, 5, false), (7, 12, false), (2, 6, true) };

        public static IEnumerable<object[]> Indices() => Enumerable.Range(0, Count).Select(i => new object[] { i });

        [Theory]
        [MemberData(nameof(Indices))]
        public void Cpu_double(int index) => s_cases.Run<double>(index, gpu: false, 104729, RandomGradientPrograms.Pool, s_plans, gpuMaxSize: 6);

        [Theory]
        [MemberData(nameof(Indices))]
        public void Cpu_float(int index) => s_cases.Run<float>(index, gpu: false, 104729, RandomGradientPrograms.Pool, s_plans, gpuMaxSize: 6);

        [Theory]
        [MemberData(nameof(Indices))]
        public void Gpu_double(int index) => s_cases.Run<double>(index, gpu: true, 104729, RandomGradientPrograms.Pool, s_plans, gpuMaxSize: 6);

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
    }
}
