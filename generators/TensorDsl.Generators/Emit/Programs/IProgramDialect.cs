using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Emit.Programs
{
    /// <summary>
    /// What differs between CPU and GPU code for the same expression: how an element is read, how parameters are reached,
    /// the index type, and the math functions (ILGPU compiles <c>System.Math</c>/<c>MathF</c> calls to device intrinsics).
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
    }
}
