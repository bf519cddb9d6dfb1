using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;
using TensorDsl.TestSupport;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>Compiles every spec of the opt_einsum corpus once, as float and as double [Einsum] methods.</summary>
    public sealed class OptEinsumKernels
    {
        public OptEinsumKernels()
        {
            Kernels = OptEinsumCorpus.Specs.SelectMany(s => new[] { new KernelSpec(s, "float"), new KernelSpec(s, "double") }).ToList();
            Assembly = GeneratorHarness.CompileAndLoad(KernelSourceBuilder.Build(Kernels));
        }

        public List<KernelSpec> Kernels { get; }

        public Assembly Assembly { get; }

        public int IndexOf(string spec, string element) => Kernels.FindIndex(k => k.Spec == spec && k.Element == element);
    }

    /// <summary>
    /// Done-when 2 of "Einsum end to end": every opt_einsum test spec, with opt_einsum's default sizes, matches the
    /// double interpreter on both backends (the CPU kernel; the ILGPU kernel on ILGPU's CPU accelerator) in float and double,
    /// for dense and for strided (non-contiguous) operands; on the GPU also with the kernels a GPU picks.
    /// Tolerances: <see cref="KernelChecker.FloatTolerance"/> and <see cref="KernelChecker.DoubleTolerance"/> relative to Σ|terms|.
    /// </summary>
    public sealed class OptEinsumCorpusTests : IClassFixture<OptEinsumKernels>
    {
        private readonly OptEinsumKernels _kernels;

        public OptEinsumCorpusTests(OptEinsumKernels kernels) => _kernels = kernels;

        [Theory]
        [MemberData(nameof(OptEinsumCorpus.Cases), MemberType = typeof(OptEinsumCorpus))]
        public void Cpu_float_and_double_match_the_interpreter(string spec)
        {
            var rng = new Random(spec.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
            var shapes = OptEinsumCorpus.Shapes(spec);
            var failures = new List<string?>();
            foreach (bool strided in new[] { false, true })
            {
                failures.Add(KernelChecker.CheckCpu<float>(_kernels.Assembly, _kernels.IndexOf(spec, "float"), new KernelSpec(spec, "float"), shapes, rng, strided));
                failures.Add(KernelChecker.CheckCpu<double>(_kernels.Assembly, _kernels.IndexOf(spec, "double"), new KernelSpec(spec, "double"), shapes, rng, strided));
            }
            KernelChecker.AssertNoFailures(failures);
        }

        [Theory]
        [MemberData(nameof(OptEinsumCorpus.Cases), MemberType = typeof(OptEinsumCorpus))]
        public void Gpu_float_and_double_match_the_interpreter_on_the_ilgpu_cpu_accelerator(string spec)
        {
            var rng = new Random(spec.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
            var shapes = OptEinsumCorpus.Shapes(spec);
            var failures = new List<string?>();
            foreach (bool strided in new[] { false, true })
            {
                failures.Add(KernelChecker.CheckGpu<float>(_kernels.Assembly, _kernels.IndexOf(spec, "float"), new KernelSpec(spec, "float"), shapes, rng, strided));
                failures.Add(KernelChecker.CheckGpu<double>(_kernels.Assembly, _kernels.IndexOf(spec, "double"), new KernelSpec(spec, "double"), shapes, rng, strided));
                // And with the kernels a GPU picks (the tiled matrix product, the tree reduction).
                failures.Add(KernelChecker.CheckGpu<double>(_kernels.Assembly, _kernels.IndexOf(spec, "double"), new KernelSpec(spec, "double"), shapes, rng, strided, KernelChecker.GpuLikeDevice.Value));
            }
            KernelChecker.AssertNoFailures(failures);
        }

        [Fact]
        public void The_corpus_is_the_upstream_list_less_the_scalar_operand_specs()
        {
            // 70 strings upstream, one of them twice, and 4 with an empty operand.
            Assert.Equal(70 - 1 - 4, OptEinsumCorpus.Specs.Length);
            Assert.Equal(OptEinsumCorpus.Specs.Length, OptEinsumCorpus.Specs.Distinct().Count());
        }
    }
}
