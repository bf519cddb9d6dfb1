using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Cpu;
using TensorDsl.Generators.Models;
using TensorDsl.Language;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Polynomials
{
    /// <summary>
    /// Writes one generated file per <c>[EquivariantPolynomial]</c> method: a header that shows the multigraph, its einsum,
    /// the planner's contraction sequence and its cost as a polynomial in n; the declared method and a GPU overload, both of
    /// which pass x once per edge to the einsum core; then the core itself, exactly as <see cref="EinsumSourceWriter"/>
    /// writes an <c>[Einsum]</c> kernel.
    /// </summary>
    internal static class PolynomialSourceWriter
    {
        public static (string HintName, string Source) Write(PolynomialTarget target)
            => GeneratedFile.Write(target.Valid, target.Invalid, m => m.HintName, WriteValid,
                (m, reason) => new InvalidEinsumModel(m.Declaration, "void", new EquatableArray<ParameterModel>(new[] { m.X, m.P }), reason));

        private static string WriteValid(PolynomialMethodModel model)
        {
            var core = model.Core();
            var einsum = EinsumProgram.Of(core);
            var plan = einsum.Contraction?.Plan ?? throw new InvalidOperationException("the polynomial's einsum did not plan as one contraction");
            var w = new CodeWriter();
            EinsumSourceWriter.WriteFileHeader(w);
            EinsumSourceWriter.WriteInTypes(w, model.Declaration, () =>
            {
                WriteHeader(w, model, core, plan);
                WriteForwarders(w, model, core);
                w.Line();
                EinsumSourceWriter.WriteKernel(w, core, einsum);
            });
            return w.ToString();
        }

        private static void WriteHeader(CodeWriter w, PolynomialMethodModel model, EinsumMethodModel core, ExecutionPlan plan)
        {
            var bound = model.Bound;
            var graph = PolynomialGraph.FromEinsum(bound.GraphEinsum);
            string x = model.X.Name.TrimStart('@');
            string p = model.P.Name.TrimStart('@');
            string ch = bound.HasChannels ? bound.ChannelLabel.ToString() : "";
            string marked = graph.Marked.Length == 0 ? "none (an invariant)" : string.Join(" ", graph.Marked.ToCharArray());
            w.Line($"// ── Equivariant graph polynomial (Puny et al. 2023): [EquivariantPolynomial({EinsumSourceWriter.Literal(bound.SpecText)}{(bound.HasChannels ? ", Channels = true" : "")})]");
            w.Line($"//    multigraph H: nodes {string.Join(" ", graph.Nodes.ToCharArray())}; edges {string.Join(" ", graph.Edges)}; marked {marked}");
            w.Line($"//    einsum over x, one operand per edge: \"{bound.GraphEinsum}\"");
            if (bound.HasChannels)
            {
                w.Line($"//    channel-wise: x is n×n×C, every edge reads x[u,v,{ch}] at the same channel {ch}; the kernel's einsum is \"{core.Bound.Spec.ExplicitText}\"");
            }
            string pIndices = string.Join(",", (graph.Marked + ch).ToCharArray());
            w.Line($"//    {p}[{pIndices}] = Σ over the other nodes of the product of x over the edges{(graph.Marked.Length == 0 && !bound.HasChannels ? $" ({p} has shape [1])" : "")}");
            if (plan.IsDirect)
            {
                w.Line($"//    contraction sequence: none ({plan.Reason})");
            }
            else
            {
                w.Line($"//    contraction sequence chosen by the planner ({plan.Reason}):");
                for (int s = 0; s < plan.Steps.Count; s++) w.Line($"//      {s + 1}. {CpuKernelEmitter.Describe(core, plan, plan.Steps[s])}");
            }
            var cost = PolynomialCost.Of(core.Bound.Spec, plan, bound.ChannelLabel);
            w.Line($"//    cost: {cost.Text} FLOPs for x of size n{(bound.HasChannels ? "×n×C" : "×n")}: O({cost.Order}); the naive loop over all {graph.Nodes.Length} nodes costs {cost.NaiveText}");
            w.Line("//    Both methods below pass x once per edge to the einsum kernel that follows (an [Einsum] kernel, as the");
            w.Line("//    [Einsum] generator writes it): the polynomial is a front end of the einsum pipeline, not a kernel of its own.");
        }

        private static void WriteForwarders(CodeWriter w, PolynomialMethodModel model, EinsumMethodModel core)
        {
            int m = core.Bound.Spec.Inputs.Count;
            string x = model.X.Name;
            string p = model.P.Name;
            string xArgument = CpuKernelEmitter.ArgumentPrefix(model.X.TypeText) + x;
            string pArgument = CpuKernelEmitter.ArgumentPrefix(model.P.TypeText) + p;
            string xs = string.Join(", ", Enumerable.Repeat(xArgument, m));
            AliasingWrapperEmitter.Emit(w, model.Declaration.Modifiers, "void", model.MethodName, new[] { model.X, model.P }, $"{core.MemberPrefix}_Poly", accumulate: false);
            w.Line($"private static void {core.MemberPrefix}_Poly({model.X.TypeText} {x}, {model.P.TypeText} {p}) => {core.MemberPrefix}_Cpu({xs}, {pArgument});");
            w.Line();

            string T = core.Bound.ElementKeyword;
            string device = x.TrimStart('@') == "device" || p.TrimStart('@') == "device" ? "__device" : "device";
            string tensor = $"global::TensorDsl.DeviceTensor<{T}>";
            string xPlain = x.TrimStart('@');
            string pPlain = p.TrimStart('@');
            string graph = EinsumSourceWriter.Literal(model.Bound.GraphEinsum).Trim('"');
            w.Line($"/// <summary>Computes the graph polynomial <c>{Xml(graph)}</c> of <c>{model.MethodName}</c> on <paramref name=\"{device}\"/> with an ILGPU kernel (one operand per edge, all <paramref name=\"{xPlain}\"/>).</summary>");
            w.Line($"/// <param name=\"{device}\">The accelerator that runs the kernel; both tensors must live on it.</param>");
            w.Line($"/// <param name=\"{xPlain}\">The adjacency tensor, n×n{(model.Bound.HasChannels ? "×C" : "")}.</param>");
            w.Line($"/// <param name=\"{pPlain}\">The result, one axis of size n per marked node{(model.Bound.HasChannels ? " and a trailing channel axis" : "")}; overwritten.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">A shape does not fit, or a tensor lives on another device. Nothing is written. (A p that shares a buffer with x is computed into a temporary and copied.)</exception>");
            w.Line($"{model.Declaration.OverloadModifiers} void {model.MethodName}(global::TensorDsl.TensorDevice {device}, {tensor} {x}, {tensor} {p}) => {core.MethodName}({device}, {string.Join(", ", Enumerable.Repeat(x, m))}, {p});");
        }

        private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
