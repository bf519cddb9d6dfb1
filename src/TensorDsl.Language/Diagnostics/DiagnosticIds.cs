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
        /// <summary>A <c>[TensorProgram]</c> is not well formed (syntax).</summary>
        public const string ProgramSyntax = "TDSL0012";
        /// <summary>A program uses a name that is no parameter, no earlier statement's result and no function.</summary>
        public const string UnknownName = "TDSL0013";
        /// <summary>A tensor is used with a different number of indices than elsewhere.</summary>
        public const string RankMismatch = "TDSL0014";
        /// <summary>A <c>sum</c>, <c>max</c> or <c>softmax</c> runs over an index its operand does not have.</summary>
        public const string ReductionIndexMissing = "TDSL0015";
        /// <summary>A <c>where</c> constraint names an unknown index or does not have the form <c>lower &lt; j &lt;= upper</c>.</summary>
        public const string InvalidConstraint = "TDSL0016";
        /// <summary>An index is free on the right but not on the left, on the left but not the right, or has no size.</summary>
        public const string UnboundIndex = "TDSL0017";
        /// <summary>A statement assigns a name it may not (an input, a scalar, a tensor twice), or an output is never assigned.</summary>
        public const string InvalidAssignment = "TDSL0018";
        /// <summary>Info: an intermediate is materialized because the fusion rules do not apply to it.</summary>
        public const string NotFused = "TDSL0019";
        /// <summary>Info: a statement with a sum runs as a scalar loop nest, not as a planned contraction (with the reason).</summary>
        public const string ScalarLoopNest = "TDSL0027";
        /// <summary>A <c>[GauntProduct]</c> degree is not given, is negative, or is above the supported maximum (16 for L1 and L2).</summary>
        public const string GauntDegree = "TDSL0020";
        /// <summary>A <c>[GauntProduct]</c> output degree LOut exceeds L1 + L2 (every such output component would be zero).</summary>
        public const string GauntOutputDegree = "TDSL0021";
        /// <summary>A <c>[GauntProduct]</c> <c>Method</c> is not a defined <c>GauntMethod</c> value.</summary>
        public const string GauntMethod = "TDSL0022";
        /// <summary>A multigraph spec of an equivariant graph polynomial is invalid (edge-list syntax, an operand without two
        /// subscripts, an unknown or repeated output node, more than two output nodes).</summary>
        public const string InvalidMultigraph = "TDSL0023";
        /// <summary>An <c>[EquivariantPolynomial]</c> einsum operand (an edge) does not have exactly two subscripts, or the spec uses '...'.</summary>
        public const string PolynomialOperandArity = "TDSL0024";
        /// <summary>An <c>[EquivariantPolynomial]</c> method does not take exactly <c>(ReadOnlyTensorSpan&lt;T&gt; x, TensorSpan&lt;T&gt; p)</c>.</summary>
        public const string PolynomialMethodShape = "TDSL0025";
        /// <summary>An <c>[EquivariantPolynomial(..., Channels = true)]</c> spec uses all 52 index letters, so none is left for the channel axis.</summary>
        public const string PolynomialNoChannelLetter = "TDSL0026";
        /// <summary>At a call site, an argument's compile-time shape cannot fit the kernel: an index gets two sizes, or a fixed or result size differs.</summary>
        public const string CallSiteShapeMismatch = "TDSL0030";
        /// <summary>At a call site, an argument's compile-time rank cannot fit the kernel.</summary>
        public const string CallSiteRankMismatch = "TDSL0031";
        /// <summary>A <c>[Gradient]</c> method does not match its forward: the forward is missing or not a kernel, a parameter
        /// differs from the contract (name, type, order), or a gradient is of no input.</summary>
        public const string GradientSignature = "TDSL0040";
        /// <summary>A <c>[Gradient]</c>'s forward uses a construct that is not differentiated yet (the message says which).</summary>
        public const string GradientUnsupported = "TDSL0041";
    }
}
