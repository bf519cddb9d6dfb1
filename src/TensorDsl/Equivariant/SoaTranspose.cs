using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorDsl.Equivariant
{
    /// <summary>
    /// Rows ↔ structure of arrays for one block of 8 double (16 float) rows with AVX-512: tiles of 8×8 doubles (16×16 floats)
    /// are transposed in registers (unpacks and two-source permutes), so a tile costs 8 (16) vector loads and stores instead of
    /// 64 (256) scalar ones. Used for full blocks whose coefficients are contiguous; the callers fall back to scalar code
    /// otherwise.
    /// </summary>
    internal static unsafe class SoaTranspose
    {
        public static bool IsSupported => Avx512F.IsSupported;

        /// <summary>dst[i·8 + r] = rows[r][i] for r = 0..7, i = 0..length−1; rows[r] = src + offsets[r].</summary>
        public static void Gather(double* src, nint* offsets, int length, double* dst)
        {
            double* r0 = src + offsets[0], r1 = src + offsets[1], r2 = src + offsets[2], r3 = src + offsets[3];
            double* r4 = src + offsets[4], r5 = src + offsets[5], r6 = src + offsets[6], r7 = src + offsets[7];
            int i = 0;
            for (; i + 8 <= length; i += 8)
            {
                Transpose8(
                    Vector512.Load(r0 + i), Vector512.Load(r1 + i), Vector512.Load(r2 + i), Vector512.Load(r3 + i),
                    Vector512.Load(r4 + i), Vector512.Load(r5 + i), Vector512.Load(r6 + i), Vector512.Load(r7 + i),
                    dst + (nint)i * 8, 8);
            }
            for (; i < length; i++)
            {
                double* d = dst + (nint)i * 8;
                d[0] = r0[i]; d[1] = r1[i]; d[2] = r2[i]; d[3] = r3[i]; d[4] = r4[i]; d[5] = r5[i]; d[6] = r6[i]; d[7] = r7[i];
            }
        }

        /// <summary>rows[r][i] = src[i·8 + r] for r = 0..7, i = 0..length−1; rows[r] = dst + offsets[r].</summary>
        public static void Scatter(double* src, nint* offsets, int length, double* dst)
        {
            double* r0 = dst + offsets[0], r1 = dst + offsets[1], r2 = dst + offsets[2], r3 = dst + offsets[3];
            double* r4 = dst + offsets[4], r5 = dst + offsets[5], r6 = dst + offsets[6], r7 = dst + offsets[7];
            double* t = stackalloc double[64];
            int i = 0;
            for (; i + 8 <= length; i += 8)
            {
                double* s = src + (nint)i * 8;
                Transpose8(
                    Vector512.Load(s), Vector512.Load(s + 8), Vector512.Load(s + 16), Vector512.Load(s + 24),
                    Vector512.Load(s + 32), Vector512.Load(s + 40), Vector512.Load(s + 48), Vector512.Load(s + 56), t, 8);
                Vector512.Load(t).Store(r0 + i); Vector512.Load(t + 8).Store(r1 + i);
                Vector512.Load(t + 16).Store(r2 + i); Vector512.Load(t + 24).Store(r3 + i);
                Vector512.Load(t + 32).Store(r4 + i); Vector512.Load(t + 40).Store(r5 + i);
                Vector512.Load(t + 48).Store(r6 + i); Vector512.Load(t + 56).Store(r7 + i);
            }
            for (; i < length; i++)
            {
                double* s = src + (nint)i * 8;
                r0[i] = s[0]; r1[i] = s[1]; r2[i] = s[2]; r3[i] = s[3]; r4[i] = s[4]; r5[i] = s[5]; r6[i] = s[6]; r7[i] = s[7];
            }
        }

        /// <summary>dst[i·16 + r] = rows[r][i] for r = 0..15; rows[r] = src + offsets[r].</summary>
        public static void Gather(float* src, nint* offsets, int length, float* dst)
        {
            float** rows = stackalloc float*[16];
            for (int r = 0; r < 16; r++) rows[r] = src + offsets[r];
            int i = 0;
            for (; i + 16 <= length; i += 16)
            {
                Transpose16(rows, i, dst + (nint)i * 16);
            }
            for (; i < length; i++)
            {
                float* d = dst + (nint)i * 16;
                for (int r = 0; r < 16; r++) d[r] = rows[r][i];
            }
        }

        /// <summary>rows[r][i] = src[i·16 + r] for r = 0..15; rows[r] = dst + offsets[r].</summary>
        public static void Scatter(float* src, nint* offsets, int length, float* dst)
        {
            float* t = stackalloc float[256];
            float** source = stackalloc float*[16];
            int i = 0;
            for (; i + 16 <= length; i += 16)
            {
                // The tile of src is 16 rows (coefficients) of 16 lanes; its transpose has one row per output row.
                for (int c = 0; c < 16; c++) source[c] = src + (nint)(i + c) * 16;
                Transpose16(source, 0, t);
                for (int r = 0; r < 16; r++) Vector512.Load(t + 16 * r).Store(dst + offsets[r] + i);
            }
            for (; i < length; i++)
            {
                float* s = src + (nint)i * 16;
                for (int r = 0; r < 16; r++) dst[offsets[r] + i] = s[r];
            }
        }

        /// <summary>
        /// The transpose of the 8×8 tile with rows a..h, written as 8 rows of 8 at <paramref name="dst"/> (row stride
        /// <paramref name="stride"/>): unpacks pair rows, then two rounds of two-source permutes gather the 128- and 256-bit parts.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose8(Vector512<double> a, Vector512<double> b, Vector512<double> c, Vector512<double> d,
            Vector512<double> e, Vector512<double> f, Vector512<double> g, Vector512<double> h, double* dst, int stride)
        {
            // t: (a0 b0 a2 b2 a4 b4 a6 b6), (a1 b1 a3 b3 …), …
            var t0 = Avx512F.UnpackLow(a, b); var t1 = Avx512F.UnpackHigh(a, b);
            var t2 = Avx512F.UnpackLow(c, d); var t3 = Avx512F.UnpackHigh(c, d);
            var t4 = Avx512F.UnpackLow(e, f); var t5 = Avx512F.UnpackHigh(e, f);
            var t6 = Avx512F.UnpackLow(g, h); var t7 = Avx512F.UnpackHigh(g, h);
            var lo = Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13);
            var hi = Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15);
            // u: (a0 b0 c0 d0 a4 b4 c4 d4), …
            var u0 = Avx512F.PermuteVar8x64x2(t0, lo, t2); var u2 = Avx512F.PermuteVar8x64x2(t0, hi, t2);
            var u1 = Avx512F.PermuteVar8x64x2(t1, lo, t3); var u3 = Avx512F.PermuteVar8x64x2(t1, hi, t3);
            var u4 = Avx512F.PermuteVar8x64x2(t4, lo, t6); var u6 = Avx512F.PermuteVar8x64x2(t4, hi, t6);
            var u5 = Avx512F.PermuteVar8x64x2(t5, lo, t7); var u7 = Avx512F.PermuteVar8x64x2(t5, hi, t7);
            var first = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11);
            var second = Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15);
            Avx512F.PermuteVar8x64x2(u0, first, u4).Store(dst);
            Avx512F.PermuteVar8x64x2(u1, first, u5).Store(dst + stride);
            Avx512F.PermuteVar8x64x2(u2, first, u6).Store(dst + 2 * stride);
            Avx512F.PermuteVar8x64x2(u3, first, u7).Store(dst + 3 * stride);
            Avx512F.PermuteVar8x64x2(u0, second, u4).Store(dst + 4 * stride);
            Avx512F.PermuteVar8x64x2(u1, second, u5).Store(dst + 5 * stride);
            Avx512F.PermuteVar8x64x2(u2, second, u6).Store(dst + 6 * stride);
            Avx512F.PermuteVar8x64x2(u3, second, u7).Store(dst + 7 * stride);
        }

        /// <summary>
        /// The transpose of the 16×16 tile whose row r is the 16 floats at rows[r] + offset, written as 16 rows of 16 at
        /// <paramref name="dst"/>: 32-bit unpacks, 64-bit unpacks, then two rounds of 128-bit lane shuffles.
        /// </summary>
        private static void Transpose16(float** rows, int offset, float* dst)
        {
            var v = stackalloc Vector512<float>[16];
            // Per group of four rows: after two rounds of unpacks, lane k of w[j] holds (row0..row3)[4k + j].
            for (int g = 0; g < 4; g++)
            {
                var a = Vector512.Load(rows[4 * g] + offset);
                var b = Vector512.Load(rows[4 * g + 1] + offset);
                var c = Vector512.Load(rows[4 * g + 2] + offset);
                var d = Vector512.Load(rows[4 * g + 3] + offset);
                var abLo = Avx512F.UnpackLow(a, b).AsDouble(); var abHi = Avx512F.UnpackHigh(a, b).AsDouble();
                var cdLo = Avx512F.UnpackLow(c, d).AsDouble(); var cdHi = Avx512F.UnpackHigh(c, d).AsDouble();
                v[4 * g] = Avx512F.UnpackLow(abLo, cdLo).AsSingle();
                v[4 * g + 1] = Avx512F.UnpackHigh(abLo, cdLo).AsSingle();
                v[4 * g + 2] = Avx512F.UnpackLow(abHi, cdHi).AsSingle();
                v[4 * g + 3] = Avx512F.UnpackHigh(abHi, cdHi).AsSingle();
            }
            for (int j = 0; j < 4; j++)
            {
                // s0 = [g0.l0, g0.l1, g1.l0, g1.l1], s1 = [g0.l2, g0.l3, g1.l2, g1.l3], s2/s3 likewise for groups 2, 3.
                var s0 = Avx512F.Shuffle4x128(v[j], v[4 + j], 0x44);
                var s1 = Avx512F.Shuffle4x128(v[j], v[4 + j], 0xEE);
                var s2 = Avx512F.Shuffle4x128(v[8 + j], v[12 + j], 0x44);
                var s3 = Avx512F.Shuffle4x128(v[8 + j], v[12 + j], 0xEE);
                // Column 4k + j = [g0.lk, g1.lk, g2.lk, g3.lk].
                Avx512F.Shuffle4x128(s0, s2, 0x88).Store(dst + 16 * j);
                Avx512F.Shuffle4x128(s0, s2, 0xDD).Store(dst + 16 * (4 + j));
                Avx512F.Shuffle4x128(s1, s3, 0x88).Store(dst + 16 * (8 + j));
                Avx512F.Shuffle4x128(s1, s3, 0xDD).Store(dst + 16 * (12 + j));
            }
        }
    }
}
