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

namespace TensorDsl.Generators.Tests.Gaunt
{
    /// <summary>
    /// Every generated <c>[GauntProduct]</c> kernel of the mixed set (float and double, unrolled and table-driven CPU
    /// lowerings) compiles with ILGPU's PTX backend (no GPU needed): the CPU accelerator runs any IL, so only this catches a
    /// kernel that uses something PTX cannot express.
    /// </summary>
    public sealed class GauntPtxCompilationTests
    {
        [Fact]
        public void Every_gaunt_kernel_compiles_to_PTX()
        {
            var (cases, assembly) = GauntLayoutTests.Mixed.Value;
            var kernels = assembly.GetType("TestGaunt.G")!.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                .Where(m => m.Name.EndsWith("_GpuKernel", StringComparison.Ordinal)).ToList();
            // Every product has the table kernel: Sparse lowerings run it, Fourier lowerings call the runtime's device kernels
            // (DeviceGauntFourier, compiled to PTX in TensorDsl.Tests) and keep it for operands of different ranks.
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
