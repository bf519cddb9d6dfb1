using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// The rows <c>[start, end)</c> of a generated loop nest's outer loop. <paramref name="addresses"/> holds the tensors'
    /// first elements (pinned for the duration of the call; the body turns each back into a reference), and
    /// <paramref name="args"/> the sizes and strides the body reads.
    /// </summary>
    public delegate void LoopBody(nint start, nint end, ReadOnlySpan<nint> addresses, ReadOnlySpan<nint> args);

    /// <summary>
    /// For generated code: splits the outer loop of a loop nest across the cores — the caller and the GEMM's worker pool —
    /// when the nest's work is large enough for a second thread to pay; each thread runs whole rows of the output, so no
    /// two threads write the same element. Nothing is allocated per call.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static unsafe class LoopParallel
    {
        /// <summary>Below this many element operations per thread, waking another thread costs more than it saves.</summary>
        public const double MinWorkPerThread = 1 << 16;

        private static readonly LoopWork s_work = new LoopWork();

        /// <summary>
        /// Runs <paramref name="body"/> over rows <c>[0, count)</c>, split across threads when <paramref name="work"/> (element
        /// operations of the whole nest) is large enough. Up to four tensors; pass <c>ref Unsafe.NullRef&lt;byte&gt;()</c> for
        /// the unused ones.
        /// </summary>
        public static void For(nint count, double work, ref byte r0, ref byte r1, ref byte r2, ref byte r3, LoopBody body, ReadOnlySpan<nint> args)
        {
            ArgumentNullException.ThrowIfNull(body);
            if (count <= 0) return;
            fixed (byte* p0 = &r0)
            fixed (byte* p1 = &r1)
            fixed (byte* p2 = &r2)
            fixed (byte* p3 = &r3)
            fixed (nint* a = args)
            {
                nint* addresses = stackalloc nint[4];
                addresses[0] = (nint)p0;
                addresses[1] = (nint)p1;
                addresses[2] = (nint)p2;
                addresses[3] = (nint)p3;
                int threads = (int)Math.Clamp(work / MinWorkPerThread, 1, Math.Min(GemmWorkerPool.MaxThreads, count));
                if (threads > 1 && GemmWorkerPool.TryEnter())
                {
                    try
                    {
                        s_work.Set(body, count, addresses, a, args.Length);
                        GemmWorkerPool.Run(s_work, threads);
                    }
                    finally
                    {
                        s_work.Clear();
                        GemmWorkerPool.Exit();
                    }
                    return;
                }
                body(0, count, new ReadOnlySpan<nint>(addresses, 4), args);
            }
        }

        /// <summary>A loop call's shares: thread w of n runs rows [count·w/n, count·(w+1)/n).</summary>
        private sealed class LoopWork : GemmWork
        {
            private LoopBody? _body;
            private nint _count;
            private nint* _addresses;
            private nint* _args;
            private int _argCount;

            public void Set(LoopBody body, nint count, nint* addresses, nint* args, int argCount)
            {
                _body = body;
                _count = count;
                _addresses = addresses;
                _args = args;
                _argCount = argCount;
            }

            public void Clear()
            {
                _body = null;
                _addresses = null;
                _args = null;
            }

            public override void Execute(int worker, int workers)
            {
                nint start = (nint)((long)_count * worker / workers);
                nint end = (nint)((long)_count * (worker + 1) / workers);
                if (start < end) _body!(start, end, new ReadOnlySpan<nint>(_addresses, 4), new ReadOnlySpan<nint>(_args, _argCount));
            }
        }
    }
}
