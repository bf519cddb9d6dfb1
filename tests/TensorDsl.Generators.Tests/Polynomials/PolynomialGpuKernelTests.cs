using System.Linq;
using System.Reflection;
using Xunit;

namespace TensorDsl.Generators.Tests.Polynomials
{
    /// <summary>
    /// On the GPU every <c>[EquivariantPolynomial]</c> (float and double, with and without channels) runs its plan's pairwise
    /// steps on the runtime's contraction kernels, which <c>ContractionKernelCompilationTests</c> compiles with ILGPU's PTX
    /// backend: no polynomial has a generated kernel of its own left to compile.
    /// </summary>
    public sealed class PolynomialGpuKernelTests
    {
        [Fact]
        public void No_polynomial_needs_a_generated_kernel()
        {
            var (cases, assembly) = PolynomialKernelTests.All.Value;
            Assert.NotEmpty(cases);
            var kernels = assembly.GetType("TestPolynomials.P")!.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                .Where(m => m.Name.Contains("_GpuKernel", System.StringComparison.Ordinal)).Select(m => m.Name).ToList();
            Assert.Empty(kernels);
        }
    }
}
