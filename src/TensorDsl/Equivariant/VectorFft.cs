using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using TensorDsl.Cpu.Attention;

namespace TensorDsl.Equivariant
{
    /// <summary>
    /// A complex FFT of one length N = 2^a·3^b·5^c (mixed radix 4, 2, 3, 5; Stockham autosort, so no bit reversal), applied
    /// to many independent transforms at once: every element is a SIMD vector whose lanes belong to different transforms
    /// (structure of arrays). Real and imaginary parts live in separate planes of N vectors each.
    /// </summary>
    /// <remarks>
    /// Forward: X_k = Σ_j x_j e^{−2πi jk/N} (unnormalized). The inverse (e^{+}) is the forward transform with the real and
    /// imaginary planes exchanged on input and output (swap(x) = i·conj(x)), so one set of twiddles serves both.
    /// </remarks>
    internal sealed class VectorFft<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly int[] _radices;
        private readonly int[] _twiddleStart;
        private readonly T[] _twiddles; // per stage, p = 0..m−1, k = 1..r−1: (cos, −sin)(2π·p·k/n)

        public VectorFft(int length)
        {
            if (!IsSmooth(length)) throw new ArgumentOutOfRangeException(nameof(length), length, "The FFT length must be a product of 2, 3 and 5.");
            Length = length;
            var radices = new List<int>();
            int rest = length;
            while (rest % 4 == 0) { radices.Add(4); rest /= 4; }
            while (rest % 2 == 0) { radices.Add(2); rest /= 2; }
            while (rest % 3 == 0) { radices.Add(3); rest /= 3; }
            while (rest % 5 == 0) { radices.Add(5); rest /= 5; }
            _radices = radices.ToArray();
            _twiddleStart = new int[_radices.Length];
            var twiddles = new List<T>();
            int n = length;
            for (int stage = 0; stage < _radices.Length; stage++)
            {
                int r = _radices[stage], m = n / r;
                _twiddleStart[stage] = twiddles.Count;
                for (int p = 0; p < m; p++)
                {
                    for (int k = 1; k < r; k++)
                    {
                        // Reduce p·k modulo n exactly before the angle is formed.
                        double angle = 2 * Math.PI * (p * k % n) / n;
                        twiddles.Add(T.CreateTruncating(Math.Cos(angle)));
                        twiddles.Add(T.CreateTruncating(-Math.Sin(angle)));
                    }
                }
                n = m;
            }
            _twiddles = twiddles.ToArray();
        }

        /// <summary>The transform length N.</summary>
        public int Length { get; }

        /// <summary>Number of passes; the result of <see cref="Forward{TS, TVec}"/> is in the work planes when it is odd.</summary>
        public int Stages => _radices.Length;

        /// <summary>True if <paramref name="n"/> &gt; 0 has no prime factor other than 2, 3 and 5.</summary>
        public static bool IsSmooth(int n)
        {
            if (n <= 0) return false;
            foreach (int p in new[] { 2, 3, 5 })
            {
                while (n % p == 0) n /= p;
            }
            return n == 1;
        }

        /// <summary>The smallest length ≥ <paramref name="minimum"/> that is a product of 2, 3 and 5.</summary>
        public static int SmoothAtLeast(int minimum)
        {
            int n = Math.Max(1, minimum);
            while (!IsSmooth(n)) n++;
            return n;
        }

        /// <summary>
        /// Forward transform of the N-vector planes (<paramref name="re"/>, <paramref name="im"/>), using
        /// (<paramref name="workRe"/>, <paramref name="workIm"/>) as the other half of the ping-pong. Returns true when the
        /// result is in the work planes (an odd number of passes), false when it is back in (re, im).
        /// </summary>
        public unsafe bool Forward<TS, TVec>(T* re, T* im, T* workRe, T* workIm)
            where TS : unmanaged, IAttentionSimd<TVec, T>
            where TVec : unmanaged
        {
            int w = TS.Count;
            int n = Length, s = 1;
            T* srcRe = re, srcIm = im, dstRe = workRe, dstIm = workIm;
            fixed (T* tw = _twiddles)
            {
                for (int stage = 0; stage < _radices.Length; stage++)
                {
                    int r = _radices[stage], m = n / r;
                    T* t = tw + _twiddleStart[stage];
                    switch (r)
                    {
                        case 4: Radix4<TS, TVec>(srcRe, srcIm, dstRe, dstIm, m, s, w, t); break;
                        case 2: Radix2<TS, TVec>(srcRe, srcIm, dstRe, dstIm, m, s, w, t); break;
                        case 3: Radix3<TS, TVec>(srcRe, srcIm, dstRe, dstIm, m, s, w, t); break;
                        default: Radix5<TS, TVec>(srcRe, srcIm, dstRe, dstIm, m, s, w, t); break;
                    }
                    n = m;
                    s *= r;
                    T* swapRe = srcRe, swapIm = srcIm;
                    srcRe = dstRe; srcIm = dstIm;
                    dstRe = swapRe; dstIm = swapIm;
                }
            }
            return (_radices.Length & 1) != 0;
        }

