using System;

namespace TensorDsl
{
    /// <summary>
    /// Marks a <c>static partial void</c> method as the backward (vector–Jacobian product) kernel of another kernel method
    /// of the same type, whose body TensorDsl derives from the forward's program by reverse mode (docs/gradients.md).
    /// </summary>
    /// <remarks>
    /// The signature is a contract: the forward's inputs first (its parameters other than its outputs, with the same
    /// names, types and order, scalars included); then a <c>ReadOnlyTensorSpan&lt;T&gt;</c> per forward output, named
    /// <c>d</c> + the output's name with its first letter upper-cased (<c>o</c> → <c>dO</c>); then a
    /// <c>TensorSpan&lt;T&gt;</c> per requested input gradient, named the same way (<c>k1</c> → <c>dK1</c>), in the
    /// forward's order. Any subset of the input gradients may be declared; the others are not computed.
    /// </remarks>
    /// <example>
    /// <code>
    /// [Einsum("ij,jk->ik")]
    /// public static partial void MatMul(ReadOnlyTensorSpan&lt;float&gt; a, ReadOnlyTensorSpan&lt;float&gt; b, TensorSpan&lt;float&gt; c);
    ///
    /// [Gradient(nameof(MatMul))]
    /// public static partial void MatMulBackward(ReadOnlyTensorSpan&lt;float&gt; a, ReadOnlyTensorSpan&lt;float&gt; b,
    ///     ReadOnlyTensorSpan&lt;float&gt; dC, TensorSpan&lt;float&gt; dA, TensorSpan&lt;float&gt; dB);
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class GradientAttribute : Attribute
    {
        /// <summary>Creates the attribute for the forward kernel <paramref name="forward"/> (use <c>nameof</c>).</summary>
        /// <param name="forward">The name of the forward kernel method, in the same type.</param>
        public GradientAttribute(string forward) => Forward = forward;

        /// <summary>The name of the forward kernel method.</summary>
        public string Forward { get; }

        /// <summary>Add into the gradient tensors instead of overwriting them (for a parameter used by several kernels).</summary>
        public bool Accumulate { get; set; }
    }
}
