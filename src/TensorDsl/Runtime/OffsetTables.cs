using System;
using System.ComponentModel;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// Offset tables for a group of axes: entry p is the element offset of the p-th position of the group in
    /// row-major order (the last axis fastest). A GEMM step addresses A[m,k] as rows[m] + cols[k], which handles
    /// any grouping of axes and any strides without copying tensors.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class OffsetTables
    {
        /// <summary>Fills <paramref name="destination"/> (length = product of <paramref name="lengths"/>) with the offsets
        /// of every position of the axes with <paramref name="lengths"/> and <paramref name="strides"/>.</summary>
        public static void Fill(Span<nint> destination, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
        {
            if (lengths.Length != strides.Length) throw new ArgumentException("One stride per length is needed.", nameof(strides));
            nint count = 1;
            foreach (var l in lengths) count *= l;
            if (destination.Length < count) throw new ArgumentException($"The table needs {count} entries.", nameof(destination));
            if (count == 0) return;
            destination[0] = 0;
            // Expand axis by axis from the last: the table for axes [d..] is the table for [d+1..] repeated with offsets.
            nint filled = 1;
            for (int d = lengths.Length - 1; d >= 0; d--)
            {
                nint stride = strides[d];
                for (nint i = 1; i < lengths[d]; i++)
                {
                    var source = destination.Slice(0, (int)filled);
                    var target = destination.Slice((int)(i * filled), (int)filled);
                    nint shift = i * stride;
                    for (int p = 0; p < source.Length; p++) target[p] = source[p] + shift;
                }
                filled *= lengths[d];
            }
            // Positions were produced with the last axis fastest, which is row-major order.
        }
    }
}
