using System;

namespace TensorDsl
{
    /// <summary>
    /// Marks a <c>static partial</c> method as an einsum kernel. The TensorDsl source generator implements it at
    /// build time as vectorized CPU code, and adds an overload on <see cref="TensorDevice"/>/<see cref="DeviceTensor{T}"/>
    /// that runs the same contraction as an ILGPU kernel.
    /// </summary>
    /// <remarks>
    /// Operands are the leading <c>ReadOnlyTensorSpan&lt;T&gt;</c> parameters in spec order; the result is the last
    /// parameter, a <c>TensorSpan&lt;T&gt;</c> (or the return value, for a rank-0 result). <c>T</c> is float or double.
    /// Semantics are NumPy's <c>einsum</c>: implicit output, diagonals, summation, outer products, <c>...</c> broadcasting.
    /// </remarks>
    /// <example><code>
    /// [Einsum("bij,bjk->bik")]
    /// public static partial void BatchedMatMul(ReadOnlyTensorSpan&lt;float&gt; a, ReadOnlyTensorSpan&lt;float&gt; b, TensorSpan&lt;float&gt; result);
    /// </code></example>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class EinsumAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="spec">The einsum spec in NumPy notation, e.g. <c>"ij,jk-&gt;ik"</c>.</param>
        public EinsumAttribute(string spec) => Spec = spec;

        /// <summary>The einsum spec in NumPy notation.</summary>
        public string Spec { get; }

        /// <summary>When true the result is added into the output; when false (the default) the output is overwritten.</summary>
        public bool Accumulate { get; set; }
    }
}
