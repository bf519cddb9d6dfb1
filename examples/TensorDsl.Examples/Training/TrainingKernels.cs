using System.Numerics.Tensors;

namespace TensorDsl.Examples.Training
{
    /// <summary>
    /// The model of the training example and its gradient: two Gaunt-product layers on the equivariant features of a
    /// point cloud. Channel mixing (a weight per channel pair, the same for every harmonic) and the channel-wise Gaunt
    /// product both commute with rotations, so the model is E(3)-equivariant by construction.
    /// </summary>
    public static partial class TrainingKernels
    {
        /// <summary>The model's program: x[s, c, k] are the features of sample s (channel c, harmonic k ≤ degree 2).</summary>
        public const string Model = """
            u[s,e,k] = sum[c](w1[e,c] * x[s,c,k])
            h[s,e,k] = gaunt[2,2,2](u[s,e,i], u[s,e,j])
            g[s,e,k] = sum[f](w2[e,f] * h[s,f,k]) + u[s,e,k]
            p[s,e,k] = gaunt[2,2,2](g[s,e,i], u[s,e,j])
            z[s,f,k] = sum[e](w3[f,e] * p[s,e,k]) + sum[c](w4[f,c] * x[s,c,k])
            """;

        /// <summary>z = model(x; w1, w2, w3, w4).</summary>
        [TensorProgram(Model)]
        public static partial void Forward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> w1, ReadOnlyTensorSpan<double> w2,
            ReadOnlyTensorSpan<double> w3, ReadOnlyTensorSpan<double> w4, TensorSpan<double> z);

        /// <summary>The weights' gradients given dZ, derived by TensorDsl (the features' gradient is not requested).</summary>
        [Gradient(nameof(Forward))]
        public static partial void Backward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> w1, ReadOnlyTensorSpan<double> w2,
            ReadOnlyTensorSpan<double> w3, ReadOnlyTensorSpan<double> w4, ReadOnlyTensorSpan<double> dZ,
            TensorSpan<double> dW1, TensorSpan<double> dW2, TensorSpan<double> dW3, TensorSpan<double> dW4);
    }
}
