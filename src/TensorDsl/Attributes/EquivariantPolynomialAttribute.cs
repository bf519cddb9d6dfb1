using System;

namespace TensorDsl
{
    /// <summary>
    /// Marks a <c>static partial void M(ReadOnlyTensorSpan&lt;T&gt; x, TensorSpan&lt;T&gt; p)</c> method as an equivariant graph
    /// polynomial (Puny et al. 2023): the value of a multigraph basis element H on the adjacency tensor x, one factor
    /// <c>x[u,v]</c> per edge u–v of H, summed over the unmarked nodes, with the marked nodes as p's axes. It is an einsum whose
    /// operands are all the same tensor x; the TensorDsl source generator lowers it to the same pipeline as
    /// <see cref="EinsumAttribute"/> (the planner picks the cheapest pairwise contraction order) and also emits an overload on
    /// <see cref="TensorDevice"/>/<see cref="DeviceTensor{T}"/> that runs it as an ILGPU kernel.
    /// </summary>
    /// <remarks>
    /// <para>The spec is either an einsum whose operands all have exactly two subscripts (<c>"ab,ac,ad,bc,cd-&gt;bd"</c>), or the
    /// edge-list form of the same multigraph (<c>"a-b a-c a-d b-c c-d; out b d"</c>); a spec with a '-' that is not part of
    /// '-&gt;' is read as an edge list. T is float or double. x is n×n and p has one axis of size n per marked node (a
    /// polynomial without marked nodes, an invariant, writes a TensorSpan of shape [1]).</para>
    /// <para>With <see cref="Channels"/> = true, x is n×n×C and the polynomial is taken channel-wise: every edge factor reads
    /// <c>x[u,v,c]</c> at the same channel c, and p gets a trailing axis of size C. Ranks and sizes are checked at the call;
    /// a mismatch throws <see cref="ArgumentException"/> naming the index, the operand and both sizes, before anything is
    /// written. p must not overlap x. See docs/polynomials.md.</para>
    /// </remarks>
    /// <example><code>
    /// [EquivariantPolynomial("ab,ac,ad,bc,bd,cd->a")]   // K4 through the marked node a
    /// public static partial void K4(ReadOnlyTensorSpan&lt;float&gt; x, TensorSpan&lt;float&gt; p);
    ///
    /// [EquivariantPolynomial("a-b b-c c-a; out a", Channels = true)]   // triangles per node, per channel
    /// public static partial void Triangles(ReadOnlyTensorSpan&lt;double&gt; x, TensorSpan&lt;double&gt; p);
    /// </code></example>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class EquivariantPolynomialAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="spec">The multigraph: an einsum with two subscripts per operand, or an edge list such as
        /// <c>"a-b b-c c-a; out a"</c>.</param>
        public EquivariantPolynomialAttribute(string spec) => Spec = spec;

        /// <summary>The multigraph as written.</summary>
        public string Spec { get; }

        /// <summary>
        /// When true, x is n×n×C and p has a trailing channel axis of size C; the polynomial is evaluated per channel.
        /// When false (the default), x is n×n.
        /// </summary>
        public bool Channels { get; set; }
    }
}
