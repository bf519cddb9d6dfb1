using System;
using System.Globalization;
using TensorDsl.Generators.Models;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Emit.Gaunt
{
    /// <summary>
    /// Writes one file per <c>[GauntProduct]</c> method: the plan as a header comment, the CPU implementation of the partial
    /// method, and the GPU overload. The plan is computed once here and given to both backends.
    /// </summary>
    internal static class GauntSourceWriter
    {
        public static (string HintName, string Source) Write(GauntTarget target)
            => GeneratedFile.Write(target.Valid, target.Invalid, m => m.HintName, WriteValid,
                (m, reason) => new InvalidEinsumModel(m.Declaration, "void", m.Parameters, reason));

        private static string WriteValid(GauntMethodModel model)
        {
            var plan = GauntProductPlanner.Plan(model.Product);
            var sparse = plan.Sparse;
            var w = new CodeWriter();
            EinsumSourceWriter.WriteFileHeader(w);
            EinsumSourceWriter.WriteInTypes(w, model.Declaration, () =>
            {
                GauntCpuEmitter.Emit(w, model, plan, sparse);
                w.Line();
                GauntGpuEmitter.Emit(w, model, plan, sparse);
            });
            return w.ToString();
        }

        /// <summary>The header comment shared by both backends: what is computed, the shapes, the lowering and its cost.</summary>
        public static void WritePlanComment(CodeWriter w, GauntMethodModel model, GauntProductPlan plan, SparseGauntPlan sparse, string backend)
        {
            var p = model.Product;
            w.Line($"// ── GauntProduct {model.MethodName} ({backend})");
            w.Line($"//    {p.Z}[…, l3m3] = Σ G(l1m1, l2m2, l3m3) · {p.X}[…, l1m1] · {p.Y}[…, l2m2], channel-wise ('uuu') over the leading axes (x and y broadcast)");
            w.Line($"//    L1 = {p.L1}, L2 = {p.L2}, LOut = {p.LOut}: {p.X}[…, {p.K1}], {p.Y}[…, {p.K2}], {p.Z}[…, {p.K3}] (flat index l² + l + m; real harmonics, no Condon–Shortley phase)");
            w.Line($"//    method: {plan.Choice}");
            w.Line($"//    {sparse.TermCount} nonzero Gaunt terms (of {sparse.DenseTermCount} in the dense tensor): {sparse.FlopsPerRow} FLOPs per row (multiply by G, multiply, add)");
        }

        /// <summary>A C# literal of <paramref name="value"/> as T, exactly (round-trip).</summary>
        public static string Literal(double value, bool isFloat)
        {
            if (isFloat)
            {
                float f = (float)value;
                return f.ToString("R", CultureInfo.InvariantCulture) + "f";
            }
            string s = value.ToString("R", CultureInfo.InvariantCulture);
            // Digits alone ("1") would be an int literal: make the type explicit.
            return s.IndexOf('.') >= 0 || s.IndexOf('E') >= 0 ? s : s + ".0";
        }

        /// <summary>"G(l1,m1; l2,m2; l3,m3)" for a comment.</summary>
        public static string Describe(GauntEntry e)
            => $"G({e.L1},{e.M1}; {e.L2},{e.M2}; {e.L3},{e.M3})";
    }
}
