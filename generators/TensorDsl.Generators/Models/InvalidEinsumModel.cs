using TensorDsl.Language;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// An <c>[Einsum]</c> partial method the generator cannot implement (the analyzers report why). The generator still
    /// emits a body that throws, so that the user sees the TDSL diagnostic rather than a cascade of compiler errors
    /// about a partial method without an implementation.
    /// </summary>
    internal sealed record InvalidEinsumModel(
        string? Namespace,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        string Accessibility,
        bool IsStatic,
        string MethodName,
        string ReturnTypeText,
        EquatableArray<ParameterModel> Parameters,
        string Reason)
    {
        /// <summary>The hint name of the generated file.</summary>
        public string HintName
        {
            get
            {
                var sb = new System.Text.StringBuilder();
                if (Namespace is not null) sb.Append(Namespace).Append('.');
                foreach (var t in ContainingTypes) sb.Append(t.NameWithTypeParameters.Replace('<', '{').Replace('>', '}')).Append('.');
                sb.Append(MethodName).Append('_').Append(Parameters.Count).Append(".invalid.g.cs");
                return sb.ToString();
            }
        }
    }

    /// <summary>What the transform step produces for one attributed method: a valid model or an invalid one.</summary>
    internal sealed record EinsumTarget(EinsumMethodModel? Valid, InvalidEinsumModel? Invalid);
}
