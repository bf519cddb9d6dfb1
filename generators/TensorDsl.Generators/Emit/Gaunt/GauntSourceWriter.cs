using System;
using System.Globalization;
using TensorDsl.Generators.Models;
using TensorDsl.Language.Equivariant;
using TensorDsl.Language.Lowering;

namespace TensorDsl.Generators.Emit.Gaunt
{
    /// <summary>
    /// Writes one file per <c>[GauntProduct]</c> method. The attribute lowers to the one-statement program
    /// <c>z[...,k] = gaunt[L1,L2,LOut](x[...,i], y[...,j])</c> (<see cref="GauntProductLowering"/>), which the program writer
    /// emits like any other: shape binding, aliasing, a <c>gaunt[…]</c> step on each backend. What is Gaunt-specific — the
    /// kernels and their comments — lives beside this file and serves <c>gaunt[…]</c> in every program.
    /// </summary>
    internal static class GauntSourceWriter
    {
        public static (string HintName, string Source) Write(GauntTarget target)
            => GeneratedFile.Write(target.Valid, target.Invalid, m => m.HintName,
                m => Programs.ProgramSourceWriter.WriteProgram(new ProgramMethodModel(m.Declaration, m.Parameters, GauntProductLowering.Lower(m.Product))),
                (m, reason) => new InvalidEinsumModel(m.Declaration, "void", m.Parameters, reason));

        /// <summary>The comment at a Gaunt step, shared by both backends: what is computed, the shapes, the lowering and its cost.</summary>
        public static void WritePlanComment(CodeWriter w, GauntKernel kernel)
        {
            var p = kernel.Product;
            var sparse = kernel.Sparse;
            w.Line($"// {p.Z}[…, l3m3] = Σ G(l1m1, l2m2, l3m3) · {p.X}[…, l1m1] · {p.Y}[…, l2m2], channel-wise ('uuu') over the leading axes");
            w.Line($"// L1 = {p.L1}, L2 = {p.L2}, LOut = {p.LOut}: harmonic axes of {p.K1}, {p.K2} and {p.K3} components (flat index l² + l + m; real harmonics, no Condon–Shortley phase)");
            w.Line($"// method: {kernel.Plan.Choice}");
            w.Line($"// {sparse.TermCount} nonzero Gaunt terms (of {sparse.DenseTermCount} in the dense tensor): {sparse.FlopsPerRow} FLOPs per row (multiply by G, multiply, add)");
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
