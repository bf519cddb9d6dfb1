using System;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using TensorDsl.Gpu.Equivariant;
using Xunit;

namespace TensorDsl.Tests.GpuEquivariant
{
    /// <summary>
    /// The eight Fourier-method Gaunt kernels (product and many-body product, shared-memory and global work area, float and
    /// double), compiled with ILGPU's PTX
    /// backend as explicitly grouped kernels (no GPU needed): a kernel body that uses something ILGPU cannot translate for a GPU
    /// fails here although the CPU accelerator would run it.
    /// </summary>
    public sealed class GauntFourierKernelCompilationTests
    {
        private static readonly string[] Names =
        {
            nameof(GauntFourierKernels.ProductSharedSingle),
            nameof(GauntFourierKernels.ProductSharedDouble),
            nameof(GauntFourierKernels.ProductGlobalSingle),
            nameof(GauntFourierKernels.ProductGlobalDouble),
            nameof(GauntFourierKernels.ManyBodySharedSingle),
            nameof(GauntFourierKernels.ManyBodySharedDouble),
            nameof(GauntFourierKernels.ManyBodyGlobalSingle),
            nameof(GauntFourierKernels.ManyBodyGlobalDouble),
        };

        public static TheoryData<string> KernelNames() => new TheoryData<string>(Names);

        [Fact]
        public void There_are_eight_kernel_entry_points()
            => Assert.Equal(
                Names.OrderBy(n => n, StringComparer.Ordinal),
                typeof(GauntFourierKernels).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                    .Where(m => m.Name.StartsWith("Product", StringComparison.Ordinal) || m.Name.StartsWith("ManyBody", StringComparison.Ordinal))
                    .Where(m => !m.Name.Contains("Tile", StringComparison.Ordinal)).Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));

        [Theory]
        [MemberData(nameof(KernelNames))]
        public void Kernel_compiles_to_PTX_with_barriers(string name)
        {
            var kernel = typeof(GauntFourierKernels).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
            using var context = Context.Create(builder => builder.CPU());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
            var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), default);
            string ptx = compiled.PTXAssembly;
            Assert.Contains(".entry", ptx);
            Assert.Contains("bar.sync", ptx);
            // Every kernel keeps its rows' offsets in shared memory (and the Shared ones their work area).
            Assert.Contains(".shared", ptx);
            // The arithmetic is in the kernel's element type: f64 only in the double kernels.
            bool f64 = ptx.Contains("fma.rn.f64", StringComparison.Ordinal) || ptx.Contains("mul.rn.f64", StringComparison.Ordinal) || ptx.Contains("mul.f64", StringComparison.Ordinal);
            Assert.Equal(name.EndsWith("Double", StringComparison.Ordinal), f64);
        }
    }
}
