using System;
using System.Numerics;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using TensorDsl.Equivariant;

namespace TensorDsl.Gpu.Equivariant
{
    /// <summary>
    /// The channel-wise Gaunt product by the Fourier method (Luo et al., ICLR 2024; docs/design.md §6.2) on a <see cref="TensorDevice"/>:
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

        /// <summary>
        /// Many-body (MACE-style) features in double precision, the counterpart of
        /// <see cref="GauntFourier.ManyBody(int, int, int, System.Numerics.Tensors.ReadOnlyTensorSpan{double}, System.Numerics.Tensors.ReadOnlyTensorSpan{double}, System.Numerics.Tensors.TensorSpan{double})"/>:
        /// z[..., c, l²+l+m] = Σ_{n=1..ν} weights[n−1, c, l]·∫ f_c^n Y_lm dΩ, f_c = Σ x[..., c, lm] Y_lm (the n-fold Gaunt product of
        /// x with itself, never truncated between factors).
        /// </summary>
        /// <param name="device">The device that runs the kernel; every tensor must live on it.</param>
        /// <param name="l">Degree of x, 0..<see cref="GauntFourier.MaxDegree"/>.</param>
        /// <param name="nu">Number of factors ν ≥ 1 (at most <see cref="GauntFourier.MaxFactors"/>, and ν·l ≤ <see cref="GauntFourier.MaxProductDegree"/>).</param>
        /// <param name="lOut">Largest output degree, 0..ν·l.</param>
        /// <param name="x">Features [..., channels, (l+1)²] (rank ≥ 2: the axis before the last is the channel axis).</param>
        /// <param name="weights">[ν, channels, lOut + 1]: weights[n−1, c, l] multiplies degree l of the n-fold product of channel c.</param>
        /// <param name="z">Output [..., channels, (lOut+1)²], the leading shape of x; overwritten.</param>
        /// <exception cref="ArgumentNullException">The device or a tensor is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A degree or ν is out of range.</exception>
        /// <exception cref="ArgumentException">A shape does not fit, z has a zero stride, a tensor lives on another device, or z
        /// shares its buffer with x or the weights. Nothing is written.</exception>
        /// <exception cref="ObjectDisposedException">The device or a tensor has been disposed.</exception>
        public static void ManyBody(TensorDevice device, int l, int nu, int lOut, DeviceTensor<double> x, DeviceTensor<double> weights, DeviceTensor<double> z)
            => ManyBodyCore(device, l, nu, lOut, x, weights, z, ManyBodySharedDouble, ManyBodyGlobalDouble);

        /// <summary>
        /// Many-body (MACE-style) features in single precision (tables rounded from double); see
        /// <see cref="ManyBody(TensorDevice, int, int, int, DeviceTensor{double}, DeviceTensor{double}, DeviceTensor{double})"/>.
        /// </summary>
        /// <inheritdoc cref="ManyBody(TensorDevice, int, int, int, DeviceTensor{double}, DeviceTensor{double}, DeviceTensor{double})"/>
        public static void ManyBody(TensorDevice device, int l, int nu, int lOut, DeviceTensor<float> x, DeviceTensor<float> weights, DeviceTensor<float> z)
            => ManyBodyCore(device, l, nu, lOut, x, weights, z, ManyBodySharedSingle, ManyBodyGlobalSingle);

        /// <summary>Threads per group on a GPU (fewer where the accelerator's groups are smaller).</summary>
        internal const int GroupThreads = 128;

        /// <summary>Shared memory a group may use (bytes): the static limit every CUDA device grants without opting in.</summary>
        internal const int SharedBudget = 48 * 1024;

        /// <summary>Largest global scratch (elements) a call in global-memory mode allocates; it bounds the groups launched.</summary>
        internal const long ScratchBudget = 1L << 23;

        /// <summary>Tests: forces the global-memory work area even where the grids fit in shared memory.</summary>
        internal static bool ForceGlobal;

        // The kernels; each MethodInfo is also the key under which the device caches the loaded kernel.
        private static readonly MethodInfo ProductSharedSingle = Kernel(nameof(GauntFourierKernels.ProductShared)).MakeGenericMethod(typeof(float));
        private static readonly MethodInfo ProductSharedDouble = Kernel(nameof(GauntFourierKernels.ProductShared)).MakeGenericMethod(typeof(double));
        private static readonly MethodInfo ProductGlobalSingle = Kernel(nameof(GauntFourierKernels.ProductGlobal)).MakeGenericMethod(typeof(float));
        private static readonly MethodInfo ProductGlobalDouble = Kernel(nameof(GauntFourierKernels.ProductGlobal)).MakeGenericMethod(typeof(double));
        private static readonly MethodInfo ManyBodySharedSingle = Kernel(nameof(GauntFourierKernels.ManyBodyShared)).MakeGenericMethod(typeof(float));
        private static readonly MethodInfo ManyBodySharedDouble = Kernel(nameof(GauntFourierKernels.ManyBodyShared)).MakeGenericMethod(typeof(double));
        private static readonly MethodInfo ManyBodyGlobalSingle = Kernel(nameof(GauntFourierKernels.ManyBodyGlobal)).MakeGenericMethod(typeof(float));
        private static readonly MethodInfo ManyBodyGlobalDouble = Kernel(nameof(GauntFourierKernels.ManyBodyGlobal)).MakeGenericMethod(typeof(double));

