using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
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
            TensorDsl.Generators.Tests.Harness.PtxCompiler.AssertAllCompile(kernels);
        }
    }
}
