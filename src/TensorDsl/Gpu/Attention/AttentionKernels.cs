using System.Numerics;
using ILGPU;

namespace TensorDsl.Gpu.Attention
{
    /// <summary>
    /// The explicitly grouped ILGPU kernels behind <see cref="DeviceStreamingAttention"/>: standard and tensor attention,
    /// each written once, generic over the element type (generic math, which ILGPU compiles per instantiation: float and
    /// double) and over the exponential (<see cref="IKernelExp{T}"/>: <see cref="AttentionKernelMath"/> per type).
    /// </summary>
    /// <remarks>
    /// <para><b>Work.</b> One work group per (query tile, output column block): <c>rows</c> query rows (metadata) and
    /// <see cref="AttentionTiling.ValueBlock"/> columns, with <c>rows</c> × <see cref="AttentionTiling.Lanes"/> threads.
    /// Thread <c>t</c> serves query row <c>r = t / Lanes</c> and, of the block, the columns <c>t % Lanes + Lanes·w</c>.
    /// Groups take work items in a grid-stride loop.</para>
    /// <para><b>Streaming.</b> The group walks the keys that any of its rows admits, one tile at a time (standard:
    /// <see cref="AttentionTiling.KeyTile"/> keys; tensor: <see cref="AttentionTiling.PairSide"/> × PairSide (j, k) pairs,
    /// j-tiles outer). Per tile: (1) for each chunk of <see cref="AttentionTiling.FeatureChunk"/> features, the group
    /// copies the query rows (times <c>scale</c>) and the key rows into shared memory, waits at a barrier, and each lane
    /// adds the chunk's products to every Lanes-th score of its row in shared memory, then waits again; (2) each lane reads
    /// its row's scores, takes the maximum over the admitted ones, writes its share of the weights
    /// p = e^(s − max) (0 outside the window), and the group copies the value rows of its column block; barrier; (3) each
    /// lane rescales its accumulators and its copy of the running denominator by e^(old max − new max) and adds
    /// Σ p·v (tensor: Σ_jj v1[j, c]·Σ_kk p[jj, kk]·v2[k, c]). Nothing of size n × n (or n × n × n) is ever stored:
    /// the online softmax keeps one running maximum and denominator per row.</para>
    /// <para><b>Output.</b> Each lane divides its accumulators by the denominator and stores them; a row that admitted
    /// no key stores zeros. Every output element is written exactly once (the output is overwritten).</para>
    /// <para>Only primitive arithmetic, <see cref="ArrayView{T}"/> indexing, <see cref="SharedMemory"/>,
    /// <see cref="Group"/>/<see cref="Grid"/> intrinsics and <see cref="AttentionKernelMath"/>: ILGPU compiles these
    /// methods' IL for the accelerator.</para>
    /// </remarks>
    internal static class AttentionKernels
    {
        /// <summary>The standard streaming attention kernel, for float and double (see the class remarks).</summary>
        /// <param name="meta">Sizes, window and layouts (<see cref="AttentionTiling"/>).</param>
        /// <param name="q">The query tensor's buffer.</param>
        /// <param name="k">The key tensor's buffer.</param>
        /// <param name="v">The value tensor's buffer.</param>
        /// <param name="o">The output tensor's buffer.</param>
        /// <param name="scale">The factor applied to every score.</param>
        internal static void Standard<T, TExp>(ArrayView<long> meta, ArrayView<T> q, ArrayView<T> k, ArrayView<T> v, ArrayView<T> o, T scale)
            where T : unmanaged, IFloatingPointIeee754<T>
            where TExp : struct, IKernelExp<T>
        {
            long n = meta[AttentionTiling.Queries];
            int d = (int)meta[AttentionTiling.Features], dv = (int)meta[AttentionTiling.ValueWidth];
            int rows = (int)meta[AttentionTiling.Rows];
            long blocks = meta[AttentionTiling.Blocks], tiles = meta[AttentionTiling.Tiles];
            long qBase = meta[AttentionTiling.QueryLayout], qRow = meta[AttentionTiling.QueryLayout + 1], qCol = meta[AttentionTiling.QueryLayout + 2];
            long oBase = meta[AttentionTiling.OutputLayout], oRow = meta[AttentionTiling.OutputLayout + 1], oCol = meta[AttentionTiling.OutputLayout + 2];
            const int keys = AttentionTiling.FirstKeys;
            long m = meta[keys], low = meta[keys + 1], high = meta[keys + 2];
            long kBase = meta[keys + 3], kRow = meta[keys + 4], kCol = meta[keys + 5];
            long vBase = meta[keys + 6], vRow = meta[keys + 7], vCol = meta[keys + 8];

            // Shared tiles, row-major: qs[r, l] (already scaled), ks[jj, l], vs[jj, c], then per query row of the group its
            // raw scores ss[r, jj], its softmax weights ps[r, jj] and its output accumulators acc[r, c] for the column block.
            var qs = SharedMemory.Allocate<T>(AttentionTiling.MaxRows * AttentionTiling.FeatureChunk);
            var ks = SharedMemory.Allocate<T>(AttentionTiling.KeyTile * AttentionTiling.FeatureChunk);
            var vs = SharedMemory.Allocate<T>(AttentionTiling.KeyTile * AttentionTiling.ValueBlock);
            var ss = SharedMemory.Allocate<T>(AttentionTiling.MaxRows * AttentionTiling.KeyTile);
            var ps = SharedMemory.Allocate<T>(AttentionTiling.MaxRows * AttentionTiling.KeyTile);
            var acc = SharedMemory.Allocate<T>(AttentionTiling.MaxRows * AttentionTiling.ValueBlock);

            int thread = Group.IdxX, threads = Group.DimX; // threads == rows * Lanes
            int r = thread / AttentionTiling.Lanes, lane = thread - r * AttentionTiling.Lanes;
            int chunks = d <= AttentionTiling.FeatureChunk ? 1 : (d + AttentionTiling.FeatureChunk - 1) / AttentionTiling.FeatureChunk;
            int scoreRow = r * AttentionTiling.KeyTile, accRow = r * AttentionTiling.ValueBlock, queryRow = r * AttentionTiling.FeatureChunk;

            for (long t = Grid.IdxX; t < tiles; t += Grid.DimX)
            {
                // This group's work: query rows i0 … i0 + rows − 1 (those below n), output columns c0 … c0 + ValueBlock − 1.
                long queryTile = t / blocks;
                int c0 = (int)(t - queryTile * blocks) * AttentionTiling.ValueBlock;
                long i0 = queryTile * rows, iLast = i0 + rows - 1 < n ? i0 + rows - 1 : n - 1;
                // This thread's row and its window [jLo, jHi) (empty for the padding rows past n).
                long i = i0 + r;
                long jLo = i + low < 0 ? 0 : i + low, jHi = i + high < m ? i + high : m;
                if (i >= n) jHi = jLo;
                // The keys any row of the group admits: the union of the windows, consecutive because row i + 1's window
                // is row i's shifted by one. Group-uniform, so every thread takes the same tiles and barriers.
                long keyStart = i0 + low < 0 ? 0 : i0 + low, keyEnd = iLast + high < m ? iLast + high : m;

                // Online softmax state: running maximum and denominator (per thread, identical across a row's lanes),
                // and the rescaled accumulators of this lane's columns.
                T runMax = T.NegativeInfinity, runSum = T.Zero;
                for (int w = lane; w < AttentionTiling.ValueBlock; w += AttentionTiling.Lanes) acc[accRow + w] = T.Zero;

                for (long j0 = keyStart; j0 < keyEnd; j0 += AttentionTiling.KeyTile)
                {
                    // Scores of the key tile: ss[r, jj] = Σ_l scale·q[i, l] · k[j0 + jj, l], FeatureChunk features per step.
                    for (int chunk = 0; chunk < chunks; chunk++)
                    {
                        int l0 = chunk * AttentionTiling.FeatureChunk;
                        int lCount = d - l0 < AttentionTiling.FeatureChunk ? d - l0 : AttentionTiling.FeatureChunk;
                        for (int e = thread; e < rows * AttentionTiling.FeatureChunk; e += threads)
                        {
                            int rr = e / AttentionTiling.FeatureChunk, ll = e - rr * AttentionTiling.FeatureChunk;
                            long ii = i0 + rr;
                            qs[e] = ii < n && ll < lCount ? scale * q[qBase + ii * qRow + (l0 + ll) * qCol] : T.Zero;
                        }
                        for (int e = thread; e < AttentionTiling.KeyTile * AttentionTiling.FeatureChunk; e += threads)
                        {
                            int jj = e / AttentionTiling.FeatureChunk, ll = e - jj * AttentionTiling.FeatureChunk;
                            long j = j0 + jj;
                            ks[e] = j < keyEnd && ll < lCount ? k[kBase + j * kRow + (l0 + ll) * kCol] : T.Zero;
                        }
                        Group.Barrier();
                        // Each lane computes every Lanes-th score of its row.
                        for (int jj = lane; jj < AttentionTiling.KeyTile; jj += AttentionTiling.Lanes)
                        {
                            T dot = chunk == 0 ? T.Zero : ss[scoreRow + jj];
                            int keyRow = jj * AttentionTiling.FeatureChunk;
                            for (int ll = 0; ll < lCount; ll++) dot += qs[queryRow + ll] * ks[keyRow + ll];
                            ss[scoreRow + jj] = dot;
                        }
                        Group.Barrier();
                    }

                    // The tile's maximum over this row's admitted keys (every lane reads the whole row), the new running
                    // maximum, and this lane's share of the weights e^(s − max), 0 for keys outside the window.
                    T tileMax = T.NegativeInfinity;
                    for (int jj = 0; jj < AttentionTiling.KeyTile; jj++)
                    {
                        long j = j0 + jj;
                        T s = ss[scoreRow + jj];
                        if (j >= jLo && j < jHi && s > tileMax) tileMax = s;
                    }
                    T newMax = tileMax > runMax ? tileMax : runMax;
                    for (int jj = lane; jj < AttentionTiling.KeyTile; jj += AttentionTiling.Lanes)
                    {
                        long j = j0 + jj;
                        ps[scoreRow + jj] = j >= jLo && j < jHi ? default(TExp).Exp(ss[scoreRow + jj] - newMax) : T.Zero;
                    }
                    // The value tile of the column block (the previous tile's readers all passed this tile's first barrier).
                    for (int e = thread; e < AttentionTiling.KeyTile * AttentionTiling.ValueBlock; e += threads)
                    {
                        int jj = e / AttentionTiling.ValueBlock, cc = e - jj * AttentionTiling.ValueBlock;
                        long j = j0 + jj;
                        int c = c0 + cc;
                        vs[e] = j < keyEnd && c < dv ? v[vBase + j * vRow + c * vCol] : T.Zero;
                    }
                    Group.Barrier();

                    // Rescale by e^(old max − new max) (1 while nothing was admitted yet: both are −∞) and add the tile.
                    T alpha = runMax == newMax ? T.One : default(TExp).Exp(runMax - newMax);
                    T tileSum = T.Zero;
                    for (int jj = 0; jj < AttentionTiling.KeyTile; jj++) tileSum += ps[scoreRow + jj];
                    runSum = runSum * alpha + tileSum;
                    runMax = newMax;
                    for (int w = lane; w < AttentionTiling.ValueBlock && c0 + w < dv; w += AttentionTiling.Lanes)
                    {
                        T a = acc[accRow + w] * alpha;
                        for (int jj = 0; jj < AttentionTiling.KeyTile; jj++) a += ps[scoreRow + jj] * vs[jj * AttentionTiling.ValueBlock + w];
                        acc[accRow + w] = a;
                    }
                    // No barrier here: the next tile first writes qs and ks (last read before the barrier above), and
                    // writes ss, ps and vs only after its own first barrier, which every reader of this tile has passed.
                }

                // Normalize and store this lane's columns; a row whose window admitted nothing gets zeros.
                if (i < n)
                {
                    for (int w = lane; w < AttentionTiling.ValueBlock && c0 + w < dv; w += AttentionTiling.Lanes)
                    {
                        o[oBase + i * oRow + (c0 + w) * oCol] = runSum > T.Zero ? acc[accRow + w] / runSum : T.Zero;
                    }
                }
            }
        }

