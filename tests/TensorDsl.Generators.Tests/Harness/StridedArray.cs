using System;
using System.Linq;
using System.Numerics;
using System.Numerics.Tensors;

namespace TensorDsl.Generators.Tests.Harness
{
    /// <summary>
    /// A test tensor stored in a larger array: axes laid out in a random physical order, with gaps between
    /// elements and a start offset, so kernels meet non-contiguous views (transposes, slices) as users pass them.
    /// The gaps hold their own values, which a kernel that reads or writes the wrong element would disturb.
    /// </summary>
    public sealed class StridedArray<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public StridedArray(T[] data, int start, nint[] lengths, nint[] strides)
        {
            Data = data;
            Start = start;
            Lengths = lengths;
            Strides = strides;
        }

        public T[] Data { get; }
        public int Start { get; }
        public nint[] Lengths { get; }
        public nint[] Strides { get; }

        /// <summary>A tensor of <paramref name="lengths"/> with random values; dense row-major unless <paramref name="strided"/>.</summary>
        public static StridedArray<T> Random(Random rng, nint[] lengths, bool strided, Func<Random, double>? value = null)
        {
            value ??= r => r.NextDouble() * 2 - 1;
            int rank = lengths.Length;
            var order = Enumerable.Range(0, rank).ToArray();
            var gaps = Enumerable.Repeat(1, rank).ToArray();
            int start = 0;
            if (strided)
            {
                order = order.OrderBy(_ => rng.Next()).ToArray();
                for (int d = 0; d < rank; d++) gaps[d] = rng.Next(1, 3);
                start = rng.Next(0, 4);
            }
            // Physical layout: the last axis of 'order' is innermost.
            var strides = new nint[rank];
            nint step = 1;
            for (int k = rank - 1; k >= 0; k--)
            {
                int axis = order[k];
                strides[axis] = step * gaps[axis];
                step = strides[axis] * Math.Max(1, lengths[axis]);
            }
            // System.Numerics.Tensors rejects a non-zero stride on an axis of length 1 (it is never used anyway).
            for (int d = 0; d < rank; d++) if (lengths[d] == 1) strides[d] = 0;
            long span = 1;
            for (int d = 0; d < rank; d++) span += (Math.Max(1, (long)lengths[d]) - 1) * strides[d];
            var data = new T[start + span + rng.Next(0, 3)];
            for (int i = 0; i < data.Length; i++) data[i] = T.CreateChecked(value(rng));
            return new StridedArray<T>(data, start, (nint[])lengths.Clone(), strides);
        }

        /// <summary>Offsets (into <see cref="Data"/>) of every logical element, row-major.</summary>
        public long[] LogicalOffsets()
        {
            long count = 1;
            foreach (var l in Lengths) count *= l;
            var result = new long[count];
            var index = new long[Lengths.Length];
            for (long p = 0; p < count; p++)
            {
                long offset = Start;
                for (int d = 0; d < index.Length; d++) offset += index[d] * Strides[d];
                result[p] = offset;
                for (int d = index.Length - 1; d >= 0; d--)
                {
                    if (++index[d] < Lengths[d]) break;
                    index[d] = 0;
                }
            }
            return result;
        }

        /// <summary>The logical values as a dense double tensor (for the oracle).</summary>
        public Tensor<double> ToDouble(bool absolute = false)
        {
            var values = LogicalOffsets().Select(o => double.CreateChecked(Data[o])).Select(v => absolute ? Math.Abs(v) : v).ToArray();
            return Tensor.Create(values, Lengths);
        }
    }
}
