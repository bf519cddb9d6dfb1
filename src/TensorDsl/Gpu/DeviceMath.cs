using System;
using ILGPU;

namespace TensorDsl.Gpu
{
    /// <summary>
    /// Elementary functions that ILGPU compiles for every accelerator, PTX included, without ILGPU.Algorithms or libdevice:
    /// ILGPU 1.5.3's PTX backend has no intrinsic for <c>Math.Exp</c>, <c>Math.Log</c>, <c>Math.Tanh</c> and the like
    /// (compiling a kernel that calls one fails). Exp, Log, Tanh, Sigmoid, Max and Min are written with primitive
    /// arithmetic, comparisons, casts and <see cref="Interop.IntAsFloat(ulong)"/>/<see cref="Interop.FloatAsInt(double)"/>
    /// only; Sqrt and Abs call <see cref="Math.Sqrt"/>/<see cref="MathF.Sqrt"/> and <see cref="Math.Abs(double)"/>/
    /// <see cref="MathF.Abs"/>, which ILGPU maps to the PTX instructions <c>sqrt.rn</c> and <c>abs</c> (checked by the
    /// PTX compilation tests). The methods are plain C#: on the host and on ILGPU's CPU accelerator they compute the same
    /// values as on a GPU, up to the fused multiply–adds that <c>ptxas</c> may contract.
    /// </summary>
    /// <remarks>
    /// <para><b>Accuracy</b>, measured against exact values (every float argument in the ranges where the result is
    /// neither 0, ±1 nor ∞; 240,000 random double arguments): double Exp within 1.1 ulp (1.7e-16 relative), Log
    /// 0.7 ulp (1.3e-16), Tanh 1.5 ulp (3.2e-16 relative, 1.6e-16 absolute), Sigmoid 2.1 ulp (3.1e-16); float Exp within
    /// 0.87 ulp (7.4e-8 relative), Log 0.84 ulp (8.2e-8), Tanh 1.5 ulp (1.1e-7), Sigmoid 1.8 ulp (1.3e-7). Sqrt is
    /// correctly rounded; Abs, Max and Min are exact.</para>
    /// <para><b>Special values</b> follow <see cref="Math"/>: NaN propagates; Exp(−∞) = 0 and Exp overflows to +∞;
    /// Log(±0) = −∞, Log(x &lt; 0) = NaN, Log(+∞) = +∞; Tanh(±∞) = ±1 (Tanh saturates without overflow); results and
    /// arguments below the smallest normal number are handled (gradual underflow, not flushed to zero).</para>
    /// </remarks>
    public static class DeviceMath
    {
        // ln 2 split in two (fdlibm's ln2_hi, whose low 21 bits are zero, so n · ln2_hi is exact for |n| ≤ 2048, and ln2_lo).
        private const double Ln2Hi = 6.93147180369123816490e-01;
        private const double Ln2Lo = 1.90821492927058770002e-10;

        // The same split for float (fdlibm's expf: 15 significant bits, so n · Ln2HiF is exact for |n| ≤ 511).
        private const float Ln2HiF = 6.9314575195e-01f;
        private const float Ln2LoF = 1.4286067653e-06f;

        // The split of logf (musl): k · ln2_hi is added last.
        private const float LogLn2HiF = 6.9313812256e-01f;
        private const float LogLn2LoF = 9.0580006145e-06f;

