using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Programs
{
    /// <summary>Contractions whose intermediate is larger than a slab (1 MB): the plan runs in slabs of the first output index.</summary>
    internal static partial class SlabKernels
    {
        // The outer product x·y ([n,c,i,j], 16 KB of float per n) feeds a GEMM with cg: slabs of 64 n.
        [TensorProgram("z[n,c,k] = sum[i,j](x[n,c,i] * y[n,c,j] * cg[i,j,k])")]
        public static partial void Bilinear(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> cg, TensorSpan<float> z);

        // The same as an [Einsum] in double (32 KB per n: slabs of 32 n), with a bias epilogue-free GEMM into the output.
        [Einsum("nci,ncj,ijk->nck")]
        public static partial void BilinearEinsum(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> cg, TensorSpan<double> z);
    }

    /// <summary>
    /// A contraction run in slabs gives the interpreter's result: several slabs and a ragged last one, float and double,
    /// into a dense and into a transposed (strided) output.
    /// </summary>
    public sealed class SlabTests
    {
        private const int N = 70, C = 16, W = 16; // 70 = 64 + 6 in float, 32 + 32 + 6 in double

        private static double[] Expected(double[] x, double[] y, double[] cg)
            => TestData.Expected("nci,ncj,ijk->nck", TestData.Host(x, N, C, W), TestData.Host(y, N, C, W), TestData.Host(cg, W, W, W));

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_program_in_slabs_matches_the_interpreter(bool transposedOutput)
        {
            var rng = new Random(21);
            var x = TestData.Random(rng, N, C, W);
            var y = TestData.Random(rng, N, C, W);
            var cg = TestData.Random(rng, W, W, W);
            var z = new float[N * C * W];
            // Transposed: z[n, c, k] at k·N·C + c·N + n.
            var output = transposedOutput ? new TensorSpan<float>(z, [N, C, W], [1, N, N * C]) : new TensorSpan<float>(z, [N, C, W]);

            SlabKernels.Bilinear(new ReadOnlyTensorSpan<float>(TestData.ToFloat(x), [N, C, W]), new ReadOnlyTensorSpan<float>(TestData.ToFloat(y), [N, C, W]),
                new ReadOnlyTensorSpan<float>(TestData.ToFloat(cg), [W, W, W]), output);

            var actual = new double[N * C * W];
            for (int n = 0; n < N; n++)
            {
                for (int c = 0; c < C; c++)
                {
                    for (int k = 0; k < W; k++) actual[(n * C + c) * W + k] = z[transposedOutput ? k * N * C + c * N + n : (n * C + c) * W + k];
                }
            }
            TestData.AssertClose(Expected(x, y, cg), actual, 1e-4);
        }

        [Fact]
        public void An_einsum_in_slabs_matches_the_interpreter()
        {
            var rng = new Random(22);
            var x = TestData.Random(rng, N, C, W);
            var y = TestData.Random(rng, N, C, W);
            var cg = TestData.Random(rng, W, W, W);
            var z = new double[N * C * W];
            SlabKernels.BilinearEinsum(new ReadOnlyTensorSpan<double>(x, [N, C, W]), new ReadOnlyTensorSpan<double>(y, [N, C, W]),
                new ReadOnlyTensorSpan<double>(cg, [W, W, W]), new TensorSpan<double>(z, [N, C, W]));
            TestData.AssertClose(Expected(x, y, cg), z, 1e-12);
        }
    }
}
