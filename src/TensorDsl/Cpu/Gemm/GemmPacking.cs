using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// Copies blocks of A and B into the contiguous micro-panel layouts the micro-kernels read (see
    /// <see cref="IMicroKernel{T}"/>). Packing is where every index grouping and stride is absorbed: the offset tables are
    /// read here once per element, so the kernels only ever see unit-stride, aligned, zero-padded panels.
    /// </summary>
    /// <remarks>
    /// Fast paths: a contiguous row of A (the usual row-major case) or of B is a vector copy; B with contiguous columns
    /// (a transposed B, as in <c>bhqd,bhkd-&gt;bhqk</c>) goes through in-register 16 × 16 (float) or 8 × 8 (double)
    /// transposes on AVX-512. Everything else reads through the tables element by element.
    /// </remarks>
    internal static unsafe class GemmPacking
    {
        /// <summary>
        /// Packs rows <c>[0, mc)</c> × summed positions <c>[0, kc)</c> of A (already offset to the block) into micro-panels
        /// of <paramref name="mr"/> rows, from panel <paramref name="from"/> on (the panels before it are read in place).
        /// Panel i starts at <c>dst + i * mr * kc</c> and holds its rows one after another, each <c>kc</c> long, so the
        /// whole packed block is simply row-major with leading dimension kc; rows past mc are zero.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void PackA<T>(T* dst, T* data, nint* rows, nint* cols, bool rowsUnit, bool colsUnit, int mc, int kc, int mr, int from)
            where T : unmanaged, INumber<T>
        {
            int r0 = from * mr;
            int r1 = mc;
            int to = (mc + mr - 1) / mr;
            if (r0 >= r1)
            {
                return;
            }
            if (!colsUnit && rowsUnit && GemmTranspose.IsSupported<T>())
            {
                // A transposed (rows adjacent in memory): each summed position is a contiguous source column.
                GemmTranspose.PackColumns(dst + (nint)r0 * kc, kc, data + rows[r0], cols, kc, kc, r1 - r0);
            }
            else if (!colsUnit && rowsUnit)
            {
                for (int panel = from; panel < to; panel++)
                {
                    int first = panel * mr;
                    int valid = System.Math.Min(mr, mc - first);
                    T* d = dst + (nint)first * kc;
                    T* src = data + rows[first];
                    for (int p = 0; p < kc; p++)
                    {
                        T* s = src + cols[p];
                        for (int r = 0; r < valid; r++)
                        {
                            d[(nint)r * kc + p] = s[r];
                        }
                    }
                }
            }
            else
            {
                for (int r = r0; r < r1; r++)
                {
                    T* d = dst + (nint)r * kc;
                    T* src = data + rows[r];
                    if (colsUnit)
                    {
                        Copy(src + cols[0], d, kc);
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++)
                        {
                            d[p] = src[cols[p]];
                        }
                    }
                }
            }
            // Padding rows of the last panel are never stored to C; zeros keep their arithmetic harmless.
            Clear(dst + (nint)r1 * kc, (nint)(System.Math.Max(to * mr, r1) - r1) * kc);
        }

        /// <summary>
        /// Packs summed positions <c>[0, kc)</c> × columns <c>[0, nc)</c> of B (already offset to the block) into micro-panels
        /// of <paramref name="nr"/> columns. Panel j starts at
        /// <c>dst + j * nr * kc</c> and holds <c>kc</c> rows of <c>width</c> elements, where width is nr, or for the last
        /// panel the valid columns rounded up to <paramref name="nrStep"/>, zero-padded.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void PackB<T>(T* dst, T* data, nint* rows, nint* cols, bool rowsUnit, bool colsUnit, int kc, int nc, int nr, int nrStep)
            where T : unmanaged, INumber<T>
        {
            int panels = (nc + nr - 1) / nr;
            for (int panel = 0; panel < panels; panel++)
            {
                T* d = dst + (nint)panel * nr * kc;
                int c0 = panel * nr;
                int valid = System.Math.Min(nr, nc - c0);
                int width = PanelWidth(valid, nrStep);
                nint* pc = cols + c0;
                if (colsUnit)
                {
                    T* src = data + pc[0];
                    for (int p = 0; p < kc; p++, d += width)
                    {
                        Copy(src + rows[p], d, valid);
                        Clear(d + valid, width - valid);
                    }
                }
                else if (rowsUnit && GemmTranspose.IsSupported<T>())
                {
                    GemmTranspose.PackColumns(d, width, data + rows[0], pc, valid, width, kc);
                }
                else if (rowsUnit)
                {
                    // Transposed B without AVX-512: read each column contiguously, write it strided into the panel.
                    T* src0 = data + rows[0];
                    for (int c = 0; c < valid; c++)
                    {
                        T* src = src0 + pc[c];
                        T* dc = d + c;
                        for (int p = 0; p < kc; p++)
                        {
                            dc[(nint)p * width] = src[p];
                        }
                    }
                    ClearColumns(d, valid, width, kc);
                }
                else
                {
                    for (int p = 0; p < kc; p++, d += width)
                    {
                        T* src = data + rows[p];
                        for (int c = 0; c < valid; c++)
                        {
                            d[c] = src[pc[c]];
                        }
                        Clear(d + valid, width - valid);
                    }
                }
            }
        }

        /// <summary>Width of a packed B panel holding <paramref name="valid"/> columns.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int PanelWidth(int valid, int nrStep) => (valid + nrStep - 1) / nrStep * nrStep;

        /// <summary>Copies <paramref name="count"/> contiguous elements with the widest vectors available.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Copy<T>(T* src, T* dst, int count)
            where T : unmanaged
        {
            nint i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                int n = Vector512<T>.Count;
                for (; i <= count - 2 * n; i += 2 * n)
                {
                    Vector512<T> x0 = Vector512.Load(src + i);
                    Vector512<T> x1 = Vector512.Load(src + i + n);
                    x0.Store(dst + i);
                    x1.Store(dst + i + n);
                }
                for (; i <= count - n; i += n)
                {
                    Vector512.Load(src + i).Store(dst + i);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                int n = Vector256<T>.Count;
                for (; i <= count - n; i += n)
                {
                    Vector256.Load(src + i).Store(dst + i);
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                int n = Vector128<T>.Count;
                for (; i <= count - n; i += n)
                {
                    Vector128.Load(src + i).Store(dst + i);
                }
            }
            for (; i < count; i++)
            {
                dst[i] = src[i];
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Clear<T>(T* dst, nint count)
            where T : unmanaged
        {
            for (nint i = 0; i < count; i++)
            {
                dst[i] = default;
            }
        }

        /// <summary>Zeroes columns <c>[valid, width)</c> of every row of a packed B panel.</summary>
        private static void ClearColumns<T>(T* d, int valid, int width, int kc)
            where T : unmanaged
        {
            if (valid == width)
            {
                return;
            }
            for (int p = 0; p < kc; p++)
            {
                Clear(d + (nint)p * width + valid, width - valid);
            }
        }
    }
}