        /// <summary>The tensor streaming attention kernel, for float and double (see the class remarks).</summary>
        /// <param name="meta">Sizes, windows and layouts (<see cref="AttentionTiling"/>).</param>
        /// <param name="q">The query tensor's buffer.</param>
        /// <param name="k1">The first key tensor's buffer.</param>
        /// <param name="k2">The second key tensor's buffer.</param>
        /// <param name="v1">The first value tensor's buffer.</param>
        /// <param name="v2">The second value tensor's buffer.</param>
        /// <param name="o">The output tensor's buffer.</param>
        /// <param name="scale">The factor applied to every score.</param>
        internal static void Tensor<T, TExp>(ArrayView<long> meta, ArrayView<T> q, ArrayView<T> k1, ArrayView<T> k2, ArrayView<T> v1, ArrayView<T> v2, ArrayView<T> o, T scale)
            where T : unmanaged, IFloatingPointIeee754<T>
            where TExp : struct, IKernelExp<T>
        {
            long n = meta[AttentionTiling.Queries];
            int d = (int)meta[AttentionTiling.Features], dv = (int)meta[AttentionTiling.ValueWidth];
            int rows = (int)meta[AttentionTiling.Rows];
            long blocks = meta[AttentionTiling.Blocks], tiles = meta[AttentionTiling.Tiles];
            long qBase = meta[AttentionTiling.QueryLayout], qRow = meta[AttentionTiling.QueryLayout + 1], qCol = meta[AttentionTiling.QueryLayout + 2];
            long oBase = meta[AttentionTiling.OutputLayout], oRow = meta[AttentionTiling.OutputLayout + 1], oCol = meta[AttentionTiling.OutputLayout + 2];
            const int keys1 = AttentionTiling.FirstKeys, keys2 = AttentionTiling.FirstKeys + AttentionTiling.KeySetLength;
            long m1 = meta[keys1], low1 = meta[keys1 + 1], high1 = meta[keys1 + 2];
            long k1Base = meta[keys1 + 3], k1Row = meta[keys1 + 4], k1Col = meta[keys1 + 5];
            long v1Base = meta[keys1 + 6], v1Row = meta[keys1 + 7], v1Col = meta[keys1 + 8];
            long m2 = meta[keys2], low2 = meta[keys2 + 1], high2 = meta[keys2 + 2];
            long k2Base = meta[keys2 + 3], k2Row = meta[keys2 + 4], k2Col = meta[keys2 + 5];
            long v2Base = meta[keys2 + 6], v2Row = meta[keys2 + 7], v2Col = meta[keys2 + 8];

            // Shared tiles, row-major: qs[r, l] (already scaled), k1s[jj, l], k2s[kk, l], v1s[jj, c], v2s[kk, c], then per
            // query row of the group its raw scores ss[r, jj·PairSide + kk], its softmax weights ps[r, …] and its output
            // accumulators acc[r, c] for the column block.
            var qs = SharedMemory.Allocate<T>(AttentionTiling.MaxRows * AttentionTiling.FeatureChunk);
            var k1s = SharedMemory.Allocate<T>(AttentionTiling.PairSide * AttentionTiling.FeatureChunk);
            var k2s = SharedMemory.Allocate<T>(AttentionTiling.PairSide * AttentionTiling.FeatureChunk);
            var v1s = SharedMemory.Allocate<T>(AttentionTiling.PairSide * AttentionTiling.ValueBlock);
            var v2s = SharedMemory.Allocate<T>(AttentionTiling.PairSide * AttentionTiling.ValueBlock);
            var ss = SharedMemory.Allocate<T>(AttentionTiling.MaxRows * AttentionTiling.Pairs);
            var ps = SharedMemory.Allocate<T>(AttentionTiling.MaxRows * AttentionTiling.Pairs);
            var acc = SharedMemory.Allocate<T>(AttentionTiling.MaxRows * AttentionTiling.ValueBlock);

            int thread = Group.IdxX, threads = Group.DimX; // threads == rows * Lanes
            int r = thread / AttentionTiling.Lanes, lane = thread - r * AttentionTiling.Lanes;
            int chunks = d <= AttentionTiling.FeatureChunk ? 1 : (d + AttentionTiling.FeatureChunk - 1) / AttentionTiling.FeatureChunk;
            int scoreRow = r * AttentionTiling.Pairs, accRow = r * AttentionTiling.ValueBlock, queryRow = r * AttentionTiling.FeatureChunk;

            for (long t = Grid.IdxX; t < tiles; t += Grid.DimX)
            {
                // This group's work: query rows i0 … i0 + rows − 1 (those below n), output columns c0 … c0 + ValueBlock − 1.
                long queryTile = t / blocks;
                int c0 = (int)(t - queryTile * blocks) * AttentionTiling.ValueBlock;
                long i0 = queryTile * rows, iLast = i0 + rows - 1 < n ? i0 + rows - 1 : n - 1;
                // This thread's row and its two windows (empty for the padding rows past n).
                long i = i0 + r;
                long jLo = i + low1 < 0 ? 0 : i + low1, jHi = i + high1 < m1 ? i + high1 : m1;
                long kLo = i + low2 < 0 ? 0 : i + low2, kHi = i + high2 < m2 ? i + high2 : m2;
                if (i >= n) jHi = jLo;
                // The keys of each kind any row of the group admits (group-uniform: same tiles and barriers for all).
                long jStart = i0 + low1 < 0 ? 0 : i0 + low1, jEnd = iLast + high1 < m1 ? iLast + high1 : m1;
                long kStart = i0 + low2 < 0 ? 0 : i0 + low2, kEnd = iLast + high2 < m2 ? iLast + high2 : m2;

                // Online softmax state over the (j, k) pairs: running maximum and denominator, rescaled accumulators.
                T runMax = T.NegativeInfinity, runSum = T.Zero;
                for (int w = lane; w < AttentionTiling.ValueBlock; w += AttentionTiling.Lanes) acc[accRow + w] = T.Zero;

                for (long j0 = jStart; j0 < jEnd; j0 += AttentionTiling.PairSide)
                {
                    for (long k0 = kStart; k0 < kEnd; k0 += AttentionTiling.PairSide)
                    {
                        // Scores of the pair tile: ss[r, jj·PairSide + kk] = Σ_l scale·q[i, l] · k1[j0 + jj, l] · k2[k0 + kk, l].
                        for (int chunk = 0; chunk < chunks; chunk++)
                        {
                            int l0 = chunk * AttentionTiling.FeatureChunk;
                            int lCount = d - l0 < AttentionTiling.FeatureChunk ? d - l0 : AttentionTiling.FeatureChunk;
                            for (int e = thread; e < rows * AttentionTiling.FeatureChunk; e += threads)
                            {
                                int rr = e / AttentionTiling.FeatureChunk, ll = e - rr * AttentionTiling.FeatureChunk;
                                long ii = i0 + rr;
                                qs[e] = ii < n && ll < lCount ? scale * q[qBase + ii * qRow + (l0 + ll) * qCol] : T.Zero;
                            }
                            for (int e = thread; e < AttentionTiling.PairSide * AttentionTiling.FeatureChunk; e += threads)
                            {
                                int jj = e / AttentionTiling.FeatureChunk, ll = e - jj * AttentionTiling.FeatureChunk;
                                long j = j0 + jj, kIndex = k0 + jj;
                                k1s[e] = j < jEnd && ll < lCount ? k1[k1Base + j * k1Row + (l0 + ll) * k1Col] : T.Zero;
                                k2s[e] = kIndex < kEnd && ll < lCount ? k2[k2Base + kIndex * k2Row + (l0 + ll) * k2Col] : T.Zero;
                            }
                            Group.Barrier();
                            // Each lane computes every Lanes-th pair of its row.
                            for (int p = lane; p < AttentionTiling.Pairs; p += AttentionTiling.Lanes)
                            {
                                int jj = p / AttentionTiling.PairSide, kk = p - jj * AttentionTiling.PairSide;
                                T dot = chunk == 0 ? T.Zero : ss[scoreRow + p];
                                int row1 = jj * AttentionTiling.FeatureChunk, row2 = kk * AttentionTiling.FeatureChunk;
                                for (int ll = 0; ll < lCount; ll++) dot += qs[queryRow + ll] * k1s[row1 + ll] * k2s[row2 + ll];
                                ss[scoreRow + p] = dot;
                            }
                            Group.Barrier();
                        }

                        // The tile's maximum over this row's admitted pairs (j in window 1 and k in window 2), the new running
                        // maximum, and this lane's share of the weights e^(s − max), 0 for pairs outside the windows.
                        T tileMax = T.NegativeInfinity;
                        for (int p = 0; p < AttentionTiling.Pairs; p++)
                        {
                            int jj = p / AttentionTiling.PairSide;
                            long j = j0 + jj, kIndex = k0 + (p - jj * AttentionTiling.PairSide);
                            T s = ss[scoreRow + p];
                            if (j >= jLo && j < jHi && kIndex >= kLo && kIndex < kHi && s > tileMax) tileMax = s;
                        }
                        T newMax = tileMax > runMax ? tileMax : runMax;
                        for (int p = lane; p < AttentionTiling.Pairs; p += AttentionTiling.Lanes)
                        {
                            int jj = p / AttentionTiling.PairSide;
                            long j = j0 + jj, kIndex = k0 + (p - jj * AttentionTiling.PairSide);
                            bool admitted = j >= jLo && j < jHi && kIndex >= kLo && kIndex < kHi;
                            ps[scoreRow + p] = admitted ? default(TExp).Exp(ss[scoreRow + p] - newMax) : T.Zero;
                        }
                        // The two value tiles of the column block (the previous tile's readers all passed this tile's first barrier).
                        for (int e = thread; e < AttentionTiling.PairSide * AttentionTiling.ValueBlock; e += threads)
                        {
                            int jj = e / AttentionTiling.ValueBlock, cc = e - jj * AttentionTiling.ValueBlock;
                            long j = j0 + jj, kIndex = k0 + jj;
                            int c = c0 + cc;
                            v1s[e] = j < jEnd && c < dv ? v1[v1Base + j * v1Row + c * v1Col] : T.Zero;
                            v2s[e] = kIndex < kEnd && c < dv ? v2[v2Base + kIndex * v2Row + c * v2Col] : T.Zero;
                        }
                        Group.Barrier();

                        // Rescale by e^(old max − new max) (1 while nothing was admitted yet) and add the tile:
                        // acc[c] += Σ_jj v1[j, c] · Σ_kk p[jj, kk] · v2[k, c].
                        T alpha = runMax == newMax ? T.One : default(TExp).Exp(runMax - newMax);
                        T tileSum = T.Zero;
                        for (int p = 0; p < AttentionTiling.Pairs; p++) tileSum += ps[scoreRow + p];
                        runSum = runSum * alpha + tileSum;
                        runMax = newMax;
                        for (int w = lane; w < AttentionTiling.ValueBlock && c0 + w < dv; w += AttentionTiling.Lanes)
                        {
                            T a = acc[accRow + w] * alpha;
                            for (int jj = 0; jj < AttentionTiling.PairSide; jj++)
                            {
                                T inner = T.Zero;
                                int pairRow = scoreRow + jj * AttentionTiling.PairSide;
                                for (int kk = 0; kk < AttentionTiling.PairSide; kk++) inner += ps[pairRow + kk] * v2s[kk * AttentionTiling.ValueBlock + w];
                                a += v1s[jj * AttentionTiling.ValueBlock + w] * inner;
                            }
                            acc[accRow + w] = a;
                        }
                        // No barrier here: the next tile first writes qs, k1s and k2s (last read before the barrier above),
                        // and writes ss, ps, v1s and v2s only after its own first barrier.
                    }
                }

                // Normalize and store this lane's columns; a row whose windows admitted no pair gets zeros.
                if (i < n)
                {
                    for (int w = lane; w < AttentionTiling.ValueBlock && c0 + w < dv; w += AttentionTiling.Lanes)
                    {
                        o[oBase + i * oRow + (c0 + w) * oCol] = runSum > T.Zero ? acc[accRow + w] / runSum : T.Zero;
                    }
                }
            }
        }

    }
}
