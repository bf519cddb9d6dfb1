using TensorDsl.Language;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// Everything the emitter needs for one <c>[GauntProduct]</c> method: where it is declared, its parameters as text, and
    /// the bound product. Value-equatable (no symbols), so the incremental pipeline caches it by value.
    /// </summary>
    internal sealed record GauntMethodModel(
        string? Namespace,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        string Accessibility,
        string MethodName,
        EquatableArray<ParameterModel> Parameters,
        BoundGauntProduct Product)
    {
        /// <summary>A prefix for generated private members, unique per overload.</summary>
        public string MemberPrefix => $"__tdsl_{MethodName}_{Product.ElementKeyword}_{Parameters.Count}";

        /// <summary>The hint name of the generated file.</summary>
        public string HintName
        {
            get
            {
                var sb = new System.Text.StringBuilder();
                if (Namespace is not null) sb.Append(Namespace).Append('.');
                foreach (var t in ContainingTypes) sb.Append(t.NameWithTypeParameters.Replace('<', '{').Replace('>', '}')).Append('.');
                sb.Append(MethodName).Append('_').Append(Product.ElementKeyword).Append('_').Append(Parameters.Count).Append(".gaunt.g.cs");
                return sb.ToString();
            }
        }
    }

    /// <summary>What the transform step produces for one <c>[GauntProduct]</c> method: a valid model or an invalid one.</summary>
    internal sealed record GauntTarget(GauntMethodModel? Valid, InvalidEinsumModel? Invalid);
}
