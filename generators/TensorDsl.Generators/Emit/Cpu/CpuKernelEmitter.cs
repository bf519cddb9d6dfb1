using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Shapes;
using TensorDsl.Generators.Models;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// Emits the CPU body of an einsum method: shape binding, then the execution plan — one direct loop nest, or pairwise
    /// steps (packed GEMMs and loop nests) through pooled intermediates — and the vector helpers the loop nests call.
    /// </summary>
    internal static class CpuKernelEmitter
    {
        internal const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

        /// <param name="w">Writer.</param>
        /// <param name="model">The method.</param>
        /// <param name="plan">Its execution plan.</param>
        /// <param name="loops">The loop nest of the whole spec (used when the plan is direct).</param>
        public static void Emit(CodeWriter w, EinsumMethodModel model, ExecutionPlan plan, EinsumLoopPlan loops)
        {
            var bound = model.Bound;
            var spec = bound.Spec;
            string T = bound.ElementKeyword;
            int m = spec.Inputs.Count;
            var nests = new List<LoopNestEmitter>();

            WriteHeaderComment(w, model, plan, loops);
            // The declared method forwards to a core whose parameters have fixed names, so that no user parameter name
            // (say 'p' or 'r0') can collide with a generated local.
            string parameters = string.Join(", ", model.Parameters.Select(p => $"{p.TypeText} {p.Name}"));
            string arguments = string.Join(", ", model.Parameters.Select(p => ArgumentPrefix(p.TypeText) + p.Name));
            string core = $"{model.MemberPrefix}_Cpu";
            if (!model.IsFrontEndCore)
            {
                AliasingWrapperEmitter.Emit(w, model.Declaration.Modifiers, model.ReturnTypeText, model.MethodName, model.Parameters, core, bound.Accumulate);
                w.Line();
            }
            string coreParameters = string.Join(", ", model.Parameters.Select((p, i) => $"{p.TypeText} {CoreParameter(model, i)}"));
            w.Line($"/// <summary>The CPU implementation of <c>{model.MethodName}</c> (the plan above).</summary>");
            using (w.Block($"private static {model.ReturnTypeText} {core}({coreParameters})"))
            {
                WriteBinding(w, model);

                var inputs = new NestTensor[m];
                for (int i = 0; i < m; i++)
                {
                    int input = i;
                    inputs[i] = new NestTensor($"r{i}", Distinct(spec.Inputs[i].Labels), c => $"s{input}_{c}", binderTensor: i);
                }
                var output = new NestTensor("rOut", spec.Output.Labels, c => $"sOut_{c}", binderTensor: bound.ReturnsScalar ? -1 : m);
                if (!plan.IsDirect && plan.IntermediateLabels.Count == 0) w.Line();
                nests.AddRange(ExecutionPlanEmitter.Emit(w, T, plan, spec, inputs, output, c => $"n_{c}", model.MemberPrefix,
                    () => ClearOutput(w, model), accumulate: bound.Accumulate || bound.ReturnsScalar, ellipsis: spec.InputsHaveEllipsis || spec.Output.HasEllipsis,
                    id => id < m ? bound.OperandNames[id].TrimStart('@') : bound.OutputName?.TrimStart('@') ?? "result"));
                if (bound.ReturnsScalar)
                {
                    w.Line("return __result;");
                }
            }

            foreach (var nest in nests)
            {
                w.Line();
                nest.EmitHelper();
            }
        }

        private static void WriteBinding(CodeWriter w, EinsumMethodModel model)
        {
            var bound = model.Bound;
            var spec = bound.Spec;
            string T = bound.ElementKeyword;
            int m = spec.Inputs.Count;
            string Param(int index) => CoreParameter(model, index);
            ShapeLayoutEmitter.For(bound.ToProgram(), model.MemberPrefix).EmitBind(w, Param);
            w.Line();

            w.Line("// Index sizes, and each tensor's stride per index (0 where it lacks or broadcasts the index).");
            // A [Dim] size is a constant (checked against the call above), so the JIT can fold and unroll with it.
            var dynamic = spec.Labels.Where(c => !bound.Dims.Any(d => d.Index[0] == c)).ToList();
            if (dynamic.Count > 0)
            {
                w.Line("nint " + string.Join(", ", dynamic.Select(c => $"n_{c} = __bind.Size({spec.Labels.IndexOf(c)})")) + ";");
            }
            foreach (var dim in bound.Dims)
            {
                w.Line($"const nint n_{dim.Index} = {dim.Size}; // [Dim(\"{dim.Index}\", {dim.Size})]");
            }
            for (int t = 0; t <= m; t++)
            {
                string own = t == m ? spec.Output.Labels : spec.Inputs[t].Labels;
                string labels = new string(spec.Labels.Where(c => own.IndexOf(c) >= 0).ToArray());
                if (labels.Length == 0) continue;
                string name = t == m ? "Out" : t.ToString();
                w.Line("nint " + string.Join(", ", labels.Select(c => $"s{name}_{c} = __bind.Stride({t}, {spec.Labels.IndexOf(c)})")) + ";");
            }
            for (int i = 0; i < m; i++)
            {
                w.Line($"ref {T} r{i} = ref {Unsafe}.AsRef(in {Param(i)}.GetPinnableReference());");
            }
            if (bound.ReturnsScalar)
            {
                w.Line($"{T} __result = 0;");
                w.Line($"ref {T} rOut = ref __result;");
            }
            else
            {
                w.Line($"ref {T} rOut = ref {Param(m)}.GetPinnableReference();");
            }
        }

        private static void ClearOutput(CodeWriter w, EinsumMethodModel model)
        {
            if (!model.Bound.Accumulate && !model.Bound.ReturnsScalar)
            {
                w.Line($"{CoreParameter(model, model.Parameters.Count - 1)}.Clear(); // NumPy semantics: the output is overwritten (Accumulate = false).");
            }
        }

        private static string TensorText(EinsumMethodModel model, int id, string labels)
        {
            int m = model.Bound.Spec.Inputs.Count;
            string name = id < m ? model.Bound.OperandNames[id].TrimStart('@') : id == m ? (model.Bound.OutputName?.TrimStart('@') ?? "result") : $"t{id}";
            return $"{name}[{string.Join(",", labels.ToCharArray())}]";
        }

        internal static string Describe(EinsumMethodModel model, ExecutionPlan plan, PlanStep step)
        {
            int m = model.Bound.Spec.Inputs.Count;
            string Labels(int id) => id < m ? Distinct(model.Bound.Spec.Inputs[id].Labels) : id == m ? model.Bound.Spec.Output.Labels : plan.IntermediateLabels[id - m - 1];
            string text = $"{TensorText(model, step.Result, step.ResultLabels)} = {string.Join(" * ", step.Inputs.Select(i => TensorText(model, i, Labels(i))))}";
            return step.Kind == StepKind.Gemm
                ? $"{text}  (GEMM: batch [{step.Batch}], rows [{step.M}], columns [{step.N}], summed [{step.K}])"
                : $"{text}  (loop nest)";
        }

        internal static void WriteHeaderComment(CodeWriter w, EinsumMethodModel model, ExecutionPlan plan, EinsumLoopPlan loops)
        {
            var bound = model.Bound;
            var spec = bound.Spec;
            string Tensor(string name, Subscript s) => $"{name.TrimStart('@')}[{string.Join(",", s.Text.Replace("...", "…").ToCharArray())}]";
            var operands = spec.Inputs.Select((s, i) => Tensor(bound.OperandNames[i], s));
            string output = bound.ReturnsScalar ? "return value" : Tensor(bound.OutputName!, spec.Output);
            string summed = spec.SummedLabels.Length == 0 ? "none" : string.Join(", ", spec.SummedLabels.ToCharArray());
            string free = spec.Output.Labels.Length == 0 ? "none" : string.Join(", ", spec.Output.Labels.ToCharArray());
            w.Line($"// ── Einsum \"{spec.Text}\"{(spec.IsOutputExplicit ? "" : $" (implicit output: {spec.ExplicitText})")}");
            w.Line($"//    {string.Join("  ", operands)}  ->  {output}{(bound.Accumulate ? " (accumulated)" : "")}");
            w.Line($"//    output indices: {free}; summed: {summed}");
            w.Line($"//    plan: {plan.Reason}");
            if (plan.IsDirect)
            {
                if (loops.LoopOrder.Length > 0) w.Line($"//    loop order: {string.Join(" > ", loops.LoopOrder.ToCharArray())}; {loops.Reason}");
                string points = spec.Labels.Length == 0 ? "1" : string.Join("·", spec.Labels.Select(c => $"|{c}|"));
                if (spec.InputsHaveEllipsis) points += "·|…|";
                w.Line($"//    work: {points} points x {spec.Inputs.Count} FLOPs ({spec.Inputs.Count - 1} multiplies and an add each)");
            }
            else
            {
                for (int s = 0; s < plan.Steps.Count; s++) w.Line($"//    step {s + 1}: {Describe(model, plan, plan.Steps[s])}");
                w.Line($"//    work at the planning sizes ({plan.PlanningSizes}): {plan.Steps.Sum(x => x.Flops):g4} FLOPs");
            }
        }

        /// <summary>The core method's name for parameter <paramref name="index"/>: <c>__in0</c>, <c>__in1</c>, …, <c>__out</c>.</summary>
        private static string CoreParameter(EinsumMethodModel model, int index)
            => index < model.Bound.OperandNames.Count ? $"__in{index}" : "__out";

        /// <summary>The modifier a call passes for a parameter declared with <paramref name="typeText"/> ('in', 'ref', …).</summary>
        internal static string ArgumentPrefix(string typeText)
        {
            string text = typeText.StartsWith("scoped ", System.StringComparison.Ordinal) ? typeText.Substring(7) : typeText;
            if (text.StartsWith("ref readonly ", System.StringComparison.Ordinal)) return "in ";
            if (text.StartsWith("ref ", System.StringComparison.Ordinal)) return "ref ";
            if (text.StartsWith("in ", System.StringComparison.Ordinal)) return "in ";
            return "";
        }

        private static string Distinct(string labels) => new string(labels.Distinct().ToArray());
    }
}
