using System;
using System.Linq;
using TensorDsl.Gpu.Attention;
using Xunit;

namespace TensorDsl.Tests.GpuAttention
{
    /// <summary>
    /// <see cref="DeviceStreamingAttention"/> on ILGPU's default CPU accelerator (groups of 16 threads: 4 query rows × 4
    /// lanes), against <see cref="AttentionReference"/>: float and double, sizes that are not multiples of any tile
    /// (queries, keys, features past one 32-feature chunk, outputs past one 64-column block), windows, views, extreme scores.
    /// Every output starts as NaN, so an element the kernel does not overwrite fails.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class StreamingAttentionTests
    {
        private readonly TensorDevice _device;
        private readonly Random _rng = new Random(2024);

        public StreamingAttentionTests(DeviceFixture fixture) => _device = fixture.Device;

        internal static void RunStandard<T>(TensorDevice device, Random rng, int n, int m, int d, int dv, DeviceKeyWindow window, double magnitude = 1)
            where T : unmanaged
        {
            var q = AttentionReference.Data<T>(rng, n * d, magnitude);
            var k = AttentionReference.Data<T>(rng, m * d, magnitude);
            var v = AttentionReference.Data<T>(rng, m * dv);
            double scale = (float)(1 / Math.Sqrt(Math.Max(d, 1)));
            var expected = AttentionReference.Standard(q, k, v, n, m, d, dv, scale, window, out var empty);

            using var dq = device.Upload(AttentionReference.As<T>(q), n, d);
            using var dk = device.Upload(AttentionReference.As<T>(k), m, d);
            using var dvv = device.Upload(AttentionReference.As<T>(v), m, dv);
            using var o = device.Upload(AttentionReference.NaNs<T>(n * dv), n, dv);
            DeviceStreamingAttention.Standard(device, dq, dk, dvv, AttentionReference.Scalar<T>(scale), o, window);
            AttentionReference.AssertClose($"standard {typeof(T).Name} n={n} m={m} d={d} dv={dv} {window}", expected,
                AttentionReference.ToDouble(o.ToArray()), dv, empty, AttentionReference.Tolerance<T>());
        }

        internal static void RunTensor<T>(TensorDevice device, Random rng, int n, int m1, int m2, int d, int dv, DeviceKeyWindow window1, DeviceKeyWindow window2, double magnitude = 1)
            where T : unmanaged
        {
            var q = AttentionReference.Data<T>(rng, n * d, magnitude);
            var k1 = AttentionReference.Data<T>(rng, m1 * d, magnitude);
            var k2 = AttentionReference.Data<T>(rng, m2 * d, magnitude);
            var v1 = AttentionReference.Data<T>(rng, m1 * dv);
            var v2 = AttentionReference.Data<T>(rng, m2 * dv);
            double scale = (float)(1 / Math.Sqrt(Math.Max(d, 1)));
            var expected = AttentionReference.Tensor(q, k1, k2, v1, v2, n, m1, m2, d, dv, scale, window1, window2, out var empty);

            using var dq = device.Upload(AttentionReference.As<T>(q), n, d);
            using var dk1 = device.Upload(AttentionReference.As<T>(k1), m1, d);
            using var dk2 = device.Upload(AttentionReference.As<T>(k2), m2, d);
            using var dv1 = device.Upload(AttentionReference.As<T>(v1), m1, dv);
            using var dv2 = device.Upload(AttentionReference.As<T>(v2), m2, dv);
            using var o = device.Upload(AttentionReference.NaNs<T>(n * dv), n, dv);
            DeviceStreamingAttention.Tensor(device, dq, dk1, dk2, dv1, dv2, AttentionReference.Scalar<T>(scale), o, window1, window2);
            AttentionReference.AssertClose($"tensor {typeof(T).Name} n={n} m1={m1} m2={m2} d={d} dv={dv} {window1} {window2}", expected,
                AttentionReference.ToDouble(o.ToArray()), dv, empty, AttentionReference.Tolerance<T>());
        }

        /// <summary>(n, m, d, dv): n = 1, 5, 17, 40; d = 1, 3, 16 and 33 (two feature chunks); dv ≠ d, and 70 (two column blocks).</summary>
        public static TheoryData<int, int, int, int> StandardSizes() => new TheoryData<int, int, int, int>
        {
            { 1, 1, 1, 1 },
            { 1, 17, 3, 5 },
            { 5, 5, 3, 2 },
            { 5, 40, 33, 3 },
            { 17, 17, 16, 5 },
            { 17, 5, 1, 70 },
            { 40, 40, 3, 7 },
            { 40, 17, 16, 1 },
        };

        [Theory]
        [MemberData(nameof(StandardSizes))]
        public void Standard_matches_the_reference(int n, int m, int d, int dv)
        {
            RunStandard<double>(_device, _rng, n, m, d, dv, DeviceKeyWindow.Full);
            RunStandard<float>(_device, _rng, n, m, d, dv, DeviceKeyWindow.Full);
        }

        /// <summary>(n, m1, m2, d, dv).</summary>
        public static TheoryData<int, int, int, int, int> TensorSizes() => new TheoryData<int, int, int, int, int>
        {
            { 1, 1, 1, 1, 1 },
            { 5, 5, 5, 3, 2 },
            { 5, 9, 3, 33, 70 },
            { 17, 17, 17, 16, 5 },
            { 40, 11, 19, 3, 7 },
            { 17, 40, 1, 1, 3 },
        };

        [Theory]
        [MemberData(nameof(TensorSizes))]
        public void Tensor_matches_the_reference(int n, int m1, int m2, int d, int dv)
        {
            RunTensor<double>(_device, _rng, n, m1, m2, d, dv, DeviceKeyWindow.Full, DeviceKeyWindow.Full);
            RunTensor<float>(_device, _rng, n, m1, m2, d, dv, DeviceKeyWindow.Full, DeviceKeyWindow.Full);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(5)]
        [InlineData(17)]
        [InlineData(100)]
        public void Standard_causal_windows_match_the_reference(int w)
        {
            var window = DeviceKeyWindow.Relative(-w + 1, 1);
            RunStandard<double>(_device, _rng, 40, 40, 16, 5, window);
            RunStandard<float>(_device, _rng, 17, 17, 3, 4, window);
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(3, 5)]
        [InlineData(17, 2)]
        [InlineData(40, 40)]
        public void Tensor_causal_windows_match_the_reference(int w1, int w2)
        {
            var window1 = DeviceKeyWindow.Relative(-w1 + 1, 1);
            var window2 = DeviceKeyWindow.Relative(-w2 + 1, 1);
            RunTensor<double>(_device, _rng, 40, 40, 40, 3, 5, window1, window2);
            RunTensor<float>(_device, _rng, 17, 17, 17, 16, 3, window1, window2);
        }

        [Fact]
        public void Other_windows_match_the_reference()
        {
            // A band around the diagonal, future keys only (the last rows admit nothing), unbounded causal, and windows on
            // more or fewer keys than queries.
            foreach (var window in new[] { DeviceKeyWindow.Relative(-3, 4), DeviceKeyWindow.Relative(2, 6), DeviceKeyWindow.Relative(long.MinValue, 1), DeviceKeyWindow.Relative(-5, long.MaxValue) })
            {
                RunStandard<double>(_device, _rng, 17, 17, 3, 5, window);
                RunStandard<float>(_device, _rng, 17, 40, 5, 3, window);
                RunStandard<double>(_device, _rng, 40, 5, 3, 2, window);
                RunTensor<double>(_device, _rng, 17, 17, 9, 3, 4, window, DeviceKeyWindow.Relative(-2, 1));
                RunTensor<float>(_device, _rng, 17, 9, 17, 3, 4, DeviceKeyWindow.Full, window);
            }
        }

        [Fact]
        public void Windows_that_admit_nothing_give_zeros()
        {
            foreach (var window in new[] { DeviceKeyWindow.Relative(0, 0), DeviceKeyWindow.Relative(50, 60), DeviceKeyWindow.Relative(-1000, -999), DeviceKeyWindow.Relative(long.MaxValue, long.MaxValue) })
            {
                RunStandard<double>(_device, _rng, 17, 17, 3, 5, window);
                RunStandard<float>(_device, _rng, 5, 40, 3, 70, window);
                RunTensor<double>(_device, _rng, 17, 17, 17, 3, 5, window, DeviceKeyWindow.Full);
                RunTensor<float>(_device, _rng, 17, 17, 17, 3, 5, DeviceKeyWindow.Full, window);
            }
            // No keys at all.
            RunStandard<float>(_device, _rng, 5, 0, 3, 4, DeviceKeyWindow.Full);
            RunTensor<double>(_device, _rng, 5, 4, 0, 3, 4, DeviceKeyWindow.Full, DeviceKeyWindow.Full);
            // Empty feature vectors: every score is 0, the softmax is uniform over the window.
            RunStandard<double>(_device, _rng, 5, 7, 0, 3, DeviceKeyWindow.Relative(-2, 1));
            RunTensor<float>(_device, _rng, 5, 7, 6, 0, 3, DeviceKeyWindow.Full, DeviceKeyWindow.Relative(-2, 1));
        }

        [Fact]
        public void Large_magnitude_scores_stay_finite_and_match()
        {
            // Scores up to about ±1000 (double) and ±150 (float): e^s overflows unless the maximum is subtracted, and the
            // running maximum changes by large steps from tile to tile.
            RunStandard<double>(_device, _rng, 17, 40, 16, 5, DeviceKeyWindow.Full, magnitude: 30);
            RunStandard<float>(_device, _rng, 17, 40, 3, 5, DeviceKeyWindow.Relative(-20, 1), magnitude: 14);
            RunTensor<double>(_device, _rng, 17, 17, 17, 3, 5, DeviceKeyWindow.Full, DeviceKeyWindow.Full, magnitude: 12);
            RunTensor<float>(_device, _rng, 17, 17, 17, 3, 5, DeviceKeyWindow.Relative(-7, 1), DeviceKeyWindow.Full, magnitude: 6);
        }

        [Fact]
        public void Views_with_strides_and_offsets_match_the_reference()
        {
            CheckViews<double>();
            CheckViews<float>();
        }

        private void CheckViews<T>() where T : unmanaged
        {
            const int n = 17, m = 19, m2 = 9, d = 5, dv = 6;
            var q = AttentionReference.Data<T>(_rng, n * d);
            var k = AttentionReference.Data<T>(_rng, m * d);
            var k2 = AttentionReference.Data<T>(_rng, m2 * d);
            var v = AttentionReference.Data<T>(_rng, m * dv);
            var v2 = AttentionReference.Data<T>(_rng, m2 * dv);
            double scale = 0.375;
            var window = DeviceKeyWindow.Relative(-4, 1);

            // q: the transpose of a [d, n] upload. k: rows 3 … 3 + m of a wider, longer matrix (an offset and a row stride of
            // d + 2). v: a strided upload with gaps (row stride 2·dv + 1, column stride 2, start 7). k2, v2: transposed
            // column slices. o: columns 2 … 2 + n of the transpose of a [dv + 3, n + 4] matrix (a view with offset and strides).
            var qT = new double[d * n];
            for (int i = 0; i < n; i++) for (int l = 0; l < d; l++) qT[l * n + i] = q[i * d + l];
            using var qBase = _device.Upload(AttentionReference.As<T>(qT), d, n);
            using var dq = qBase.Transpose();

            var kWide = AttentionReference.Data<T>(_rng, (m + 5) * (d + 2));
            for (int j = 0; j < m; j++) for (int l = 0; l < d; l++) kWide[(j + 3) * (d + 2) + 1 + l] = k[j * d + l];
            using var kBase = _device.Upload(AttentionReference.As<T>(kWide), m + 5, d + 2);
            using var dk = kBase.Slice(0, 3, m).Slice(1, 1, d);

            var vData = AttentionReference.Data<T>(_rng, 7 + m * (2 * dv + 1));
            for (int j = 0; j < m; j++) for (int c = 0; c < dv; c++) vData[7 + j * (2 * dv + 1) + 2 * c] = v[j * dv + c];
            using var dv_ = _device.Upload(AttentionReference.As<T>(vData), 7, new nint[] { m, dv }, new nint[] { 2 * dv + 1, 2 });

            var k2T = AttentionReference.Data<T>(_rng, (d + 1) * m2);
            for (int j = 0; j < m2; j++) for (int l = 0; l < d; l++) k2T[(l + 1) * m2 + j] = k2[j * d + l];
            using var k2Base = _device.Upload(AttentionReference.As<T>(k2T), d + 1, m2);
            using var dk2 = k2Base.Slice(0, 1, d).Transpose();
            var v2T = new double[dv * m2];
            for (int j = 0; j < m2; j++) for (int c = 0; c < dv; c++) v2T[c * m2 + j] = v2[j * dv + c];
            using var v2Base = _device.Upload(AttentionReference.As<T>(v2T), dv, m2);
            using var dv2 = v2Base.Transpose();

            var oInitial = AttentionReference.Data<T>(_rng, (dv + 3) * (n + 4));
            using var oBase = _device.Upload(AttentionReference.As<T>(oInitial), dv + 3, n + 4);
            using var o = oBase.Slice(0, 1, dv).Slice(1, 2, n).Transpose();
            Assert.False(o.IsDense);

            var expected = AttentionReference.Standard(q, k, v, n, m, d, dv, scale, window, out var empty);
            DeviceStreamingAttention.Standard(_device, dq, dk, dv_, AttentionReference.Scalar<T>(scale), o, window);
            AttentionReference.AssertClose($"standard views {typeof(T).Name}", expected, AttentionReference.ToDouble(o.ToArray()), dv, empty, AttentionReference.Tolerance<T>());
            AssertOutsideUnchanged(oInitial, AttentionReference.ToDouble(oBase.DownloadBuffer()), n + 4, c => c >= 1 && c < 1 + dv, i => i >= 2 && i < 2 + n);

            var window2 = DeviceKeyWindow.Relative(-3, 2);
            expected = AttentionReference.Tensor(q, k, k2, v, v2, n, m, m2, d, dv, scale, window, window2, out empty);
            DeviceStreamingAttention.Tensor(_device, dq, dk, dk2, dv_, dv2, AttentionReference.Scalar<T>(scale), o, window, window2);
            AttentionReference.AssertClose($"tensor views {typeof(T).Name}", expected, AttentionReference.ToDouble(o.ToArray()), dv, empty, AttentionReference.Tolerance<T>());
            AssertOutsideUnchanged(oInitial, AttentionReference.ToDouble(oBase.DownloadBuffer()), n + 4, c => c >= 1 && c < 1 + dv, i => i >= 2 && i < 2 + n);
        }

        // The base matrix is [rows, columns]; the elements outside the view's rows × columns keep their initial values.
        private static void AssertOutsideUnchanged(double[] initial, double[] buffer, int columns, Func<int, bool> inRows, Func<int, bool> inColumns)
        {
            for (int p = 0; p < initial.Length; p++)
            {
                if (inRows(p / columns) && inColumns(p % columns)) continue;
                Assert.True(initial[p] == buffer[p], $"buffer element {p}, outside the output view, changed from {initial[p]} to {buffer[p]}");
            }
        }
    }
}
