using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Xunit;

namespace TensorDsl.Generators.Tests.Polynomials
{
    /// <summary>
    /// Every generated <c>[EquivariantPolynomial]</c> kernel (float and double, with and without channels; the
    /// per-element kernel and the tiled GEMM where the plan is one matrix product) compiles with ILGPU's PTX backend (no GPU needed): the CPU accelerator runs any IL, so only this catches a
    /// kernel that uses something PTX cannot express.
    /// </summary>
    public sealed class PolynomialPtxCompilationTests
    {
        [Fact]
        public void Every_polynomial_kernel_compiles_to_PTX()
        {
            var (cases, assembly) = PolynomialKernelTests.All.Value;
            var kernels = assembly.GetType("TestPolynomials.P")!.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                .Where(m => System.Text.RegularExpressions.Regex.IsMatch(m.Name, @"_GpuKernel\d+$")).ToList(); // one per planned step
            Assert.Equal(cases.Count, kernels.Count);
            using var context = Context.Create(builder => builder.CPU());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
            var failures = new List<string>();
            foreach (var kernel in kernels)
            {
                try
                {
                    var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), default);
                    if (!compiled.PTXAssembly.Contains(".entry", StringComparison.Ordinal)) failures.Add($"{kernel.Name}: no entry point");
                }
                catch (Exception e)
                {
                    failures.Add($"{kernel.Name}: {e.GetType().Name}: {e.Message}");
                }
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
    }
}
