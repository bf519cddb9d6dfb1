namespace TensorDsl.Gpu.Attention
{
    /// <summary>
    /// The exponential for the attention kernels: <see cref="DeviceMath.Exp(double)"/> and
    /// <see cref="DeviceMath.Exp(float)"/>, which ILGPU compiles for PTX without ILGPU.Algorithms or libdevice. Kernels call
    /// these for arguments ≤ 0 (a score minus a running maximum), where the result is in [0, 1].
    /// </summary>
    /// <remarks>
    /// Arguments below −708 (double) and −87 (float), −∞ included, give 0 as they always did here, rather than the tiny
    /// (partly subnormal) values <see cref="DeviceMath.Exp(double)"/> returns: the online softmax relies on e^−∞ = 0,
    /// and weights that small are negligible against the weight 1 of the running maximum.
    /// </remarks>
    internal static class AttentionKernelMath
    {
        /// <summary>e^x in double precision; 0 for x &lt; −708 (and −∞).</summary>
        /// <param name="x">The exponent (≤ 0 in the kernels).</param>
        public static double Exp(double x) => x < -708.0 ? 0.0 : DeviceMath.Exp(x);

        /// <summary>e^x in single precision; 0 for x &lt; −87 (and −∞).</summary>
        /// <param name="x">The exponent (≤ 0 in the kernels).</param>
        public static float Exp(float x) => x < -87.0f ? 0.0f : DeviceMath.Exp(x);
    }

    /// <summary>The exponential a generic attention kernel calls, as a struct so that ILGPU inlines it per element type.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    internal interface IKernelExp<T>
    {
        /// <summary>e^x, 0 far below 0 (see <see cref="AttentionKernelMath"/>).</summary>
        T Exp(T x);
    }

    /// <summary><see cref="AttentionKernelMath.Exp(float)"/>.</summary>
    internal readonly struct SingleExp : IKernelExp<float>
    {
        public float Exp(float x) => AttentionKernelMath.Exp(x);
    }

    /// <summary><see cref="AttentionKernelMath.Exp(double)"/>.</summary>
    internal readonly struct DoubleExp : IKernelExp<double>
    {
        public double Exp(double x) => AttentionKernelMath.Exp(x);
    }
}
