using System.Linq;
using TensorDsl.Generators.Models;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Emit.Gaunt
{
    /// <summary>
    /// The CPU implementation of a <c>[GauntProduct]</c> lowered to the Fourier method: the shapes are bound exactly as in the
    /// Sparse kernel (same checks, same messages, nothing written on failure), then the bound rows go to the runtime's
    /// <c>GauntFourier.ProductRows</c>, which runs the vectorized, multi-threaded Fourier kernels over the same merged
    /// leading layout (so strided and broadcast operands work unchanged). The Fourier tables depend on the degrees only and
    /// are built and cached by the runtime on first use; nothing is unrolled here, so the generated code stays small.
    /// </summary>
    internal static class GauntFourierCpuEmitter
    {
        public static void Emit(CodeWriter w, GauntMethodModel model, GauntProductPlan plan, SparseGauntPlan sparse)
        {
            var p = model.Product;
            string T = p.ElementKeyword;
            GauntSourceWriter.WritePlanComment(w, model, plan, sparse, "CPU");
            int p2 = p.L1 + p.L2;
            w.Line($"//    Fourier method (Luo et al. 2024): each row's x and y become exact 2D Fourier grids ({2 * p.L1 + 1}² and {2 * p.L2 + 1}² modes),");
            w.Line($"//    their product is a 2D convolution (degree {p2}), projected back onto degrees ≤ {p.LOut}; O(L³) per row against the");
            w.Line($"//    {sparse.TermCount} terms of the sparse sum. Runs in TensorDsl.Equivariant.GauntFourier (convolution: GauntFourier.Choose({p.L1}, {p.L2}, {p.LOut}),");
            w.Line("//    tables cached per degree triple), vectorized across rows (structure of arrays) and split over the worker pool for large calls.");

            var parameters = string.Join(", ", model.Parameters.Select(q => $"{q.TypeText} {q.Name}"));
            string core = $"{model.MemberPrefix}_Cpu";
            global::TensorDsl.Generators.Emit.Cpu.AliasingWrapperEmitter.Emit(w, model.Declaration.Modifiers, "void", model.MethodName, model.Parameters, core, accumulate: false);
            w.Line();
            w.Line($"/// <summary>Computes the Gaunt product of <c>{model.MethodName}</c> on the CPU (see the comment above); z does not share memory with x or y.</summary>");
            using (w.Block($"private static void {core}({parameters})"))
            {
                GauntCpuEmitter.EmitBind(w, model);
                w.Line("// The rows are bound and checked: the runtime walks the same merged layout (no second validation).");
                w.Line($"global::TensorDsl.Equivariant.GauntFourier.ProductRows<{T}>({p.L1}, {p.L2}, {p.LOut}, ref __rows, ref __x, __sx, ref __y, __sy, ref __z, __sz);");
            }
        }
    }
}
