using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Programs.Cpu
{
    internal static partial class ProgramCpuEmitter
    {
        // One pass over the reduced indices per row: the flash-attention recurrence, with the target row as the accumulator.
        private static void EmitStreaming(CodeWriter w, BoundProgram p, ProgramNames names, ProgramExprEmitter expr, StreamingSoftmaxStep s)
        {
            expr.Loops(s.Rows, EquatableArray<IndexRange>.Empty, () => StreamingRowEmitter.EmitRow(w, p, names, expr, new CpuProgramDialect(names), s));
        }

        // The packed attention kernels, once per point of the batch indices, on strided views of each operand.
        private static void EmitAttention(CodeWriter w, BoundProgram p, ProgramNames names, ProgramExprEmitter expr, AttentionStep a)
        {
            string view = $"global::TensorDsl.Cpu.Attention.MatrixView<{names.T}>";
            string scale = ScaleVariable(w, names, expr, a);
            var windows = Windows(w, names, expr, a);
            expr.Loops(a.Batch, EquatableArray<IndexRange>.Empty, () =>
            {
                var views = a.Matrices().Select(m => View(w, names, expr, view, m.Load, a.Batch, m.Row, m.Column)).ToList();
                string output = views[views.Count - 1];
                views.RemoveAt(views.Count - 1);
                string kernel = a.Kind == AttentionKind.Standard ? "Standard" : "Tensor";
                w.Line($"global::TensorDsl.Cpu.Attention.StreamingAttention.{kernel}({string.Join(", ", views)}, {scale}, {output}, {string.Join(", ", windows)});");
            });
        }

        // The backward of an attention statement: the FlashAttention-2-style kernels, once per point of the batch indices,
        // adding every requested gradient (zeroed first unless the [Gradient] accumulates); `default` for the others.
        private static void EmitAttentionGradient(CodeWriter w, BoundProgram p, ProgramNames names, ProgramExprEmitter expr, AttentionGradientStep g)
        {
            var a = g.Forward;
            string view = $"global::TensorDsl.Cpu.Attention.MatrixView<{names.T}>";
            var gradients = g.Gradients.Where(t => t >= 0).ToList();
            if (g.ScaleGradient >= 0) gradients.Add(g.ScaleGradient);
            if (!g.Accumulate)
            {
                w.Line("// The kernels add into the gradients: they start from zero.");
                foreach (int t in gradients)
                {
                    var indices = t == g.ScaleGradient ? EquatableArray<string>.Empty : a.Operands[g.Gradients.ToList().IndexOf(t)].Indices;
                    expr.Loops(indices, EquatableArray<IndexRange>.Empty,
                        () => w.Line($"{Unsafe}.Add(ref {names.Ref(t)}, {names.Offset(new LoadExpr(t, indices))}) = default;"));
                }
            }
            string scale = ScaleVariable(w, names, expr, a);
            var windows = Windows(w, names, expr, a);
            string dScale = g.ScaleGradient >= 0 ? $"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref {names.Ref(g.ScaleGradient)}, 1)" : "default";
            expr.Loops(a.Batch, EquatableArray<IndexRange>.Empty, () =>
            {
                var matrices = a.Matrices();
                var inputs = matrices.Take(matrices.Count - 1).Select(m => View(w, names, expr, view, m.Load, a.Batch, m.Row, m.Column)).ToList();
                var output = matrices[matrices.Count - 1];
                string dO = View(w, names, expr, view, output.Load, a.Batch, output.Row, output.Column);
                var outputs = matrices.Take(matrices.Count - 1).Select((m, role) => g.Gradients[role] < 0 ? "default"
                    : View(w, names, expr, view, new LoadExpr(g.Gradients[role], m.Load.Indices), a.Batch, m.Row, m.Column)).ToList();
                string kernel = a.Kind == AttentionKind.Standard ? "Standard" : "Tensor";
                w.Line($"global::TensorDsl.Cpu.Attention.AttentionGradients.{kernel}({string.Join(", ", inputs)}, {scale}, {dO}, {string.Join(", ", windows)}, {string.Join(", ", outputs)}, {dScale});");
            });
        }

        private static string ScaleVariable(CodeWriter w, ProgramNames names, ProgramExprEmitter expr, AttentionStep a)
        {
            string scaleVar = expr.Temp("scale");
            w.Line($"{names.T} {scaleVar} = {expr.Emit(a.Scale)};");
            return scaleVar;
        }

        // One KeyWindow per key index: Full, or the where clause's bounds relative to the query row.
        private static List<string> Windows(CodeWriter w, ProgramNames names, ProgramExprEmitter expr, AttentionStep a)
        {
            var windows = new List<string>();
            for (int k = 0; k < a.Keys.Count; k++)
            {
                var window = a.Windows[k];
                string name = expr.Temp("window");
                if (window.Low is null && window.High is null)
                {
                    w.Line($"var {name} = global::TensorDsl.Cpu.Attention.KeyWindow.Full;");
                }
                else
                {
                    string low = window.Low is null ? $"-{names.Size(a.Query)}" : expr.Affine(window.Low);
                    string high = window.High is null ? names.Size(a.Keys[k]) : expr.Affine(window.High);
                    w.Line($"// Key {a.Keys[k]} runs over [max(0, {a.Query} + low), min(n, {a.Query} + high)): the where clause as loop bounds.");
                    w.Line($"var {name} = global::TensorDsl.Cpu.Attention.KeyWindow.Relative({low}, {high});");
                }
                windows.Add(name);
            }
            return windows;
        }

        private static string View(CodeWriter w, ProgramNames names, ProgramExprEmitter expr, string type, LoadExpr load, EquatableArray<string> batch, string row, string col)
        {
            string name = expr.Temp("view_" + names.Bare(load.Tensor) + "_");
            var offset = batch.Select(b => $"{ProgramNames.Index(b)} * {names.Stride(load.Tensor, IndexOf(load, b))}").ToList();
            string start = offset.Count == 0 ? names.Ref(load.Tensor) : $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {names.Ref(load.Tensor)}, {string.Join(" + ", offset)})";
            w.Line($"var {name} = new {type}(ref {start}, {names.Size(row)}, {names.Size(col)}, {names.Stride(load.Tensor, IndexOf(load, row))}, {names.Stride(load.Tensor, IndexOf(load, col))});");
            return name;
        }

        private static int IndexOf(LoadExpr load, string index)
        {
            for (int a = 0; a < load.Indices.Count; a++) if (load.Indices[a] == index) return a;
            return -1;
        }
    }
}
