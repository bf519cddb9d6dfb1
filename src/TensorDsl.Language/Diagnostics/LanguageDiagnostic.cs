namespace TensorDsl.Language
{
    /// <summary>What a <see cref="LanguageDiagnostic"/> points at; the Roslyn side turns it into a location.</summary>
    public enum DiagnosticTarget
    {
        /// <summary>Characters <c>[Start, Start+Length)</c> of the spec string.</summary>
        SpecText,
        /// <summary>The method's name.</summary>
        Method,
        /// <summary>The parameter with ordinal <c>Index</c>.</summary>
        Parameter,
        /// <summary>The method's return type.</summary>
        ReturnType,
        /// <summary>The <c>[Dim]</c> attribute number <c>Index</c> in <see cref="Binding.StaticDim"/> order.</summary>
        DimAttribute,
    }

    /// <summary>A diagnostic found by the language layer, located relative to the spec or the method.</summary>
    /// <param name="Id">One of <see cref="DiagnosticIds"/>.</param>
    /// <param name="Message">The complete message, naming the index, operand and sizes involved.</param>
    /// <param name="Target">What the location refers to.</param>
    /// <param name="Start">Offset in the spec text (for <see cref="DiagnosticTarget.SpecText"/>).</param>
    /// <param name="Length">Length in the spec text; 0 means "the whole attribute argument".</param>
    /// <param name="Index">Parameter ordinal or <c>[Dim]</c> number for those targets, else -1.</param>
    public sealed record LanguageDiagnostic(string Id, string Message, DiagnosticTarget Target, int Start, int Length, int Index)
    {
        /// <summary>A diagnostic on characters of the spec string.</summary>
        public static LanguageDiagnostic AtSpec(string id, int start, int length, string message)
            => new LanguageDiagnostic(id, message, DiagnosticTarget.SpecText, start, length, -1);

        /// <inheritdoc/>
        public override string ToString() => $"{Id} {Target}[{Start},{Length},{Index}]: {Message}";
    }
}