        /// <summary>
        /// Inverse transform (e^{+2πi jk/N}, unnormalized) in the same manner as <see cref="Forward{TS, TVec}"/>: the forward
        /// transform of the exchanged planes.
        /// </summary>
        public unsafe bool Inverse<TS, TVec>(T* re, T* im, T* workRe, T* workIm)
            where TS : unmanaged, IAttentionSimd<TVec, T>
            where TVec : unmanaged
            => Forward<TS, TVec>(im, re, workIm, workRe);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void Twiddle<TS, TVec>(ref TVec re, ref TVec im, T* t)
            where TS : unmanaged, IAttentionSimd<TVec, T>
            where TVec : unmanaged
        {
            TVec c = TS.Broadcast(t), sn = TS.Broadcast(t + 1);
            TVec r = TS.Subtract(TS.Multiply(re, c), TS.Multiply(im, sn));
            im = TS.MulAdd(re, sn, TS.Multiply(im, c));
            re = r;
        }

        private static unsafe void Radix2<TS, TVec>(T* xr, T* xi, T* yr, T* yi, int m, int s, int w, T* tw)
            where TS : unmanaged, IAttentionSimd<TVec, T>
            where TVec : unmanaged
        {
            for (int p = 0; p < m; p++)
            {
                T* t = tw + 2 * p;
                for (int q = 0; q < s; q++)
                {
                    nint i0 = (nint)(q + s * p) * w, i1 = (nint)(q + s * (p + m)) * w;
                    TVec ar = TS.Load(xr + i0), ai = TS.Load(xi + i0), br = TS.Load(xr + i1), bi = TS.Load(xi + i1);
                    nint o = (nint)(q + s * 2 * p) * w, sw = (nint)s * w;
                    TS.Store(yr + o, TS.Add(ar, br));
                    TS.Store(yi + o, TS.Add(ai, bi));
                    TVec dr = TS.Subtract(ar, br), di = TS.Subtract(ai, bi);
                    if (p != 0) Twiddle<TS, TVec>(ref dr, ref di, t);
                    TS.Store(yr + o + sw, dr);
                    TS.Store(yi + o + sw, di);
                }
            }
        }

