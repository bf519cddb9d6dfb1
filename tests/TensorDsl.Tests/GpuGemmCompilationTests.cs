using System;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Xunit;

namespace TensorDsl.Tests
{
    /// <summary>
    /// Every tiled GEMM kernel, compiled with ILGPU's PTX backend as an explicitly grouped kernel (no GPU needed): a kernel
    /// body that calls a BCL helper ILGPU cannot translate fails here even though the CPU accelerator would run it. The
    /// per-element fallback kernels of <see cref="GpuGemmKernels"/> are compiled too.
    /// </summary>
    public sealed class GpuGemmCompilationTests
    {
        private static readonly Type[] KernelTypes = { typeof(GpuGemmKernels), typeof(GpuKernels) };

        private static MethodInfo[] Kernels(string suffix)
            => KernelTypes.SelectMany(t => t.GetMethods(BindingFlags.NonPublic | BindingFlags.Static))
                .Where(m => m.Name.EndsWith(suffix, StringComparison.Ordinal))
                .ToArray();

        private static string Name(MethodInfo kernel) => kernel.DeclaringType!.Name + "." + kernel.Name;

        public static TheoryData<string> TiledKernelNames()
        {
            var data = new TheoryData<string>();
            foreach (var name in Kernels("_GpuGemmKernel").Select(Name).OrderBy(n => n, StringComparer.Ordinal)) data.Add(name);
            return data;
        }

        [Fact]
        public void Every_matrix_product_has_a_tiled_kernel_and_a_fallback()
        {
            var tiled = Kernels("_GpuGemmKernel").Select(m => Name(m).Replace("_GpuGemmKernel", "")).ToHashSet();
            var fallback = Kernels("_GpuKernel").Select(m => Name(m).Replace("_GpuKernel", "")).ToHashSet();
            Assert.Subset(fallback, tiled); // every tiled kernel has its fallback
            // Every GpuGemmKernels method except NotAProduct is a matrix product; of GpuKernels, MatMul (x2), MatMulAdd,
            // BatchedMatMul and MatMulJ3 are (Outer has no summed index, BroadcastMatMul has '...').
            Assert.Equal(12 + 5, tiled.Count);
            Assert.DoesNotContain(tiled, name => name.Contains("NotAProduct") || name.Contains("Outer") || name.Contains("BroadcastMatMul"));
        }

        [Theory]
        [MemberData(nameof(TiledKernelNames))]
        public void Tiled_kernel_compiles_to_PTX_with_shared_memory_and_barriers(string kernelName)
        {
            var kernel = Kernels("_GpuGemmKernel").Single(m => Name(m) == kernelName);
            using var context = Context.Create(builder => builder.CPU());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
            var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), default);
            Assert.Contains(".entry", compiled.PTXAssembly);
            Assert.Contains(".shared", compiled.PTXAssembly);
            Assert.Contains("bar.sync", compiled.PTXAssembly);
        }

        [Fact]
        public void Fallback_kernels_of_the_matrix_products_compile_to_PTX()
        {
            using var context = Context.Create(builder => builder.CPU());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
            foreach (var kernel in typeof(GpuGemmKernels).GetMethods(BindingFlags.NonPublic | BindingFlags.Static).Where(m => m.Name.EndsWith("_GpuKernel", StringComparison.Ordinal)))
            {
                var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), default);
                Assert.Contains(".entry", compiled.PTXAssembly);
            }
        }
    }
}
