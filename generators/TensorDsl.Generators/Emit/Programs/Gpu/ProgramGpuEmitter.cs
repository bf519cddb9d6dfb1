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
    /// The GPU overload of a <c>[TensorProgram]</c>: the same checks as the CPU body, then one launch per planned step.
    /// Attention steps without batch indices call the grouped, shared-memory attention kernels of the runtime; every other
    /// step is a generated kernel — one thread per output element for a loop nest, one thread per row for a streaming
    /// softmax (the same recurrence as the CPU, the output row as the accumulator).
    /// </summary>
    internal static class ProgramGpuEmitter
    {
        public static void Emit(CodeWriter w, ProgramMethodModel model, ProgramPlan plan)
        {
            // The GPU does not follow contraction plans yet: a statement planned like an einsum runs as the loop nest of
            // its value (one thread per element of the target).
            plan = plan with
            {
                Steps = new EquatableArray<ProgramStep>(plan.Steps.Select(s => s is EinsumStep e ? new LoopNestStep(e.Target, e.Indices, e.Statement, e.Value) : s).ToArray()),
            };
            var p = model.Program;
            var names = new ProgramNames(p, p.ElementKeyword);
            string T = names.T;
            var layout = new MetaLayout(p, plan);
            var elementScalars = p.Scalars.Where(s => s.Kind == ScalarKind.Element).Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i);
            var views = layout.Tensors;

            ProgramSourceWriter.WritePlanComment(w, model, plan, "GPU");
            var parameters = model.Parameters.Select((x, i) => IsTensor(p, i) ? $"global::TensorDsl.DeviceTensor<{T}> {x.Name}" : $"{x.TypeText} {x.Name}");
            w.Line($"/// <summary>Runs the program of <c>{model.MethodName}</c> on <paramref name=\"device\"/> with ILGPU kernels (the plan above).</summary>");
            w.Line("/// <param name=\"device\">The accelerator that runs the kernels; every tensor must live on it.</param>");
            foreach (var x in model.Parameters) w.Line($"/// <param name=\"{x.Name.TrimStart('@')}\">As in the CPU overload.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">A shape does not fit, a tensor lives on another device, or two outputs share a buffer. Nothing is written. (An output that shares a buffer with an input is computed into a temporary and copied.)</exception>");
            using (w.Block($"{model.Declaration.OverloadModifiers} void {model.MethodName}(global::TensorDsl.TensorDevice device, {string.Join(", ", parameters)})"))
            {
                w.Line("global::System.ArgumentNullException.ThrowIfNull(device);");
                var tensorParams = Enumerable.Range(0, p.Tensors.Count).Where(t => p.Tensors[t].Kind != ProgramTensorKind.Intermediate && p.Tensors[t].Rank >= 0).ToList();
                foreach (int t in tensorParams) w.Line($"device.CheckTensor({ProgramNames.Parameter(p.Tensors[t].Name)}, \"{names.Bare(t)}\");");
                var outputParams = tensorParams.Where(t => p.Tensors[t].Kind == ProgramTensorKind.Output).ToList();
                // Two outputs in one buffer have no meaning; an output in an input's buffer runs on a temporary.
                foreach (int o in outputParams)
                {
                    foreach (int t in outputParams.Where(t => t > o))
                    {
                        w.Line($"device.CheckNotAliased({ProgramNames.Parameter(p.Tensors[o].Name)}, \"{names.Bare(o)}\", {ProgramNames.Parameter(p.Tensors[t].Name)}, \"{names.Bare(t)}\");");
                    }
                }
                var arguments = new[] { "device" }.Concat(model.Parameters.Select(x => x.Name)).ToList();
                DeviceAliasingEmitter.Emit(w, names.T, model.MethodName, arguments,
                    outputParams.Select(t => ProgramNames.Parameter(p.Tensors[t].Name)).ToList(),
                    tensorParams.Where(t => p.Tensors[t].Kind == ProgramTensorKind.Input).Select(t => ProgramNames.Parameter(p.Tensors[t].Name)).ToList(), accumulate: false);
                var shapes = ShapeLayoutEmitter.For(p, model.MemberPrefix);
                shapes.EmitBind(w, t => ProgramNames.Parameter(p.Tensors[t].Name));
                shapes.EmitSizes(w, names.SizeOfClass);
                w.Line();
                if (plan.Materialized.Count > 0) w.Line("// Intermediates that are not fused live in device buffers for the duration of the call.");
                foreach (int t in plan.Materialized)
                {
                    w.Line($"using var {ProgramNames.Parameter(p.Tensors[t].Name)} = device.Allocate<{T}>({string.Join(", ", p.Tensors[t].Indices.Select(names.Size))});");
                }
                string scalars = elementScalars.Count == 0 ? $"new {T}[] {{ default }}, 1" : $"new {T}[] {{ {string.Join(", ", elementScalars.Keys.Select(ProgramNames.Parameter))} }}, {elementScalars.Count}";
                w.Line($"using var __scal = device.Upload<{T}>({scalars});");
                w.Line($"global::System.Span<long> __meta = stackalloc long[{layout.Length}];");
                foreach (var (position, text) in layout.Fixed(names, shapes)) w.Line($"__meta[{position}] = {text};");

                int n = 0;
                foreach (var step in plan.Steps)
                {
                    n++;
                    w.Line();
                    w.Line($"// Step {n}: {ProgramSourceWriter.StepSummary(p, step)}");
                    if (step is AttentionStep { Batch.Count: 0 } attention)
                    {
                        EmitAttentionCall(w, p, names, attention);
                        continue;
                    }
                    string count = step is LoopNestStep ? Product(step.Indices, names) : Product(Rows(step), names);
                    using (w.Block(""))
                    {
                        w.Line($"long __count = {count};");
                        using (w.Block("if (__count > 0)"))
                        {
                            w.Line("int __threads = (int)global::System.Math.Min(__count, 1L << 20);");
                            w.Line("__meta[0] = __count;");
                            w.Line("__meta[1] = __threads;");
                            string kernel = $"{model.MemberPrefix}_GpuKernel{n}";
                            w.Line($"var __kernel = device.GetOrLoadKernel({model.MemberPrefix}_GpuKey{n}, static accelerator =>");
                            using (w.Indent())
                            {
                                w.Line($"accelerator.LoadAutoGroupedKernel<{model.MemberPrefix}_GpuLauncher>(typeof({model.Declaration.ContainingTypeReference}).GetMethod(nameof({kernel}), global::System.Reflection.BindingFlags.NonPublic | global::System.Reflection.BindingFlags.Static)!));");
                            }
                            string args = string.Join(", ", views.Select(t => $"{ProgramNames.Parameter(p.Tensors[t].Name)}.BufferView"));
                            w.Line($"device.Launch(__meta, (__stream, __metaView) => __kernel(__stream, __threads, __metaView, __scal.BufferView, {args}));");
                        }
                    }
                }
            }

            // Kernels, their launcher delegate and cache keys.
            w.Line();
            string viewParams = string.Join(", ", views.Select(t => $"global::ILGPU.ArrayView<{T}> v_{names.Bare(t)}"));
            w.Line($"/// <summary>Launches a kernel of <c>{model.MethodName}</c>; ILGPU builds the launcher from this signature.</summary>");
            w.Line($"private delegate void {model.MemberPrefix}_GpuLauncher(global::ILGPU.Runtime.AcceleratorStream stream, global::ILGPU.Index1D threads, global::ILGPU.ArrayView<long> meta, global::ILGPU.ArrayView<{T}> scal, {viewParams});");
            int k = 0;
            foreach (var step in plan.Steps)
            {
                k++;
                if (step is AttentionStep { Batch.Count: 0 }) continue;
                w.Line();
                w.Line($"private static readonly object {model.MemberPrefix}_GpuKey{k} = new object();");
                w.Line();
                EmitKernel(w, p, names, layout, elementScalars, model, step, k, viewParams);
            }
        }

        private static bool IsTensor(BoundProgram p, int parameter)
            => p.Tensors.Any(t => t.Parameter == parameter && t.Kind != ProgramTensorKind.Intermediate);

        private static IReadOnlyList<string> Rows(ProgramStep step) => step switch
        {
            StreamingSoftmaxStep s => s.Rows,
            AttentionStep a => a.Batch.Concat(new[] { a.Query }).ToList(),
            _ => step.Indices,
        };

        private static string Product(IEnumerable<string> indices, ProgramNames names)
        {
            var list = indices.Select(i => "(long)" + names.Size(i)).ToList();
            return list.Count == 0 ? "1L" : string.Join(" * ", list);
        }

        private static void EmitAttentionCall(CodeWriter w, BoundProgram p, ProgramNames names, AttentionStep a)
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

        private static void EmitKernel(CodeWriter w, BoundProgram p, ProgramNames names, MetaLayout layout, Dictionary<string, int> elementScalars,
            ProgramMethodModel model, ProgramStep step, int k, string viewParams)
        {
            string T = names.T;
            var dialect = new GpuProgramDialect(names, elementScalars);
            w.Line($"// Kernel of step {k}: {(step is LoopNestStep ? "thread t computes the elements t, t + threads, … of the target" : "thread t streams the rows t, t + threads, …")}.");
            w.Line("// Only primitive arithmetic, Math/MathF and ArrayView indexing: ILGPU compiles this method's IL for the accelerator.");
            using (w.Block($"private static void {model.MemberPrefix}_GpuKernel{k}(global::ILGPU.Index1D index, global::ILGPU.ArrayView<long> meta, global::ILGPU.ArrayView<{T}> scal, {viewParams})"))
            {
                foreach (var line in layout.KernelPrologue(names)) w.Line(line);
                var rows = Rows(step);
                using (w.Block("for (long flat = index.X; flat < count; flat += threads)"))
                {
                    w.Line("long rest = flat;");
                    for (int r = rows.Count - 1; r >= 0; r--)
                    {
                        string x = ProgramNames.Index(rows[r]);
                        if (r == 0) w.Line($"long {x} = rest;");
                        else w.Line($"long {x} = rest % {names.Size(rows[r])}; rest /= {names.Size(rows[r])};");
                    }
                    var expr = new ProgramExprEmitter(w, names, p, dialect);
                    switch (step)
                    {
                        case LoopNestStep l:
                            w.Line($"{dialect.Element(new LoadExpr(l.Target, l.Indices))} = {expr.Emit(l.Value)};");
                            break;
                        case StreamingSoftmaxStep s:
                            StreamingRowEmitter.EmitRow(w, p, names, expr, dialect, s);
                            break;
                        case AttentionStep a:
                            StreamingRowEmitter.EmitRow(w, p, names, expr, dialect, AsStreaming(a));
                            break;
                    }
                }
            }
        }

        /// <summary>An attention step with batch indices runs as the generic streaming kernel on the GPU.</summary>
        private static StreamingSoftmaxStep AsStreaming(AttentionStep a)
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
