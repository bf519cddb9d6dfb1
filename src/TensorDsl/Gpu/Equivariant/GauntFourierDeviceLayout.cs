using System;

namespace TensorDsl.Gpu.Equivariant
{
    /// <summary>
    /// The metadata layout of the Fourier-method Gaunt kernels and the per-row work layout (the Fourier grids and the product
    /// grid). Shared by the host code (<see cref="DeviceGauntFourier"/>) and the kernels (<see cref="GauntFourierKernels"/>),
    /// which read the metadata at these positions.
    /// </summary>
    /// <remarks>
    /// Work area of one row (elements of the kernel's type), at <c>row · <see cref="RowStride"/></c> within the group's block:
    /// <c>F</c> (real plane, then imaginary plane, (2L1+1)² each, row-major in (u + L1, v + L1)), <c>G</c> (the same for y, each grid row with <see cref="VBlock"/> zero columns on either side), then a
    /// region used twice: first the row's x and y coefficients, then (after a barrier) the quarter H_uv, u = 0..P, v = 0..LOut,
    /// of the product grid (real plane, then imaginary plane).
    /// </remarks>
    internal static class GauntFourierDeviceLayout
    {
        // ── Metadata (all long).
        /// <summary>Rows in all (the product of z's leading lengths).</summary>
        public const int Rows = 0;
        /// <summary>Rows per group (one tile).</summary>
        public const int RowsPerTile = 1;
        /// <summary>Tiles in all: ⌈rows / rows per tile⌉.</summary>
        public const int Tiles = 2;
        /// <summary>Degree of x.</summary>
        public const int L1 = 3;
        /// <summary>Degree of y.</summary>
        public const int L2 = 4;
        /// <summary>Largest output degree.</summary>
        public const int LOut = 5;
        /// <summary>Work elements per row (<see cref="RowStride"/>).</summary>
        public const int Stride = 6;
        /// <summary>Offset of the x synthesis table (κ of x) in the table buffer.</summary>
        public const int KappaX = 7;
        /// <summary>Offset of the y synthesis table (κ of y) in the table buffer.</summary>
        public const int KappaY = 8;
        /// <summary>Offset of the projection table (ω) in the table buffer.</summary>
        public const int Omega = 9;
        /// <summary>Element offsets of x, y and z in their buffers (3 entries).</summary>
        public const int Offsets = 10;
        /// <summary>Strides of the coefficient (last) axis of x, y and z (3 entries).</summary>
        public const int LastStrides = 13;
        /// <summary>Number of leading axes.</summary>
        public const int Axes = 16;
        /// <summary>Per leading axis of z: its length and the strides of x, y and z along it (0 where an operand broadcasts).</summary>
        public const int FirstAxis = 17;

        /// <summary>
        /// Product-grid entries (neighbouring v) one work item of the convolution computes; also the zero columns kept on each
        /// side of G, so the sliding window reads past G's edges without tests.
        /// </summary>
        public const int VBlock = 4;

        /// <summary>Largest number of rows one group computes at a time (the kernels keep the rows' offsets in shared memory).</summary>
        public const int MaxRowsPerTile = 32;

        /// <summary>The metadata length for <paramref name="axes"/> leading axes.</summary>
        public static int Length(int axes) => FirstAxis + 4 * axes;

        /// <summary>Work elements of one row: the two input grids and the larger of (x and y) and (the product quarter).</summary>
        public static long RowStride(int l1, int l2, int lOut)
        {
            long s1 = 2 * l1 + 1, s2 = 2 * l2 + 1;
            long inputs = (long)(l1 + 1) * (l1 + 1) + (long)(l2 + 1) * (l2 + 1);
            long product = 2L * (l1 + l2 + 1) * (lOut + 1);
            return 2 * s1 * s1 + 2 * s2 * (s2 + 2 * VBlock) + Math.Max(inputs, product);
        }
    }
}
