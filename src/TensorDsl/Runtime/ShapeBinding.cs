using System;
using System.ComponentModel;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// Binds the shapes of one call of a generated kernel against its <see cref="ShapeLayout"/>: the size of every index,
    /// each tensor's stride per axis and per index, and the axes of the <c>...</c> group. One binder serves every attribute
    /// (docs/design.md §3), with the strictest of the rules the attributes had: an index has one size (with broadcasting, an
    /// input axis of length 1 also fits); a repeated index within one tensor (a diagonal) needs equal lengths; a
    /// <c>[Dim]</c> size must hold; an output's every axis has its index's size, and no output axis of length &gt; 1 has
    /// stride 0 (an output must not alias its own elements). Every check throws <see cref="ArgumentException"/> naming the
    /// index, the tensor, the axis and both sizes, before generated code writes anything. Call <see cref="Bind"/> for the
    /// inputs first, then the outputs. Lives on a caller-provided scratch span: no allocation.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ref struct ShapeBinding
    {
        private const int M = ShapeLayout.MaxEllipsisRank;
        private const nint FromDim = -2;           // a size source: the index's [Dim]
        private readonly ShapeLayout _layout;
        private readonly Span<nint> _sizes;        // per index; -1 = not seen yet
        private readonly Span<nint> _sizeSource;   // per index: tensor * 65536 + axis that fixed it, or FromDim
        private readonly Span<nint> _strides;      // per tensor x index: the sum over the tensor's axes that carry it
        private readonly Span<nint> _axisStrides;  // per tensor x axis-pattern position
        private readonly Span<nint> _ellSizes;     // the '...' group's axes, right-aligned; -1 = not seen
        private readonly Span<nint> _ellSource;
        private readonly Span<nint> _ellStrides;   // per tensor x M, right-aligned
        private int _ellRank;

        /// <summary>Starts binding a call.</summary>
        /// <param name="layout">The kernel's layout.</param>
        /// <param name="scratch">At least <see cref="ShapeLayout.ScratchLength"/> elements, typically stackalloc'ed.</param>
        public ShapeBinding(ShapeLayout layout, Span<nint> scratch)
        {
            _layout = layout;
            int c = layout.IndexNames.Count, t = layout.TensorCount, p = layout.PositionCount;
            scratch = scratch.Slice(0, layout.ScratchLength);
            int at = 0;
            _sizes = scratch.Slice(at, c); at += c;
            _sizeSource = scratch.Slice(at, c); at += c;
            _strides = scratch.Slice(at, t * c); at += t * c;
            _axisStrides = scratch.Slice(at, p); at += p;
            _ellSizes = scratch.Slice(at, M); at += M;
            _ellSource = scratch.Slice(at, M); at += M;
            _ellStrides = scratch.Slice(at, t * M);
            _sizes.Fill(-1);
            _sizeSource.Clear();
            for (int i = 0; i < c; i++)
            {
                if (layout.StaticSizes[i] > 0)
                {
                    _sizes[i] = layout.StaticSizes[i];
                    _sizeSource[i] = FromDim;
                }
            }
            _strides.Clear();
            _axisStrides.Clear();
            _ellSizes.Fill(-1);
            _ellSource.Clear();
            _ellStrides.Clear();
            _ellRank = 0;
        }

        /// <summary>The size of index <paramref name="index"/> (its id in the layout).</summary>
        public readonly nint Size(int index) => _sizes[index];

        /// <summary>The stride of index <paramref name="index"/> in tensor <paramref name="tensor"/>: 0 where the tensor lacks it
        /// or broadcasts it, the sum of its axes' strides for a diagonal.</summary>
        public readonly nint Stride(int tensor, int index) => _strides[tensor * _layout.IndexNames.Count + index];

        /// <summary>The stride of axis <paramref name="axis"/> of tensor <paramref name="tensor"/> (0 for an axis of length 1);
        /// an axis after the <c>...</c> group is counted from the end (−1 is the last).</summary>
        public readonly nint AxisStride(int tensor, int axis)
            => _axisStrides[_layout.PositionStart(tensor) + (axis >= 0 ? axis : _layout.Axes[tensor].Length + axis)];

        /// <summary>Number of axes of the <c>...</c> group at this call.</summary>
        public readonly int EllipsisRank => _ellRank;

        /// <summary>Number of positions of the <c>...</c> group (1 when it has no axes).</summary>
        public readonly nint EllipsisCount
        {
            get
            {
                nint n = 1;
                for (int d = M - _ellRank; d < M; d++) n *= _ellSizes[d];
                return n;
            }
        }

        /// <summary>Element offset of group position <paramref name="position"/> (0 ≤ position &lt; <see cref="EllipsisCount"/>,
        /// row-major over the group's axes) in tensor <paramref name="tensor"/>.</summary>
        public readonly nint EllipsisOffset(int tensor, nint position)
        {
            nint offset = 0;
            for (int d = M - 1; d >= M - _ellRank; d--)
            {
                nint size = _ellSizes[d];
                offset += (position % size) * _ellStrides[tensor * M + d];
                position /= size;
            }
            return offset;
        }

        /// <summary>Size of axis <paramref name="dim"/> of the <c>...</c> group (0 = outermost).</summary>
        public readonly nint EllipsisSize(int dim) => _ellSizes[M - _ellRank + dim];

        /// <summary>Stride of axis <paramref name="dim"/> of the <c>...</c> group in tensor <paramref name="tensor"/>.</summary>
        public readonly nint EllipsisStride(int tensor, int dim) => _ellStrides[tensor * M + M - _ellRank + dim];

        /// <summary>Binds tensor <paramref name="tensor"/>'s lengths and strides (every input before any output).</summary>
        public void Bind(int tensor, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
        {
            var pattern = _layout.Axes[tensor];
            int group = _layout.GroupPosition[tensor];
            bool output = _layout.Roles[tensor] == ShapeRole.Output;
            int named = group >= 0 ? pattern.Length - 1 : pattern.Length;
            if (output && named + (group >= 0 ? _ellRank : 0) == 0)
            {
                // A rank-0 result goes into a tensor of shape [1].
                if (lengths.Length != 1 || lengths[0] != 1)
                {
                    throw Error(tensor, $"The result of {_layout.Description} is a scalar; {_layout.TensorName(tensor)} must have shape [1] but has shape {Shape(lengths)}");
                }
                return;
            }
            if (!output && named == 0 && group < 0 && lengths.Length == 1 && lengths[0] == 1)
            {
                // A rank-0 input — the gradient dO of a rank-0 result, in a backward — comes as shape [1], like the result.
                return;
            }
            int groupAxes = CheckRank(tensor, named, group, lengths, output);

            // An empty output has no elements to alias: .NET gives a [3, 0] span the strides [0, 1].
            bool empty = false;
            foreach (nint length in lengths) empty |= length == 0;
            int start = _layout.PositionStart(tensor);
            for (int axis = 0; axis < lengths.Length; axis++)
            {
                nint length = lengths[axis];
                if (output && !empty && length > 1 && strides[axis] == 0)
                {
                    throw Error(tensor, $"{Capitalized(tensor)} has stride 0 on axis {axis}; an output must not alias its own elements");
                }
                nint stride = length == 1 ? 0 : strides[axis];
                if (group >= 0 && axis >= group && axis < group + groupAxes)
                {
                    BindGroupAxis(tensor, M - groupAxes + axis - group, length, stride, axis, output);
                    continue;
                }
                int position = group >= 0 && axis >= group ? axis - groupAxes + 1 : axis;
                int index = pattern[position];
                if (!output) CheckDiagonal(tensor, pattern, position, group, groupAxes, lengths, axis);
                BindIndex(index, tensor, length, axis, output);
                _axisStrides[start + position] = stride;
                _strides[tensor * _layout.IndexNames.Count + index] += stride;
            }
            var ties = _layout.Ties;
            for (int k = 0; k < ties.Length; k += 3)
            {
                if (ties[k] == tensor) BindIndex(ties[k + 2], tensor, lengths[ties[k + 1]], ties[k + 1], output);
            }
        }

        // The number of the '...' group's axes this tensor has (0 without a group); throws on a wrong rank.
        private int CheckRank(int tensor, int named, int group, ReadOnlySpan<nint> lengths, bool output)
        {
            int rank = lengths.Length;
            if (group < 0)
            {
                if (rank != named)
                {
                    throw Error(tensor, $"{Capitalized(tensor)} has rank {rank} (shape {Shape(lengths)}) but {_layout.Description} uses it with {named} {Axes(named)}");
                }
                return 0;
            }
            int extra = rank - named;
            if (output)
            {
                if (extra != _ellRank)
                {
                    throw Error(tensor, $"{Capitalized(tensor)} has rank {rank} (shape {Shape(lengths)}) but the result of {_layout.Description} has rank {named + _ellRank} ({named} named {Axes(named)} and {_ellRank} for '...')");
                }
                return extra;
            }
            if (extra < 0)
            {
                throw Error(tensor, $"{Capitalized(tensor)} has rank {rank} (shape {Shape(lengths)}) but {_layout.Description} uses it with at least {named} {Axes(named)}");
            }
            if (extra > M)
            {
                throw Error(tensor, $"{Capitalized(tensor)} has {extra} axes in its '...' group; at most {M} are supported");
            }
            if (extra > _ellRank) _ellRank = extra;
            return extra;
        }

        // NumPy: a repeated index within one operand is a diagonal, and its axes need equal lengths (no broadcasting).
        private readonly void CheckDiagonal(int tensor, int[] pattern, int position, int group, int groupAxes, ReadOnlySpan<nint> lengths, int axis)
        {
            for (int earlier = 0; earlier < position; earlier++)
            {
                if (pattern[earlier] != pattern[position]) continue;
                int earlierAxis = group >= 0 && earlier > group ? earlier + groupAxes - 1 : earlier;
                if (lengths[earlierAxis] != lengths[axis])
                {
                    throw Error(tensor, $"Index '{_layout.IndexNames[pattern[position]]}' is repeated in {_layout.TensorName(tensor)} (a diagonal) but its axes {earlierAxis} and {axis} have lengths {lengths[earlierAxis]} and {lengths[axis]}");
                }
                return;
            }
        }

        private void BindIndex(int index, int tensor, nint length, int axis, bool output)
        {
            nint current = _sizes[index];
            if (current == -1)
            {
                _sizes[index] = length;
                _sizeSource[index] = tensor * 65536 + axis;
                return;
            }
            if (length == current) return;
            if (!output && _layout.Broadcasting)
            {
                // A gaunt[…] harmonic axis holds its (L + 1)² components exactly: it never broadcasts.
                if (length == 1 && _layout.StaticSources[index] is null) return;
                if (current == 1 && _sizeSource[index] != FromDim)
                {
                    _sizes[index] = length;
                    _sizeSource[index] = tensor * 65536 + axis;
                    return;
                }
            }
            string name = _layout.IndexNames[index];
            if (_sizeSource[index] == FromDim)
            {
                throw Error(tensor, $"Index '{name}' is fixed to size {current} by {_layout.StaticSources[index] ?? "[Dim]"} but {_layout.TensorName(tensor)} has length {length} on axis {axis}");
            }
            int source = (int)(_sizeSource[index] / 65536), sourceAxis = (int)(_sizeSource[index] % 65536);
            string rule = _layout.Broadcasting && !output ? "; sizes of one index must be equal or 1" : "";
            throw Error(tensor, $"Index '{name}' has size {length} in {_layout.TensorName(tensor)} (axis {axis}) but size {current} in {_layout.TensorName(source)} (axis {sourceAxis}){rule}");
        }

        private void BindGroupAxis(int tensor, int slot, nint length, nint stride, int axis, bool output)
        {
            nint current = _ellSizes[slot];
            int dim = slot - (M - _ellRank);
            if (output)
            {
                if (length != current)
                {
                    throw Error(tensor, $"{Capitalized(tensor)} has length {length} on axis {axis} (axis {dim} of '...') but the inputs give size {current}");
                }
            }
            else if (current == -1 || (current == 1 && length != 1))
            {
                _ellSizes[slot] = length;
                _ellSource[slot] = tensor;
            }
            else if (length != 1 && length != current)
            {
                throw Error(tensor, $"Axis {slot - M} (from the right) of '...' has length {length} in {_layout.TensorName(tensor)} (axis {axis}) but {current} in {_layout.TensorName((int)_ellSource[slot])}; lengths must be equal or 1");
            }
            _ellStrides[tensor * M + slot] = stride;
        }

        private readonly ArgumentException Error(int tensor, string message) => new(message, _layout.Names[tensor]);

        private readonly string Capitalized(int tensor)
        {
            string s = _layout.TensorName(tensor);
            return char.ToUpperInvariant(s[0]) + s.Substring(1);
        }

        private static string Axes(int n) => n == 1 ? "axis" : "axes";

        private static string Shape(ReadOnlySpan<nint> lengths) => "[" + string.Join(", ", lengths.ToArray()) + "]";
    }
}
