using TensorDsl.Language;
using TensorDsl.Language.Binding;

namespace TensorDsl.Generators.Models
{
    /// <summary>A type that contains the kernel method, as it must be re-declared in the generated partial.</summary>
    /// <param name="Keyword">"class", "struct", "record", "record struct" or "interface".</param>
    /// <param name="NameWithTypeParameters">e.g. <c>Kernels</c> or <c>Ops&lt;T&gt;</c>.</param>
    /// <param name="IsStatic">Declared static.</param>
    internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters, bool IsStatic);

    /// <summary>One parameter as it must be re-declared.</summary>
    /// <param name="Name">Parameter name (escaped with '@' when it is a keyword).</param>
    /// <param name="TypeText">Fully qualified type.</param>
    internal sealed record ParameterModel(string Name, string TypeText);

    /// <summary>
    /// Everything the emitter needs for one <c>[Einsum]</c> method: where it is declared, its signature as text, and
    /// the bound einsum. Strings and value-equatable records only (no symbols), so that the incremental pipeline
    /// caches it by value.
    /// </summary>
    /// <remarks>
    /// A front end (<c>[EquivariantPolynomial]</c>) builds this model for an einsum core that its own public method calls:
    /// then <see cref="IsFrontEndCore"/> is true, the CPU emitter writes no partial declaration (the front end forwards to
    /// the core directly) and the GPU overload is a private method named <see cref="MethodName"/>.
    /// </remarks>
    internal sealed record EinsumMethodModel(
        string? Namespace,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        string Accessibility,
        string MethodName,
        string ReturnTypeText,
        EquatableArray<ParameterModel> Parameters,
        BoundEinsum Bound,
        bool IsFrontEndCore = false)
    {
        /// <summary>A prefix for generated private members, unique per overload.</summary>
        public string MemberPrefix => $"__tdsl_{MethodName}_{Bound.ElementKeyword}_{Parameters.Count}";

        /// <summary>The hint name of the generated file.</summary>
        public string HintName
        {
            get
            {
                var sb = new System.Text.StringBuilder();
                if (Namespace is not null) sb.Append(Namespace).Append('.');
                foreach (var t in ContainingTypes) sb.Append(t.NameWithTypeParameters.Replace('<', '{').Replace('>', '}')).Append('.');
                sb.Append(MethodName).Append('_').Append(Bound.ElementKeyword).Append('_').Append(Parameters.Count).Append(".g.cs");
                return sb.ToString();
            }
        }
    }
}
