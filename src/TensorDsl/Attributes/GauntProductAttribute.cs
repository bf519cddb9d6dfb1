using System;

namespace TensorDsl
{
    /// <summary>How a <see cref="GauntProductAttribute"/> method computes its product.</summary>
    public enum GauntMethod
    {
        /// <summary>
        /// The generator chooses the lowering a cost model predicts to be faster on the CPU (docs/gaunt.md, "Choosing a method");
        /// the generated file's header records the choice and both predicted times.
        /// </summary>
        Auto = 0,

        /// <summary>
        /// The direct sum over the nonzero Gaunt coefficients, unrolled at build time (a loop over tables above 2000 terms);
        /// O(L⁵) operations per row for L1 = L2 = L, LOut = 2L. Exact up to rounding.
        /// </summary>
        Sparse = 1,

        /// <summary>
        /// Through 2D Fourier grids (Luo et al., ICLR 2024), O(L³) per row: the CPU kernel calls the runtime's
        /// <c>GauntFourier</c> path. Same result as <see cref="Sparse"/> up to rounding.
        /// </summary>
        Fourier = 2,
    }

    /// <summary>
    /// Marks a <c>static partial void</c> method as a channel-wise Gaunt tensor product of two sets of real spherical-harmonic
    /// coefficients: <c>z[…, I3] = Σ G(l1 m1, l2 m2, l3 m3) · x[…, I1] · y[…, I2]</c> with G = ∫ Y_{l1m1} Y_{l2m2} Y_{l3m3} dΩ,
    /// flat indices I = l² + l + m, and l1 ≤ L1, l2 ≤ L2, l3 ≤ LOut. The TensorDsl source generator implements it at build
    /// time (vectorized CPU code), and adds an overload on <see cref="TensorDevice"/>/<see cref="DeviceTensor{T}"/> that
    /// runs it as an ILGPU kernel.
    /// </summary>
    /// <remarks>
    /// <para>The method is <c>static partial void M(ReadOnlyTensorSpan&lt;T&gt; x, ReadOnlyTensorSpan&lt;T&gt; y, TensorSpan&lt;T&gt; z)</c>
    /// with T float or double. The last axis of x has (L1 + 1)² elements, of y (L2 + 1)², of z (LOut + 1)². The leading axes
    /// (batch, channels, …) of x and y broadcast as NumPy's <c>...</c> does (aligned from the right, equal or 1), and those of
    /// z equal the broadcast shape. The product is taken per leading index ("uuu"). z is overwritten; a shape that does not
    /// fit throws <see cref="ArgumentException"/> before anything is written; a z that overlaps x or y is computed into a
    /// temporary and copied. The method is the program <c>z[...,k] = gaunt[L1,L2,LOut](x[...,i], y[...,j])</c>, which a
    /// <c>[TensorProgram]</c> can also write inline.</para>
    /// <para>Harmonics are the real orthonormal ones without the Condon–Shortley phase (docs/gaunt.md). LOut ≤ L1 + L2 and
    /// L1, L2 ≤ 16 are checked at build time.</para>
    /// </remarks>
    /// <example><code>
    /// [GauntProduct(4, 4, 8)]
    /// public static partial void Product(ReadOnlyTensorSpan&lt;float&gt; x, ReadOnlyTensorSpan&lt;float&gt; y, TensorSpan&lt;float&gt; z);
    ///
    /// [GauntProduct(L1 = 2, L2 = 2, LOut = 4, Method = GauntMethod.Sparse)]
    /// public static partial void Product2(ReadOnlyTensorSpan&lt;double&gt; x, ReadOnlyTensorSpan&lt;double&gt; y, TensorSpan&lt;double&gt; z);
    /// </code></example>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class GauntProductAttribute : Attribute
    {
        /// <summary>Creates the attribute; set <see cref="L1"/>, <see cref="L2"/> and <see cref="LOut"/> by name.</summary>
        public GauntProductAttribute()
        {
        }

        /// <summary>Creates the attribute with its three degree bounds.</summary>
        /// <param name="l1">Degree bound of x: its last axis has (l1 + 1)² elements (0 … 16).</param>
        /// <param name="l2">Degree bound of y: its last axis has (l2 + 1)² elements (0 … 16).</param>
        /// <param name="lOut">Degree bound of z: its last axis has (lOut + 1)² elements (0 … l1 + l2).</param>
        public GauntProductAttribute(int l1, int l2, int lOut)
        {
            L1 = l1;
            L2 = l2;
            LOut = lOut;
        }

        /// <summary>Degree bound of x (0 … 16).</summary>
        public int L1 { get; set; }

        /// <summary>Degree bound of y (0 … 16).</summary>
        public int L2 { get; set; }

        /// <summary>Degree bound of z (0 … L1 + L2).</summary>
        public int LOut { get; set; }

        /// <summary>How the product is computed; <see cref="GauntMethod.Auto"/> by default.</summary>
        public GauntMethod Method { get; set; }
    }
}
