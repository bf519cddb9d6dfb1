using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Tests.Harness;
using TensorDsl.Generators.Tests.Polynomials;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Lowering;
using TensorDsl.Language.Programs.Planning;
using TensorDsl.TestSupport;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>
    /// Done-when 1 of "The GPU backend follows the plan": the GPU overload of every opt_einsum-corpus spec and every
    /// polynomial launches exactly the steps the Language's planner gives the program (read from the device's launch
    /// log): one launch per pairwise step of each contraction, named after the step, in the plan's order — not one
    /// kernel over every index. The results are checked against the interpreter by <see cref="OptEinsumCorpusTests"/> and
    /// <see cref="PolynomialKernelTests"/>.
    /// </summary>
    public sealed class GpuPlanLaunchTests : IClassFixture<OptEinsumKernels>
    {
        private readonly OptEinsumKernels _kernels;

        public GpuPlanLaunchTests(OptEinsumKernels kernels) => _kernels = kernels;

        /// <summary>The launches the plan calls for, as "step k.j a,b->c" (or "step k" for a step that is one kernel).</summary>
        internal static List<string> PlannedLaunches(string spec, int operands)
        {
            var parsed = EinsumParser.ParseOrThrow(spec);
            var names = Enumerable.Range(0, operands).Select(i => "x" + i).ToList();
            var program = EinsumLowering.Lower(parsed, ElementType.Double, names, "result", false, EquatableArray<StaticDim>.Empty);
            var plan = ProgramPlanner.Plan(program);
            var launches = new List<string>();
            for (int k = 0; k < plan.Steps.Count; k++)
            {
                if (plan.Steps[k] is not EinsumStep e || e.Parts.Any(part => part.Plan.IsDirect && part.Operands.Count > 2))
                {
                    launches.Add($"step {k + 1}");
                    continue;
                }
                int j = 0;
                foreach (var part in e.Parts)
                {
                    int m = part.Operands.Count;
                    string Labels(int id) => id < m ? new string(part.Spec.Inputs[id].Labels.Distinct().ToArray())
                        : id == m ? part.Spec.Output.Labels : part.Plan.IntermediateLabels[id - m - 1];
                    foreach (var step in part.Plan.Steps)
                    {
                        launches.Add($"step {k + 1}.{++j} {string.Join(",", step.Inputs.Select(Labels))}->{Labels(step.Result)}");
                    }
                }
                if (e.Epilogue is not null) launches.Add($"step {k + 1}.{++j} epilogue");
            }
            return launches;
        }

        // A launch without the kernel the runtime chose for it (": tiled", ": per-element", ": reduction").
        private static string Step(string launch) => launch.Substring(0, launch.LastIndexOf(':'));

        [Theory]
        [MemberData(nameof(OptEinsumCorpus.Cases), MemberType = typeof(OptEinsumCorpus))]
        public void A_corpus_spec_launches_exactly_its_planned_steps(string spec)
        {
            var rng = new Random(11);
            var shapes = OptEinsumCorpus.Shapes(spec);
            using var device = TensorDevice.CreateCpu();
            device.RecordLaunches = true;
            KernelChecker.AssertNoFailures(new[]
            {
                KernelChecker.CheckGpu<double>(_kernels.Assembly, _kernels.IndexOf(spec, "double"), new KernelSpec(spec, "double"), shapes, rng, strided: false, device),
            });
            var expected = PlannedLaunches(spec, shapes.Length);
            Assert.Equal(expected, device.RecordedLaunches.Select(Step));
            // A pairwise plan of two or more steps is walked, not run as one kernel over every index.
            Assert.True(expected.Count == 1 || device.RecordedLaunches.Count > 1);
        }

        [Fact]
        public void Every_generated_corpus_kernel_compiles_to_PTX()
        {
            // The corpus' contractions run on the runtime's kernels (compiled to PTX in TensorDsl.Tests); a spec planned as
            // one loop nest over three or more operands keeps a generated kernel, which must compile for a GPU too.
            var kernels = PtxCompiler.GeneratedKernels(_kernels.Assembly);
            var expected = OptEinsumCorpus.Specs.Count(spec => PlannedLaunches(spec, EinsumParser.ParseOrThrow(spec).Inputs.Count).Any(l => !l.Contains('.', StringComparison.Ordinal)));
            Assert.Equal(2 * expected, kernels.Count); // float and double
            PtxCompiler.AssertAllCompile(kernels);
        }

        [Fact]
        public void Every_polynomial_launches_exactly_its_planned_steps()
        {
            var (cases, assembly) = PolynomialKernelTests.All.Value;
            var failures = new List<string>();
            using var device = TensorDevice.CreateCpu();
            device.RecordLaunches = true;
            for (int k = 0; k < cases.Count; k++)
            {
                var c = cases[k];
                if (c.Channels || c.Element != "double") continue; // the channel-wise einsum is the generator's own
                device.ClearRecordedLaunches();
                var x = Enumerable.Range(0, 25).Select(i => (double)(i % 7) - 3).ToArray();
                PolynomialHarness.Run(assembly, k, c, x, 5, 1, gpu: true, device);
                var expected = PlannedLaunches(c.Einsum, c.Edges);
                var got = device.RecordedLaunches.Select(Step).ToList();
                if (!expected.SequenceEqual(got)) failures.Add($"{c}: launched [{string.Join("; ", got)}], planned [{string.Join("; ", expected)}]");
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
    }
}
