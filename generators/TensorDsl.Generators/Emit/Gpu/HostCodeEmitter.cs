using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Generators.Emit.Gpu
{
    /// <summary>
    /// The first branch of every GPU overload: on a device whose work runs as the generated CPU code
    /// (<c>TensorDevice.RunsGeneratedCpuCode</c>: <c>new TensorDevice()</c> on a machine without CUDA or OpenCL), the overload
    /// calls its CPU overload on spans over the tensors' host memory, so no user meets ILGPU's CPU accelerator, 10–3000×
    /// slower, without asking for it. The CPU overload makes its own checks and handles overlapping outputs.
    /// </summary>
    internal static class HostCodeEmitter
    {
        /// <param name="w">Writer (inside the overload, after the device and tensor checks).</param>
        /// <param name="device">The TensorDevice parameter.</param>
        /// <param name="method">The overloads' name.</param>
        /// <param name="arguments">The CPU overload's arguments in order (the GPU overload's, less the device).</param>
        /// <param name="tensors">Those of <paramref name="arguments"/> that are device tensors.</param>
        /// <param name="returnsValue">The overload returns its rank-0 result.</param>
        public static void Emit(CodeWriter w, string device, string method, IReadOnlyList<string> arguments, ICollection<string> tensors, bool returnsValue)
        {
            using (w.Block($"if ({device}.RunsGeneratedCpuCode)"))
            {
                w.Line("// No CUDA or OpenCL device: the generated CPU code runs over the tensors' host memory.");
                string call = $"{method}({string.Join(", ", arguments.Select(a => tensors.Contains(a) ? a + ".HostSpan()" : a))})";
                if (returnsValue)
                {
                    w.Line($"return {call};");
                }
                else
                {
                    w.Line($"{call};");
                    w.Line("return;");
                }
            }
        }
    }
}
