using System;
using System.ComponentModel;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// Binds the shapes of one call: the size of every index, the stride of every index in every tensor, and the
    /// '...' broadcast dimensions. Follows NumPy: an index has one size, except that an axis of size 1 broadcasts;
    /// a repeated index within one operand (a diagonal) needs equal sizes. Every check throws
    /// <see cref="ArgumentException"/> naming the index, the operand and both sizes, and happens before generated
    /// code writes anything. Lives on a caller-provided scratch span: no allocation.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ref struct EinsumBinding
    {
        private const int M = EinsumLayout.MaxEllipsisRank;
        private readonly EinsumLayout _layout;
        private readonly Span<nint> _sizes;       // per label; -1 = not seen yet
        private readonly Span<nint> _sizeSource;  // per label: tensor that fixed it
        private readonly Span<nint> _strides;     // per tensor x label
        private readonly Span<nint> _ellSizes;    // right-aligned broadcast dims; -1 = not seen
        private readonly Span<nint> _ellSource;
        private readonly Span<nint> _ellStrides;  // per tensor x M, right-aligned
        private int _ellRank;

        /// <summary>Starts binding a call of <paramref name="layout"/>.</summary>
        /// <param name="layout">The method's layout.</param>
        /// <param name="scratch">At least <see cref="EinsumLayout.ScratchLength"/> elements, typically stackalloc'ed.</param>
        public EinsumBinding(EinsumLayout layout, Span<nint> scratch)
        {
            _layout = layout;
            int l = layout.Labels.Length, t = layout.TensorCount;
            scratch = scratch.Slice(0, layout.ScratchLength);
            _sizes = scratch.Slice(0, l);
            _sizeSource = scratch.Slice(l, l);
            _strides = scratch.Slice(2 * l, t * l);
            _ellSizes = scratch.Slice(2 * l + t * l, M);
            _ellSource = scratch.Slice(2 * l + t * l + M, M);
            _ellStrides = scratch.Slice(2 * l + t * l + 2 * M, t * M);
            _sizes.Fill(-1);
            _sizeSource.Clear();
            _strides.Clear();
            _ellSizes.Fill(-1);
            _ellSource.Clear();
            _ellStrides.Clear();
            _ellRank = 0;
        }

        /// <summary>Number of '...' broadcast dimensions of this call.</summary>
        public readonly int EllipsisRank => _ellRank;

        /// <summary>Number of positions of the broadcast dimensions (1 when there are none).</summary>
        public readonly nint EllipsisCount
        {
            get
            {
                nint n = 1;
                for (int d = M - _ellRank; d < M; d++) n *= _ellSizes[d];
                return n;
            }
        }

        /// <summary>The size of label <paramref name="label"/> (its id in <see cref="EinsumLayout.Labels"/>).</summary>
        public readonly nint Size(int label) => _sizes[label];

        /// <summary>The stride of <paramref name="label"/> in tensor <paramref name="tensor"/> (0 when the tensor lacks it
        /// or broadcasts it; the sum of both axes' strides for a diagonal). The output is tensor number <c>inputs</c>.</summary>
        public readonly nint Stride(int tensor, int label) => _strides[tensor * _layout.Labels.Length + label];

        /// <summary>Element offset of broadcast position <paramref name="position"/> (0 ≤ position &lt; <see cref="EllipsisCount"/>)
        /// in tensor <paramref name="tensor"/>.</summary>
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

        /// <summary>Size of broadcast dimension <paramref name="dim"/> (0 = outermost).</summary>
        public readonly nint EllipsisSize(int dim) => _ellSizes[M - _ellRank + dim];

        /// <summary>Stride of broadcast dimension <paramref name="dim"/> in tensor <paramref name="tensor"/>.</summary>
        public readonly nint EllipsisStride(int tensor, int dim) => _ellStrides[tensor * M + M - _ellRank + dim];

        /// <summary>Binds input <paramref name="operand"/>'s lengths and strides.</summary>
        public void BindInput(int operand, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
        {
            var sub = _layout.Spec.Inputs[operand];
            var ids = _layout.InputLabelIds[operand];
            string name = _layout.TensorName(operand);
            int ellipsisDims = CheckRank(sub, lengths.Length, name);
            for (int axis = 0; axis < lengths.Length; axis++)
            {
                int k = LabelAt(sub, axis, ellipsisDims, out int ellipsisDim);
                nint len = lengths[axis];
                nint stride = len == 1 ? 0 : strides[axis];
                if (k < 0)
                {
                    BindBroadcast(operand, M - ellipsisDims + ellipsisDim, len, stride, name, axis);
                    continue;
                }
                int label = ids[k];
                // A repeated index within one operand is a diagonal: NumPy requires equal sizes.
                int first = sub.Labels.IndexOf(sub.Labels[k]);
                if (first < k)
                {
                    int firstAxis = AxisOf(sub, first, ellipsisDims);
                    if (lengths[firstAxis] != len)
                    {
                        throw new ArgumentException(
                            $"Index '{sub.Labels[k]}' is repeated in {name} (a diagonal) but its axes {firstAxis} and {axis} have sizes {lengths[firstAxis]} and {len}");
                    }
                }
                BindLabel(label, operand, len, name, axis);
                _strides[operand * _layout.Labels.Length + label] += stride;
            }
        }

        /// <summary>Checks the output's shape against the bound sizes and records its strides.</summary>
        public void BindOutput(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
        {
            var sub = _layout.Spec.Output;
            int tensor = _layout.OperandNames.Length;
            string name = _layout.TensorName(tensor);
            int expectedRank = sub.Labels.Length + (sub.HasEllipsis ? _ellRank : 0);
            if (expectedRank == 0)
            {
                // A rank-0 result goes into a tensor of shape [1].
                if (lengths.Length != 1 || lengths[0] != 1)
                {
                    throw new ArgumentException($"The result of \"{_layout.Spec.Text}\" is a scalar; {name} must have shape [1] but has shape {Shape(lengths)}");
                }
                return;
            }
            if (lengths.Length != expectedRank)
            {
                throw new ArgumentException($"The result of \"{_layout.Spec.Text}\" has rank {expectedRank} ({ExpectedShape(sub)}) but {name} has rank {lengths.Length} (shape {Shape(lengths)})");
            }
            int ellipsisDims = sub.HasEllipsis ? _ellRank : 0;
            // An empty output has no elements to alias: .NET gives a [3, 0] span the strides [0, 1].
            bool empty = false;
            foreach (nint length in lengths) empty |= length == 0;
            for (int axis = 0; axis < lengths.Length; axis++)
            {
                int k = LabelAt(sub, axis, ellipsisDims, out int ellipsisDim);
                nint expected = k < 0 ? _ellSizes[M - ellipsisDims + ellipsisDim] : _sizes[_layout.OutputLabelIds[k]];
                if (lengths[axis] != expected)
                {
                    string what = k < 0 ? $"broadcast dimension {ellipsisDim} of '...'" : $"index '{sub.Labels[k]}'";
                    throw new ArgumentException($"{Capitalize(name)} has size {lengths[axis]} on axis {axis} ({what}) but the operands give size {expected}");
                }
                if (!empty && lengths[axis] > 1 && strides[axis] == 0)
                {
                    throw new ArgumentException($"{Capitalize(name)} has stride 0 on axis {axis}; an output must not alias its own elements");
                }
                nint stride = lengths[axis] == 1 ? 0 : strides[axis];
                if (k < 0) _ellStrides[tensor * M + M - ellipsisDims + ellipsisDim] = stride;
                else _strides[tensor * _layout.Labels.Length + _layout.OutputLabelIds[k]] = stride;
            }
        }

        /// <summary>For a method that returns its rank-0 result: every broadcast position is summed into it, so nothing is left to check (kept for generated code).</summary>
        public readonly void BindScalarResult()
        {
            // Nothing left to check: a rank-0 result sums every broadcast position, as an output without '...' does.
        }

        /// <summary>Checks a <c>[Dim]</c> static size against the call.</summary>
        public readonly void RequireSize(int label, nint size)
        {
            if (_sizes[label] != size)
            {
                throw new ArgumentException(
                    $"Index '{_layout.Labels[label]}' is fixed to size {size} by [Dim] but {_layout.TensorName((int)_sizeSource[label])} gives size {_sizes[label]}");
            }
        }


        private int CheckRank(Subscript sub, int rank, string name)
        {
            if (!sub.HasEllipsis)
            {
                if (rank != sub.Labels.Length)
                {
                    throw new ArgumentException($"{Capitalize(name)} has rank {rank} but its subscripts \"{sub.Text}\" in \"{_layout.Spec.Text}\" name {sub.Labels.Length} axes");
                }
                return 0;
            }
            int extra = rank - sub.Labels.Length;
            if (extra < 0)
            {
                throw new ArgumentException($"{Capitalize(name)} has rank {rank} but its subscripts \"{sub.Text}\" in \"{_layout.Spec.Text}\" need at least {sub.Labels.Length} axes");
            }
            if (extra > M)
            {
                throw new ArgumentException($"{Capitalize(name)} has {extra} broadcast dimensions; at most {M} are supported");
            }
            if (extra > _ellRank) _ellRank = extra;
            return extra;
        }

        private void BindLabel(int label, int tensor, nint len, string name, int axis)
        {
            nint current = _sizes[label];
            if (current == -1 || (current == 1 && len != 1))
            {
                _sizes[label] = len;
                _sizeSource[label] = tensor;
            }
            else if (len != 1 && len != current)
            {
                throw new ArgumentException(
                    $"Index '{_layout.Labels[label]}' has size {len} in {name} (axis {axis}) but size {current} in {_layout.TensorName((int)_sizeSource[label])}");
            }
        }

        private void BindBroadcast(int tensor, int slot, nint len, nint stride, string name, int axis)
        {
            nint current = _ellSizes[slot];
            if (current == -1 || (current == 1 && len != 1))
            {
                _ellSizes[slot] = len;
                _ellSource[slot] = tensor;
            }
            else if (len != 1 && len != current)
            {
                throw new ArgumentException(
                    $"Broadcast dimension ('...') {slot - M} from the right has size {len} in {name} (axis {axis}) but size {current} in {_layout.TensorName((int)_ellSource[slot])}; sizes must be equal or 1");
            }
            _ellStrides[tensor * M + slot] = stride;
        }

        // Maps an axis to its label position in the subscript, or -1 for a broadcast axis (ellipsisDim set).
        private static int LabelAt(Subscript sub, int axis, int ellipsisDims, out int ellipsisDim)
        {
            ellipsisDim = -1;
            if (!sub.HasEllipsis || axis < sub.EllipsisPosition) return axis;
            if (axis < sub.EllipsisPosition + ellipsisDims)
            {
                ellipsisDim = axis - sub.EllipsisPosition;
                return -1;
            }
            return axis - ellipsisDims;
        }

        private static int AxisOf(Subscript sub, int labelPosition, int ellipsisDims)
            => sub.HasEllipsis && labelPosition >= sub.EllipsisPosition ? labelPosition + ellipsisDims : labelPosition;

        private readonly string ExpectedShape(Subscript sub)
        {
            var parts = new System.Collections.Generic.List<string>();
            for (int k = 0; k <= sub.Labels.Length; k++)
            {
                if (sub.EllipsisPosition == k)
                {
                    for (int d = M - _ellRank; d < M; d++) parts.Add(_ellSizes[d].ToString());
                }
                if (k < sub.Labels.Length) parts.Add($"{sub.Labels[k]}={_sizes[_layout.Labels.IndexOf(sub.Labels[k])]}");
            }
            return "[" + string.Join(", ", parts) + "]";
        }

        private static string Shape(ReadOnlySpan<nint> lengths) => "[" + string.Join(", ", lengths.ToArray()) + "]";

        private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s.Substring(1);
    }
}
