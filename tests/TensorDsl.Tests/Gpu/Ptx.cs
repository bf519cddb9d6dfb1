using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace TensorDsl.Tests.Gpu
{
    /// <summary>
    /// Compiles a kernel with ILGPU's PTX backend (SM 7.0; no GPU or driver needed). ILGPU's CPU accelerator runs any IL, so
    /// only this catches a kernel body that uses something a GPU cannot run.
    /// </summary>
    internal static class Ptx
    {
        /// <summary>The PTX assembly of <paramref name="kernel"/>, an implicitly or explicitly grouped kernel.</summary>
        public static string Compile(MethodInfo kernel, bool explicitlyGrouped)
        {
            using var context = Context.Create(builder => builder.CPU());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
            var entry = explicitlyGrouped ? EntryPointDescription.FromExplicitlyGroupedKernel(kernel) : EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
            return ((PTXCompiledKernel)backend.Compile(entry, default)).PTXAssembly;
        }
    }
}
