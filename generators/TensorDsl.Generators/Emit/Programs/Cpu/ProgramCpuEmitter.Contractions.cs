using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Cpu;
using TensorDsl.Generators.Emit.Shapes;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Programs.Cpu
{
    internal static partial class ProgramCpuEmitter
    {
        private const string Pool = "global::System.Buffers.ArrayPool";
        private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";

        // A statement planned like an einsum: prologue factors into buffers, each contraction by its execution plan (the
        // same emitter as an [Einsum] method's body), then the epilogue over the target's indices.
        private static void EmitEinsum(CodeWriter w, StepContext context, EinsumStep step, int stepNumber)
        {
            var (model, p, names, expr, nests, shapes, rows) = context;
            var statement = p.Statements[step.Statement];
            // A statement that adds into its target (an einsum's Accumulate), or the rank-0 result a method returns (a local
            // that starts at 0), is never cleared.
            bool accumulate = statement.Accumulate || p.Tensors[step.Target].Parameter < 0 && p.Tensors[step.Target].Kind == ProgramTensorKind.Output;
            string T = names.T;
            string Size(char label) => names.Size(step.IndexOf(label));
            var buffers = new List<string>();

            // Buffers first (prologue factors, and the results of contractions that do not go into the target), so that
            // the epilogue can read them after the contractions' own blocks.
            for (int k = 0; k < step.Prologues.Count; k++)
            {
                var f = step.Prologues[k];
                w.Line($"// Prologue {k + 1}: [{string.Join(",", f.Indices)}] ← {ExprText(p, f.Value)}, computed once into a buffer the contraction reads.");
                RentDense($"__pro{k}", $"rP{k}", f.Indices.Select(i => names.Size(i)).ToList(), a => $"sP{k}_{a}");
                buffers.Add($"__pro{k}");
            }
            for (int k = 0; k < step.Parts.Count; k++)
            {
                if (step.Parts[k].IntoTarget) continue;
                var part = step.Parts[k];
                w.Line($"// The result of contraction {k + 1}, [{string.Join(",", part.Indices)}], read by the epilogue.");
                RentDense($"__part{k}", $"rQ{k}", part.Indices.Select(i => names.Size(i)).ToList(), a => $"sQ{k}_{a}");
                buffers.Add($"__part{k}");
            }

            var elementwise = new ElementwiseLoopEmitter(w, names, expr, e => Access(names, step, e)) { Parallel = rows };
            using (buffers.Count > 0 ? w.Block("try") : w.Indent(0))
            {
                for (int k = 0; k < step.Prologues.Count; k++)
                {
                    var f = step.Prologues[k];
                    int prologue = k;
                    using (w.Block(""))
                    {
                        elementwise.Emit(f.Indices, new ElementwiseLoopEmitter.Access($"rP{k}", f.Indices.Select((i, a) => (i, $"sP{prologue}_{a}")).ToList()), f.Value);
                    }
                }
                for (int k = 0; k < step.Parts.Count; k++)
                {
                    var part = step.Parts[k];
                    w.Line(ProgramSourceWriter.ContractionComment(step, k));
                    using (w.Block(""))
                    {
                        var inputs = part.Operands.Select(o => Operand(names, shapes, step, o)).ToList();
                        NestTensor output;
                        Action clear;
                        if (part.IntoTarget)
                        {
                            output = TargetTensor(names, shapes, step);
                            clear = accumulate ? () => { } : () => ClearTarget(w, p, names, step);
                        }
                        else
                        {
                            int part1 = k;
                            var labels = new string(part.Indices.Select(step.LabelOf).ToArray());
                            output = new NestTensor($"rQ{k}", labels, c => $"sQ{part1}_{labels.IndexOf(c)}");
                            clear = () => w.Line($"global::System.MemoryExtensions.AsSpan(__part{part1}, 0, {DenseLength(names, part.Indices)}).Clear();");
                        }
                        int partIndex = k;
                        string Name(int id) => id < part.Operands.Count
                            ? part.Operands[id].Load is { } load ? names.Bare(load.Tensor) : $"prologue{part.Operands[id].Prologue + 1}"
                            : part.IntoTarget ? names.Bare(step.Target) : $"part{partIndex + 1}";
                        string helpers = $"{model.MemberPrefix}_S{stepNumber}_C{k + 1}";
                        bool ellipsis = part.Spec.InputsHaveEllipsis || part.Spec.Output.HasEllipsis;
                        if (!ellipsis && !(part.IntoTarget && accumulate) && part.Plan.SlabLabel(output.Labels) is char slab)
                        {
                            SlabEmitter.Emit(w, T, part.Plan, slab, inputs, output, Size, (ins, o, size) =>
                                nests.AddRange(ExecutionPlanEmitter.Emit(w, T, part.Plan, part.Spec, ins, o, size, helpers, clear, accumulate: false, ellipsis: false, Name)));
                        }
                        else
                        {
                            nests.AddRange(ExecutionPlanEmitter.Emit(w, T, part.Plan, part.Spec, inputs, output, Size, helpers, clear,
                                accumulate: part.IntoTarget && accumulate, ellipsis, Name));
                        }
                    }
                }
                if (step.Epilogue is { } epilogue)
                {
                    w.Line($"// Epilogue over [{string.Join(",", step.Indices)}]: the statement's value from the contractions' results.");
                    expr.PartElement = part => Access(names, step, part)!.Element;
                    elementwise.Emit(step.Indices, TargetAccess(names, step), epilogue);
                    expr.PartElement = null;
                }
            }
            if (buffers.Count > 0)
            {
                using (w.Block("finally"))
                {
                    foreach (var b in buffers) w.Line($"{Pool}<{T}>.Shared.Return({b});");
                }
            }

            void RentDense(string array, string reference, IReadOnlyList<string> sizes, Func<int, string> stride)
            {
                string length = sizes.Count == 0 ? "1" : string.Join(" * ", sizes);
                w.Line($"{T}[] {array} = {Pool}<{T}>.Shared.Rent({Buffers}.Length(\"{array}\", {length}));");
                w.Line($"ref {T} {reference} = ref {Marshal}.GetArrayDataReference({array});");
                string s = "1";
                for (int a = sizes.Count - 1; a >= 0; a--)
                {
                    w.Line($"nint {stride(a)} = {s};");
                    s = s == "1" ? sizes[a] : $"{s} * {sizes[a]}";
                }
            }
        }

        // The operand of a contraction as a loop nest sees it: its labels and a stride per label (a repeated index, a
        // diagonal, adds the strides of its axes); an einsum's '...' group has no label and is reached through the binder.
        private static NestTensor Operand(ProgramNames names, ShapeLayoutEmitter shapes, EinsumStep step, ContractionOperand o)
        {
            string labels = new string(o.Labels.Where(c => c != '.').Distinct().ToArray());
            if (o.Load is { } load)
            {
                string Stride(char c)
                {
                    var axes = step.AxesOf(load.Indices, c).Select(a => names.Stride(load.Tensor, a)).ToList();
                    return axes.Count == 1 ? axes[0] : "(" + string.Join(" + ", axes) + ")";
                }
                return new NestTensor(names.Ref(load.Tensor), labels, Stride, shapes.IsBound(load.Tensor) ? shapes.BinderTensor(load.Tensor) : -1)
                {
                    GroupStride = GroupStride(names, shapes, load.Tensor, load.Indices),
                };
            }
            int k = o.Prologue;
            string own = o.Labels;
            return new NestTensor($"rP{k}", labels, c => $"sP{k}_{own.IndexOf(c)}");
        }

        private static NestTensor TargetTensor(ProgramNames names, ShapeLayoutEmitter shapes, EinsumStep step)
        {
            string labels = new string(step.Indices.Where(i => i != IndexNames.Ellipsis).Select(step.LabelOf).ToArray());
            return new NestTensor(names.Ref(step.Target), labels, c => names.Stride(step.Target, step.AxesOf(step.Indices, c).Single()),
                shapes.IsBound(step.Target) ? shapes.BinderTensor(step.Target) : -1)
            {
                GroupStride = GroupStride(names, shapes, step.Target, step.Indices),
            };
        }

        // A dense intermediate's '...' group is one axis with a stride of its own (a parameter's is reached through the binder).
        private static string? GroupStride(ProgramNames names, ShapeLayoutEmitter shapes, int tensor, System.Collections.Generic.IReadOnlyList<string> indices)
        {
            int axis = indices.ToList().IndexOf(IndexNames.Ellipsis);
            return axis < 0 || shapes.IsBound(tensor) ? null : names.Stride(tensor, axis);
        }

        // How the epilogue and the prologues address an element: a tensor of the program, or a contraction's result (in
        // the target, or in its buffer).
        private static ElementwiseLoopEmitter.Access? Access(ProgramNames names, EinsumStep step, BoundExpr e) => e switch
        {
            LoadExpr load => LoadAccess(names, load),
            PartExpr part when step.Parts[part.Part].IntoTarget => TargetAccess(names, step),
            PartExpr part => new ElementwiseLoopEmitter.Access($"rQ{part.Part}", part.Indices.Select((i, a) => (i, $"sQ{part.Part}_{a}")).ToList()),
            _ => null,
        };

        private static ElementwiseLoopEmitter.Access LoadAccess(ProgramNames names, LoadExpr load)
            => new(names.Ref(load.Tensor), load.Indices.Select((i, a) => (i, names.Stride(load.Tensor, a))).ToList());

        private static ElementwiseLoopEmitter.Access TargetAccess(ProgramNames names, ProgramStep step)
            => LoadAccess(names, new LoadExpr(step.Target, step.Indices));

        // A loop nest accumulates into the target: zero it first (an output parameter through StridedSpans, any strides,
        // row by row, since TensorSpan.Clear is ~100× slower; a stored intermediate through its dense buffer).
        private static void ClearTarget(CodeWriter w, BoundProgram p, ProgramNames names, EinsumStep step)
        {
            var tensor = p.Tensors[step.Target];
            if (tensor.Kind == ProgramTensorKind.Output)
            {
                w.Line($"global::TensorDsl.Runtime.StridedSpans.Clear({ProgramNames.Parameter(tensor.Name)});");
            }
            else
            {
                w.Line($"global::System.MemoryExtensions.AsSpan(m_{names.Bare(step.Target)}, 0, {DenseLength(names, step.Indices)}).Clear();");
            }
        }

        private static string DenseLength(ProgramNames names, IReadOnlyList<string> indices)
            => indices.Count == 0 ? "1" : "(int)(" + string.Join(" * ", indices.Select(i => names.Size(i))) + ")";

        private static string ExprText(BoundProgram p, BoundExpr e) => e switch
        {
            LoadExpr l => $"{p.Tensors[l.Tensor].Name}[{string.Join(",", l.Indices)}]",
            UnaryExpr u => $"{u.Op.ToString().ToLowerInvariant()}({ExprText(p, u.Operand)})",
            BinaryExpr b => $"({ExprText(p, b.Left)} {b.Op.ToString().ToLowerInvariant()} {ExprText(p, b.Right)})",
            ConstExpr c => c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ScalarExpr s => p.Scalars[s.Scalar].Name,
            _ => "…",
        };
    }
}
