using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// Tensor (2-simplicial) attention for one vector width. For query row i, with W = K1 ∘ q_i (the rows of K1 scaled
    /// column-wise by q_i, and by scale·log2 e), the score block of a (j-tile, k-tile) pair is the small product
    /// W[j-tile] · K2[k-tile]ᵀ, and the value sum Σ_jk P_jk v1[j, c] v2[k, c] = Σ_j v1[j, c] · (P · V2[k-tile])[j, c] is
    /// a second small product followed by a row-weighted column sum. Both products run on the register-blocked kernels
    /// of <see cref="AttentionKernels{TOps, TVec, T}"/>; the softmax over all (j, k) of the row is the online
    /// recurrence with a single running maximum per query row.
    /// </summary>
    /// <remarks>
    /// <para>Because P · V2 is folded into the row's output accumulator (d values) as soon as each 6 × TileWidth tile
    /// is done, the whole running state of a query row is its maximum, its sum and one output row: a new maximum
    /// rescales d + 1 numbers, never a tile of partial sums.</para>
    /// <para>Loop order per query row: blocks of <see cref="TilesPerBlock"/> × 6 rows of W (built on the fly from packed
    /// K1 and q_i, so no n × d copy per row), then key tiles, then the register tiles of the block, so each key tile's
    /// packed K2 panels and V2 rows (2 × TileWidth × d) are reused by the whole block from L1/L2.</para>
    /// <para>Memory: packed copies of the five operands (O(n·d)) and per thread a score tile, the block of W and one
    /// output row. Threads take query rows from a shared counter (rows of a causal window differ in cost).</para>
    /// </remarks>
    internal static unsafe class TensorAttentionDriver<TOps, TVec, T>
        where TOps : struct, IAttentionSimd<TVec, T>
        where TVec : unmanaged
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        /// <summary>Register tiles (of 6 rows of W) per block that shares each key tile.</summary>
        private const int TilesPerBlock = 4;

        private const int Mr = AttentionKernels<TOps, TVec, T>.Mr;

        private const int BlockRows = Mr * TilesPerBlock;

        /// <summary>Below this many multiply-adds per thread, waking another thread costs more than it saves.</summary>
        private const long MinWorkPerThread = 1L << 20;

        private static readonly Job s_job = new();

        private struct Args
        {
            public T* Q;
            public nint Ldq;
            public T* K1;
            public T* V1;
            public T* K2Panels;
            public nint PanelStride;
            public T* V2;
            public nint Ldv;
            public nint Queries;
            public nint Keys1;
            public nint Keys2;
            public nint Depth;
            public nint ValueWidth;
            public KeyWindow Window1;
            public KeyWindow Window2;
            public T* O;
            public nint ORowStride;
            public nint OColStride;
            public byte* Scratch;
            public nint ScratchBytes;
            public int* Counter;
        }

        private sealed class Job : GemmWork
        {
            public Args Args;

            public override void Execute(int worker, int workers) => Work(ref Args, worker);
        }

        public static void Run(MatrixView<T> q, MatrixView<T> k1, MatrixView<T> k2, MatrixView<T> v1, MatrixView<T> v2, T scale,
            MatrixView<T> o, KeyWindow window1, KeyWindow window2)
        {
            nint n = q.Rows, n1 = k1.Rows, n2 = k2.Rows, depth = q.Cols, dv = v1.Cols;
            int count = TOps.Count, tileVectors = TOps.TileVectors;
            nint tileWidth = count * tileVectors;

            nint ldq = AttentionBuffers.RoundUp(Math.Max(depth, 1), count);
            nint ldv = AttentionBuffers.RoundUp(dv, tileWidth);
            nint panels = (n2 + count - 1) / count + tileVectors - 1;
            nint panelStride = depth * count;

            long work = AttentionWork.Triples(n, n1, n2, depth + dv, window1, window2);
            int threads = (int)Math.Clamp(work / MinWorkPerThread, 1, Math.Min(GemmWorkerPool.MaxThreads, n));

            nint scratchBytes = AttentionBuffers.Bytes<T>(Mr * tileWidth)   // score / probability tile
                + AttentionBuffers.Bytes<T>(BlockRows * ldq)                 // W = K1 ∘ q_i, one block
                + AttentionBuffers.Bytes<T>(ldv)                             // the row's output accumulator
                + AttentionBuffers.Bytes<T>(count);                          // the row's running sum
            nint bytes = AttentionBuffers.Bytes<T>(n * ldq) + AttentionBuffers.Bytes<T>(n1 * ldq)
                + AttentionBuffers.Bytes<T>((n1 + Mr - 1) * ldv) + AttentionBuffers.Bytes<T>(panels * panelStride)
                + AttentionBuffers.Bytes<T>(n2 * ldv) + AttentionBuffers.Alignment + threads * scratchBytes;

            byte[] rented = AttentionBuffers.Rent(bytes);
            try
            {
                fixed (byte* raw = rented)
                fixed (T* pq = &q.Start, pk1 = &k1.Start, pk2 = &k2.Start, pv1 = &v1.Start, pv2 = &v2.Start, po = &o.Start)
                {
                    byte* cursor = AttentionBuffers.Align(raw);
                    var a = new Args
                    {
                        Ldq = ldq,
                        PanelStride = panelStride,
                        Ldv = ldv,
                        Queries = n,
                        Keys1 = n1,
                        Keys2 = n2,
                        Depth = depth,
                        ValueWidth = dv,
                        Window1 = window1,
                        Window2 = window2,
                        O = po,
                        ORowStride = o.RowStride,
                        OColStride = o.ColStride,
                    };
                    a.Q = AttentionBuffers.Take<T>(ref cursor, n * ldq);
                    a.K1 = AttentionBuffers.Take<T>(ref cursor, n1 * ldq);
                    a.V1 = AttentionBuffers.Take<T>(ref cursor, (n1 + Mr - 1) * ldv);
                    a.K2Panels = AttentionBuffers.Take<T>(ref cursor, panels * panelStride);
                    a.V2 = AttentionBuffers.Take<T>(ref cursor, n2 * ldv);
                    a.Counter = (int*)cursor;
                    cursor += AttentionBuffers.Alignment;
                    a.Scratch = cursor;
                    a.ScratchBytes = scratchBytes;

                    // Every input is copied before the output is written, so o may alias them. The scale (and log2 e,
                    // since the kernels exponentiate in base 2) is folded into q, so W needs one multiply per element.
                    T log2e = T.CreateTruncating(1.4426950408889634);
                    AttentionPacking.PackRows(a.Q, ldq, n, pq, n, depth, q.RowStride, q.ColStride, scale * log2e);
                    AttentionPacking.PackRows(a.K1, ldq, n1, pk1, n1, depth, k1.RowStride, k1.ColStride, T.One);
                    // Five zero rows past the end: a register tile starting at the last row of K1 reads six rows of V1.
                    AttentionPacking.PackRows(a.V1, ldv, n1 + Mr - 1, pv1, n1, dv, v1.RowStride, v1.ColStride, T.One);
                    AttentionPacking.PackPanels(a.K2Panels, 0, panels, count, pk2, n2, depth, k2.RowStride, k2.ColStride);
                    AttentionPacking.PackRows(a.V2, ldv, n2, pv2, n2, dv, v2.RowStride, v2.ColStride, T.One);
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

        private static void Work(ref Args a, int worker)
        {
            byte* cursor = a.Scratch + worker * a.ScratchBytes;
            nint tileWidth = AttentionKernels<TOps, TVec, T>.TileWidth;
            T* s = AttentionBuffers.Take<T>(ref cursor, Mr * tileWidth);
            T* w = AttentionBuffers.Take<T>(ref cursor, BlockRows * a.Ldq);
            T* acc = AttentionBuffers.Take<T>(ref cursor, a.Ldv);
            T* sum = AttentionBuffers.Take<T>(ref cursor, TOps.Count);
            nint i;
            while ((i = Interlocked.Increment(ref *a.Counter) - 1) < a.Queries)
            {
                Row(ref a, i, s, w, acc, sum);
            }
        }

        /// <summary>One query row: o[i, :] from every admitted (j, k).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Row(ref Args a, nint i, T* s, T* w, T* acc, T* sum)
        {
            int count = TOps.Count, tileVectors = TOps.TileVectors;
            nint tileWidth = count * tileVectors;
            T* dst = a.O + i * a.ORowStride;
            a.Window1.Range(i, a.Keys1, out nint jlo, out nint jhi);
            a.Window2.Range(i, a.Keys2, out nint klo, out nint khi);
            if (jlo >= jhi || klo >= khi)
            {
                for (nint c = 0; c < a.ValueWidth; c++)
                {
                    dst[c * a.OColStride] = T.Zero; // no admitted key pair: zeros, by definition
                }
                return;
            }

            T* qi = a.Q + i * a.Ldq;
            AttentionPacking.Clear(acc, a.Ldv);
            TOps.Store(sum, TOps.Zero);
            T max = T.NegativeInfinity;
            TVec minusInfinity = TOps.Splat(T.NegativeInfinity);

            for (nint jb = jlo; jb < jhi; jb += BlockRows)
            {
                nint brows = Math.Min(BlockRows, jhi - jb);
                nint tiles = (brows + Mr - 1) / Mr;
                BuildW(w, a.K1 + jb * a.Ldq, qi, a.Ldq, brows, tiles * Mr);

                for (nint p = klo / count; p * count < khi; p += tileVectors)
                {
                    nint k0 = p * count;
                    nint first = klo - k0;
                    nint end = Math.Min(khi - k0, tileWidth);
                    bool partial = first > 0 || end < tileWidth;
                    T* panel = a.K2Panels + p * a.PanelStride;
                    T* values2 = a.V2 + k0 * a.Ldv;
                    for (nint t = 0; t < tiles; t++)
                    {
                        nint trows = Math.Min(Mr, brows - t * Mr);
                        AttentionKernels<TOps, TVec, T>.Scores(w + t * Mr * a.Ldq, a.Ldq, a.Depth, panel, a.PanelStride, s);

                        // One maximum for the whole (j, k) softmax of the row: the tile's, over admitted entries.
                        TVec tileMax = minusInfinity;
                        for (nint r = 0; r < trows; r++)
                        {
                            tileMax = AttentionKernels<TOps, TVec, T>.RowMax(s + r * tileWidth, tileMax, partial, first, end);
                        }
                        TVec total = TOps.Load(sum);
                        if (TOps.AnyGreaterThan(tileMax, TOps.Splat(max)))
                        {
                            T grown = TOps.MaxAcross(tileMax);
                            T factor = AttentionKernels<TOps, TVec, T>.Exp2Scalar(max - grown); // 0 on the row's first tile (max = −∞)
                            total = TOps.Multiply(total, TOps.Splat(factor));
                            Scale(acc, a.Ldv, factor);
                            max = grown;
                        }

                        TVec shift = TOps.Splat(max);
                        for (nint r = 0; r < trows; r++)
                        {
                            total = AttentionKernels<TOps, TVec, T>.ExpRow(s + r * tileWidth, shift, total, partial, first, end);
                        }
                        TOps.Store(sum, total);
                        if (trows < Mr)
                        {
                            AttentionPacking.Clear(s + trows * tileWidth, (Mr - trows) * tileWidth);
                        }

                        AttentionKernels<TOps, TVec, T>.ValuesTensor(s, end, values2, a.Ldv, a.V1 + (jb + t * Mr) * a.Ldv, acc, a.Ldv);
                    }
                }
            }

            T denominator = TOps.SumAcross(TOps.Load(sum));
            T inverse = T.One / denominator;
            for (nint c = 0; c < a.ValueWidth; c++)
            {
                dst[c * a.OColStride] = acc[c] * inverse;
            }
        }

        /// <summary>
        /// W[r, l] = K1[jb + r, l] · q'[l] for r &lt; <paramref name="rows"/>, zero rows up to <paramref name="paddedRows"/>
        /// (q' is the packed query row, already multiplied by scale·log2 e).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void BuildW(T* w, T* k1, T* qi, nint ld, nint rows, nint paddedRows)
        {
            int count = TOps.Count;
            for (nint r = 0; r < rows; r++)
            {
                T* src = k1 + r * ld;
                T* dst = w + r * ld;
                for (nint l = 0; l < ld; l += count)
                {
                    TOps.Store(dst + l, TOps.Multiply(TOps.Load(src + l), TOps.Load(qi + l)));
                }
            }
            AttentionPacking.Clear(w + rows * ld, (paddedRows - rows) * ld);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Scale(T* x, nint length, T factor)
        {
            TVec f = TOps.Splat(factor);
            for (nint c = 0; c < length; c += TOps.Count)
            {
                TOps.Store(x + c, TOps.Multiply(TOps.Load(x + c), f));
            }
        }
    }
}
