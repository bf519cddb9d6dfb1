using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Shapes;
using TensorDsl.Generators.Emit.Gpu;
using TensorDsl.Generators.Models;
using TensorDsl.Language;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Programs.Gpu
{
    /// <summary>
    /// The GPU side of a planned program: the overload of a <c>[TensorProgram]</c> (its signature, checks and aliasing, then
    /// <see cref="GpuProgramBody"/>), and through <see cref="GpuProgramBody"/> also the GPU overload of an <c>[Einsum]</c>,
    /// which is the body of the one-statement program it lowers to.
    /// </summary>
    internal static class ProgramGpuEmitter
    {
        public static void Emit(CodeWriter w, ProgramMethodModel model, ProgramPlan plan)
        {
            var p = model.Program;
            var body = new GpuProgramBody(model, plan, "device");
            string T = body.Names.T;

            ProgramSourceWriter.WritePlanComment(w, model, body.Plan, "GPU");
            var parameters = model.Parameters.Select((x, i) => IsTensor(p, i) ? $"global::TensorDsl.DeviceTensor<{T}> {x.Name}" : $"{x.TypeText} {x.Name}");
            w.Line($"/// <summary>Runs the program of <c>{model.MethodName}</c> on <paramref name=\"device\"/> with ILGPU kernels (the plan above).</summary>");
            w.Line("/// <param name=\"device\">The accelerator that runs the kernels; every tensor must live on it.</param>");
            foreach (var x in model.Parameters) w.Line($"/// <param name=\"{x.Name.TrimStart('@')}\">As in the CPU overload.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">A shape does not fit, a tensor lives on another device, or two outputs share a buffer. Nothing is written. (An output that shares a buffer with an input is computed into a temporary and copied.)</exception>");
            using (w.Block($"{model.Declaration.OverloadModifiers} void {model.MethodName}(global::TensorDsl.TensorDevice device, {string.Join(", ", parameters)})"))
            {
                w.Line("global::System.ArgumentNullException.ThrowIfNull(device);");
                var tensorParams = Enumerable.Range(0, p.Tensors.Count).Where(t => p.Tensors[t].Kind != ProgramTensorKind.Intermediate && p.Tensors[t].Rank >= 0).ToList();
                foreach (int t in tensorParams) w.Line($"device.CheckTensor({ProgramNames.Parameter(p.Tensors[t].Name)}, \"{body.Names.Bare(t)}\");");
                HostCodeEmitter.Emit(w, "device", model.MethodName, model.Parameters.Select(x => x.Name).ToList(),
                    model.Parameters.Where((x, i) => IsTensor(p, i)).Select(x => x.Name).ToList(), returnsValue: false);
                var outputParams = tensorParams.Where(t => p.Tensors[t].Kind == ProgramTensorKind.Output).ToList();
                // Two outputs in one buffer have no meaning; an output in an input's buffer runs on a temporary.
                foreach (int o in outputParams)
                {
                    foreach (int t in outputParams.Where(t => t > o))
                    {
                        w.Line($"device.CheckNotAliased({ProgramNames.Parameter(p.Tensors[o].Name)}, \"{body.Names.Bare(o)}\", {ProgramNames.Parameter(p.Tensors[t].Name)}, \"{body.Names.Bare(t)}\");");
                    }
                }
                var arguments = new[] { "device" }.Concat(model.Parameters.Select(x => x.Name)).ToList();
                DeviceAliasingEmitter.Emit(w, T, model.MethodName, arguments,
                    outputParams.Select(t => ProgramNames.Parameter(p.Tensors[t].Name)).ToList(),
                    tensorParams.Where(t => p.Tensors[t].Kind == ProgramTensorKind.Input).Select(t => ProgramNames.Parameter(p.Tensors[t].Name)).ToList(), accumulate: false);
                body.EmitStatements(w);
            }
            w.Line();
            body.EmitMembers(w);
        }

        internal static bool IsTensor(BoundProgram p, int parameter)
            => p.Tensors.Any(t => t.Parameter == parameter && t.Kind != ProgramTensorKind.Intermediate);

        internal static IReadOnlyList<string> Rows(ProgramStep step) => step switch
        {
            StreamingSoftmaxStep s => s.Rows,
            AttentionStep a => a.Batch.Concat(new[] { a.Query }).ToList(),
            _ => step.Indices,
        };

        internal static string Product(IEnumerable<string> indices, ProgramNames names)
        {
            var list = indices.Select(i => "(long)" + names.Size(i)).ToList();
            return list.Count == 0 ? "1L" : string.Join(" * ", list);
        }

        internal static void EmitAttentionCall(CodeWriter w, BoundProgram p, ProgramNames names, AttentionStep a)
        {
            var expr = new ProgramExprEmitter(w, names, p, new Cpu.CpuProgramDialect(names));
            using (w.Block(""))
            {
                var args = new List<string>();
                foreach (var (load, row, column) in a.Matrices())
                {
                    string param = ProgramNames.Parameter(p.Tensors[load.Tensor].Name);
                    int r = load.Indices.ToList().IndexOf(row), c = load.Indices.ToList().IndexOf(column);
                    if (r == 0 && c == 1)
                    {
                        args.Add(param);
                    }
                    else
                    {
                        string view = expr.Temp("view");
                        w.Line($"using var {view} = {param}.Permute({r}, {c});");
                        args.Add(view);
                    }
                }
                string scale = expr.Emit(a.Scale);
                var windows = new List<string>();
                for (int k = 0; k < a.Keys.Count; k++)
                {
                    var window = a.Windows[k];
                    if (window.Low is null && window.High is null)
                    {
                        windows.Add("global::TensorDsl.Gpu.Attention.DeviceKeyWindow.Full");
                        continue;
                    }
                    string low = expr.Temp("low"), high = expr.Temp("high");
                    w.Line($"long {low} = {(window.Low is null ? $"-{names.Size(a.Query)}" : expr.Affine(window.Low))};");
                    w.Line($"long {high} = {(window.High is null ? names.Size(a.Keys[k]) : expr.Affine(window.High))};");
                    w.Line($"if ({high} < {low}) {high} = {low}; // an empty window (the where clause admits no key)");
                    windows.Add($"global::TensorDsl.Gpu.Attention.DeviceKeyWindow.Relative({low}, {high})");
                }
                string output = args[args.Count - 1];
                args.RemoveAt(args.Count - 1);
                string kernel = a.Kind == AttentionKind.Standard ? "Standard" : "Tensor";
                w.Line($"global::TensorDsl.Gpu.Attention.DeviceStreamingAttention.{kernel}(device, {string.Join(", ", args)}, {scale}, {output}, {string.Join(", ", windows)});");
            }
        }

        /// <summary>An attention step with batch indices runs as the generic streaming kernel on the GPU.</summary>
        internal static StreamingSoftmaxStep AsStreaming(AttentionStep a)
        {
            BoundExpr dot = a.Operands[0];
            for (int i = 1; i <= a.Keys.Count; i++) dot = new BinaryExpr(BinaryOp.Multiply, dot, a.Operands[i]);
            var score = new BinaryExpr(BinaryOp.Multiply, a.Scale,
                new ReduceExpr(Language.Programs.Syntax.ReductionKind.Sum, new EquatableArray<string>(new[] { a.Feature }), EquatableArray<IndexRange>.Empty, dot));
            BoundExpr value = a.Operands[a.Keys.Count + 1];
            for (int i = a.Keys.Count + 2; i < a.Operands.Count; i++) value = new BinaryExpr(BinaryOp.Multiply, value, a.Operands[i]);
            var ranges = new List<IndexRange>();
            for (int k = 0; k < a.Keys.Count; k++)
            {
                var window = a.Windows[k];
                AffineBound Shift(AffineBound b) => new AffineBound(new EquatableArray<AffineTerm>(b.Terms.Prepend(new AffineTerm(a.Query, false, 1)).ToArray()), b.Constant);
                if (window.Low is null && window.High is null) continue;
                ranges.Add(new IndexRange(a.Keys[k],
                    window.Low is null ? EquatableArray<AffineBound>.Empty : new EquatableArray<AffineBound>(new[] { Shift(window.Low) }),
                    window.High is null ? EquatableArray<AffineBound>.Empty : new EquatableArray<AffineBound>(new[] { Shift(window.High) })));
            }
            var rows = a.Batch.Concat(new[] { a.Query }).ToArray();
            return new StreamingSoftmaxStep(a.Target, a.Indices, a.Statement, new EquatableArray<string>(rows),
                new EquatableArray<string>(new[] { a.ValueIndex }), a.Keys, new EquatableArray<IndexRange>(ranges.ToArray()), score, value);
        }
    }
}
