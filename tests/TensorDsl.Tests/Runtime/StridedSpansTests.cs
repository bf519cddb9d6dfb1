using System;
using System.Numerics.Tensors;
using TensorDsl.Runtime;
using Xunit;

namespace TensorDsl.Tests.Runtime
{
    /// <summary>
    /// <see cref="StridedSpans"/> against element-by-element loops over the same views: dense, transposed, padded rows,
    /// and a strided last axis; nothing outside a view is touched.
    /// </summary>
    public class StridedSpansTests
    {
        public static TheoryData<int[], int[], int> Views => new()
        {
            { new[] { 3, 4, 5 }, new[] { 20, 5, 1 }, 60 },     // dense
            { new[] { 4, 3 }, new[] { 1, 4 }, 12 },            // transposed
            { new[] { 3, 5 }, new[] { 8, 1 }, 24 },            // padded rows
            { new[] { 2, 3, 4 }, new[] { 30, 10, 2 }, 60 },    // every other element of each row
        };

        [Theory]
        [MemberData(nameof(Views))]
        public void Clear_zeroes_exactly_the_view(int[] lengths, int[] strides, int backing)
        {
            var data = Filled(backing + 3);
            var view = new TensorSpan<float>(data, 0, ToNint(lengths), ToNint(strides));
            StridedSpans.Clear(view);
            var inView = Offsets(lengths, strides, backing + 3);
            for (int i = 0; i < data.Length; i++) Assert.Equal(inView[i] ? 0f : i + 1, data[i]);
        }

        [Theory]
        [MemberData(nameof(Views))]
        public void Copy_matches_an_element_loop(int[] lengths, int[] strides, int backing)
        {
            // Copy from the view into a dense tensor and back into a second strided copy of the backing array.
            var source = Filled(backing + 3);
            var view = new ReadOnlyTensorSpan<float>(source, 0, ToNint(lengths), ToNint(strides));
            var dense = new float[Math.Max(1, (int)view.FlattenedLength)];
            StridedSpans.Copy(view, new TensorSpan<float>(dense, ToNint(lengths)));
            int k = 0;
            ForEach(lengths, strides, offset => Assert.Equal(source[offset], dense[k++]));

            var target = new float[backing + 3];
            StridedSpans.Copy(new ReadOnlyTensorSpan<float>(dense, ToNint(lengths)), new TensorSpan<float>(target, 0, ToNint(lengths), ToNint(strides)));
            var inView = Offsets(lengths, strides, backing + 3);
            for (int i = 0; i < target.Length; i++) Assert.Equal(inView[i] ? source[i] : 0f, target[i]);
        }

        [Fact]
        public void Copy_rejects_different_lengths()
        {
            var ex = Assert.Throws<ArgumentException>(() => StridedSpans.Copy(new ReadOnlyTensorSpan<float>(new float[6], new nint[] { 2, 3 }), new TensorSpan<float>(new float[6], new nint[] { 3, 2 })));
            Assert.Contains("[3, 2]", ex.Message);
            Assert.Contains("[2, 3]", ex.Message);
        }

        private static float[] Filled(int length)
        {
            var data = new float[length];
            for (int i = 0; i < length; i++) data[i] = i + 1;
            return data;
        }

        private static nint[] ToNint(int[] values) => Array.ConvertAll(values, v => (nint)v);

        private static bool[] Offsets(int[] lengths, int[] strides, int length)
        {
            var inView = new bool[length];
            ForEach(lengths, strides, offset => inView[offset] = true);
            return inView;
        }

        // Visits the view's element offsets in row-major order.
        private static void ForEach(int[] lengths, int[] strides, Action<int> visit)
        {
            var index = new int[lengths.Length];
            while (true)
            {
                int offset = 0;
                for (int a = 0; a < lengths.Length; a++) offset += index[a] * strides[a];
                visit(offset);
                int axis = lengths.Length - 1;
                while (axis >= 0 && ++index[axis] == lengths[axis]) index[axis--] = 0;
                if (axis < 0) return;
            }
        }
    }
}
