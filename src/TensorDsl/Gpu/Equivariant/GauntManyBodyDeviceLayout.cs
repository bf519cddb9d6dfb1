namespace TensorDsl.Gpu.Equivariant
{
    /// <summary>
    /// The metadata layout of the many-body kernels (<see cref="GauntFourierKernels"/>), shared with
    /// <see cref="DeviceGauntFourier.ManyBody(TensorDevice, int, int, int, DeviceTensor{double}, DeviceTensor{double}, DeviceTensor{double})"/>.
    /// The row layout (offsets, coefficient strides, leading axes) sits where the product's does
    /// (<see cref="GauntFourierDeviceLayout"/>), with x in the x slots and z in the z slots (the y slots are 0); the weights'
    /// layout and the projection tables' offsets follow the leading axes.
    /// </summary>
    /// <remarks>
    /// Work area of one row: F (x's grid, real then imaginary plane, (2L+1) rows of 2L+1 entries with
    /// <see cref="GauntFourierDeviceLayout.VBlock"/> zero columns on either side), two power grids (real and imaginary planes of
    /// (2νL+1)² entries each; power n uses side 2nL+1), x's coefficients, and the output accumulator ((LOut+1)²).
    /// </remarks>
    internal static class GauntManyBodyDeviceLayout
    {
        /// <summary>Rows in all (the product of x's leading lengths, the channel axis included).</summary>
        public const int Rows = GauntFourierDeviceLayout.Rows;
        /// <summary>Rows per group (one tile).</summary>
        public const int RowsPerTile = GauntFourierDeviceLayout.RowsPerTile;
        /// <summary>Tiles in all.</summary>
        public const int Tiles = GauntFourierDeviceLayout.Tiles;
        /// <summary>Degree of x.</summary>
        public const int L = 3;
        /// <summary>Number of factors ν.</summary>
        public const int Nu = 4;
        /// <summary>Largest output degree.</summary>
        public const int LOut = 5;
        /// <summary>Work elements per row (<see cref="RowStride"/>).</summary>
        public const int Stride = GauntFourierDeviceLayout.Stride;
        /// <summary>Offset of κ of x in the table buffer.</summary>
        public const int Kappa = 7;
        /// <summary>Length of the channel axis (the last leading axis): a row's channel is its index modulo this.</summary>
        public const int Channels = 8;

        /// <summary>Position of the weights' layout (offset, then the strides of the ν, channel and degree axes) for <paramref name="axes"/> leading axes.</summary>
        public static int Weights(int axes) => GauntFourierDeviceLayout.FirstAxis + 4 * axes;

        /// <summary>Position of the offsets of ω for the powers n = 2..ν (ν − 1 entries).</summary>
        public static int Omega(int axes) => Weights(axes) + 4;

        /// <summary>The metadata length.</summary>
        public static int Length(int axes, int nu) => Omega(axes) + nu - 1;

        /// <summary>Work elements of one row.</summary>
        public static long RowStride(int l, int nu, int lOut)
        {
            long s1 = 2 * l + 1, sMax = 2L * nu * l + 1;
            return 2 * s1 * (s1 + 2 * GauntFourierDeviceLayout.VBlock) + 4 * sMax * sMax + (long)(l + 1) * (l + 1) + (long)(lOut + 1) * (lOut + 1);
        }
    }
}
