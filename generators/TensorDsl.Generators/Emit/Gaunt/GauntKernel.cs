using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Emit.Gaunt
{
    /// <summary>
    /// One Gaunt product kernel of a program (a <c>gaunt[…]</c> step, or the one statement a <c>[GauntProduct]</c> lowers to):
    /// the prefix of its generated members, the product, and the Gaunt planner's plan, which both backends share.
    /// </summary>
    /// <param name="Prefix">Prefix of the generated helpers (<c>…_Gaunt1_Tables</c>, <c>…_Gaunt1_Run</c>, …), unique per step.</param>
    /// <param name="Product">Degrees, method, element type, and the tensors' names for comments.</param>
    /// <param name="Plan">The Gaunt planner's plan of <paramref name="Product"/>.</param>
    /// <param name="ContainingType">The type that declares the generated members (for the GPU kernel's reflection lookup).</param>
    internal sealed record GauntKernel(string Prefix, BoundGauntProduct Product, GauntProductPlan Plan, string ContainingType)
    {
        /// <summary>The kernel of step <paramref name="step"/> (1-based) of a program whose members start with <paramref name="memberPrefix"/>.</summary>
        public static GauntKernel ForStep(string memberPrefix, int step, BoundGauntProduct product, string containingType)
            => new($"{memberPrefix}_Gaunt{step}", product, GauntProductPlanner.Plan(product), containingType);

        /// <summary>The sparse plan (the Sparse CPU kernel, and the GPU's table kernel).</summary>
        public SparseGauntPlan Sparse => Plan.Sparse;

        /// <summary>"float" or "double".</summary>
        public string T => Product.ElementKeyword;
    }
}
