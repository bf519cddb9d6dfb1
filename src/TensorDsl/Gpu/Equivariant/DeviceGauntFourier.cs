using System;
using System.Numerics;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using TensorDsl.Equivariant;

namespace TensorDsl.Gpu.Equivariant
{
    /// <summary>
    /// The channel-wise Gaunt product by the Fourier method (Luo et al., ICLR 2024; DESIGN §6) on a <see cref="TensorDevice"/>:
    /// the ILGPU counterpart of <see cref="GauntFourier.Product(int, int, int, System.Numerics.Tensors.ReadOnlyTensorSpan{double}, System.Numerics.Tensors.ReadOnlyTensorSpan{double}, System.Numerics.Tensors.TensorSpan{double})"/>,
    /// with the same semantics, validation and error messages.
    /// </summary>
    /// <remarks>
    /// <para>
    /// z[..., l3² + l3 + m3] = Σ G(l1m1, l2m2, l3m3)·x[..., l1² + l1 + m1]·y[..., l2² + l2 + m2] for l3 ≤ lOut, G the real Gaunt
    /// coefficients of <see cref="TensorDsl.Language.Equivariant.GauntCoefficients"/>. The leading axes (batch, channels, …) are
    /// matched elementwise and broadcast as NumPy does: aligned from the right, each leading length of x and y equal to that of z
    /// or 1 (a missing axis counts as 1); z's leading shape must equal the broadcast shape. Any strides and offsets are accepted
    /// (views made with <see cref="DeviceTensor{T}.Permute"/>, <see cref="DeviceTensor{T}.Slice"/>, strided uploads; a
    /// broadcast axis may have stride 0); z must not have a zero stride on an axis longer than 1 and must not share its buffer
    /// with x or y.
    /// </para>
    /// <para>
    /// Method, per row: the exact 2D Fourier grids of x and y, their direct 2D convolution (the quarter of the product grid
    /// the projection reads), and the exact projection back onto degrees ≤ lOut; computed in the element type with tables built
    /// in double (float: about 1e-6 relative to the largest coefficient; double: about 1e-14). Rows are grouped into tiles, one
    /// tile per work group, with the grids of the tile's rows in shared memory (see <see cref="GauntFourierKernels"/>).
    /// The tables are uploaded once per (device, degrees, element type) and kept for the life of the device; the call waits
    /// for the kernel to finish.
    /// </para>
    /// <para>All arguments are checked before anything runs: a failed check throws and leaves z untouched.</para>
    /// </remarks>
    public static class DeviceGauntFourier
    {
        /// <summary>
        /// Channel-wise Gaunt product z = x ⊗ y truncated to degrees ≤ <paramref name="lOut"/>, in double precision
        /// (see <see cref="DeviceGauntFourier"/>).
        /// </summary>
        /// <param name="device">The device that runs the kernel; every tensor must live on it.</param>
        /// <param name="l1">Degree of x: its last axis has (l1 + 1)² coefficients. 0..<see cref="GauntFourier.MaxDegree"/>.</param>
        /// <param name="l2">Degree of y: its last axis has (l2 + 1)² coefficients. 0..<see cref="GauntFourier.MaxDegree"/>.</param>
        /// <param name="lOut">Largest output degree, 0..l1 + l2: z's last axis has (lOut + 1)² coefficients.</param>
        /// <param name="x">First operand, [..., (l1+1)²].</param>
        /// <param name="y">Second operand, [..., (l2+1)²].</param>
        /// <param name="z">Output, [..., (lOut+1)²] with the broadcast leading shape; overwritten.</param>
        /// <exception cref="ArgumentNullException">The device or a tensor is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A degree is out of range.</exception>
        /// <exception cref="ArgumentException">A shape does not fit, z has a zero stride, a tensor lives on another device, or z
        /// shares its buffer with x or y. Nothing is written.</exception>
        /// <exception cref="ObjectDisposedException">The device or a tensor has been disposed.</exception>
        public static void Product(TensorDevice device, int l1, int l2, int lOut, DeviceTensor<double> x, DeviceTensor<double> y, DeviceTensor<double> z)
            => ProductCore(device, l1, l2, lOut, x, y, z, ProductSharedDouble, ProductGlobalDouble);

