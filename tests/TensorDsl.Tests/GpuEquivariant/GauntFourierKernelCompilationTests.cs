using System;
using System.Linq;
using System.Reflection;
using TensorDsl.Gpu.Equivariant;
using TensorDsl.Tests.Gpu;
using Xunit;

namespace TensorDsl.Tests.GpuEquivariant
{
    /// <summary>
    /// The Fourier-method Gaunt kernels (product and many-body product, shared-memory and global work area; each one generic
    /// body instantiated for float and double), compiled with ILGPU's PTX
    /// backend as explicitly grouped kernels (no GPU needed): a kernel body that uses something ILGPU cannot translate for a GPU
    /// fails here although the CPU accelerator would run it.
    /// </summary>
    public sealed class GauntFourierKernelCompilationTests
    {
        // The instantiations DeviceGauntFourier launches (its cached MethodInfo fields).
        private static readonly string[] Names =
        {
            "ProductSharedSingle", "ProductSharedDouble", "ProductGlobalSingle", "ProductGlobalDouble",
            "ManyBodySharedSingle", "ManyBodySharedDouble", "ManyBodyGlobalSingle", "ManyBodyGlobalDouble",
        };

        public static TheoryData<string> KernelNames() => new TheoryData<string>(Names);

        private static MethodInfo Instantiation(string name)
            => (MethodInfo)typeof(DeviceGauntFourier).GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

        [Fact]
        public void Each_kernel_is_written_once_for_both_element_types()
        {
            // No float/double twins: four generic entry points (and two tile bodies), each instantiated per element type.
            Assert.Equal(new[] { "ManyBodyGlobal", "ManyBodyShared", "ManyBodyTile", "ProductGlobal", "ProductShared", "Tile" },
                typeof(GauntFourierKernels).GetMethods(BindingFlags.NonPublic | BindingFlags.Static).Where(m => m.IsGenericMethodDefinition)
                    .Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.DoesNotContain(typeof(GauntFourierKernels).GetMethods(BindingFlags.NonPublic | BindingFlags.Static),
                m => m.Name.EndsWith("Single", StringComparison.Ordinal) || m.Name.EndsWith("Double", StringComparison.Ordinal));
            Assert.All(Names, name => Assert.Equal(name.EndsWith("Single", StringComparison.Ordinal) ? typeof(float) : typeof(double), Instantiation(name).GetGenericArguments()[0]));
        }

        [Theory]
        [MemberData(nameof(KernelNames))]
        public void Kernel_compiles_to_PTX_with_barriers(string name)
        {
            var kernel = Instantiation(name);
            string ptx = Ptx.Compile(kernel, explicitlyGrouped: true);
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
