using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Generators.Emit.Gpu
{
    /// <summary>
    /// The GPU overloads' counterpart of the CPU's aliasing wrapper (<see cref="Cpu.AliasingWrapperEmitter"/>): when an
    /// output shares its device buffer with an input, the overload runs again on a temporary device tensor for that output
    /// and copies it into the output, so the result is the one separate tensors give, on every attribute and backend.
    /// </summary>
    internal static class DeviceAliasingEmitter
    {
        /// <param name="w">Writer (inside the overload, after the tensors are checked).</param>
        /// <param name="elementType">float or double.</param>
        /// <param name="method">The overload's name (it calls itself with the temporaries).</param>
        /// <param name="arguments">The overload's arguments in order, the device first.</param>
        /// <param name="outputs">The output parameters.</param>
        /// <param name="inputs">The input tensor parameters.</param>
        /// <param name="accumulate">The kernel adds into its outputs: a temporary starts as a copy of its output.</param>
        /// <param name="returnsValue">The overload returns a value (then it is returned from the call on the temporaries).</param>
        public static void Emit(CodeWriter w, string elementType, string method, IReadOnlyList<string> arguments, IReadOnlyList<string> outputs,
            IReadOnlyList<string> inputs, bool accumulate, bool returnsValue = false)
        {
            if (outputs.Count == 0 || inputs.Count == 0) return;
            var condition = outputs.SelectMany(o => inputs.Select(i => $"{o}.SharesBufferWith({i})"));
            using (w.Block($"if ({string.Join(" || ", condition)})"))
            {
                w.Line("// An output shares its buffer with an input: run on a temporary for each output, then copy it into the output.");
                string device = arguments[0];
                foreach (var o in outputs)
                {
                    string temp = Temp(o);
                    w.Line($"using var {temp} = {device}.Allocate<{elementType}>({o}.Lengths.ToArray());");
                    if (accumulate) w.Line($"{temp}.CopyFrom({o});");
                }
                string call = $"{method}({string.Join(", ", arguments.Select(a => outputs.Contains(a) ? Temp(a) : a))})";
                w.Line(returnsValue ? $"var __result = {call};" : $"{call};");
                foreach (var o in outputs) w.Line($"{o}.CopyFrom({Temp(o)});");
                w.Line(returnsValue ? "return __result;" : "return;");
            }
        }

        private static string Temp(string output) => "__alias_" + output.TrimStart('@');
    }
}
