using TensorDsl.Language;
using TensorDsl.Language.Binding;

namespace TensorDsl.Generators.Models
{
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
    /// A front end (<c>[EquivariantPolynomial]</c>) builds this model for an einsum core that the user's method calls:
    /// then <see cref="IsFrontEndCore"/> is true, the CPU emitter writes no partial declaration (the front end forwards to
    /// the core directly) and the GPU overload is a private method named <see cref="MethodName"/>.
    /// </remarks>
    /// <param name="Declaration">How to re-declare the method and its containing types.</param>
    /// <param name="ReturnTypeText">The fully qualified return type (<c>void</c>, or the scalar type).</param>
    /// <param name="Parameters">The parameters as declared.</param>
    /// <param name="Bound">The bound einsum.</param>
    /// <param name="IsFrontEndCore">The model is a front end's private core (see the remarks).</param>
    internal sealed record EinsumMethodModel(
        DeclarationModel Declaration,
        string ReturnTypeText,
        EquatableArray<ParameterModel> Parameters,
        BoundEinsum Bound,
        bool IsFrontEndCore = false)
    {
        /// <summary>The method's name.</summary>
        public string MethodName => Declaration.MethodName;

        /// <summary>A prefix for generated private members, unique per overload.</summary>
        public string MemberPrefix => Declaration.MemberPrefix(Bound.ElementKeyword, Parameters.Count);

        /// <summary>The hint name of the generated file.</summary>
        public string HintName => Declaration.HintName($"{Bound.ElementKeyword}_{Parameters.Count}", ".g.cs");
    }
}
