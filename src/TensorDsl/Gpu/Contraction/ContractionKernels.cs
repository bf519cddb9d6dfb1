using System;
using System.Numerics;
using ILGPU;

namespace TensorDsl.Gpu.Contraction
{
    /// <summary>
    /// The three kernels of a pairwise contraction <c>C[b, m, n] (=|+=) Σ_k A[b, m, k] · B[b, k, n]</c>, written once for
    /// float and double (generic math; ILGPU compiles each instantiation). Every address comes from the offset tables of
    /// <see cref="ContractionMetadata"/> (any grouping of axes, any strides, diagonals, an operand that lacks an index), so
    /// one kernel serves every pairwise step a plan holds.
    /// </summary>
    /// <remarks>
    /// <para><see cref="Tiled{T}"/>: a group of side × side threads (16 × 16 on a GPU, fewer where the accelerator's groups are
    /// smaller) computes a T × T tile of C, T = 4·side, each thread a 4 × 4 block of accumulators in registers (rows
    /// ty + side·r, columns tx + side·c, so neighbouring threads read neighbouring shared words and write neighbouring
    /// columns). The summed range goes through shared memory 16 positions at a time, zeros outside the matrices so edge tiles
    /// need no other care.</para>
    /// <para><see cref="PerElement{T}"/>: one thread per element of C (grid-stride), for steps that are not matrix-shaped
    /// (an outer or Hadamard product, a matrix-vector product, a step with one operand).</para>
    /// <para><see cref="Reduction{T}"/>: one group per element of C, its threads taking every group-size-th summed position
    /// and adding their partial sums in shared memory; for few outputs with long sums (a rank-0 result, a dot product),
    /// which one thread per element would leave to a handful of threads.</para>
    /// <para>Only primitive arithmetic, ArrayView indexing, SharedMemory and Group/Grid intrinsics: ILGPU compiles the IL.</para>
    /// </remarks>
    internal static class ContractionKernels
    {
        /// <summary>Where each offset table starts in the metadata (the layout of <see cref="ContractionMetadata"/>).</summary>
        private readonly struct ContractionTables
        {
            public readonly long ABatch, BBatch, CBatch, ARows, CRows, BColumns, CColumns, ASum, BSum;

            public ContractionTables(long batch, int rows, int columns, int sum)
            {
                ABatch = ContractionMetadata.HeaderLength;
                BBatch = ABatch + batch;
                CBatch = BBatch + batch;
                ARows = CBatch + batch;
                CRows = ARows + rows;
                BColumns = CRows + rows;
                CColumns = BColumns + columns;
                ASum = CColumns + columns;
                BSum = ASum + sum;
            }
        }

        private const int Block = ContractionMetadata.RegisterBlock;
        private const int TileK = ContractionMetadata.TileK;
        private const int Row = ContractionMetadata.SharedRowLength;

