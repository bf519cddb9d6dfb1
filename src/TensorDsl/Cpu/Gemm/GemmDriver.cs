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
    /// Parallel calls split work in one of two ways:
    /// <list type="bullet">
    /// <item>By batch, when there are enough batch entries to keep every thread busy (b = 32 in <c>bij,bjk-&gt;bik</c>, the
    /// 32 heads of attention): each thread takes whole products from a shared counter, with its own pack buffers.</item>
    /// <item>Cooperatively, otherwise (one large product): for each block, the threads pack the A and B blocks together
    /// (each a share of the micro-panels) into shared, double-buffered pack buffers, meet at a barrier, then take the
    /// block's tiles in chunks from a shared counter. Double buffering means one barrier per B block suffices: a thread
    /// packing block s + 1 has passed barrier s, which every thread reaches only after finishing block s − 1, the last
    /// user of that buffer.</item>
    /// </list>
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
            // Sequential: one A and one B buffer. By batch: one pair per thread. Cooperative: two shared pairs.
            int sets = threads == 1 ? 1 : byBatch ? threads : 2;
            int bytes = checked(sets * (aLength + bLength) * sizeof(T) + Alignment);

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
                            s_job.Set(ref p, blocks, buffers, aLength, bLength, byBatch, threads);
                            GemmWorkerPool.Run(s_job, threads);
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

        private static void RunSequential(ref GemmProblem<T> p, in GemmBlocking blocks, T* a, T* b)
        {
            int aGroup = 0, step = 0;
            for (int batch = 0; batch < p.BatchCount; batch++)
            {
                RunProduct(ref p, batch, in blocks, a, a, b, b, 0, 1, null, ref aGroup, ref step);
            }
        }

        /// <summary>
        /// One product of the batch, or thread <paramref name="worker"/>'s share of it when <paramref name="barrier"/> is
        /// set (then every thread calls this with the same arguments except the worker index, and meets at the barrier).
        /// </summary>
        private static void RunProduct(ref GemmProblem<T> p, int batch, in GemmBlocking blocks,
            T* aPack0, T* aPack1, T* bPack0, T* bPack1, int worker, int workers, GemmBarrier? barrier,
            ref int aGroup, ref int step)
        {
            int mr = TKernel.Mr, nr = TKernel.Nr;
            var block = new Block { AData = p.A.Data + p.A.Batch[batch] };
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
                    block.APack = (aGroup++ & 1) == 0 ? aPack0 : aPack1;
                    GemmPacking.PackA(block.APack, block.AData, p.A.Rows + block.Ic, p.A.Cols + block.Pc, p.A.RowsUnit, p.A.ColsUnit,
                        block.Mc, block.Kc, mr,
                        Math.Max(Share(block.MPanels, worker, workers), block.DirectPanels), Share(block.MPanels, worker + 1, workers));

                    for (block.Jc = 0; block.Jc < p.N; block.Jc += blocks.Nc)
                    {
                        block.Nc = Math.Min(blocks.Nc, p.N - block.Jc);
                        block.NPanels = (block.Nc + nr - 1) / nr;
                        block.BPack = (step++ & 1) == 0 ? bPack0 : bPack1;
                        GemmPacking.PackB(block.BPack, bData, p.B.Rows + block.Pc, p.B.Cols + block.Jc, p.B.RowsUnit, p.B.ColsUnit,
                            block.Kc, block.Nc, nr, TKernel.NrStep,
                            Share(block.NPanels, worker, workers), Share(block.NPanels, worker + 1, workers));

                        int tiles = block.MPanels * block.NPanels;
                        if (barrier is null)
                        {
                            RunTiles(ref p, ref block, ref target, 0, tiles);
                            continue;
                        }
                        barrier.SignalAndWait();
                        // Tiles are handed out in chunks from a counter the barrier has just reset, so a thread that
                        // loses its core for a while (another process, a page fault) holds up at most one chunk; each
                        // chunk is a run of row-major tiles, so an A micro-panel (in L1) serves several B micro-panels.
                        int chunk = Math.Clamp(tiles / (workers * 8), 1, block.NPanels);
                        int start;
                        while ((start = Interlocked.Add(ref barrier.NextTile, chunk) - chunk) < tiles)
                        {
                            RunTiles(ref p, ref block, ref target, start, Math.Min(start + chunk, tiles));
                        }
                    }
                }
            }
        }

        /// <summary>Tiles <c>[tile, tileEnd)</c> of the current block, numbered row-major (A micro-panel, then B micro-panel).</summary>
        private static void RunTiles(ref GemmProblem<T> p, ref Block block, ref TileTarget<T> target, int tile, int tileEnd)
        {
            int mr = TKernel.Mr, nr = TKernel.Nr;
            int kc = block.Kc;
            while (tile < tileEnd)
            {
                int ir = tile / block.NPanels;
                int jr = tile - ir * block.NPanels;
                int jEnd = Math.Min(block.NPanels, jr + (tileEnd - tile));
                tile += jEnd - jr;
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
                for (; jr < jEnd; jr++)
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
            private readonly GemmBarrier _barrier = new();
            private GemmProblem<T> _problem;
            private GemmBlocking _blocks;
            private T* _buffers;
            private int _aLength;
            private int _bLength;
            private bool _byBatch;
            private int _nextBatch;

            public void Set(ref GemmProblem<T> problem, GemmBlocking blocks, T* buffers, int aLength, int bLength, bool byBatch, int threads)
            {
                _problem = problem;
                _blocks = blocks;
                _buffers = buffers;
                _aLength = aLength;
                _bLength = bLength;
                _byBatch = byBatch;
                _nextBatch = 0;
                _barrier.Reset(threads);
            }

            public void Clear()
            {
                _problem = default;
                _buffers = null;
            }

            public override void Execute(int worker, int workers)
            {
                int aGroup = 0, step = 0;
                if (_byBatch)
                {
                    T* a = _buffers + (nint)worker * (_aLength + _bLength);
                    T* b = a + _aLength;
                    int batch;
                    while ((batch = Interlocked.Increment(ref _nextBatch) - 1) < _problem.BatchCount)
                    {
                        RunProduct(ref _problem, batch, in _blocks, a, a, b, b, 0, 1, null, ref aGroup, ref step);
                    }
                }
                else
                {
                    T* a0 = _buffers, a1 = a0 + _aLength, b0 = a1 + _aLength, b1 = b0 + _bLength;
                    for (int batch = 0; batch < _problem.BatchCount; batch++)
                    {
                        RunProduct(ref _problem, batch, in _blocks, a0, a1, b0, b1, worker, workers, _barrier, ref aGroup, ref step);
                    }
                }
            }
        }
    }
}
