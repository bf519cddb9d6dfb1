using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace TensorDsl.Generators.Tests.Programs
{
    /// <summary>
    /// Every generated program kernel of the corpus compiles with ILGPU's PTX backend (no GPU needed). The CPU accelerator
    /// runs any IL, so only this catches a kernel that calls something PTX lacks (Math.Exp has no PTX intrinsic in
    /// ILGPU 1.5 without ILGPU.Algorithms: generated kernels call DeviceMath).
    /// </summary>
    public sealed class ProgramPtxCompilationTests
    {
        public static IEnumerable<object[]> Elements() => new[] { new object[] { "float" }, new object[] { "double" } };

        [Theory]
        [MemberData(nameof(Elements))]
        public void Every_program_kernel_compiles_to_PTX(string element)
        {
            var assembly = element == "float" ? ProgramKernelTests.s_float.Value : ProgramKernelTests.s_double.Value;
            var kernels = assembly.GetType("TestPrograms.P")!.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                .Where(m => m.Name.Contains("_GpuKernel", StringComparison.Ordinal)).ToList();
            // Every corpus program but the ones on the runtime's grouped attention kernels has generated kernels.
            Assert.True(kernels.Count >= ProgramCorpus.Programs.Length - 4, $"only {kernels.Count} generated kernels");
            TensorDsl.Generators.Tests.Harness.PtxCompiler.AssertAllCompile(kernels);
        }
    }
}
