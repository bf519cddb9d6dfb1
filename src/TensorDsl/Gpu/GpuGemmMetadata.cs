using System;
using System.Buffers;
using System.ComponentModel;
using ILGPU;
using ILGPU.Runtime;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// The launch shape and the metadata of one call of a generated tiled GPU matrix product (an einsum whose plan is a
    /// single GEMM step): a header with the group sizes, then offset tables for the batch, row, column and summed index
    /// groups of A, B and C, so that the kernel addresses <c>A[b, m, k]</c> as <c>aBatch[b] + aRows[m] + aSum[k]</c> whatever
    /// the grouping of axes and the strides. The host buffer is rented from the shared pool and returned by
    /// <see cref="Dispose"/>; <see cref="TensorDevice.Launch"/> copies it into the device's cached metadata buffer, which
    /// grows as needed: nothing is allocated per call in steady state. Used by generated code.
    /// </summary>
    /// <remarks>
    /// <para>Layout of <see cref="Metadata"/> (all <see cref="long"/>):</para>
    /// <list type="table">
    /// <item><term>0–3</term><description>batch count, rows (M), columns (N), summed length (K).</description></item>
    /// <item><term>4–6</term><description>row tiles, column tiles, and tiles in all (batch × row tiles × column tiles).</description></item>
    /// <item><term>7</term><description>log2 of the tile side (<see cref="RegisterBlock"/> × the group side).</description></item>
    /// <item><term>8…</term><description>the tables, in this order: A, B and C per batch position (each including the
    /// tensor's offset), A and C per row, B and C per column, A and B per summed position.</description></item>
    /// </list>
    /// <para>When the tiled kernel cannot run (<see cref="IsTiled"/> is false: the accelerator's groups have too little
    /// shared memory, or an index group is so long that its offset table would be unreasonably large), generated code
    /// falls back to its one-thread-per-element kernel.</para>
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ref struct GpuGemmMetadata
    {
        /// <summary>Each thread accumulates a <see cref="RegisterBlock"/> × <see cref="RegisterBlock"/> block of C in registers.</summary>
        public const int RegisterBlock = 4;

        /// <summary>The summed positions copied into shared memory per step.</summary>
        public const int TileK = 16;

        /// <summary>The largest group side: 16 × 16 threads own a 64 × 64 tile of C.</summary>
        public const int MaxGroupSide = 16;

        /// <summary>The row length of a shared tile: the largest tile side plus one word of padding, so that threads that
        /// store a column of a tile (a transposed operand) hit different shared-memory banks.</summary>
        public const int SharedRowLength = MaxGroupSide * RegisterBlock + 1;

        /// <summary>Number of header entries before the offset tables.</summary>
        public const int HeaderLength = 8;

        /// <summary>The longest metadata (header and tables) for which the tiled kernel is used: 2^24 entries (128 MiB).</summary>
        public const long MaxLength = 1L << 24;

        // Longest index group: tile starts plus a tile side stay below int.MaxValue in the kernel's int arithmetic.
        private const long MaxGroupLength = int.MaxValue - 2 * MaxGroupSide * RegisterBlock;

        // Tests set this on their own thread to make generated matrix products take their fallback kernel.
        [ThreadStatic]
        internal static bool ForceFallbackOnThisThread;

        private readonly long[]? _buffer;
        private readonly int _length, _batch, _rows, _columns, _sum;

        /// <summary>Chooses the launch shape on <paramref name="device"/> and rents the metadata for a product of
        /// <paramref name="batch"/> × <paramref name="rows"/> × <paramref name="columns"/> outputs, each summing
        /// <paramref name="sum"/> terms. Writes the header; the caller fills the tables.</summary>
        /// <param name="device">The device that runs the kernel.</param>
        /// <param name="elementSize">The size of an element in bytes (4 or 8).</param>
        /// <param name="batch">The number of batch positions (1 without batch indices).</param>
        /// <param name="rows">M: the number of positions of the row indices (those of A and C).</param>
        /// <param name="columns">N: the number of positions of the column indices (those of B and C).</param>
        /// <param name="sum">K: the number of positions of the summed indices (those of A and B).</param>
        public GpuGemmMetadata(TensorDevice device, int elementSize, long batch, long rows, long columns, long sum)
        {
            ArgumentNullException.ThrowIfNull(device);
            _buffer = null;
            _length = 0;
            _batch = _rows = _columns = _sum = 0;
            Config = default;
            GroupSide = GroupSideFor(device.Accelerator, elementSize);
            if (GroupSide == 0 || ForceFallbackOnThisThread || batch < 1 || rows < 1 || columns < 1 || sum < 0) return;
            if (rows > MaxGroupLength || columns > MaxGroupLength || sum > MaxGroupLength || batch > MaxLength) return;
            long length = HeaderLength + 3 * batch + 2 * rows + 2 * columns + 2 * sum;
            if (length > MaxLength) return;

            _length = (int)length;
            _batch = (int)batch;
            _rows = (int)rows;
            _columns = (int)columns;
            _sum = (int)sum;
            _buffer = ArrayPool<long>.Shared.Rent(_length);

            int tile = GroupSide * RegisterBlock;
            long rowTiles = (rows + tile - 1) / tile, columnTiles = (columns + tile - 1) / tile;
            long tiles = batch * rowTiles * columnTiles;
            var header = _buffer.AsSpan(0, HeaderLength);
            header[0] = batch;
            header[1] = rows;
            header[2] = columns;
            header[3] = sum;
            header[4] = rowTiles;
            header[5] = columnTiles;
            header[6] = tiles;
            header[7] = System.Numerics.BitOperations.Log2((uint)tile);

            // One group per tile, up to the grid's limit; the kernel's grid-stride loop takes the rest.
            int groups = (int)Math.Min(tiles, Math.Max(1, device.Accelerator.MaxGridSize.X));
            Config = new KernelConfig(new Index2D(groups, 1), new Index2D(GroupSide, GroupSide));
        }

        /// <summary>True when the tiled kernel runs this call; false when the caller must use its fallback kernel.</summary>
        public readonly bool IsTiled => _buffer is not null;

        /// <summary>The side of the square thread group (16 on GPUs, less where the accelerator's groups are smaller,
        /// e.g. 4 on ILGPU's default CPU accelerator); 0 when the accelerator cannot run the tiled kernel at all.</summary>
        public int GroupSide { get; }

        /// <summary>The launch shape: one group of <see cref="GroupSide"/> × <see cref="GroupSide"/> threads per tile of C.</summary>
        public KernelConfig Config { get; }

        /// <summary>The header and the tables, to pass to <see cref="TensorDevice.Launch"/>.</summary>
        public readonly ReadOnlySpan<long> Metadata => Buffer(0, _length);

        /// <summary>A's offset per batch position (including A's offset in its buffer).</summary>
        public readonly Span<long> ABatch => Buffer(HeaderLength, _batch);

        /// <summary>B's offset per batch position (including B's offset in its buffer).</summary>
        public readonly Span<long> BBatch => Buffer(HeaderLength + _batch, _batch);

        /// <summary>C's offset per batch position (including C's offset in its buffer).</summary>
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
        /// <param name="table">Exactly the product of <paramref name="lengths"/> entries.</param>
        /// <param name="start">Added to every entry.</param>
        /// <param name="lengths">The lengths of the group's axes.</param>
        /// <param name="strides">The strides of the group's axes in the tensor (one per length).</param>
        public static void Fill(Span<long> table, long start, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
            => OffsetTable.Fill(table, start, lengths, strides);

        /// <summary>
        /// The largest power-of-two group side, at most <see cref="MaxGroupSide"/>, whose square fits the accelerator's
        /// groups; 0 when its groups lack the shared memory of the two tiles.
        /// </summary>
        /// <param name="accelerator">The accelerator.</param>
        /// <param name="elementSize">The size of an element in bytes.</param>
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

        /// <summary>Returns the rented buffer to the pool.</summary>
        public readonly void Dispose()
        {
            if (_buffer is not null) ArrayPool<long>.Shared.Return(_buffer);
        }

        private readonly Span<long> Buffer(int start, int length) => _buffer is null ? Span<long>.Empty : _buffer.AsSpan(start, length);
    }
}
