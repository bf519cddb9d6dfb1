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
    /// shape binding, pooled device tensors for the intermediates that are not fused, the kernel metadata and the launches
    /// of each step; after it, the generated kernels. The steps are the CPU's plan: a contraction runs its pairwise plan
    /// on the runtime's contraction kernels (<see cref="GpuContractionEmitter"/>), every other step is a generated kernel
    /// — one thread per output element for a loop nest (an einsum's <c>...</c> group is one index whose offsets come from
    /// the metadata's rows), one thread per row for a streaming softmax — or a call to the runtime's attention and Gaunt
    /// kernels. Every launch is named in the device's launch log (<c>TensorDevice.RecordedLaunches</c>) after its step.
    /// </summary>
    internal sealed class GpuProgramBody
    {
        private readonly ProgramMethodModel _model;
        private readonly BoundProgram _p;
        private readonly string _device;
        private readonly MetaLayout _layout;
        private readonly ShapeLayoutEmitter _shapes;
        private readonly Dictionary<string, int> _elementScalars;
        private readonly Dictionary<int, EinsumStep> _walked = new();

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
                if (plan.Steps[k] is EinsumStep e && GpuContractionEmitter.WhyOneKernel(_p, e) is null) _walked[k + 1] = e;
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
            if (Plan.Materialized.Count > 0) w.Line("// Intermediates that are not fused live in scratch tensors from the device's pool for the duration of the call.");
            foreach (int t in Plan.Materialized)
            {
                // A rank-0 intermediate (a backward's scalar, e.g. a step of a contraction's path) is one element.
                string lengths = _p.Tensors[t].Indices.Count == 0 ? "1" : string.Join(", ", _p.Tensors[t].Indices.Select(Names.Size));
                w.Line($"using var {ProgramNames.Parameter(_p.Tensors[t].Name)} = {_device}.Rent<{T}>({lengths});");
            }
            int result = ResultTensor;
            if (result >= 0)
            {
                w.Line($"// The rank-0 result, read back after the kernels.");
                w.Line($"using var {ProgramNames.Parameter(_p.Tensors[result].Name)} = {_device}.Allocate<{T}>(1);");
            }
            if (!HasGeneratedKernels)
            {
                EmitSteps(w);
                return;
            }
            string scalars = _elementScalars.Count == 0 ? $"new {T}[] {{ default }}, 1" : $"new {T}[] {{ {string.Join(", ", _elementScalars.Keys.Select(ProgramNames.Parameter))} }}, {_elementScalars.Count}";
            w.Line($"using var __scal = {_device}.Upload<{T}>({scalars});");
            w.Line($"global::System.Span<long> __meta = stackalloc long[{_layout.LengthExpression(_shapes)}];");
            foreach (var (position, text) in _layout.Fixed(Names, _shapes)) w.Line($"__meta[{position}] = {text};");
            foreach (var line in _layout.EllipsisRows(_shapes)) w.Line(line);
            EmitSteps(w);
        }

        // Whether step k launches a kernel of this method's own (through the shared launcher delegate): not a call of the
        // runtime's attention or Gaunt kernels, and not a contraction that follows its plan without an epilogue.
        private bool HasProgramKernel(ProgramStep step, int k)
            => step is not (AttentionStep { Batch.Count: 0 } or GauntStep) && !(_walked.TryGetValue(k, out var e) && e.Epilogue is null);

        private bool HasGeneratedKernels => Plan.Steps.Where((step, i) => HasProgramKernel(step, i + 1)).Any();

        private void EmitSteps(CodeWriter w)
        {
            int result = ResultTensor;
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
                if (_walked.TryGetValue(n, out var walked))
                {
                    int stepNumber = n;
                    GpuContractionEmitter.Emit(w, _p, walked, n, _device, T, Names, t => ProgramNames.Parameter(_p.Tensors[t].Name), Stride,
                        name => { using (w.Block("")) EmitLaunch(w, step, stepNumber, name); });
                    continue;
                }
                if (step is EinsumStep oneKernel)
                {
                    w.Line($"// One kernel for the whole statement: {GpuContractionEmitter.WhyOneKernel(_p, oneKernel)}.");
                }
                using (w.Block("")) EmitLaunch(w, step, n, $"step {n}");
            }
            w.Line();
            w.Line($"{_device}.Synchronize(); // the launches above queue on one stream: wait once, at the end");
            if (result >= 0) w.Line($"return {ProgramNames.Parameter(_p.Tensors[result].Name)}.ToArray()[0];");
        }

        /// <summary>The kernels of the steps, their launcher delegate and cache keys, and the helpers they call.</summary>
        public void EmitMembers(CodeWriter w)
        {
            string viewParams = ViewParameters;
            if (HasGeneratedKernels)
            {
                w.Line($"/// <summary>Launches a kernel of <c>{_model.MethodName}</c>; ILGPU builds the launcher from this signature.</summary>");
                w.Line($"private delegate void {Prefix}_GpuLauncher(global::ILGPU.Runtime.AcceleratorStream stream, global::ILGPU.Index1D threads, global::ILGPU.ArrayView<long> meta, global::ILGPU.ArrayView<{T}> scal, {viewParams});");
            }
            int k = 0;
            foreach (var step in Plan.Steps)
            {
                k++;
                if (step is GauntStep gaunt)
                {
                    w.Line();
                    GauntGpuEmitter.EmitMembers(w, GauntKernel(gaunt, k));
                    continue;
                }
                // A contraction that follows its plan runs on the runtime's pairwise kernels; only an epilogue is generated.
                if (!HasProgramKernel(step, k)) continue;
                w.Line();
                w.Line($"private static readonly object {Prefix}_GpuKey{k} = new object();");
                w.Line();
                EmitKernel(w, step, k);
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

        private void EmitLaunch(CodeWriter w, ProgramStep step, int n, string name)
        {
            string count = step is LoopNestStep or EinsumStep ? ProgramGpuEmitter.Product(step.Indices, Names) : ProgramGpuEmitter.Product(ProgramGpuEmitter.Rows(step), Names);
            w.Line($"long __count = {count};");
            using (w.Block("if (__count > 0)"))
            {
                w.Line($"int __threads = {_device}.ThreadsFor(__count);");
                w.Line("__meta[0] = __count;");
                w.Line("__meta[1] = __threads;");
                string kernel = $"{Prefix}_GpuKernel{n}";
                w.Line($"var __kernel = {_device}.GetOrLoadKernel({Prefix}_GpuKey{n}, static accelerator =>");
                using (w.Indent())
                {
                    w.Line($"accelerator.LoadAutoGroupedKernel<{Prefix}_GpuLauncher>(typeof({_model.Declaration.ContainingTypeReference}).GetMethod(nameof({kernel}), global::System.Reflection.BindingFlags.NonPublic | global::System.Reflection.BindingFlags.Static)!));");
                }
                string args = string.Join(", ", _layout.Tensors.Select(t => $"{ProgramNames.Parameter(_p.Tensors[t].Name)}.BufferView"));
                w.Line($"{_device}.Launch(\"{name}\", __meta, (__stream, __metaView) => __kernel(__stream, __threads, __metaView, __scal.BufferView, {args}));");
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
                        case EinsumStep e when _walked.ContainsKey(k):
                            // The epilogue, in place: the contraction's result is already in the target.
                            expr.PartElement = part => dialect.Element(new LoadExpr(e.Target, part.Indices));
                            w.Line($"{dialect.Element(new LoadExpr(e.Target, e.Indices))} = {expr.Emit(e.Epilogue!)};");
                            break;
                        case EinsumStep e:
                            // The statement's whole value as a loop over its summed indices (see the step's comment for why).
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
            using (w.Block("if (__rows.Count != 0)")) Gaunt.GauntGpuEmitter.EmitLaunch(w, GauntKernel(step, n), _device, Tensor(0), Tensor(1), Tensor(2), fourier, $"step {n}");
        }

        // The stride of axis a of tensor t: a device buffer's own, or the binder's for a parameter.
        private string Stride(int t, int a)
            => _p.Tensors[t].Kind == ProgramTensorKind.Intermediate ? $"{ProgramNames.Parameter(_p.Tensors[t].Name)}.Strides[{a}]" : _shapes.AxisStride(t, a)!;
    }
}
