using System.Linq;
using System.Reflection;
using TensorDsl.Tests.Gpu;
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
        public void Only_the_steps_that_do_not_follow_a_pairwise_plan_have_generated_kernels()
        {
            // An einsum runs its plan's pairwise steps on the runtime's contraction kernels; only a spec with a '...' group
            // or a contraction of three or more tensors planned as one loop nest keeps a kernel of its own.
            var names = Kernels().Select(m => m.Name).ToList();
            Assert.NotEmpty(names);
            var expected = typeof(GpuKernels).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => m.GetCustomAttribute<EinsumAttribute>() is { } einsum && einsum.Spec.Contains("...", System.StringComparison.Ordinal))
                .Select(m => m.Name).Distinct().OrderBy(n => n, System.StringComparer.Ordinal);
            var owners = names.Select(n => System.Text.RegularExpressions.Regex.Match(n, @"^__tdsl_(\w+?)_(float|double)_").Groups[1].Value).Distinct().OrderBy(n => n, System.StringComparer.Ordinal);
            Assert.Equal(expected, owners);
        }

        [Theory]
        [MemberData(nameof(KernelNames))]
        public void Generated_kernel_compiles_to_PTX(string kernelName)
        {
            var kernel = Kernels().Single(m => m.Name == kernelName);
            Assert.Contains(".entry", Ptx.Compile(kernel, explicitlyGrouped: false));
        }
    }
}
