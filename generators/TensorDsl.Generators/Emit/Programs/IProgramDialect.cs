using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Emit.Programs
{
    /// <summary>
    /// What differs between CPU and GPU code for the same expression: how an element is read, how parameters are reached,
    /// the index type, and the math functions.
    /// </summary>
    internal interface IProgramDialect
    {
        /// <summary>"nint" on the CPU, "long" in ILGPU kernels.</summary>
        string IndexType { get; }

        /// <summary>An lvalue/rvalue expression for the element <paramref name="load"/>.</summary>
        string Element(LoadExpr load);

        /// <summary>An element-typed scalar parameter as a value.</summary>
        string ElementScalar(ProgramScalar scalar);

        /// <summary>An int parameter as an index-typed value (for bounds).</summary>
        string IntegerScalar(ProgramScalar scalar);

        /// <summary>
        /// The class whose static <c>Exp Log Sqrt Tanh Abs Max Min</c> implement the math functions for element type
        /// <paramref name="elementType"/>: <c>MathF</c>/<c>Math</c> on the CPU, <c>DeviceMath</c> in kernels (ILGPU's PTX
        /// backend has no intrinsic for <c>Math.Exp</c> and friends).
        /// </summary>
        string MathClass(string elementType);
    }
}
