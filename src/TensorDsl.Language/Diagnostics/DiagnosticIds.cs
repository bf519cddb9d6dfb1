namespace TensorDsl.Language
{
    /// <summary>
    /// The TDSL diagnostic IDs. The Roslyn descriptors (title, severity, help link) live in the analyzers'
    /// <c>DiagnosticDescriptors</c>; the language layer only decides which ID applies and where.
    /// One docs page per ID: <c>docs/diagnostics/TDSLxxxx.md</c>.
    /// </summary>
    public static class DiagnosticIds
    {
        /// <summary>The einsum spec is not well formed (bad character, stray '.', misplaced '->').</summary>
        public const string InvalidSyntax = "TDSL0001";
        /// <summary>The spec names a different number of operands than the method has operand parameters.</summary>
        public const string OperandCountMismatch = "TDSL0002";
        /// <summary>An output index appears in no input operand.</summary>
        public const string OutputIndexNotInInputs = "TDSL0003";
        /// <summary>An output index appears twice in the output.</summary>
        public const string OutputIndexRepeated = "TDSL0004";
        /// <summary>The method is not <c>static partial</c> with a <c>void</c> (or scalar, for rank-0 results) return.</summary>
        public const string MethodShape = "TDSL0005";
        /// <summary>A parameter is not a <c>ReadOnlyTensorSpan&lt;T&gt;</c>/<c>TensorSpan&lt;T&gt;</c> of float or double, or element types differ.</summary>
        public const string UnsupportedParameter = "TDSL0006";
        /// <summary>A <c>[Dim]</c> names an index the spec does not use.</summary>
        public const string DimUnknownIndex = "TDSL0007";
        /// <summary>One index is fixed to two different static sizes.</summary>
        public const string DimConflict = "TDSL0008";
        /// <summary>A <c>[Dim]</c> has an invalid index name or a size below 1.</summary>
        public const string DimInvalid = "TDSL0009";
        /// <summary>The output parameter or scalar return does not fit the result's rank.</summary>
        public const string OutputShape = "TDSL0010";
        /// <summary>An operand has no subscripts (a scalar operand).</summary>
        public const string EmptyOperand = "TDSL0011";
    }
}
