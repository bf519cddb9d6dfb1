using TensorDsl.Language;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// Everything the emitter needs for one <c>[GauntProduct]</c> method: where it is declared, its parameters as text, and
    /// the bound product. Value-equatable (no symbols), so the incremental pipeline caches it by value.
    /// </summary>
    /// <param name="Declaration">How to re-declare the method and its containing types.</param>
    /// <param name="Parameters">The parameters (x, y, z) as declared.</param>
    /// <param name="Product">The bound product.</param>
    internal sealed record GauntMethodModel(
        DeclarationModel Declaration,
        EquatableArray<ParameterModel> Parameters,
        BoundGauntProduct Product)
    {
        /// <summary>The method's name.</summary>
        public string MethodName => Declaration.MethodName;

        /// <summary>The hint name of the generated file.</summary>
        public string HintName => Declaration.HintName($"{Product.ElementKeyword}_{Parameters.Count}", ".gaunt.g.cs");
    }

    /// <summary>What the transform step produces for one <c>[GauntProduct]</c> method: a valid model or an invalid one.</summary>
    internal sealed record GauntTarget(GauntMethodModel? Valid, InvalidEinsumModel? Invalid);
}
