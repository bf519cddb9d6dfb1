using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// Standard attention, flash style, for one vector width: pack Q (pre-scaled by scale·log2 e), K (transposed into
    /// key panels) and V once; then for each block of query rows stream the admitted key tiles, computing each 6 × tile
    /// score block in registers, its softmax with the online (running max, running sum, rescaled output) recurrence,
    /// and its contribution P·V into the block's running output.
    /// </summary>
    /// <remarks>
    /// <para>Loop order: a block is <see cref="TilesPerBlock"/> register tiles of 6 query rows. For each key tile
    /// (TileWidth keys) every register tile of the block is processed before moving on, so the key tile's packed keys
    /// (d × TileWidth) and values (TileWidth × dv) are reused from L1/L2 by all of the block's rows instead of being
    /// streamed from L3 once per 6 rows; the block's running outputs (24 × dv) stay in L1.</para>
    /// <para>Memory: the packed copies (O(n·d)), and per thread one 6 × TileWidth score tile plus the block's running
    /// state (O(tile · dv)); never a score matrix.</para>
    /// <para>Threads: blocks are handed out from a shared counter, so the uneven blocks of a causal window balance
    /// themselves.</para>
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

        /// <summary>Everything a worker needs: pointers into the pinned packed buffer and the output, plus sizes.</summary>
        private struct Args
        {
            public T* Q;
            public nint Ldq;
            public T* KPanels;
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

            public override void Execute(int worker, int workers) => Work(ref Args, worker);
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
            nint qRows = AttentionBuffers.RoundUp(n, Mr);
            int blocks = checked((int)((n + BlockRows - 1) / BlockRows));

            long work = WorkEstimate(n, keys, depth + dv, window);
            int threads = (int)Math.Clamp(work / MinWorkPerThread, 1, Math.Min(GemmWorkerPool.MaxThreads, blocks));

            nint scratchBytes = AttentionBuffers.Bytes<T>(Mr * tileWidth)          // score / probability tile
                + AttentionBuffers.Bytes<T>(Mr)                                     // rescale factors
                + AttentionBuffers.Bytes<T>(BlockRows * ldv)                        // running outputs
                + AttentionBuffers.Bytes<T>(BlockRows)                              // running maxima
                + AttentionBuffers.Bytes<T>(BlockRows * count)                      // running sums, one vector per row
                + AttentionBuffers.Alignment;                                       // the shared work counter
            nint bytes = AttentionBuffers.Bytes<T>(qRows * ldq) + AttentionBuffers.Bytes<T>(panels * panelStride)
                + AttentionBuffers.Bytes<T>(keys * ldv) + threads * scratchBytes;

            byte[] rented = AttentionBuffers.Rent(bytes);
            try
            {
                fixed (byte* raw = rented)
                fixed (T* pq = &q.Start, pk = &k.Start, pv = &v.Start, po = &o.Start)
                {
                    byte* cursor = AttentionBuffers.Align(raw);
                    var a = new Args
                    {
                        Ldq = ldq,
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
                    };
                    a.Q = AttentionBuffers.Take<T>(ref cursor, qRows * ldq);
                    a.KPanels = AttentionBuffers.Take<T>(ref cursor, panels * panelStride);
                    a.V = AttentionBuffers.Take<T>(ref cursor, keys * ldv);
                    a.Counter = (int*)cursor;
                    cursor += AttentionBuffers.Alignment;
                    a.Scratch = cursor;
                    a.ScratchBytes = scratchBytes;

                    // Every input is copied before the output is written, so o may alias them.
                    T log2e = T.CreateTruncating(1.4426950408889634);
                    AttentionPacking.PackRows(a.Q, ldq, qRows, pq, n, depth, q.RowStride, q.ColStride, scale * log2e);
                    AttentionPacking.PackPanels(a.KPanels, panels, count, pk, keys, depth, k.RowStride, k.ColStride);
                    AttentionPacking.PackRows(a.V, ldv, keys, pv, keys, dv, v.RowStride, v.ColStride, T.One);
                    *a.Counter = 0;

                    if (threads > 1 && GemmWorkerPool.TryEnter())
                    {
                        try
                        {
                            s_job.Args = a;
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
                        Work(ref a, 0);
                    }
                }
            }
            finally
            {
                AttentionBuffers.Return(rented);
            }
        }

        /// <summary>Multiply-adds of the call: admitted (query, key) pairs times (d + dv).</summary>
        private static long WorkEstimate(nint n, nint keys, nint width, KeyWindow window)
        {
            long pairs = 0;
            if (window.IsFull)
            {
                pairs = (long)n * keys;
            }
            else
            {
                for (nint i = 0; i < n; i++)
                {
                    window.Range(i, keys, out nint lo, out nint hi);
                    pairs += Math.Max(0, hi - lo);
                }
            }
            return pairs > long.MaxValue / Math.Max(width, 1) ? long.MaxValue : pairs * width;
        }

        private static void Work(ref Args a, int worker)
        {
            byte* cursor = a.Scratch + worker * a.ScratchBytes;
            nint tileWidth = AttentionKernels<TOps, TVec, T>.TileWidth;
            T* s = AttentionBuffers.Take<T>(ref cursor, Mr * tileWidth);
            T* alpha = AttentionBuffers.Take<T>(ref cursor, Mr);
            T* output = AttentionBuffers.Take<T>(ref cursor, BlockRows * a.Ldv);
            T* max = AttentionBuffers.Take<T>(ref cursor, BlockRows);
            T* sums = AttentionBuffers.Take<T>(ref cursor, BlockRows * TOps.Count);
            int block;
            while ((block = Interlocked.Increment(ref *a.Counter) - 1) < a.Blocks)
            {
                Block(ref a, block, s, alpha, output, max, sums);
            }
        }

        /// <summary>One block of up to <see cref="BlockRows"/> query rows, from the first key tile to the output.</summary>
        private static void Block(ref Args a, int block, T* s, T* alpha, T* output, T* max, T* sums)
        {
            int count = TOps.Count, tileVectors = TOps.TileVectors;
            nint tileWidth = count * tileVectors;
            nint i0 = (nint)block * BlockRows;
            nint rows = Math.Min(BlockRows, a.Queries - i0);
            nint tiles = (rows + Mr - 1) / Mr;

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
                    AttentionKernels<TOps, TVec, T>.Scores(a.Q + ti * a.Ldq, a.Ldq, a.Depth, panel, a.PanelStride, s);
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

                TVec rowMax = minusInfinity;
                for (int c = 0; c < tileVectors; c++)
                {
                    TVec x = TOps.Load(row + c * count);
                    if (partial)
                    {
                        x = TOps.KeepLanes(x, minusInfinity, first - c * count, end - c * count);
                    }
                    rowMax = TOps.Max(rowMax, x);
                }
                T m = max[r];
                TVec sum = TOps.Load(sums + r * count);
                if (TOps.AnyGreaterThan(rowMax, TOps.Splat(m)))
                {
                    T grown = TOps.MaxAcross(rowMax);
                    T factor = Exp2Polynomial.Scalar(m - grown); // 0 on the row's first keys (m = −∞)
                    alpha[r] = factor;
                    sum = TOps.Multiply(sum, TOps.Splat(factor));
                    max[r] = m = grown;
                }

                TVec shift = TOps.Splat(m);
                for (int c = 0; c < tileVectors; c++)
                {
                    TVec x = TOps.Exp2(TOps.Subtract(TOps.Load(row + c * count), shift));
                    if (partial)
                    {
                        x = TOps.KeepLanes(x, TOps.Zero, first - c * count, end - c * count);
                    }
                    sum = TOps.Add(sum, x);
                    TOps.Store(row + c * count, x);
                }
                TOps.Store(sums + r * count, sum);
            }
            return used;
        }
    }
}
