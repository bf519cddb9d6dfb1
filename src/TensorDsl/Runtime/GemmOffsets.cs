using System;
using System.Buffers;
using System.ComponentModel;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// The nine offset tables of one GEMM step (batch, rows, columns and summed positions of A, B and C) in one buffer
    /// rented from the shared pool and returned by <see cref="Dispose"/>: generated code uses it with <c>using var</c>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ref struct GemmOffsets
    {
        private readonly nint[] _buffer;
        private readonly int _batch, _rows, _cols, _sum;

        /// <summary>Rents tables for <paramref name="batch"/> × <paramref name="rows"/> × <paramref name="cols"/> outputs summing <paramref name="sum"/> terms.</summary>
        public GemmOffsets(nint batch, nint rows, nint cols, nint sum)
        {
            _batch = checked((int)batch);
            _rows = checked((int)rows);
            _cols = checked((int)cols);
            _sum = checked((int)sum);
            _buffer = ArrayPool<nint>.Shared.Rent(checked(3 * _batch + 2 * _rows + 2 * _cols + 2 * _sum));
        }

        /// <summary>Batch count.</summary>
        public readonly int Batch => _batch;
        /// <summary>Rows (M).</summary>
        public readonly int Rows => _rows;
        /// <summary>Columns (N).</summary>
        public readonly int Columns => _cols;
        /// <summary>Summed length (K).</summary>
        public readonly int Sum => _sum;

        /// <summary>A's offset per batch position.</summary>
        public readonly Span<nint> ABatch => _buffer.AsSpan(0, _batch);
        /// <summary>B's offset per batch position.</summary>
        public readonly Span<nint> BBatch => _buffer.AsSpan(_batch, _batch);
        /// <summary>C's offset per batch position.</summary>
        public readonly Span<nint> CBatch => _buffer.AsSpan(2 * _batch, _batch);
        /// <summary>A's offset per row.</summary>
        public readonly Span<nint> ARows => _buffer.AsSpan(3 * _batch, _rows);
        /// <summary>C's offset per row.</summary>
        public readonly Span<nint> CRows => _buffer.AsSpan(3 * _batch + _rows, _rows);
        /// <summary>B's offset per column.</summary>
        public readonly Span<nint> BColumns => _buffer.AsSpan(3 * _batch + 2 * _rows, _cols);
        /// <summary>C's offset per column.</summary>
        public readonly Span<nint> CColumns => _buffer.AsSpan(3 * _batch + 2 * _rows + _cols, _cols);
        /// <summary>A's offset per summed position.</summary>
        public readonly Span<nint> ASum => _buffer.AsSpan(3 * _batch + 2 * _rows + 2 * _cols, _sum);
        /// <summary>B's offset per summed position.</summary>
        public readonly Span<nint> BSum => _buffer.AsSpan(3 * _batch + 2 * _rows + 2 * _cols + _sum, _sum);

        /// <summary>Returns the buffer to the pool.</summary>
        public readonly void Dispose() => ArrayPool<nint>.Shared.Return(_buffer);
    }
}
