using System;
using System.Numerics;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// Builds offset tables: entry p is <c>start</c> plus the element offset of the p-th position of a group of axes, in
    /// row-major order (the last axis fastest). GEMM steps address <c>A[m, k]</c> as <c>rows[m] + cols[k]</c>, which handles
    /// any grouping of axes and any strides without copying a tensor. The CPU GEMM (nint tables) and the tiled GPU GEMM
    /// (long tables with a tensor offset) both fill theirs here.
    /// </summary>
    internal static class OffsetTable
    {
        /// <summary>Fills <paramref name="table"/>, which must have exactly the product of <paramref name="lengths"/> entries.
        /// With no axes the table has one entry, <paramref name="start"/>.</summary>
        /// <exception cref="ArgumentException">A stride per length is missing, a length is negative, or the table has the wrong size.</exception>
        public static void Fill<T>(Span<T> table, T start, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
            where T : struct, IBinaryInteger<T>
        {
            if (lengths.Length != strides.Length)
            {
                throw new ArgumentException("lengths and strides must have the same number of axes.", nameof(strides));
            }
            long count = 1;
            foreach (nint length in lengths)
            {
                if (length < 0) throw new ArgumentOutOfRangeException(nameof(lengths), "Axis lengths must not be negative.");
                count *= length;
            }
            if (table.Length != count)
            {
                throw new ArgumentException($"The table has {table.Length} entries but the axes have {count} positions.", nameof(table));
            }
            if (count == 0) return;
            table[0] = start;
            // Axis by axis from the last: the table of axes [d..] is the table of [d+1..] repeated with growing offsets.
            int filled = 1;
            for (int d = lengths.Length - 1; d >= 0; d--)
            {
                var source = table.Slice(0, filled);
                for (int i = 1; i < lengths[d]; i++)
                {
                    var target = table.Slice(i * filled, filled);
                    T shift = T.CreateTruncating((long)i * strides[d]);
                    for (int p = 0; p < filled; p++) target[p] = source[p] + shift;
                }
                filled *= (int)lengths[d];
            }
        }
    }
}
