using System;
using ILGPU.Runtime;

namespace TensorDsl.Gpu.Attention
{
    /// <summary>
    /// The tile shapes of the streaming attention kernels and the layout of their metadata. Shared by the host code
    /// (<see cref="DeviceStreamingAttention"/>) and the kernels, which read the metadata at these positions.
    /// </summary>
    /// <remarks>
    /// <para>A work group owns a tile of <c>rows</c> query rows (<see cref="MaxRows"/> on a GPU, fewer where the accelerator's
    /// groups are smaller: 4 on ILGPU's default CPU accelerator) and one block of <see cref="ValueBlock"/> output columns.
    /// It has <c>rows</c> × <see cref="Lanes"/> threads: thread <c>t</c> serves query row <c>t / Lanes</c> and, within the
    /// column block, the columns <c>t % Lanes + Lanes·w</c>. The group streams over the keys a tile at a time (standard:
    /// <see cref="KeyTile"/> keys; tensor: <see cref="PairSide"/> × <see cref="PairSide"/> (j, k) pairs), staging the key
    /// rows <see cref="FeatureChunk"/> features at a time, and the value rows of the column block, in shared memory.</para>
    /// </remarks>
    internal static class AttentionTiling
    {
        /// <summary>Threads per query row: they split the row's scores and its output columns.</summary>
        public const int Lanes = 4;

        /// <summary>The most query rows per group (64 threads).</summary>
        public const int MaxRows = 16;

        /// <summary>Features (the summed index l) staged per step: longer feature vectors take several steps per key tile.</summary>
        public const int FeatureChunk = 32;

        /// <summary>Output columns per group. A wider output is split into blocks, each computed by its own groups (which
        /// recompute the scores).</summary>
        public const int ValueBlock = 64;

        /// <summary>Keys per tile of standard attention.</summary>
        public const int KeyTile = 16;

        /// <summary>Keys of each kind per tile of tensor attention: a tile holds PairSide × PairSide (j, k) pairs.</summary>
        public const int PairSide = 8;

        /// <summary>The (j, k) pairs of a tensor-attention tile.</summary>
        public const int Pairs = PairSide * PairSide;

        /// <summary>Shared-memory elements of the standard kernel: query, key and value tiles, scores, weights, accumulators.</summary>
        public const int StandardSharedElements =
            MaxRows * FeatureChunk + KeyTile * FeatureChunk + KeyTile * ValueBlock + 2 * MaxRows * KeyTile + MaxRows * ValueBlock;

        /// <summary>Shared-memory elements of the tensor kernel: query, two key and two value tiles, scores, weights, accumulators.</summary>
        public const int TensorSharedElements =
            MaxRows * FeatureChunk + 2 * PairSide * FeatureChunk + 2 * PairSide * ValueBlock + 2 * MaxRows * Pairs + MaxRows * ValueBlock;

        // ── Metadata of the standard kernel (all long).
        /// <summary>Query rows (n).</summary>
        public const int Queries = 0;
        /// <summary>Features (d, the summed index of the scores).</summary>
        public const int Features = 1;
        /// <summary>Output columns (dv).</summary>
        public const int ValueWidth = 2;
        /// <summary>Query rows per group.</summary>
        public const int Rows = 3;
        /// <summary>Column blocks (⌈dv / ValueBlock⌉).</summary>
        public const int Blocks = 4;
        /// <summary>Work items in all: query tiles × column blocks.</summary>
        public const int Tiles = 5;
        /// <summary>Query: offset, row stride, column stride.</summary>
        public const int QueryLayout = 6;
        /// <summary>Output: offset, row stride, column stride.</summary>
        public const int OutputLayout = 9;
        /// <summary>The first key set: key count, window low, window high (clamped), then the key tensor's and the value
        /// tensor's offset, row stride and column stride (9 entries). The tensor kernel has a second set after it.</summary>
        public const int FirstKeys = 12;
        /// <summary>Entries per key set.</summary>
        public const int KeySetLength = 9;
        /// <summary>Metadata length of the standard kernel.</summary>
        public const int StandardLength = FirstKeys + KeySetLength;
        /// <summary>Metadata length of the tensor kernel.</summary>
        public const int TensorLength = FirstKeys + 2 * KeySetLength;

        /// <summary>Query rows per group on <paramref name="accelerator"/>: <see cref="MaxRows"/>, or fewer when its groups hold
        /// fewer than <see cref="MaxRows"/> × <see cref="Lanes"/> threads; 0 when a group cannot hold even one row.</summary>
        /// <param name="accelerator">The accelerator.</param>
        public static int RowsPerGroup(Accelerator accelerator)
        {
            ArgumentNullException.ThrowIfNull(accelerator);
            int threads = Math.Min(accelerator.MaxNumThreadsPerGroup, accelerator.MaxGroupSize.X);
            return Math.Clamp(threads / Lanes, 0, MaxRows);
        }
    }
}
