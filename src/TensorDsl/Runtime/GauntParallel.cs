using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using TensorDsl.Cpu;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// The row loop of one generated <c>[GauntProduct]</c> CPU kernel: computes the rows that its <c>rows</c> argument walks
    /// (<see cref="GauntRows.Count"/> of them, from its current position). Implemented by a struct nested in the generated code,
    /// so that <see cref="GauntParallel.Run{TKernel, T}"/> can call it on each thread's share of the rows.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IGauntRowKernel<T> where T : unmanaged
    {
        /// <summary>Computes every row of <paramref name="rows"/>; x, y and z are element [0, …, 0] of the operands, sx, sy and sz the strides of their harmonic axes.</summary>
        static abstract void Run(ref GauntRows rows, ref T x, nint sx, ref T y, nint sy, ref T z, nint sz);
    }

    /// <summary>
    /// Runs a generated <c>[GauntProduct]</c> CPU kernel on several cores when a call is large enough: the rows are split into
    /// contiguous shares (multiples of 16 rows, so every share but the last fills whole vector blocks) on the runtime's
    /// persistent worker pool, the same one <see cref="TensorDsl.Equivariant.GauntFourier"/> and the GEMM kernels use. Nothing
    /// is allocated per call: the work descriptor is one preallocated object per kernel type, and each thread keeps its row
    /// walker on its own stack. When the pool is busy (a concurrent call), the call runs on the calling thread alone.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class GauntParallel
    {
        /// <summary>Work (vector operations on one row: terms + components) below which one more thread does not pay for its wake-up.</summary>
        public const double WorkPerThread = 1 << 18;

        /// <summary>Rows per unit of a share: a multiple of every vector width (16 floats with AVX-512).</summary>
        private const int Unit = 16;

        /// <summary>Tests and measurements: the largest number of threads a call may use (0: all cores).</summary>
        internal static int ThreadLimit;

        /// <summary>
        /// Computes every row of <paramref name="rows"/> with <typeparamref name="TKernel"/>, on up to all cores when
        /// <paramref name="workPerRow"/> × rows is large (one thread per <see cref="WorkPerThread"/>).
        /// </summary>
        /// <param name="rows">The bound rows, at their first row.</param>
        /// <param name="x">Element [0, …, 0] of x.</param>
        /// <param name="sx">Stride of x's harmonic axis.</param>
        /// <param name="y">Element [0, …, 0] of y.</param>
        /// <param name="sy">Stride of y's harmonic axis.</param>
        /// <param name="z">Element [0, …, 0] of z.</param>
        /// <param name="sz">Stride of z's harmonic axis.</param>
        /// <param name="workPerRow">The kernel's cost of one row in vector operations (terms plus copied components).</param>
        public static unsafe void Run<TKernel, T>(ref GauntRows rows, ref T x, nint sx, ref T y, nint sy, ref T z, nint sz, double workPerRow)
            where TKernel : struct, IGauntRowKernel<T>
            where T : unmanaged
        {
            nint units = (rows.Count + Unit - 1) / Unit;
            int limit = ThreadLimit > 0 ? Math.Min(ThreadLimit, GemmWorkerPool.MaxThreads) : GemmWorkerPool.MaxThreads;
            int threads = (int)Math.Clamp(Math.Min(rows.Count * workPerRow / WorkPerThread, units), 1, limit);
            if (threads <= 1 || !GemmWorkerPool.TryEnter())
            {
                TKernel.Run(ref rows, ref x, sx, ref y, sy, ref z, sz);
                return;
            }
            try
            {
                fixed (nint* layout = rows.Layout)
                fixed (T* px = &x)
                fixed (T* py = &y)
                fixed (T* pz = &z)
                {
                    var job = Job<TKernel, T>.Shared;
                    job.Layout = layout;
                    job.Axes = rows.Axes;
                    job.Rows = rows.Count;
                    job.X = px;
                    job.Y = py;
                    job.Z = pz;
                    job.Sx = sx;
                    job.Sy = sy;
                    job.Sz = sz;
                    try
                    {
                        GemmWorkerPool.Run(job, threads);
                    }
                    finally
                    {
                        job.Layout = null;
                        job.X = job.Y = job.Z = null;
                    }
                }
            }
            finally
            {
                GemmWorkerPool.Exit();
            }
        }

        /// <summary>The pool's work descriptor: thread t of n computes units [t·U/n, (t+1)·U/n) of 16 rows.</summary>
        private sealed unsafe class Job<TKernel, T> : GemmWork
            where TKernel : struct, IGauntRowKernel<T>
            where T : unmanaged
        {
            public static readonly Job<TKernel, T> Shared = new();

            public nint* Layout;
            public int Axes;
            public nint Rows;
            public T* X, Y, Z;
            public nint Sx, Sy, Sz;

            public override void Execute(int worker, int workers)
            {
                nint units = (Rows + Unit - 1) / Unit;
                nint first = units * worker / workers * Unit, end = Math.Min(units * (worker + 1) / workers * Unit, Rows);
                if (first >= end) return;
                int length = GauntRows.StateLength(Axes + 1);
                Span<nint> state = length <= GauntRows.StackStateLength ? stackalloc nint[GauntRows.StackStateLength] : new nint[length];
                var rows = GauntRows.Range(new ReadOnlySpan<nint>(Layout, 4 * Axes), Axes, first, end - first, state);
                TKernel.Run(ref rows, ref Unsafe.AsRef<T>(X), Sx, ref Unsafe.AsRef<T>(Y), Sy, ref Unsafe.AsRef<T>(Z), Sz);
            }
        }
    }
}
