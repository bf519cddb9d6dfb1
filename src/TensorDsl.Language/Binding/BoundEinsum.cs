namespace TensorDsl.Language.Binding
{
    /// <summary>
    /// An <c>[Einsum]</c> method after binding: the spec, the operand and output names, the element type
    /// and the static sizes. Value-equatable and free of Roslyn symbols; it is the generator's model.
    /// </summary>
    /// <param name="Spec">The parsed spec.</param>
    /// <param name="Element">float or double.</param>
    /// <param name="OperandNames">Input parameter names, in spec order.</param>
    /// <param name="OutputName">Output parameter name, or null when the method returns the scalar result.</param>
    /// <param name="Accumulate">Add into the output instead of overwriting it.</param>
    /// <param name="Dims">Static sizes of spec indices (one per index).</param>
    public sealed record BoundEinsum(
        Einsum.EinsumSpec Spec,
        ElementType Element,
        EquatableArray<string> OperandNames,
        string? OutputName,
        bool Accumulate,
        EquatableArray<StaticDim> Dims)
    {
        /// <summary>True when the method returns <c>T</c> instead of writing an output tensor.</summary>
        public bool ReturnsScalar => OutputName is null;

        /// <summary>The einsum as the one-statement program it lowers to (<see cref="Lowering.EinsumLowering"/>).</summary>
        public Programs.Binding.BoundProgram ToProgram() => Lowering.EinsumLowering.Lower(Spec, Element, OperandNames, OutputName, Accumulate, Dims);

        /// <summary>The program with the operands of one name as one tensor read once per operand (see <see cref="Lowering.EinsumLowering.Lower"/>).</summary>
        public Programs.Binding.BoundProgram ToSharedProgram() => Lowering.EinsumLowering.Lower(Spec, Element, OperandNames, OutputName, Accumulate, Dims, shareByName: true);

        /// <summary>C# keyword of the element type.</summary>
        public string ElementKeyword => Element == ElementType.Double ? "double" : "float";
    }

    /// <summary>The result of binding: a model when the method is usable, and every diagnostic.</summary>
    /// <param name="Bound">The bound method, or null when an error prevents generation.</param>
    /// <param name="Diagnostics">Errors and warnings.</param>
    public sealed record EinsumBindResult(BoundEinsum? Bound, EquatableArray<LanguageDiagnostic> Diagnostics);
}
