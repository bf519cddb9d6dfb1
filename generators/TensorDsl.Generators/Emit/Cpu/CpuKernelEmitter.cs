using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Programs;
using TensorDsl.Generators.Emit.Programs.Cpu;
using TensorDsl.Generators.Models;
using TensorDsl.Language.Einsum;
using TensorDsl.Language;
using TensorDsl.Language.Lowering;
using TensorDsl.Language.Planning;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// The CPU side of an einsum method: its header comment and aliasing wrapper, then the body of the one-statement program
    /// the einsum lowers to (docs/design.md §3), planned by the program planner and written by the program emitter — one
    /// compiler for <c>[Einsum]</c> and <c>[TensorProgram]</c>.
    /// </summary>
    internal static class CpuKernelEmitter
    {
        internal const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

        /// <param name="w">Writer.</param>
        /// <param name="model">The method.</param>
        /// <param name="einsum">Its program and plan.</param>
        public static void Emit(CodeWriter w, EinsumMethodModel model, EinsumProgram einsum)
        {
            var bound = model.Bound;
            var (_, core, plan) = einsum;
            int names = bound.OperandNames.Count;
            WriteHeaderComment(w, model, einsum);
            string coreName = $"{model.MemberPrefix}_Cpu";
            if (!model.IsFrontEndCore)
            {
                AliasingWrapperEmitter.Emit(w, model.Declaration.Modifiers, model.ReturnTypeText, model.MethodName, model.Parameters, coreName, bound.Accumulate);
                w.Line();
            }
            string renamed = string.Join(", ", model.Parameters.Select((p, i) => $"{core.Parameters[i].Name} is <c>{p.Name.TrimStart('@')}</c>").Take(names + (bound.ReturnsScalar ? 0 : 1)));
            w.Line($"/// <summary>The CPU implementation of <c>{model.MethodName}</c> (the plan above); {renamed}.</summary>");
            ProgramCpuEmitter.EmitCore(w, core, plan, coreName);
        }

        private static string TensorText(EinsumMethodModel model, int id, string labels)
        {
            int m = model.Bound.Spec.Inputs.Count;
            string name = id < m ? model.Bound.OperandNames[id].TrimStart('@') : id == m ? (model.Bound.OutputName?.TrimStart('@') ?? "result") : $"t{id}";
            return $"{name}[{string.Join(",", labels.ToCharArray())}]";
        }

        private static string Distinct(string labels) => new string(labels.Distinct().ToArray());

        internal static string Describe(EinsumMethodModel model, ExecutionPlan plan, PlanStep step)
        {
            int m = model.Bound.Spec.Inputs.Count;
            string Labels(int id) => id < m ? Distinct(model.Bound.Spec.Inputs[id].Labels) : id == m ? model.Bound.Spec.Output.Labels : plan.IntermediateLabels[id - m - 1];
            string text = $"{TensorText(model, step.Result, step.ResultLabels)} = {string.Join(" * ", step.Inputs.Select(i => TensorText(model, i, Labels(i))))}";
            return step.Kind == StepKind.Gemm
                ? $"{text}  (GEMM: batch [{step.Batch}], rows [{step.M}], columns [{step.N}], summed [{step.K}])"
                : $"{text}  (loop nest)";
        }

        private static void WriteHeaderComment(CodeWriter w, EinsumMethodModel model, EinsumProgram einsum)
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
            if (einsum.Contraction is not { } part)
            {
                w.Line("//    plan: the program planner's steps (the einsum did not lower to one contraction):");
                foreach (var step in einsum.Plan.Steps) w.Line("//      " + ProgramSourceWriter.StepSummary(einsum.Core.Program, step));
                return;
            }
            var plan = part.Plan;
            w.Line($"//    plan: {plan.Reason}");
            if (plan.IsDirect)
            {
                var loops = EinsumLoopPlanner.Plan(part.Spec);
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

        /// <summary>The modifier a call passes for a parameter declared with <paramref name="typeText"/> ('in', 'ref', …).</summary>
        internal static string ArgumentPrefix(string typeText)
        {
            string text = typeText.StartsWith("scoped ", System.StringComparison.Ordinal) ? typeText.Substring(7) : typeText;
            if (text.StartsWith("ref readonly ", System.StringComparison.Ordinal)) return "in ";
            if (text.StartsWith("ref ", System.StringComparison.Ordinal)) return "ref ";
            if (text.StartsWith("in ", System.StringComparison.Ordinal)) return "in ";
            return "";
        }

    }
}
