using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// A register-blocked micro-kernel: computes one <c>Mr × width</c> tile of C from a packed A micro-panel and a
    /// packed B micro-panel over <c>kc</c> summed positions, accumulating in registers from zero, then adds the tile
    /// into C (or overwrites it) through <see cref="TileTarget{T}"/>. Implementations are structs so that the driver,
    /// generic over the kernel, is compiled once per kernel with every call devirtualized.
    /// </summary>
    /// <remarks>
    /// Packed layouts (see <see cref="GemmPacking"/>): an A micro-panel holds <c>Mr</c> rows of <c>kc</c> elements, row r
    /// at <c>a + r * kc</c>; a B micro-panel holds <c>kc</c> rows of <c>width</c> elements, row p at <c>b + p * width</c>,
    /// where <c>width</c> is <see cref="Nr"/> except in the last panel of a block, which is rounded up to a multiple of
    /// <see cref="NrStep"/> only. Padding rows and columns are zero.
    /// </remarks>
    internal unsafe interface IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <summary>Rows of a tile (the broadcast side).</summary>
        static abstract int Mr { get; }

        /// <summary>Widest tile in columns (the vector side).</summary>
        static abstract int Nr { get; }

        /// <summary>Packed widths are multiples of this (one vector), so narrow right-edge tiles cost less.</summary>
        static abstract int NrStep { get; }

        /// <summary>Computes the tile and writes its valid part to C.</summary>
        static abstract void Run(int kc, T* a, nint lda, T* b, int width, ref TileTarget<T> target);
    }

    /// <summary>Where a tile goes in C: rows and columns through the offset tables, and whether to add or overwrite.</summary>
    internal unsafe struct TileTarget<T>
        where T : unmanaged, INumber<T>
    {
        /// <summary>C plus the batch offset.</summary>
        public T* Base;

        /// <summary>Row offsets of the tile's first row (C.Rows + i0).</summary>
        public nint* Rows;

        /// <summary>Column offsets of the tile's first column (C.Cols + j0).</summary>
        public nint* Cols;

        /// <summary>Valid rows, at most Mr.</summary>
        public int RowCount;

        /// <summary>Valid columns, at most the packed width.</summary>
        public int ColCount;

        /// <summary>C's columns are contiguous: element (r, j) is at Base + Rows[r] + Cols[0] + j.</summary>
        public bool ColsUnit;

        /// <summary>Add into C (a later K block, or accumulate mode) rather than overwrite.</summary>
        public bool Add;
    }

    /// <summary>Type-level vector counts, so a kernel body is specialized (and its unused registers removed) per width.</summary>
    internal interface IVectorCount
    {
        static abstract int Count { get; }
    }

    internal struct V1 : IVectorCount { public static int Count => 1; }
    internal struct V2 : IVectorCount { public static int Count => 2; }
    internal struct V3 : IVectorCount { public static int Count => 3; }
    internal struct V4 : IVectorCount { public static int Count => 4; }

    /// <summary>Tile stores: the C prefetch every kernel issues, and the slow path for edges and strided columns.</summary>
    internal static unsafe class TileStore
    {
        /// <summary>
        /// Prefetches the tile's rows of C into L1 before the kernel's summation loop, so the loads and stores at its end
        /// hit L1 instead of waiting on L3 (a 1024² C does not fit in L2, and each tile touches 6 rows × 4 lines).
        /// Costs a few instructions against thousands of FMAs; worth several percent at large sizes.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Prefetch<T>(ref TileTarget<T> t, int columns)
            where T : unmanaged, INumber<T>
        {
            if (!Sse.IsSupported || !t.ColsUnit)
            {
                return;
            }
            T* c = t.Base + t.Cols[0];
            int bytes = columns * sizeof(T);
            for (int r = 0; r < t.RowCount; r++)
            {
                byte* row = (byte*)(c + t.Rows[r]);
                for (int offset = 0; offset < bytes; offset += 64)
                {
                    Sse.Prefetch0(row + offset);
                }
                Sse.Prefetch0(row + bytes - 1);
            }
        }

        /// <summary>
        /// Writes the valid part of a tile computed into <paramref name="tile"/> (row stride <paramref name="stride"/>)
        /// to C through the row and column tables. Used for edge tiles and for C with non-contiguous columns.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Scatter<T>(T* tile, int stride, ref TileTarget<T> t)
            where T : unmanaged, INumber<T>
        {
            for (int r = 0; r < t.RowCount; r++)
            {
                T* row = t.Base + t.Rows[r];
                T* src = tile + r * stride;
                if (t.ColsUnit)
                {
                    T* dst = row + t.Cols[0];
                    if (t.Add)
                    {
                        for (int j = 0; j < t.ColCount; j++)
                        {
                            dst[j] += src[j];
                        }
                    }
                    else
                    {
                        for (int j = 0; j < t.ColCount; j++)
                        {
                            dst[j] = src[j];
                        }
                    }
                }
                else if (t.Add)
                {
                    for (int j = 0; j < t.ColCount; j++)
                    {
                        row[t.Cols[j]] += src[j];
                    }
                }
                else
                {
                    for (int j = 0; j < t.ColCount; j++)
                    {
                        row[t.Cols[j]] = src[j];
                    }
                }
            }
        }
    }
}