        /// <summary>e^x in double precision (within 1.1 ulp).</summary>
        /// <param name="x">The exponent.</param>
        /// <returns>e^x; 0 for x ≤ −745.2 and −∞, +∞ above ln(<see cref="double.MaxValue"/>) ≈ 709.78, NaN for NaN.
        /// Results below 2^−1022 are subnormal.</returns>
        /// <remarks>
        /// Cody–Waite range reduction x = n·ln 2 + r, |r| ≤ ln 2 / 2, a degree-13 Taylor polynomial for e^r (truncation
        /// error below 5e-18 relative), and 2^n built from its exponent bits (in two steps when 2^n is not a normal
        /// number). For −708 ≤ x ≤ 709.4 this is, operation for operation, the exponential the attention kernels always
        /// used (<see cref="Attention.AttentionKernelMath"/>), so they compute bit for bit what they did before.
        /// </remarks>
        public static double Exp(double x)
        {
            if (x < -745.2) return 0.0; // also −∞; e^−745.2 < 2^−1075 rounds to 0
            if (x > 709.8) return double.PositiveInfinity;
            // NaN passes both tests and propagates through r.
            double scaled = x * 1.4426950408889634; // x / ln 2
            long n = (long)(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
            double r = x - n * Ln2Hi - n * Ln2Lo;
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
            // p ∈ [0.7, 1.42]; n ∈ [−1075, 1024].
            if (n < -1022)
            {
                // 2^(n + 54) is normal, so p · 2^(n + 54) is exact and the final product rounds once into the subnormals.
                return p * Interop.IntAsFloat((ulong)(n + 54 + 1023) << 52) * (1.0 / 18014398509481984.0);
            }
            // n = 1024: (2p) · 2^1023 overflows to +∞ exactly when e^x does. (Not p · 2^1023 · 2 with constants: ILGPU folds
            // the two constants into +∞.)
            if (n > 1023) return p * 2.0 * Interop.IntAsFloat((ulong)(n + 1022) << 52);
            return p * Interop.IntAsFloat((ulong)(n + 1023) << 52);
        }

        /// <summary>e^x in single precision (within 0.87 ulp, 7.4e-8 relative).</summary>
        /// <param name="x">The exponent.</param>
        /// <returns>e^x; 0 for x &lt; −104 and −∞, +∞ above ln(<see cref="float.MaxValue"/>) ≈ 88.72, NaN for NaN.
        /// Results below 2^−126 are subnormal.</returns>
        /// <remarks>
        /// As the double overload, with e^r = 1 + r + r²·Q(r) for a degree-5 minimax polynomial Q, and the reduced
        /// argument kept in two parts (the exact x − n·ln2_hi and n·ln2_lo) until the last additions.
        /// </remarks>
        public static float Exp(float x)
        {
            if (x < -104.0f) return 0.0f; // also −∞; e^−104 < 2^−150 rounds to 0
            if (x > 89.0f) return float.PositiveInfinity;
            float scaled = x * 1.44269504f; // x / ln 2
            int n = (int)(scaled < 0 ? scaled - 0.5f : scaled + 0.5f);
            float hi = x - n * Ln2HiF; // exact
            float lo = n * Ln2LoF;
            float r = hi - lo;
            // e^r = 1 + r + r²·Q(r), Q a degree-5 minimax polynomial (error below 3e-9, so below 4e-10 relative to e^r).
            // Adding r²·Q − lo to the exact hi, then 1, leaves two roundings of any weight.
            float q = 0.00019891017f;
            q = q * r + 0.0013933674f;
            q = q * r + 0.0083333105f;
            q = q * r + 0.041666463f;
            q = q * r + 0.16666667f;
            q = q * r + 0.5f;
            float p = 1.0f + (hi - (lo - r * r * q));
            // n ∈ [−150, 128].
            if (n < -126) return p * Interop.IntAsFloat((uint)(n + 24 + 127) << 23) * (1.0f / 16777216.0f);
            if (n > 127) return p * 2.0f * Interop.IntAsFloat((uint)(n + 126) << 23); // (2p) · 2^127, see the double overload
            return p * Interop.IntAsFloat((uint)(n + 127) << 23);
        }

        /// <summary>The natural logarithm in double precision (within 0.7 ulp).</summary>
        /// <param name="x">The argument.</param>
        /// <returns>ln x; −∞ for ±0, NaN for x &lt; 0 (−∞ included) and NaN, +∞ for +∞.</returns>
        /// <remarks>
        /// fdlibm's algorithm: x = 2^k · (1 + f) with 1 + f ∈ [√2/2, √2), s = f / (2 + f), and
        /// ln(1 + f) = f − f²/2 + s·(f²/2 + R(s²)) with a degree-14 minimax polynomial R; k·ln 2 is added in two parts.
        /// Subnormal arguments are scaled by 2^54 first.
        /// </remarks>
        public static double Log(double x)
        {
            ulong bits = Interop.FloatAsInt(x);
            uint hx = (uint)(bits >> 32);
            int k = 0;
            if (hx < 0x00100000u || (hx >> 31) != 0)
            {
                if ((bits << 1) == 0) return double.NegativeInfinity; // ±0
                if ((hx >> 31) != 0) return double.NaN; // x < 0, −∞, or a NaN with its sign bit set
                // Subnormal: scale into the normal range.
                k = -54;
                x *= 18014398509481984.0; // 2^54
                bits = Interop.FloatAsInt(x);
                hx = (uint)(bits >> 32);
            }
            else if (hx >= 0x7ff00000u)
            {
                return x; // +∞ or NaN
            }
            // Reduce x into [√2/2, √2): move the mantissa's offset from √2/2 into the exponent.
            hx += 0x3ff00000u - 0x3fe6a09eu;
            k += (int)(hx >> 20) - 0x3ff;
            hx = (hx & 0x000fffffu) + 0x3fe6a09eu;
            double m = Interop.IntAsFloat(((ulong)hx << 32) | (bits & 0xffffffffUL));
            double f = m - 1.0;
            double hfsq = 0.5 * f * f;
            double s = f / (2.0 + f);
            double z = s * s;
            double w = z * z;
            double t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
            double t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)));
            double rr = t2 + t1;
            double dk = k;
            return s * (hfsq + rr) + dk * Ln2Lo - hfsq + f + dk * Ln2Hi;
        }

        /// <summary>The natural logarithm in single precision (within 0.84 ulp).</summary>
        /// <param name="x">The argument.</param>
        /// <returns>ln x; −∞ for ±0, NaN for x &lt; 0 (−∞ included) and NaN, +∞ for +∞.</returns>
        /// <remarks>
        /// As the double overload (musl's logf), with a degree-8 minimax polynomial R. Subnormal arguments are scaled by
        /// 2^25 first.
        /// </remarks>
        public static float Log(float x)
        {
            uint ix = Interop.FloatAsInt(x);
            int k = 0;
            if (ix < 0x00800000u || (ix >> 31) != 0)
            {
                if ((ix << 1) == 0) return float.NegativeInfinity; // ±0
                if ((ix >> 31) != 0) return float.NaN; // x < 0, −∞, or a NaN with its sign bit set
                k = -25;
                x *= 33554432.0f; // 2^25
                ix = Interop.FloatAsInt(x);
            }
            else if (ix >= 0x7f800000u)
            {
                return x; // +∞ or NaN
            }
            ix += 0x3f800000u - 0x3f3504f3u;
            k += (int)(ix >> 23) - 0x7f;
            ix = (ix & 0x007fffffu) + 0x3f3504f3u;
            float f = Interop.IntAsFloat(ix) - 1.0f;
            float s = f / (2.0f + f);
            float z = s * s;
            float w = z * z;
            float t1 = w * (0.40000972152f + w * 0.24279078841f);
            float t2 = z * (0.66666662693f + w * 0.28498786688f);
            float rr = t2 + t1;
            float hfsq = 0.5f * f * f;
            float dk = k;
            return s * (hfsq + rr) + dk * LogLn2LoF - hfsq + f + dk * LogLn2HiF;
        }

        /// <summary>The correctly rounded square root in double precision: <see cref="Math.Sqrt"/>, which ILGPU compiles
        /// to PTX <c>sqrt.rn.f64</c>.</summary>
        /// <param name="x">The argument.</param>
        /// <returns>√x; −0 for −0, NaN for x &lt; 0 and NaN, +∞ for +∞.</returns>
        public static double Sqrt(double x) => Math.Sqrt(x);

        /// <summary>The correctly rounded square root in single precision: <see cref="MathF.Sqrt"/>, which ILGPU compiles
        /// to PTX <c>sqrt.rn.f32</c>.</summary>
        /// <param name="x">The argument.</param>
        /// <returns>√x; −0 for −0, NaN for x &lt; 0 and NaN, +∞ for +∞.</returns>
        public static float Sqrt(float x) => MathF.Sqrt(x);

        /// <summary>The hyperbolic tangent in double precision (within 1.5 ulp).</summary>
        /// <param name="x">The argument.</param>
        /// <returns>tanh x; ±1 for |x| &gt; 22 and ±∞, NaN for NaN; −0 for −0.</returns>
        /// <remarks>
        /// For |x| &lt; 0.5493 (≈ ln 3 / 2, where tanh = 1/2): x + x³·P(x²) with a degree-10 polynomial P fitted to
        /// (tanh x − x)/x³ (error below 1e-17). Above: 1 − 2/(e^(2|x|) + 1), where the subtraction is exact because
        /// the quotient is at most 1/2; beyond 22 the result rounds to ±1, so e^(2|x|) is never formed there.
        /// </remarks>
        public static double Tanh(double x)
        {
            double a = Math.Abs(x);
            if (!(a >= 0.5493)) // also NaN, which propagates through the polynomial
            {
                double z = x * x;
                double p = -2.060276537636634e-05;
                p = p * z + 8.511313685577672e-05;
                p = p * z - 0.0002346347410887237;
                p = p * z + 0.0005889360520074057;
                p = p * z - 0.001455661830100716;
                p = p * z + 0.003592110378689024;
                p = p * z - 0.008863234397814355;
                p = p * z + 0.021869488493666944;
                p = p * z - 0.053968253967434016;
                p = p * z + 0.13333333333332714;
                p = p * z - 0.3333333333333333;
                return z == 0 ? x : x + x * z * p; // z == 0: keeps the sign of −0 (and returns tiny x as it is)
            }
            double t = a > 22.0 ? 1.0 : 1.0 - 2.0 / (Exp(2.0 * a) + 1.0);
            return x < 0 ? -t : t;
        }

        /// <summary>The hyperbolic tangent in single precision (within 1.5 ulp).</summary>
        /// <param name="x">The argument.</param>
        /// <returns>tanh x; ±1 for |x| &gt; 10 and ±∞, NaN for NaN; −0 for −0.</returns>
        /// <remarks>
        /// For |x| &lt; 0.75: x + x³·P(x²) with a degree-5 polynomial P (error below 1.2e-8). Above, with e = e^(2|x|):
        /// (e − 1)/(e + 1) up to |x| = 2, where e ± 1 are exact and only the division rounds, then 1 − 2/(e + 1); beyond
        /// 10 the result rounds to ±1. The polynomial reaches further than in double because the error of the float
        /// exponential, damped by 2e/(e² − 1), would otherwise add up to 1.4e-7 near |x| = 0.55.
        /// </remarks>
        public static float Tanh(float x)
        {
            float a = MathF.Abs(x);
            if (!(a >= 0.75f)) // also NaN, which propagates through the polynomial
            {
                float z = x * x;
                float p = 0.0019095024f;
                p = p * z - 0.0079338076f;
                p = p * z + 0.021615319f;
                p = p * z - 0.053935852f;
                p = p * z + 0.13333179f;
                p = p * z - 0.33333331f;
                return z == 0 ? x : x + x * z * p;
            }
            if (a > 10.0f) return x < 0 ? -1.0f : 1.0f;
            float e = Exp(2.0f * a);
            float t = a < 2.0f ? (e - 1.0f) / (e + 1.0f) : 1.0f - 2.0f / (e + 1.0f);
            return x < 0 ? -t : t;
        }

        /// <summary>The logistic function 1 / (1 + e^−x) in double precision (within 2.1 ulp).</summary>
        /// <param name="x">The argument.</param>
        /// <returns>σ(x) ∈ [0, 1]; 0 for −∞, 1 for +∞, NaN for NaN.</returns>
        /// <remarks>1 / (1 + e^−x) for x ≥ 0 and e^x / (1 + e^x) for x &lt; 0, so e^ never overflows and small results keep
        /// their relative accuracy.</remarks>
        public static double Sigmoid(double x)
        {
            if (x >= 0) return 1.0 / (1.0 + Exp(-x));
            double e = Exp(x); // NaN lands here and propagates
            return e / (1.0 + e);
        }

        /// <summary>The logistic function 1 / (1 + e^−x) in single precision (within 1.8 ulp).</summary>
        /// <param name="x">The argument.</param>
        /// <returns>σ(x) ∈ [0, 1]; 0 for −∞, 1 for +∞, NaN for NaN.</returns>
        /// <remarks>As the double overload for |x| ≥ 1.25 (with e − e²/(1 + e) for x &lt; 0, one rounding fewer on the
        /// result), and 1/2 + tanh(x/2)/2 below, where it avoids the error of the float exponential.</remarks>
        public static float Sigmoid(float x)
        {
            if (!(MathF.Abs(x) >= 1.25f)) return 0.5f + 0.5f * Tanh(0.5f * x); // also NaN
            if (x > 0) return 1.0f / (1.0f + Exp(-x));
            float e = Exp(x);
            return e - e * e / (1.0f + e);
        }

        /// <summary>|x| in double precision: <see cref="Math.Abs(double)"/>, which ILGPU compiles to PTX <c>abs.f64</c>.</summary>
        /// <param name="x">The argument.</param>
        /// <returns>|x|; +0 for −0, +∞ for −∞, NaN for NaN.</returns>
        public static double Abs(double x) => Math.Abs(x);

        /// <summary>|x| in single precision: <see cref="MathF.Abs"/>, which ILGPU compiles to PTX <c>abs.f32</c>.</summary>
        /// <param name="x">The argument.</param>
        /// <returns>|x|; +0 for −0, +∞ for −∞, NaN for NaN.</returns>
        public static float Abs(float x) => MathF.Abs(x);

        /// <summary>The larger of two doubles, as <see cref="Math.Max(double, double)"/>: NaN if either is NaN, and +0
        /// for +0 and −0.</summary>
        /// <param name="a">The first value.</param>
        /// <param name="b">The second value.</param>
        /// <returns>max(a, b).</returns>
        /// <remarks>Not <see cref="Math.Max(double, double)"/> itself: ILGPU compiles that to PTX <c>max.f64</c>, which
        /// returns the other operand when one is NaN, so a GPU and the CPU accelerator would disagree.</remarks>
        public static double Max(double a, double b)
        {
            if (double.IsNaN(a)) return a;
            if (double.IsNaN(b)) return b;
            if (a == b) return Interop.IntAsFloat(Interop.FloatAsInt(a) & Interop.FloatAsInt(b)); // +0 over −0
            return a > b ? a : b;
        }

        /// <summary>The larger of two floats, as <see cref="MathF.Max"/>: NaN if either is NaN, and +0 for +0 and −0.</summary>
        /// <param name="a">The first value.</param>
        /// <param name="b">The second value.</param>
        /// <returns>max(a, b).</returns>
        /// <remarks>Not <see cref="MathF.Max"/> itself, which ILGPU compiles to PTX <c>max.f32</c> (see the double overload).</remarks>
        public static float Max(float a, float b)
        {
            if (float.IsNaN(a)) return a;
            if (float.IsNaN(b)) return b;
            if (a == b) return Interop.IntAsFloat(Interop.FloatAsInt(a) & Interop.FloatAsInt(b));
            return a > b ? a : b;
        }

        /// <summary>The smaller of two doubles, as <see cref="Math.Min(double, double)"/>: NaN if either is NaN, and −0
        /// for +0 and −0.</summary>
        /// <param name="a">The first value.</param>
        /// <param name="b">The second value.</param>
        /// <returns>min(a, b).</returns>
        /// <remarks>Not <see cref="Math.Min(double, double)"/> itself: ILGPU compiles that to PTX <c>min.f64</c>, which
        /// returns the other operand when one is NaN, so a GPU and the CPU accelerator would disagree.</remarks>
        public static double Min(double a, double b)
        {
            if (double.IsNaN(a)) return a;
            if (double.IsNaN(b)) return b;
            if (a == b) return Interop.IntAsFloat(Interop.FloatAsInt(a) | Interop.FloatAsInt(b)); // −0 over +0
            return a < b ? a : b;
        }

        /// <summary>The smaller of two floats, as <see cref="MathF.Min"/>: NaN if either is NaN, and −0 for +0 and −0.</summary>
        /// <param name="a">The first value.</param>
        /// <param name="b">The second value.</param>
        /// <returns>min(a, b).</returns>
        /// <remarks>Not <see cref="MathF.Min"/> itself, which ILGPU compiles to PTX <c>min.f32</c> (see the double overload).</remarks>
        public static float Min(float a, float b)
        {
            if (float.IsNaN(a)) return a;
            if (float.IsNaN(b)) return b;
            if (a == b) return Interop.IntAsFloat(Interop.FloatAsInt(a) | Interop.FloatAsInt(b));
            return a < b ? a : b;
        }
    }
}
