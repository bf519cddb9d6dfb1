using System;
using System.Numerics.Tensors;
using TensorDsl.Runtime;
using Xunit;

namespace TensorDsl.Tests.Gaunt
{
    /// <summary>
    /// The Sparse kernels split large calls over the worker pool (<see cref="GauntParallel"/>): the threaded result equals the
    /// single-threaded one bit for bit (shares are whole 16-row units, so every row sees the same vector block arithmetic), on a
    /// strided, broadcast layout whose rows the threads' walkers start in the middle of; and it agrees with the Fourier kernel.
    /// </summary>
    public sealed class GauntParallelTests
    {
        [Fact]
        public void Threaded_sparse_rows_equal_single_threaded_rows_and_the_Fourier_kernel()
        {
            var rng = new Random(3);
            const int a = 13, b = 11; // 143 rows: 9 units of 16, the last one partial
            int k1 = 81, k3 = 289;
            // x: [a, b, 81] with its two leading axes transposed in memory; y: [1, b, 81], broadcast along the first axis.
            var xData = TestData.Random(rng, a * b * k1);
            var x = new ReadOnlyTensorSpan<double>(xData, 0, new nint[] { a, b, k1 }, new nint[] { k1, a * k1, 1 });
            var yData = TestData.Random(rng, b * k1);
            var y = new ReadOnlyTensorSpan<double>(yData, new nint[] { 1, b, k1 });
            var single = new double[a * b * k3];
            var threaded = new double[a * b * k3];
            var fourier = new double[a * b * k3];
            GauntParallel.ThreadLimit = 1;
            try
            {
                GauntKernels.Sparse8816(x, y, new TensorSpan<double>(single, new nint[] { a, b, k3 }));
            }
            finally
            {
                GauntParallel.ThreadLimit = 0;
            }
            GauntKernels.Sparse8816(x, y, new TensorSpan<double>(threaded, new nint[] { a, b, k3 }));
            GauntKernels.Fourier8816(x, y, new TensorSpan<double>(fourier, new nint[] { a, b, k3 }));
            Assert.Equal(single, threaded);
            double error = 0;
            for (int i = 0; i < single.Length; i++) error = Math.Max(error, Math.Abs(single[i] - fourier[i]));
            Assert.True(error < 1e-10, $"Sparse and Fourier differ by {error:E2}");
        }
    }
}