        /// <summary>
        /// Channel-wise Gaunt product z = x ⊗ y truncated to degrees ≤ <paramref name="lOut"/>, in single precision (tables
        /// rounded from double; see <see cref="DeviceGauntFourier"/>).
        /// </summary>
        /// <inheritdoc cref="Product(TensorDevice, int, int, int, DeviceTensor{double}, DeviceTensor{double}, DeviceTensor{double})"/>
        public static void Product(TensorDevice device, int l1, int l2, int lOut, DeviceTensor<float> x, DeviceTensor<float> y, DeviceTensor<float> z)
            => ProductCore(device, l1, l2, lOut, x, y, z, ProductSharedSingle, ProductGlobalSingle);

        /// <summary>Threads per group on a GPU (fewer where the accelerator's groups are smaller).</summary>
        internal const int GroupThreads = 128;

        /// <summary>Largest number of rows one group computes at a time.</summary>
        internal const int MaxRowsPerTile = 32;

        /// <summary>Shared memory a group may use (bytes): the static limit every CUDA device grants without opting in.</summary>
        internal const int SharedBudget = 48 * 1024;

        /// <summary>Largest global scratch (elements) a call in global-memory mode allocates; it bounds the groups launched.</summary>
        internal const long ScratchBudget = 1L << 23;

        /// <summary>Tests: forces the global-memory work area even where the grids fit in shared memory.</summary>
        internal static bool ForceGlobal;

        // The kernels; each MethodInfo is also the key under which the device caches the loaded kernel.
        private static readonly MethodInfo ProductSharedSingle = Kernel(nameof(GauntFourierKernels.ProductSharedSingle));
        private static readonly MethodInfo ProductSharedDouble = Kernel(nameof(GauntFourierKernels.ProductSharedDouble));
        private static readonly MethodInfo ProductGlobalSingle = Kernel(nameof(GauntFourierKernels.ProductGlobalSingle));
        private static readonly MethodInfo ProductGlobalDouble = Kernel(nameof(GauntFourierKernels.ProductGlobalDouble));

        private static MethodInfo Kernel(string name)
            => typeof(GauntFourierKernels).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)
               ?? throw new InvalidOperationException($"Gaunt kernel '{name}' not found");

        /// <summary>Launches a kernel with its work area in dynamic shared memory; ILGPU builds the launcher from this signature.</summary>
        private delegate void SharedLauncher<T>(AcceleratorStream stream, KernelConfig config, ArrayView<long> meta,
            ArrayView<T> tables, ArrayView<T> x, ArrayView<T> y, ArrayView<T> z) where T : unmanaged;

        /// <summary>Launches a kernel with its work area in a global scratch buffer; ILGPU builds the launcher from this signature.</summary>
        private delegate void GlobalLauncher<T>(AcceleratorStream stream, KernelConfig config, ArrayView<long> meta,
            ArrayView<T> tables, ArrayView<T> x, ArrayView<T> y, ArrayView<T> z, ArrayView<T> scratch) where T : unmanaged;

        private static unsafe void ProductCore<T>(TensorDevice device, int l1, int l2, int lOut, DeviceTensor<T> x, DeviceTensor<T> y, DeviceTensor<T> z,
            MethodInfo sharedKernel, MethodInfo globalKernel)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(device);
            device.CheckTensor(x, nameof(x));
            device.CheckTensor(y, nameof(y));
            device.CheckTensor(z, nameof(z));
            GauntFourierDeviceChecks.Product(l1, l2, lOut, x.Lengths, y.Lengths, z.Lengths, z.Strides);
            device.CheckNotAliased(z, nameof(z), x, nameof(x));
            device.CheckNotAliased(z, nameof(z), y, nameof(y));

            int axes = z.Rank - 1;
            long rows = 1;
            for (int d = 0; d < axes; d++) rows *= z.Lengths[d];
            if (rows == 0) return; // an empty output: nothing to write