        private static unsafe void Radix4<TS, TVec>(T* xr, T* xi, T* yr, T* yi, int m, int s, int w, T* tw)
            where TS : unmanaged, IAttentionSimd<TVec, T>
            where TVec : unmanaged
        {
            nint sm = (nint)s * m * w, sw = (nint)s * w;
            for (int p = 0; p < m; p++)
            {
                T* t = tw + 6 * p;
                for (int q = 0; q < s; q++)
                {
                    nint i = (nint)(q + s * p) * w;
                    TVec a0r = TS.Load(xr + i), a0i = TS.Load(xi + i);
                    TVec a1r = TS.Load(xr + i + sm), a1i = TS.Load(xi + i + sm);
                    TVec a2r = TS.Load(xr + i + 2 * sm), a2i = TS.Load(xi + i + 2 * sm);
                    TVec a3r = TS.Load(xr + i + 3 * sm), a3i = TS.Load(xi + i + 3 * sm);
                    TVec s02r = TS.Add(a0r, a2r), s02i = TS.Add(a0i, a2i);
                    TVec d02r = TS.Subtract(a0r, a2r), d02i = TS.Subtract(a0i, a2i);
                    TVec s13r = TS.Add(a1r, a3r), s13i = TS.Add(a1i, a3i);
                    TVec d13r = TS.Subtract(a1r, a3r), d13i = TS.Subtract(a1i, a3i);
                    // b0 = s02 + s13; b2 = s02 − s13; b1 = d02 − i·d13; b3 = d02 + i·d13.
                    TVec b0r = TS.Add(s02r, s13r), b0i = TS.Add(s02i, s13i);
                    TVec b2r = TS.Subtract(s02r, s13r), b2i = TS.Subtract(s02i, s13i);
                    TVec b1r = TS.Add(d02r, d13i), b1i = TS.Subtract(d02i, d13r);
                    TVec b3r = TS.Subtract(d02r, d13i), b3i = TS.Add(d02i, d13r);
                    if (p != 0)
                    {
                        Twiddle<TS, TVec>(ref b1r, ref b1i, t);
                        Twiddle<TS, TVec>(ref b2r, ref b2i, t + 2);
                        Twiddle<TS, TVec>(ref b3r, ref b3i, t + 4);
                    }
                    nint o = (nint)(q + s * 4 * p) * w;
                    TS.Store(yr + o, b0r); TS.Store(yi + o, b0i);
                    TS.Store(yr + o + sw, b1r); TS.Store(yi + o + sw, b1i);
                    TS.Store(yr + o + 2 * sw, b2r); TS.Store(yi + o + 2 * sw, b2i);
                    TS.Store(yr + o + 3 * sw, b3r); TS.Store(yi + o + 3 * sw, b3i);
                }
            }
        }

        private static unsafe void Radix3<TS, TVec>(T* xr, T* xi, T* yr, T* yi, int m, int s, int w, T* tw)
            where TS : unmanaged, IAttentionSimd<TVec, T>
            where TVec : unmanaged
        {
            nint sm = (nint)s * m * w, sw = (nint)s * w;
            TVec half = TS.Splat(T.CreateTruncating(0.5));
            TVec sin60 = TS.Splat(T.CreateTruncating(0.86602540378443864676));
            for (int p = 0; p < m; p++)
            {
                T* t = tw + 4 * p;
                for (int q = 0; q < s; q++)
                {
                    nint i = (nint)(q + s * p) * w;
                    TVec a0r = TS.Load(xr + i), a0i = TS.Load(xi + i);
                    TVec a1r = TS.Load(xr + i + sm), a1i = TS.Load(xi + i + sm);
                    TVec a2r = TS.Load(xr + i + 2 * sm), a2i = TS.Load(xi + i + 2 * sm);
                    TVec tr = TS.Add(a1r, a2r), ti = TS.Add(a1i, a2i);
                    TVec dr = TS.Multiply(sin60, TS.Subtract(a1r, a2r)), di = TS.Multiply(sin60, TS.Subtract(a1i, a2i));
                    TVec mr = TS.Subtract(a0r, TS.Multiply(half, tr)), mi = TS.Subtract(a0i, TS.Multiply(half, ti));
                    TVec b0r = TS.Add(a0r, tr), b0i = TS.Add(a0i, ti);
                    // b1 = m − i·d, b2 = m + i·d.
                    TVec b1r = TS.Add(mr, di), b1i = TS.Subtract(mi, dr);
                    TVec b2r = TS.Subtract(mr, di), b2i = TS.Add(mi, dr);
                    if (p != 0)
                    {
                        Twiddle<TS, TVec>(ref b1r, ref b1i, t);
                        Twiddle<TS, TVec>(ref b2r, ref b2i, t + 2);
                    }
                    nint o = (nint)(q + s * 3 * p) * w;
                    TS.Store(yr + o, b0r); TS.Store(yi + o, b0i);
                    TS.Store(yr + o + sw, b1r); TS.Store(yi + o + sw, b1i);
                    TS.Store(yr + o + 2 * sw, b2r); TS.Store(yi + o + 2 * sw, b2i);
                }
            }
        }

