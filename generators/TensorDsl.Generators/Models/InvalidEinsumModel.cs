using TensorDsl.Language;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// An <c>[Einsum]</c> partial method the generator cannot implement (the analyzers report why). The generator still
    /// emits a body that throws, so that the user sees the TDSL diagnostic rather than a cascade of compiler errors
    /// about a partial method without an implementation.
    /// </summary>
    /// <param name="Declaration">How to re-declare the method (its modifiers as written, <c>static</c> or not) and its types.</param>
    /// <param name="ReturnTypeText">The fully qualified return type.</param>
    /// <param name="Parameters">The parameters as declared.</param>
    /// <param name="Reason">Why the method cannot be generated (the first diagnostic), for the comment and the exception.</param>
    internal sealed record InvalidEinsumModel(
        DeclarationModel Declaration,
        string ReturnTypeText,
        EquatableArray<ParameterModel> Parameters,
        string Reason)
    {
        /// <summary>The hint name of the generated file.</summary>
        public string HintName => Declaration.HintName($"{Parameters.Count}", ".invalid.g.cs");
    }

    /// <summary>What the transform step produces for one attributed method: a valid model or an invalid one.</summary>
    internal sealed record EinsumTarget(EinsumMethodModel? Valid, InvalidEinsumModel? Invalid);
}