        /// <summary>The tiled matrix product (explicitly grouped; see the class remarks).</summary>
        internal static void Tiled<T>(ArrayView<long> meta, ArrayView<T> vA, ArrayView<T> vB, ArrayView<T> vC)
            where T : unmanaged, INumber<T>
        {
            long batch = meta[0], tilesM = meta[4], tilesN = meta[5], tiles = meta[6];
            int rows = (int)meta[1], columns = (int)meta[2], sum = (int)meta[3], tileShift = (int)meta[7];
            long flags = meta[8];
            bool aRowsFast = (flags & ContractionMetadata.ARowsFast) != 0, bColumnsFast = (flags & ContractionMetadata.BColumnsFast) != 0;
            bool accumulate = (flags & ContractionMetadata.Accumulate) != 0;
            var at = new ContractionTables(batch, rows, columns, sum); // where each offset table starts

            // tileA[kk * Row + mm] = A[b, m0 + mm, k0 + kk] and tileB[kk * Row + nn] = B[b, k0 + kk, n0 + nn].
            var tileA = SharedMemory.Allocate1D<T>(TileK * Row);
            var tileB = SharedMemory.Allocate1D<T>(TileK * Row);

            int side = Group.DimX, tx = Group.IdxX, ty = Group.IdxY;
            int thread = ty * side + tx, threads = side * side;
            int tile = Block * side; // a power of two: tile == 1 << tileShift
            long tilesPerBatch = tilesM * tilesN;
            for (long t = Grid.IdxX; t < tiles; t += Grid.DimX)
            {
                long b = t / tilesPerBatch, inBatch = t - b * tilesPerBatch;
                long tileRow = inBatch / tilesN;
                int m0 = (int)tileRow * tile, n0 = (int)(inBatch - tileRow * tilesN) * tile;
                long baseA = meta[at.ABatch + b], baseB = meta[at.BBatch + b], baseC = meta[at.CBatch + b];

                T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
                T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
                T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
                T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
                for (int k0 = 0; k0 < sum; k0 += TileK)
                {
                    // Consecutive threads copy consecutive positions along the operand's contiguous group, so reads coalesce.
                    for (int e = thread; e < tile * TileK; e += threads)
                    {
                        int mm = aRowsFast ? e & (tile - 1) : e >> 4;
                        int kk = aRowsFast ? e >> tileShift : e & (TileK - 1);
                        int m = m0 + mm, k = k0 + kk;
                        tileA[kk * Row + mm] = m < rows && k < sum ? vA[baseA + meta[at.ARows + m] + meta[at.ASum + k]] : T.Zero;
                    }
                    for (int e = thread; e < tile * TileK; e += threads)
                    {
                        int nn = bColumnsFast ? e & (tile - 1) : e >> 4;
                        int kk = bColumnsFast ? e >> tileShift : e & (TileK - 1);
                        int n = n0 + nn, k = k0 + kk;
                        tileB[kk * Row + nn] = n < columns && k < sum ? vB[baseB + meta[at.BSum + k] + meta[at.BColumns + n]] : T.Zero;
                    }
                    Group.Barrier();

                    // 16 rank-1 updates of the register block: 4 values of A's column and 4 of B's row per position.
                    for (int kk = 0; kk < TileK; kk++)
                    {
                        int slice = kk * Row;
                        T a0 = tileA[slice + ty], a1 = tileA[slice + ty + side], a2 = tileA[slice + ty + 2 * side], a3 = tileA[slice + ty + 3 * side];
                        T b0 = tileB[slice + tx], b1 = tileB[slice + tx + side], b2 = tileB[slice + tx + 2 * side], b3 = tileB[slice + tx + 3 * side];
                        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
                    }
                    // Everyone is done reading the slices before the next copy overwrites them.
                    Group.Barrier();
                }

                // Store (or add) the register block, the elements inside C only.
                int col0 = n0 + tx, col1 = col0 + side, col2 = col0 + 2 * side, col3 = col0 + 3 * side;
                long o0 = col0 < columns ? meta[at.CColumns + col0] : 0, o1 = col1 < columns ? meta[at.CColumns + col1] : 0;
                long o2 = col2 < columns ? meta[at.CColumns + col2] : 0, o3 = col3 < columns ? meta[at.CColumns + col3] : 0;
                StoreRow(vC, meta, at.CRows, baseC, m0 + ty, rows, columns, accumulate, col0, col1, col2, col3, o0, o1, o2, o3, c00, c01, c02, c03);
                StoreRow(vC, meta, at.CRows, baseC, m0 + ty + side, rows, columns, accumulate, col0, col1, col2, col3, o0, o1, o2, o3, c10, c11, c12, c13);
                StoreRow(vC, meta, at.CRows, baseC, m0 + ty + 2 * side, rows, columns, accumulate, col0, col1, col2, col3, o0, o1, o2, o3, c20, c21, c22, c23);
                StoreRow(vC, meta, at.CRows, baseC, m0 + ty + 3 * side, rows, columns, accumulate, col0, col1, col2, col3, o0, o1, o2, o3, c30, c31, c32, c33);
            }
        }

