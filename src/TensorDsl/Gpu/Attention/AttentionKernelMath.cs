using ILGPU;

namespace TensorDsl.Gpu.Attention
{
    /// <summary>
    /// The exponential for the attention kernels, in primitive arithmetic only: ILGPU's PTX backend has no intrinsic
    /// for <c>Math.Exp</c> without ILGPU.Algorithms or libdevice, neither of which TensorDsl uses. Kernels call these for
    /// arguments ≤ 0 (a score minus a running maximum), where the result is in [0, 1].
    /// </summary>
    /// <remarks>
    /// Cody–Waite range reduction x = n·ln 2 + r, |r| ≤ ln 2 / 2, a Taylor polynomial for e^r (degree 13 in double,
    /// 7 in float: truncation error below 5e-18 and 5e-9 relative), and 2^n built from its exponent bits
    /// (<see cref="Interop.IntAsFloat(ulong)"/>). Results below the smallest normal number are flushed to zero:
    /// −∞ gives 0, which the online softmax relies on.
    /// </remarks>
    internal static class AttentionKernelMath
    {
        /// <summary>e^x in double precision; 0 for x &lt; −708 (and −∞), +∞ for x &gt; 709.</summary>
        /// <param name="x">The exponent.</param>
        public static double Exp(double x)
        {
            if (x < -708.0) return 0.0;
            if (x > 709.0) return double.PositiveInfinity;
            double scaled = x * 1.4426950408889634; // x / ln 2
            long n = (long)(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
            // ln 2 split in two (fdlibm's ln2_hi, whose low 32 bits are zero, so n · ln2_hi is exact, and ln2_lo).
            double r = x - n * 6.93147180369123816490e-01 - n * 1.90821492927058770002e-10;
            double p = 1.0 / 6227020800.0; // 1/13!
            p = p * r + 1.0 / 479001600.0;
            p = p * r + 1.0 / 39916800.0;
            p = p * r + 1.0 / 3628800.0;
            p = p * r + 1.0 / 362880.0;
            p = p * r + 1.0 / 40320.0;
            p = p * r + 1.0 / 5040.0;
            p = p * r + 1.0 / 720.0;
            p = p * r + 1.0 / 120.0;
            p = p * r + 1.0 / 24.0;
            p = p * r + 1.0 / 6.0;
            p = p * r + 0.5;
            p = p * r + 1.0;
            p = p * r + 1.0;
            // 2^n for n in [-1021, 1023]: a biased exponent in [2, 2046].
            return p * Interop.IntAsFloat((ulong)(n + 1023) << 52);
        }

        /// <summary>e^x in single precision; 0 for x &lt; −87 (and −∞), +∞ for x &gt; 88.</summary>
        /// <param name="x">The exponent.</param>
        public static float Exp(float x)
        {
            if (x < -87.0f) return 0.0f;
            if (x > 88.0f) return float.PositiveInfinity;
            float scaled = x * 1.44269504f; // x / ln 2
            int n = (int)(scaled < 0 ? scaled - 0.5f : scaled + 0.5f);
            // ln 2 split in two (fdlibm's expf: ln2HI has 16 significant bits, so n · ln2HI is exact for |n| < 256).
            float r = x - n * 6.9314575195e-01f - n * 1.4286067653e-06f;
            float p = 1.0f / 5040.0f; // 1/7!
            p = p * r + 1.0f / 720.0f;
            p = p * r + 1.0f / 120.0f;
            p = p * r + 1.0f / 24.0f;
            p = p * r + 1.0f / 6.0f;
            p = p * r + 0.5f;
            p = p * r + 1.0f;
            p = p * r + 1.0f;
            // 2^n for n in [-126, 127]: a biased exponent in [1, 254].
            return p * Interop.IntAsFloat((uint)(n + 127) << 23);
        }
    }
}
