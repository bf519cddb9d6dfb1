using System;
using System.Buffers;
using System.Numerics;
using System.Threading;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// The blocked loop nest around one micro-kernel (see <see cref="GemmBlocking"/> for the order and the sizes), and
    /// the choice between one thread and the worker pool. Generic over the kernel struct, so each ISA width gets its own
    /// compiled copy with the kernel calls direct.
    /// </summary>
    /// <remarks>
    /// Parallel calls split work in one of two ways, and in both the threads share nothing but the call: each has its own
    /// pack buffers and meets the others only at the end.
    /// <list type="bullet">
    /// <item>By batch, when there are enough batch entries to keep every thread busy (b = 32 in <c>bij,bjk-&gt;bik</c>, the
    /// 32 heads of attention): each thread takes whole products from a shared counter.</item>
    /// <item>By slab, otherwise: C is cut into one slab of whole micro-panels per thread — columns when C is wide, rows
    /// when it is tall — and each thread computes its slab as a product of its own (packing its share of B, or of A, and
    /// all of the other operand's block it needs).</item>
    /// <item>By sum, when C is too small to give every thread a slab of whole micro-panels and the sum is long (a
    /// 64 × 4096 · 4096 × 64 product, the last step of a graph polynomial at n = 64, whose 64 columns are one micro-panel):
    /// each thread sums its own range of k into its own copy of C — the first thread into C itself — and the calling
    /// thread adds the copies into C at the end. Before this, such a product ran on one thread (0.37–0.44 ms).</item>
    /// </list>
    /// Slabs replaced a cooperative scheme in which the threads packed shared A and B blocks, met at a barrier per B block
    /// and took tiles from a shared counter: on this two-vCPU machine that scheme ran bimodally — a 96 × 16 · 16 × 9216
    /// product (a Tucker reconstruction's last step) took 0.37 ms in some stretches and 0.78–0.82 ms in others, within
    /// one process, more than twice its single-threaded 0.34 ms — because every barrier, every counter increment and
    /// every packed panel crossed between the cores, whose cost depends on where the host places the two vCPUs. Slabs run
    /// it in 0.23 ms; square products of 256–512 gained 5–20 %, 1024 stayed within noise (docs/performance.md).
    /// </remarks>
    internal static unsafe class GemmDriver<T, TKernel>
        where T : unmanaged, INumber<T>
        where TKernel : struct, IMicroKernel<T>
    {
        /// <summary>Below this many multiply-adds per thread, waking another thread costs more than it saves.</summary>
        private const long MinWorkPerThread = 1L << 20;

        private const int Alignment = 64;

        /// <summary>
        /// Largest A block (bytes) that the kernels read in place rather than packed. A small row-major A is still in
        /// L1/L2 from the previous tile row, so skipping its pack saves 2–4 % (batched 128², attention with d = 64);
        /// a large one comes from L3, where the kernel would stall on it, while packing streams it with full memory
        /// parallelism: reading a 1024² A in place measured 15 % slower than packing it.
        /// </summary>
        private const long DirectABytes = 256 * 1024;

        /// <summary>The work descriptor of parallel calls; only touched while holding the worker pool.</summary>
        private static readonly ParallelJob s_job = new();

        public static void Run(ref GemmProblem<T> p)
        {
            GemmBlocking blocks = GemmBlocking.For(p.M, p.N, p.K, sizeof(T), TKernel.Mr, TKernel.Nr);
            int aLength = RoundUpElements(blocks.APackLength(TKernel.Mr));
            int bLength = RoundUpElements(blocks.BPackLength(TKernel.Nr));

            int threads = (int)Math.Clamp(p.MultiplyAdds / MinWorkPerThread, 1, GemmWorkerPool.MaxThreads);
            bool byBatch = threads > 1 && p.BatchCount >= threads && (p.BatchCount % threads == 0 || p.BatchCount >= 4 * threads);
            bool bySum = threads > 1 && !byBatch && BySum(in p, threads);
            // One A and one B pack buffer per thread; for a split sum, a dense copy of C per thread but the first.
            int partialLength = bySum ? RoundUpElements(p.M * p.N) : 0;
            int bytes = checked(threads * (aLength + bLength) * sizeof(T) + (threads - 1) * partialLength * sizeof(T) + Alignment);

            byte[] rented = ArrayPool<byte>.Shared.Rent(bytes);
            try
            {
                fixed (byte* raw = rented)
                {
                    T* buffers = (T*)(((nint)raw + Alignment - 1) & ~(nint)(Alignment - 1));
                    if (threads > 1 && GemmWorkerPool.TryEnter())
                    {
                        try
                        {
                            s_job.Set(ref p, blocks, buffers, aLength, bLength, byBatch, bySum ? partialLength : 0);
                            GemmWorkerPool.Run(s_job, threads);
                            if (bySum) AddPartials(in p, buffers + (nint)threads * (aLength + bLength), partialLength, threads - 1);
                        }
                        finally
                        {
                            s_job.Clear();
                            GemmWorkerPool.Exit();
                        }
                    }
                    else
                    {
                        RunSequential(ref p, in blocks, buffers, buffers + aLength);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private static int RoundUpElements(int length) => GemmBlocking.RoundUp(length, Alignment / sizeof(T));

        /// <summary>Minimum summed positions per thread for a split sum: one full k block each.</summary>
        private const int MinSumPerThread = GemmBlocking.MaxKc;

        /// <summary>
        /// Split the sum when slabs of C would leave a thread without work or with a much smaller share (fewer than two
        /// micro-panels per thread along C's longer side), one product, C small enough to copy cheaply, and a sum long
        /// enough that every thread gets at least a full k block.
        /// </summary>
        private static bool BySum(in GemmProblem<T> p, int threads)
        {
            int panels = p.N >= p.M ? (p.N + TKernel.Nr - 1) / TKernel.Nr : (p.M + TKernel.Mr - 1) / TKernel.Mr;
            return p.BatchCount == 1 && panels < 2 * threads && p.K >= threads * MinSumPerThread && (long)p.M * p.N <= 256 * 256;
        }

        /// <summary>After a split sum: adds each thread's dense partial C (row-major M × N) into C.</summary>
        private static void AddPartials(in GemmProblem<T> p, T* partials, int partialLength, int count)
        {
            T* c = p.C.Data + p.C.Batch[0];
            for (int w = 0; w < count; w++)
            {
                T* part = partials + (nint)w * partialLength;
                for (int r = 0; r < p.M; r++)
                {
                    T* row = c + p.C.Rows[r];
                    T* src = part + (nint)r * p.N;
                    if (p.C.ColsUnit)
                    {
                        var target = new Span<T>(row + p.C.Cols[0], p.N);
                        System.Numerics.Tensors.TensorPrimitives.Add(target, new ReadOnlySpan<T>(src, p.N), target);
                    }
                    else
                    {
                        for (int j = 0; j < p.N; j++) row[p.C.Cols[j]] += src[j];
                    }
                }
            }
        }

        private static void RunSequential(ref GemmProblem<T> p, in GemmBlocking blocks, T* a, T* b)
        {
            for (int batch = 0; batch < p.BatchCount; batch++)
            {
                RunProduct(ref p, batch, in blocks, a, b);
            }
        }

        /// <summary>One product of the batch, on one thread, with pack buffers <paramref name="aPack"/> and <paramref name="bPack"/>.</summary>
        private static void RunProduct(ref GemmProblem<T> p, int batch, in GemmBlocking blocks, T* aPack, T* bPack)
        {
            int mr = TKernel.Mr, nr = TKernel.Nr;
            var block = new Block { AData = p.A.Data + p.A.Batch[batch], APack = aPack, BPack = bPack };
            T* bData = p.B.Data + p.B.Batch[batch];
            var target = new TileTarget<T>
            {
                Base = p.C.Data + p.C.Batch[batch],
                ColsUnit = p.C.ColsUnit,
            };

            for (block.Ic = 0; block.Ic < p.M; block.Ic += blocks.Mc)
            {
                block.Mc = Math.Min(blocks.Mc, p.M - block.Ic);
                block.MPanels = (block.Mc + mr - 1) / mr;
                // A small row-major A (contiguous rows, uniform row stride) needs no packing: the kernel reads its
                // whole micro-panels in place. Only a ragged last panel is packed, to give it zero rows to read.
                block.DirectPanels = p.A.ColsUnit && p.A.RowsUniform && (long)block.Mc * blocks.Kc * sizeof(T) <= DirectABytes
                    ? block.Mc / mr : 0;
                for (block.Pc = 0; block.Pc < p.K; block.Pc += blocks.Kc)
                {
                    block.Kc = Math.Min(blocks.Kc, p.K - block.Pc);
                    // Blocked accumulation: the kernel sums kc products in registers, then the block's partial sum is
                    // added into C; only the first block overwrites C, unless the caller asked to accumulate.
                    target.Add = p.Accumulate || block.Pc > 0;
                    GemmPacking.PackA(block.APack, block.AData, p.A.Rows + block.Ic, p.A.Cols + block.Pc, p.A.RowsUnit, p.A.ColsUnit,
                        block.Mc, block.Kc, mr, block.DirectPanels);

                    for (block.Jc = 0; block.Jc < p.N; block.Jc += blocks.Nc)
                    {
                        block.Nc = Math.Min(blocks.Nc, p.N - block.Jc);
                        block.NPanels = (block.Nc + nr - 1) / nr;
                        GemmPacking.PackB(block.BPack, bData, p.B.Rows + block.Pc, p.B.Cols + block.Jc, p.B.RowsUnit, p.B.ColsUnit,
                            block.Kc, block.Nc, nr, TKernel.NrStep);
                        RunTiles(ref p, ref block, ref target);
                    }
                }
            }
        }

        /// <summary>Every tile of the current block: each A micro-panel (in L1) against every B micro-panel.</summary>
        private static void RunTiles(ref GemmProblem<T> p, ref Block block, ref TileTarget<T> target)
        {
            int mr = TKernel.Mr, nr = TKernel.Nr;
            int kc = block.Kc;
            for (int ir = 0; ir < block.MPanels; ir++)
            {
                int i0 = ir * mr;
                T* aPanel = block.APack + (nint)i0 * kc;
                nint lda = kc;
                if (ir < block.DirectPanels)
                {
                    aPanel = block.AData + p.A.Rows[block.Ic + i0] + p.A.Cols[block.Pc];
                    lda = p.A.RowStride;
                }
                target.Rows = p.C.Rows + block.Ic + i0;
                target.RowCount = Math.Min(mr, block.Mc - i0);
                for (int jr = 0; jr < block.NPanels; jr++)
                {
                    int j0 = jr * nr;
                    int valid = Math.Min(nr, block.Nc - j0);
                    target.Cols = p.C.Cols + block.Jc + j0;
                    target.ColCount = valid;
                    TKernel.Run(kc, aPanel, lda, block.BPack + (nint)j0 * kc, GemmPacking.PanelWidth(valid, TKernel.NrStep), ref target);
                }
            }
        }

        /// <summary>The block being computed: where its A and B panels are, and its extent.</summary>
        private struct Block
        {
            public T* AData;
            public T* APack;
            public T* BPack;
            public int Ic, Pc, Jc;
            public int Mc, Kc, Nc;
            public int MPanels, NPanels;

            /// <summary>A micro-panels read in place from A (the first ones); the rest are packed.</summary>
            public int DirectPanels;
        }

        /// <summary>Start of share <paramref name="index"/> when <paramref name="count"/> items are split evenly among <paramref name="parts"/>.</summary>
        private static int Share(int count, int index, int parts) => (int)((long)count * index / parts);

        /// <summary>The preallocated description of a parallel call.</summary>
        private sealed class ParallelJob : GemmWork
        {
            private GemmProblem<T> _problem;
            private GemmBlocking _blocks;
            private T* _buffers;
            private int _aLength;
            private int _bLength;
            private bool _byBatch;
            private int _partialLength;
            private int _nextBatch;

            public void Set(ref GemmProblem<T> problem, GemmBlocking blocks, T* buffers, int aLength, int bLength, bool byBatch, int partialLength)
            {
                _partialLength = partialLength;
                _problem = problem;
                _blocks = blocks;
                _buffers = buffers;
                _aLength = aLength;
                _bLength = bLength;
                _byBatch = byBatch;
                _nextBatch = 0;
            }

            public void Clear()
            {
                _problem = default;
                _buffers = null;
            }

            public override void Execute(int worker, int workers)
            {
                T* a = _buffers + (nint)worker * (_aLength + _bLength);
                T* b = a + _aLength;
                if (_byBatch)
                {
                    int batch;
                    while ((batch = Interlocked.Increment(ref _nextBatch) - 1) < _problem.BatchCount)
                    {
                        RunProduct(ref _problem, batch, in _blocks, a, b);
                    }
                    return;
                }
                if (_partialLength > 0)
                {
                    RunSumShare(worker, workers, a, b);
                    return;
                }
                var slab = Slab(in _problem, worker, workers);
                if (slab.M == 0 || slab.N == 0) return;
                for (int batch = 0; batch < slab.BatchCount; batch++)
                {
                    RunProduct(ref slab, batch, in _blocks, a, b);
                }
            }

            // Thread 'worker's range of k, summed into C (worker 0) or into its dense partial copy of C (added up later).
            private void RunSumShare(int worker, int workers, T* a, T* b)
            {
                var share = _problem;
                int k0 = Share(_problem.K, worker, workers) & ~7, k1 = worker + 1 == workers ? _problem.K : Share(_problem.K, worker + 1, workers) & ~7;
                share.K = k1 - k0;
                share.A.Cols += k0;
                share.B.Rows += k0;
                if (worker == 0)
                {
                    RunProduct(ref share, 0, in _blocks, a, b);
                    return;
                }
                int m = share.M, n = share.N;
                T* partial = _buffers + (nint)workers * (_aLength + _bLength) + (nint)(worker - 1) * _partialLength;
                // The partial's offset tables live on this thread's stack: row r at r·N, column j at j.
                nint* rows = stackalloc nint[m];
                nint* cols = stackalloc nint[n];
                nint zero = 0;
                for (int r = 0; r < m; r++) rows[r] = (nint)r * n;
                for (int j = 0; j < n; j++) cols[j] = j;
                share.C = new GemmOperand<T>(partial, &zero, rows, m, cols, n);
                share.Accumulate = false;
                RunProduct(ref share, 0, in _blocks, a, b);
            }

            // Thread 'worker's slab of C: whole micro-panels of columns when C is at least as wide as tall, else of rows.
            private static GemmProblem<T> Slab(in GemmProblem<T> problem, int worker, int workers)
            {
                var slab = problem;
                if (slab.N >= slab.M)
                {
                    int j0 = SlabRange(slab.N, TKernel.Nr, worker, workers, out slab.N);
                    slab.B.Cols += j0;
                    slab.C.Cols += j0;
                }
                else
                {
                    int i0 = SlabRange(slab.M, TKernel.Mr, worker, workers, out slab.M);
                    slab.A.Rows += i0;
                    slab.C.Rows += i0;
                }
                return slab;
            }

            // The start and length of share 'worker' of 'extent' items, cut at multiples of 'panel'.
            private static int SlabRange(int extent, int panel, int worker, int workers, out int length)
            {
                int panels = (extent + panel - 1) / panel;
                int start = Math.Min(extent, Share(panels, worker, workers) * panel);
                length = Math.Min(extent, Share(panels, worker + 1, workers) * panel) - start;
                return start;
            }
        }
    }
}
