using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
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
            using var context = Context.Create(builder => builder.CPU());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
            var failures = new List<string>();
            foreach (var kernel in kernels)
            {
                try
                {
                    var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), default);
                    if (!compiled.PTXAssembly.Contains(".entry", StringComparison.Ordinal)) failures.Add($"{kernel.Name}: no entry point");
                }
                catch (Exception e)
                {
                    failures.Add($"{kernel.Name}: {e.GetType().Name}: {e.Message}");
                }
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
    }
}
