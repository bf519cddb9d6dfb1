using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace TensorDsl.Generators.Tests.Harness
{
    /// <summary>
    /// Compiles generated kernels with ILGPU's PTX backend (no GPU needed). ILGPU's CPU accelerator runs any IL, so only
    /// this catches a kernel that uses something PTX cannot express.
    /// </summary>
    internal static class PtxCompiler
    {
        /// <summary>Every implicitly grouped kernel of <paramref name="assembly"/> (methods named …_GpuKernel…).</summary>
        public static List<MethodInfo> GeneratedKernels(Assembly assembly)
            => assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.NonPublic | BindingFlags.Static))
                .Where(m => m.Name.Contains("_GpuKernel", StringComparison.Ordinal)).ToList();

        /// <summary>Asserts that every kernel compiles (naming each one that does not, and why).</summary>
        public static void AssertAllCompile(IReadOnlyCollection<MethodInfo> kernels)
        {
            var failures = Failures(kernels);
            Xunit.Assert.True(failures.Count == 0, $"{failures.Count} of {kernels.Count} kernels did not compile:\n" + string.Join("\n", failures));
        }

        /// <summary>Compiles each kernel; returns one line per kernel that did not compile or has no entry point.</summary>
        public static List<string> Failures(IEnumerable<MethodInfo> kernels)
        {
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
            return failures;
        }
    }
}
