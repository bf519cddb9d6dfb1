using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>A fixed-seed batch of random specs, compiled once with the generator.</summary>
    public sealed class RandomKernels
    {
        public const int Seed = 20261123, Count = 120;

        public RandomKernels()
        {
            var rng = new Random(Seed);
            Kernels = Enumerable.Range(0, Count).Select(_ => RandomSpecs.Next(rng)).ToList();
            Assembly = GeneratorHarness.CompileAndLoad(KernelSourceBuilder.Build(Kernels));
        }

        public List<KernelSpec> Kernels { get; }

        public Assembly Assembly { get; }
    }

    /// <summary>
    /// Done-when 3 of "Einsum end to end": random specs (1–5 operands, rank ≤ 4, diagonals, '...' and size-1
    /// broadcasting, rank-0 results, Accumulate) on random dense and strided inputs agree with the interpreter, on the CPU
    /// backend and on the ILGPU backend (ILGPU's CPU accelerator).
    /// </summary>
    public sealed class PropertyTests : IClassFixture<RandomKernels>
    {
        private readonly RandomKernels _kernels;

        public PropertyTests(RandomKernels kernels) => _kernels = kernels;

        public static IEnumerable<object[]> Batches => Enumerable.Range(0, 6).Select(b => new object[] { b });

        [Theory]
        [MemberData(nameof(Batches))]
        public void Cpu_kernels_agree_with_the_interpreter(int batch)
        {
            var failures = new List<string?>();
            for (int k = batch; k < _kernels.Kernels.Count; k += 6)
            {
                var kernel = _kernels.Kernels[k];
                var rng = new Random(RandomKernels.Seed + k);
                for (int trial = 0; trial < 4; trial++)
                {
                    var shapes = RandomSpecs.Shapes(kernel, rng);
                    bool strided = trial % 2 == 1;
                    failures.Add(kernel.Element == "float"
                        ? KernelChecker.CheckCpu<float>(_kernels.Assembly, k, kernel, shapes, rng, strided)
                        : KernelChecker.CheckCpu<double>(_kernels.Assembly, k, kernel, shapes, rng, strided));
                }
            }
            KernelChecker.AssertNoFailures(failures);
        }

        [Theory]
        [MemberData(nameof(Batches))]
        public void Gpu_kernels_agree_with_the_interpreter_on_the_ilgpu_cpu_accelerator(int batch)
        {
            var failures = new List<string?>();
            for (int k = batch; k < _kernels.Kernels.Count; k += 6)
            {
                var kernel = _kernels.Kernels[k];
                var rng = new Random(RandomKernels.Seed + 7919 * k);
                for (int trial = 0; trial < 2; trial++)
                {
                    var shapes = RandomSpecs.Shapes(kernel, rng);
                    bool strided = trial == 1;
                    failures.Add(kernel.Element == "float"
                        ? KernelChecker.CheckGpu<float>(_kernels.Assembly, k, kernel, shapes, rng, strided)
                        : KernelChecker.CheckGpu<double>(_kernels.Assembly, k, kernel, shapes, rng, strided));
                }
            }
            KernelChecker.AssertNoFailures(failures);
        }

        [Fact]
        public void The_random_specs_cover_the_features_they_claim()
        {
            // Guards the generator of specs itself: a property test over specs that never broadcast proves little.
            var specs = _kernels.Kernels.Select(k => k.Spec).ToList();
            Assert.Contains(specs, s => s.Contains("..."));
            Assert.Contains(specs, s => !s.Contains("->"));
            Assert.Contains(specs, s => s.Split("->")[0].Split(',').Any(op => op.Replace("...", "").Distinct().Count() < op.Replace("...", "").Length));
            Assert.Contains(_kernels.Kernels, k => k.Accumulate);
            Assert.Contains(_kernels.Kernels, k => k.ReturnsScalar);
            Assert.Contains(_kernels.Kernels, k => k.OperandCount == 5);
        }
    }
}
