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
                .Where(m => IsKernel(m, suffix))
                .ToArray();

        // Kernels are named per planned step: M's first step is __tdsl_M_…_GpuKernel1, its tiled GEMM __tdsl_M_…_GpuGemmKernel1.
        private static bool IsKernel(MethodInfo m, string suffix) => System.Text.RegularExpressions.Regex.IsMatch(m.Name, suffix + @"\d+$");

        private static string Method(MethodInfo kernel, string suffix) => System.Text.RegularExpressions.Regex.Replace(Name(kernel), suffix + @"\d+$", "");

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
            var tiled = Kernels("_GpuGemmKernel").Select(m => Method(m, "_GpuGemmKernel")).ToHashSet();
            var fallback = Kernels("_GpuKernel").Select(m => Method(m, "_GpuKernel")).ToHashSet();
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
            foreach (var kernel in typeof(GpuGemmKernels).GetMethods(BindingFlags.NonPublic | BindingFlags.Static).Where(m => IsKernel(m, "_GpuKernel")))
            {
                var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), default);
                Assert.Contains(".entry", compiled.PTXAssembly);
            }
        }
    }
}
