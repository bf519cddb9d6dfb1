namespace TensorDsl.Language.Binding
{
    /// <summary>How a parameter (or the return type) takes part in a kernel.</summary>
    public enum ParameterKind
    {
        /// <summary><c>ReadOnlyTensorSpan&lt;T&gt;</c>: an input operand.</summary>
        ReadOnlyTensor,
        /// <summary><c>TensorSpan&lt;T&gt;</c>: the output.</summary>
        Tensor,
        /// <summary>A <c>float</c>/<c>double</c> value.</summary>
        Scalar,
        /// <summary>An <c>int</c> value (a <c>[TensorProgram]</c> window bound or constant).</summary>
        Integer,
        /// <summary>Anything else (unsupported).</summary>
        Other,
    }

    /// <summary>Element type of a tensor or scalar.</summary>
    public enum ElementType
    {
        /// <summary>Not a numeric type TensorDsl supports.</summary>
        Other,
        /// <summary><c>float</c>.</summary>
        Float,
        /// <summary><c>double</c>.</summary>
        Double,
    }

    /// <summary>One parameter as the language layer sees it (no Roslyn symbols).</summary>
    /// <param name="Name">Parameter name.</param>
    /// <param name="Kind">Its role.</param>
    /// <param name="Element">Its element type.</param>
    /// <param name="TypeDisplay">The type as written, for messages.</param>
    public sealed record ParameterSignature(string Name, ParameterKind Kind, ElementType Element, string TypeDisplay);

    /// <summary>A kernel method's signature, read from the symbol once and then compared by value.</summary>
    /// <param name="Name">Method name.</param>
    /// <param name="IsStatic">Declared <c>static</c>.</param>
    /// <param name="IsPartial">Declared <c>partial</c> without a body (a partial definition).</param>
    /// <param name="ReturnsVoid">Returns <c>void</c>.</param>
    /// <param name="ReturnKind">Kind of the return type when not void.</param>
    /// <param name="ReturnElement">Element type of the return type when it is a scalar.</param>
    /// <param name="ReturnTypeDisplay">The return type as written.</param>
    /// <param name="Parameters">Parameters in order.</param>
    /// <param name="FileLocalType">The name of the <c>file</c> type the method is declared in, directly or through an outer type; null when none.</param>
    public sealed record MethodSignature(
        string Name,
        bool IsStatic,
        bool IsPartial,
        bool ReturnsVoid,
        ParameterKind ReturnKind,
        ElementType ReturnElement,
        string ReturnTypeDisplay,
        EquatableArray<ParameterSignature> Parameters,
        string? FileLocalType = null);

    /// <summary>A <c>[Dim("d", 64)]</c> on the method or a containing type.</summary>
    /// <param name="Index">The index letter as written.</param>
    /// <param name="Size">The fixed size.</param>
    /// <param name="OnMethod">True when on the method itself (then an unknown index is reported).</param>
    public sealed record StaticDim(string Index, long Size, bool OnMethod);
}
