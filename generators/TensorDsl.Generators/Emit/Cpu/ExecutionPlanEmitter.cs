using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// Emits the steps of one <see cref="ExecutionPlan"/> — a direct loop nest, or pairwise packed GEMMs and loop nests
    /// through pooled intermediates — over tensors that the caller has already bound. One emitter for every contraction:
    /// an <c>[Einsum]</c> method's body and each contraction of a <c>[TensorProgram]</c> statement.
    /// </summary>
    internal static class ExecutionPlanEmitter
    {
        /// <summary>Writes the plan; returns the loop nests, whose vector helpers the caller emits after the method.</summary>
        /// <param name="w">Writer.</param>
        /// <param name="elementType">float or double.</param>
        /// <param name="plan">The plan.</param>
        /// <param name="spec">The einsum the plan computes (its labels are the tensors' labels).</param>
        /// <param name="inputs">The operands, in spec order.</param>
        /// <param name="output">The result.</param>
        /// <param name="size">The expression of a label's size.</param>
        /// <param name="helperPrefix">Name prefix of the loop nests' vector helpers (unique per contraction).</param>
        /// <param name="clearOutput">Writes the statement that zeroes the result (a loop nest accumulates into it).</param>
        /// <param name="accumulate">Add into the result instead of overwriting it (then it is never cleared).</param>
        /// <param name="ellipsis">The operands have '...' groups, reached through the einsum binder (direct plans only).</param>
        /// <param name="tensorName">The name of an operand (by spec position) or, for the spec's operand count, of the result, in comments.</param>
        public static List<LoopNestEmitter> Emit(CodeWriter w, string elementType, ExecutionPlan plan, EinsumSpec spec, IReadOnlyList<NestTensor> inputs,
            NestTensor output, Func<char, string> size, string helperPrefix, Action clearOutput, bool accumulate, bool ellipsis, Func<int, string> tensorName)
        {
            var nests = new List<LoopNestEmitter>();
            int m = spec.Inputs.Count;
            if (plan.IsDirect)
            {
                if (!accumulate) clearOutput();
                w.Line();
                var nest = new LoopNestEmitter(w, elementType, EinsumLoopPlanner.Plan(spec), inputs.ToArray(), output, helperPrefix, size);
                nest.Emit(ellipsis);
                nests.Add(nest);
                return nests;
            }

            // Tensors of the plan: inputs, the result, then the intermediates.
            var tensors = new Dictionary<int, NestTensor>();
            for (int i = 0; i < m; i++) tensors[i] = inputs[i];
            tensors[m] = output;
            for (int k = 0; k < plan.IntermediateLabels.Count; k++)
            {
                int id = m + 1 + k;
                tensors[id] = new NestTensor($"rT{id}", plan.IntermediateLabels[k], c => $"sT{id}_{c}");
            }
            WriteIntermediates(w, elementType, plan, m, size);
            bool pooled = plan.IntermediateLabels.Count > 0;
            using (pooled ? w.Block("try") : w.Indent(0))
            {
                for (int s = 0; s < plan.Steps.Count; s++)
                {
                    var step = plan.Steps[s];
                    var a = tensors[step.Inputs[0]];
                    var b = tensors[step.Inputs[1]];
                    var c = tensors[step.Result];
                    w.Line($"// Step {s + 1}: {Describe(step, id => id <= m ? tensorName(id) : $"t{id}", id => tensors[id].Labels)}");
                    using (w.Block(""))
                    {
                        bool toOutput = step.Result == m;
                        if (step.Kind == StepKind.Gemm)
                        {
                            GemmStepEmitter.Emit(w, step, elementType, a, b, c, accumulate: toOutput && accumulate, size);
                            continue;
                        }
                        var subSpec = EinsumSpec.FromLabels(new[] { a.Labels, b.Labels }, c.Labels);
                        // A step that sums nothing (an outer product) writes each element of its result once: it stores, and
                        // nothing is cleared first.
                        bool store = subSpec.SummedLabels.Length == 0 && !(toOutput && accumulate);
                        if (!store && toOutput)
                        {
                            if (!accumulate) clearOutput();
                        }
                        else if (!store)
                        {
                            w.Line($"global::System.MemoryExtensions.AsSpan(__buf{step.Result}, 0, (int)__size{step.Result}).Clear();");
                        }
                        var nest = new LoopNestEmitter(w, elementType, EinsumLoopPlanner.Plan(subSpec), new[] { a, b }, c, $"{helperPrefix}_Step{s + 1}", size) { Store = store };
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
                        w.Line($"global::System.Buffers.ArrayPool<{elementType}>.Shared.Return(__buf{m + 1 + k});");
                    }
                }
            }
            return nests;
        }

        /// <summary>A step as one line: <c>t4[i,k] = a[i,j] * b[j,k]  (GEMM: …)</c>, with the caller's tensor names.</summary>
        public static string Describe(PlanStep step, Func<int, string> name, Func<int, string> labels)
        {
            string Tensor(int id) => $"{name(id)}[{string.Join(",", labels(id).ToCharArray())}]";
            string text = $"{name(step.Result)}[{string.Join(",", step.ResultLabels.ToCharArray())}] = {string.Join(" * ", step.Inputs.Select(Tensor))}";
            return step.Kind == StepKind.Gemm
                ? $"{text}  (GEMM: batch [{step.Batch}], rows [{step.M}], columns [{step.N}], summed [{step.K}])"
                : $"{text}  (loop nest)";
        }

        // Dense row-major buffers from the shared pool for the intermediates (no allocation in steady state).
        private static void WriteIntermediates(CodeWriter w, string elementType, ExecutionPlan plan, int m, Func<char, string> size)
        {
            if (plan.IntermediateLabels.Count == 0) return;
            w.Line();
            w.Line("// Intermediates: dense row-major buffers from the shared pool (no allocation in steady state).");
            for (int k = 0; k < plan.IntermediateLabels.Count; k++)
            {
                int id = m + 1 + k;
                string labels = plan.IntermediateLabels[k];
                w.Line($"nint __size{id} = {(labels.Length == 0 ? "1" : string.Join(" * ", labels.Select(size)))};");
                // Row-major strides: the last axis has unit stride.
                string stride = "1";
                var strides = new List<string>();
                for (int a = labels.Length - 1; a >= 0; a--)
                {
                    strides.Insert(0, $"sT{id}_{labels[a]} = {stride}");
                    stride = stride == "1" ? size(labels[a]) : $"{stride} * {size(labels[a])}";
                }
                if (strides.Count > 0) w.Line("nint " + string.Join(", ", strides) + ";");
                w.Line($"var __buf{id} = global::System.Buffers.ArrayPool<{elementType}>.Shared.Rent(checked((int)__size{id}));");
                w.Line($"ref {elementType} rT{id} = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(__buf{id});");
            }
        }
    }
}
