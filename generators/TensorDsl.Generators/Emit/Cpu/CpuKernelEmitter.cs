using System.Collections.Generic;
using System.Linq;
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
                w.Line($"{model.Declaration.Modifiers} {model.ReturnTypeText} {model.MethodName}({parameters}) => {core}({arguments});");
                w.Line();
            }
            string coreParameters = string.Join(", ", model.Parameters.Select((p, i) => $"{p.TypeText} {CoreParameter(model, i)}"));
            w.Line($"/// <summary>The CPU implementation of <c>{model.MethodName}</c> (the plan above).</summary>");
            using (w.Block($"private static {model.ReturnTypeText} {core}({coreParameters})"))
            {
                WriteBinding(w, model);

                // Tensors of the plan: inputs, the output, then the intermediates.
                var tensors = new Dictionary<int, NestTensor>();
                for (int i = 0; i < m; i++)
                {
                    int input = i;
                    tensors[i] = new NestTensor($"r{i}", Distinct(spec.Inputs[i].Labels), c => $"s{input}_{c}", binderTensor: i);
                }
                tensors[m] = new NestTensor("rOut", spec.Output.Labels, c => $"sOut_{c}", binderTensor: bound.ReturnsScalar ? -1 : m);
                for (int k = 0; k < plan.IntermediateLabels.Count; k++)
                {
                    int id = m + 1 + k;
                    tensors[id] = new NestTensor($"rT{id}", plan.IntermediateLabels[k], c => $"sT{id}_{c}");
                }

                if (plan.IsDirect)
                {
                    ClearOutput(w, model);
                    w.Line();
                    var nest = new LoopNestEmitter(w, T, loops, Enumerable.Range(0, m).Select(i => tensors[i]).ToArray(), tensors[m], model.MemberPrefix);
                    nest.Emit(ellipsis: spec.InputsHaveEllipsis || spec.Output.HasEllipsis);
                    nests.Add(nest);
                }
                else
                {
                    WriteIntermediates(w, model, plan, m);
                    bool pooled = plan.IntermediateLabels.Count > 0;
                    using (pooled ? w.Block("try") : w.Indent(0))
                    {
                        for (int s = 0; s < plan.Steps.Count; s++)
                        {
                            var step = plan.Steps[s];
                            var a = tensors[step.Inputs[0]];
                            var b = tensors[step.Inputs[1]];
                            var c = tensors[step.Result];
                            w.Line($"// Step {s + 1}: {Describe(model, plan, step)}");
                            using (w.Block(""))
                            {
                                bool toOutput = step.Result == m;
                                if (step.Kind == StepKind.Gemm)
                                {
                                    GemmStepEmitter.Emit(w, step, T, a, b, c, accumulate: toOutput && bound.Accumulate);
                                    continue;
                                }
                                if (toOutput) ClearOutput(w, model);
                                else w.Line($"global::System.MemoryExtensions.AsSpan(__buf{step.Result}, 0, (int)__size{step.Result}).Clear();");
                                var subSpec = EinsumSpec.FromLabels(new[] { a.Labels, b.Labels }, c.Labels);
                                var nest = new LoopNestEmitter(w, T, EinsumLoopPlanner.Plan(subSpec), new[] { a, b }, c, $"{model.MemberPrefix}_Step{s + 1}");
                                nest.Emit(ellipsis: false);
                                nests.Add(nest);
                            }
                        }
                    }
                    if (pooled)
                    {
                        using (w.Block("finally"))
                        {
                            for (int k = 0; k < plan.IntermediateLabels.Count; k++)
                            {
                                w.Line($"global::System.Buffers.ArrayPool<{T}>.Shared.Return(__buf{m + 1 + k});");
                            }
                        }
                    }
                }
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
            w.Line("// Bind the shapes of this call. Every check throws ArgumentException before anything is written.");
            w.Line($"var __bind = new global::TensorDsl.Runtime.EinsumBinding({model.MemberPrefix}_Layout, stackalloc nint[{model.MemberPrefix}_Layout.ScratchLength]);");
            string Param(int index) => CoreParameter(model, index);
            for (int i = 0; i < m; i++)
            {
                w.Line($"__bind.BindInput({i}, {Param(i)}.Lengths, {Param(i)}.Strides);");
            }
            foreach (var dim in bound.Dims)
            {
                w.Line($"__bind.RequireSize({spec.Labels.IndexOf(dim.Index[0])}, {dim.Size}); // [Dim(\"{dim.Index}\", {dim.Size})]");
            }
            w.Line(bound.ReturnsScalar ? "__bind.BindScalarResult();" : $"__bind.BindOutput({Param(m)}.Lengths, {Param(m)}.Strides);");
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

        private static void WriteIntermediates(CodeWriter w, EinsumMethodModel model, ExecutionPlan plan, int m)
        {
            string T = model.Bound.ElementKeyword;
            w.Line();
            if (plan.IntermediateLabels.Count == 0) return;
            w.Line("// Intermediates: dense row-major buffers from the shared pool (no allocation in steady state).");
            for (int k = 0; k < plan.IntermediateLabels.Count; k++)
            {
                int id = m + 1 + k;
                string labels = plan.IntermediateLabels[k];
                string size = labels.Length == 0 ? "1" : string.Join(" * ", labels.Select(c => $"n_{c}"));
                w.Line($"nint __size{id} = {size};");
                // Row-major strides: the last axis has unit stride.
                string stride = "1";
                var strides = new List<string>();
                for (int a = labels.Length - 1; a >= 0; a--)
                {
                    strides.Insert(0, $"sT{id}_{labels[a]} = {stride}");
                    stride = stride == "1" ? $"n_{labels[a]}" : $"{stride} * n_{labels[a]}";
                }
                if (strides.Count > 0) w.Line("nint " + string.Join(", ", strides) + ";");
                w.Line($"var __buf{id} = global::System.Buffers.ArrayPool<{T}>.Shared.Rent(checked((int)__size{id}));");
                w.Line($"ref {T} rT{id} = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(__buf{id});");
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