        private static unsafe void Radix5<TS, TVec>(T* xr, T* xi, T* yr, T* yi, int m, int s, int w, T* tw)
            where TS : unmanaged, IAttentionSimd<TVec, T>
            where TVec : unmanaged
        {
            nint sm = (nint)s * m * w, sw = (nint)s * w;
            TVec c1 = TS.Splat(T.CreateTruncating(0.30901699437494742410));  // cos 2π/5
            TVec c2 = TS.Splat(T.CreateTruncating(-0.80901699437494742410)); // cos 4π/5
            TVec s1 = TS.Splat(T.CreateTruncating(0.95105651629515357212));  // sin 2π/5
            TVec s2 = TS.Splat(T.CreateTruncating(0.58778525229247312917));  // sin 4π/5
            for (int p = 0; p < m; p++)
            {
                T* t = tw + 8 * p;
                for (int q = 0; q < s; q++)
                {
                    nint i = (nint)(q + s * p) * w;
                    TVec a0r = TS.Load(xr + i), a0i = TS.Load(xi + i);
                    TVec a1r = TS.Load(xr + i + sm), a1i = TS.Load(xi + i + sm);
                    TVec a2r = TS.Load(xr + i + 2 * sm), a2i = TS.Load(xi + i + 2 * sm);
                    TVec a3r = TS.Load(xr + i + 3 * sm), a3i = TS.Load(xi + i + 3 * sm);
                    TVec a4r = TS.Load(xr + i + 4 * sm), a4i = TS.Load(xi + i + 4 * sm);
                    TVec t1r = TS.Add(a1r, a4r), t1i = TS.Add(a1i, a4i);
                    TVec t2r = TS.Add(a2r, a3r), t2i = TS.Add(a2i, a3i);
                    TVec t3r = TS.Subtract(a1r, a4r), t3i = TS.Subtract(a1i, a4i);
                    TVec t4r = TS.Subtract(a2r, a3r), t4i = TS.Subtract(a2i, a3i);
                    TVec b0r = TS.Add(a0r, TS.Add(t1r, t2r)), b0i = TS.Add(a0i, TS.Add(t1i, t2i));
                    TVec m1r = TS.MulAdd(c2, t2r, TS.MulAdd(c1, t1r, a0r)), m1i = TS.MulAdd(c2, t2i, TS.MulAdd(c1, t1i, a0i));
                    TVec m2r = TS.MulAdd(c1, t2r, TS.MulAdd(c2, t1r, a0r)), m2i = TS.MulAdd(c1, t2i, TS.MulAdd(c2, t1i, a0i));
                    TVec n1r = TS.MulAdd(s2, t4r, TS.Multiply(s1, t3r)), n1i = TS.MulAdd(s2, t4i, TS.Multiply(s1, t3i));
                    TVec n2r = TS.Subtract(TS.Multiply(s2, t3r), TS.Multiply(s1, t4r));
                    TVec n2i = TS.Subtract(TS.Multiply(s2, t3i), TS.Multiply(s1, t4i));
                    // b1 = m1 − i·n1, b4 = m1 + i·n1, b2 = m2 − i·n2, b3 = m2 + i·n2.
                    TVec b1r = TS.Add(m1r, n1i), b1i = TS.Subtract(m1i, n1r);
                    TVec b4r = TS.Subtract(m1r, n1i), b4i = TS.Add(m1i, n1r);
                    TVec b2r = TS.Add(m2r, n2i), b2i = TS.Subtract(m2i, n2r);
                    TVec b3r = TS.Subtract(m2r, n2i), b3i = TS.Add(m2i, n2r);
                    if (p != 0)
                    {
                        Twiddle<TS, TVec>(ref b1r, ref b1i, t);
                        Twiddle<TS, TVec>(ref b2r, ref b2i, t + 2);
                        Twiddle<TS, TVec>(ref b3r, ref b3i, t + 4);
                        Twiddle<TS, TVec>(ref b4r, ref b4i, t + 6);
                    }
                    nint o = (nint)(q + s * 5 * p) * w;
                    TS.Store(yr + o, b0r); TS.Store(yi + o, b0i);
                    TS.Store(yr + o + sw, b1r); TS.Store(yi + o + sw, b1i);
                    TS.Store(yr + o + 2 * sw, b2r); TS.Store(yi + o + 2 * sw, b2i);
                    TS.Store(yr + o + 3 * sw, b3r); TS.Store(yi + o + 3 * sw, b3i);
                    TS.Store(yr + o + 4 * sw, b4r); TS.Store(yi + o + 4 * sw, b4i);
                }
            }
        }
    }
}
