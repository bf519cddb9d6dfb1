using System;
using System.Diagnostics;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>Median wall time of repeated calls, after a warm-up of at least <see cref="WarmUpMs"/>, within a time budget.</summary>
    public static class Timer
    {
        /// <summary>Minimum warm-up time before measuring.</summary>
        public const double WarmUpMs = 300;

        public static double MedianMilliseconds(Action run, double budgetMs = 1500, int minRuns = 5, int maxRuns = 51)
        {
            // Warm-up long enough for the JIT to reach its optimized tier (a call or two would time tier-0 code),
            // and for page faults, pools and worker threads to settle.
            var warm = Stopwatch.StartNew();
            for (int calls = 0; calls < 3 || (warm.Elapsed.TotalMilliseconds < WarmUpMs && calls < 2000); calls++) run();
            var first = Stopwatch.StartNew();
            run();
            double once = first.Elapsed.TotalMilliseconds;
            return Median(run, (int)Math.Clamp(budgetMs / Math.Max(once, 1e-3), minRuns, maxRuns));
        }

        /// <summary>
        /// For calls of seconds each (a scalar loop nest measured as a "before"): one warm-up call — long loops reach
        /// optimized code through on-stack replacement within it — then the median of <paramref name="runs"/> calls.
        /// </summary>
        public static double SlowMedianMilliseconds(Action run, int runs = 2)
        {
            run();
            return Median(run, runs);
        }

        // The median of 'runs' timed calls.
        private static double Median(Action run, int runs)
        {
            var times = new double[runs];
            for (int i = 0; i < runs; i++)
            {
                var sw = Stopwatch.StartNew();
                run();
                times[i] = sw.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            return times[runs / 2];
        }
    }
}
