using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Shapes;
using TensorDsl.Generators.Models;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Gpu
{
    /// <summary>
    /// Emits the GPU overload of an einsum method: a method with the same name and accessibility taking a <c>TensorDevice</c> and
    /// <c>DeviceTensor&lt;T&gt;</c> arguments, which binds shapes with the same <c>ShapeBinding</c> as the CPU body, packs
    /// sizes, strides and offsets into a small metadata array, and launches a private ILGPU kernel. The kernel runs one
    /// thread per output element (a grid-stride loop when the output has more than <c>int.MaxValue</c> elements); each
    /// thread splits its flat index into the output indices and '...' positions, then loops over the summed indices.
    /// When the execution plan is a single (batched) matrix product, the overload first tries the tiled kernel of
    /// <see cref="GpuGemmEmitter"/> and keeps the per-element kernel as its fallback.
    /// </summary>
    /// <remarks>
    /// Kernel bodies use only primitive arithmetic and <c>ArrayView</c> indexing with <c>long</c>: ILGPU compiles their IL,
    /// so BCL helpers are off limits. The launcher is a generated delegate type loaded with
    /// <c>Accelerator.LoadAutoGroupedKernel&lt;TDelegate&gt;(MethodInfo)</c>, so every operand is its own <c>ArrayView</c>
    /// parameter whatever the operand count: ILGPU's generic <c>Action&lt;…&gt;</c> loaders stop at 15 kernel parameters,
    /// a generated delegate does not (CUDA's 4 KB kernel-parameter space, 16 bytes per view, is the real limit: about 250 operands).
    /// </remarks>
    internal static class GpuEinsumEmitter
    {
        private const string Device = "global::TensorDsl.TensorDevice";
        private const string ArrayView = "global::ILGPU.ArrayView";

        public static void Emit(CodeWriter w, EinsumMethodModel model, EinsumLoopPlan plan, ExecutionPlan execution)
        {
            var layout = new GpuLayout(model, plan);
            var gemm = GpuGemmEmitter.SingleGemmStep(execution);
            EmitOverload(w, model, layout, gemm);
            w.Line();
            if (gemm is not null)
            {
                GpuGemmEmitter.EmitLauncherDelegate(w, model, layout);
                w.Line();
                GpuGemmEmitter.EmitKernel(w, model, layout, gemm);
                w.Line();
            }
            EmitLauncherDelegate(w, model, layout);
            w.Line();
            EmitKernel(w, model, layout);
        }

        private static void EmitOverload(CodeWriter w, EinsumMethodModel model, GpuLayout g, PlanStep? gemm)
        {
            var bound = model.Bound;
            var spec = bound.Spec;
            string T = bound.ElementKeyword;
            int m = g.OperandCount;
            string tensorType = $"global::TensorDsl.DeviceTensor<{T}>";

            if (gemm is null)
            {
                w.Line($"// ── GPU overload of {model.MethodName}: einsum \"{spec.ExplicitText}\" as one ILGPU kernel ({model.MemberPrefix}_GpuKernel).");
                w.Line($"//    {g.WorkDescription}.");
            }
            else
            {
                w.Line($"// ── GPU overload of {model.MethodName}: einsum \"{spec.ExplicitText}\" as a tiled matrix product ({GpuGemmEmitter.KernelName(model)}):");
                w.Line($"//    {GpuGemmEmitter.Groups(gemm)}; shared-memory tiles of A and B, a 4 × 4 register block of C per thread.");
                w.Line($"//    Fallback ({model.MemberPrefix}_GpuKernel): {char.ToLowerInvariant(g.WorkDescription[0])}{g.WorkDescription.Substring(1)}.");
            }
            w.Line($"/// <summary>Computes the einsum <c>{Xml(spec.ExplicitText)}</c> of <c>{model.MethodName}</c> on <paramref name=\"{g.DeviceName.TrimStart('@')}\"/> with an ILGPU kernel.</summary>");
            w.Line($"/// <param name=\"{g.DeviceName.TrimStart('@')}\">The accelerator that runs the kernel; every tensor must live on it.</param>");
            for (int i = 0; i < m; i++)
            {
                w.Line($"/// <param name=\"{g.Names[i].TrimStart('@')}\">Operand {i}, subscripts <c>{Xml(spec.Inputs[i].Text)}</c>.</param>");
            }
            if (bound.ReturnsScalar)
            {
                w.Line("/// <returns>The rank-0 result.</returns>");
            }
            else
            {
                string effect = bound.Accumulate ? "the result is added into it (Accumulate = true)" : "overwritten with the result";
                w.Line($"/// <param name=\"{g.Names[m].TrimStart('@')}\">The output, subscripts <c>{Xml(spec.Output.Text)}</c>; {effect}.</param>");
            }
            w.Line("/// <exception cref=\"global::System.ArgumentException\">A shape does not fit the spec, or a tensor lives on another device. Nothing is written. (An output that shares a buffer with an operand is computed into a temporary and copied.)</exception>");

            var parameters = new List<string> { $"{Device} {g.DeviceName}" };
            for (int t = 0; t < g.TensorCount; t++)
            {
                if (t == m && bound.ReturnsScalar) continue;
                parameters.Add($"{tensorType} {g.Names[t]}");
            }
            string returnType = bound.ReturnsScalar ? T : "void";
            using (w.Block($"{model.Declaration.OverloadModifiers} {returnType} {model.MethodName}({string.Join(", ", parameters)})"))
            {
                w.Line($"global::System.ArgumentNullException.ThrowIfNull({g.DeviceName});");
                for (int t = 0; t <= m; t++)
                {
                    if (t == m && bound.ReturnsScalar) continue;
                    w.Line($"{g.DeviceName}.CheckTensor({g.Names[t]}, {Literal(g.Names[t])});");
                }
                if (!bound.ReturnsScalar)
                {
                    var arguments = new[] { g.DeviceName }.Concat(Enumerable.Range(0, m + 1).Select(t => g.Names[t])).ToList();
                    DeviceAliasingEmitter.Emit(w, T, model.MethodName, arguments, new[] { g.Names[m] }, Enumerable.Range(0, m).Select(i => g.Names[i]).ToList(), bound.Accumulate);
                }
                w.Line();

                ShapeLayoutEmitter.For(bound.ToProgram(), model.MemberPrefix).EmitBind(w, t => g.Names[t]);
                w.Line();

                var countFactors = spec.Output.Labels.Select(c => $"(long)__bind.Size({g.LabelId(c)})").ToList();
                if (spec.Output.HasEllipsis) countFactors.Add("(long)__bind.EllipsisCount");
                string count = countFactors.Count == 0 ? "1" : string.Join(" * ", countFactors);
                w.Line($"long __count = {count}; // output elements: one kernel thread each");
                if (!bound.ReturnsScalar)
                {
                    w.Line("if (__count == 0) return; // an empty output: nothing to compute");
                }
                if (gemm is not null)
                {
                    w.Line();
                    GpuGemmEmitter.EmitLaunch(w, model, g, gemm);
                    w.Line();
                    w.Line($"// The fallback: one thread of {model.MemberPrefix}_GpuKernel per output element.");
                }
                w.Line("int __threads = (int)global::System.Math.Min(__count, int.MaxValue);");
                w.Line();

                w.Line($"// Kernel metadata, read by {model.MemberPrefix}_GpuKernel at these fixed positions.");
                string length = g.HasEllipsisRows ? $"{g.EllipsisStart + 1} + __bind.EllipsisRank * {g.EllipsisRowLength}" : $"{g.FixedLength}";
                w.Line($"global::System.Span<long> __meta = stackalloc long[{length}];");
                w.Line("__meta[0] = __count;");
                w.Line("__meta[1] = __threads;");
                foreach (char c in spec.Labels)
                {
                    w.Line($"__meta[{g.SizeSlot(c)}] = __bind.Size({g.LabelId(c)}); // n_{c}");
                }
                for (int t = 0; t <= m; t++)
                {
                    foreach (char c in g.LabelsOf(t))
                    {
                        w.Line($"__meta[{g.StrideSlot(t, c)}] = __bind.Stride({t}, {g.LabelId(c)}); // {g.Stride(t, c)}");
                    }
                }
                for (int t = 0; t <= m; t++)
                {
                    string offset = t == m && bound.ReturnsScalar ? "0" : $"{g.Names[t]}.Offset";
                    w.Line($"__meta[{g.BaseSlot(t)}] = {offset}; // base_{g.Tags[t]}");
                }
                if (g.HasEllipsisRows)
                {
                    w.Line($"// '...' dimensions: their number, then for each (outermost first) its size and its stride in {string.Join(", ", g.Tags)}.");
                    w.Line($"__meta[{g.EllipsisStart}] = __bind.EllipsisRank;");
                    using (w.Block("for (int __d = 0; __d < __bind.EllipsisRank; __d++)"))
                    {
                        w.Line($"int __row = {g.EllipsisStart + 1} + __d * {g.EllipsisRowLength};");
                        w.Line("__meta[__row] = __bind.EllipsisSize(__d);");
                        for (int t = 0; t <= m; t++)
                        {
                            w.Line($"__meta[__row + {t + 1}] = __bind.EllipsisStride({t}, __d);");
                        }
                    }
                }
                w.Line();

                if (bound.ReturnsScalar)
                {
                    w.Line($"using var {g.Names[m]} = {g.DeviceName}.Allocate<{T}>(1);");
                }
                w.Line("// Loaded (compiled) once per accelerator, cached by the device under this kernel's launcher type.");
                string containing = model.Declaration.ContainingTypeReference;
                w.Line($"var __kernel = {g.DeviceName}.GetOrLoadKernel(typeof({model.MemberPrefix}_GpuLauncher), static accelerator =>");
                using (w.Indent())
                {
                    w.Line($"accelerator.LoadAutoGroupedKernel<{model.MemberPrefix}_GpuLauncher>(typeof({containing}).GetMethod(nameof({model.MemberPrefix}_GpuKernel), global::System.Reflection.BindingFlags.NonPublic | global::System.Reflection.BindingFlags.Static)!));");
                }
                string views = string.Join(", ", Enumerable.Range(0, g.TensorCount).Select(t => $"{g.Names[t]}.BufferView"));
                w.Line($"{g.DeviceName}.Launch(__meta, (__stream, __metaView) => __kernel(__stream, __threads, __metaView, {views}));");
                if (bound.ReturnsScalar)
                {
                    w.Line($"return {g.Names[m]}.ToArray()[0];");
                }
            }
        }

        private static void EmitLauncherDelegate(CodeWriter w, EinsumMethodModel model, GpuLayout g)
        {
            string T = model.Bound.ElementKeyword;
            w.Line($"/// <summary>Launches {model.MemberPrefix}_GpuKernel on a stream; ILGPU builds the launcher from this signature.</summary>");
            var parameters = new List<string>
            {
                "global::ILGPU.Runtime.AcceleratorStream stream",
                "global::ILGPU.Index1D threads",
                $"{ArrayView}<long> meta",
            };
            parameters.AddRange(g.Tags.Select(tag => $"{ArrayView}<{T}> v_{tag}"));
            w.Line($"private delegate void {model.MemberPrefix}_GpuLauncher({string.Join(", ", parameters)});");
        }

        private static void EmitKernel(CodeWriter w, EinsumMethodModel model, GpuLayout g)
        {
            var bound = model.Bound;
            var spec = bound.Spec;
            string T = bound.ElementKeyword;
            int m = g.OperandCount;

            w.Line($"// The ILGPU kernel of \"{spec.ExplicitText}\": thread t computes the output elements t, t + threads, … < count.");
            w.Line("// Each flat output index is split, last axis first, into the output indices (and '...' positions), which fix");
            string loops = g.SummedOrder.Length == 0
                ? "no index is summed: the product of the operands' elements"
                : $"the thread loops over the summed {(g.SummedOrder.Length == 1 ? "index" : "indices")} {string.Join(", ", g.SummedOrder.ToCharArray())}";
            w.Line($"// every tensor's element offset; then {loops}, and the result is {(bound.Accumulate ? "added to" : "stored in")} the output element.");
            w.Line("// Only primitive arithmetic and ArrayView indexing: ILGPU compiles this method's IL for the accelerator.");
            var parameters = new List<string> { "global::ILGPU.Index1D index", $"{ArrayView}<long> meta" };
            parameters.AddRange(g.Tags.Select(tag => $"{ArrayView}<{T}> v_{tag}"));
            using (w.Block($"private static void {model.MemberPrefix}_GpuKernel({string.Join(", ", parameters)})"))
            {
                w.Line("long count = meta[0], threads = meta[1];");
                if (spec.Labels.Length > 0)
                {
                    w.Line("long " + string.Join(", ", spec.Labels.Select(c => $"n_{c} = meta[{g.SizeSlot(c)}]")) + ";");
                }
                for (int t = 0; t <= m; t++)
                {
                    var labels = g.LabelsOf(t);
                    if (labels.Length == 0) continue;
                    w.Line("long " + string.Join(", ", labels.Select(c => $"{g.Stride(t, c)} = meta[{g.StrideSlot(t, c)}]")) + ";");
                }
                w.Line("long " + string.Join(", ", Enumerable.Range(0, g.TensorCount).Select(t => $"base_{g.Tags[t]} = meta[{g.BaseSlot(t)}]")) + ";");
                using (w.Block("for (long flat = index.X; flat < count; flat += threads)"))
                {
                    EmitDecomposition(w, g);
                    if (g.SumsEllipsis) EmitEllipsisSum(w, model, g);
                    else EmitReduction(w, model, g, "o_", model.Bound.Accumulate ? "+=" : "=");
                }
            }
        }

        // Splits 'flat' into the output's indices, last axis first, adding each index's stride into every tensor's offset.
        private static void EmitDecomposition(CodeWriter w, GpuLayout g)
        {
            var output = g.Spec.Output;
            int m = g.OperandCount;
            w.Line("long " + string.Join(", ", Enumerable.Range(0, g.TensorCount).Select(t => $"o_{g.Tags[t]} = base_{g.Tags[t]}")) + ";");
            if (output.Labels.Length == 0 && !output.HasEllipsis) return;

            string axes = output.Text.Replace("...", "…");
            w.Line($"// Output indices from the flat index, row-major over the output's axes ({axes}).");
            w.Line("long rest = flat;");
            int ellipsisAt = output.HasEllipsis ? output.EllipsisPosition : -1;
            for (int k = output.Labels.Length; k >= 0; k--)
            {
                if (k < output.Labels.Length)
                {
                    char c = output.Labels[k];
                    bool outermost = k == 0 && ellipsisAt != 0;
                    if (outermost)
                    {
                        w.Line($"long i_{c} = rest;");
                    }
                    else
                    {
                        w.Line($"long i_{c} = rest % n_{c};");
                        w.Line($"rest /= n_{c};");
                    }
                    var touched = Enumerable.Range(0, g.TensorCount).Where(t => g.Has(t, c)).ToList();
                    foreach (int t in touched)
                    {
                        w.Line($"o_{g.Tags[t]} += i_{c} * {g.Stride(t, c)};");
                    }
                }
                if (k == ellipsisAt)
                {
                    w.Line("// '...' positions, innermost dimension first (each a row of meta: size, then a stride per tensor).");
                    using (w.Block($"for (long d = meta[{g.EllipsisStart}] - 1; d >= 0; d--)"))
                    {
                        w.Line($"long row = {g.EllipsisStart + 1} + d * {g.EllipsisRowLength};");
                        w.Line("long position = rest % meta[row];");
                        w.Line("rest /= meta[row];");
                        for (int t = 0; t <= m; t++)
                        {
                            w.Line($"o_{g.Tags[t]} += position * meta[row + {t + 1}];");
                        }
                    }
                }
            }
        }

        // An output without '...' while the operands have it: every broadcast position adds into the thread's element (NumPy's
        // and PyTorch's "i...->i"), each position's offsets decomposed from the metadata rows as the output's are elsewhere.
        private static void EmitEllipsisSum(CodeWriter w, EinsumMethodModel model, GpuLayout g)
        {
            int m = g.OperandCount;
            string target = $"v_{g.Tags[m]}[o_{g.Tags[m]}]";
            if (!model.Bound.Accumulate) w.Line($"{target} = 0;");
            w.Line("// '...' positions are summed: the output has no '...'.");
            w.Line("long positions = 1;");
            w.Line($"for (long d = 0; d < meta[{g.EllipsisStart}]; d++) positions *= meta[{g.EllipsisStart + 1} + d * {g.EllipsisRowLength}];");
            using (w.Block("for (long e = 0; e < positions; e++)"))
            {
                w.Line("long restE = e;");
                w.Line("long " + string.Join(", ", Enumerable.Range(0, m).Select(t => $"oe_{g.Tags[t]} = o_{g.Tags[t]}")) + $", oe_{g.Tags[m]} = o_{g.Tags[m]};");
                using (w.Block($"for (long d = meta[{g.EllipsisStart}] - 1; d >= 0; d--)"))
                {
                    w.Line($"long row = {g.EllipsisStart + 1} + d * {g.EllipsisRowLength};");
                    w.Line("long position = restE % meta[row];");
                    w.Line("restE /= meta[row];");
                    for (int t = 0; t < m; t++) w.Line($"oe_{g.Tags[t]} += position * meta[row + {t + 1}];");
                }
                EmitReduction(w, model, g, "oe_", "+=");
            }
        }

        // The summed loops (plan order), with each operand read at the shallowest loop where all its indices are bound; the
        // tensors' offsets are the locals <prefix><tag>, and the result is stored into the output with 'store' (= or +=).
        private static void EmitReduction(CodeWriter w, EinsumMethodModel model, GpuLayout g, string prefix, string store)
        {
            var bound = model.Bound;
            string T = bound.ElementKeyword;
            int m = g.OperandCount;
            string summed = g.SummedOrder;
            string target = $"v_{g.Tags[m]}[{prefix}{g.Tags[m]}]";

            // Operands without summed indices: one element per output element.
            var free = Enumerable.Range(0, m).Where(i => g.SummedDepth(i) < 0).ToList();
            string? outer = null;
            if (free.Count > 0 && summed.Length > 0)
            {
                w.Line($"{T} p = {string.Join(" * ", free.Select(i => $"v_{g.Tags[i]}[{prefix}{g.Tags[i]}]"))};");
                outer = "p";
            }
            if (summed.Length == 0)
            {
                w.Line($"{target} {store} {string.Join(" * ", free.Select(i => $"v_{g.Tags[i]}[{prefix}{g.Tags[i]}]"))};");
                return;
            }

            w.Line($"{T} acc = 0;");
            var offsets = Enumerable.Range(0, g.TensorCount).Select(t => $"{prefix}{g.Tags[t]}").ToArray();
            var scopes = new List<System.IDisposable>();
            string? product = null;
            for (int depth = 0; depth < summed.Length; depth++)
            {
                char c = summed[depth];
                scopes.Add(w.Block($"for (long i_{c} = 0; i_{c} < n_{c}; i_{c}++)"));
                string suffix = summed.Substring(0, depth + 1);
                for (int i = 0; i < m; i++)
                {
                    if (!g.Has(i, c)) continue;
                    string next = $"{prefix}{g.Tags[i]}_{suffix}";
                    w.Line($"long {next} = {offsets[i]} + i_{c} * {g.Stride(i, c)};");
                    offsets[i] = next;
                }
                var factors = new List<string>();
                if (product is not null) factors.Add(product);
                factors.AddRange(Enumerable.Range(0, m).Where(i => g.SummedDepth(i) == depth).Select(i => $"v_{g.Tags[i]}[{offsets[i]}]"));
                if (depth == summed.Length - 1)
                {
                    w.Line($"acc += {string.Join(" * ", factors)};");
                }
                else if (factors.Count > (product is null ? 0 : 1))
                {
                    product = $"p_{suffix}";
                    w.Line($"{T} {product} = {string.Join(" * ", factors)};");
                }
            }
            for (int i = scopes.Count - 1; i >= 0; i--) scopes[i].Dispose();
            w.Line($"{target} {store} {(outer is null ? "acc" : $"{outer} * acc")};");
        }

        private static string Literal(string name) => EinsumSourceWriter.Literal(name.TrimStart('@'));

        private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

        /// <summary>Names and metadata positions shared by the overload and its kernels.</summary>
        internal sealed class GpuLayout
        {
            private readonly Dictionary<(int Tensor, char Label), int> _strideSlots = new Dictionary<(int, char), int>();

            public GpuLayout(EinsumMethodModel model, EinsumLoopPlan plan)
            {
                var bound = model.Bound;
                Spec = bound.Spec;
                OperandCount = Spec.Inputs.Count;
                TensorCount = OperandCount + 1;

                // C# names of the tensors in the overload: the method's parameters; a returned scalar gets a temporary.
                var names = model.Parameters.Take(OperandCount).Select(p => p.Name).ToList();
                var plain = new HashSet<string>(model.Parameters.Select(p => p.Name.TrimStart('@')));
                names.Add(bound.ReturnsScalar ? "__result" : model.Parameters[OperandCount].Name);
                Names = names.ToArray();
                DeviceName = plain.Contains("device") ? "__device" : "device";

                // Kernel-side tags: the parameter names when they are plain letters and digits (so that s_a_i, o_a_jk
                // cannot collide), otherwise t0, t1, … and out.
                var tags = names.Select(n => n.TrimStart('@')).ToList();
                if (bound.ReturnsScalar) tags[OperandCount] = "result";
                bool simple = tags.All(IsSimple) && tags.Distinct().Count() == tags.Count;
                Tags = simple ? tags.ToArray() : Enumerable.Range(0, TensorCount).Select(t => t == OperandCount ? "out" : "t" + t).ToArray();

                _labels = new string[TensorCount];
                for (int t = 0; t < TensorCount; t++)
                {
                    var sub = t < OperandCount ? Spec.Inputs[t] : Spec.Output;
                    _labels[t] = new string(Spec.Labels.Where(c => sub.Labels.IndexOf(c) >= 0).ToArray());
                }

                // Summed indices in the plan's loop order (its innermost index, unit stride under row-major, stays innermost).
                SummedOrder = new string(plan.LoopOrder.Where(c => Spec.Output.Labels.IndexOf(c) < 0).ToArray());
                foreach (char c in Spec.SummedLabels)
                {
                    if (SummedOrder.IndexOf(c) < 0) SummedOrder += c;
                }

                // Metadata: [count, threads, n_* (label order), strides (tensor, label), bases, ellipsis rank, rows…].
                int slot = 2 + Spec.Labels.Length;
                for (int t = 0; t < TensorCount; t++)
                {
                    foreach (char c in _labels[t]) _strideSlots[(t, c)] = slot++;
                }
                BaseStart = slot;
                slot += TensorCount;
                FixedLength = slot;
                EllipsisStart = slot;
                HasEllipsisRows = Spec.Output.HasEllipsis || Spec.InputsHaveEllipsis;
                SumsEllipsis = Spec.InputsHaveEllipsis && !Spec.Output.HasEllipsis;
            }

            private readonly string[] _labels;

            public EinsumSpec Spec { get; }
            public int OperandCount { get; }
            public int TensorCount { get; }
            public string[] Names { get; }
            public string[] Tags { get; }
            public string DeviceName { get; }
            public string SummedOrder { get; }
            public int BaseStart { get; }
            public int FixedLength { get; }
            public int EllipsisStart { get; }
            public bool HasEllipsisRows { get; }

            /// <summary>The operands have '...' but the output does not: each thread sums over the broadcast positions.</summary>
            public bool SumsEllipsis { get; }
            public int EllipsisRowLength => TensorCount + 1;

            /// <summary>What the threads do, for the header comment.</summary>
            public string WorkDescription
            {
                get
                {
                    var output = Spec.Output;
                    string indices = string.Join(", ", SummedOrder.ToCharArray());
                    string plural = SummedOrder.Length == 1 ? "index" : "indices";
                    if (output.Labels.Length == 0 && !output.HasEllipsis)
                    {
                        return SummedOrder.Length == 0
                            ? "A single kernel thread computes the rank-0 result"
                            : $"A single kernel thread computes the rank-0 result, looping over the summed {plural} {indices}";
                    }
                    string element = $"{Tags[OperandCount]}[{string.Join(",", output.Text.Replace("...", "…").ToCharArray())}]";
                    return SummedOrder.Length == 0
                        ? $"One kernel thread per element of {element}; no index is summed"
                        : $"One kernel thread per element of {element}, each looping over the summed {plural} {indices}";
                }
            }

            public int LabelId(char c) => Spec.Labels.IndexOf(c);

            public string LabelsOf(int tensor) => _labels[tensor];

            public bool Has(int tensor, char c) => _labels[tensor].IndexOf(c) >= 0;

            public int SizeSlot(char c) => 2 + LabelId(c);

            public int StrideSlot(int tensor, char c) => _strideSlots[(tensor, c)];

            public int BaseSlot(int tensor) => BaseStart + tensor;

            public string Stride(int tensor, char c) => $"s_{Tags[tensor]}_{c}";

            // The depth (position in SummedOrder) of the deepest summed index of an operand; -1 when it has none.
            public int SummedDepth(int operand) => _labels[operand].Select(c => SummedOrder.IndexOf(c)).DefaultIfEmpty(-1).Max();

            private static bool IsSimple(string name)
                => name.Length > 0 && IsAsciiLetter(name[0]) && name.All(ch => IsAsciiLetter(ch) || (ch >= '0' && ch <= '9'));

            private static bool IsAsciiLetter(char ch) => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
        }
    }
}
