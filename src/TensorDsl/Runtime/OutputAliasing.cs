using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// For generated code: detects an output that shares memory with an input (<c>MatMul(a, b, a)</c>), and provides the
    /// pooled temporary the kernel then writes instead, copied into the output afterwards — the result is the one the
    /// call would give with separate tensors, as NumPy gives it (docs/language.md, "Outputs that overlap inputs").
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class OutputAliasing
    {
        /// <summary>
        /// True when the memory <paramref name="output"/> spans (from its first to its last element) overlaps the memory
        /// <paramref name="input"/> spans. Views that interleave without sharing an element count as overlapping: the
        /// temporary is then an unneeded copy, never a wrong result.
        /// </summary>
        public static bool Overlaps<T>(scoped in TensorSpan<T> output, scoped in ReadOnlyTensorSpan<T> input)
        {
            if (output.IsEmpty || input.IsEmpty) return false;
            return Overlaps(ref output.GetPinnableReference(), Extent(output.Lengths, output.Strides),
                ref Unsafe.AsRef(in input.GetPinnableReference()), Extent(input.Lengths, input.Strides));
        }

        /// <summary>True when two outputs' memory overlaps (see the other overload).</summary>
        public static bool Overlaps<T>(scoped in TensorSpan<T> output, scoped in TensorSpan<T> other)
        {
            if (output.IsEmpty || other.IsEmpty) return false;
            return Overlaps(ref output.GetPinnableReference(), Extent(output.Lengths, output.Strides),
                ref other.GetPinnableReference(), Extent(other.Lengths, other.Strides));
        }

        /// <summary>A dense temporary of <paramref name="output"/>'s shape from the shared pool, holding a copy of the output's
        /// values when <paramref name="copyValues"/> (for a kernel that adds into its output).</summary>
        public static PooledOutput<T> Rent<T>(scoped in TensorSpan<T> output, bool copyValues)
        {
            var lengths = output.Lengths.ToArray();
            nint count = 1;
            foreach (nint l in lengths) count = checked(count * l);
            var array = ArrayPool<T>.Shared.Rent(checked((int)Math.Max(count, 1)));
            var result = new PooledOutput<T>(array, lengths);
            if (copyValues) StridedSpans.Copy(output, result.Span);
            return result;
        }

        // The largest element offset of a view: Σ (length − 1) · stride.
        private static nint Extent(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
        {
            nint extent = 0;
            for (int a = 0; a < lengths.Length; a++) extent += (lengths[a] - 1) * strides[a];
            return extent;
        }

        private static bool Overlaps<T>(ref T a, nint aExtent, ref T b, nint bExtent)
        {
            // Element distance from a's first element to b's: the two ranges [0, aExtent] and [d, d + bExtent] intersect.
            nint d = Unsafe.ByteOffset(ref a, ref b) / Unsafe.SizeOf<T>();
            return d <= aExtent && d + bExtent >= 0;
        }
    }

    /// <summary>A pooled dense temporary standing in for an output (see <see cref="OutputAliasing"/>); dispose it to return it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct PooledOutput<T> : IDisposable
    {
        private readonly T[] _array;
        private readonly nint[] _lengths;

        internal PooledOutput(T[] array, nint[] lengths)
        {
            _array = array;
            _lengths = lengths;
        }

        /// <summary>The temporary, dense row-major, with the output's shape.</summary>
        public TensorSpan<T> Span => new TensorSpan<T>(_array, _lengths);

        /// <summary>Copies the temporary into the output (any strides).</summary>
        public void CopyTo(scoped in TensorSpan<T> output) => StridedSpans.Copy(Span, output);

        /// <summary>Returns the array to the pool.</summary>
        public void Dispose() => ArrayPool<T>.Shared.Return(_array);
    }
}
