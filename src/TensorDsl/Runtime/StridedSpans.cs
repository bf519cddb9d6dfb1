using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// For generated code: clearing and copying tensor views of any strides at the speed of a span operation.
    /// <c>TensorSpan&lt;T&gt;.Clear</c> and <c>ReadOnlyTensorSpan&lt;T&gt;.CopyTo</c> walk every element
    /// through a general index odometer, about 100× slower than a contiguous clear (1.3 ms against 12 µs for 64³ floats,
    /// measured on this project's machine): a loop-nest einsum that zeroes its output spent most of its time there.
    /// These walk the rows of the last axis instead, as one span operation per row, and the whole view as one span
    /// when it is dense.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class StridedSpans
    {
        /// <summary>Sets every element of <paramref name="tensor"/> to zero.</summary>
        public static void Clear<T>(scoped in TensorSpan<T> tensor)
        {
            if (tensor.IsEmpty) return;
            ReadOnlySpan<nint> lengths = tensor.Lengths, strides = tensor.Strides;
            ref T origin = ref tensor.GetPinnableReference();
            int rank = lengths.Length;
            if (rank == 0 || IsDense(lengths, strides))
            {
                MemoryMarshal.CreateSpan(ref origin, checked((int)tensor.FlattenedLength)).Clear();
                return;
            }
            nint rowLength = lengths[rank - 1], rowStride = strides[rank - 1];
            Span<nint> index = stackalloc nint[rank];
            nint offset = 0;
            while (true)
            {
                ref T row = ref Unsafe.Add(ref origin, offset);
                if (rowStride == 1) MemoryMarshal.CreateSpan(ref row, checked((int)rowLength)).Clear();
                else for (nint j = 0; j < rowLength; j++) Unsafe.Add(ref row, j * rowStride) = default!;
                if (!Next(index, lengths, strides, ref offset)) return;
            }
        }

        /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/>, which has the same lengths.</summary>
        public static void Copy<T>(scoped in ReadOnlyTensorSpan<T> source, scoped in TensorSpan<T> destination)
        {
            ReadOnlySpan<nint> lengths = source.Lengths;
            if (!lengths.SequenceEqual(destination.Lengths))
            {
                throw new ArgumentException($"The destination's lengths [{string.Join(", ", destination.Lengths.ToArray())}] differ from the source's [{string.Join(", ", lengths.ToArray())}].", nameof(destination));
            }
            if (source.IsEmpty) return;
            ReadOnlySpan<nint> sStrides = source.Strides, dStrides = destination.Strides;
            ref T from = ref Unsafe.AsRef(in source.GetPinnableReference());
            ref T to = ref destination.GetPinnableReference();
            int rank = lengths.Length;
            if (rank == 0 || (IsDense(lengths, sStrides) && IsDense(lengths, dStrides)))
            {
                MemoryMarshal.CreateReadOnlySpan(ref from, checked((int)source.FlattenedLength)).CopyTo(MemoryMarshal.CreateSpan(ref to, checked((int)source.FlattenedLength)));
                return;
            }
            nint rowLength = lengths[rank - 1], sRow = sStrides[rank - 1], dRow = dStrides[rank - 1];
            Span<nint> index = stackalloc nint[rank];
            nint sOffset = 0, dOffset = 0;
            while (true)
            {
                ref T s = ref Unsafe.Add(ref from, sOffset);
                ref T d = ref Unsafe.Add(ref to, dOffset);
                if (sRow == 1 && dRow == 1) MemoryMarshal.CreateReadOnlySpan(ref s, checked((int)rowLength)).CopyTo(MemoryMarshal.CreateSpan(ref d, checked((int)rowLength)));
                else for (nint j = 0; j < rowLength; j++) Unsafe.Add(ref d, j * dRow) = Unsafe.Add(ref s, j * sRow);
                if (!Next(index, lengths, sStrides, dStrides, ref sOffset, ref dOffset)) return;
            }
        }

        // Row-major contiguous: each axis's stride is the product of the lengths after it (axes of length 1 may have any stride).
        private static bool IsDense(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
        {
            nint expected = 1;
            for (int a = lengths.Length - 1; a >= 0; a--)
            {
                if (lengths[a] != 1 && strides[a] != expected) return false;
                expected *= lengths[a];
            }
            return true;
        }

        // Advances the odometer over every axis but the last; false once it has wrapped.
        private static bool Next(Span<nint> index, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, ref nint offset)
        {
            for (int a = lengths.Length - 2; a >= 0; a--)
            {
                offset += strides[a];
                if (++index[a] < lengths[a]) return true;
                offset -= index[a] * strides[a];
                index[a] = 0;
            }
            return false;
        }

        private static bool Next(Span<nint> index, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> sStrides, ReadOnlySpan<nint> dStrides, ref nint sOffset, ref nint dOffset)
        {
            for (int a = lengths.Length - 2; a >= 0; a--)
            {
                sOffset += sStrides[a];
                dOffset += dStrides[a];
                if (++index[a] < lengths[a]) return true;
                sOffset -= index[a] * sStrides[a];
                dOffset -= index[a] * dStrides[a];
                index[a] = 0;
            }
            return false;
        }
    }
}
