using System.Numerics.Tensors;

namespace TensorDsl.Attention
{
    /// <summary>
    /// The contractions of <see cref="PolynomialTensorAttention"/>, implemented by the TensorDsl generator at build time
    /// (packed GEMMs). Feature blocks are stored feature-major — row α of a block holds monomial α at every row of the
    /// block — so that the feature map is one vector product per monomial and both products have the long feature axis
    /// r as their column (or summed) axis, the wide side of the GEMM micro-kernel.
    /// </summary>
    /// <remarks>
    /// Index names: <c>c</c> a value channel (dv of them, plus one channel of ones that yields the normalizer),
    /// <c>r</c> a monomial (feature), <c>j</c> a key row, <c>i</c> a query row.
    /// </remarks>
    internal static partial class PolynomialAttentionKernels
    {
        /// <summary>One key block's moments: <c>moments[c,r] = Σ_j values[c,j]·features[r,j]</c>, i.e. (Uᵀ V)ᵀ.</summary>
        /// <param name="values">The block's values, transposed: channels × rows.</param>
        /// <param name="features">The block's features, feature-major: monomials × rows.</param>
        /// <param name="moments">Channels × monomials; overwritten.</param>
        [Einsum("cj,rj->cr")]
        internal static partial void KeyMoments(ReadOnlyTensorSpan<float> values, ReadOnlyTensorSpan<float> features, TensorSpan<float> moments);

        /// <summary>One key block's moments: <c>moments[c,r] = Σ_j values[c,j]·features[r,j]</c>, i.e. (Uᵀ V)ᵀ.</summary>
        /// <param name="values">The block's values, transposed: channels × rows.</param>
        /// <param name="features">The block's features, feature-major: monomials × rows.</param>
        /// <param name="moments">Channels × monomials; overwritten.</param>
        [Einsum("cj,rj->cr")]
        internal static partial void KeyMoments(ReadOnlyTensorSpan<double> values, ReadOnlyTensorSpan<double> features, TensorSpan<double> moments);

        /// <summary>One query block's outputs: <c>outputs[c,i] = Σ_r weights[c,r]·features[r,i]</c>, i.e. (U₁ W)ᵀ.</summary>
        /// <param name="weights">Channels × monomials: the key moments multiplied together and by the query coefficients.</param>
        /// <param name="features">The block's query features, feature-major: monomials × rows.</param>
        /// <param name="outputs">Channels × rows (numerators, then the normalizer); overwritten.</param>
        [Einsum("cr,ri->ci")]
        internal static partial void QueryOutputs(ReadOnlyTensorSpan<float> weights, ReadOnlyTensorSpan<float> features, TensorSpan<float> outputs);

        /// <summary>One query block's outputs: <c>outputs[c,i] = Σ_r weights[c,r]·features[r,i]</c>, i.e. (U₁ W)ᵀ.</summary>
        /// <param name="weights">Channels × monomials: the key moments multiplied together and by the query coefficients.</param>
        /// <param name="features">The block's query features, feature-major: monomials × rows.</param>
        /// <param name="outputs">Channels × rows (numerators, then the normalizer); overwritten.</param>
        [Einsum("cr,ri->ci")]
        internal static partial void QueryOutputs(ReadOnlyTensorSpan<double> weights, ReadOnlyTensorSpan<double> features, TensorSpan<double> outputs);
    }
}
