using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Planning;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Programs.Gpu
{
    /// <summary>
    /// A contraction statement (<see cref="EinsumStep"/>) on the GPU as the CPU plans it: each contraction's pairwise steps
    /// in the planner's order, one runtime launch per step (<c>TensorDsl.Runtime.DeviceContraction</c>: the tiled
    /// matrix product, a per-element kernel or a tree reduction, by the step's shape), intermediates in scratch tensors from
    /// the device's pool, then the epilogue as one generated elementwise kernel. The work is the plan's FLOPs, not the
    /// product of every index's size.
    /// </summary>
    internal static class GpuContractionEmitter
    {
        private const string Run = "global::TensorDsl.Runtime.DeviceContraction.Run";
        private const string Axis = "global::TensorDsl.Runtime.ContractionAxis";
        private const string Role = "global::TensorDsl.Runtime.ContractionRole";

        /// <summary>
        /// Why the step runs as one per-element kernel of its whole value instead of its plan, or null when it follows its
        /// plan. (An einsum's '...' group, an elementwise factor inside a contraction, a contraction of three or more
        /// tensors planned as one loop nest, and an epilogue over several contractions keep the per-element kernel.)
        /// </summary>
        public static string? WhyOneKernel(BoundProgram p, EinsumStep e)
        {
            if (e.Indices.Contains(IndexNames.Ellipsis) || e.Parts.Any(part => part.Spec.InputsHaveEllipsis || part.Spec.Output.HasEllipsis))
                return "the '...' group has no labels for the pairwise kernels";
            if (e.Prologues.Count > 0) return "an elementwise factor inside a contraction";
            if (e.Parts.Any(part => part.Plan.IsDirect && part.Operands.Count > 2)) return "a contraction of three or more tensors planned as one loop nest";
            if (e.Epilogue is not null && (e.Parts.Count != 1 || !e.Parts[0].IntoTarget || p.Statements[e.Statement].Accumulate))
                return "an epilogue over contractions that are not in the target";
            return null;
        }

        /// <summary>The GPU's plan of one contraction, for the plan comment.</summary>
        public static string Describe(ContractionPart part)
        {
            int products = part.Plan.Steps.Count(s => s.Kind == StepKind.Gemm), others = part.Plan.Steps.Count - products;
            string kinds = string.Join(" and ", new[] { (products, "matrix product"), (others, "other pairwise step") }.Where(x => x.Item1 > 0)
                .Select(x => $"{x.Item1} {x.Item2}{(x.Item1 > 1 ? "s" : "")}"));
            return part.Plan.Steps.Count == 1
                ? $"one device launch, {kinds}"
                : $"{part.Plan.Steps.Count} device launches, {kinds}, through pooled intermediates as on the CPU";
        }

        /// <summary>
        /// Emits the step's launches. <paramref name="tensor"/> names a program tensor's device local;
        /// <paramref name="stride"/> gives the stride of axis a of a program tensor; <paramref name="epilogue"/> emits the
        /// launch of the step's generated elementwise kernel with a launch-log name.
        /// </summary>
        public static void Emit(CodeWriter w, BoundProgram p, EinsumStep e, int n, string device, string T, ProgramNames names,
            Func<int, string> tensor, Func<int, int, string> stride, Action<string> epilogue)
        {
            bool accumulate = p.Statements[e.Statement].Accumulate;
            int launch = 0;
            for (int q = 0; q < e.Parts.Count; q++)
            {
                var part = e.Parts[q];
                var plan = part.Plan;
                int m = part.Operands.Count;
                w.Line(ProgramSourceWriter.ContractionComment(e, q));

                // The plan's tensors: operands 0..m-1 (program tensors), the result m (the target), intermediates m+1, ….
                var local = new Dictionary<int, string>();
                var labels = new Dictionary<int, string>();
                for (int i = 0; i < m; i++)
                {
                    local[i] = tensor(part.Operands[i].Load!.Tensor);
                    labels[i] = new string(part.Operands[i].Labels.Distinct().ToArray());
                }
                local[m] = tensor(e.Target);
                labels[m] = part.Spec.Output.Labels;
                var storage = new Dictionary<int, string>();
                for (int k = 0; k < plan.IntermediateLabels.Count; k++)
                {
                    int id = m + 1 + k;
                    local[id] = $"__t{n}_{q + 1}_{id}";
                    labels[id] = plan.IntermediateLabels[k];
                }
                for (int k = 0; k < plan.IntermediateLabels.Count; k++)
                {
                    // The device stores an intermediate with the indices its consumer sums over last (contiguous), whatever the
                    // CPU's order: each thread of the consumer then walks its summed range through memory in order.
                    int id = m + 1 + k;
                    var consumer = plan.Steps.First(step => step.Inputs.Contains(id));
                    string kept = labels[consumer.Result];
                    storage[id] = new string(labels[id].OrderBy(c => kept.IndexOf(c) < 0 ? 1 : 0).ThenBy(c => kept.IndexOf(c) < 0 ? labels[id].IndexOf(c) : kept.IndexOf(c)).ToArray());
                }

                string Size(char label) => names.Size(e.IndexOf(label));
                string Stride(int id, char label)
                {
                    if (labels[id].IndexOf(label) < 0) return "0";
                    if (id > m) return $"{local[id]}.Strides[{storage[id].IndexOf(label)}]";
                    var indices = id < m ? part.Operands[id].Load!.Indices : e.Indices;
                    int t = id < m ? part.Operands[id].Load!.Tensor : e.Target;
                    var axes = e.AxesOf(indices, label).Select(a => stride(t, a)).ToList();
                    return axes.Count == 1 ? axes[0] : string.Join(" + ", axes);
                }

                using (w.Block(""))
                {
                    for (int k = 0; k < plan.IntermediateLabels.Count; k++)
                    {
                        string order = storage[m + 1 + k];
                        string sizes = order.Length == 0 ? "1" : string.Join(", ", order.Select(Size));
                        w.Line($"using var {local[m + 1 + k]} = {device}.Rent<{T}>({sizes}); // t{m + 1 + k}, stored as [{string.Join(",", order.ToCharArray())}]");
                    }
                    foreach (var step in plan.Steps)
                    {
                        launch++;
                        int a = step.Inputs[0];
                        int? b = step.Inputs.Count > 1 ? step.Inputs[1] : null;
                        int c = step.Result;
                        string cLabels = labels[c];
                        var all = (labels[a] + (b is { } bb ? labels[bb] : "") + cLabels).Distinct().ToList();
                        string Text(int id) => id < m ? names.Bare(part.Operands[id].Load!.Tensor) : id == m ? names.Bare(e.Target) : $"t{id}";
                        string sub = $"{labels[a]}{(b is { } b1 ? "," + labels[b1] : "")}->{cLabels}";
                        w.Line($"// Step {n}.{launch}: {Text(c)}[{cLabels}] {(c == m && accumulate ? "+=" : "=")} \"{sub}\" of {Text(a)}{(b is { } b2 ? " and " + Text(b2) : "")}{(step.Kind == StepKind.Gemm ? " (a matrix product)" : "")}.");
                        w.Line($"{Run}({device}, \"step {n}.{launch} {sub}\", {local[a]}, {(b is { } b3 ? local[b3] : "null")}, {local[c]}, stackalloc {Axis}[]");
                        w.Line("{");
                        using (w.Indent())
                        {
                            foreach (char label in all)
                            {
                                bool inA = labels[a].IndexOf(label) >= 0, inB = b is { } b4 && labels[b4].IndexOf(label) >= 0, inC = cLabels.IndexOf(label) >= 0;
                                string role = !inC ? "Summed" : inA && inB ? "Batch" : inA ? "Row" : "Column";
                                w.Line($"new({Role}.{role}, {Size(label)}, {Stride(a, label)}, {(b is { } b5 ? Stride(b5, label) : "0")}, {(inC ? Stride(c, label) : "0")}),{(e.IndexOf(label) == label.ToString() ? "" : $" // {label} = {e.IndexOf(label)}")}");
                            }
                        }
                        w.Line($"}}, accumulate: {(c == m && accumulate ? "true" : "false")});");
                    }
                }
            }
            if (e.Epilogue is not null)
            {
                launch++;
                w.Line($"// Step {n}.{launch}: the epilogue over [{string.Join(",", e.Indices)}], in place on the contraction's result.");
                epilogue($"step {n}.{launch} epilogue");
            }
        }
    }
}