        // One row of a thread's register block into C.
        private static void StoreRow<T>(ArrayView<T> vC, ArrayView<long> meta, long cRows, long baseC, int row, int rows, int columns, bool accumulate,
            int col0, int col1, int col2, int col3, long o0, long o1, long o2, long o3, T v0, T v1, T v2, T v3)
            where T : unmanaged, INumber<T>
        {
            if (row >= rows) return;
            long start = baseC + meta[cRows + row];
            if (col0 < columns) Store(vC, start + o0, v0, accumulate);
            if (col1 < columns) Store(vC, start + o1, v1, accumulate);
            if (col2 < columns) Store(vC, start + o2, v2, accumulate);
            if (col3 < columns) Store(vC, start + o3, v3, accumulate);
        }

        private static void Store<T>(ArrayView<T> vC, long at, T value, bool accumulate) where T : unmanaged, INumber<T>
            => vC[at] = accumulate ? vC[at] + value : value;

        /// <summary>
        /// One thread per block of 4 × 4 elements of C (rows m0…m0+3, columns n0…n0+3; implicitly grouped; see the class
        /// remarks): each summed term of A is read once for four columns and each of B once for four rows, which keeps
        /// the operands' traffic a quarter of one thread per element's.
        /// </summary>
        internal static void PerElement<T>(Index1D index, ArrayView<long> meta, ArrayView<T> vA, ArrayView<T> vB, ArrayView<T> vC)
            where T : unmanaged, INumber<T>
        {
            const int Side = ContractionMetadata.BlockSide;
            long batch = meta[0], threads = meta[9], aStride = meta[10], bStride = meta[11];
            int rows = (int)meta[1], columns = (int)meta[2], sum = (int)meta[3];
            long flags = meta[8];
            bool accumulate = (flags & ContractionMetadata.Accumulate) != 0, hasB = (flags & ContractionMetadata.HasB) != 0;
            var at = new ContractionTables(batch, rows, columns, sum); // where each offset table starts
            bool affine = aStride != ContractionMetadata.NotAffine && bStride != ContractionMetadata.NotAffine;
            long rowBlocks = (rows + Side - 1) / Side, columnBlocks = (columns + Side - 1) / Side;
            long perBatch = rowBlocks * columnBlocks, count = batch * perBatch;
            for (long flat = index.X; flat < count; flat += threads)
            {
                long b = flat / perBatch, rest = flat - b * perBatch;
                long rowBlock = rest / columnBlocks;
                int m0 = (int)rowBlock * Side, n0 = (int)(rest - rowBlock * columnBlocks) * Side;
                int height = Math.Min(Side, rows - m0), width = Math.Min(Side, columns - n0);
                // Rows and columns past C's edge repeat the first one (a valid address) and are not stored. Without B, B is 1
                // everywhere: its offsets are 0 and it reads A's first element, which every product then ignores.
                long aBase = meta[at.ABatch + b], bBase = meta[at.BBatch + b];
                long a0 = aBase + meta[at.ARows + m0];
                long a1 = height > 1 ? aBase + meta[at.ARows + m0 + 1] : a0;
                long a2 = height > 2 ? aBase + meta[at.ARows + m0 + 2] : a0;
                long a3 = height > 3 ? aBase + meta[at.ARows + m0 + 3] : a0;
                long b0 = bBase + meta[at.BColumns + n0];
                long b1 = width > 1 ? bBase + meta[at.BColumns + n0 + 1] : b0;
                long b2 = width > 2 ? bBase + meta[at.BColumns + n0 + 2] : b0;
                long b3 = width > 3 ? bBase + meta[at.BColumns + n0 + 3] : b0;
                T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
                T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
                T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
                T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
                for (int k = 0; k < sum; k++)
                {
                    long ak = affine ? k * aStride : meta[at.ASum + k], bk = affine ? k * bStride : meta[at.BSum + k];
                    T x0 = vA[a0 + ak], x1 = vA[a1 + ak], x2 = vA[a2 + ak], x3 = vA[a3 + ak];
                    T y0 = T.One, y1 = T.One, y2 = T.One, y3 = T.One;
                    if (hasB)
                    {
                        y0 = vB[b0 + bk];
                        y1 = vB[b1 + bk];
                        y2 = vB[b2 + bk];
                        y3 = vB[b3 + bk];
                    }
                    c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
                    c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
                    c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
                    c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
                }
                long cBase = meta[at.CBatch + b];
                long o0 = meta[at.CColumns + n0], o1 = width > 1 ? meta[at.CColumns + n0 + 1] : 0;
                long o2 = width > 2 ? meta[at.CColumns + n0 + 2] : 0, o3 = width > 3 ? meta[at.CColumns + n0 + 3] : 0;
                int col0 = 0, col1 = width > 1 ? 1 : columns, col2 = width > 2 ? 2 : columns, col3 = width > 3 ? 3 : columns;
                StoreRow(vC, meta, at.CRows, cBase, m0, rows, columns, accumulate, n0 + col0, n0 + col1, n0 + col2, n0 + col3, o0, o1, o2, o3, c00, c01, c02, c03);
                if (height > 1) StoreRow(vC, meta, at.CRows, cBase, m0 + 1, rows, columns, accumulate, n0 + col0, n0 + col1, n0 + col2, n0 + col3, o0, o1, o2, o3, c10, c11, c12, c13);
                if (height > 2) StoreRow(vC, meta, at.CRows, cBase, m0 + 2, rows, columns, accumulate, n0 + col0, n0 + col1, n0 + col2, n0 + col3, o0, o1, o2, o3, c20, c21, c22, c23);
                if (height > 3) StoreRow(vC, meta, at.CRows, cBase, m0 + 3, rows, columns, accumulate, n0 + col0, n0 + col1, n0 + col2, n0 + col3, o0, o1, o2, o3, c30, c31, c32, c33);
            }
        }