            var accelerator = device.Accelerator;
            int threads = Math.Max(1, Math.Min(GroupThreads, Math.Min(accelerator.MaxNumThreadsPerGroup, accelerator.MaxGroupSize.X)));
            long stride = GauntFourierDeviceLayout.RowStride(l1, l2, lOut);
            long rowBytes = stride * sizeof(T);
            long budget = Math.Min(SharedBudget, accelerator.MaxSharedMemoryPerGroup);
            bool shared = !ForceGlobal && rowBytes <= budget;
            // Rows per tile: enough convolution items (P + 1)(LOut + 1) per row to give every thread about two, within the
            // shared-memory budget.
            long items = (long)(l1 + l2 + 1) * ((lOut + GauntFourierDeviceLayout.VBlock) / GauntFourierDeviceLayout.VBlock);
            long perTile = Math.Clamp((2L * threads + items - 1) / items, 1, MaxRowsPerTile);
            if (shared) perTile = Math.Min(perTile, budget / rowBytes);
            perTile = Math.Min(perTile, rows);
            long tiles = (rows + perTile - 1) / perTile;
            long maxGroups = shared ? accelerator.MaxGridSize.X : Math.Max(1, ScratchBudget / (perTile * stride));
            int groups = (int)Math.Max(1, Math.Min(tiles, Math.Min(maxGroups, int.MaxValue)));

            var tables = GauntFourierDeviceTables<T>.Get(device, l1, l2, lOut);
            int length = GauntFourierDeviceLayout.Length(axes);
            Span<long> meta = length <= 128 ? stackalloc long[length] : new long[length];
            meta[GauntFourierDeviceLayout.Rows] = rows;
            meta[GauntFourierDeviceLayout.RowsPerTile] = perTile;
            meta[GauntFourierDeviceLayout.Tiles] = tiles;
            meta[GauntFourierDeviceLayout.L1] = l1;
            meta[GauntFourierDeviceLayout.L2] = l2;
            meta[GauntFourierDeviceLayout.LOut] = lOut;
            meta[GauntFourierDeviceLayout.Stride] = stride;
            meta[GauntFourierDeviceLayout.KappaX] = tables.KappaX;
            meta[GauntFourierDeviceLayout.KappaY] = tables.KappaY;
            meta[GauntFourierDeviceLayout.Omega] = tables.Omega;
            meta[GauntFourierDeviceLayout.Offsets] = x.Offset;
            meta[GauntFourierDeviceLayout.Offsets + 1] = y.Offset;
            meta[GauntFourierDeviceLayout.Offsets + 2] = z.Offset;
            meta[GauntFourierDeviceLayout.LastStrides] = x.Strides[x.Rank - 1];
            meta[GauntFourierDeviceLayout.LastStrides + 1] = y.Strides[y.Rank - 1];
            meta[GauntFourierDeviceLayout.LastStrides + 2] = z.Strides[z.Rank - 1];
            meta[GauntFourierDeviceLayout.Axes] = axes;
            for (int d = 0; d < axes; d++)
            {
                int at = GauntFourierDeviceLayout.FirstAxis + 4 * d;
                meta[at] = z.Lengths[d];
                meta[at + 1] = GauntFourierDeviceChecks.LeadingStride(x.Lengths, x.Strides, axes, d);
                meta[at + 2] = GauntFourierDeviceChecks.LeadingStride(y.Lengths, y.Strides, axes, d);
                meta[at + 3] = z.Strides[d];
            }

            var (tv, xv, yv, zv) = (tables.Buffer.BufferView, x.BufferView, y.BufferView, z.BufferView);
            if (shared)
            {
                var kernel = device.GetOrLoadKernel(sharedKernel, a => a.LoadKernel<SharedLauncher<T>>(sharedKernel));
                var config = new KernelConfig(groups, threads, SharedMemoryConfig.RequestDynamic<T>((int)(perTile * stride)));
                device.Launch(meta, (stream, metaView) => kernel(stream, config, metaView, tv, xv, yv, zv));
                return;
            }
            var global = device.GetOrLoadKernel(globalKernel, a => a.LoadKernel<GlobalLauncher<T>>(globalKernel));
            using var scratch = device.Allocate<T>((nint)(groups * perTile * stride));
            var sv = scratch.BufferView;
            var globalConfig = new KernelConfig(groups, threads);
            device.Launch(meta, (stream, metaView) => global(stream, globalConfig, metaView, tv, xv, yv, zv, sv));
        }
    }
}
