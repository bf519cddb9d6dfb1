using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace TensorDsl
{
    /// <summary>
    /// A tensor in accelerator memory: a one-dimensional ILGPU buffer plus a shape, element strides and an element
    /// offset, like <see cref="TensorSpan{T}"/> describes host memory. Create one with
    /// <see cref="TensorDevice.Upload{T}(T[], nint[])"/> or <see cref="TensorDevice.Allocate{T}(nint[])"/>; pass it to the
    /// GPU overloads TensorDsl generates for <c>[Einsum]</c> methods.
    /// </summary>
    /// <remarks>
    /// <see cref="Permute"/>, <see cref="Transpose"/> and <see cref="Slice"/> return views: new tensors over the same buffer,
    /// with no copy. Only the tensor that allocated the buffer frees it; disposing a view frees nothing, and a view cannot be
    /// used once the tensor it was made from (or the device) is disposed.
    /// </remarks>
    /// <typeparam name="T">The element type (generated kernels use <see cref="float"/> or <see cref="double"/>).</typeparam>
    public sealed class DeviceTensor<T> : IDisposable where T : unmanaged
    {
        private readonly DeviceStorage<T> _storage;
        private readonly nint[] _lengths;
        private readonly nint[] _strides;
        private readonly bool _ownsStorage;
        private bool _disposed;

        internal DeviceTensor(TensorDevice device, DeviceStorage<T> storage, nint[] lengths, nint[] strides, nint offset, bool ownsStorage = true)
        {
            Device = device;
            _storage = storage;
            _lengths = lengths;
            _strides = strides;
            Offset = offset;
            _ownsStorage = ownsStorage;
            FlattenedLength = Product(lengths);
        }

        /// <summary>The device whose memory holds this tensor.</summary>
        public TensorDevice Device { get; }

        /// <summary>The length of each axis.</summary>
        public ReadOnlySpan<nint> Lengths => _lengths;

        /// <summary>The distance, in elements, between neighbours along each axis (row-major for a new tensor).</summary>
        public ReadOnlySpan<nint> Strides => _strides;

        /// <summary>The position, in elements, of element [0, 0, …] in the underlying buffer.</summary>
        public nint Offset { get; }

        /// <summary>The number of axes.</summary>
        public int Rank => _lengths.Length;

        /// <summary>The number of elements (the product of <see cref="Lengths"/>).</summary>
        public nint FlattenedLength { get; }

        /// <summary>True when the elements lie densely in row-major order from <see cref="Offset"/> on.</summary>
        public bool IsDense
        {
            get
            {
                nint expected = 1;
                for (int axis = _lengths.Length - 1; axis >= 0; axis--)
                {
                    if (_lengths[axis] != 1 && _strides[axis] != expected) return false;
                    expected *= _lengths[axis];
                }
                return true;
            }
        }

        /// <summary>True when this tensor is a view over another tensor's buffer (it does not free the buffer).</summary>
        public bool IsView => !_ownsStorage;

        /// <summary>True once this tensor, the tensor it views, or its device has been disposed.</summary>
        public bool IsDisposed => _disposed || _storage.IsDisposed || Device.IsDisposed;

        /// <summary>
        /// The whole underlying buffer (not just this tensor's elements): kernels index it with
        /// <see cref="Offset"/> and <see cref="Strides"/>. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public ArrayView<T> BufferView
        {
            get
            {
                ThrowIfDisposed();
                return _storage.Buffer.View;
            }
        }

        /// <summary>
        /// This tensor as a span over its buffer's host memory, for a device whose generated overloads run the CPU code
        /// (<see cref="TensorDevice.RunsGeneratedCpuCode"/>). The span is valid while the tensor is. Used by generated code.
        /// </summary>
        /// <exception cref="InvalidOperationException">The buffer is not in host memory (a CUDA or OpenCL device).</exception>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public unsafe TensorSpan<T> HostSpan()
        {
            ThrowIfDisposed();
            if (Device.Accelerator.AcceleratorType != ILGPU.Runtime.AcceleratorType.CPU)
            {
                throw new InvalidOperationException($"A tensor on {Device.Name} ({Device.AcceleratorType}) has no host memory to span.");
            }
            T* data = (T*)_storage.Buffer.NativePtr + Offset;
            // TensorSpan refuses a non-zero stride on an axis of length 1 (it counts that stride as reachable memory); only
            // position 0 of such an axis exists, so its stride is immaterial.
            Span<nint> strides = stackalloc nint[_strides.Length];
            for (int axis = 0; axis < strides.Length; axis++) strides[axis] = _lengths[axis] == 1 ? 0 : _strides[axis];
            return new TensorSpan<T>(data, (nint)(_storage.Length - Offset), _lengths, strides);
        }

        /// <summary>True when this tensor and <paramref name="other"/> use the same device buffer (for example a tensor and its transpose).</summary>
        /// <param name="other">Another tensor.</param>
        public bool SharesBufferWith(DeviceTensor<T> other)
        {
            ArgumentNullException.ThrowIfNull(other);
            return ReferenceEquals(_storage, other._storage);
        }

        /// <summary>A view with the axes reordered: axis <c>k</c> of the view is axis <c>axes[k]</c> of this tensor (NumPy's <c>transpose(axes)</c>).</summary>
        /// <param name="axes">A permutation of 0 … <see cref="Rank"/> − 1.</param>
        /// <returns>A view over the same buffer; no data is copied.</returns>
        /// <exception cref="ArgumentException"><paramref name="axes"/> is not a permutation of the axes.</exception>
        public DeviceTensor<T> Permute(params int[] axes)
        {
            ArgumentNullException.ThrowIfNull(axes);
            ThrowIfDisposed();
            if (axes.Length != Rank)
            {
                throw new ArgumentException($"A permutation of a rank-{Rank} tensor has {Rank} axes, not {axes.Length}", nameof(axes));
            }
            var seen = new bool[Rank];
            var lengths = new nint[Rank];
            var strides = new nint[Rank];
            for (int k = 0; k < axes.Length; k++)
            {
                int axis = axes[k];
                if (axis < 0 || axis >= Rank || seen[axis])
                {
                    throw new ArgumentException($"[{string.Join(", ", axes)}] is not a permutation of the axes 0..{Rank - 1}", nameof(axes));
                }
                seen[axis] = true;
                lengths[k] = _lengths[axis];
                strides[k] = _strides[axis];
            }
            return new DeviceTensor<T>(Device, _storage, lengths, strides, Offset, ownsStorage: false);
        }

        /// <summary>A view with the axes in reverse order (NumPy's <c>.T</c>): the transpose of a matrix.</summary>
        /// <returns>A view over the same buffer; no data is copied.</returns>
        public DeviceTensor<T> Transpose()
        {
            var axes = new int[Rank];
            for (int k = 0; k < Rank; k++) axes[k] = Rank - 1 - k;
            return Permute(axes);
        }

        /// <summary>A view of <paramref name="length"/> consecutive positions of axis <paramref name="axis"/>, starting at <paramref name="start"/>.</summary>
        /// <param name="axis">The axis to narrow.</param>
        /// <param name="start">The first position kept.</param>
        /// <param name="length">How many positions are kept.</param>
        /// <returns>A view over the same buffer; no data is copied.</returns>
        /// <exception cref="ArgumentOutOfRangeException">The axis or the range is outside the tensor.</exception>
        public DeviceTensor<T> Slice(int axis, nint start, nint length)
        {
            ThrowIfDisposed();
            if (axis < 0 || axis >= Rank) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"The tensor has axes 0..{Rank - 1}");
            if (start < 0 || length < 0 || start > _lengths[axis] - length)
            {
                throw new ArgumentOutOfRangeException(nameof(start), $"Positions [{start}, {start + length}) are outside axis {axis} of length {_lengths[axis]}");
            }
            var lengths = (nint[])_lengths.Clone();
            lengths[axis] = length;
            nint offset = length == 0 ? Offset : Offset + start * _strides[axis];
            return new DeviceTensor<T>(Device, _storage, lengths, (nint[])_strides.Clone(), offset, ownsStorage: false);
        }

        /// <summary>Downloads the elements in logical row-major order (whatever the strides).</summary>
        /// <returns>A new array of <see cref="FlattenedLength"/> elements.</returns>
        public T[] ToArray()
        {
            var result = new T[FlattenedLength];
            CopyTo(result);
            return result;
        }

        /// <summary>Downloads the elements into a new host tensor of the same shape.</summary>
        /// <returns>A dense host tensor.</returns>
        public Tensor<T> ToTensor() => Tensor.Create(ToArray(), _lengths);

        /// <summary>Downloads the elements in logical row-major order into <paramref name="destination"/>.</summary>
        /// <param name="destination">At least <see cref="FlattenedLength"/> elements.</param>
        public void CopyTo(Span<T> destination)
        {
            ThrowIfDisposed();
            if (destination.Length < FlattenedLength)
            {
                throw new ArgumentException($"The destination has {destination.Length} elements but the tensor has {FlattenedLength}", nameof(destination));
            }
            if (FlattenedLength == 0) return;
            var (first, extent) = Extent();
            if (IsDense)
            {
                using (Device.Lock()) _storage.Buffer.View.SubView(first, extent).AsContiguous().CopyToCPU(destination.Slice(0, (int)extent));
                return;
            }
            var staging = new T[extent];
            using (Device.Lock()) _storage.Buffer.View.SubView(first, extent).AsContiguous().CopyToCPU(staging);
            Gather(staging, destination, first);
        }

        /// <summary>
        /// Downloads the whole underlying buffer, including the elements outside this view (those of the tensor the view was
        /// made from, or the gaps of a strided upload), in buffer order.
        /// </summary>
        /// <returns>A new array with one element per buffer element.</returns>
        public T[] DownloadBuffer()
        {
            ThrowIfDisposed();
            var result = new T[_storage.Length];
            if (result.Length == 0) return result;
            using (Device.Lock()) _storage.Buffer.View.SubView(0, result.Length).AsContiguous().CopyToCPU(result);
            return result;
        }

        /// <summary>Uploads <paramref name="source"/>, in logical row-major order, into this tensor's elements (whatever the strides).</summary>
        /// <param name="source">Exactly <see cref="FlattenedLength"/> elements.</param>
        /// <remarks>For a strided view the covered range of the buffer is read, updated and written back under the device's lock.</remarks>
        public void CopyFrom(ReadOnlySpan<T> source)
        {
            ThrowIfDisposed();
            if (source.Length != FlattenedLength)
            {
                throw new ArgumentException($"The source has {source.Length} elements but the tensor has {FlattenedLength}", nameof(source));
            }
            if (FlattenedLength == 0) return;
            var (first, extent) = Extent();
            if (IsDense)
            {
                using (Device.Lock()) _storage.Buffer.View.SubView(first, extent).AsContiguous().CopyFromCPU(source);
                return;
            }
            var staging = new T[extent];
            using (Device.Lock())
            {
                var range = _storage.Buffer.View.SubView(first, extent).AsContiguous();
                range.CopyToCPU(staging);
                Scatter(source, staging, first);
                range.CopyFromCPU(staging);
            }
        }

        /// <summary>
        /// Copies <paramref name="source"/>, a tensor of the same shape on the same device, into this tensor's elements in
        /// logical order: on the device when both are dense, else through host memory.
        /// </summary>
        /// <param name="source">The tensor to copy.</param>
        /// <exception cref="ArgumentException">The shapes differ or the tensors live on different devices.</exception>
        public void CopyFrom(DeviceTensor<T> source)
        {
            ArgumentNullException.ThrowIfNull(source);
            ThrowIfDisposed();
            source.ThrowIfDisposed();
            if (!ReferenceEquals(source.Device, Device)) throw new ArgumentException("The source tensor lives on another device", nameof(source));
            if (!source.Lengths.SequenceEqual(Lengths))
            {
                throw new ArgumentException($"The source has shape [{string.Join(", ", source._lengths)}] but this tensor has [{string.Join(", ", _lengths)}]", nameof(source));
            }
            if (FlattenedLength == 0) return;
            if (IsDense && source.IsDense)
            {
                var (first, extent) = Extent();
                var (sourceFirst, _) = source.Extent();
                using (Device.Lock())
                {
                    source._storage.Buffer.View.SubView(sourceFirst, extent).AsContiguous().CopyTo(_storage.Buffer.View.SubView(first, extent).AsContiguous());
                    Device.Accelerator.Synchronize();
                }
                return;
            }
            CopyFrom(source.ToArray());
        }

        /// <summary>Frees the device buffer when this tensor allocated it; for a view, only marks the view as disposed.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (_ownsStorage) Device.DisposeStorage(_storage);
        }

        /// <inheritdoc/>
        public override string ToString()
            => $"DeviceTensor<{typeof(T).Name}>[{string.Join(", ", _lengths)}]{(IsDense ? "" : " strides [" + string.Join(", ", _strides) + "]")}{(IsView ? " (view)" : "")} on {Device.Name}";

        internal void ThrowIfDisposed()
        {
            if (IsDisposed)
            {
                throw new ObjectDisposedException(GetType().Name, _disposed
                    ? "The tensor has been disposed"
                    : _storage.IsDisposed ? "The tensor this view was made from has been disposed" : "The tensor's device has been disposed");
            }
        }

        // The smallest buffer range [first, first + extent) that holds every element (strides are never negative).
        private (long First, long Extent) Extent()
        {
            long last = Offset;
            for (int axis = 0; axis < _lengths.Length; axis++) last += (long)(_lengths[axis] - 1) * _strides[axis];
            return (Offset, last - Offset + 1);
        }

        private void Gather(ReadOnlySpan<T> staging, Span<T> destination, long first)
        {
            var index = new nint[Rank];
            long offset = Offset - first;
            for (nint p = 0; p < FlattenedLength; p++)
            {
                destination[(int)p] = staging[(int)offset];
                offset = Next(index, offset);
            }
        }

        private void Scatter(ReadOnlySpan<T> values, Span<T> staging, long first)
        {
            var index = new nint[Rank];
            long offset = Offset - first;
            for (nint p = 0; p < FlattenedLength; p++)
            {
                staging[(int)offset] = values[(int)p];
                offset = Next(index, offset);
            }
        }

        // Advances a row-major multi-index by one and returns the element offset that goes with it.
        private long Next(nint[] index, long offset)
        {
            for (int axis = Rank - 1; axis >= 0; axis--)
            {
                if (++index[axis] < _lengths[axis]) return offset + _strides[axis];
                offset -= (long)(_lengths[axis] - 1) * _strides[axis];
                index[axis] = 0;
            }
            return offset;
        }

        internal static nint CheckLengths(ReadOnlySpan<nint> lengths, string parameterName)
        {
            nint count = 1;
            foreach (nint length in lengths)
            {
                if (length < 0) throw new ArgumentOutOfRangeException(parameterName, $"Lengths must not be negative: [{string.Join(", ", lengths.ToArray())}]");
                count = checked(count * length);
            }
            if (count > Array.MaxLength)
            {
                throw new ArgumentOutOfRangeException(parameterName, $"The shape [{string.Join(", ", lengths.ToArray())}] has {count} elements; at most {Array.MaxLength} are supported");
            }
            return count;
        }

        internal static nint[] RowMajorStrides(ReadOnlySpan<nint> lengths)
        {
            var strides = new nint[lengths.Length];
            nint stride = 1;
            for (int axis = lengths.Length - 1; axis >= 0; axis--)
            {
                strides[axis] = stride;
                stride *= Math.Max(1, lengths[axis]);
            }
            return strides;
        }

        private static nint Product(nint[] lengths)
        {
            nint count = 1;
            foreach (nint length in lengths) count *= length;
            return count;
        }
    }

    /// <summary>The device buffer behind a tensor and all of its views.</summary>
    internal sealed class DeviceStorage<T> where T : unmanaged
    {
        public DeviceStorage(MemoryBuffer1D<T, Stride1D.Dense> buffer, long length)
        {
            Buffer = buffer;
            Length = length;
        }

        public MemoryBuffer1D<T, Stride1D.Dense> Buffer { get; }

        /// <summary>The number of elements the tensors use (the buffer has at least one, even when this is 0).</summary>
        public long Length { get; }

        public bool IsDisposed { get; private set; }

        /// <summary>True when the buffer came from <see cref="TensorDevice.Rent{T}"/> and goes back to the device's pool.</summary>
        public bool Pooled { get; init; }

        public void Dispose(bool freeBuffer)
        {
            if (IsDisposed) return;
            IsDisposed = true;
            if (freeBuffer) Buffer.Dispose();
        }
    }
}
