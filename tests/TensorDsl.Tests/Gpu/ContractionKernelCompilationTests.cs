using System;
using System.Reflection;
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
            string ptx = Ptx.Compile(method, explicitlyGrouped: grouped);
            Assert.Contains(".entry", ptx, StringComparison.Ordinal);
            Assert.Contains(element == "float" ? ".f32" : ".f64", ptx, StringComparison.Ordinal);
            if (grouped)
            {
                Assert.Contains(".shared", ptx, StringComparison.Ordinal);
                Assert.Contains("bar.sync", ptx, StringComparison.Ordinal);
            }
        }
    }
}
