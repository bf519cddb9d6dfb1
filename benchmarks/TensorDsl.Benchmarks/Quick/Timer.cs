using System;
using System.Diagnostics;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>Median wall time of repeated calls, after a warm-up, within a time budget.</summary>
    public static class Timer
    {
        public static double MedianMilliseconds(Action run, double budgetMs = 1500, int minRuns = 5, int maxRuns = 51)
        {
            run(); // warm-up: JIT tiers, page faults, pools
            var first = Stopwatch.StartNew();
            run();
            double once = first.Elapsed.TotalMilliseconds;
            int runs = (int)Math.Clamp(budgetMs / Math.Max(once, 1e-3), minRuns, maxRuns);
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
