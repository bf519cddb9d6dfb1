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
            string T = names.T;
            string view = $"global::TensorDsl.Cpu.Attention.MatrixView<{T}>";
            string scale = expr.Emit(a.Scale);
            string scaleVar = expr.Temp("scale");
            w.Line($"{T} {scaleVar} = {scale};");
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
            expr.Loops(a.Batch, EquatableArray<IndexRange>.Empty, () =>
            {
                var views = a.Matrices().Select(m => View(w, names, expr, view, m.Load, a.Batch, m.Row, m.Column)).ToList();
                string output = views[views.Count - 1];
                views.RemoveAt(views.Count - 1);
                string kernel = a.Kind == AttentionKind.Standard ? "Standard" : "Tensor";
                w.Line($"global::TensorDsl.Cpu.Attention.StreamingAttention.{kernel}({string.Join(", ", views)}, {scaleVar}, {output}, {string.Join(", ", windows)});");
            });
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
