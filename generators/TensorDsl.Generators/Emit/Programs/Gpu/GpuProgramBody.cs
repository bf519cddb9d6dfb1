using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Gaunt;
using TensorDsl.Generators.Emit.Gpu;
using TensorDsl.Generators.Emit.Shapes;
using TensorDsl.Generators.Models;
using TensorDsl.Language;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Programs.Gpu
{
    /// <summary>
    /// What a planned program runs on the GPU, for every attribute that lowers to a program: inside the overload, the
    /// shape binding, device buffers for the intermediates that are not fused, the kernel metadata and one launch per
    /// step; after it, the kernels. A contraction that is a single (batched) matrix product launches the tiled
    /// shared-memory GEMM (<see cref="GpuGemmEmitter"/>) with the loop-nest kernel as its fallback; every other step is a
    /// generated kernel — one thread per output element for a loop nest (an einsum's <c>...</c> group is one index whose
    /// offsets come from the metadata's rows), one thread per row for a streaming softmax — or a call to the runtime's
    /// attention kernels.
    /// </summary>
    internal sealed class GpuProgramBody
    {
        private readonly ProgramMethodModel _model;
        private readonly BoundProgram _p;
        private readonly string _device;
        private readonly MetaLayout _layout;
        private readonly ShapeLayoutEmitter _shapes;
        private readonly Dictionary<string, int> _elementScalars;
        private readonly Dictionary<int, GpuGemmSite> _gemms = new();

        /// <param name="model">The program (its tensors' names are the locals the overload holds them in).</param>
        /// <param name="plan">Its plan.</param>
        /// <param name="device">The TensorDevice expression.</param>
        public GpuProgramBody(ProgramMethodModel model, ProgramPlan plan, string device)
        {
            _model = model;
            _p = model.Program;
            _device = device;
            Plan = plan;
            Names = new ProgramNames(_p, _p.ElementKeyword);
            _layout = new MetaLayout(_p, plan);
            _shapes = ShapeLayoutEmitter.For(_p, model.MemberPrefix);
            _elementScalars = _p.Scalars.Where(s => s.Kind == ScalarKind.Element).Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i);
            Names.EllipsisOffset = (t, x) => $"{EllipsisHelper}(meta, {_shapes.BinderTensor(t)}, {x})";
            for (int k = 0; k < plan.Steps.Count; k++)
            {
                if (plan.Steps[k] is EinsumStep e && GemmSite(e, k + 1) is { } site) _gemms[k + 1] = site;
            }
        }

        public ProgramPlan Plan { get; }

        public ProgramNames Names { get; }

        private string Prefix => _model.MemberPrefix;

        private string EllipsisHelper => $"{Prefix}_GpuEllipsisOffset";

        private string T => Names.T;

        /// <summary>The overload's statements after its checks (and, for a returned rank-0 result, its <c>return</c>).</summary>
        public void EmitStatements(CodeWriter w)
        {
            _shapes.EmitBind(w, t => ProgramNames.Parameter(_p.Tensors[t].Name));
            _shapes.EmitSizes(w, Names.SizeOfClass);
            w.Line();
            if (Plan.Materialized.Count > 0) w.Line("// Intermediates that are not fused live in device buffers for the duration of the call.");
            foreach (int t in Plan.Materialized)
            {
                // A rank-0 intermediate (a backward's scalar, e.g. a step of a contraction's path) is one element.
                string lengths = _p.Tensors[t].Indices.Count == 0 ? "1" : string.Join(", ", _p.Tensors[t].Indices.Select(Names.Size));
                w.Line($"using var {ProgramNames.Parameter(_p.Tensors[t].Name)} = {_device}.Allocate<{T}>({lengths});");
            }
            int result = ResultTensor;
            if (result >= 0)
            {
                w.Line($"// The rank-0 result, read back after the kernels.");
                w.Line($"using var {ProgramNames.Parameter(_p.Tensors[result].Name)} = {_device}.Allocate<{T}>(1);");
            }
            string scalars = _elementScalars.Count == 0 ? $"new {T}[] {{ default }}, 1" : $"new {T}[] {{ {string.Join(", ", _elementScalars.Keys.Select(ProgramNames.Parameter))} }}, {_elementScalars.Count}";
            w.Line($"using var __scal = {_device}.Upload<{T}>({scalars});");
            w.Line($"global::System.Span<long> __meta = stackalloc long[{_layout.LengthExpression(_shapes)}];");
            foreach (var (position, text) in _layout.Fixed(Names, _shapes)) w.Line($"__meta[{position}] = {text};");
            foreach (var line in _layout.EllipsisRows(_shapes)) w.Line(line);

            int n = 0;
            foreach (var step in Plan.Steps)
            {
                n++;
                w.Line();
                w.Line($"// Step {n}: {ProgramSourceWriter.StepSummary(_p, step, gpu: true)}");
                if (step is AttentionStep { Batch.Count: 0 } attention)
                {
                    ProgramGpuEmitter.EmitAttentionCall(w, _p, Names, attention);
                    continue;
                }
                if (step is GauntStep gaunt)
                {
                    using (w.Block("")) EmitGaunt(w, gaunt, n);
                    continue;
                }
                using (w.Block(""))
                {
                    if (_gemms.TryGetValue(n, out var gemm))
                    {
                        GpuGemmEmitter.EmitLaunch(w, gemm, "__tiled");
                        using (w.Block("if (!__tiled)")) EmitLaunch(w, step, n);
                    }
                    else
                    {
                        EmitLaunch(w, step, n);
                    }
                }
            }
            if (result >= 0) w.Line($"return {ProgramNames.Parameter(_p.Tensors[result].Name)}.ToArray()[0];");
        }

        /// <summary>The kernels of the steps, their launcher delegate and cache keys, and the helpers they call.</summary>
        public void EmitMembers(CodeWriter w)
        {
            string viewParams = ViewParameters;
            w.Line($"/// <summary>Launches a kernel of <c>{_model.MethodName}</c>; ILGPU builds the launcher from this signature.</summary>");
            w.Line($"private delegate void {Prefix}_GpuLauncher(global::ILGPU.Runtime.AcceleratorStream stream, global::ILGPU.Index1D threads, global::ILGPU.ArrayView<long> meta, global::ILGPU.ArrayView<{T}> scal, {viewParams});");
            int k = 0;
            foreach (var step in Plan.Steps)
            {
                k++;
                if (step is AttentionStep { Batch.Count: 0 }) continue;
                w.Line();
                if (step is GauntStep gaunt)
                {
                    GauntGpuEmitter.EmitMembers(w, GauntKernel(gaunt, k));
                    continue;
                }
                w.Line($"private static readonly object {Prefix}_GpuKey{k} = new object();");
                w.Line();
                EmitKernel(w, step, k);
                if (_gemms.TryGetValue(k, out var gemm))
                {
                    w.Line();
                    GpuGemmEmitter.EmitLauncherDelegate(w, gemm);
                    w.Line();
                    GpuGemmEmitter.EmitKernel(w, gemm);
                }
            }
            if (_layout.HasEllipsis)
            {
                w.Line();
                MetaLayout.EmitEllipsisHelper(w, EllipsisHelper, _layout.Length, 1 + _shapes.TensorCount);
            }
        }

        // The rank-0 result a method returns (no parameter holds it), or -1.
        private int ResultTensor => Enumerable.Range(0, _p.Tensors.Count).Where(t => _p.Tensors[t] is { Kind: ProgramTensorKind.Output, Parameter: < 0 }).DefaultIfEmpty(-1).First();

        private string ViewParameters => string.Join(", ", _layout.Tensors.Select(t => $"global::ILGPU.ArrayView<{T}> v_{Names.Bare(t)}"));

        private void EmitLaunch(CodeWriter w, ProgramStep step, int n)
        {
            string count = step is LoopNestStep or EinsumStep ? ProgramGpuEmitter.Product(step.Indices, Names) : ProgramGpuEmitter.Product(ProgramGpuEmitter.Rows(step), Names);
            w.Line($"long __count = {count};");
            using (w.Block("if (__count > 0)"))
            {
                w.Line("int __threads = (int)global::System.Math.Min(__count, 1L << 20);");
                w.Line("__meta[0] = __count;");
                w.Line("__meta[1] = __threads;");
                string kernel = $"{Prefix}_GpuKernel{n}";
                w.Line($"var __kernel = {_device}.GetOrLoadKernel({Prefix}_GpuKey{n}, static accelerator =>");
                using (w.Indent())
                {
                    w.Line($"accelerator.LoadAutoGroupedKernel<{Prefix}_GpuLauncher>(typeof({_model.Declaration.ContainingTypeReference}).GetMethod(nameof({kernel}), global::System.Reflection.BindingFlags.NonPublic | global::System.Reflection.BindingFlags.Static)!));");
                }
                string args = string.Join(", ", _layout.Tensors.Select(t => $"{ProgramNames.Parameter(_p.Tensors[t].Name)}.BufferView"));
                w.Line($"{_device}.Launch(__meta, (__stream, __metaView) => __kernel(__stream, __threads, __metaView, __scal.BufferView, {args}));");
            }
        }

        private void EmitKernel(CodeWriter w, ProgramStep step, int k)
        {
            var dialect = new GpuProgramDialect(Names, _elementScalars);
            bool perElement = step is LoopNestStep or EinsumStep;
            w.Line($"// Kernel of step {k}: {(perElement ? "thread t computes the elements t, t + threads, … of the target" : "thread t streams the rows t, t + threads, …")}.");
            w.Line("// Only primitive arithmetic, Math/MathF and ArrayView indexing: ILGPU compiles this method's IL for the accelerator.");
            using (w.Block($"private static void {Prefix}_GpuKernel{k}(global::ILGPU.Index1D index, global::ILGPU.ArrayView<long> meta, global::ILGPU.ArrayView<{T}> scal, {ViewParameters})"))
            {
                foreach (var line in _layout.KernelPrologue(Names)) w.Line(line);
                var rows = perElement ? step.Indices : ProgramGpuEmitter.Rows(step);
                using (w.Block("for (long flat = index.X; flat < count; flat += threads)"))
                {
                    w.Line("long rest = flat;");
                    for (int r = rows.Count - 1; r >= 0; r--)
                    {
                        string x = ProgramNames.Index(rows[r]);
                        if (r == 0) w.Line($"long {x} = rest;");
                        else w.Line($"long {x} = rest % {Names.Size(rows[r])}; rest /= {Names.Size(rows[r])};");
                    }
                    var expr = new ProgramExprEmitter(w, Names, _p, dialect);
                    switch (step)
                    {
                        case LoopNestStep l:
                            w.Line($"{dialect.Element(new LoadExpr(l.Target, l.Indices))} = {expr.Emit(l.Value)};");
                            break;
                        case EinsumStep e:
                            // The contraction's value as a loop over its summed indices (the GEMM's fallback, or the whole step).
                            string store = _p.Statements[e.Statement].Accumulate ? "+=" : "=";
                            w.Line($"{dialect.Element(new LoadExpr(e.Target, e.Indices))} {store} {expr.Emit(e.Value)};");
                            break;
                        case StreamingSoftmaxStep s:
                            StreamingRowEmitter.EmitRow(w, _p, Names, expr, dialect, s);
                            break;
                        case AttentionStep a:
                            StreamingRowEmitter.EmitRow(w, _p, Names, expr, dialect, ProgramGpuEmitter.AsStreaming(a));
                            break;
                    }
                }
            }
        }

        private GauntKernel GauntKernel(GauntStep step, int n) => Gaunt.GauntKernel.ForStep(Prefix, n, step.Product, _model.Declaration.ContainingTypeReference);

        // A gaunt[…] step: the rows bound as on the CPU, then the device Fourier kernels where they take the tensors as they
        // are (every operand carries the leading indices in the result's order), else the table kernel.
        private void EmitGaunt(CodeWriter w, GauntStep step, int n)
        {
            var operands = Gaunt.GauntRowsEmitter.Operands(step);
            string Tensor(int o) => ProgramNames.Parameter(_p.Tensors[operands[o].Tensor].Name);
            Gaunt.GauntRowsEmitter.EmitBind(w, _p, step, Names.Size, Stride, _shapes.BinderTensor);
            var leading = step.Leading.ToList();
            bool inOrder = operands.All(o => o.Indices.Take(o.Indices.Count - 1).SequenceEqual(leading));
            string? fourier = !inOrder ? null : leading.Contains(IndexNames.Ellipsis) ? $"{Tensor(0)}.Rank == {Tensor(2)}.Rank && {Tensor(1)}.Rank == {Tensor(2)}.Rank" : "true";
            using (w.Block("if (__rows.Count != 0)")) Gaunt.GauntGpuEmitter.EmitLaunch(w, GauntKernel(step, n), _device, Tensor(0), Tensor(1), Tensor(2), fourier);
        }

        // The stride of axis a of tensor t: a device buffer's own, or the binder's for a parameter.
        private string Stride(int t, int a)
            => _p.Tensors[t].Kind == ProgramTensorKind.Intermediate ? $"{ProgramNames.Parameter(_p.Tensors[t].Name)}.Strides[{a}]" : _shapes.AxisStride(t, a)!;

        // A contraction that is exactly one (batched) matrix product of two tensors the kernels see, written into its target.
        private GpuGemmSite? GemmSite(EinsumStep e, int n)
        {
            if (e.Parts.Count != 1 || e.Prologues.Count > 0 || e.Epilogue is not null) return null;
            var part = e.Parts[0];
            var gemm = GpuGemmEmitter.SingleGemmStep(part.Plan);
            if (gemm is null || !part.IntoTarget || part.Operands.Count != 2 || part.Operands.Any(o => o.Load is null)) return null;
            var loads = part.Operands.Select(o => o.Load!).ToArray();
            if (loads.Any(l => !_layout.Tensors.Contains(l.Tensor)) || !_layout.Tensors.Contains(e.Target)) return null;
            var tensors = new[] { loads[0].Tensor, loads[1].Tensor, e.Target };
            var indices = new[] { loads[0].Indices, loads[1].Indices, e.Indices };

            // A label's stride in a tensor: the sum over the axes that carry it (a diagonal), from the binder for a parameter.
            string LabelStride(int which, char label)
            {
                int t = tensors[which];
                var parts = e.AxesOf(indices[which], label).Select(a => Stride(t, a)).ToList();
                return parts.Count == 0 ? "0" : string.Join(" + ", parts);
            }
            string Last(string labels) => labels.Length == 0 ? "\0" : labels.Substring(labels.Length - 1);
            return new GpuGemmSite(gemm, part.Spec.ExplicitText, $"{Prefix}_GpuGemmKernel{n}", $"{Prefix}_GpuGemmLauncher{n}", _model.Declaration.ContainingTypeReference,
                T, _p.Statements[e.Statement].Accumulate, _device,
                ProgramNames.Parameter(_p.Tensors[tensors[0]].Name), ProgramNames.Parameter(_p.Tensors[tensors[1]].Name), ProgramNames.Parameter(_p.Tensors[tensors[2]].Name),
                Last(part.Spec.Inputs[0].Labels)[0], Last(part.Spec.Inputs[1].Labels)[0], label => Names.Size(e.IndexOf(label)), LabelStride);
        }
    }
}
