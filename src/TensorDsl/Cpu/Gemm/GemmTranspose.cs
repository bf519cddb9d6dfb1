using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// Packs a B panel whose columns are contiguous in memory (B transposed: column c's summed positions are adjacent),
    /// by loading 16 (float) or 8 (double) columns as vectors and transposing them in registers with AVX-512 unpack and
    /// 128-bit-lane shuffles. Element by element this costs a load and a store each; the in-register transpose moves a
    /// whole vector per store, which matters when K is small (attention scores: K = 64), where packing is a visible share.
    /// </summary>
    internal static unsafe class GemmTranspose
    {
        public static bool IsSupported<T>()
            => Avx512F.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

        /// <summary>
        /// Writes <c>dst[p * stride + c] = src[cols[c] + p]</c> for c &lt; valid, and zero for valid ≤ c &lt; width,
        /// for p &lt; length: each source column (contiguous along p) becomes a destination column.
        /// </summary>
        public static void PackColumns<T>(T* dst, nint stride, T* src, nint* cols, int valid, int width, int length)
            where T : unmanaged, INumber<T>
        {
            if (typeof(T) == typeof(float))
            {
                PackColumns32((float*)dst, stride, (float*)src, cols, valid, width, length);
            }
            else if (typeof(T) == typeof(double))
            {
                PackColumns64((double*)dst, stride, (double*)src, cols, valid, width, length);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        [SkipLocalsInit]
        private static void PackColumns32(float* dst, nint stride, float* src, nint* cols, int valid, int width, int length)
        {
            float** s = stackalloc float*[16];
            int cb = 0;
            for (; cb <= width - 16; cb += 16)
            {
                int n = System.Math.Min(16, valid - cb);
                for (int i = 0; i < 16; i++)
                {
                    s[i] = i < n ? src + cols[cb + i] : null;
                }
                float* d = dst + cb;
                int p = 0;
                for (; p <= length - 16; p += 16)
                {
                    Transpose16(s, n, p, d + p * stride, stride);
                }
                for (; p < length; p++)
                {
                    for (int i = 0; i < 16; i++)
                    {
                        d[p * stride + i] = i < n ? s[i][p] : 0f;
                    }
                }
            }
            // Left-over columns when the width is not a multiple of 16 (a Vector256 kernel's panel, an A block's K).
            ScalarColumns(dst, stride, src, cols, cb, valid, width, length);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Column(float** s, int i, int n, int p)
            => i < n ? Vector512.Load(s[i] + p) : Vector512<float>.Zero;

        /// <summary>16 columns × 16 positions: 16 loads, 64 shuffles, 16 stores. (Too many locals for the JIT to inline it,
        /// so it is compiled fully optimized up front instead of starting at tier 0.)</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Transpose16(float** s, int n, int p, float* d, nint stride)
        {
            Vector512<float> r0 = Column(s, 0, n, p), r1 = Column(s, 1, n, p), r2 = Column(s, 2, n, p), r3 = Column(s, 3, n, p);
            Vector512<float> r4 = Column(s, 4, n, p), r5 = Column(s, 5, n, p), r6 = Column(s, 6, n, p), r7 = Column(s, 7, n, p);
            Vector512<float> r8 = Column(s, 8, n, p), r9 = Column(s, 9, n, p), r10 = Column(s, 10, n, p), r11 = Column(s, 11, n, p);
            Vector512<float> r12 = Column(s, 12, n, p), r13 = Column(s, 13, n, p), r14 = Column(s, 14, n, p), r15 = Column(s, 15, n, p);

            // Pairs of columns interleaved within each 128-bit lane.
            Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
            Vector512<float> t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
            Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5);
            Vector512<float> t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
            Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9);
            Vector512<float> t10 = Avx512F.UnpackLow(r10, r11), t11 = Avx512F.UnpackHigh(r10, r11);
            Vector512<float> t12 = Avx512F.UnpackLow(r12, r13), t13 = Avx512F.UnpackHigh(r12, r13);
            Vector512<float> t14 = Avx512F.UnpackLow(r14, r15), t15 = Avx512F.UnpackHigh(r14, r15);

            // Groups of four columns: u[4g + q] holds, in lane L, element 4L + q of columns 4g..4g+3.
            Vector512<float> u0 = Lo(t0, t2), u1 = Hi(t0, t2), u2 = Lo(t1, t3), u3 = Hi(t1, t3);
            Vector512<float> u4 = Lo(t4, t6), u5 = Hi(t4, t6), u6 = Lo(t5, t7), u7 = Hi(t5, t7);
            Vector512<float> u8 = Lo(t8, t10), u9 = Hi(t8, t10), u10 = Lo(t9, t11), u11 = Hi(t9, t11);
            Vector512<float> u12 = Lo(t12, t14), u13 = Hi(t12, t14), u14 = Lo(t13, t15), u15 = Hi(t13, t15);

            // Lane shuffles gather the four lanes that hold one summed position.
            Lanes(u0, u4, u8, u12, d, stride, 0);
            Lanes(u1, u5, u9, u13, d, stride, 1);
            Lanes(u2, u6, u10, u14, d, stride, 2);
            Lanes(u3, u7, u11, u15, d, stride, 3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Lo(Vector512<float> x, Vector512<float> y)
            => Avx512F.UnpackLow(x.AsDouble(), y.AsDouble()).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Hi(Vector512<float> x, Vector512<float> y)
            => Avx512F.UnpackHigh(x.AsDouble(), y.AsDouble()).AsSingle();

        /// <summary>Rows q, 4 + q, 8 + q, 12 + q of the transposed block, from the four column groups.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Lanes(Vector512<float> g0, Vector512<float> g1, Vector512<float> g2, Vector512<float> g3, float* d, nint stride, int q)
        {
            Vector512<float> v0 = Avx512F.Shuffle4x128(g0, g1, 0x88), v1 = Avx512F.Shuffle4x128(g0, g1, 0xDD);
            Vector512<float> v2 = Avx512F.Shuffle4x128(g2, g3, 0x88), v3 = Avx512F.Shuffle4x128(g2, g3, 0xDD);
            Avx512F.Shuffle4x128(v0, v2, 0x88).Store(d + q * stride);
            Avx512F.Shuffle4x128(v1, v3, 0x88).Store(d + (4 + q) * stride);
            Avx512F.Shuffle4x128(v0, v2, 0xDD).Store(d + (8 + q) * stride);
            Avx512F.Shuffle4x128(v1, v3, 0xDD).Store(d + (12 + q) * stride);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        [SkipLocalsInit]
        private static void PackColumns64(double* dst, nint stride, double* src, nint* cols, int valid, int width, int length)
        {
            double** s = stackalloc double*[8];
            int cb = 0;
            for (; cb <= width - 8; cb += 8)
            {
                int n = System.Math.Min(8, valid - cb);
                for (int i = 0; i < 8; i++)
                {
                    s[i] = i < n ? src + cols[cb + i] : null;
                }
                double* d = dst + cb;
                int p = 0;
                for (; p <= length - 8; p += 8)
                {
                    Transpose8(s, n, p, d + p * stride, stride);
                }
                for (; p < length; p++)
                {
                    for (int i = 0; i < 8; i++)
                    {
                        d[p * stride + i] = i < n ? s[i][p] : 0d;
                    }
                }
            }
            ScalarColumns(dst, stride, src, cols, cb, valid, width, length);
        }

        /// <summary>Columns <c>[from, width)</c> one element at a time (zero beyond <paramref name="valid"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ScalarColumns<T>(T* dst, nint stride, T* src, nint* cols, int from, int valid, int width, int length)
            where T : unmanaged
        {
            for (int c = from; c < width; c++)
            {
                T* column = c < valid ? src + cols[c] : null;
                for (int p = 0; p < length; p++)
                {
                    dst[p * stride + c] = column != null ? column[p] : default;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Column(double** s, int i, int n, int p)
            => i < n ? Vector512.Load(s[i] + p) : Vector512<double>.Zero;

        /// <summary>8 columns × 8 positions: 8 loads, 24 shuffles, 8 stores.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Transpose8(double** s, int n, int p, double* d, nint stride)
        {
            Vector512<double> r0 = Column(s, 0, n, p), r1 = Column(s, 1, n, p), r2 = Column(s, 2, n, p), r3 = Column(s, 3, n, p);
            Vector512<double> r4 = Column(s, 4, n, p), r5 = Column(s, 5, n, p), r6 = Column(s, 6, n, p), r7 = Column(s, 7, n, p);

            // t[2g + q] holds, in lane L, element 2L + q of columns 2g and 2g + 1.
            Vector512<double> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
            Vector512<double> t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
            Vector512<double> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5);
            Vector512<double> t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);

            Lanes(t0, t2, t4, t6, d, stride, 0);
            Lanes(t1, t3, t5, t7, d, stride, 1);
        }

        /// <summary>Rows q, 2 + q, 4 + q, 6 + q of the transposed block.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Lanes(Vector512<double> g0, Vector512<double> g1, Vector512<double> g2, Vector512<double> g3, double* d, nint stride, int q)
        {
            Vector512<double> v0 = Avx512F.Shuffle4x128(g0, g1, 0x88), v1 = Avx512F.Shuffle4x128(g0, g1, 0xDD);
            Vector512<double> v2 = Avx512F.Shuffle4x128(g2, g3, 0x88), v3 = Avx512F.Shuffle4x128(g2, g3, 0xDD);
            Avx512F.Shuffle4x128(v0, v2, 0x88).Store(d + q * stride);
            Avx512F.Shuffle4x128(v0, v2, 0xDD).Store(d + (4 + q) * stride);
            Avx512F.Shuffle4x128(v1, v3, 0x88).Store(d + (2 + q) * stride);
            Avx512F.Shuffle4x128(v1, v3, 0xDD).Store(d + (6 + q) * stride);
        }
    }
}
