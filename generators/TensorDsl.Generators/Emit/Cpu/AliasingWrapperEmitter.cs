using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Models;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// The user's partial method on the CPU, the same for every attribute: when an output shares memory with an input
    /// (<c>MatMul(a, b, a)</c>), the kernel writes pooled temporaries instead and they are copied into the outputs after it
    /// — the result the call gives with separate tensors, as NumPy gives it; otherwise it calls the kernel directly.
    /// </summary>
    internal static class AliasingWrapperEmitter
    {
        private const string Aliasing = "global::TensorDsl.Runtime.OutputAliasing";

        /// <param name="w">Writer.</param>
        /// <param name="modifiers">The method's modifiers as the user wrote them.</param>
        /// <param name="returnType">Its return type.</param>
        /// <param name="methodName">Its name.</param>
        /// <param name="parameters">Its parameters.</param>
        /// <param name="core">The method that runs the kernel, with the same parameters.</param>
        /// <param name="accumulate">The kernel adds into its outputs: a temporary starts as a copy of its output.</param>
        public static void Emit(CodeWriter w, string modifiers, string returnType, string methodName, IReadOnlyList<ParameterModel> parameters, string core, bool accumulate)
        {
            string declaration = $"{modifiers} {returnType} {methodName}({string.Join(", ", parameters.Select(p => $"{p.TypeText} {p.Name}"))})";
            string Call(IEnumerable<string> arguments) => $"{core}({string.Join(", ", arguments)})";
            var direct = parameters.Select(p => CpuKernelEmitter.ArgumentPrefix(p.TypeText) + p.Name).ToList();
            var outputs = parameters.Select((p, i) => (p, i)).Where(x => IsSpan(x.p.TypeText, "TensorSpan")).ToList();
            var inputs = parameters.Where(p => IsSpan(p.TypeText, "ReadOnlyTensorSpan")).ToList();
            if (outputs.Count == 0 || inputs.Count == 0)
            {
                w.Line($"{declaration} => {Call(direct)};");
                return;
            }
            using (w.Block(declaration))
            {
                var condition = outputs.SelectMany(o => inputs.Select(i => $"{Aliasing}.Overlaps({o.p.Name}, {i.Name})"));
                using (w.Block($"if ({string.Join(" || ", condition)})"))
                {
                    w.Line("// An output shares memory with an input: the kernel writes pooled temporaries, copied into the outputs after it.");
                    foreach (var (p, i) in outputs) w.Line($"using var __alias{i} = {Aliasing}.Rent({p.Name}, copyValues: {(accumulate ? "true" : "false")});");
                    var arguments = direct.Select((a, i) => outputs.Any(o => o.i == i) ? $"__alias{i}.Span" : a).ToList();
                    w.Line($"{Call(arguments)};");
                    foreach (var (p, i) in outputs) w.Line($"__alias{i}.CopyTo({p.Name});");
                    w.Line("return;");
                }
                w.Line($"{Call(direct)};");
            }
        }

        // A parameter of type TensorSpan<T> (an output) or ReadOnlyTensorSpan<T> (an input), by value.
        private static bool IsSpan(string typeText, string name)
            => typeText.StartsWith($"global::System.Numerics.Tensors.{name}<", System.StringComparison.Ordinal);
    }
}
