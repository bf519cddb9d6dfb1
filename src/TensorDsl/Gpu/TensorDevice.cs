using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Numerics.Tensors;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace TensorDsl
{
    /// <summary>
    /// An accelerator that runs the ILGPU overloads TensorDsl generates for every <c>[Einsum]</c> method, and the
    /// factory of the <see cref="DeviceTensor{T}"/> buffers they read and write. Wraps one ILGPU
    /// <see cref="ILGPU.Context"/> and one <see cref="ILGPU.Runtime.Accelerator"/>.
    /// </summary>
    /// <remarks>
    /// <para>The default constructor picks a CUDA device, then an OpenCL device; on a machine with neither, the device's
    /// buffers live in host memory and the generated GPU overloads run the generated SIMD CPU code over them
    /// (<see cref="Backend"/> is <see cref="TensorDeviceBackend.HostCpu"/>), at the CPU path's speed. <see cref="CreateCpu"/>
    /// asks for ILGPU's CPU accelerator, which runs the ILGPU kernels on CPU threads: a device for testing kernels.</para>
    /// <para>An instance may be shared across threads: uploads, downloads, kernel loads and launches are serialized
    /// by one lock, and each launch is synchronized before the generated method returns. Loaded kernels are cached
    /// per device, so each kernel is compiled once per accelerator.</para>
    /// </remarks>
    public sealed class TensorDevice : IDisposable
    {
        private readonly object _gate = new object();
        private readonly Context _context;
        private readonly Accelerator _accelerator;
        private readonly Dictionary<(object Key, Type Delegate), Delegate> _kernels = new Dictionary<(object, Type), Delegate>();
        private readonly List<string> _launches = new List<string>();
        private readonly List<MemoryBuffer> _pool = new List<MemoryBuffer>();
        private MemoryBuffer1D<long, Stride1D.Dense>? _metadata;
        private long _metadataUsed;
        private bool _disposed;

        /// <summary>Creates a device on the best accelerator available: CUDA, then OpenCL, then the CPU accelerator.</summary>
        public TensorDevice()
            : this(null)
        {
        }

        /// <summary>Creates a device on the first accelerator of type <paramref name="type"/>.</summary>
        /// <param name="type">The kind of accelerator to use.</param>
        /// <exception cref="NotSupportedException">No working accelerator of that type is available on this machine.</exception>
        public TensorDevice(AcceleratorType type)
            : this((AcceleratorType?)type)
        {
        }

        private TensorDevice(AcceleratorType? type)
        {
            if (type == AcceleratorType.CPU)
            {
                // Registers only the CPU device: no GPU driver is probed.
                _context = Context.Create(builder => builder.CPU());
                _accelerator = _context.CreateCPUAccelerator(0);
                Backend = TensorDeviceBackend.CpuAccelerator;
                return;
            }

            _context = Context.Create(builder => builder.Default());
            var preference = type is { } only
                ? new[] { only }
                : new[] { AcceleratorType.Cuda, AcceleratorType.OpenCL, AcceleratorType.CPU };
            List<Exception>? failures = null;
            foreach (var wanted in preference)
            {
                foreach (var device in _context.Devices)
                {
                    if (device.AcceleratorType != wanted) continue;
                    try
                    {
                        _accelerator = device.CreateAccelerator(_context);
                        // Without CUDA or OpenCL, the default device runs the generated CPU code over its buffers' host memory:
                        // ILGPU's CPU accelerator is 10–3000× slower, a device for testing kernels only when asked for.
                        Backend = wanted switch
                        {
                            AcceleratorType.Cuda => TensorDeviceBackend.Cuda,
                            AcceleratorType.OpenCL => TensorDeviceBackend.OpenCL,
                            _ => type is null ? TensorDeviceBackend.HostCpu : TensorDeviceBackend.CpuAccelerator,
                        };
                        return;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // A device whose driver cannot start it is skipped; the next one is tried.
                        (failures ??= new List<Exception>()).Add(e);
                    }
                }
            }
            _context.Dispose();
            string message = type is { } t
                ? $"No working {t} accelerator was found on this machine"
                : "No working accelerator was found on this machine (not even ILGPU's CPU accelerator)";
            throw failures is null ? new NotSupportedException(message) : new NotSupportedException(message, new AggregateException(failures));
        }

        /// <summary>Creates a device on ILGPU's CPU accelerator (kernels run on CPU threads; no GPU or driver needed).</summary>
        public static TensorDevice CreateCpu() => new TensorDevice(AcceleratorType.CPU);

        /// <summary>
        /// Creates a device on ILGPU's CPU accelerator with the group limits of <paramref name="device"/>, e.g.
        /// <see cref="CPUDevice.AMD"/> (256 threads per group, as on a GPU) where <see cref="CreateCpu()"/> gets 16: tests use
        /// it to run explicitly grouped kernels with the group shape they get on a GPU.
        /// </summary>
        internal static TensorDevice CreateCpuEmulating(CPUDevice device)
        {
            ArgumentNullException.ThrowIfNull(device);
            var context = Context.Create(builder => builder.CPU(device));
            try
            {
                return new TensorDevice(context, context.CreateCPUAccelerator(0));
            }
            catch
            {
                context.Dispose();
                throw;
            }
        }

        private TensorDevice(Context context, Accelerator accelerator)
        {
            _context = context;
            _accelerator = accelerator;
            Backend = TensorDeviceBackend.CpuAccelerator;
        }

        /// <summary>
        /// What runs this device's work: a CUDA or OpenCL device, ILGPU's CPU accelerator (chosen explicitly, for testing
        /// kernels), or — what <c>new TensorDevice()</c> gives on a machine without CUDA or OpenCL — the generated SIMD CPU
        /// code over the tensors' host memory (<see cref="TensorDeviceBackend.HostCpu"/>).
        /// </summary>
        public TensorDeviceBackend Backend { get; }

        /// <summary>
        /// True when the generated GPU overloads run their CPU code on this device (<see cref="TensorDeviceBackend.HostCpu"/>):
        /// nothing is launched, and the results are the CPU path's. Checked by generated code.
        /// </summary>
        public bool RunsGeneratedCpuCode => Backend == TensorDeviceBackend.HostCpu;

        /// <summary>
        /// Tests set this on an ILGPU CPU-accelerator device to make the pairwise contractions pick the grouped kernels (tiled
        /// matrix product, tree reduction) as they would on a GPU; otherwise the CPU accelerator takes the per-element kernel.
        /// </summary>
        internal bool PicksKernelsAsOnAGpu { get; set; }

        /// <summary>A sentence saying what runs this device's work, e.g. for a program's log.</summary>
        public string RunsOn => Backend switch
        {
            TensorDeviceBackend.Cuda => $"{Name} (CUDA)",
            TensorDeviceBackend.OpenCL => $"{Name} (OpenCL)",
            TensorDeviceBackend.CpuAccelerator => "ILGPU's CPU accelerator, a device for testing kernels (10–3000× slower than the generated CPU code)",
            _ => "the generated SIMD CPU code over host memory (no CUDA or OpenCL device was found)",
        };

        /// <summary>The accelerator's name, e.g. <c>"NVIDIA H100"</c> or <c>"CPUAccelerator"</c>.</summary>
        public string Name => _accelerator.Name;

        /// <summary>The kind of accelerator: <see cref="AcceleratorType.Cuda"/>, <see cref="AcceleratorType.OpenCL"/> or <see cref="AcceleratorType.CPU"/>.</summary>
        public AcceleratorType AcceleratorType => _accelerator.AcceleratorType;

        /// <summary>True for ILGPU's CPU accelerator.</summary>
        public bool IsCpu => _accelerator.AcceleratorType == AcceleratorType.CPU;

        /// <summary>
        /// The underlying ILGPU accelerator, for code that launches its own kernels on TensorDsl's buffers. Operations
        /// done on it directly are not serialized by this device's lock.
        /// </summary>
        public Accelerator Accelerator => _accelerator;

        /// <summary>True once <see cref="Dispose"/> has run.</summary>
        public bool IsDisposed => _disposed;

        /// <summary>Copies <paramref name="data"/> to a new dense, row-major tensor on this device.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="data">The elements in row-major order.</param>
        /// <param name="lengths">The shape; its product must equal <c>data.Length</c>. When empty, the tensor is one-dimensional with <c>data.Length</c> elements.</param>
        /// <returns>A tensor that owns its device buffer; dispose it to free device memory.</returns>
        /// <exception cref="ArgumentException">The shape does not hold exactly <c>data.Length</c> elements.</exception>
        public DeviceTensor<T> Upload<T>(T[] data, params nint[] lengths) where T : unmanaged
        {
            ArgumentNullException.ThrowIfNull(data);
            ArgumentNullException.ThrowIfNull(lengths);
            return Upload((ReadOnlySpan<T>)data, lengths.Length == 0 ? new nint[] { data.Length } : lengths);
        }

        /// <summary>Copies <paramref name="data"/> to a new dense, row-major tensor of shape <paramref name="lengths"/>.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="data">The elements in row-major order.</param>
        /// <param name="lengths">The shape; its product must equal <c>data.Length</c>.</param>
        /// <returns>A tensor that owns its device buffer.</returns>
        /// <exception cref="ArgumentException">The shape does not hold exactly <c>data.Length</c> elements.</exception>
        public DeviceTensor<T> Upload<T>(ReadOnlySpan<T> data, ReadOnlySpan<nint> lengths) where T : unmanaged
        {
            nint count = DeviceTensor<T>.CheckLengths(lengths, nameof(lengths));
            if (count != data.Length)
            {
                throw new ArgumentException($"The shape [{string.Join(", ", lengths.ToArray())}] holds {count} elements but the data has {data.Length}", nameof(lengths));
            }
            var tensor = Allocate<T>(lengths, zero: false);
            tensor.CopyFrom(data);
            return tensor;
        }

        /// <summary>
        /// Copies the whole of <paramref name="data"/> to the device and views it with an explicit layout, as
        /// <c>new TensorSpan&lt;T&gt;(data, start, lengths, strides)</c> views a host array: element [i, j, …] is
        /// <c>data[start + i·strides[0] + j·strides[1] + …]</c>. The elements outside the view are uploaded too (see
        /// <see cref="DeviceTensor{T}.DownloadBuffer"/>).
        /// </summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="data">The backing array, uploaded whole.</param>
        /// <param name="start">The position of element [0, 0, …] in <paramref name="data"/>.</param>
        /// <param name="lengths">The shape.</param>
        /// <param name="strides">The element stride of each axis (≥ 0; 0 repeats one element along the axis).</param>
        /// <returns>A tensor that owns its device buffer.</returns>
        /// <exception cref="ArgumentException">The layout reaches outside <paramref name="data"/>, or a stride is negative.</exception>
        public DeviceTensor<T> Upload<T>(T[] data, nint start, nint[] lengths, nint[] strides) where T : unmanaged
        {
            ArgumentNullException.ThrowIfNull(data);
            ArgumentNullException.ThrowIfNull(lengths);
            ArgumentNullException.ThrowIfNull(strides);
            nint count = DeviceTensor<T>.CheckLengths(lengths, nameof(lengths));
            if (strides.Length != lengths.Length)
            {
                throw new ArgumentException($"{lengths.Length} lengths but {strides.Length} strides", nameof(strides));
            }
            nint last = start;
            for (int axis = 0; axis < lengths.Length; axis++)
            {
                if (strides[axis] < 0) throw new ArgumentException($"Stride {strides[axis]} of axis {axis} is negative", nameof(strides));
                if (lengths[axis] > 0) last += (lengths[axis] - 1) * strides[axis];
            }
            if (start < 0 || (count > 0 && last >= data.Length))
            {
                throw new ArgumentException($"The layout (start {start}, lengths [{string.Join(", ", lengths)}], strides [{string.Join(", ", strides)}]) reaches element {last} of an array of {data.Length}", nameof(data));
            }
            var storage = AllocateStorage<T>(data.Length, zero: false);
            var tensor = new DeviceTensor<T>(this, storage, (nint[])lengths.Clone(), (nint[])strides.Clone(), start);
            try
            {
                if (data.Length > 0)
                {
                    using (Lock()) storage.Buffer.View.SubView(0, data.Length).AsContiguous().CopyFromCPU(data);
                }
            }
            catch
            {
                tensor.Dispose();
                throw;
            }
            return tensor;
        }

        /// <summary>Copies a host tensor (any strides) to a new dense, row-major tensor of the same shape on this device.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="tensor">The host tensor.</param>
        /// <returns>A tensor that owns its device buffer.</returns>
        public DeviceTensor<T> Upload<T>(ReadOnlyTensorSpan<T> tensor) where T : unmanaged
        {
            var data = new T[tensor.FlattenedLength];
            tensor.FlattenTo(data);
            return Upload<T>(data, tensor.Lengths);
        }

        /// <summary>Copies a host tensor to a new dense, row-major tensor of the same shape on this device.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="tensor">The host tensor.</param>
        /// <returns>A tensor that owns its device buffer.</returns>
        public DeviceTensor<T> Upload<T>(Tensor<T> tensor) where T : unmanaged
        {
            ArgumentNullException.ThrowIfNull(tensor);
            return Upload(tensor.AsReadOnlyTensorSpan());
        }

        /// <summary>Allocates a dense, row-major tensor of shape <paramref name="lengths"/>, filled with zeros.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="lengths">The shape (every length ≥ 0).</param>
        /// <returns>A tensor that owns its device buffer; dispose it to free device memory.</returns>
        public DeviceTensor<T> Allocate<T>(params nint[] lengths) where T : unmanaged
        {
            ArgumentNullException.ThrowIfNull(lengths);
            return Allocate<T>(lengths, zero: true);
        }

        private DeviceTensor<T> Allocate<T>(ReadOnlySpan<nint> lengths, bool zero) where T : unmanaged
        {
            nint count = DeviceTensor<T>.CheckLengths(lengths, nameof(lengths));
            return new DeviceTensor<T>(this, AllocateStorage<T>(count, zero), lengths.ToArray(), DeviceTensor<T>.RowMajorStrides(lengths), 0);
        }

        /// <summary>
        /// A zeroed dense, row-major scratch tensor whose buffer comes from, and on <see cref="DeviceTensor{T}.Dispose"/>
        /// returns to, this device's pool: generated GPU overloads hold their intermediates in these, so that a call made
        /// again allocates no device memory. The pool keeps at most <see cref="PooledBufferLimit"/> free buffers.
        /// </summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="lengths">The shape (every length ≥ 0).</param>
        public DeviceTensor<T> Rent<T>(params nint[] lengths) where T : unmanaged
        {
            ArgumentNullException.ThrowIfNull(lengths);
            nint count = DeviceTensor<T>.CheckLengths(lengths, nameof(lengths));
            DeviceStorage<T>? storage = null;
            lock (_gate)
            {
                ThrowIfDisposed();
                _accelerator.Bind();
                // The smallest free buffer that holds the tensor.
                int best = -1;
                for (int i = 0; i < _pool.Count; i++)
                {
                    if (_pool[i] is MemoryBuffer1D<T, Stride1D.Dense> free && free.Length >= Math.Max(1, count)
                        && (best < 0 || free.Length < ((MemoryBuffer1D<T, Stride1D.Dense>)_pool[best]).Length))
                    {
                        best = i;
                    }
                }
                if (best >= 0)
                {
                    var buffer = (MemoryBuffer1D<T, Stride1D.Dense>)_pool[best];
                    _pool.RemoveAt(best);
                    buffer.View.SubView(0, Math.Max(1, count)).MemSetToZero();
                    storage = new DeviceStorage<T>(buffer, count) { Pooled = true };
                }
            }
            storage ??= AllocateStorage<T>(count, zero: true, pooled: true);
            return new DeviceTensor<T>(this, storage, (nint[])lengths.Clone(), DeviceTensor<T>.RowMajorStrides(lengths), 0);
        }

        /// <summary>The most free buffers <see cref="Rent{T}"/>'s pool keeps; a buffer returned beyond it is freed.</summary>
        public const int PooledBufferLimit = 32;

        private DeviceStorage<T> AllocateStorage<T>(long count, bool zero, bool pooled = false) where T : unmanaged
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                _accelerator.Bind();
                // ILGPU buffers are never empty here, so a tensor with a zero length still has a valid view.
                var buffer = _accelerator.Allocate1D<T>(Math.Max(1, count));
                if (zero) buffer.MemSetToZero();
                return new DeviceStorage<T>(buffer, count) { Pooled = pooled };
            }
        }

        /// <summary>Waits until everything queued on the accelerator has finished.</summary>
        public void Synchronize()
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                _accelerator.Bind();
                SynchronizeLocked();
            }
        }

        /// <summary>
        /// Returns the kernel launcher cached under <paramref name="key"/> on this device, loading (compiling) it with
        /// <paramref name="load"/> on first use. Called by generated code.
        /// </summary>
        /// <typeparam name="TDelegate">The launcher delegate type.</typeparam>
        /// <param name="key">Identifies the kernel (compared with <see cref="object.Equals(object)"/>); generated code passes
        /// its launcher delegate type, which is unique to one kernel.</param>
        /// <param name="load">Loads the kernel on this device's accelerator.</param>
        /// <returns>The same delegate instance for every call with the same key and delegate type.</returns>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public TDelegate GetOrLoadKernel<TDelegate>(object key, Func<Accelerator, TDelegate> load) where TDelegate : Delegate
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(load);
            lock (_gate)
            {
                ThrowIfDisposed();
                if (_kernels.TryGetValue((key, typeof(TDelegate)), out var cached))
                {
                    return (TDelegate)cached;
                }
                _accelerator.Bind();
                var loaded = load(_accelerator) ?? throw new InvalidOperationException($"Loading kernel '{key}' returned null");
                _kernels.Add((key, typeof(TDelegate)), loaded);
                return loaded;
            }
        }

        /// <summary>Number of kernels loaded on this device so far.</summary>
        public int LoadedKernelCount
        {
            get
            {
                lock (_gate) return _kernels.Count;
            }
        }

        /// <summary>
        /// When true, every kernel launch of generated code and of the runtime's GPU kernels is appended to
        /// <see cref="RecordedLaunches"/>: a profiler's view of what a call ran (each planned step, and which kernel took it).
        /// False by default (nothing is recorded).
        /// </summary>
        public bool RecordLaunches { get; set; }

        /// <summary>
        /// The launches recorded while <see cref="RecordLaunches"/> was true, oldest first, e.g.
        /// <c>"step 1.2 ab,bc->ac: tiled"</c>: the planned step (step 1, its contraction's second pairwise product), then the
        /// kernel that ran it. A snapshot; <see cref="ClearRecordedLaunches"/> empties the log.
        /// </summary>
        public IReadOnlyList<string> RecordedLaunches
        {
            get
            {
                lock (_gate) return _launches.ToArray();
            }
        }

        /// <summary>Empties <see cref="RecordedLaunches"/>.</summary>
        public void ClearRecordedLaunches()
        {
            lock (_gate) _launches.Clear();
        }

        /// <summary>
        /// Copies <paramref name="metadata"/> (a kernel's sizes, strides and offsets) to the device and runs
        /// <paramref name="launch"/> with the accelerator's stream and that metadata, without waiting for the kernel: the
        /// launches of one call queue on one stream, and each gets a slice of the device's metadata buffer of its own (the
        /// buffer is only reused, or grown, after the stream has drained). The whole sequence holds this device's lock, so
        /// concurrent callers never interleave. Generated overloads call <see cref="Synchronize"/> once, after their last
        /// launch. Called by generated code.
        /// </summary>
        /// <param name="kernel">What the launch log calls this launch (<see cref="RecordedLaunches"/>).</param>
        /// <param name="metadata">The kernel's metadata; copied before <paramref name="launch"/> runs.</param>
        /// <param name="launch">Launches the kernel on the given stream with the given metadata view.</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public void Launch(string kernel, ReadOnlySpan<long> metadata, Action<AcceleratorStream, ArrayView<long>> launch)
        {
            ArgumentNullException.ThrowIfNull(kernel);
            ArgumentNullException.ThrowIfNull(launch);
            lock (_gate)
            {
                ThrowIfDisposed();
                if (RecordLaunches) _launches.Add(kernel);
                _accelerator.Bind();
                int length = Math.Max(1, metadata.Length);
                if (_metadata is null || _metadataUsed + length > _metadata.Length)
                {
                    // Every slice handed out so far may still be read by a queued kernel: drain the stream, then start over
                    // (in a larger buffer when this launch needs more than the whole one).
                    if (_metadata is not null) SynchronizeLocked();
                    if (_metadata is null || _metadata.Length < length)
                    {
                        _metadata?.Dispose();
                        _metadata = _accelerator.Allocate1D<long>(Math.Max(MetadataCapacity, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length)));
                    }
                }
                var view = _metadata.View.SubView(_metadataUsed, length);
                _metadataUsed += length;
                if (metadata.Length > 0) view.SubView(0, metadata.Length).AsContiguous().CopyFromCPU(_accelerator.DefaultStream, metadata);
                launch(_accelerator.DefaultStream, view);
            }
        }

        /// <summary>
        /// How many threads a grid-stride kernel over <paramref name="items"/> work items launches: every item up to four
        /// times the threads the accelerator runs at once (a GPU's SMs × resident threads), never more than 2^20. On ILGPU's
        /// CPU accelerator, where each thread costs about a microsecond to start, that is a few hundred threads each taking
        /// many items. Called by generated code.
        /// </summary>
        /// <param name="items">The kernel's work items (≥ 1).</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public int ThreadsFor(long items)
        {
            long resident = Math.Max(1, (long)_accelerator.MaxNumThreads) * 4;
            return (int)Math.Max(1, Math.Min(items, Math.Min(resident, 1L << 20)));
        }

        /// <summary>The number of times this device has waited for its stream to drain (tests: a plan's launches queue without one).</summary>
        internal int Synchronizations { get; private set; }

        // The metadata buffer's smallest length: a plan of tens of steps fits without draining the stream.
        private const int MetadataCapacity = 1 << 16;

        private void SynchronizeLocked()
        {
            _accelerator.Synchronize();
            _metadataUsed = 0;
            Synchronizations++;
        }

        /// <summary>
        /// Checks a tensor argument of a generated GPU method: not null, not disposed, and allocated on this device.
        /// Called by generated code.
        /// </summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="tensor">The argument.</param>
        /// <param name="parameterName">The parameter's name, for the exception.</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public void CheckTensor<T>(DeviceTensor<T> tensor, string parameterName) where T : unmanaged
        {
            ArgumentNullException.ThrowIfNull(tensor, parameterName);
            ThrowIfDisposed();
            tensor.ThrowIfDisposed();
            if (!ReferenceEquals(tensor.Device, this))
            {
                throw new ArgumentException($"Tensor '{parameterName}' lives on device '{tensor.Device.Name}' ({tensor.Device.AcceleratorType}), not on this device '{Name}' ({AcceleratorType}); a kernel reads only tensors of the device it runs on", parameterName);
            }
        }

        /// <summary>
        /// Checks that an output does not share its buffer with an operand: one kernel thread would otherwise overwrite
        /// elements that another thread still reads. Called by generated code.
        /// </summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="output">The output argument.</param>
        /// <param name="outputName">The output parameter's name.</param>
        /// <param name="operand">An operand argument.</param>
        /// <param name="operandName">The operand parameter's name.</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public void CheckNotAliased<T>(DeviceTensor<T> output, string outputName, DeviceTensor<T> operand, string operandName) where T : unmanaged
        {
            ArgumentNullException.ThrowIfNull(output, outputName);
            ArgumentNullException.ThrowIfNull(operand, operandName);
            if (output.SharesBufferWith(operand))
            {
                throw new ArgumentException($"Output '{outputName}' shares its device buffer with operand '{operandName}'; write the result into a separate tensor", outputName);
            }
        }

        /// <summary>Takes this device's lock and binds the accelerator to the calling thread until the scope is disposed.</summary>
        internal LockScope Lock()
        {
            System.Threading.Monitor.Enter(_gate);
            try
            {
                ThrowIfDisposed();
                _accelerator.Bind();
            }
            catch
            {
                System.Threading.Monitor.Exit(_gate);
                throw;
            }
            return new LockScope(_gate);
        }

        /// <summary>Frees a tensor's buffer under the lock (the accelerator already freed it when the device is disposed).</summary>
        internal void DisposeStorage<T>(DeviceStorage<T> storage) where T : unmanaged
        {
            lock (_gate)
            {
                if (!_disposed) _accelerator.Bind();
                if (storage.Pooled && !_disposed && !storage.IsDisposed && _pool.Count < PooledBufferLimit)
                {
                    // Back to the pool: the kernels queued on it have finished (every launch synchronizes).
                    _pool.Add(storage.Buffer);
                    storage.Dispose(freeBuffer: false);
                    return;
                }
                // A kernel queued since the last drain may still read or write this buffer: drain before freeing it.
                if (!_disposed && _metadataUsed > 0) SynchronizeLocked();
                storage.Dispose(freeBuffer: !_disposed);
            }
        }

        /// <summary>Releases the lock taken by <see cref="Lock"/>.</summary>
        internal readonly struct LockScope : IDisposable
        {
            private readonly object _gate;

            public LockScope(object gate) => _gate = gate;

            public void Dispose() => System.Threading.Monitor.Exit(_gate);
        }

        /// <summary>Frees the accelerator, every buffer allocated on it and the ILGPU context.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                _kernels.Clear();
                foreach (var buffer in _pool) buffer.Dispose();
                _pool.Clear();
                _metadata?.Dispose();
                _metadata = null;
                _accelerator.Dispose();
                _context.Dispose();
            }
        }

        /// <inheritdoc/>
        public override string ToString() => $"TensorDevice({Backend}: {Name})";

        internal void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(TensorDevice));
        }
    }
}
