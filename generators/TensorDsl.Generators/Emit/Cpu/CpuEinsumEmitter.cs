using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Models;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// Emits the CPU body of an einsum method: shape binding, then one loop nest over every index in the plan's
    /// order. Each operand's element is read at the shallowest loop where all its indices are bound; the innermost
    /// loop runs through a vector helper (<see cref="CpuVectorKernelEmitter"/>) when its index has unit stride in every
    /// tensor it touches, and as a strided scalar loop otherwise, so any layout is correct.
    /// </summary>
    internal static class CpuEinsumEmitter
    {
        internal const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

        public static void Emit(CodeWriter w, EinsumMethodModel model, EinsumLoopPlan plan)
        {
            var bound = model.Bound;
            var spec = bound.Spec;
            string T = bound.ElementKeyword;
            int m = spec.Inputs.Count;
            bool hasEllipsis = spec.InputsHaveEllipsis || spec.Output.HasEllipsis;
            var nest = new LoopNest(spec, plan);

            WriteHeaderComment(w, model, plan);
            string parameters = string.Join(", ", model.Parameters.Select(p => $"{p.TypeText} {p.Name}"));
            using (w.Block($"{model.Accessibility} static partial {model.ReturnTypeText} {model.MethodName}({parameters})"))
            {
                w.Line("// Bind the shapes of this call. Every check throws ArgumentException before anything is written.");
                w.Line($"var __bind = new global::TensorDsl.Runtime.EinsumBinding({model.MemberPrefix}_Layout, stackalloc nint[{model.MemberPrefix}_Layout.ScratchLength]);");
                for (int i = 0; i < m; i++)
                {
                    string name = bound.OperandNames[i];
                    w.Line($"__bind.BindInput({i}, {name}.Lengths, {name}.Strides);");
                }
                foreach (var dim in bound.Dims)
                {
                    w.Line($"__bind.RequireSize({spec.Labels.IndexOf(dim.Index[0])}, {dim.Size}); // [Dim(\"{dim.Index}\", {dim.Size})]");
                }
                w.Line(bound.ReturnsScalar ? "__bind.BindScalarResult();" : $"__bind.BindOutput({bound.OutputName}.Lengths, {bound.OutputName}.Strides);");
                w.Line();

                w.Line("// Index sizes, and each tensor's stride per index (0 where it lacks or broadcasts the index).");
                if (spec.Labels.Length > 0)
                {
                    w.Line("nint " + string.Join(", ", spec.Labels.Select((c, id) => $"n_{c} = __bind.Size({id})")) + ";");
                }
                for (int t = 0; t <= m; t++)
                {
                    var tensorLabels = nest.LabelsOf(t);
                    if (tensorLabels.Length == 0) continue;
                    w.Line("nint " + string.Join(", ", tensorLabels.Select(c => $"{LoopNest.Stride(t, m, c)} = __bind.Stride({t}, {spec.Labels.IndexOf(c)})")) + ";");
                }
                for (int i = 0; i < m; i++)
                {
                    w.Line($"ref {T} r{i} = ref {Unsafe}.AsRef(in {bound.OperandNames[i]}.GetPinnableReference());");
                }
                if (bound.ReturnsScalar)
                {
                    w.Line($"{T} __result = 0;");
                    w.Line($"ref {T} rOut = ref __result;");
                }
                else
                {
                    w.Line($"ref {T} rOut = ref {bound.OutputName}.GetPinnableReference();");
                    if (!bound.Accumulate)
                    {
                        w.Line($"{bound.OutputName}.Clear(); // NumPy semantics: the output is overwritten (Accumulate = false).");
                    }
                }
                if (plan.LoopOrder.Length > 0)
                {
                    w.Line();
                    w.Line($"// The innermost index '{plan.Innermost}' runs vectorized when it has unit stride in every tensor it touches.");
                    w.Line($"bool __unit = {nest.UnitStrideCondition()};");
                }
                w.Line();

                var offsets = new string[m + 1];
                for (int t = 0; t <= m; t++) offsets[t] = "0";
                if (hasEllipsis)
                {
                    w.Line("// '...' broadcast dimensions: an outer loop over their positions, each with its own base offsets.");
                    w.Line("nint __positions = __bind.EllipsisCount;");
                    using (w.Block("for (nint __e = 0; __e < __positions; __e++)"))
                    {
                        for (int t = 0; t <= m; t++)
                        {
                            if (t == m && bound.ReturnsScalar) continue;
                            offsets[t] = $"off{LoopNest.TensorName(t, m)}";
                            w.Line($"nint {offsets[t]} = __bind.EllipsisOffset({t}, __e);");
                        }
                        EmitLevel(w, model, nest, -1, offsets, null);
                    }
                }
                else
                {
                    EmitLevel(w, model, nest, -1, offsets, null);
                }
                if (bound.ReturnsScalar)
                {
                    w.Line("return __result;");
                }
            }

            if (plan.LoopOrder.Length > 0)
            {
                w.Line();
                CpuVectorKernelEmitter.Emit(w, model.MemberPrefix, T, plan.VectorOperands.Count, plan.InnermostIsSummed);
            }
        }

        // Emits what happens at loop depth 'depth' (-1 = before the first index loop): hoisted products, then the next loop.
        private static void EmitLevel(CodeWriter w, EinsumMethodModel model, LoopNest nest, int depth, string[] offsets, string? product)
        {
            var plan = nest.Plan;
            string T = model.Bound.ElementKeyword;
            int m = offsets.Length - 1;
            int inner = plan.LoopOrder.Length - 1;

            // Operands whose indices are all bound at this depth are read once here, not in the inner loops.
            var hoisted = Enumerable.Range(0, m).Where(i => plan.HoistDepth[i] == depth && (depth != inner || inner < 0)).ToList();
            if (hoisted.Count > 0)
            {
                string name = depth < 0 ? "p" : "p_" + plan.LoopOrder.Substring(0, depth + 1);
                var factors = new List<string>();
                if (product is not null) factors.Add(product);
                factors.AddRange(hoisted.Select(i => Element(i, offsets[i])));
                w.Line($"{T} {name} = {string.Join(" * ", factors)};");
                product = name;
            }

            if (inner < 0)
            {
                w.Line($"{Unsafe}.Add(ref rOut, {offsets[m]}) += {product};");
                return;
            }
            if (depth + 1 == inner)
            {
                EmitInnermost(w, model, nest, offsets, product);
                return;
            }

            char c = plan.LoopOrder[depth + 1];
            using (w.Block($"for (nint i_{c} = 0; i_{c} < n_{c}; i_{c}++)"))
            {
                var next = (string[])offsets.Clone();
                string suffix = plan.LoopOrder.Substring(0, depth + 2);
                for (int t = 0; t <= m; t++)
                {
                    if (!nest.Has(t, c)) continue;
                    next[t] = $"off{LoopNest.TensorName(t, m)}_{suffix}";
                    string baseOffset = offsets[t] == "0" ? "" : offsets[t] + " + ";
                    w.Line($"nint {next[t]} = {baseOffset}i_{c} * {LoopNest.Stride(t, m, c)};");
                }
                EmitLevel(w, model, nest, depth + 1, next, product);
            }
        }

        private static void EmitInnermost(CodeWriter w, EinsumMethodModel model, LoopNest nest, string[] offsets, string? product)
        {
            var plan = nest.Plan;
            string T = model.Bound.ElementKeyword;
            int m = offsets.Length - 1;
            char c = plan.Innermost;
            var vector = plan.VectorOperands.ToArray();
            string StridedFactors() => string.Join(" * ", vector.Select(v => Element(v, $"{Plus(offsets[v])}i_{c} * {LoopNest.Stride(v, m, c)}")));
            string vectorArgs = string.Join(", ", vector.Select(v => $"ref r{v}, {offsets[v]}"));
            string scale = product ?? "1";

            if (plan.InnermostIsSummed)
            {
                w.Line($"// Innermost '{c}' is summed: a dot product.");
                w.Line($"{T} __dot;");
                using (w.Block("if (__unit)"))
                {
                    w.Line($"__dot = {model.MemberPrefix}_Dot({vectorArgs}, n_{c});");
                }
                using (w.Block("else"))
                {
                    w.Line("__dot = 0;");
                    w.Line($"for (nint i_{c} = 0; i_{c} < n_{c}; i_{c}++) __dot += {StridedFactors()};");
                }
                string scaled = product is null ? "__dot" : $"{product} * __dot";
                w.Line($"{Unsafe}.Add(ref rOut, {offsets[m]}) += {scaled};");
            }
            else
            {
                w.Line($"// Innermost '{c}' walks the output: out += {scale} * (product of the operands along '{c}').");
                using (w.Block("if (__unit)"))
                {
                    w.Line($"{model.MemberPrefix}_Update(ref rOut, {offsets[m]}, {vectorArgs}, {scale}, n_{c});");
                }
                using (w.Block("else"))
                {
                    string lhs = $"{Unsafe}.Add(ref rOut, {Plus(offsets[m])}i_{c} * {LoopNest.Stride(m, m, c)})";
                    string rhs = product is null ? StridedFactors() : $"{product} * {StridedFactors()}";
                    w.Line($"for (nint i_{c} = 0; i_{c} < n_{c}; i_{c}++) {lhs} += {rhs};");
                }
            }
        }

        private static string Element(int operand, string offset) => $"{Unsafe}.Add(ref r{operand}, {offset})";

        private static string Plus(string offset) => offset == "0" ? "" : offset + " + ";

        private static void WriteHeaderComment(CodeWriter w, EinsumMethodModel model, EinsumLoopPlan plan)
        {
            var bound = model.Bound;
            var spec = bound.Spec;
            string Tensor(string name, Subscript s) => $"{name.TrimStart('@')}[{string.Join(",", s.Text.Replace("...", "…").ToCharArray())}]";
            var operands = spec.Inputs.Select((s, i) => Tensor(bound.OperandNames[i], s));
            string output = bound.ReturnsScalar ? "return value" : Tensor(bound.OutputName!, spec.Output);
            string summed = spec.SummedLabels.Length == 0 ? "none" : string.Join(", ", spec.SummedLabels.ToCharArray());
            string free = spec.Output.Labels.Length == 0 ? "none" : string.Join(", ", spec.Output.Labels.ToCharArray());
            string points = spec.Labels.Length == 0 ? "1" : string.Join("·", spec.Labels.Select(c => $"|{c}|"));
            if (spec.InputsHaveEllipsis) points += "·|…|";
            w.Line($"// ── Einsum \"{spec.Text}\"{(spec.IsOutputExplicit ? "" : $" (implicit output: {spec.ExplicitText})")}");
            w.Line($"//    {string.Join("  ", operands)}  ->  {output}{(bound.Accumulate ? " (accumulated)" : "")}");
            w.Line($"//    output indices: {free}; summed: {summed}");
            if (plan.LoopOrder.Length > 0)
            {
                w.Line($"//    loop order: {string.Join(" > ", plan.LoopOrder.ToCharArray())}; {plan.Reason}");
            }
            w.Line($"//    work: {points} points x {spec.Inputs.Count} FLOPs ({spec.Inputs.Count - 1} multiplies and an add each)");
        }
    }
}
