using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// Standard attention, flash style, for one vector width: pack K (transposed into key panels) and V once, then for
    /// each block of query rows pack its queries (pre-scaled by scale·log2 e) and stream the admitted key tiles,
    /// computing each 6 × TileWidth score block in registers, its softmax with the online recurrence (running maximum,
    /// running sum, rescaled running output) and its contribution P·V to the block's running output.
    /// </summary>
    /// <remarks>
    /// <para>Loop order: a block is <see cref="TilesPerBlock"/> register tiles of 6 query rows. For each key tile
    /// (TileWidth keys) every register tile of the block is processed before moving on, so the key tile's packed keys
    /// (d × TileWidth) and values (TileWidth × dv) are reused from L1/L2 by all of the block's rows instead of being
    /// streamed from L3 once per 6 rows; the block's running outputs (24 × dv) stay in L1.</para>
    /// <para>Memory: the packed K and V (O(n·d)), and per thread the block's packed queries, one 6 × TileWidth score
    /// tile and the block's running state (O(tile · dv)); never a score matrix.</para>
    /// <para>Threads: every thread packs a share of K and V (packing is a few percent of the call, too much to leave
    /// to one thread while the other waits), they meet at a barrier, then take blocks from a shared counter, so the
    /// uneven blocks of a causal window balance themselves. Queries are packed per block by the thread that uses
    /// them; hence o may overlap q only row for row (o row i within q row i, e.g. in place), while K and V are fully
    /// packed before any output is written.</para>
    /// </remarks>
    internal static unsafe class StandardAttentionDriver<TOps, TVec, T>
        where TOps : struct, IAttentionSimd<TVec, T>
        where TVec : unmanaged
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        /// <summary>Register tiles (of 6 query rows) per block of queries that share each key tile.</summary>
        private const int TilesPerBlock = 4;

        private const int Mr = AttentionKernels<TOps, TVec, T>.Mr;

        private const int BlockRows = Mr * TilesPerBlock;

        /// <summary>Below this many multiply-adds per thread, waking another thread costs more than it saves.</summary>
        private const long MinWorkPerThread = 1L << 20;

        private static readonly Job s_job = new();

        /// <summary>Everything a worker needs: the pinned inputs and output, the packed buffers, and sizes.</summary>
        private struct Args
        {
            public T* QSource;
            public nint QRowStride;
            public nint QColStride;
            public T QMultiplier;
            public T* KSource;
            public nint KRowStride;
            public nint KColStride;
            public T* VSource;
            public nint VRowStride;
            public nint VColStride;
            public nint Ldq;
            public T* KPanels;
            public nint Panels;
            public nint PanelStride;
            public T* V;
            public nint Ldv;
            public nint Queries;
            public nint Keys;
            public nint Depth;
            public nint ValueWidth;
            public KeyWindow Window;
            public T* O;
            public nint ORowStride;
            public nint OColStride;
            public byte* Scratch;
            public nint ScratchBytes;
            public int* Counter;
            public int Blocks;
        }

        private sealed class Job : GemmWork
        {
            public Args Args;

            /// <summary>Where the threads meet once, after packing their shares of K and V.</summary>
            public readonly GemmBarrier Packed = new();

            public override void Execute(int worker, int workers) => Work(ref Args, worker, workers, Packed);
        }

        public static void Run(MatrixView<T> q, MatrixView<T> k, MatrixView<T> v, T scale, MatrixView<T> o, KeyWindow window)
        {
            nint n = q.Rows, keys = k.Rows, depth = q.Cols, dv = v.Cols;
            int count = TOps.Count, tileVectors = TOps.TileVectors;
            nint tileWidth = count * tileVectors;

            nint ldq = AttentionBuffers.RoundUp(Math.Max(depth, 1), count);
            nint ldv = AttentionBuffers.RoundUp(dv, tileWidth);
            nint panels = (keys + count - 1) / count + tileVectors - 1;
            nint panelStride = depth * count;
            int blocks = checked((int)((n + BlockRows - 1) / BlockRows));

            long work = AttentionWork.Pairs(n, keys, depth + dv, window);
            int threads = (int)Math.Clamp(work / MinWorkPerThread, 1, Math.Min(GemmWorkerPool.MaxThreads, blocks));

            nint scratchBytes = AttentionBuffers.Bytes<T>(BlockRows * ldq)      // the block's packed queries
                + AttentionBuffers.Bytes<T>(Mr * tileWidth)                     // score / probability tile
                + AttentionBuffers.Bytes<T>(Mr)                                 // rescale factors
                + AttentionBuffers.Bytes<T>(BlockRows * ldv)                    // running outputs
                + AttentionBuffers.Bytes<T>(BlockRows)                          // running maxima
                + AttentionBuffers.Bytes<T>(BlockRows * count);                 // running sums, one vector per row
            nint bytes = AttentionBuffers.Bytes<T>(panels * panelStride) + AttentionBuffers.Bytes<T>(keys * ldv)
                + AttentionBuffers.Alignment + threads * scratchBytes;

            byte[] rented = AttentionBuffers.Rent(bytes);
            try
            {
                fixed (byte* raw = rented)
                fixed (T* pq = &q.Start, pk = &k.Start, pv = &v.Start, po = &o.Start)
                {
                    byte* cursor = AttentionBuffers.Align(raw);
                    var a = new Args
                    {
                        QSource = pq,
                        QRowStride = q.RowStride,
                        QColStride = q.ColStride,
                        // The kernels exponentiate in base 2: log2 e joins the scale, folded into the packed queries.
                        QMultiplier = scale * T.CreateTruncating(1.4426950408889634),
                        KSource = pk,
                        KRowStride = k.RowStride,
                        KColStride = k.ColStride,
                        VSource = pv,
                        VRowStride = v.RowStride,
                        VColStride = v.ColStride,
                        Ldq = ldq,
                        Panels = panels,
                        PanelStride = panelStride,
                        Ldv = ldv,
                        Queries = n,
                        Keys = keys,
                        Depth = depth,
                        ValueWidth = dv,
                        Window = window,
                        O = po,
                        ORowStride = o.RowStride,
                        OColStride = o.ColStride,
                        Blocks = blocks,
                        ScratchBytes = scratchBytes,
                    };
                    a.KPanels = AttentionBuffers.Take<T>(ref cursor, panels * panelStride);
                    a.V = AttentionBuffers.Take<T>(ref cursor, keys * ldv);
                    a.Counter = (int*)cursor;
                    cursor += AttentionBuffers.Alignment;
                    a.Scratch = cursor;
                    *a.Counter = 0;

                    if (threads > 1 && GemmWorkerPool.TryEnter())
                    {
                        try
                        {
                            s_job.Args = a;
                            s_job.Packed.Reset(threads);
                            GemmWorkerPool.Run(s_job, threads);
                        }
                        finally
                        {
                            s_job.Args = default;
                            GemmWorkerPool.Exit();
                        }
                    }
                    else
                    {
                        Work(ref a, 0, 1, null);
                    }
                }
            }
            finally
            {
                AttentionBuffers.Return(rented);
            }
        }

        /// <summary>
        /// One thread's part: its share of the K panels and V rows, then (after every thread has packed) blocks of
        /// queries from the shared counter. Each block packs its own query rows, so no thread waits for those.
        /// </summary>
        private static void Work(ref Args a, int worker, int workers, GemmBarrier? packed)
        {
            nint firstPanel = a.Panels * worker / workers, endPanel = a.Panels * (worker + 1) / workers;
            int count = TOps.Count;
            AttentionPacking.PackPanels(a.KPanels, firstPanel, endPanel, count, a.KSource, a.Keys, a.Depth, a.KRowStride, a.KColStride);
            nint firstKey = Math.Min(firstPanel * count, a.Keys), endKey = Math.Min(endPanel * count, a.Keys);
            AttentionPacking.PackRows(a.V + firstKey * a.Ldv, a.Ldv, endKey - firstKey, a.VSource + firstKey * a.VRowStride,
                endKey - firstKey, a.ValueWidth, a.VRowStride, a.VColStride, T.One);
            packed?.SignalAndWait();

            byte* cursor = a.Scratch + worker * a.ScratchBytes;
            nint tileWidth = AttentionKernels<TOps, TVec, T>.TileWidth;
            T* q = AttentionBuffers.Take<T>(ref cursor, BlockRows * a.Ldq);
            T* s = AttentionBuffers.Take<T>(ref cursor, Mr * tileWidth);
            T* alpha = AttentionBuffers.Take<T>(ref cursor, Mr);
            T* output = AttentionBuffers.Take<T>(ref cursor, BlockRows * a.Ldv);
            T* max = AttentionBuffers.Take<T>(ref cursor, BlockRows);
            T* sums = AttentionBuffers.Take<T>(ref cursor, BlockRows * count);
            int block;
            while ((block = Interlocked.Increment(ref *a.Counter) - 1) < a.Blocks)
            {
                Block(ref a, block, q, s, alpha, output, max, sums);
            }
        }

        /// <summary>One block of up to <see cref="BlockRows"/> query rows, from the first key tile to the output.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Block(ref Args a, int block, T* q, T* s, T* alpha, T* output, T* max, T* sums)
        {
            int count = TOps.Count, tileVectors = TOps.TileVectors;
            nint tileWidth = count * tileVectors;
            nint i0 = (nint)block * BlockRows;
            nint rows = Math.Min(BlockRows, a.Queries - i0);
            nint tiles = (rows + Mr - 1) / Mr;

            // The block's queries, pre-scaled, with zero rows up to whole register tiles.
            AttentionPacking.PackRows(q, a.Ldq, tiles * Mr, a.QSource + i0 * a.QRowStride, rows, a.Depth, a.QRowStride, a.QColStride, a.QMultiplier);

            AttentionPacking.Clear(output, tiles * Mr * a.Ldv);
            AttentionPacking.Clear(sums, tiles * Mr * count);
            for (nint r = 0; r < tiles * Mr; r++)
            {
                max[r] = T.NegativeInfinity;
            }

            // Windows are monotone in the row, so the block's keys lie between its first row's start and its last row's end.
            a.Window.Range(i0, a.Keys, out nint lo, out _);
            a.Window.Range(i0 + rows - 1, a.Keys, out _, out nint hi);
            for (nint p = lo / count; p * count < hi; p += tileVectors)
            {
                nint k0 = p * count;
                T* panel = a.KPanels + p * a.PanelStride;
                T* values = a.V + k0 * a.Ldv;
                for (nint t = 0; t < tiles; t++)
                {
                    nint ti = i0 + t * Mr;
                    nint trows = Math.Min(Mr, a.Queries - ti);
                    a.Window.Range(ti, a.Keys, out nint tlo, out _);
                    a.Window.Range(ti + trows - 1, a.Keys, out _, out nint thi);
                    if (thi <= k0 || tlo >= k0 + tileWidth || tlo >= thi)
                    {
                        continue; // no row of this register tile admits a key of this key tile
                    }
                    AttentionKernels<TOps, TVec, T>.Scores(q + t * Mr * a.Ldq, a.Ldq, a.Depth, panel, a.PanelStride, s);
                    nint kCount = Softmax(ref a, s, ti, trows, k0, max + t * Mr, sums + t * Mr * count, alpha);
                    AttentionKernels<TOps, TVec, T>.ValuesStandard(s, kCount, values, a.Ldv, alpha, output + t * Mr * a.Ldv, a.Ldv, a.Ldv);
                }
            }

            for (nint r = 0; r < rows; r++)
            {
                T sum = TOps.SumAcross(TOps.Load(sums + r * count));
                T inverse = sum > T.Zero ? T.One / sum : T.Zero; // a row that admitted no key gets zeros
                T* src = output + r * a.Ldv;
                T* dst = a.O + (i0 + r) * a.ORowStride;
                for (nint c = 0; c < a.ValueWidth; c++)
                {
                    dst[c * a.OColStride] = src[c] * inverse;
                }
            }
        }

        /// <summary>
        /// Turns a score tile into probabilities in place, row by row: masks keys outside the row's window, raises the
        /// row's running maximum if the tile exceeds it (the factor by which the row's running sum and output must shrink
        /// goes to <paramref name="alpha"/>; 1 when it did not grow), exponentiates against the maximum and adds the row
        /// sums. Rows without admitted keys in the tile get zeros. Returns how many leading key columns the value tile
        /// must read (columns past it are zero in every row).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static nint Softmax(ref Args a, T* s, nint ti, nint trows, nint k0, T* max, T* sums, T* alpha)
        {
            int count = TOps.Count, tileVectors = TOps.TileVectors;
            nint tileWidth = count * tileVectors;
            nint used = 0;
            TVec minusInfinity = TOps.Splat(T.NegativeInfinity);
            for (nint r = 0; r < Mr; r++)
            {
                T* row = s + r * tileWidth;
                alpha[r] = T.One;
                nint first = 0, end = 0;
                if (r < trows)
                {
                    a.Window.Range(ti + r, a.Keys, out nint lo, out nint hi);
                    first = lo - k0;
                    end = Math.Min(hi - k0, tileWidth);
                }
                if (end <= 0 || first >= end)
                {
                    AttentionPacking.Clear(row, tileWidth);
                    continue;
                }
                used = Math.Max(used, end);
                bool partial = first > 0 || end < tileWidth;

                TVec rowMax = AttentionKernels<TOps, TVec, T>.RowMax(row, minusInfinity, partial, first, end);
                T m = max[r];
                TVec sum = TOps.Load(sums + r * count);
                if (TOps.AnyGreaterThan(rowMax, TOps.Splat(m)))
                {
                    T grown = TOps.MaxAcross(rowMax);
                    T factor = AttentionKernels<TOps, TVec, T>.Exp2Scalar(m - grown); // 0 on the row's first keys (m = −∞)
                    alpha[r] = factor;
                    sum = TOps.Multiply(sum, TOps.Splat(factor));
                    max[r] = m = grown;
                }
                sum = AttentionKernels<TOps, TVec, T>.ExpRow(row, TOps.Splat(m), sum, partial, first, end);
                TOps.Store(sums + r * count, sum);
            }
            return used;
        }
    }
}
