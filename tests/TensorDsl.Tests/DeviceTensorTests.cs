using System;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests
{
    [Collection(DeviceCollection.Name)]
    public sealed class DeviceTensorTests
    {
        private readonly TensorDevice _device;

        public DeviceTensorTests(DeviceFixture fixture) => _device = fixture.Device;

        [Fact]
        public void Upload_then_ToArray_round_trips_with_row_major_shape()
        {
            var data = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
            using var t = _device.Upload(data, 2, 3, 4);
            Assert.Equal(3, t.Rank);
            Assert.Equal(new nint[] { 2, 3, 4 }, t.Lengths.ToArray());
            Assert.Equal(new nint[] { 12, 4, 1 }, t.Strides.ToArray());
            Assert.Equal(0, t.Offset);
            Assert.Equal(24, t.FlattenedLength);
            Assert.True(t.IsDense);
            Assert.False(t.IsView);
            Assert.Same(_device, t.Device);
            Assert.Equal(data, t.ToArray());
        }

        [Fact]
        public void Upload_without_lengths_is_one_dimensional()
        {
            using var t = _device.Upload(new double[] { 1, 2, 3 });
            Assert.Equal(new nint[] { 3 }, t.Lengths.ToArray());
            Assert.Equal(new double[] { 1, 2, 3 }, t.ToArray());
        }

        [Fact]
        public void Upload_rejects_a_shape_that_does_not_hold_the_data()
        {
            var e = Assert.Throws<ArgumentException>(() => _device.Upload(new float[5], 2, 3));
            Assert.Contains("6", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => _device.Allocate<float>(2, -1));
        }

        [Fact]
        public void Upload_and_download_host_tensors_keep_the_logical_order()
        {
            var host = Tensor.Create(Enumerable.Range(0, 6).Select(i => (double)i).ToArray(), new nint[] { 2, 3 });
            // A transposed host view: logical [3, 2] with strides (1, 3).
            var transposed = new ReadOnlyTensorSpan<double>(host.ToArray(), new nint[] { 3, 2 }, new nint[] { 1, 3 });
            using var t = _device.Upload(transposed);
            Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5 }, t.ToArray());
            using var u = _device.Upload(host);
            var back = u.ToTensor();
            Assert.Equal(host.Lengths.ToArray(), back.Lengths.ToArray());
            Assert.Equal(host.ToArray(), back.ToArray());
        }

        [Fact]
        public void Upload_with_an_explicit_layout_views_the_whole_array()
        {
            var data = Enumerable.Range(0, 14).Select(i => (double)i).ToArray();
            // A 2x3 view starting at 1, rows 6 apart, columns 2 apart (the gaps hold other values).
            using var t = _device.Upload(data, 1, new nint[] { 2, 3 }, new nint[] { 6, 2 });
            Assert.False(t.IsDense);
            Assert.Equal(1, t.Offset);
            Assert.Equal(new double[] { 1, 3, 5, 7, 9, 11 }, t.ToArray());
            Assert.Equal(data, t.DownloadBuffer());
            // A stride of 0 repeats one element.
            using var row = _device.Upload(data, 4, new nint[] { 3 }, new nint[] { 0 });
            Assert.Equal(new double[] { 4, 4, 4 }, row.ToArray());
            Assert.Throws<ArgumentException>(() => _device.Upload(data, 4, new nint[] { 2, 3 }, new nint[] { 6, 2 }));
            Assert.Throws<ArgumentException>(() => _device.Upload(data, 8, new nint[] { 2 }, new nint[] { -1 }));
            Assert.Throws<ArgumentException>(() => _device.Upload(data, 0, new nint[] { 2 }, new nint[] { 1, 1 }));
        }

        [Fact]
        public void Allocate_is_zero_filled()
        {
            using var t = _device.Allocate<double>(3, 5);
            Assert.All(t.ToArray(), x => Assert.Equal(0.0, x));
        }

        [Fact]
        public void Permute_is_a_view_with_permuted_lengths_and_strides()
        {
            var data = Enumerable.Range(0, 24).Select(i => (double)i).ToArray();
            using var t = _device.Upload(data, 2, 3, 4);
            using var p = t.Permute(2, 0, 1);
            Assert.True(p.IsView);
            Assert.True(p.SharesBufferWith(t));
            Assert.False(p.IsDense);
            Assert.Equal(new nint[] { 4, 2, 3 }, p.Lengths.ToArray());
            Assert.Equal(new nint[] { 1, 12, 4 }, p.Strides.ToArray());

            // ToArray of the view downloads in the view's own row-major order.
            var expected = new double[24];
            int n = 0;
            for (int k = 0; k < 4; k++)
                for (int i = 0; i < 2; i++)
                    for (int j = 0; j < 3; j++)
                        expected[n++] = data[i * 12 + j * 4 + k];
            Assert.Equal(expected, p.ToArray());
        }

        [Fact]
        public void Permute_rejects_what_is_not_a_permutation()
        {
            using var t = _device.Allocate<float>(2, 3);
            Assert.Throws<ArgumentException>(() => t.Permute(0));
            Assert.Throws<ArgumentException>(() => t.Permute(0, 0));
            Assert.Throws<ArgumentException>(() => t.Permute(0, 2));
        }

        [Fact]
        public void Transpose_of_a_matrix_swaps_its_axes()
        {
            using var t = _device.Upload(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
            using var tt = t.Transpose();
            Assert.Equal(new nint[] { 3, 2 }, tt.Lengths.ToArray());
            Assert.Equal(new nint[] { 1, 3 }, tt.Strides.ToArray());
            Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, tt.ToArray());
            using var back = tt.Transpose();
            Assert.True(back.IsDense);
            Assert.Equal(t.ToArray(), back.ToArray());
        }

        [Fact]
        public void Slice_views_part_of_an_axis_with_an_offset()
        {
            var data = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
            using var t = _device.Upload(data, 4, 5);
            using var rows = t.Slice(0, 1, 2);
            Assert.Equal(5, rows.Offset);
            Assert.Equal(data.Skip(5).Take(10).ToArray(), rows.ToArray());
            using var cols = t.Slice(1, 2, 2);
            Assert.Equal(new double[] { 2, 3, 7, 8, 12, 13, 17, 18 }, cols.ToArray());
            Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(1, 4, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(2, 0, 1));
        }

        [Fact]
        public void CopyFrom_a_strided_view_writes_only_the_view_elements()
        {
            using var t = _device.Upload(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 3, 4);
            using var view = t.Slice(1, 1, 2).Transpose(); // logical [2, 3]: column 1 then column 2
            view.CopyFrom(new float[] { -1, -2, -3, -4, -5, -6 });
            Assert.Equal(new float[] { -1, -2, -3, -4, -5, -6 }, view.ToArray());
            Assert.Equal(new float[] { 0, -1, -4, 3, 4, -2, -5, 7, 8, -3, -6, 11 }, t.ToArray());
            Assert.Throws<ArgumentException>(() => view.CopyFrom(new float[5]));
        }

        [Fact]
        public void Empty_tensors_are_allowed()
        {
            using var t = _device.Allocate<double>(0, 3);
            Assert.Equal(0, t.FlattenedLength);
            Assert.Empty(t.ToArray());
            using var u = _device.Upload(Array.Empty<float>(), 2, 0);
            Assert.Empty(u.ToArray());
        }

        [Fact]
        public void Disposing_a_view_keeps_the_buffer_and_disposing_the_owner_frees_it()
        {
            var t = _device.Upload(new double[] { 1, 2, 3, 4 }, 2, 2);
            var view = t.Transpose();
            view.Dispose();
            view.Dispose();
            Assert.True(view.IsDisposed);
            Assert.Throws<ObjectDisposedException>(() => view.ToArray());
            Assert.Equal(new double[] { 1, 2, 3, 4 }, t.ToArray());

            var other = t.Transpose();
            t.Dispose();
            t.Dispose();
            Assert.True(other.IsDisposed);
            Assert.Throws<ObjectDisposedException>(() => other.ToArray());
            Assert.Throws<ObjectDisposedException>(() => other.Permute(0, 1));
            other.Dispose();
        }
    }
}
