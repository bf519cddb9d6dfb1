using System;
using System.Linq;
using Xunit;

namespace TensorDsl.Tests
{
    /// <summary>The generated GPU overloads of <see cref="GpuKernels"/>, run on ILGPU's CPU accelerator and compared with the interpreter.</summary>
    [Collection(DeviceCollection.Name)]
    public sealed class GpuEinsumTests
    {
        private const double DoubleTolerance = 1e-12;
        private readonly TensorDevice _device;
        private readonly Random _rng = new Random(1234);

        public GpuEinsumTests(DeviceFixture fixture) => _device = fixture.Device;

        private double[] Data(params nint[] lengths) => TestData.Random(_rng, lengths);

        [Fact]
        public void MatMul_float_matches_the_interpreter()
        {
            var a = Data(3, 4);
            var b = Data(4, 5);
            using var da = _device.Upload(TestData.ToFloat(a), 3, 4);
            using var db = _device.Upload(TestData.ToFloat(b), 4, 5);
            using var dc = _device.Allocate<float>(3, 5);
            GpuKernels.MatMul(_device, da, db, dc);
            TestData.AssertClose(TestData.Expected("ij,jk->ik", TestData.Host(a, 3, 4), TestData.Host(b, 4, 5)), dc.ToArray());
        }

