using System;
using System.Runtime.CompilerServices;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// A strided view of a matrix: element (r, c) is <c>Unsafe.Add(ref Start, r * RowStride + c * ColStride)</c>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <remarks>
    /// <para>Strides are in elements and may be anything, including zero (a broadcast row or column) or a row stride
    /// smaller than the column stride (a transposed, column-major view). Negative strides are accepted as well: the
    /// view only ever forms the address above, so the caller is responsible for every element it names lying in valid
    /// memory; nothing here can check that.</para>
    /// <para>A <c>ref struct</c> holding a managed reference, so a view of an array or a span keeps it alive and it can
    /// live only on the stack. The kernels pin <see cref="Start"/> for the duration of one call.</para>
    /// </remarks>
    public readonly ref struct MatrixView<T>
        where T : unmanaged
    {
        private readonly ref T _start;

        /// <summary>Creates a view of <paramref name="rows"/> × <paramref name="cols"/> elements.</summary>
        /// <param name="start">Element (0, 0).</param>
        /// <param name="rows">Number of rows (not negative).</param>
        /// <param name="cols">Number of columns (not negative).</param>
        /// <param name="rowStride">Distance in elements between (r, c) and (r + 1, c).</param>
        /// <param name="colStride">Distance in elements between (r, c) and (r, c + 1).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
        public MatrixView(ref T start, nint rows, nint cols, nint rowStride, nint colStride)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(rows);
            ArgumentOutOfRangeException.ThrowIfNegative(cols);
            _start = ref start;
            Rows = rows;
            Cols = cols;
            RowStride = rowStride;
            ColStride = colStride;
        }

        /// <summary>Element (0, 0); the other elements are addressed relative to it.</summary>
        public ref T Start => ref _start;

        /// <summary>Number of rows.</summary>
        public nint Rows { get; }

        /// <summary>Number of columns.</summary>
        public nint Cols { get; }

        /// <summary>Distance in elements between consecutive rows.</summary>
        public nint RowStride { get; }

        /// <summary>Distance in elements between consecutive columns.</summary>
        public nint ColStride { get; }

        /// <summary>Element (r, c), unchecked: the indices are not compared with the size.</summary>
        internal ref T this[nint r, nint c] => ref Unsafe.Add(ref _start, r * RowStride + c * ColStride);
    }
}
