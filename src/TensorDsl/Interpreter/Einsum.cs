using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using TensorDsl.Language.Einsum;

namespace TensorDsl
{
    /// <summary>
    /// The reference interpreter for einsum specs: evaluates any spec the generator accepts, in double precision,
    /// with no generated code. It is deliberately simple (one pass over every point of the index space, elements
    /// read by multi-index) and shares only the parser with the generator, which makes it the oracle of the tests.
    /// </summary>
    public static class Einsum
    {
        /// <summary>
        /// Evaluates <paramref name="spec"/> on <paramref name="operands"/> with NumPy semantics. A rank-0 result is
        /// returned with shape [1].
        /// </summary>
        /// <exception cref="ArgumentException">The spec is invalid or the shapes do not fit it.</exception>
        public static Tensor<double> Evaluate(string spec, params Tensor<double>[] operands)
        {
            ArgumentNullException.ThrowIfNull(spec);
            ArgumentNullException.ThrowIfNull(operands);
            var parsed = EinsumParser.ParseOrThrow(spec);
            if (operands.Length != parsed.Inputs.Count)
            {
                throw new ArgumentException($"The spec \"{spec}\" has {parsed.Inputs.Count} operands but {operands.Length} tensors were given", nameof(operands));
            }

            // Broadcast ('...') dimensions: right-aligned across operands, sizes equal or 1.
            int ellipsisRank = 0;
            var ellipsisDims = new int[operands.Length];
            for (int i = 0; i < operands.Length; i++)
            {
                var sub = parsed.Inputs[i];
                int rank = operands[i].Rank;
                ellipsisDims[i] = sub.HasEllipsis ? rank - sub.Labels.Length : 0;
                if ((!sub.HasEllipsis && rank != sub.Labels.Length) || ellipsisDims[i] < 0)
                {
                    throw new ArgumentException($"Operand {i} has rank {rank} but its subscripts \"{sub.Text}\" need {(sub.HasEllipsis ? "at least " : "")}{sub.Labels.Length}");
                }
                ellipsisRank = Math.Max(ellipsisRank, ellipsisDims[i]);
            }
            var broadcast = new long[ellipsisRank];
            for (int d = 0; d < ellipsisRank; d++) broadcast[d] = 1;
            var sizes = new Dictionary<char, long>();
            for (int i = 0; i < operands.Length; i++)
            {
                var lengths = operands[i].Lengths;
                for (int axis = 0; axis < lengths.Length; axis++)
                {
                    long len = lengths[axis];
                    var (label, ellipsisDim) = AxisMeaning(parsed.Inputs[i], axis, ellipsisDims[i], ellipsisRank);
                    if (label == '\0')
                    {
                        broadcast[ellipsisDim] = Merge(broadcast[ellipsisDim], len, $"broadcast dimension {ellipsisDim}");
                    }
                    else
                    {
                        sizes[label] = sizes.TryGetValue(label, out long s) ? Merge(s, len, $"index '{label}'") : len;
                    }
                }
                // A repeated index within one operand must have equal sizes (NumPy).
                var sub = parsed.Inputs[i];
                for (int k = 0; k < sub.Labels.Length; k++)
                {
                    int first = sub.Labels.IndexOf(sub.Labels[k]);
                    if (first < k && lengths[AxisOf(sub, first, ellipsisDims[i])] != lengths[AxisOf(sub, k, ellipsisDims[i])])
                    {
                        throw new ArgumentException($"Index '{sub.Labels[k]}' is repeated in operand {i} but its axes differ in size");
                    }
                }
            }
            // An output without '...' sums over the broadcast dimensions (NumPy and PyTorch: "i...->i" sums all but the first axis).

            // The index space: broadcast dimensions first, then every label.
            string labels = parsed.Labels;
            int dims = ellipsisRank + labels.Length;
            var extent = new long[dims];
            for (int d = 0; d < ellipsisRank; d++) extent[d] = broadcast[d];
            for (int k = 0; k < labels.Length; k++) extent[ellipsisRank + k] = sizes[labels[k]];
            int DimOf(char label, int ellipsisDim) => label == '\0' ? ellipsisDim : ellipsisRank + labels.IndexOf(label);

            var outputLengths = new List<nint>();
            var outputDims = new List<int>();
            int outputEllipsis = parsed.Output.HasEllipsis ? ellipsisRank : 0;
            for (int axis = 0; axis < parsed.Output.Labels.Length + outputEllipsis; axis++)
            {
                var (label, ellipsisDim) = AxisMeaning(parsed.Output, axis, outputEllipsis, ellipsisRank);
                int dim = DimOf(label, ellipsisDim);
                outputDims.Add(dim);
                outputLengths.Add((nint)extent[dim]);
            }
            bool scalar = outputLengths.Count == 0;
            var result = Tensor.CreateFromShape<double>(scalar ? new nint[] { 1 } : outputLengths.ToArray(), pinned: false);

            // Which index-space dimension each operand axis reads (-1: a size-1 axis broadcast against a larger size).
            var axisDims = new int[operands.Length][];
            for (int i = 0; i < operands.Length; i++)
            {
                var lengths = operands[i].Lengths;
                axisDims[i] = new int[lengths.Length];
                for (int axis = 0; axis < lengths.Length; axis++)
                {
                    var (label, ellipsisDim) = AxisMeaning(parsed.Inputs[i], axis, ellipsisDims[i], ellipsisRank);
                    int dim = DimOf(label, ellipsisDim);
                    axisDims[i][axis] = lengths[axis] == 1 && extent[dim] != 1 ? -1 : dim;
                }
            }

            long total = 1;
            foreach (long e in extent) total *= e;
            var point = new long[dims];
            int maxRank = outputDims.Count;
            foreach (var op in operands) maxRank = Math.Max(maxRank, op.Rank);
            var index = new nint[maxRank];
            for (long p = 0; p < total; p++)
            {
                double product = 1;
                for (int i = 0; i < operands.Length; i++)
                {
                    var map = axisDims[i];
                    for (int axis = 0; axis < map.Length; axis++) index[axis] = map[axis] < 0 ? 0 : (nint)point[map[axis]];
                    product *= operands[i][new ReadOnlySpan<nint>(index, 0, map.Length)];
                }
                if (scalar)
                {
                    result[new nint[] { 0 }] += product;
                }
                else
                {
                    for (int axis = 0; axis < outputDims.Count; axis++) index[axis] = (nint)point[outputDims[axis]];
                    result[new ReadOnlySpan<nint>(index, 0, outputDims.Count)] += product;
                }
                // Advance the odometer (last dimension fastest).
                for (int d = dims - 1; d >= 0; d--)
                {
                    if (++point[d] < extent[d]) break;
                    point[d] = 0;
                }
            }
            return result;
        }

        private static long Merge(long current, long len, string what)
        {
            if (current == len || len == 1) return current;
            if (current == 1) return len;
            throw new ArgumentException($"Sizes of {what} do not match: {current} and {len}");
        }

        // The label an axis carries, or '\0' and the (left-aligned, global) broadcast dimension it is.
        private static (char Label, int EllipsisDim) AxisMeaning(Subscript sub, int axis, int ownEllipsisDims, int ellipsisRank)
        {
            if (!sub.HasEllipsis || axis < sub.EllipsisPosition) return (sub.Labels[axis], -1);
            if (axis < sub.EllipsisPosition + ownEllipsisDims)
            {
                return ('\0', ellipsisRank - ownEllipsisDims + (axis - sub.EllipsisPosition));
            }
            return (sub.Labels[axis - ownEllipsisDims], -1);
        }

        private static int AxisOf(Subscript sub, int labelPosition, int ownEllipsisDims)
            => sub.HasEllipsis && labelPosition >= sub.EllipsisPosition ? labelPosition + ownEllipsisDims : labelPosition;
    }
}
