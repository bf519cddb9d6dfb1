using System;
using System.Linq;
using System.Reflection;
using TensorDsl.Gpu.Attention;
using TensorDsl.Tests.Gpu;
using Xunit;

namespace TensorDsl.Tests.GpuAttention
{
    /// <summary>
    /// The streaming attention kernels (standard and tensor, each one generic body instantiated for float and double), compiled with ILGPU's PTX backend as
    /// explicitly grouped kernels (no GPU needed): a kernel body that uses something ILGPU cannot translate for a GPU — a BCL
    /// math helper, <c>Math.Exp</c> without ILGPU.Algorithms — fails here although the CPU accelerator would run it.
    /// </summary>
    public sealed class AttentionKernelCompilationTests
    {
        // The instantiations DeviceStreamingAttention launches (its cached MethodInfo fields).
        private static readonly string[] Names = { "StandardSingle", "StandardDouble", "TensorSingle", "TensorDouble" };

        public static TheoryData<string> KernelNames() => new TheoryData<string>(Names);

        private static MethodInfo Instantiation(string name)
            => (MethodInfo)typeof(DeviceStreamingAttention).GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

        [Fact]
        public void Each_kernel_is_written_once_for_both_element_types()
        {
            // No float/double twins: two generic kernel bodies, each instantiated for float and for double.
            Assert.Equal(new[] { "Standard", "Tensor" },
                typeof(AttentionKernels).GetMethods(BindingFlags.NonPublic | BindingFlags.Static).Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.All(Names, name => Assert.True(Instantiation(name).IsGenericMethod));
            Assert.Equal(typeof(float), Instantiation("StandardSingle").GetGenericArguments()[0]);
            Assert.Equal(typeof(double), Instantiation("TensorDouble").GetGenericArguments()[0]);
        }

        [Theory]
        [MemberData(nameof(KernelNames))]
        public void Kernel_compiles_to_PTX_with_shared_memory_and_barriers(string name)
        {
            var kernel = Instantiation(name);
            string ptx = Ptx.Compile(kernel, explicitlyGrouped: true);
            Assert.Contains(".entry", ptx);
            Assert.Contains(".shared", ptx);
            Assert.Contains("bar.sync", ptx);
            // The arithmetic is in the kernel's element type: f64 only in the double kernels.
            Assert.Equal(name.EndsWith("Double", StringComparison.Ordinal), ptx.Contains("fma.rn.f64", StringComparison.Ordinal) || ptx.Contains("mul.rn.f64", StringComparison.Ordinal) || ptx.Contains("mul.f64", StringComparison.Ordinal));
        }
    }
}
