using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace TensorDsl.Cpu
{
    /// <summary>One parallel GEMM call's work: thread <c>worker</c> of <c>workers</c> runs its share.</summary>
    internal abstract class GemmWork
    {
        public abstract void Execute(int worker, int workers);
    }

    /// <summary>
    /// A small persistent pool of GEMM threads (one per core beyond the caller's), woken per call. The caller runs
    /// share 0 itself and waits for the others. Nothing is allocated per call: the work descriptor is preallocated by
    /// the caller, and each worker spins briefly after a job and then sleeps on its own semaphore. <c>Parallel.For</c>
    /// is not used: it allocates per call (closures, task and loop state), and its scheduling latency (tens of
    /// microseconds) is large next to a 0.2 ms product; a spinning worker here starts within a microsecond.
    /// </summary>
    /// <remarks>
    /// <para>One call at a time: a second thread calling while the pool is busy gets <c>false</c> from
    /// <see cref="TryEnter"/> and runs its GEMM single-threaded, which is also the right thing when the caller is
    /// itself already one of many parallel threads.</para>
    /// <para>A share must not throw (the kernels only read and write validated memory); an exception is still caught
    /// and rethrown on the caller, but in a cooperative call the other threads would wait for the failed one at their
    /// next barrier.</para>
    /// </remarks>
    internal static class GemmWorkerPool
    {
        private static readonly object s_createLock = new();
        private static Worker[] s_workers = Array.Empty<Worker>();
        private static int s_busy;
        private static GemmWork? s_work;
        private static int s_threads;
        private static int s_pending;
        private static int s_generation;
        private static Exception? s_error;

        /// <summary>Threads a call may use: the caller plus one worker per other core.</summary>
        public static int MaxThreads { get; } = Math.Clamp(Environment.ProcessorCount, 1, 64);

        /// <summary>
        /// Takes the pool for one call, or returns false at once if another call holds it. On true, the caller owns the
        /// pool (and may fill its preallocated work descriptor) until <see cref="Exit"/>.
        /// </summary>
        public static bool TryEnter() => Interlocked.CompareExchange(ref s_busy, 1, 0) == 0;

        /// <summary>Gives the pool back.</summary>
        public static void Exit() => Volatile.Write(ref s_busy, 0);

        /// <summary>
        /// Runs <paramref name="work"/> on <paramref name="threads"/> threads, the caller being thread 0, and returns
        /// when every share is done. The caller must hold the pool (<see cref="TryEnter"/>).
        /// </summary>
        public static void Run(GemmWork work, int threads)
        {
            Worker[] workers = EnsureWorkers(threads - 1);
            s_work = work;
            s_threads = threads;
            s_error = null;
            Volatile.Write(ref s_pending, threads - 1);
            // Publish the job (a full fence), then wake those participants that went to sleep; the others are spinning
            // on the generation and start within a microsecond, with no system call on this thread.
            Interlocked.Increment(ref s_generation);
            for (int i = 0; i < threads - 1; i++)
            {
                workers[i].WakeIfSleeping();
            }
            Exception? own = null;
            try
            {
                work.Execute(0, threads);
            }
            catch (Exception e)
            {
                own = e;
            }
            var spin = new GemmSpin();
            while (Volatile.Read(ref s_pending) != 0)
            {
                spin.Pause();
            }
            s_work = null;
            Exception? error = own ?? s_error;
            if (error is not null)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }

        /// <summary>
        /// Bytes allocated so far by the pool's threads (each updates its count after every job), for the test that
        /// shows a call allocates nothing: the process-wide count also sees the test host's own threads.
        /// </summary>
        internal static long WorkerAllocatedBytes()
        {
            long total = 0;
            foreach (Worker worker in s_workers)
            {
                total += worker.AllocatedBytes;
            }
            return total;
        }

        private static Worker[] EnsureWorkers(int count)
        {
            if (s_workers.Length >= count)
            {
                return s_workers;
            }
            lock (s_createLock)
            {
                var workers = new Worker[count];
                Array.Copy(s_workers, workers, s_workers.Length);
                for (int i = s_workers.Length; i < count; i++)
                {
                    workers[i] = new Worker(i + 1);
                }
                s_workers = workers;
                return workers;
            }
        }

        /// <summary>
        /// A pool thread. After each job it spins for <see cref="SpinMicroseconds"/> watching the job generation, so
        /// back-to-back calls (the steps of one contraction, a benchmark loop) start it without a system call; then it
        /// sleeps on its semaphore. Exactly one of the worker (cancelling its sleep) and the caller (waking it) flips
        /// <see cref="_sleeping"/> from 1 to 0, and only the caller's flip is paired with a Release, so no wake-up is
        /// lost and the semaphore count stays balanced.
        /// </summary>
        private sealed class Worker
        {
            /// <summary>How long an idle worker keeps a core busy waiting for the next call before it blocks.</summary>
            private const int SpinMicroseconds = 200;

            private readonly SemaphoreSlim _wake = new(0);
            private readonly int _index;
            private readonly int _firstGeneration;
            private int _sleeping;
            private long _allocatedBytes;

            public Worker(int index)
            {
                _index = index;
                // Read before the creating call publishes its job, so the new thread cannot miss that job.
                _firstGeneration = Volatile.Read(ref s_generation);
                var thread = new Thread(Loop)
                {
                    IsBackground = true,
                    Name = "TensorDsl GEMM " + index,
                };
                thread.Start();
            }

            public long AllocatedBytes => Volatile.Read(ref _allocatedBytes);

            public void WakeIfSleeping()
            {
                if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
                {
                    _wake.Release();
                }
            }

            private void Loop()
            {
                int seen = _firstGeneration;
                while (true)
                {
                    WaitForGeneration(seen);
                    seen = Volatile.Read(ref s_generation);
                    if (_index >= Volatile.Read(ref s_threads))
                    {
                        continue; // this job uses fewer threads
                    }
                    try
                    {
                        s_work!.Execute(_index, s_threads);
                    }
                    catch (Exception e)
                    {
                        s_error = e;
                    }
                    finally
                    {
                        Volatile.Write(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread());
                        Interlocked.Decrement(ref s_pending);
                    }
                }
            }

            private void WaitForGeneration(int seen)
            {
                long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
                while (Volatile.Read(ref s_generation) == seen)
                {
                    if (Stopwatch.GetTimestamp() > deadline)
                    {
                        Interlocked.Exchange(ref _sleeping, 1);
                        if (Volatile.Read(ref s_generation) == seen)
                        {
                            _wake.Wait();           // the caller flipped _sleeping and released
                        }
                        else if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                        {
                            _wake.Wait();           // the caller flipped it first: take its release
                        }
                        return;
                    }
                    // Yield rather than PAUSE: an idle worker must not hold a core that the caller may need when the
                    // machine is oversubscribed (sched_yield returns at once when nothing else is runnable).
                    Thread.Yield();
                }
            }
        }
    }
}