        [Fact]
        public void MatMul_overwrites_the_output()
        {
            var a = Data(17, 33);
            var b = Data(33, 9);
            using var da = _device.Upload(a, 17, 33);
            using var db = _device.Upload(b, 33, 9);
            using var dc = _device.Upload(Data(17, 9), 17, 9);
            GpuKernels.MatMul(_device, da, db, dc);
            TestData.AssertClose(TestData.Expected("ij,jk->ik", TestData.Host(a, 17, 33), TestData.Host(b, 33, 9)), dc.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void Transposed_and_sliced_views_are_read_and_written_through_their_strides()
        {
            var aT = Data(4, 3);   // a = aT^T, 3x4
            var bBig = Data(6, 5); // b = rows 1..4 of bBig, 4x5 at offset 5
            using var daT = _device.Upload(aT, 4, 3);
            using var dbBig = _device.Upload(bBig, 6, 5);
            using var a = daT.Transpose();
            using var b = dbBig.Slice(0, 1, 4);
            using var cT = _device.Allocate<double>(5, 3);
            using var c = cT.Transpose(); // the output is a transposed view too
            GpuKernels.MatMul(_device, a, b, c);

            var hostA = TestData.Host(Enumerable.Range(0, 12).Select(p => aT[(p % 4) * 3 + p / 4]).ToArray(), 3, 4);
            var hostB = TestData.Host(bBig.Skip(5).Take(20).ToArray(), 4, 5);
            var expected = TestData.Expected("ij,jk->ik", hostA, hostB);
            TestData.AssertClose(expected, c.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void Strided_uploads_work_and_the_gaps_of_the_output_stay_untouched()
        {
            // a: 3x4 at offset 2, column-major with gaps; b: 4x2 with row stride 5; c: 3x2 inside a larger buffer.
            var aData = Data(40);
            var bData = Data(20);
            var cData = Data(30);
            using var a = _device.Upload(aData, 2, new nint[] { 3, 4 }, new nint[] { 1, 8 });
            using var b = _device.Upload(bData, 0, new nint[] { 4, 2 }, new nint[] { 5, 2 });
            using var c = _device.Upload(cData, 3, new nint[] { 3, 2 }, new nint[] { 9, 4 });
            GpuKernels.MatMul(_device, a, b, c);

            var expected = TestData.Expected("ij,jk->ik", TestData.Host(a.ToArray(), 3, 4), TestData.Host(b.ToArray(), 4, 2));
            TestData.AssertClose(expected, c.ToArray(), DoubleTolerance);
            var written = new[] { 3, 7, 12, 16, 21, 25 };
            var after = c.DownloadBuffer();
            for (int p = 0; p < after.Length; p++)
            {
                if (!written.Contains(p)) Assert.Equal(cData[p], after[p]);
            }
        }

        [Fact]
        public void Trace_returns_a_scalar()
        {
            var a = Data(4, 4);
            using var da = _device.Upload(a, 4, 4);
            double trace = GpuKernels.Trace(_device, da);
            Assert.Equal(a[0] + a[5] + a[10] + a[15], trace, 12);
            // The GPU overload and the interpreter agree on a view too.
            using var view = da.Transpose();
            Assert.Equal(trace, GpuKernels.Trace(_device, view), 12);
        }

        [Fact]
        public void Diagonal_uses_the_sum_of_both_strides()
        {
            var a = Data(5, 5);
            using var da = _device.Upload(a, 5, 5);
            using var d = _device.Allocate<double>(5);
            GpuKernels.Diagonal(_device, da, d);
            Assert.Equal(Enumerable.Range(0, 5).Select(i => a[i * 6]).ToArray(), d.ToArray());
        }

        [Fact]
        public void Full_contraction_returns_or_writes_a_scalar()
        {
            var a = Data(3, 7);
            var b = Data(3, 7);
            var expected = TestData.Expected("ij,ij->", TestData.Host(a, 3, 7), TestData.Host(b, 3, 7));
            using var fa = _device.Upload(TestData.ToFloat(a), 3, 7);
            using var fb = _device.Upload(TestData.ToFloat(b), 3, 7);
            float dot = GpuKernels.Dot(_device, fa, fb);
            TestData.AssertClose(expected, new[] { dot });

            using var da = _device.Upload(a, 3, 7);
            using var db = _device.Upload(b, 3, 7);
            using var result = _device.Upload(new double[] { 42 }, 1);
            GpuKernels.DotInto(_device, da, db, result);
            TestData.AssertClose(expected, result.ToArray(), DoubleTolerance);
        }

        [Theory]
        [InlineData(new[] { 2, 1, 3, 4 }, new[] { 5, 4, 2 }, new[] { 2, 5, 3, 2 })]
        [InlineData(new[] { 3, 4 }, new[] { 2, 4, 2 }, new[] { 2, 3, 2 })]
        [InlineData(new[] { 3, 4 }, new[] { 4, 2 }, new[] { 3, 2 })]
        [InlineData(new[] { 2, 2, 1, 3, 4 }, new[] { 2, 4, 2 }, new[] { 2, 2, 2, 3, 2 })]
        public void Broadcast_dimensions_follow_numpy(int[] aShape, int[] bShape, int[] outShape)
        {
            nint[] la = aShape.Select(x => (nint)x).ToArray(), lb = bShape.Select(x => (nint)x).ToArray(), lo = outShape.Select(x => (nint)x).ToArray();
            var a = Data(la);
            var b = Data(lb);
            using var da = _device.Upload(a, la);
            using var db = _device.Upload(b, lb);
            using var dc = _device.Allocate<double>(lo);
            GpuKernels.BroadcastMatMul(_device, da, db, dc);
            TestData.AssertClose(TestData.Expected("...ij,...jk->...ik", TestData.Host(a, la), TestData.Host(b, lb)), dc.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void Trailing_and_bare_ellipses_work()
        {
            var a = Data(3, 4, 2, 2);
            var b = Data(4);
            using var da = _device.Upload(a, 3, 4, 2, 2);
            using var db = _device.Upload(b, 4);
            using var dc = _device.Allocate<double>(3, 2, 2);
            GpuKernels.TrailingEllipsis(_device, da, db, dc);
            TestData.AssertClose(TestData.Expected("ij...,j->i...", TestData.Host(a, 3, 4, 2, 2), TestData.Host(b, 4)), dc.ToArray(), DoubleTolerance);

            var x = Data(2, 3);
            var y = Data(3);
            using var dx = _device.Upload(x, 2, 3);
            using var dy = _device.Upload(y, 3);
            using var dz = _device.Allocate<double>(2, 3);
            GpuKernels.Hadamard(_device, dx, dy, dz);
            TestData.AssertClose(TestData.Expected("...,...->...", TestData.Host(x, 2, 3), TestData.Host(y, 3)), dz.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void Accumulate_adds_into_the_output()
        {
            var a = Data(3, 2);
            var b = Data(2, 4);
            var initial = Data(3, 4);
            using var da = _device.Upload(a, 3, 2);
            using var db = _device.Upload(b, 2, 4);
            using var dc = _device.Upload(initial, 3, 4);
            GpuKernels.MatMulAdd(_device, da, db, dc);
            var product = TestData.Expected("ij,jk->ik", TestData.Host(a, 3, 2), TestData.Host(b, 2, 4));
            TestData.AssertClose(product.Select((x, p) => x + initial[p]).ToArray(), dc.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void A_shape_mismatch_throws_and_leaves_the_output_untouched()
        {
            var initial = Data(3, 2);
            using var da = _device.Upload(Data(3, 4), 3, 4);
            using var db = _device.Upload(Data(5, 2), 5, 2);
            using var dc = _device.Upload(initial, 3, 2);
            var e = Assert.Throws<ArgumentException>(() => GpuKernels.MatMul(_device, da, db, dc));
            Assert.Contains("'j'", e.Message);
            Assert.Contains("4", e.Message);
            Assert.Contains("5", e.Message);
            Assert.Equal(initial, dc.ToArray());

            using var good = _device.Upload(Data(4, 2), 4, 2);
            using var wrongOut = _device.Upload(initial, 2, 3);
            Assert.Throws<ArgumentException>(() => GpuKernels.MatMul(_device, da, good, wrongOut));
            Assert.Equal(initial, wrongOut.ToArray());
        }

        [Fact]
        public void A_static_dim_is_checked_at_the_call()
        {
            using var a4 = _device.Upload(Data(2, 4), 2, 4);
            using var b4 = _device.Upload(Data(4, 2), 4, 2);
            using var c = _device.Allocate<double>(2, 2);
            var e = Assert.Throws<ArgumentException>(() => GpuKernels.MatMulJ3(_device, a4, b4, c));
            Assert.Contains("[Dim]", e.Message);

            var a = Data(2, 3);
            var b = Data(3, 2);
            using var a3 = _device.Upload(a, 2, 3);
            using var b3 = _device.Upload(b, 3, 2);
            GpuKernels.MatMulJ3(_device, a3, b3, c);
            TestData.AssertClose(TestData.Expected("ij,jk->ik", TestData.Host(a, 2, 3), TestData.Host(b, 3, 2)), c.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void An_output_that_shares_an_operand_buffer_gets_the_result_of_separate_tensors()
        {
            var hostA = Data(3, 3);
            var hostB = Data(3, 3);
            using var a = _device.Upload(hostA, 3, 3);
            using var b = _device.Upload(hostB, 3, 3);
            using var alias = a.Transpose();
            GpuKernels.MatMul(_device, a, b, alias);
            // alias = a·b written through the transposed view: a[k, i] = (a·b)[i, k].
            var expected = TestData.Expected("ij,jk->ik", TestData.Host(hostA, 3, 3), TestData.Host(hostB, 3, 3));
            var result = a.ToArray();
            for (int i = 0; i < 3; i++) for (int k = 0; k < 3; k++) Assert.Equal(expected[i * 3 + k], result[k * 3 + i], 12);
        }

        [Fact]
        public void Tensors_of_another_device_are_rejected()
        {
            using var other = TensorDevice.CreateCpu();
            using var a = other.Upload(Data(2, 2), 2, 2);
            using var b = _device.Upload(Data(2, 2), 2, 2);
            using var c = _device.Allocate<double>(2, 2);
            var e = Assert.Throws<ArgumentException>(() => GpuKernels.MatMul(_device, a, b, c));
            Assert.Contains("'a'", e.Message);
            Assert.Throws<ArgumentNullException>(() => GpuKernels.MatMul(_device, b, null!, c));
        }

        [Fact]
        public void Empty_outputs_and_empty_sums_follow_numpy()
        {
            using var a0 = _device.Allocate<double>(0, 3);
            using var b = _device.Upload(Data(3, 2), 3, 2);
            using var c0 = _device.Allocate<double>(0, 2);
            GpuKernels.MatMul(_device, a0, b, c0);

            // A summed index of size 0: the result is all zeros, overwriting what was there.
            using var a = _device.Allocate<double>(2, 0);
            using var bEmpty = _device.Allocate<double>(0, 3);
            using var c = _device.Upload(Data(2, 3), 2, 3);
            GpuKernels.MatMul(_device, a, bEmpty, c);
            Assert.All(c.ToArray(), x => Assert.Equal(0.0, x));
        }

        [Fact]
        public void Outer_and_batched_products_match_the_interpreter()
        {
            var x = Data(4);
            var y = Data(3);
            using var dx = _device.Upload(x, 4);
            using var dy = _device.Upload(y, 3);
            using var outer = _device.Allocate<double>(4, 3);
            GpuKernels.Outer(_device, dx, dy, outer);
            TestData.AssertClose(TestData.Expected("i,j->ij", TestData.Host(x, 4), TestData.Host(y, 3)), outer.ToArray(), DoubleTolerance);

            var a = Data(2, 3, 4);
            var b = Data(2, 4, 5);
            using var da = _device.Upload(TestData.ToFloat(a), 2, 3, 4);
            using var db = _device.Upload(TestData.ToFloat(b), 2, 4, 5);
            using var dc = _device.Allocate<float>(2, 3, 5);
            GpuKernels.BatchedMatMul(_device, da, db, dc);
            TestData.AssertClose(TestData.Expected("bij,bjk->bik", TestData.Host(a, 2, 3, 4), TestData.Host(b, 2, 4, 5)), dc.ToArray());

            var t = Data(2, 3, 3);
            var s = Data(2, 4);
            using var dt = _device.Upload(t, 2, 3, 3);
            using var ds = _device.Upload(s, 2, 4);
            using var dr = _device.Allocate<double>(2, 4);
            GpuKernels.TraceScale(_device, dt, ds, dr);
            TestData.AssertClose(TestData.Expected("bii,bj->bj", TestData.Host(t, 2, 3, 3), TestData.Host(s, 2, 4)), dr.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void Seven_operand_chain_matches_the_interpreter()
        {
            nint[] sizes = { 2, 3, 2, 3, 2, 2, 3, 2 }; // a..h
            var hosts = new System.Numerics.Tensors.Tensor<double>[7];
            var device = new DeviceTensor<double>[7];
            for (int k = 0; k < 7; k++)
            {
                var data = Data(sizes[k], sizes[k + 1]);
                hosts[k] = TestData.Host(data, sizes[k], sizes[k + 1]);
                device[k] = _device.Upload(data, sizes[k], sizes[k + 1]);
            }
            using var result = _device.Allocate<double>(sizes[0], sizes[7]);
            GpuKernels.Chain7(_device, device[0], device[1], device[2], device[3], device[4], device[5], device[6], result);
            TestData.AssertClose(TestData.Expected("ab,bc,cd,de,ef,fg,gh->ah", hosts), result.ToArray(), DoubleTolerance);
            foreach (var t in device) t.Dispose();
        }

        [Fact]
        public void Graph_polynomial_reads_one_tensor_as_every_operand()
        {
            var x = Data(3, 3);
            var host = TestData.Host(x, 3, 3);
            using var dx = _device.Upload(x, 3, 3);
            using var result = _device.Allocate<double>(3, 3);
            GpuKernels.GraphPolynomial(_device, dx, dx, dx, dx, dx, result);
            TestData.AssertClose(TestData.Expected("ab,ac,ad,bc,cd->bd", host, host, host, host, host), result.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void Twenty_operands_are_separate_kernel_parameters()
        {
            var data = Enumerable.Range(0, 20).Select(_ => TestData.Random(_rng, 5).Select(v => 1 + v / 4).ToArray()).ToArray();
            var t = data.Select(d => _device.Upload(d, 5)).ToArray();
            using var result = _device.Allocate<double>(5);
            GpuKernels.Product20(_device, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14], t[15], t[16], t[17], t[18], t[19], result);
            var expected = Enumerable.Range(0, 5).Select(i => data.Aggregate(1.0, (p, d) => p * d[i])).ToArray();
            TestData.AssertClose(expected, result.ToArray(), DoubleTolerance);
            foreach (var x in t) x.Dispose();
        }

        [Fact]
        public void Parameter_names_that_clash_with_generated_names_still_work()
        {
            var a = Data(3, 4);
            var b = Data(4);
            using var da = _device.Upload(a, 3, 4);
            using var db = _device.Upload(b, 4);
            using var dc = _device.Allocate<double>(3);
            GpuKernels.OddNames(_device, da, db, dc);
            TestData.AssertClose(TestData.Expected("ij,j->i", TestData.Host(a, 3, 4), TestData.Host(b, 4)), dc.ToArray(), DoubleTolerance);
        }
    }
}

namespace TensorDsl.Tests
{
    [Collection(DeviceCollection.Name)]
    public sealed class GpuContainingTypeTests
    {
        private readonly TensorDevice _device;

        public GpuContainingTypeTests(DeviceFixture fixture) => _device = fixture.Device;

        [Fact]
        public void Kernels_in_generic_and_nested_types_run()
        {
            using var a = _device.Upload(new float[] { 1, 2, 3 });
            using var b = _device.Upload(new float[] { 4, 5, 6 });
            using var c = _device.Allocate<float>(3);
            GenericKernels<int>.Multiply(_device, a, b, c);
            Assert.Equal(new float[] { 4, 10, 18 }, c.ToArray());
            GenericKernels<string>.Multiply(_device, b, b, c);
            Assert.Equal(new float[] { 16, 25, 36 }, c.ToArray());

            using var m = _device.Upload(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
            using var t = _device.Allocate<double>(3, 2);
            GenericKernels<int>.Nested.Transpose(_device, m, t);
            Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6 }, t.ToArray());
        }
    }
}
