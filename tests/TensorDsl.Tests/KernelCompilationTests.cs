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
    /// ILGPU's CPU accelerator runs a kernel's .NET IL as it is, so a kernel that calls a BCL helper ILGPU cannot translate
    /// would pass every CPU test and still fail on a GPU. These tests compile every generated kernel with ILGPU's PTX
    /// backend, which needs no GPU or driver, so such a kernel fails here.
    /// </summary>
    public sealed class KernelCompilationTests
    {
        public static TheoryData<string> KernelNames()
        {
            var data = new TheoryData<string>();
            foreach (var name in Kernels().Select(m => m.Name).OrderBy(n => n, System.StringComparer.Ordinal)) data.Add(name);
            return data;
        }

        private static MethodInfo[] Kernels()
            => typeof(GpuKernels).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                .Where(m => System.Text.RegularExpressions.Regex.IsMatch(m.Name, @"_GpuKernel\d+$")) // one per planned step: __tdsl_M_…_GpuKernel1
                .ToArray();

        [Fact]
        public void Every_einsum_method_has_a_kernel()
        {
            int methods = typeof(GpuKernels).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Count(m => m.GetCustomAttribute<EinsumAttribute>() is not null);
            Assert.Equal(methods, Kernels().Length);
        }

        [Theory]
        [MemberData(nameof(KernelNames))]
        public void Generated_kernel_compiles_to_PTX(string kernelName)
        {
            var kernel = Kernels().Single(m => m.Name == kernelName);
            using var context = Context.Create(builder => builder.CPU());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
            var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), default);
            Assert.Contains(".entry", compiled.PTXAssembly);
        }
    }
}