        private static MethodInfo Kernel(string name)
            => typeof(GauntFourierKernels).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)
               ?? throw new InvalidOperationException($"Gaunt kernel '{name}' not found");

        /// <summary>Launches a kernel with its work area in dynamic shared memory; ILGPU builds the launcher from this signature.</summary>
        private delegate void SharedLauncher<T>(AcceleratorStream stream, KernelConfig config, ArrayView<long> meta,
            ArrayView<T> tables, ArrayView<T> x, ArrayView<T> y, ArrayView<T> z) where T : unmanaged;

        /// <summary>Launches a kernel with its work area in a global scratch buffer; ILGPU builds the launcher from this signature.</summary>
        private delegate void GlobalLauncher<T>(AcceleratorStream stream, KernelConfig config, ArrayView<long> meta,
            ArrayView<T> tables, ArrayView<T> x, ArrayView<T> y, ArrayView<T> z, ArrayView<T> scratch) where T : unmanaged;

        private static void ProductCore<T>(TensorDevice device, int l1, int l2, int lOut, DeviceTensor<T> x, DeviceTensor<T> y, DeviceTensor<T> z,
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

            long stride = GauntFourierDeviceLayout.RowStride(l1, l2, lOut);
            long items = (long)(l1 + l2 + 1) * ((lOut + GauntFourierDeviceLayout.VBlock) / GauntFourierDeviceLayout.VBlock);
            var shape = Shape<T>(device, rows, stride, items);

            var tables = GauntFourierDeviceTables<T>.Get(device, l1, l2, lOut);
            int length = GauntFourierDeviceLayout.Length(axes);
            Span<long> meta = length <= 128 ? stackalloc long[length] : new long[length];
            meta[GauntFourierDeviceLayout.Rows] = rows;
            meta[GauntFourierDeviceLayout.RowsPerTile] = shape.PerTile;
            meta[GauntFourierDeviceLayout.Tiles] = shape.Tiles;
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

            Launch(device, shape, stride, meta, tables.Buffer, x, y, z, sharedKernel, globalKernel);
        }

        private static void ManyBodyCore<T>(TensorDevice device, int l, int nu, int lOut, DeviceTensor<T> x, DeviceTensor<T> weights, DeviceTensor<T> z,
            MethodInfo sharedKernel, MethodInfo globalKernel)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(device);
            device.CheckTensor(x, nameof(x));
            device.CheckTensor(weights, nameof(weights));
            device.CheckTensor(z, nameof(z));
            GauntFourierDeviceChecks.ManyBody(l, nu, lOut, x.Lengths, weights.Lengths, z.Lengths, z.Strides);
            device.CheckNotAliased(z, nameof(z), x, nameof(x));
            device.CheckNotAliased(z, nameof(z), weights, nameof(weights));

            int axes = x.Rank - 1;
            long rows = 1;
            for (int d = 0; d < axes; d++) rows *= x.Lengths[d];
            if (rows == 0) return; // an empty output: nothing to write

            long stride = GauntManyBodyDeviceLayout.RowStride(l, nu, lOut);
            // The largest power's convolution items per row.
            long side = 2L * nu * l + 1;
            long items = side * ((side + GauntFourierDeviceLayout.VBlock - 1) / GauntFourierDeviceLayout.VBlock);
            var shape = Shape<T>(device, rows, stride, items);

            var tables = GauntFourierDeviceTables<T>.GetManyBody(device, l, nu, lOut);
            int length = GauntManyBodyDeviceLayout.Length(axes, nu);
            Span<long> meta = length <= 128 ? stackalloc long[length] : new long[length];
            meta.Clear();
            meta[GauntManyBodyDeviceLayout.Rows] = rows;
            meta[GauntManyBodyDeviceLayout.RowsPerTile] = shape.PerTile;
            meta[GauntManyBodyDeviceLayout.Tiles] = shape.Tiles;
            meta[GauntManyBodyDeviceLayout.L] = l;
            meta[GauntManyBodyDeviceLayout.Nu] = nu;
            meta[GauntManyBodyDeviceLayout.LOut] = lOut;
            meta[GauntManyBodyDeviceLayout.Stride] = stride;
            meta[GauntManyBodyDeviceLayout.Kappa] = tables.KappaX;
            meta[GauntManyBodyDeviceLayout.Channels] = x.Lengths[axes - 1];
            meta[GauntFourierDeviceLayout.Offsets] = x.Offset;
            meta[GauntFourierDeviceLayout.Offsets + 2] = z.Offset;
            meta[GauntFourierDeviceLayout.LastStrides] = x.Strides[axes];
            meta[GauntFourierDeviceLayout.LastStrides + 2] = z.Strides[axes];
            meta[GauntFourierDeviceLayout.Axes] = axes;
            for (int d = 0; d < axes; d++)
            {
                int at = GauntFourierDeviceLayout.FirstAxis + 4 * d;
                meta[at] = x.Lengths[d];
                meta[at + 1] = x.Strides[d];
                meta[at + 3] = z.Strides[d];
            }
            int weightsAt = GauntManyBodyDeviceLayout.Weights(axes);
            meta[weightsAt] = weights.Offset;
            meta[weightsAt + 1] = weights.Strides[0];
            meta[weightsAt + 2] = weights.Strides[1];
            meta[weightsAt + 3] = weights.Strides[2];
            for (int n = 2; n <= nu; n++) meta[GauntManyBodyDeviceLayout.Omega(axes) + n - 2] = tables.Powers[n - 2];

            Launch(device, shape, stride, meta, tables.Buffer, x, weights, z, sharedKernel, globalKernel);
        }

        /// <summary>Rows per tile, tiles, groups, threads per group, and whether the work area lives in shared memory.</summary>
        private readonly record struct LaunchShape(long PerTile, long Tiles, int Groups, int Threads, bool Shared);

        /// <summary>
        /// The launch of <paramref name="rows"/> rows of <paramref name="stride"/> work elements and <paramref name="items"/>
        /// convolution items each: rows per tile enough to give every thread about two items (at most
        /// <see cref="GauntFourierDeviceLayout.MaxRowsPerTile"/>), within the shared-memory budget; the global work area when one
        /// row does not fit.
        /// </summary>
        private static unsafe LaunchShape Shape<T>(TensorDevice device, long rows, long stride, long items) where T : unmanaged
        {
            var accelerator = device.Accelerator;
            int threads = Math.Max(1, Math.Min(GroupThreads, Math.Min(accelerator.MaxNumThreadsPerGroup, accelerator.MaxGroupSize.X)));
            long rowBytes = stride * sizeof(T);
            // The dynamic work area shares the group's shared memory with the kernels' static row offsets.
            long budget = Math.Min(SharedBudget, accelerator.MaxSharedMemoryPerGroup) - 3L * GauntFourierDeviceLayout.MaxRowsPerTile * sizeof(long);
            bool shared = !ForceGlobal && rowBytes <= budget;
            long perTile = Math.Clamp((2L * threads + items - 1) / items, 1, GauntFourierDeviceLayout.MaxRowsPerTile);
            if (shared) perTile = Math.Min(perTile, budget / rowBytes);
            perTile = Math.Min(perTile, rows);
            long tiles = (rows + perTile - 1) / perTile;
            long maxGroups = shared ? accelerator.MaxGridSize.X : Math.Max(1, ScratchBudget / (perTile * stride));
            int groups = (int)Math.Max(1, Math.Min(tiles, Math.Min(maxGroups, int.MaxValue)));
            return new LaunchShape(perTile, tiles, groups, threads, shared);
        }

        /// <summary>Loads (once per device) and launches the shared- or global-memory kernel, and waits for it.</summary>
        private static void Launch<T>(TensorDevice device, LaunchShape shape, long stride, ReadOnlySpan<long> meta, DeviceTensor<T> tables,
            DeviceTensor<T> a, DeviceTensor<T> b, DeviceTensor<T> z, MethodInfo sharedKernel, MethodInfo globalKernel)
            where T : unmanaged
        {
            var (tv, av, bv, zv) = (tables.BufferView, a.BufferView, b.BufferView, z.BufferView);
            if (shape.Shared)
            {
                var kernel = device.GetOrLoadKernel(sharedKernel, accelerator => accelerator.LoadKernel<SharedLauncher<T>>(sharedKernel));
                var config = new KernelConfig(shape.Groups, shape.Threads, SharedMemoryConfig.RequestDynamic<T>((int)(shape.PerTile * stride)));
                device.Launch("gaunt: fourier (shared memory)", meta, (stream, metaView) => kernel(stream, config, metaView, tv, av, bv, zv));
                device.Synchronize(); // a public call returns with its result in place
                return;
            }
            var global = device.GetOrLoadKernel(globalKernel, accelerator => accelerator.LoadKernel<GlobalLauncher<T>>(globalKernel));
            using var scratch = device.Allocate<T>((nint)(shape.Groups * shape.PerTile * stride));
            var sv = scratch.BufferView;
            var globalConfig = new KernelConfig(shape.Groups, shape.Threads);
            device.Launch("gaunt: fourier (global memory)", meta, (stream, metaView) => global(stream, globalConfig, metaView, tv, av, bv, zv, sv));
            device.Synchronize(); // a public call returns with its result in place
        }
    }
}
