using System;
using System.Runtime.CompilerServices;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// Cache block sizes for one call: summed positions per block (kc), rows per A block (mc), columns per B block (nc).
    /// </summary>
    /// <remarks>
    /// <para>Loop nest (GotoBLAS/BLIS with the roles of A and B mirrored, because the kernels broadcast A and stream
    /// vectors of B): for each mc rows of A, for each kc summed positions, pack the A block; for each nc columns, pack
    /// the B block; then for every A micro-panel (Mr rows) run the kernel across every B micro-panel (Nr columns).</para>
    /// <para>Where each piece lives, for the AVX-512 float kernel (6 × 64) on a Zen 4 core (L1d 32 KiB, L2 1 MiB):
    /// <list type="bullet">
    /// <item>A micro-panel, 6 × kc: reused by every tile of a row of tiles, so it must stay in L1: 6 × 256 × 4 B = 6 KiB
    /// (12 KiB for double), leaving room for the streaming B lines.</item>
    /// <item>B block, kc × nc: reused by every A micro-panel, so it must stay in L2: 256 × 512 × 4 B = 512 KiB (double:
    /// 256 × 256 × 8 B), half the L2 so the A panels and C lines passing through do not evict it.</item>
    /// <item>A block, mc × kc: read once per B block from wherever it is (its reuse is in L1), so mc only bounds the
    /// pack buffer and how often B is packed again: 2 MiB of A, i.e. mc = 2048 float rows.</item>
    /// </list>
    /// kc = 256 also bounds the f32 error: each C element gets its block's partial sum of at most 256 products
    /// accumulated in a register, then one rounding per block when it is added into C (blocked accumulation).</para>
    /// <para>Block sizes are balanced: K = 300 gives two blocks of 150, not 256 + 44, so no block is a sliver that pays
    /// a whole tile store for a few summed positions.</para>
    /// </remarks>
    internal readonly struct GemmBlocking
    {
        /// <summary>Most summed positions per block.</summary>
        public const int MaxKc = 256;

        /// <summary>Bytes of B block kept in L2.</summary>
        public const int BBlockBytes = 512 * 1024;

        /// <summary>Bytes of A block per pack buffer.</summary>
        public const int ABlockBytes = 2 * 1024 * 1024;

        public readonly int Mc;
        public readonly int Kc;
        public readonly int Nc;

        private GemmBlocking(int mc, int kc, int nc)
        {
            Mc = mc;
            Kc = kc;
            Nc = nc;
        }

        /// <summary>Block sizes for an m × n × k product with the given kernel shape.</summary>
        public static GemmBlocking For(int m, int n, int k, int elementSize, int mr, int nr)
        {
            int kc = Balance(k, MaxKc, 1);
            int maxNc = Math.Max(nr, BBlockBytes / (kc * elementSize) / nr * nr);
            int maxMc = Math.Max(mr, ABlockBytes / (kc * elementSize) / mr * mr);
            return new GemmBlocking(Balance(m, maxMc, mr), kc, Balance(n, maxNc, nr));
        }

        /// <summary>Pack buffer elements for one A block (whole micro-panels).</summary>
        public int APackLength(int mr) => RoundUp(Mc, mr) * Kc;

        /// <summary>Pack buffer elements for one B block (whole micro-panels).</summary>
        public int BPackLength(int nr) => RoundUp(Nc, nr) * Kc;

        /// <summary>Splits <paramref name="length"/> into the fewest blocks of at most <paramref name="max"/>, of equal size rounded up to <paramref name="align"/>.</summary>
        private static int Balance(int length, int max, int align)
        {
            if (length <= max)
            {
                return Math.Max(length, 1);
            }
            int blocks = (length + max - 1) / max;
            return Math.Min(max, RoundUp((length + blocks - 1) / blocks, align));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
    }
}
