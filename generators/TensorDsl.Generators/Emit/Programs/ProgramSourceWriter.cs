using System;
using System.Linq;
using TensorDsl.Generators.Emit.Programs.Cpu;
using TensorDsl.Generators.Emit.Programs.Gpu;
using TensorDsl.Generators.Models;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Programs
{
    /// <summary>
    /// Writes one file per <c>[TensorProgram]</c> method: the plan as a comment, the CPU implementation of the partial
    /// method, and the GPU overload. The plan is computed once here and given to both backends.
    /// </summary>
    internal static class ProgramSourceWriter
    {
        public static (string HintName, string Source) Write(ProgramTarget target)
            => GeneratedFile.Write(target.Valid, target.Invalid, m => m.HintName, WriteValid,
                (m, reason) => new InvalidEinsumModel(m.Declaration, "void", m.Parameters, reason));

        private static string WriteValid(ProgramMethodModel model) => WriteProgram(model);

        /// <summary>The file of a valid program model: every attribute that lowers to a program without a header of its own.</summary>
        public static string WriteProgram(ProgramMethodModel model)
        {
            var plan = ProgramPlanner.Plan(model.Program);
            var w = new CodeWriter();
            EinsumSourceWriter.WriteFileHeader(w);
            EinsumSourceWriter.WriteInTypes(w, model.Declaration, () =>
            {
                Shapes.ShapeLayoutEmitter.For(model.Program, model.MemberPrefix).EmitField(w, model.MethodName, $"the program of {model.MethodName}");
                w.Line();
                ProgramCpuEmitter.Emit(w, model, plan);
                w.Line();
                // The GPU has no fused attention backward kernel yet: it runs a backward's statements as derived.
                ProgramGpuEmitter.Emit(w, model, model.Program.Statements.Any(s => s.Fused is not null) ? ProgramPlanner.Plan(model.Program, fuseGradients: false) : plan);
            });
            return w.ToString();
        }

        /// <summary>The header comment shared by both backends: the program as written and the plan, step by step.</summary>
        public static void WritePlanComment(CodeWriter w, ProgramMethodModel model, ProgramPlan plan, string backend)
        {
            var p = model.Program;
            w.Line($"// ── TensorProgram {model.MethodName} ({backend}){(model.Origin is null ? "" : ": " + model.Origin)}");
            foreach (var line in p.Text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0))
            {
                w.Line("//    " + line.Trim());
            }
            w.Line("//    plan:");
            int n = 1;
            foreach (var step in plan.Steps)
            {
                w.Line($"//      {n++}. {StepSummary(p, step, gpu: backend == "GPU")}");
            }
            foreach (var note in plan.Notes)
            {
                w.Line($"//    {(note.Id == TensorDsl.Language.DiagnosticIds.NotFused ? "not fused" : "not planned")} ({note.Id}): {note.Message}");
            }
            if (plan.Notes.Count == 0) w.Line("//    every intermediate is fused: nothing but the outputs is stored");
        }

        // "packed GEMM", "2 pairwise steps: GEMM, loop nest", "one loop nest".
        private static string Plan(TensorDsl.Language.Planning.ExecutionPlan plan) => plan.IsDirect
            ? "one vectorized loop nest"
            : plan.Steps.Count == 1 ? (plan.Steps[0].Kind == TensorDsl.Language.Planning.StepKind.Gemm ? "packed GEMM" : "one loop nest")
            : $"{plan.Steps.Count} pairwise steps: {string.Join(", ", plan.Steps.Select(s => s.Kind == TensorDsl.Language.Planning.StepKind.Gemm ? "GEMM" : "loop nest"))}";

        // On the GPU a contraction is one kernel thread per element of its result, or the tiled GEMM when it is one matrix product.
        private static string GpuPlan(TensorDsl.Language.Programs.Binding.BoundProgram p, ContractionPart part, EinsumStep step)
            => Gpu.GpuContractionEmitter.WhyOneKernel(p, step) is { } why
                ? $"one kernel thread per element of the statement, looping over the summed indices: {why}"
                : Gpu.GpuContractionEmitter.Describe(part);

        /// <summary>
        /// The comment that opens contraction <paramref name="k"/> of <paramref name="step"/> on either backend: its einsum, the
        /// program indices its one-letter labels stand for (where they differ), and why the planner planned it so.
        /// </summary>
        public static string ContractionComment(EinsumStep step, int k)
        {
            var part = step.Parts[k];
            var renamed = step.Labels.Where(b => part.Spec.Labels.IndexOf(b.Label) >= 0 && b.Index != b.Label.ToString()).Select(b => $"{b.Label} = {b.Index}").ToList();
            return $"// Contraction {k + 1}: \"{part.Spec.ExplicitText}\"{(renamed.Count > 0 ? $" ({string.Join(", ", renamed)})" : "")}: {part.Plan.Reason}.";
        }

        /// <summary>One line per step for the plan comments; <paramref name="gpu"/> describes the GPU's kernels instead of the CPU's.</summary>
        public static string StepSummary(TensorDsl.Language.Programs.Binding.BoundProgram p, ProgramStep step, bool gpu = false)
        {
            string target = $"{p.Tensors[step.Target].Name}[{string.Join(",", step.Indices)}]";
            return step switch
            {
                AttentionStep a => $"{target} ← fused {(a.Kind == AttentionKind.Standard ? "standard" : "tensor")} attention kernel " +
                    $"(query {a.Query}, keys {string.Join(",", a.Keys)}, features {TensorDsl.Language.Programs.Binding.IndexNames.Origin(a.Feature)}, values {a.ValueIndex}" +
                    (a.Batch.Count > 0 ? $", once per {string.Join(",", a.Batch)}" : "") +
                    (a.Windows.Any(x => x.Low is not null || x.High is not null) ? ", relative key windows as loop bounds" : "") +
                    "): online softmax over key tiles, scores never stored",
                AttentionGradientStep g => $"{string.Join(", ", g.Gradients.Where(t => t >= 0).Append(g.ScaleGradient).Where(t => t >= 0).Select(t => p.Tensors[t].Name))} ← fused " +
                    $"{(g.Forward.Kind == AttentionKind.Standard ? "standard" : "tensor")} attention backward kernel (FlashAttention-2 style" +
                    (g.Forward.Batch.Count > 0 ? $", once per {string.Join(",", g.Forward.Batch)}" : "") +
                    "): scores recomputed block by block, dS = P∘(dP − D) shared by every gradient, no score tensor stored",
                StreamingSoftmaxStep s => $"{target} ← one streaming pass over {string.Join(",", s.Reduced)} per row [{string.Join(",", s.Rows)}]: " +
                    "online softmax (running max and denominator, the row of the output rescaled as its accumulator), scores never stored",
                EinsumStep e => $"{target} ← " + string.Join("; ", e.Parts.Select((part, k) =>
                        $"contraction \"{part.Spec.ExplicitText}\" ({(gpu ? GpuPlan(p, part, e) : Plan(part.Plan))}){(part.IntoTarget ? "" : " into a pooled buffer")}")) +
                    (e.Prologues.Count > 0 ? $"; {e.Prologues.Count} elementwise factor(s) computed into buffers first" : "") +
                    (e.Epilogue is null ? "" : "; then the epilogue over the target's indices"),
                GauntStep g => $"{target} ← gaunt[{g.Product.L1},{g.Product.L2},{g.Product.LOut}] kernel ({g.Lowering}{(g.Product.Method == TensorDsl.Language.Equivariant.GauntMethodKind.Auto ? ", chosen by the Gaunt cost model" : ", as requested")}" +
                    $"{(gpu ? "; on the GPU the device Fourier kernels where they apply, else the table kernel" : "")}), once per point of [{string.Join(",", g.Leading)}]" +
                    (p.Tensors[step.Target].Kind == TensorDsl.Language.Programs.Binding.ProgramTensorKind.Intermediate ? " into a pooled buffer" : ""),
                _ => $"{target} ← loop nest over [{string.Join(",", step.Indices)}]" +
                    (p.Tensors[step.Target].Kind == TensorDsl.Language.Programs.Binding.ProgramTensorKind.Intermediate ? " into a pooled buffer" : ""),
            };
        }
    }
}
