namespace TensorDsl.Language.Binding.Polynomials
{
    /// <summary>
    /// An <c>[EquivariantPolynomial]</c> method after binding: the multigraph as an einsum over x and the einsum the kernel
    /// runs (with the channel axis when there is one). Value-equatable and free of Roslyn symbols.
    /// </summary>
    /// <param name="SpecText">The attribute's spec as written (einsum or edge list).</param>
    /// <param name="IsEdgeList">True when the spec was written in the edge-list form.</param>
    /// <param name="GraphEinsum">The multigraph as an explicit einsum, two subscripts per operand, e.g. <c>ab,ac,bc-&gt;a</c>.</param>
    /// <param name="ChannelLabel">The index letter of the channel axis appended to every operand and the output, or '\0'
    /// without channels.</param>
    /// <param name="XName">Name of the adjacency parameter.</param>
    /// <param name="Einsum">The einsum the kernel runs, every operand bound to <paramref name="XName"/>.</param>
    public sealed record BoundPolynomial(string SpecText, bool IsEdgeList, string GraphEinsum, char ChannelLabel, string XName, BoundEinsum Einsum)
    {
        /// <summary>True when x is n×n×C and the polynomial is taken per channel.</summary>
        public bool HasChannels => ChannelLabel != '\0';
    }

    /// <summary>The result of binding: a model when the method is usable, and every diagnostic.</summary>
    /// <param name="Bound">The bound method, or null when an error prevents generation.</param>
    /// <param name="Diagnostics">Errors, located in the spec as written or at the method.</param>
    public sealed record PolynomialBindResult(BoundPolynomial? Bound, EquatableArray<LanguageDiagnostic> Diagnostics);
}
