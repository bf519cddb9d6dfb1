using System;
using System.Linq;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>Parameters named with C# keywords (<c>@in</c>, <c>@out</c>) or like generated locals (<c>p</c>, <c>r0</c>) must still work.</summary>
    public sealed class ParameterNameTests
    {
        [Fact]
        public void Keyword_and_local_like_parameter_names_compile_and_run()
        {
            const string source = """
                using System.Numerics.Tensors;
                using TensorDsl;
                namespace Names;
                public static partial class K
                {
                    [Einsum("ij,jk->ik")]
                    public static partial void Gemm(ReadOnlyTensorSpan<float> @in, ReadOnlyTensorSpan<float> @out, TensorSpan<float> @double);

                    [Einsum("ij,j->i")]
                    public static partial void Direct(ReadOnlyTensorSpan<double> p, ReadOnlyTensorSpan<double> r0, TensorSpan<double> rOut);

                    public static void RunGemm(float[] a, float[] b, float[] c, int n)
                        => Gemm(new ReadOnlyTensorSpan<float>(a, [n, n]), new ReadOnlyTensorSpan<float>(b, [n, n]), new TensorSpan<float>(c, [n, n]));

                    public static void RunDirect(double[] a, double[] v, double[] y, int n)
                        => Direct(new ReadOnlyTensorSpan<double>(a, [n, n]), new ReadOnlyTensorSpan<double>(v, [n]), new TensorSpan<double>(y, [n]));
                }
                """;
            var assembly = GeneratorHarness.CompileAndLoad(source);
            var k = assembly.GetType("Names.K")!;
            const int n = 9;
            var rng = new Random(1);
            var a = Enumerable.Range(0, n * n).Select(_ => (float)rng.NextDouble()).ToArray();
            var b = Enumerable.Range(0, n * n).Select(_ => (float)rng.NextDouble()).ToArray();
            var c = new float[n * n];
            k.GetMethod("RunGemm")!.Invoke(null, new object[] { a, b, c, n });
            var expected = Einsum.Evaluate("ij,jk->ik", Tensor(a, n, n), Tensor(b, n, n)).ToArray();
            for (int i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-4);

            var ad = a.Select(x => (double)x).ToArray();
            var v = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
            var y = new double[n];
            k.GetMethod("RunDirect")!.Invoke(null, new object[] { ad, v, y, n });
            var ye = Einsum.Evaluate("ij,j->i", System.Numerics.Tensors.Tensor.Create(ad, new nint[] { n, n }), System.Numerics.Tensors.Tensor.Create(v, new nint[] { n })).ToArray();
            for (int i = 0; i < n; i++) Assert.Equal(ye[i], y[i], 1e-12);
        }

        private static System.Numerics.Tensors.Tensor<double> Tensor(float[] data, int rows, int cols)
            => System.Numerics.Tensors.Tensor.Create(data.Select(x => (double)x).ToArray(), new nint[] { rows, cols });
    }
}
