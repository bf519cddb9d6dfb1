using System;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using TensorDsl.Gpu.Attention;
using Xunit;

namespace TensorDsl.Tests.GpuAttention
{
    /// <summary>
    /// The four streaming attention kernels (standard and tensor, float and double), compiled with ILGPU's PTX backend as
    /// explicitly grouped kernels (no GPU needed): a kernel body that uses something ILGPU cannot translate for a GPU — a BCL
    /// math helper, <c>Math.Exp</c> without ILGPU.Algorithms — fails here although the CPU accelerator would run it.
    /// </summary>
    public sealed class AttentionKernelCompilationTests
    {
        private static readonly string[] Names =
        {
            nameof(AttentionKernels.StandardSingle),
            nameof(AttentionKernels.StandardDouble),
            nameof(AttentionKernels.TensorSingle),
            nameof(AttentionKernels.TensorDouble),
        };

        public static TheoryData<string> KernelNames() => new TheoryData<string>(Names);

        [Fact]
        public void There_are_four_kernels()
            => Assert.Equal(
                Names.OrderBy(n => n, StringComparer.Ordinal),
                typeof(AttentionKernels).GetMethods(BindingFlags.NonPublic | BindingFlags.Static).Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));

        [Theory]
        [MemberData(nameof(KernelNames))]
        public void Kernel_compiles_to_PTX_with_shared_memory_and_barriers(string name)
        {
            var kernel = typeof(AttentionKernels).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
            using var context = Context.Create(builder => builder.CPU());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
            var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), default);
            string ptx = compiled.PTXAssembly;
            Assert.Contains(".entry", ptx);
            Assert.Contains(".shared", ptx);
            Assert.Contains("bar.sync", ptx);
            // The arithmetic is in the kernel's element type: f64 only in the double kernels.
            Assert.Equal(name.EndsWith("Double", StringComparison.Ordinal), ptx.Contains("fma.rn.f64", StringComparison.Ordinal) || ptx.Contains("mul.rn.f64", StringComparison.Ordinal) || ptx.Contains("mul.f64", StringComparison.Ordinal));
        }
    }
}
