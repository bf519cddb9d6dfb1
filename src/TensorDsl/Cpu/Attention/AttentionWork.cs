using System;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// The multiply-adds of an attention call, from which the forward and backward kernels decide how many threads it
    /// gets: the (query, key) pairs — or (query, j, k) triples — their windows admit, times the multiply-adds per one.
    /// </summary>
    internal static class AttentionWork
    {
        /// <summary>Admitted (query, key) pairs of <paramref name="n"/> queries times <paramref name="width"/>.</summary>
        public static long Pairs(nint n, nint keys, nint width, KeyWindow window)
        {
            long pairs = 0;
            if (window.IsFull)
            {
                pairs = (long)n * keys;
            }
            else
            {
                for (nint i = 0; i < n; i++)
                {
                    window.Range(i, keys, out nint lo, out nint hi);
                    pairs += Math.Max(0, hi - lo);
                }
            }
            return pairs > long.MaxValue / Math.Max(width, 1) ? long.MaxValue : pairs * width;
        }

        /// <summary>Admitted (query, j, k) triples of <paramref name="n"/> queries times <paramref name="width"/>.</summary>
        public static long Triples(nint n, nint n1, nint n2, nint width, KeyWindow window1, KeyWindow window2)
        {
            double triples = 0;
            for (nint i = 0; i < n; i++)
            {
                window1.Range(i, n1, out nint lo1, out nint hi1);
                window2.Range(i, n2, out nint lo2, out nint hi2);
                triples += (double)Math.Max(0, hi1 - lo1) * Math.Max(0, hi2 - lo2);
            }
            double total = triples * Math.Max(width, 1);
            return total >= long.MaxValue ? long.MaxValue : (long)total;
        }
    }
}
