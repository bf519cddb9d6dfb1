using System;
using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// The work of <see cref="AttentionGradients"/> for one element type: operands made row-major (in place when they
    /// already are), query blocks (standard) or query rows (tensor) shared out to the worker pool, each block's scores
    /// recomputed by the packed GEMM and turned into dS = P∘(dP − D), and the gradients accumulated by more GEMMs.
    /// </summary>
    /// <remarks>
    /// Thread 0 adds straight into every destination that is row-major; the other threads, and thread 0 where a
    /// destination is strided, add into their own dense buffers, which are added into the destinations at the end.
    /// Query-row gradients (dQ) go straight to their rows from every thread: threads own disjoint rows. Products inside a
    /// worker run on the calling thread (the pool is held by this call).
    /// </remarks>
    internal static unsafe class AttentionGradientDriver<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        /// <summary>Query rows per block of standard attention: the scores of a block are BlockRows × (admitted keys).</summary>
        private const int BlockRows = 64;

        /// <summary>A tensor-attention row's scores are computed whole when they have at most this many elements …</summary>
        private const int SinglePassElements = 1 << 16;

        /// <summary>… and otherwise in blocks of first keys of at most this many elements (then twice: statistics, gradients).</summary>
        private const int TileElements = 1 << 14;

        /// <summary>Below this many multiply-adds per thread, waking another thread costs more than it saves.</summary>
        private const long MinWorkPerThread = 1L << 20;

        /// <summary>A row-major matrix: element (r, c) at <c>P[r · Cols + c]</c>.</summary>
        private readonly struct Dense
        {
            public readonly T* P;
            public readonly nint Rows;
            public readonly nint Cols;

            public Dense(T* p, nint rows, nint cols)
            {
                P = p;
                Rows = rows;
                Cols = cols;
            }

            public T* Row(nint r) => P + r * Cols;

            public Span<T> Span(nint r, nint from, nint count) => new(Row(r) + from, checked((int)count));

            public Span<T> All => new(P, checked((int)(Rows * Cols)));

            public bool IsNull => P == null;
        }

        /// <summary>A strided destination (pinned), and where each thread adds into it.</summary>
        private struct Destination
        {
            public T* P;
            public nint RowStride;
            public nint ColStride;
            public nint Rows;
            public nint Cols;
            public bool Wanted;
            public bool DenseInPlace;
            public T** PerThread; // thread w's dense accumulator (PerThread[0] == P when DenseInPlace)

            public Dense For(int worker) => new(PerThread[worker], Rows, Cols);

            /// <summary>Adds every thread's dense buffer (each distinct one once) into the destination, unless it is the destination itself.</summary>
            public void Finish(int threads)
            {
                if (!Wanted) return;
                for (int w = 0; w < threads; w++)
                {
                    T* buffer = PerThread[w];
                    bool seen = buffer == P;
                    for (int earlier = 0; earlier < w && !seen; earlier++) seen = PerThread[earlier] == buffer;
                    if (seen) continue;
                    for (nint r = 0; r < Rows; r++)
                    {
                        T* row = P + r * RowStride;
                        for (nint c = 0; c < Cols; c++) row[c * ColStride] += buffer[r * Cols + c];
                    }
                }
            }
        }

        // ── Standard attention ──────────────────────────────────────────────────────────────────────────────────
        public static void Standard(MatrixView<T> q, MatrixView<T> k, MatrixView<T> v, T scale, MatrixView<T> dO, KeyWindow window,
            MatrixView<T> dQ, MatrixView<T> dK, MatrixView<T> dV, Span<T> dScale)
        {
            nint n = q.Rows, m = k.Rows, d = q.Cols, dv = v.Cols;
            bool wantScale = dScale.Length == 1;
            bool anything = !Unsafe.IsNullRef(ref dQ.Start) || !Unsafe.IsNullRef(ref dK.Start) || !Unsafe.IsNullRef(ref dV.Start) || wantScale;
            if (!anything || n == 0 || m == 0 || window.IsEmpty) return; // every gradient is zero: nothing to add
            int blocks = checked((int)((n + BlockRows - 1) / BlockRows));
            long work = AttentionWork.Pairs(n, m, 3 * d + 2 * dv, window);
            int threads = (int)Math.Clamp(work / MinWorkPerThread, 1, Math.Min(GemmWorkerPool.MaxThreads, blocks));

            fixed (T* pq = &q.Start, pk = &k.Start, pv = &v.Start, pdo = &dO.Start, pdq = &dQ.Start, pdk = &dK.Start, pdv = &dV.Start)
            {
                using var memory = new Scratch();
                var job = new StandardJob
                {
                    Q = memory.RowMajor(pq, q), K = memory.RowMajor(pk, k), V = memory.RowMajor(pv, v), DO = memory.RowMajor(pdo, dO),
                    Scale = scale, Window = window, Blocks = blocks,
                    DQ = memory.Destination(pdq, dQ, threads, shareRows: true),
                    DK = memory.Destination(pdk, dK, threads, shareRows: false),
                    DV = memory.Destination(pdv, dV, threads, shareRows: false),
                    WantScale = wantScale,
                    ScalePartials = memory.Take(threads),
                };
                job.Scores = memory.PerThread(threads, (nint)BlockRows * m);
                job.Probabilities = memory.PerThread(threads, (nint)BlockRows * m);
                job.ScoreGradients = memory.PerThread(threads, (nint)BlockRows * m);
                Run(job, threads);
                job.DQ.Finish(threads);
                job.DK.Finish(threads);
                job.DV.Finish(threads);
                if (wantScale) dScale[0] += Sum(job.ScalePartials, threads);
            }
        }

        private sealed class StandardJob : Job
        {
            public Dense Q, K, V, DO;
            public T Scale;
            public KeyWindow Window;
            public Destination DQ, DK, DV;
            public bool WantScale;
            public T* ScalePartials;
            public T** Scores, Probabilities, ScoreGradients;

            protected override void Item(int b, int worker)
            {
                nint n = Q.Rows, m = K.Rows, d = Q.Cols, dv = V.Cols;
                nint i0 = (nint)b * BlockRows, rows = Math.Min(BlockRows, n - i0);
                Window.Range(i0, m, out nint js, out _);
                Window.Range(i0 + rows - 1, m, out _, out nint je);
                nint w = je - js;
                if (w <= 0) return;
                var scores = new Dense(Scores[worker], rows, w);
                var p = new Dense(Probabilities[worker], rows, w);
                var dp = new Dense(ScoreGradients[worker], rows, w);
                T* q = Q.Row(i0), keys = K.Row(js), values = V.Row(js), dO = DO.Row(i0);

                // Scores α·q·kᵀ of the block against the keys any of its rows admits; the softmax per row, over its own window.
                Product(rows, w, d, q, d, 1, keys, 1, d, scores.P, w, false);
                for (nint row = 0; row < rows; row++)
                {
                    Window.Range(i0 + row, m, out nint a, out nint e);
                    a = Math.Max(a - js, 0);
                    e = Math.Min(e - js, w);
                    var prow = p.Span(row, 0, w);
                    prow.Clear();
                    if (a >= e) continue; // a row that admits no key: zero output, zero gradient
                    var admitted = prow.Slice((int)a, (int)(e - a));
                    TensorPrimitives.Multiply(scores.Span(row, a, e - a), Scale, admitted);
                    T max = TensorPrimitives.Max<T>(admitted);
                    TensorPrimitives.Subtract(admitted, max, admitted);
                    TensorPrimitives.Exp<T>(admitted, admitted);
                    TensorPrimitives.Multiply(admitted, T.One / TensorPrimitives.Sum<T>(admitted), admitted);
                }
                bool needDs = DQ.Wanted || DK.Wanted || WantScale;
                if (needDs)
                {
                    // dP = dO·vᵀ, D = Σ P∘dP per row, dS = P∘(dP − D); the scale's gradient is Σ dS∘(q·kᵀ).
                    Product(rows, w, dv, dO, dv, 1, values, 1, dv, dp.P, w, false);
                    T scaleSum = T.Zero;
                    for (nint row = 0; row < rows; row++)
                    {
                        var prow = p.Span(row, 0, w);
                        var ds = dp.Span(row, 0, w);
                        T dRow = TensorPrimitives.Dot<T>(prow, ds);
                        TensorPrimitives.Subtract(ds, dRow, ds);
                        TensorPrimitives.Multiply(ds, prow, ds);
                        if (WantScale) scaleSum += TensorPrimitives.Dot<T>(ds, scores.Span(row, 0, w));
                    }
                    if (WantScale) ScalePartials[worker] += scaleSum;
                    TensorPrimitives.Multiply(dp.All, Scale, dp.All);
                    if (DQ.Wanted) AddProduct(DQ, worker, i0, rows, d, w, dp.P, w, 1, keys, d, 1);
                    if (DK.Wanted) AddProduct(DK, worker, js, w, d, rows, dp.P, 1, w, q, d, 1);
                }
                if (DV.Wanted) AddProduct(DV, worker, js, w, dv, rows, p.P, 1, w, dO, dv, 1);
            }
        }

        // ── Tensor attention ────────────────────────────────────────────────────────────────────────────────────
        public static void Tensor(MatrixView<T> q, MatrixView<T> k1, MatrixView<T> k2, MatrixView<T> v1, MatrixView<T> v2, T scale, MatrixView<T> dO,
            KeyWindow window1, KeyWindow window2,
            MatrixView<T> dQ, MatrixView<T> dK1, MatrixView<T> dK2, MatrixView<T> dV1, MatrixView<T> dV2, Span<T> dScale)
            => Tensor(q, k1, k2, v1, v2, scale, dO, window1, window2, dQ, dK1, dK2, dV1, dV2, dScale, SinglePassElements, TileElements);

        /// <summary>Tensor attention's gradients with the score block sizes given, so tests reach the two-pass path on small sizes.</summary>
        internal static void Tensor(MatrixView<T> q, MatrixView<T> k1, MatrixView<T> k2, MatrixView<T> v1, MatrixView<T> v2, T scale, MatrixView<T> dO,
            KeyWindow window1, KeyWindow window2,
            MatrixView<T> dQ, MatrixView<T> dK1, MatrixView<T> dK2, MatrixView<T> dV1, MatrixView<T> dV2, Span<T> dScale,
            int singlePassElements, int tileElements)
        {
            nint n = q.Rows, m1 = k1.Rows, m2 = k2.Rows, d = q.Cols, dv = v1.Cols;
            bool wantScale = dScale.Length == 1;
            bool anything = !Unsafe.IsNullRef(ref dQ.Start) || !Unsafe.IsNullRef(ref dK1.Start) || !Unsafe.IsNullRef(ref dK2.Start)
                || !Unsafe.IsNullRef(ref dV1.Start) || !Unsafe.IsNullRef(ref dV2.Start) || wantScale;
            if (!anything || n == 0 || m1 == 0 || m2 == 0 || window1.IsEmpty || window2.IsEmpty) return;
            nint w1 = WidestWindow(window1, m1), w2 = WidestWindow(window2, m2);
            long work = AttentionWork.Triples(n, m1, m2, 4 * d + 3 * dv, window1, window2);
            int threads = (int)Math.Clamp(work / MinWorkPerThread, 1, Math.Min(GemmWorkerPool.MaxThreads, n));
            nint tileRows = w1 * w2 <= singlePassElements ? w1 : Math.Clamp(tileElements / Math.Max(w2, 1), 1, w1);

            fixed (T* pq = &q.Start, pk1 = &k1.Start, pk2 = &k2.Start, pv1 = &v1.Start, pv2 = &v2.Start, pdo = &dO.Start)
            fixed (T* pdq = &dQ.Start, pdk1 = &dK1.Start, pdk2 = &dK2.Start, pdv1 = &dV1.Start, pdv2 = &dV2.Start)
            {
                using var memory = new Scratch();
                var job = new TensorJob
                {
                    Q = memory.RowMajor(pq, q), K1 = memory.RowMajor(pk1, k1), K2 = memory.RowMajor(pk2, k2),
                    V1 = memory.RowMajor(pv1, v1), V2 = memory.RowMajor(pv2, v2), DO = memory.RowMajor(pdo, dO),
                    Scale = scale, Window1 = window1, Window2 = window2, TileRows = tileRows,
                    DQ = memory.Destination(pdq, dQ, threads, shareRows: true),
                    DK1 = memory.Destination(pdk1, dK1, threads, shareRows: false),
                    DK2 = memory.Destination(pdk2, dK2, threads, shareRows: false),
                    DV1 = memory.Destination(pdv1, dV1, threads, shareRows: false),
                    DV2 = memory.Destination(pdv2, dV2, threads, shareRows: false),
                    WantScale = wantScale,
                    ScalePartials = memory.Take(threads),
                    Blocks = checked((int)n),
                };
                // Per thread, each region rented on its own (the pool rounds every rent up to a power of two): the
                // q-scaled second keys and dO-scaled second values (w2 × d, w2 × dv), one block of scores, probabilities
                // and dP (tile × w2 each), and three tile × d (or dv) products.
                job.SecondKeys = memory.PerThread(threads, w2 * d);
                job.SecondValues = memory.PerThread(threads, w2 * dv);
                job.Scores = memory.PerThread(threads, tileRows * w2);
                job.Probabilities = memory.PerThread(threads, tileRows * w2);
                job.ScoreGradients = memory.PerThread(threads, tileRows * w2);
                job.T1 = memory.PerThread(threads, tileRows * d);
                job.FirstKeys = memory.PerThread(threads, tileRows * d);
                job.FirstValues = memory.PerThread(threads, tileRows * dv);
                Run(job, threads);
                job.DQ.Finish(threads);
                job.DK1.Finish(threads);
                job.DK2.Finish(threads);
                job.DV1.Finish(threads);
                job.DV2.Finish(threads);
                if (wantScale) dScale[0] += Sum(job.ScalePartials, threads);
            }
        }

        private sealed class TensorJob : Job
        {
            public Dense Q, K1, K2, V1, V2, DO;
            public T Scale;
            public KeyWindow Window1, Window2;
            public nint TileRows;
            public Destination DQ, DK1, DK2, DV1, DV2;
            public bool WantScale;
            public T* ScalePartials;
            public T** SecondKeys, SecondValues, Scores, Probabilities, ScoreGradients, T1, FirstKeys, FirstValues;

            protected override void Item(int i, int worker)
            {
                nint d = Q.Cols, dv = V1.Cols;
                Window1.Range(i, K1.Rows, out nint j0, out nint j1);
                Window2.Range(i, K2.Rows, out nint k0, out nint k1);
                nint w1 = j1 - j0, w2 = k1 - k0;
                if (w1 <= 0 || w2 <= 0) return;
                bool needDs = DQ.Wanted || DK1.Wanted || DK2.Wanted || WantScale;
                nint tile = Math.Min(TileRows, w1);
                var a2 = new Dense(SecondKeys[worker], w2, d);      // k2[k] ∘ q[i]
                var w2v = new Dense(SecondValues[worker], w2, dv);  // v2[k] ∘ dO[i]
                T* scores = Scores[worker], probabilities = Probabilities[worker], dp = ScoreGradients[worker];
                var t1 = new Dense(T1[worker], tile, d);            // Σ_k dS[j,k] k2[k]
                var a1 = new Dense(FirstKeys[worker], tile, d);     // k1[j] ∘ q[i]
                var b1 = new Dense(FirstValues[worker], tile, dv);  // v1[j] ∘ dO[i]
                var qi = new Span<T>(Q.Row(i), (int)d);
                var doi = new Span<T>(DO.Row(i), (int)dv);
                for (nint k = 0; k < w2; k++)
                {
                    TensorPrimitives.Multiply(new ReadOnlySpan<T>(K2.Row(k0 + k), (int)d), qi, a2.Span(k, 0, d));
                    TensorPrimitives.Multiply(new ReadOnlySpan<T>(V2.Row(k0 + k), (int)dv), doi, w2v.Span(k, 0, dv));
                }

                // The row's log-sum-exp and D = Σ P∘dP: online over blocks of first keys when they are tiled.
                T max = T.NegativeInfinity, sum = T.Zero, weighted = T.Zero;
                void ComputeScores(nint ja, nint rows)
                {
                    // S[j,k] = α·Σ_l k1[j,l]·(k2[k,l]·q[i,l]); dP[j,k] = Σ_c v1[j,c]·(v2[k,c]·dO[i,c]).
                    Product(rows, w2, d, K1.Row(j0 + ja), d, 1, a2.P, 1, d, scores, w2, false);
                    if (needDs) Product(rows, w2, dv, V1.Row(j0 + ja), dv, 1, w2v.P, 1, dv, dp, w2, false);
                }
                void Statistics(nint rows)
                {
                    var e = new Span<T>(probabilities, (int)(rows * w2));
                    TensorPrimitives.Multiply(new ReadOnlySpan<T>(scores, e.Length), Scale, e);
                    T top = TensorPrimitives.Max<T>(e);
                    if (top > max)
                    {
                        T factor = T.Exp(max - top);
                        sum *= factor;
                        weighted *= factor;
                        max = top;
                    }
                    TensorPrimitives.Subtract(e, max, e);
                    TensorPrimitives.Exp<T>(e, e);
                    sum += TensorPrimitives.Sum<T>(e);
                    if (needDs) weighted += TensorPrimitives.Dot<T>(e, new ReadOnlySpan<T>(dp, e.Length));
                }
                bool single = tile == w1;
                if (!single)
                {
                    for (nint ja = 0; ja < w1; ja += tile)
                    {
                        nint rows = Math.Min(tile, w1 - ja);
                        ComputeScores(ja, rows);
                        Statistics(rows);
                    }
                }
                T logSum = T.Zero, dRow = T.Zero;
                T scaleSum = T.Zero;
                for (nint ja = 0; ja < w1; ja += tile)
                {
                    nint rows = Math.Min(tile, w1 - ja);
                    var p = new Span<T>(probabilities, (int)(rows * w2));
                    if (single)
                    {
                        ComputeScores(ja, rows);
                        Statistics(rows);
                        TensorPrimitives.Multiply(p, T.One / sum, p);
                        dRow = weighted / sum;
                    }
                    else
                    {
                        if (ja == 0)
                        {
                            logSum = max + T.Log(sum);
                            dRow = weighted / sum;
                        }
                        ComputeScores(ja, rows);
                        TensorPrimitives.Multiply(new ReadOnlySpan<T>(scores, p.Length), Scale, p);
                        TensorPrimitives.Subtract(p, logSum, p);
                        TensorPrimitives.Exp<T>(p, p);
                    }
                    T* k1Rows = K1.Row(j0 + ja), v1Rows = V1.Row(j0 + ja);
                    // dV1[j] += Σ_k P[j,k]·(v2[k] ∘ dO[i]); dV2[k] += Σ_j P[j,k]·(v1[j] ∘ dO[i]).
                    if (DV1.Wanted) AddProduct(DV1, worker, j0 + ja, rows, dv, w2, probabilities, w2, 1, w2v.P, dv, 1);
                    if (DV2.Wanted)
                    {
                        for (nint r = 0; r < rows; r++) TensorPrimitives.Multiply(new ReadOnlySpan<T>(v1Rows + r * dv, (int)dv), doi, b1.Span(r, 0, dv));
                        AddProduct(DV2, worker, k0, w2, dv, rows, probabilities, 1, w2, b1.P, dv, 1);
                    }
                    if (!needDs) continue;
                    var ds = new Span<T>(dp, p.Length);
                    TensorPrimitives.Subtract(ds, dRow, ds);
                    TensorPrimitives.Multiply(ds, p, ds);
                    if (WantScale) scaleSum += TensorPrimitives.Dot<T>(ds, new ReadOnlySpan<T>(scores, ds.Length));
                    TensorPrimitives.Multiply(ds, Scale, ds);
                    if (DQ.Wanted || DK1.Wanted)
                    {
                        // T1[j] = Σ_k dS[j,k]·k2[k]: dK1[j] += q[i] ∘ T1[j], dQ[i] += Σ_j k1[j] ∘ T1[j].
                        Product(rows, d, w2, dp, w2, 1, K2.Row(k0), d, 1, t1.P, d, false);
                        Dense dq = DQ.Wanted ? DQ.For(worker) : default;
                        Dense dk1 = DK1.Wanted ? DK1.For(worker) : default;
                        for (nint r = 0; r < rows; r++)
                        {
                            var t1r = t1.Span(r, 0, d);
                            if (DK1.Wanted) TensorPrimitives.MultiplyAdd(t1r, qi, dk1.Span(j0 + ja + r, 0, d), dk1.Span(j0 + ja + r, 0, d));
                            if (DQ.Wanted) TensorPrimitives.MultiplyAdd(t1r, new ReadOnlySpan<T>(k1Rows + r * d, (int)d), dq.Span(i, 0, d), dq.Span(i, 0, d));
                        }
                    }
                    if (DK2.Wanted)
                    {
                        // dK2[k] += Σ_j dS[j,k]·(k1[j] ∘ q[i]).
                        for (nint r = 0; r < rows; r++) TensorPrimitives.Multiply(new ReadOnlySpan<T>(k1Rows + r * d, (int)d), qi, a1.Span(r, 0, d));
                        AddProduct(DK2, worker, k0, w2, d, rows, dp, 1, w2, a1.P, d, 1);
                    }
                }
                if (WantScale) ScalePartials[worker] += scaleSum;
            }
        }

        // ── Shared machinery ────────────────────────────────────────────────────────────────────────────────────

        /// <summary>Items (blocks or rows) taken from a shared counter, so uneven windows balance themselves.</summary>
        private abstract class Job : GemmWork
        {
            public int Blocks;
            private int _next;

            public void Reset() => _next = 0;

            public override void Execute(int worker, int workers)
            {
                for (int b = Interlocked.Increment(ref _next) - 1; b < Blocks; b = Interlocked.Increment(ref _next) - 1)
                {
                    Item(b, worker);
                }
            }

            protected abstract void Item(int item, int worker);
        }

        private static void Run(Job job, int threads)
        {
            job.Reset();
            if (threads > 1 && GemmWorkerPool.TryEnter())
            {
                try
                {
                    GemmWorkerPool.Run(job, threads);
                }
                finally
                {
                    GemmWorkerPool.Exit();
                }
                return;
            }
            // One thread (or the pool is busy): every share on this thread, in worker 0's buffers.
            job.Execute(0, 1);
        }

        /// <summary>C (+)= A·B with A m × k and B k × n given by row and column strides, C row-major with leading dimension ldc.</summary>
        private static void Product(nint m, nint n, nint k, T* a, nint aRow, nint aCol, T* b, nint bRow, nint bCol, T* c, nint ldc, bool accumulate)
        {
            if (m == 0 || n == 0) return;
            if (k == 0)
            {
                if (!accumulate) for (nint r = 0; r < m; r++) new Span<T>(c + r * ldc, (int)n).Clear();
                return;
            }
            Gemm.Multiply(1, (int)m, (int)n, (int)k, ref *a, 0, aRow, aCol, ref *b, 0, bRow, bCol, ref *c, 0, ldc, 1, accumulate);
        }

        /// <summary>Rows [row0, row0 + m) of a destination += A·B (A m × k, B k × n, row-major B with leading dimension ldb).</summary>
        private static void AddProduct(Destination into, int worker, nint row0, nint m, nint n, nint k, T* a, nint aRow, nint aCol, T* b, nint ldb, nint bCol)
            => Product(m, n, k, a, aRow, aCol, b, ldb, bCol, into.For(worker).Row(row0), into.Cols, true);

        // The most keys any query row admits (sizes the per-row buffers).
        private static nint WidestWindow(KeyWindow window, nint keys)
        {
            if (window.IsFull) return keys;
            long width = Math.Clamp((long)window.High - Math.Max((long)window.Low, -(long)keys), 0, keys);
            return (nint)width;
        }

        private static T Sum(T* values, int count)
        {
            T total = T.Zero;
            for (int i = 0; i < count; i++) total += values[i];
            return total;
        }

        /// <summary>
        /// The call's pooled memory: one array per region kind (row-major copies, per-thread accumulators, per-thread
        /// scratch), each rented from <see cref="ArrayPool{T}.Shared"/> and pinned for the call, returned on dispose.
        /// </summary>
        private sealed class Scratch : IDisposable
        {
            private readonly System.Collections.Generic.List<(T[] Array, System.Runtime.InteropServices.GCHandle Handle)> _rented = new();

            private T* Rent(nint elements)
            {
                // Exactly the size asked for (no alignment slack): the pool rounds up to a power of two, and the products
                // and vector loops do not need aligned rows.
                var array = ArrayPool<T>.Shared.Rent(checked((int)Math.Max(elements, 1)));
                var handle = System.Runtime.InteropServices.GCHandle.Alloc(array, System.Runtime.InteropServices.GCHandleType.Pinned);
                _rented.Add((array, handle));
                return (T*)handle.AddrOfPinnedObject();
            }

            public T* Take(nint elements)
            {
                T* p = Rent(elements);
                new Span<T>(p, checked((int)Math.Max(elements, 1))).Clear();
                return p;
            }

            /// <summary>The operand itself when it is row-major, else a row-major copy.</summary>
            public Dense RowMajor(T* p, MatrixView<T> view)
            {
                if (view.ColStride == 1 && (view.RowStride == view.Cols || view.Rows <= 1)) return new Dense(p, view.Rows, view.Cols);
                T* copy = Rent(view.Rows * view.Cols);
                for (nint r = 0; r < view.Rows; r++)
                {
                    for (nint c = 0; c < view.Cols; c++) copy[r * view.Cols + c] = p[r * view.RowStride + c * view.ColStride];
                }
                return new Dense(copy, view.Rows, view.Cols);
            }

            /// <summary>
            /// Where each thread adds into a destination. Thread 0 (every thread, for row-owned dQ) adds in place when it is
            /// row-major; others into zeroed dense buffers that <see cref="Destination.Finish"/> adds in.
            /// </summary>
            public Destination Destination(T* p, MatrixView<T> view, int threads, bool shareRows)
            {
                var into = new Destination { P = p, RowStride = view.RowStride, ColStride = view.ColStride, Rows = view.Rows, Cols = view.Cols, Wanted = p != null };
                if (!into.Wanted) return into;
                into.DenseInPlace = view.ColStride == 1 && (view.RowStride == view.Cols || view.Rows <= 1);
                into.PerThread = (T**)Rent(threads * sizeof(nint) / sizeof(T) + 1);
                T* shared = into.DenseInPlace ? p : shareRows ? Take(view.Rows * view.Cols) : null;
                for (int w = 0; w < threads; w++)
                {
                    into.PerThread[w] = shared != null && (w == 0 || shareRows) ? shared : Take(view.Rows * view.Cols);
                }
                return into;
            }

            /// <summary>A scratch region of <paramref name="elements"/> per thread.</summary>
            public T** PerThread(int threads, nint elements)
            {
                T** table = (T**)Rent(threads * sizeof(nint) / sizeof(T) + 1);
                for (int w = 0; w < threads; w++) table[w] = Rent(elements);
                return table;
            }

            public void Dispose()
            {
                foreach (var (array, handle) in _rented)
                {
                    handle.Free();
                    ArrayPool<T>.Shared.Return(array);
                }
                _rented.Clear();
            }
        }
    }
}
