using TensorDsl.Language.Binding;

namespace TensorDsl.Language.Equivariant
{
    /// <summary>
    /// How a <c>[GauntProduct]</c> is computed, as requested on the attribute. Mirrors the runtime enum
    /// <c>TensorDsl.GauntMethod</c> value for value (this assembly does not reference the runtime).
    /// </summary>
    public enum GauntMethodKind
    {
        /// <summary>The planner chooses the faster by <see cref="GauntCostModel"/> (see <see cref="GauntProductPlanner"/>).</summary>
        Auto = 0,
        /// <summary>The direct sum over the nonzero Gaunt coefficients, O(L⁵) per row.</summary>
        Sparse = 1,
        /// <summary>Through 2D Fourier grids (Luo et al. 2024), O(L³) per row.</summary>
        Fourier = 2,
    }

    /// <summary>Which part of a <c>[GauntProduct(…)]</c> attribute a diagnostic is about.</summary>
    public enum GauntArgument
    {
        /// <summary>Not an attribute argument: the diagnostic's <see cref="LanguageDiagnostic.Target"/> says where.</summary>
        None,
        /// <summary>The whole attribute (e.g. a degree that is not given at all).</summary>
        Attribute,
        /// <summary>The degree of <c>x</c>, <c>L1</c>.</summary>
        L1,
        /// <summary>The degree of <c>y</c>, <c>L2</c>.</summary>
        L2,
        /// <summary>The output degree, <c>LOut</c>.</summary>
        LOut,
        /// <summary>The <c>Method</c> property.</summary>
        Method,
    }

    /// <summary>
    /// The values written on a <c>[GauntProduct]</c> attribute, read from the constructor arguments
    /// (<c>[GauntProduct(4, 4, 8)]</c>) and the named properties (<c>L1 = 4</c>, <c>Method = GauntMethod.Sparse</c>); a named
    /// property wins over the constructor argument, as it does when the attribute is instantiated by reflection.
    /// </summary>
    /// <param name="L1">Degree bound of <c>x</c>, or null when not given.</param>
    /// <param name="L2">Degree bound of <c>y</c>, or null when not given.</param>
    /// <param name="LOut">Degree bound of <c>z</c>, or null when not given.</param>
    /// <param name="Method">The <c>GauntMethod</c> value as an integer (0 when not given); may be undefined.</param>
    public sealed record GauntProductArguments(int? L1, int? L2, int? LOut, int Method);

    /// <summary>A diagnostic of the <c>[GauntProduct]</c> binder, with the attribute argument it is about (if any).</summary>
    /// <param name="Diagnostic">The diagnostic; its target (the method, a parameter, the return type) applies when <paramref name="Argument"/> is <see cref="GauntArgument.None"/>.</param>
    /// <param name="Argument">The attribute argument to point at, or <see cref="GauntArgument.None"/>.</param>
    public sealed record GauntDiagnostic(LanguageDiagnostic Diagnostic, GauntArgument Argument)
    {
        /// <summary>The diagnostic ID.</summary>
        public string Id => Diagnostic.Id;

        /// <inheritdoc/>
        public override string ToString() => Argument == GauntArgument.None ? Diagnostic.ToString() : $"{Diagnostic.Id} {Argument}: {Diagnostic.Message}";
    }

    /// <summary>
    /// A <c>[GauntProduct]</c> method after binding: z[…, I3] = Σ G(I1, I2, I3)·x[…, I1]·y[…, I2] over l1 ≤ L1, l2 ≤ L2,
    /// l3 ≤ LOut, channel-wise over the leading axes. Value-equatable and free of Roslyn symbols: it is the generator's model.
    /// </summary>
    /// <param name="L1">Degree bound of <c>x</c> (last axis (L1 + 1)²).</param>
    /// <param name="L2">Degree bound of <c>y</c> (last axis (L2 + 1)²).</param>
    /// <param name="LOut">Degree bound of <c>z</c> (last axis (LOut + 1)²), at most L1 + L2.</param>
    /// <param name="Method">The method requested on the attribute.</param>
    /// <param name="Element">float or double.</param>
    /// <param name="X">Name of the first operand parameter.</param>
    /// <param name="Y">Name of the second operand parameter.</param>
    /// <param name="Z">Name of the output parameter.</param>
    public sealed record BoundGauntProduct(int L1, int L2, int LOut, GauntMethodKind Method, ElementType Element, string X, string Y, string Z)
    {
        /// <summary>Size of the harmonic (last) axis of <c>x</c>, (L1 + 1)².</summary>
        public int K1 => (L1 + 1) * (L1 + 1);

        /// <summary>Size of the harmonic (last) axis of <c>y</c>, (L2 + 1)².</summary>
        public int K2 => (L2 + 1) * (L2 + 1);

        /// <summary>Size of the harmonic (last) axis of <c>z</c>, (LOut + 1)².</summary>
        public int K3 => (LOut + 1) * (LOut + 1);

        /// <summary>C# keyword of the element type.</summary>
        public string ElementKeyword => Element == ElementType.Double ? "double" : "float";
    }

    /// <summary>The result of binding: the product (null when an error prevents generation) and every diagnostic.</summary>
    /// <param name="Product">The bound product, or null.</param>
    /// <param name="Diagnostics">Errors, each with the attribute argument it is about.</param>
    public sealed record GauntBindResult(BoundGauntProduct? Product, EquatableArray<GauntDiagnostic> Diagnostics);
}
