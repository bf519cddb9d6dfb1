using System.Diagnostics;
using System.Threading;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// A spinning barrier for the threads of one parallel GEMM call: they meet once per B block, after packing it,
    /// so waits are short and a blocking primitive (microseconds to wake) would cost more than the wait. It also carries
    /// the counter from which the threads then take tiles. Allocation-free; reused by every call.
    /// </summary>
    internal sealed class GemmBarrier
    {
        private int _participants;
        private int _remaining;
        private int _phase;

        /// <summary>
        /// Work counter for the phase after the barrier, reset to zero by the last thread to arrive, before it releases
        /// the others. Nobody takes from it after the next barrier begins, since every thread arrives there only when
        /// it has found the counter exhausted.
        /// </summary>
        public int NextTile;

        public void Reset(int participants)
        {
            _participants = participants;
            _remaining = participants;
        }

        public void SignalAndWait()
        {
            int phase = Volatile.Read(ref _phase);
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                // Last to arrive: re-arm and reset the work counter, then release the others (the volatile write
                // publishes both).
                _remaining = _participants;
                NextTile = 0;
                Volatile.Write(ref _phase, phase + 1);
                return;
            }
            var spin = new GemmSpin();
            while (Volatile.Read(ref _phase) == phase)
            {
                spin.Pause();
            }
        }
    }

    /// <summary>
    /// Backoff for the short waits of a parallel call (a barrier, the end of a call): busy-wait with PAUSE for the
    /// first <see cref="SpinMicroseconds"/>, then call <see cref="Thread.Yield"/> on every iteration.
    /// </summary>
    /// <remarks>
    /// Waits are normally a few microseconds, and sleeping would add tens. But when the machine is oversubscribed
    /// (another process, the JIT's background thread) two threads of one call can share a core, and then a thread that
    /// keeps spinning holds up the very thread it waits for until the scheduler's next tick: stalls of 0.5–1 ms were
    /// measured that way. Yielding returns at once when nothing else is runnable, so past the short spin it costs little.
    /// (<see cref="SpinWait"/> is not used: it may also sleep, which costs a millisecond, or yield too early.)
    /// </remarks>
    internal struct GemmSpin
    {
        private const long SpinMicroseconds = 20;
        private long _deadline;

        public void Pause()
        {
            long now = Stopwatch.GetTimestamp();
            if (_deadline == 0)
            {
                _deadline = now + Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
            }
            if (now < _deadline)
            {
                Thread.SpinWait(16);
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
