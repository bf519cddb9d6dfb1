using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Programs.Gpu;
using TensorDsl.Generators.Models;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Gpu
{
    /// <summary>
    /// The GPU overload of an einsum method, <c>M(TensorDevice device, DeviceTensor&lt;T&gt; a, …)</c>: its documentation,
    /// signature, device checks and aliasing, then the GPU body of the one-statement program the einsum lowers to
    /// (<see cref="GpuProgramBody"/>, the same as a <c>[TensorProgram]</c>'s): the pairwise steps of the CPU's plan on the
    /// runtime's contraction kernels.
    /// </summary>
    internal static class EinsumGpuEmitter
    {
        public static void Emit(CodeWriter w, EinsumMethodModel model, EinsumProgram einsum)
        {
            var bound = model.Bound;
            var spec = bound.Spec;
            string T = bound.ElementKeyword;
            int m = spec.Inputs.Count;
            var (_, core, plan) = einsum;
            string device = model.Parameters.Any(p => p.Name.TrimStart('@') == "device") ? "__device" : "device";
            var body = new GpuProgramBody(core, plan, device);
            var names = model.Parameters.Select(p => p.Name).ToList();

            string how = plan.Steps.Count == 1 && plan.Steps[0] is EinsumStep { Parts.Count: 1 } e && GpuContractionEmitter.WhyOneKernel(core.Program, e) is null
                ? $"the CPU's plan, {GpuContractionEmitter.Describe(e.Parts[0])}"
                : "one kernel thread per element of the result, each looping over the summed indices";
            w.Line($"// ── GPU overload of {model.MethodName}: einsum \"{spec.ExplicitText}\" as {how}.");
            w.Line($"/// <summary>Computes the einsum <c>{Xml(spec.ExplicitText)}</c> of <c>{model.MethodName}</c> on <paramref name=\"{device.TrimStart('@')}\"/> with ILGPU kernels.</summary>");
            w.Line($"/// <param name=\"{device}\">The accelerator that runs the kernels; every tensor must live on it.</param>");
            for (int i = 0; i < m; i++)
            {
                w.Line($"/// <param name=\"{names[i].TrimStart('@')}\">Operand {i}, subscripts <c>{Xml(spec.Inputs[i].Text)}</c>.</param>");
            }
            if (bound.ReturnsScalar)
            {
                w.Line("/// <returns>The rank-0 result.</returns>");
            }
            else
            {
                string effect = bound.Accumulate ? "the result is added into it (Accumulate = true)" : "overwritten with the result";
                w.Line($"/// <param name=\"{names[m].TrimStart('@')}\">The output, subscripts <c>{Xml(spec.Output.Text)}</c>; {effect}.</param>");
            }
            w.Line("/// <exception cref=\"global::System.ArgumentException\">A shape does not fit the spec, or a tensor lives on another device. Nothing is written. (An output that shares a buffer with an operand is computed into a temporary and copied.)</exception>");

            int tensors = bound.ReturnsScalar ? m : m + 1;
            var parameters = new List<string> { $"global::TensorDsl.TensorDevice {device}" };
            parameters.AddRange(names.Take(tensors).Select(n => $"global::TensorDsl.DeviceTensor<{T}> {n}"));
            using (w.Block($"{model.Declaration.OverloadModifiers} {(bound.ReturnsScalar ? T : "void")} {model.MethodName}({string.Join(", ", parameters)})"))
            {
                w.Line($"global::System.ArgumentNullException.ThrowIfNull({device});");
                for (int t = 0; t < tensors; t++) w.Line($"{device}.CheckTensor({names[t]}, {EinsumSourceWriter.Literal(names[t].TrimStart('@'))});");
                // A front end's private core has no CPU method of that name: its host code is the CPU core, after the aliasing
                // check (which the CPU core, unlike a public CPU method, does not make).
                if (!model.IsFrontEndCore) HostCodeEmitter.Emit(w, device, model.MethodName, names.Take(tensors).ToList(), names.Take(tensors).ToList(), bound.ReturnsScalar);
                if (!bound.ReturnsScalar)
                {
                    var arguments = new[] { device }.Concat(names.Take(tensors)).ToList();
                    DeviceAliasingEmitter.Emit(w, T, model.MethodName, arguments, new[] { names[m] }, names.Take(m).ToList(), bound.Accumulate);
                }
                if (model.IsFrontEndCore) HostCodeEmitter.Emit(w, device, $"{model.MemberPrefix}_Cpu", names.Take(tensors).ToList(), names.Take(tensors).ToList(), bound.ReturnsScalar);
                w.Line($"// The program's names for the tensors ({string.Join(", ", Enumerable.Range(0, tensors).Select(t => $"{EinsumProgram.TensorName(model, t)} is {names[t].TrimStart('@')}"))}).");
                for (int t = 0; t < tensors; t++) w.Line($"var {EinsumProgram.TensorName(model, t)} = {names[t]};");
                body.EmitStatements(w);
            }
            w.Line();
            body.EmitMembers(w);
        }

        private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
