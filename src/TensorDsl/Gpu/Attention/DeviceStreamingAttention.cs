using System;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace TensorDsl.Gpu.Attention
{
    /// <summary>
    /// Fused, streaming (flash-style) attention on a <see cref="TensorDevice"/>: the softmax over the keys is computed
    /// online (running maximum, running denominator, rescaled accumulator), so no score matrix is stored. Generated GPU
    /// overloads call these when a <c>[TensorProgram]</c> is recognized as attention.
    /// </summary>
    /// <remarks>
    /// <para>Every tensor is a rank-2 <see cref="DeviceTensor{T}"/> [rows, columns] of this device, with any strides and
    /// offset (views made by <see cref="DeviceTensor{T}.Permute"/>, <see cref="DeviceTensor{T}.Transpose"/> or
    /// <see cref="DeviceTensor{T}.Slice"/> are fine). <c>T</c> is <see cref="float"/> or <see cref="double"/>; the
    /// kernels compute in <c>T</c>.</para>
    /// <para>All arguments are checked before anything runs: a failed check throws and leaves the output untouched.
    /// The output is overwritten; a query row whose window admits no key gets zeros.</para>
    /// <para>Kernel structure: one work group per tile of up to 16 query rows (4 on ILGPU's default CPU accelerator, whose
    /// groups hold 16 threads) and block of 64 output columns, 4 threads per query row; the group streams over tiles of 16
    /// keys (tensor attention: 8 × 8 (j, k) pairs) staged in shared memory with the matching value rows, 32 features at a
    /// time. Shared memory per group: 3,584 elements for standard attention, 5,120 for tensor attention (28 KiB and
    /// 40 KiB in double). Outputs wider than 64 columns are computed block by block, each block recomputing the scores.</para>
    /// </remarks>
    public static class DeviceStreamingAttention
    {
        /// <summary>
        /// Standard attention: <c>o[i, c] = Σ_{j ∈ W(i)} softmax_j(scale · Σ_l q[i, l] · k[j, l]) · v[j, c]</c>, the softmax
        /// taken over the keys <c>j</c> that <paramref name="window"/> admits for query row <c>i</c>.
        /// </summary>
        /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <param name="device">The device that runs the kernel; every tensor must live on it.</param>
        /// <param name="q">Queries, [n, d].</param>
        /// <param name="k">Keys, [m, d].</param>
        /// <param name="v">Values, [m, dv].</param>
        /// <param name="scale">The factor applied to every score (typically 1/√d).</param>
        /// <param name="o">The output, [n, dv]; overwritten. Must not share a buffer with an input.</param>
        /// <param name="window">The keys each query row admits.</param>
        /// <exception cref="ArgumentNullException">A tensor or the device is null.</exception>
        /// <exception cref="ArgumentException">A tensor lives on another device or is not rank 2, the shapes do not fit, or
        /// <paramref name="o"/> shares its buffer with an input. Nothing is written.</exception>
        /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor
        /// <see cref="double"/>, or the accelerator's groups are too small for the kernel.</exception>
        /// <exception cref="ObjectDisposedException">The device or a tensor has been disposed.</exception>
        public static void Standard<T>(TensorDevice device, DeviceTensor<T> q, DeviceTensor<T> k, DeviceTensor<T> v, T scale, DeviceTensor<T> o, DeviceKeyWindow window)
            where T : unmanaged
        {
            bool single = CheckElementType<T>();
            ArgumentNullException.ThrowIfNull(device);
            device.CheckTensor(q, nameof(q));
            device.CheckTensor(k, nameof(k));
            device.CheckTensor(v, nameof(v));
            device.CheckTensor(o, nameof(o));
            CheckRank(q, nameof(q));
            CheckRank(k, nameof(k));
            CheckRank(v, nameof(v));
            CheckRank(o, nameof(o));
            CheckSize(o, 0, nameof(o), q, 0, nameof(q), "one output row per query");
            CheckSize(k, 1, nameof(k), q, 1, nameof(q), "keys and queries have the same feature size");
            CheckSize(v, 0, nameof(v), k, 0, nameof(k), "one value row per key");
            CheckSize(v, 1, nameof(v), o, 1, nameof(o), "the output has the values' width");
            device.CheckNotAliased(o, nameof(o), q, nameof(q));
            device.CheckNotAliased(o, nameof(o), k, nameof(k));
            device.CheckNotAliased(o, nameof(o), v, nameof(v));

            long n = q.Lengths[0], d = q.Lengths[1], dv = o.Lengths[1];
            if (n == 0 || dv == 0) return; // an empty output: nothing to write
            var (rows, groups, tiles, blocks) = Shape(device, n, dv, AttentionTiling.StandardSharedElements * (long)(single ? sizeof(float) : sizeof(double)));

            Span<long> meta = stackalloc long[AttentionTiling.StandardLength];
            WriteHeader(meta, n, d, dv, rows, blocks, tiles, q, o);
            WriteKeySet(meta.Slice(AttentionTiling.FirstKeys, AttentionTiling.KeySetLength), window, n, k, v);

            var config = new KernelConfig(groups, rows * AttentionTiling.Lanes);
            var method = single ? StandardSingle : StandardDouble;
            var kernel = device.GetOrLoadKernel(method, accelerator => accelerator.LoadKernel<StandardLauncher<T>>(method));
            var (qv, kv, vv, ov) = (q.BufferView, k.BufferView, v.BufferView, o.BufferView);
            device.Launch("attention: standard", meta, (stream, metaView) => kernel(stream, config, metaView, qv, kv, vv, ov, scale));
            device.Synchronize(); // a public call returns with its result in place
        }

        /// <summary>
        /// Tensor ("Kronecker", 2-simplicial) attention:
        /// <c>o[i, c] = Σ_{j ∈ W1(i), k ∈ W2(i)} softmax_{j,k}(scale · Σ_l q[i, l] · k1[j, l] · k2[k, l]) · v1[j, c] · v2[k, c]</c>,
        /// the softmax taken jointly over the admitted pairs (j, k).
        /// </summary>
        /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <param name="device">The device that runs the kernel; every tensor must live on it.</param>
        /// <param name="q">Queries, [n, d].</param>
        /// <param name="k1">First keys, [m1, d].</param>
        /// <param name="k2">Second keys, [m2, d].</param>
        /// <param name="v1">First values, [m1, dv].</param>
        /// <param name="v2">Second values, [m2, dv].</param>
        /// <param name="scale">The factor applied to every score.</param>
        /// <param name="o">The output, [n, dv]; overwritten. Must not share a buffer with an input.</param>
        /// <param name="window1">The first keys (j) each query row admits.</param>
        /// <param name="window2">The second keys (k) each query row admits.</param>
        /// <exception cref="ArgumentNullException">A tensor or the device is null.</exception>
        /// <exception cref="ArgumentException">A tensor lives on another device or is not rank 2, the shapes do not fit, or
        /// <paramref name="o"/> shares its buffer with an input. Nothing is written.</exception>
        /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor
        /// <see cref="double"/>, or the accelerator's groups are too small for the kernel.</exception>
        /// <exception cref="ObjectDisposedException">The device or a tensor has been disposed.</exception>
        public static void Tensor<T>(TensorDevice device, DeviceTensor<T> q, DeviceTensor<T> k1, DeviceTensor<T> k2, DeviceTensor<T> v1, DeviceTensor<T> v2, T scale, DeviceTensor<T> o, DeviceKeyWindow window1, DeviceKeyWindow window2)
            where T : unmanaged
        {
            bool single = CheckElementType<T>();
            ArgumentNullException.ThrowIfNull(device);
            device.CheckTensor(q, nameof(q));
            device.CheckTensor(k1, nameof(k1));
            device.CheckTensor(k2, nameof(k2));
            device.CheckTensor(v1, nameof(v1));
            device.CheckTensor(v2, nameof(v2));
            device.CheckTensor(o, nameof(o));
            CheckRank(q, nameof(q));
            CheckRank(k1, nameof(k1));
            CheckRank(k2, nameof(k2));
            CheckRank(v1, nameof(v1));
            CheckRank(v2, nameof(v2));
            CheckRank(o, nameof(o));
            CheckSize(o, 0, nameof(o), q, 0, nameof(q), "one output row per query");
            CheckSize(k1, 1, nameof(k1), q, 1, nameof(q), "keys and queries have the same feature size");
            CheckSize(k2, 1, nameof(k2), q, 1, nameof(q), "keys and queries have the same feature size");
            CheckSize(v1, 0, nameof(v1), k1, 0, nameof(k1), "one value row per key");
            CheckSize(v2, 0, nameof(v2), k2, 0, nameof(k2), "one value row per key");
            CheckSize(v1, 1, nameof(v1), o, 1, nameof(o), "the output has the values' width");
            CheckSize(v2, 1, nameof(v2), o, 1, nameof(o), "the output has the values' width");
            device.CheckNotAliased(o, nameof(o), q, nameof(q));
            device.CheckNotAliased(o, nameof(o), k1, nameof(k1));
            device.CheckNotAliased(o, nameof(o), k2, nameof(k2));
            device.CheckNotAliased(o, nameof(o), v1, nameof(v1));
            device.CheckNotAliased(o, nameof(o), v2, nameof(v2));

            long n = q.Lengths[0], d = q.Lengths[1], dv = o.Lengths[1];
            if (n == 0 || dv == 0) return; // an empty output: nothing to write
            var (rows, groups, tiles, blocks) = Shape(device, n, dv, AttentionTiling.TensorSharedElements * (long)(single ? sizeof(float) : sizeof(double)));

            Span<long> meta = stackalloc long[AttentionTiling.TensorLength];
            WriteHeader(meta, n, d, dv, rows, blocks, tiles, q, o);
            WriteKeySet(meta.Slice(AttentionTiling.FirstKeys, AttentionTiling.KeySetLength), window1, n, k1, v1);
            WriteKeySet(meta.Slice(AttentionTiling.FirstKeys + AttentionTiling.KeySetLength, AttentionTiling.KeySetLength), window2, n, k2, v2);

            var config = new KernelConfig(groups, rows * AttentionTiling.Lanes);
            var method = single ? TensorSingle : TensorDouble;
            var kernel = device.GetOrLoadKernel(method, accelerator => accelerator.LoadKernel<TensorLauncher<T>>(method));
            var (qv, k1v, k2v, v1v, v2v, ov) = (q.BufferView, k1.BufferView, k2.BufferView, v1.BufferView, v2.BufferView, o.BufferView);
            device.Launch("attention: tensor", meta, (stream, metaView) => kernel(stream, config, metaView, qv, k1v, k2v, v1v, v2v, ov, scale));
            device.Synchronize(); // a public call returns with its result in place
        }

        // The kernels; each MethodInfo is also the key under which the device caches the loaded kernel (with the launcher type, unique per T).
        // One generic kernel body per attention kind, instantiated per element type with its exponential.
        private static readonly MethodInfo StandardSingle = Kernel(nameof(AttentionKernels.Standard)).MakeGenericMethod(typeof(float), typeof(SingleExp));
        private static readonly MethodInfo StandardDouble = Kernel(nameof(AttentionKernels.Standard)).MakeGenericMethod(typeof(double), typeof(DoubleExp));
        private static readonly MethodInfo TensorSingle = Kernel(nameof(AttentionKernels.Tensor)).MakeGenericMethod(typeof(float), typeof(SingleExp));
        private static readonly MethodInfo TensorDouble = Kernel(nameof(AttentionKernels.Tensor)).MakeGenericMethod(typeof(double), typeof(DoubleExp));

        private static MethodInfo Kernel(string name)
            => typeof(AttentionKernels).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)
               ?? throw new InvalidOperationException($"Attention kernel '{name}' not found");

        /// <summary>Launches the standard kernel; ILGPU builds the launcher from this signature.</summary>
        private delegate void StandardLauncher<T>(AcceleratorStream stream, KernelConfig config, ArrayView<long> meta,
            ArrayView<T> q, ArrayView<T> k, ArrayView<T> v, ArrayView<T> o, T scale) where T : unmanaged;

        /// <summary>Launches the tensor kernel; ILGPU builds the launcher from this signature.</summary>
        private delegate void TensorLauncher<T>(AcceleratorStream stream, KernelConfig config, ArrayView<long> meta,
            ArrayView<T> q, ArrayView<T> k1, ArrayView<T> k2, ArrayView<T> v1, ArrayView<T> v2, ArrayView<T> o, T scale) where T : unmanaged;

        /// <summary>True for float, false for double; throws for any other element type.</summary>
        private static bool CheckElementType<T>()
        {
            if (typeof(T) == typeof(float)) return true;
            if (typeof(T) == typeof(double)) return false;
            throw new NotSupportedException($"Streaming attention supports float and double elements, not {typeof(T).Name}");
        }

        private static void CheckRank<T>(DeviceTensor<T> tensor, string name) where T : unmanaged
        {
            if (tensor.Rank != 2)
            {
                throw new ArgumentException($"Operand '{name}' must be a rank-2 tensor [rows, columns]; it has rank {tensor.Rank} (shape [{string.Join(", ", tensor.Lengths.ToArray())}])", name);
            }
        }

        private static void CheckSize<T>(DeviceTensor<T> tensor, int axis, string name, DeviceTensor<T> reference, int referenceAxis, string referenceName, string rule)
            where T : unmanaged
        {
            if (tensor.Lengths[axis] != reference.Lengths[referenceAxis])
            {
                throw new ArgumentException(
                    $"Operand '{name}' has {tensor.Lengths[axis]} {AxisName(axis)} but '{referenceName}' has {reference.Lengths[referenceAxis]} {AxisName(referenceAxis)} ({rule})", name);
            }
        }

        private static string AxisName(int axis) => axis == 0 ? "rows" : "columns";

        /// <summary>Rows per group, groups to launch, work items (query tiles × column blocks) and column blocks.</summary>
        private static (int Rows, int Groups, long Tiles, long Blocks) Shape(TensorDevice device, long n, long dv, long sharedBytes)
        {
            var accelerator = device.Accelerator;
            int rows = AttentionTiling.RowsPerGroup(accelerator);
            if (rows == 0 || accelerator.MaxSharedMemoryPerGroup < sharedBytes)
            {
                throw new NotSupportedException(
                    $"The accelerator '{device.Name}' cannot run the streaming attention kernel: it needs groups of {AttentionTiling.Lanes} threads or more " +
                    $"and {sharedBytes} bytes of shared memory per group (it has {accelerator.MaxNumThreadsPerGroup} threads and {accelerator.MaxSharedMemoryPerGroup} bytes)");
            }
            long blocks = (dv + AttentionTiling.ValueBlock - 1) / AttentionTiling.ValueBlock;
            long tiles = (n + rows - 1) / rows * blocks;
            // One group per work item up to the grid's limit; the kernels' grid-stride loop takes the rest.
            int groups = (int)Math.Min(tiles, Math.Max(1, accelerator.MaxGridSize.X));
            return (rows, groups, tiles, blocks);
        }

        private static void WriteHeader<T>(Span<long> meta, long n, long d, long dv, int rows, long blocks, long tiles, DeviceTensor<T> q, DeviceTensor<T> o)
            where T : unmanaged
        {
            meta[AttentionTiling.Queries] = n;
            meta[AttentionTiling.Features] = d;
            meta[AttentionTiling.ValueWidth] = dv;
            meta[AttentionTiling.Rows] = rows;
            meta[AttentionTiling.Blocks] = blocks;
            meta[AttentionTiling.Tiles] = tiles;
            WriteLayout(meta.Slice(AttentionTiling.QueryLayout, 3), q);
            WriteLayout(meta.Slice(AttentionTiling.OutputLayout, 3), o);
        }

        private static void WriteKeySet<T>(Span<long> set, DeviceKeyWindow window, long n, DeviceTensor<T> keys, DeviceTensor<T> values)
            where T : unmanaged
        {
            long m = keys.Lengths[0];
            var (low, high) = window.Clamped(n, m);
            set[0] = m;
            set[1] = low;
            set[2] = high;
            WriteLayout(set.Slice(3, 3), keys);
            WriteLayout(set.Slice(6, 3), values);
        }

        private static void WriteLayout<T>(Span<long> layout, DeviceTensor<T> tensor) where T : unmanaged
        {
            layout[0] = tensor.Offset;
            layout[1] = tensor.Strides[0];
            layout[2] = tensor.Strides[1];
        }
    }
}
