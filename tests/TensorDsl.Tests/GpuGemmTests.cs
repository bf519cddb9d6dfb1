using System;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using TensorDsl.Gpu.Contraction;
using Xunit;

namespace TensorDsl.Tests
{
    /// <summary>
    /// The tiled GEMM kernels of <see cref="GpuGemmKernels"/> on ILGPU's default CPU accelerator, whose groups hold 16
    /// threads (4 × 4 threads, 16 × 16 tiles of C), compared with the interpreter: odd sizes in every role, transposed and
    /// strided operands and outputs, batches, index groups of several axes, float and double, accumulation.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class GpuGemmTests
    {
        private const double DoubleTolerance = 1e-12;
        private readonly TensorDevice _device;
        private readonly Random _rng = new Random(4321);

        public GpuGemmTests(DeviceFixture fixture) => _device = fixture.Device;

        private double[] Data(params nint[] lengths) => TestData.Random(_rng, lengths);

        /// <summary>Each of M, N and K takes 1, 7, 17, 65 and 130 while the other two are 17 and 9.</summary>
        public static TheoryData<int, int, int> OddSizes()
        {
            var data = new TheoryData<int, int, int>();
            foreach (int size in new[] { 1, 7, 17, 65, 130 })
            {
                data.Add(size, 17, 9);
                data.Add(9, size, 17);
                data.Add(17, 9, size);
            }
            data.Add(65, 130, 33);
            return data;
        }

        [Theory]
        [MemberData(nameof(OddSizes))]
        public void MatMul_matches_the_interpreter_for_odd_sizes(int m, int n, int k)
        {
            var a = Data(m, k);
            var b = Data(k, n);
            var expected = TestData.Expected("ij,jk->ik", TestData.Host(a, m, k), TestData.Host(b, k, n));

            using var da = _device.Upload(a, m, k);
            using var db = _device.Upload(b, k, n);
            using var dc = _device.Upload(Data(m, n), m, n); // overwritten, not added to
            GpuGemmKernels.MatMul(_device, da, db, dc);
            TestData.AssertClose(expected, dc.ToArray(), DoubleTolerance);

            using var fa = _device.Upload(TestData.ToFloat(a), m, k);
            using var fb = _device.Upload(TestData.ToFloat(b), k, n);
            using var fc = _device.Allocate<float>(m, n);
            GpuGemmKernels.MatMul(_device, fa, fb, fc);
            TestData.AssertClose(expected, fc.ToArray());
        }

        [Theory]
        [InlineData(1, 7, 17, 9)]
        [InlineData(7, 17, 1, 65)]
        [InlineData(17, 5, 33, 1)]
        [InlineData(3, 65, 18, 20)]
        public void Batched_products_match_the_interpreter(int batch, int m, int n, int k)
        {
            var a = Data(batch, m, k);
            var b = Data(batch, k, n);
            var expected = TestData.Expected("bij,bjk->bik", TestData.Host(a, batch, m, k), TestData.Host(b, batch, k, n));
            using var da = _device.Upload(a, batch, m, k);
            using var db = _device.Upload(b, batch, k, n);
            using var dc = _device.Allocate<double>(batch, m, n);
            GpuGemmKernels.Batched(_device, da, db, dc);
            TestData.AssertClose(expected, dc.ToArray(), DoubleTolerance);
        }

        [Theory]
        [InlineData(17, 65, 7)]
        [InlineData(130, 9, 33)]
        public void Operands_transposed_by_the_spec_match_the_interpreter(int m, int n, int k)
        {
            var a = Data(k, m); // "ji": A's rows are its second axis
            var b = Data(n, k); // "kj": B's columns are its first axis
            var expected = TestData.Expected("ji,kj->ik", TestData.Host(a, k, m), TestData.Host(b, n, k));
            using var da = _device.Upload(a, k, m);
            using var db = _device.Upload(b, n, k);
            using var dc = _device.Allocate<double>(m, n);
            GpuGemmKernels.TransposedOperands(_device, da, db, dc);
            TestData.AssertClose(expected, dc.ToArray(), DoubleTolerance);

            using var fa = _device.Upload(TestData.ToFloat(a), k, m);
            using var fb = _device.Upload(TestData.ToFloat(b), n, k);
            using var fc = _device.Allocate<float>(m, n);
            GpuGemmKernels.TransposedOperands(_device, fa, fb, fc);
            TestData.AssertClose(expected, fc.ToArray());
        }

        [Fact]
        public void An_output_transposed_by_the_spec_matches_the_interpreter()
        {
            var a = Data(19, 23);
            var b = Data(23, 66);
            var expected = TestData.Expected("ij,jk->ki", TestData.Host(a, 19, 23), TestData.Host(b, 23, 66));
            using var da = _device.Upload(a, 19, 23);
            using var db = _device.Upload(b, 23, 66);
            using var dc = _device.Allocate<double>(66, 19);
            GpuGemmKernels.TransposedOutput(_device, da, db, dc);
            TestData.AssertClose(expected, dc.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void Transposed_sliced_and_strided_views_are_read_and_written_through_their_strides()
        {
            // a = aT^T (33 x 20), b = columns 3..69 of a 20 x 80 matrix, c = a transposed view of a 67 x 33 buffer.
            var aT = Data(20, 33);
            var bBig = Data(20, 80);
            using var daT = _device.Upload(aT, 20, 33);
            using var dbBig = _device.Upload(bBig, 20, 80);
            using var a = daT.Transpose();
            using var b = dbBig.Slice(1, 3, 67);
            using var cT = _device.Upload(Data(67, 33), 67, 33);
            using var c = cT.Transpose();
            GpuGemmKernels.MatMul(_device, a, b, c);
            var expected = TestData.Expected("ij,jk->ik", TestData.Host(a.ToArray(), 33, 20), TestData.Host(b.ToArray(), 20, 67));
            TestData.AssertClose(expected, c.ToArray(), DoubleTolerance);

            // Strided uploads with gaps: the gaps of the output stay untouched.
            var aData = Data(400);
            var cData = Data(700);
            using var sa = _device.Upload(aData, 3, new nint[] { 9, 17 }, new nint[] { 2, 20 }); // column-major with gaps
            using var sb = _device.Upload(Data(17, 7), 17, 7);
            using var sc = _device.Upload(cData, 5, new nint[] { 9, 7 }, new nint[] { 70, 3 });
            GpuGemmKernels.MatMul(_device, sa, sb, sc);
            TestData.AssertClose(TestData.Expected("ij,jk->ik", TestData.Host(sa.ToArray(), 9, 17), TestData.Host(sb.ToArray(), 17, 7)), sc.ToArray(), DoubleTolerance);
            var written = Enumerable.Range(0, 9).SelectMany(i => Enumerable.Range(0, 7).Select(j => 5 + 70 * i + 3 * j)).ToHashSet();
            var after = sc.DownloadBuffer();
            for (int p = 0; p < after.Length; p++)
            {
                if (!written.Contains(p)) Assert.Equal(cData[p], after[p]);
            }
        }

        [Fact]
        public void Attention_scores_with_two_batch_axes_match_the_interpreter()
        {
            var q = Data(2, 3, 17, 65);
            var k = Data(2, 3, 7, 65);
            var expected = TestData.Expected("bhqd,bhkd->bhqk", TestData.Host(q, 2, 3, 17, 65), TestData.Host(k, 2, 3, 7, 65));
            using var dq = _device.Upload(TestData.ToFloat(q), 2, 3, 17, 65);
            using var dk = _device.Upload(TestData.ToFloat(k), 2, 3, 7, 65);
            using var ds = _device.Allocate<float>(2, 3, 17, 7);
            GpuGemmKernels.AttentionScores(_device, dq, dk, ds);
            TestData.AssertClose(expected, ds.ToArray());
        }

        [Fact]
        public void Index_groups_of_several_axes_match_the_interpreter()
        {
            var a = Data(3, 7, 5, 4);
            var b = Data(5, 4, 2, 9);
            var expected = TestData.Expected("abcd,cdef->abef", TestData.Host(a, 3, 7, 5, 4), TestData.Host(b, 5, 4, 2, 9));
            using var da = _device.Upload(a, 3, 7, 5, 4);
            using var db = _device.Upload(b, 5, 4, 2, 9);
            using var dc = _device.Allocate<double>(3, 7, 2, 9);
            GpuGemmKernels.MultiAxis(_device, da, db, dc);
            TestData.AssertClose(expected, dc.ToArray(), DoubleTolerance);

            // The same product on permuted views of the operands.
            using var aPerm = _device.Upload(Reversed(a, 3, 7, 5, 4), 4, 5, 7, 3);
            using var aView = aPerm.Permute(3, 2, 1, 0);
            using var dc2 = _device.Allocate<double>(3, 7, 2, 9);
            GpuGemmKernels.MultiAxis(_device, aView, db, dc2);
            TestData.AssertClose(expected, dc2.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void A_batch_axis_between_the_others_and_a_diagonal_match_the_interpreter()
        {
            var a = Data(18, 3, 11);
            var b = Data(3, 20, 11);
            using var da = _device.Upload(a, 18, 3, 11);
            using var db = _device.Upload(b, 3, 20, 11);
            using var dc = _device.Allocate<double>(20, 3, 18);
            GpuGemmKernels.Scattered(_device, da, db, dc);
            TestData.AssertClose(TestData.Expected("mbk,bnk->nbm", TestData.Host(a, 18, 3, 11), TestData.Host(b, 3, 20, 11)), dc.ToArray(), DoubleTolerance);

            var d = Data(9, 9, 5);
            var e = Data(5, 6);
            using var dd = _device.Upload(d, 9, 9, 5);
            using var de = _device.Upload(e, 5, 6);
            using var dr = _device.Allocate<double>(9, 6);
            GpuGemmKernels.DiagonalRows(_device, dd, de, dr);
            TestData.AssertClose(TestData.Expected("iij,jk->ik", TestData.Host(d, 9, 9, 5), TestData.Host(e, 5, 6)), dr.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void Accumulate_adds_into_the_output()
        {
            var a = Data(17, 33);
            var b = Data(33, 65);
            var c0 = Data(17, 65);
            var product = TestData.Expected("ij,jk->ik", TestData.Host(a, 17, 33), TestData.Host(b, 33, 65));
            using var fa = _device.Upload(TestData.ToFloat(a), 17, 33);
            using var fb = _device.Upload(TestData.ToFloat(b), 33, 65);
            using var fc = _device.Upload(TestData.ToFloat(c0), 17, 65);
            GpuGemmKernels.MatMulAdd(_device, fa, fb, fc);
            TestData.AssertClose(product.Select((x, p) => x + c0[p]).ToArray(), fc.ToArray());

            var ba = Data(3, 7, 18);
            var bb = Data(3, 18, 5);
            var bc = Data(3, 7, 5);
            var batched = TestData.Expected("bij,bjk->bik", TestData.Host(ba, 3, 7, 18), TestData.Host(bb, 3, 18, 5));
            using var dba = _device.Upload(ba, 3, 7, 18);
            using var dbb = _device.Upload(bb, 3, 18, 5);
            using var dbc = _device.Upload(bc, 3, 7, 5);
            GpuGemmKernels.BatchedAdd(_device, dba, dbb, dbc);
            GpuGemmKernels.BatchedAdd(_device, dba, dbb, dbc);
            TestData.AssertClose(batched.Select((x, p) => 2 * x + bc[p]).ToArray(), dbc.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void Empty_sums_and_empty_outputs_follow_numpy()
        {
            using var a = _device.Allocate<double>(5, 0);
            using var b = _device.Allocate<double>(0, 6);
            var c0 = Data(5, 6);
            using var c = _device.Upload(c0, 5, 6);
            GpuGemmKernels.MatMul(_device, a, b, c);
            Assert.All(c.ToArray(), x => Assert.Equal(0.0, x));

            using var empty = _device.Allocate<double>(0, 6);
            using var a2 = _device.Allocate<double>(0, 3);
            using var b2 = _device.Allocate<double>(3, 6);
            GpuGemmKernels.MatMul(_device, a2, b2, empty); // nothing to compute, nothing thrown
        }

        [Fact]
        public void A_shape_mismatch_throws_before_anything_is_written()
        {
            using var a = _device.Upload(Data(7, 5), 7, 5);
            using var b = _device.Upload(Data(6, 3), 6, 3);
            var c0 = Data(7, 3);
            using var c = _device.Upload(c0, 7, 3);
            Assert.Throws<ArgumentException>(() => GpuGemmKernels.MatMul(_device, a, b, c));
            using var good = _device.Upload(Data(5, 3), 5, 3);
            using var wrong = _device.Upload(Data(7, 4), 7, 4);
            Assert.Throws<ArgumentException>(() => GpuGemmKernels.MatMul(_device, a, good, wrong));
            Assert.Equal(c0, c.ToArray());
        }

        [Fact]
        public void Matrix_products_run_the_tiled_kernel_and_other_specs_do_not()
        {
            // Observed through the device's launch log: each launch names its planned step and the kernel that ran it.
            using var device = TensorDevice.CreateCpu();
            device.PicksKernelsAsOnAGpu = true; // the kernels a GPU would run
            device.RecordLaunches = true;
            using var a = device.Upload(Data(20, 17), 20, 17);
            using var b = device.Upload(Data(17, 18), 17, 18);
            using var c = device.Allocate<double>(20, 18);
            GpuGemmKernels.MatMul(device, a, b, c);
            Assert.Equal(new[] { "step 1.1 ij,jk->ik: tiled" }, device.RecordedLaunches);

            device.ClearRecordedLaunches();
            using var outer = device.Allocate<double>(20, 17, 18);
            GpuGemmKernels.NotAProduct(device, a, b, outer);
            Assert.Single(device.RecordedLaunches);
            Assert.EndsWith(": per-element", device.RecordedLaunches[0], StringComparison.Ordinal);
            // Both follow their plans on the runtime's kernels: nothing is generated per method.
            Assert.DoesNotContain(typeof(GpuGemmKernels).GetMethods(BindingFlags.NonPublic | BindingFlags.Static), m => m.Name.Contains("_GpuKernel", StringComparison.Ordinal));
        }

        [Fact]
        public void The_per_element_kernel_of_a_matrix_product_gives_the_same_result()
        {
            var a = Data(17, 19);
            var b = Data(19, 20);
            var expected = TestData.Expected("ij,jk->ik", TestData.Host(a, 17, 19), TestData.Host(b, 19, 20));
            using var device = TensorDevice.CreateCpu();
            device.PicksKernelsAsOnAGpu = true; // the kernels a GPU would run
            device.RecordLaunches = true;
            using var da = device.Upload(a, 17, 19);
            using var db = device.Upload(b, 19, 20);
            using var dc = device.Upload(Data(17, 20), 17, 20);
            ContractionMetadata.ForcePerElementOnThisThread = true;
            try
            {
                GpuGemmKernels.MatMul(device, da, db, dc);
            }
            finally
            {
                ContractionMetadata.ForcePerElementOnThisThread = false;
            }
            TestData.AssertClose(expected, dc.ToArray(), DoubleTolerance);
            Assert.Equal(new[] { "step 1.1 ij,jk->ik: per-element" }, device.RecordedLaunches);
        }

        [Fact]
        public void A_dot_product_runs_the_reduction_kernel()
        {
            var a = Data(1000);
            var b = Data(1000);
            double expected = a.Zip(b, (x, y) => x * y).Sum();
            using var device = TensorDevice.CreateCpu();
            device.PicksKernelsAsOnAGpu = true; // the kernels a GPU would run
            device.RecordLaunches = true;
            using var da = device.Upload(a, 1000);
            using var db = device.Upload(b, 1000);
            double got = GpuGemmKernels.Dot(device, da, db);
            Assert.Equal(expected, got, 1e-10);
            Assert.Equal(new[] { "step 1.1 i,i->: reduction" }, device.RecordedLaunches);
        }

        [Fact]
        public void The_group_side_follows_the_accelerator()
        {
            Assert.Equal(4, ContractionMetadata.GroupSideFor(_device.Accelerator, sizeof(double)));
            using var device = TensorDevice.CreateCpuEmulating(CPUDevice.Intel); // 128 threads per group
            Assert.Equal(8, ContractionMetadata.GroupSideFor(device.Accelerator, sizeof(float)));
            var metadata = new ContractionMetadata(2, 65, 17, 3);
            try
            {
                var config = metadata.TiledConfig(device.Accelerator, 8);
                Assert.Equal(new long[] { 2, 65, 17, 3, 3, 1, 6, 5 }, metadata.Metadata.Slice(0, 8).ToArray());
                Assert.Equal(2 * 3 * 1, config.GridDim.X);
                Assert.Equal(8, config.GroupDim.X);
                Assert.Equal(8, config.GroupDim.Y);
            }
            finally
            {
                metadata.Dispose();
            }
        }

        [Fact]
        public void Offset_tables_list_every_position_row_major()
        {
            var table = new long[3 * 2 * 4];
            ContractionMetadata.Fill(table, 100, new nint[] { 3, 2, 4 }, new nint[] { 1000, 1, 10 });
            var expected = from i in Enumerable.Range(0, 3) from j in Enumerable.Range(0, 2) from k in Enumerable.Range(0, 4) select 100L + 1000 * i + j + 10 * k;
            Assert.Equal(expected.ToArray(), table);

            var single = new long[1];
            ContractionMetadata.Fill(single, 7, ReadOnlySpan<nint>.Empty, ReadOnlySpan<nint>.Empty);
            Assert.Equal(7, single[0]);
        }

        // The elements of a row-major 4-d array with its axes reversed (NumPy's a.T), row-major.
        private static double[] Reversed(double[] data, int n0, int n1, int n2, int n3)
        {
            var result = new double[data.Length];
            for (int i = 0; i < n0; i++)
                for (int j = 0; j < n1; j++)
                    for (int k = 0; k < n2; k++)
                        for (int l = 0; l < n3; l++)
                            result[((l * n2 + k) * n1 + j) * n0 + i] = data[((i * n1 + j) * n2 + k) * n3 + l];
            return result;
        }

    }
}
