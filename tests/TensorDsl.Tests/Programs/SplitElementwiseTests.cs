using System;
using System.Numerics.Tensors;
using System.Reflection;
using Xunit;

namespace TensorDsl.Tests.Programs
{
    /// <summary>Programs whose elementwise loops are large enough to be split across the cores.</summary>
    internal static partial class SplitElementwiseKernels
    {
        [TensorProgram("y[i,j] = relu(x[i,j] * alpha + b[j])")]
        public static partial void Activate(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> b, double alpha, TensorSpan<double> y);

        [TensorProgram("y[i,j] = x[i,j] * alpha - b[j]")]
        public static partial void ScaleShift(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> b, float alpha, TensorSpan<float> y);

        // The epilogue (bias, relu) of a planned GEMM.
        [TensorProgram("y[r,o] = relu(sum[i](x[r,i] * w[i,o]) + bias[o])")]
        public static partial void Dense(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> w, ReadOnlyTensorSpan<double> bias, TensorSpan<double> y);
    }

    /// <summary>
    /// Elementwise program loops above the worker pool's threshold run their rows on both cores (a rows method per loop,
    /// its tensors, sizes, strides and scalars passed through <c>LoopParallel.For</c>); each result is checked against the
    /// closed form computed here, in dense and strided (transposed output) layouts, float and double.
    /// </summary>
    public sealed class SplitElementwiseTests
    {
        private const int Rows = 700, Columns = 300; // 210 000 elements: above two threads' threshold

        private static double[] Data(int n, int seed)
        {
            var rng = new Random(seed);
            var data = new double[n];
            for (int i = 0; i < n; i++) data[i] = rng.NextDouble() * 2 - 1;
            return data;
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void An_elementwise_statement_split_across_the_cores_is_exact(bool transposedOutput)
        {
            var x = Data(Rows * Columns, 1);
            var b = Data(Columns, 2);
            var y = new double[Rows * Columns];
            var output = transposedOutput
                ? new TensorSpan<double>(y, [Rows, Columns], [1, Rows])
                : new TensorSpan<double>(y, [Rows, Columns]);

            SplitElementwiseKernels.Activate(new ReadOnlyTensorSpan<double>(x, [Rows, Columns]), new ReadOnlyTensorSpan<double>(b, [Columns]), 0.75, output);

            for (int i = 0; i < Rows; i++)
            {
                for (int j = 0; j < Columns; j++)
                {
                    double expected = Math.Max(x[i * Columns + j] * 0.75 + b[j], 0);
                    Assert.Equal(expected, y[transposedOutput ? j * Rows + i : i * Columns + j]);
                }
            }
            Assert.NotNull(RowsMethod("Activate"));
        }

        [Fact]
        public void A_float_scalar_reaches_every_row()
        {
            var x = Data(Rows * Columns, 3);
            var b = Data(Columns, 4);
            var xf = Array.ConvertAll(x, v => (float)v);
            var bf = Array.ConvertAll(b, v => (float)v);
            var y = new float[Rows * Columns];

            SplitElementwiseKernels.ScaleShift(new ReadOnlyTensorSpan<float>(xf, [Rows, Columns]), new ReadOnlyTensorSpan<float>(bf, [Columns]), -1.5f, new TensorSpan<float>(y, [Rows, Columns]));

            for (int i = 0; i < Rows * Columns; i++) Assert.Equal(xf[i] * -1.5f - bf[i % Columns], y[i]);
        }

        [Fact]
        public void A_split_epilogue_of_a_gemm_matches_the_definition()
        {
            const int r = 520, k = 40, o = 300;
            var x = Data(r * k, 5);
            var w = Data(k * o, 6);
            var bias = Data(o, 7);
            var y = new double[r * o];

            SplitElementwiseKernels.Dense(new ReadOnlyTensorSpan<double>(x, [r, k]), new ReadOnlyTensorSpan<double>(w, [k, o]), new ReadOnlyTensorSpan<double>(bias, [o]), new TensorSpan<double>(y, [r, o]));

            for (int a = 0; a < r; a += 7)
            {
                for (int c = 0; c < o; c++)
                {
                    double sum = 0;
                    for (int i = 0; i < k; i++) sum += x[a * k + i] * w[i * o + c];
                    // The GEMM sums in its own order (with FMA): equal to rounding.
                    double expected = Math.Max(sum + bias[c], 0);
                    Assert.True(Math.Abs(expected - y[a * o + c]) <= 1e-12 * (1 + Math.Abs(expected)), $"y[{a},{c}] = {y[a * o + c]}, expected {expected}");
                }
            }
            Assert.NotNull(RowsMethod("Dense"));
        }

        // The generated rows method of the method's first split loop (none when the loop was not split).
        private static MethodInfo? RowsMethod(string method)
            => Array.Find(typeof(SplitElementwiseKernels).GetMethods(BindingFlags.NonPublic | BindingFlags.Static),
                m => m.Name.Contains("_" + method + "_") && m.Name.EndsWith("_Rows1", StringComparison.Ordinal));
    }
}
