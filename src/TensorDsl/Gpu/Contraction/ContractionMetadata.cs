using System;
using System.Buffers;
using ILGPU;
using ILGPU.Runtime;
using TensorDsl.Runtime;

namespace TensorDsl.Gpu.Contraction
{
    /// <summary>Which kernel of <see cref="ContractionKernels"/> runs one pairwise contraction.</summary>
    internal enum ContractionKernel
    {
        /// <summary>The tiled, shared-memory matrix product (a group per 64 × 64 tile of C).</summary>
        Tiled,
        /// <summary>One thread per element of C, looping over the summed positions.</summary>
        PerElement,
        /// <summary>One group per element of C, its threads sharing the summed positions and adding up in shared memory.</summary>
        Reduction,
    }

    /// <summary>
    /// The metadata of one call of a pairwise contraction kernel: a header, then offset tables for the batch, row, column
    /// and summed index groups of A, B and C, so that every kernel addresses <c>A[b, m, k]</c> as
    /// <c>aBatch[b] + aRows[m] + aSum[k]</c> whatever the grouping of axes and the strides. The host buffer is rented from
    /// the shared pool and returned by <see cref="Dispose"/>; <see cref="TensorDevice.Launch"/> copies it to the device.
    /// </summary>
    /// <remarks>
    /// <para>Layout (all <see cref="long"/>):</para>
    /// <list type="table">
    /// <item><term>0–3</term><description>batch count, rows (M), columns (N), summed length (K).</description></item>
    /// <item><term>4–7</term><description>the tiled kernel's row tiles, column tiles, tiles in all, and log2 of the tile side.</description></item>
    /// <item><term>8</term><description>flags: <see cref="ARowsFast"/>, <see cref="BColumnsFast"/>, <see cref="Accumulate"/>, <see cref="HasB"/>.</description></item>
    /// <item><term>9</term><description>the per-element kernel's thread count (its grid-stride).</description></item>
    /// <item><term>10–11</term><description>A's and B's stride along the summed positions when their offsets are one stride
    /// apart (a dense or sliced group: the per-element kernel then steps a pointer instead of reading two tables per term),
    /// else <see cref="NotAffine"/>.</description></item>
    /// <item><term>12…</term><description>the tables, in this order: A, B and C per batch position (each including the
    /// tensor's offset), A and C per row, B and C per column, A and B per summed position.</description></item>
    /// </list>
    /// </remarks>
    internal ref struct ContractionMetadata
    {
        /// <summary>Each thread of the tiled kernel accumulates a <see cref="RegisterBlock"/> × <see cref="RegisterBlock"/> block of C.</summary>
        public const int RegisterBlock = 4;

        /// <summary>The summed positions the tiled kernel copies into shared memory per step.</summary>
        public const int TileK = 16;

        /// <summary>The largest group side of the tiled kernel: 16 × 16 threads own a 64 × 64 tile of C.</summary>
        public const int MaxGroupSide = 16;

        /// <summary>The row length of a shared tile: the largest tile side plus one word of padding, so that threads that
        /// store a column of a tile (a transposed operand) hit different shared-memory banks.</summary>
        public const int SharedRowLength = MaxGroupSide * RegisterBlock + 1;

        /// <summary>One thread of the per-element kernel computes a block of this many rows and columns of C.</summary>
        public const int BlockSide = 4;

        /// <summary>The reduction kernel's largest group (its shared array's length).</summary>
        public const int MaxReductionGroup = 256;

        /// <summary>Number of header entries before the offset tables.</summary>
        public const int HeaderLength = 12;

        /// <summary>In the header's summed strides: the operand's summed offsets are not one stride apart (read its table).</summary>
        public const long NotAffine = long.MinValue;

        /// <summary>Flag: A's smallest stride is along a row index (its copies into shared memory go along rows).</summary>
        public const long ARowsFast = 1;

        /// <summary>Flag: B's smallest stride is along a column index.</summary>
        public const long BColumnsFast = 2;

        /// <summary>Flag: add into C instead of overwriting it.</summary>
        public const long Accumulate = 4;

        /// <summary>Flag: the step has a second operand (else B is 1 everywhere).</summary>
        public const long HasB = 8;

        // Tests set this on their own thread to make every contraction take the per-element kernel.
        [ThreadStatic]
        internal static bool ForcePerElementOnThisThread;

        private readonly long[] _buffer;
        private readonly int _length, _batch, _rows, _columns, _sum;

        /// <summary>Rents the metadata of a contraction with the given group sizes and writes the header but the flags.</summary>
        /// <exception cref="NotSupportedException">A group has more than 2^31 − 129 positions (its tables would not fit the kernels' int arithmetic).</exception>
        public ContractionMetadata(long batch, long rows, long columns, long sum)
        {
            const long maxGroup = int.MaxValue - 2 * MaxGroupSide * RegisterBlock;
            if (rows > maxGroup || columns > maxGroup || sum > maxGroup || batch > maxGroup)
            {
                throw new NotSupportedException($"A GPU contraction step has an index group of more than {maxGroup} positions (batch {batch}, rows {rows}, columns {columns}, summed {sum}).");
            }
            long length = HeaderLength + 3 * batch + 2 * rows + 2 * columns + 2 * sum;
            if (length > Array.MaxLength) throw new NotSupportedException($"The offset tables of a GPU contraction step would need {length} entries.");
            _length = (int)length;
            (_batch, _rows, _columns, _sum) = ((int)batch, (int)rows, (int)columns, (int)sum);
            _buffer = ArrayPool<long>.Shared.Rent(_length);
            var header = _buffer.AsSpan(0, HeaderLength);
            header.Clear();
            header[0] = batch;
            header[1] = rows;
            header[2] = columns;
            header[3] = sum;
        }

        /// <summary>The header and the tables, to pass to <see cref="TensorDevice.Launch"/>.</summary>
        public readonly ReadOnlySpan<long> Metadata => _buffer.AsSpan(0, _length);

        /// <summary>The header (writable).</summary>
        public readonly Span<long> Header => _buffer.AsSpan(0, HeaderLength);

        /// <summary>A's offset per batch position (including A's offset in its buffer).</summary>
        public readonly Span<long> ABatch => Buffer(HeaderLength, _batch);

        /// <summary>B's offset per batch position.</summary>
        public readonly Span<long> BBatch => Buffer(HeaderLength + _batch, _batch);

        /// <summary>C's offset per batch position.</summary>
        public readonly Span<long> CBatch => Buffer(HeaderLength + 2 * _batch, _batch);

        /// <summary>A's offset per row.</summary>
        public readonly Span<long> ARows => Buffer(HeaderLength + 3 * _batch, _rows);

        /// <summary>C's offset per row.</summary>
        public readonly Span<long> CRows => Buffer(HeaderLength + 3 * _batch + _rows, _rows);

        /// <summary>B's offset per column.</summary>
        public readonly Span<long> BColumns => Buffer(HeaderLength + 3 * _batch + 2 * _rows, _columns);

        /// <summary>C's offset per column.</summary>
        public readonly Span<long> CColumns => Buffer(HeaderLength + 3 * _batch + 2 * _rows + _columns, _columns);

        /// <summary>A's offset per summed position.</summary>
        public readonly Span<long> ASum => Buffer(HeaderLength + 3 * _batch + 2 * _rows + 2 * _columns, _sum);

        /// <summary>B's offset per summed position.</summary>
        public readonly Span<long> BSum => Buffer(HeaderLength + 3 * _batch + 2 * _rows + 2 * _columns + _sum, _sum);

        /// <summary>
        /// Fills <paramref name="table"/> with <paramref name="start"/> plus the element offset of every position of the axes
        /// with <paramref name="lengths"/> and <paramref name="strides"/>, in row-major order (the last axis fastest). With no
        /// axes the table has one entry, <paramref name="start"/>.
        /// </summary>
        public static void Fill(Span<long> table, long start, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
            => OffsetTable.Fill(table, start, lengths, strides);

        /// <summary>
        /// The largest power-of-two group side, at most <see cref="MaxGroupSide"/>, whose square fits the accelerator's
        /// groups; 0 when its groups lack the shared memory of the two tiles.
        /// </summary>
        public static int GroupSideFor(Accelerator accelerator, int elementSize)
        {
            ArgumentNullException.ThrowIfNull(accelerator);
            long shared = 2L * TileK * SharedRowLength * elementSize;
            if (accelerator.MaxSharedMemoryPerGroup < shared) return 0;
            int side = MaxGroupSide;
            var maxGroup = accelerator.MaxGroupSize;
            while (side > 1 && (side * side > accelerator.MaxNumThreadsPerGroup || side > maxGroup.X || side > maxGroup.Y)) side /= 2;
            return side;
        }

        /// <summary>The reduction kernel's group size: the largest power of two up to <see cref="MaxReductionGroup"/> the
        /// accelerator's groups hold, or 0 when they lack the shared memory.</summary>
        public static int ReductionGroupFor(Accelerator accelerator, int elementSize)
        {
            ArgumentNullException.ThrowIfNull(accelerator);
            if (accelerator.MaxSharedMemoryPerGroup < (long)MaxReductionGroup * elementSize) return 0;
            int size = MaxReductionGroup;
            while (size > 1 && (size > accelerator.MaxNumThreadsPerGroup || size > accelerator.MaxGroupSize.X)) size /= 2;
            return size;
        }

        /// <summary>
        /// Sets the tiled kernel's tile counts for a group side; returns its launch shape (one group per tile, up to the grid's
        /// limit; the kernel's grid-stride loop takes the rest).
        /// </summary>
        public readonly KernelConfig TiledConfig(Accelerator accelerator, int groupSide)
        {
            int tile = groupSide * RegisterBlock;
            long rowTiles = (_rows + tile - 1) / tile, columnTiles = (_columns + tile - 1) / tile;
            long tiles = _batch * rowTiles * columnTiles;
            var header = Header;
            header[4] = rowTiles;
            header[5] = columnTiles;
            header[6] = tiles;
            header[7] = System.Numerics.BitOperations.Log2((uint)tile);
            int groups = (int)Math.Min(tiles, Math.Max(1, accelerator.MaxGridSize.X));
            return new KernelConfig(new Index2D(groups, 1), new Index2D(groupSide, groupSide));
        }

        /// <summary>The common difference of <paramref name="table"/>'s entries, or <see cref="NotAffine"/> when they are not one stride apart.</summary>
        public static long AffineStride(ReadOnlySpan<long> table)
        {
            if (table.Length < 2) return 0;
            long stride = table[1] - table[0];
            for (int k = 2; k < table.Length; k++)
            {
                if (table[k] - table[k - 1] != stride) return NotAffine;
            }
            return stride;
        }

        /// <summary>Returns the rented buffer to the pool.</summary>
        public readonly void Dispose() => ArrayPool<long>.Shared.Return(_buffer);

        private readonly Span<long> Buffer(int start, int length) => _buffer.AsSpan(start, length);
    }
}