        /// <summary>One group per element of C, a tree sum in shared memory (explicitly grouped; see the class remarks).</summary>
        internal static void Reduction<T>(ArrayView<long> meta, ArrayView<T> vA, ArrayView<T> vB, ArrayView<T> vC)
            where T : unmanaged, INumber<T>
        {
            long batch = meta[0];
            int rows = (int)meta[1], columns = (int)meta[2], sum = (int)meta[3];
            long flags = meta[8];
            bool accumulate = (flags & ContractionMetadata.Accumulate) != 0, hasB = (flags & ContractionMetadata.HasB) != 0;
            var at = new ContractionTables(batch, rows, columns, sum); // where each offset table starts
            long perBatch = (long)rows * columns, count = batch * perBatch;

            var partial = SharedMemory.Allocate1D<T>(ContractionMetadata.MaxReductionGroup);
            int thread = Group.IdxX, size = Group.DimX;
            // The loop bound is the same for every thread of a group, so all of them reach every barrier.
            for (long flat = Grid.IdxX; flat < count; flat += Grid.DimX)
            {
                long b = flat / perBatch, rest = flat - b * perBatch;
                int m = (int)(rest / columns), n = (int)(rest - (long)m * columns);
                long a0 = meta[at.ABatch + b] + meta[at.ARows + m];
                long b0 = meta[at.BBatch + b] + meta[at.BColumns + n];
                T acc = T.Zero;
                for (int k = thread; k < sum; k += size)
                {
                    T a = vA[a0 + meta[at.ASum + k]];
                    acc += hasB ? a * vB[b0 + meta[at.BSum + k]] : a;
                }
                partial[thread] = acc;
                Group.Barrier();
                for (int half = size >> 1; half > 0; half >>= 1)
                {
                    if (thread < half) partial[thread] += partial[thread + half];
                    Group.Barrier();
                }
                if (thread == 0) Store(vC, meta[at.CBatch + b] + meta[at.CRows + m] + meta[at.CColumns + n], partial[0], accumulate);
                // Thread 0 reads partial[0] before anyone writes the next element's partial sums.
                Group.Barrier();
            }
        }
    }
}
