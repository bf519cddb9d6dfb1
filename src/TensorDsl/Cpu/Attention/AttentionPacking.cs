using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// Copies the operands of one attention call, once, into the contiguous, zero-padded layouts the micro-kernels
    /// read. Packing costs O(n·d) against the kernels' O(n²·d) or O(n³·d) and absorbs every stride (transposed views,
    /// broadcast rows), so the kernels only ever see unit-stride, vector-aligned rows and panels.
    /// </summary>
    internal static unsafe class AttentionPacking
    {
        /// <summary>
        /// Row layout: <c>dst[r · ld + c] = multiplier · src(r, c)</c> for r &lt; rows and c &lt; cols, and zero for
        /// c in [cols, ld) and for rows [rows, totalRows). Rows of queries and values; zero padding lets the kernels read
        /// whole vectors and whole 6-row tiles past the edges.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void PackRows<T>(T* dst, nint ld, nint totalRows, T* src, nint rows, nint cols, nint rowStride, nint colStride, T multiplier)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            for (nint r = 0; r < rows; r++)
            {
                T* d = dst + r * ld;
                T* s = src + r * rowStride;
                nint c = 0;
                if (colStride == 1 && Vector.IsHardwareAccelerated)
                {
                    var m = new Vector<T>(multiplier);
                    for (; c <= cols - Vector<T>.Count; c += Vector<T>.Count)
                    {
                        (Vector.Load(s + c) * m).Store(d + c);
                    }
                }
                for (; c < cols; c++)
                {
                    d[c] = s[c * colStride] * multiplier;
                }
                Clear(d + cols, ld - cols);
            }
            Clear(dst + rows * ld, (totalRows - rows) * ld);
        }

        /// <summary>
        /// Transposed key panels: <c>dst[p · depth · count + l · count + lane] = src(p · count + lane, l)</c> for
        /// p in [<paramref name="firstPanel"/>, <paramref name="endPanel"/>), l &lt; depth, lane &lt; count, zero where the
        /// key index is ≥ <paramref name="rows"/>. One panel is one vector of keys, so for each summed position l a score
        /// tile loads its keys as aligned vectors. A range of panels, so that threads can share the packing.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void PackPanels<T>(T* dst, nint firstPanel, nint endPanel, int count, T* src, nint rows, nint depth, nint rowStride, nint colStride)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            nint panelStride = depth * count;
            for (nint p = firstPanel; p < endPanel; p++)
            {
                T* panel = dst + p * panelStride;
                nint first = p * count;
                nint valid = Math.Clamp(rows - first, 0, count);
                if (valid < count)
                {
                    Clear(panel, panelStride);
                }
                for (nint lane = 0; lane < valid; lane++)
                {
                    // One key row at a time: reads along the key (unit stride for a row-major key matrix), writes with
                    // stride count, within one panel that stays in L1.
                    T* s = src + (first + lane) * rowStride;
                    T* d = panel + lane;
                    for (nint l = 0; l < depth; l++)
                    {
                        d[l * count] = s[l * colStride];
                    }
                }
            }
        }

        /// <summary>Zeroes <paramref name="length"/> elements (nothing if it is not positive).</summary>
        public static void Clear<T>(T* p, nint length)
            where T : unmanaged
        {
            if (length > 0)
            {
                NativeMemory.Clear(p, (nuint)length * (nuint)sizeof(T));
            }
        }
    }
}
