using System;
using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using TensorDsl.Gpu.Contraction;
using Xunit;

namespace TensorDsl.Tests.Gpu
{
    /// <summary>
    /// The runtime's pairwise contraction kernels, each instantiated for float and double, compiled with ILGPU's PTX
    /// backend (no GPU needed): the CPU accelerator runs any IL, so only this catches a kernel body PTX cannot express.
    /// The explicitly grouped ones must use shared memory and barriers.
    /// </summary>
    public sealed class ContractionKernelCompilationTests
    {
        public static TheoryData<string, string> Kernels()
        {
            var data = new TheoryData<string, string>();
            foreach (var kernel in new[] { nameof(ContractionKernels.Tiled), nameof(ContractionKernels.PerElement), nameof(ContractionKernels.Reduction) })
            {
                data.Add(kernel, "float");
                data.Add(kernel, "double");
            }
            return data;
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void Kernel_compiles_to_PTX(string kernel, string element)
        {
            var method = typeof(ContractionKernels).GetMethod(kernel, BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(element == "float" ? typeof(float) : typeof(double));
            bool grouped = kernel != nameof(ContractionKernels.PerElement);
            using var context = Context.Create(builder => builder.CPU());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
            var entry = grouped ? EntryPointDescription.FromExplicitlyGroupedKernel(method) : EntryPointDescription.FromImplicitlyGroupedKernel(method);
            var compiled = (PTXCompiledKernel)backend.Compile(entry, default);
            Assert.Contains(".entry", compiled.PTXAssembly, StringComparison.Ordinal);
            Assert.Contains(element == "float" ? ".f32" : ".f64", compiled.PTXAssembly, StringComparison.Ordinal);
            if (grouped)
            {
                Assert.Contains(".shared", compiled.PTXAssembly, StringComparison.Ordinal);
                Assert.Contains("bar.sync", compiled.PTXAssembly, StringComparison.Ordinal);
            }
        }
    }
}
