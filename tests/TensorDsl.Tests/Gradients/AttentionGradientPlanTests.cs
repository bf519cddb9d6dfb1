using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Gradients
{
    /// <summary>Attention forwards whose backward takes the fused kernels with a batch index, adds, or cannot be fused.</summary>
    internal static partial class AttentionGradientPlanKernels
    {
        public const string Batched = "o[b,i,c] = sum[j](softmax[j](scale * sum[d](q[b,i,d] * k[b,j,d])) * v[b,j,c]) where j <= i";

        // q is read twice (the attention and a residual): its gradient has two terms, so the derived statements run.
        public const string Residual = """
            o[i,c] = sum[j](softmax[j](scale * sum[d](q[i,d] * k[j,d])) * v[j,c])
            r[i,d] = 2 * q[i,d]
            """;

        [TensorProgram(Batched)]
        public static partial void BatchedAttention(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v, double scale, TensorSpan<double> o);

        [Gradient(nameof(BatchedAttention))]
        public static partial void BatchedAttentionBackward(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v, double scale,
            ReadOnlyTensorSpan<double> dO, TensorSpan<double> dQ, TensorSpan<double> dK, TensorSpan<double> dV, TensorSpan<double> dScale);

        [Gradient(nameof(BatchedAttention), Accumulate = true)]
        public static partial void BatchedAttentionAccumulate(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v, double scale,
            ReadOnlyTensorSpan<double> dO, TensorSpan<double> dK, TensorSpan<double> dScale);

        [TensorProgram(Residual)]
        public static partial void ResidualAttention(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v, double scale,
            TensorSpan<double> o, TensorSpan<double> r);

        [Gradient(nameof(ResidualAttention))]
        public static partial void ResidualAttentionBackward(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v, double scale,
            ReadOnlyTensorSpan<double> dO, ReadOnlyTensorSpan<double> dR, TensorSpan<double> dQ, TensorSpan<double> dK, TensorSpan<double> dV);
    }

    /// <summary>
    /// The generated backward of attention programs against the interpreter's derived gradient (double): a batch index with
    /// a causal window (the fused kernels once per batch point, on views offset into each tensor), an accumulating gradient
    /// (the fused kernels add into what the gradients hold), and a query also read by a second statement (not fusable: the
    /// derived statements run, and still agree).
    /// </summary>
    public sealed class AttentionGradientPlanTests
    {
        [Fact]
        public void A_batched_causal_backward_matches_the_interpreter()
        {
            const int b = 3, n = 9, d = 4;
            var (x, arguments, dO) = Inputs(new[] { "q", "k", "v" }, new nint[] { b, n, d }, seed: 5);
            var expected = TensorProgram.EvaluateGradient(AttentionGradientPlanKernels.Batched, arguments, new Dictionary<string, Tensor<double>> { ["o"] = TestData.Host(dO, b, n, d) });
            nint[] shape = { b, n, d };
            var (dQ, dK, dV, dScale) = (new double[b * n * d], new double[b * n * d], new double[b * n * d], new double[1]);
            AttentionGradientPlanKernels.BatchedAttentionBackward(new(x["q"], shape), new(x["k"], shape), new(x["v"], shape), 0.6, new(dO, shape),
                new TensorSpan<double>(dQ, shape), new TensorSpan<double>(dK, shape), new TensorSpan<double>(dV, shape), new TensorSpan<double>(dScale, [1]));
            TestData.AssertClose(GradientCheck.Flat(expected["dQ"]), dQ, 1e-11);
            TestData.AssertClose(GradientCheck.Flat(expected["dK"]), dK, 1e-11);
            TestData.AssertClose(GradientCheck.Flat(expected["dV"]), dV, 1e-11);
            TestData.AssertClose(GradientCheck.Flat(expected["dScale"]), dScale, 1e-11);

            // Accumulate: added to what dK and dScale hold.
            var held = Enumerable.Range(0, b * n * d).Select(i => 0.01 * i).ToArray();
            var dK2 = (double[])held.Clone();
            var dScale2 = new double[] { 2.5 };
            AttentionGradientPlanKernels.BatchedAttentionAccumulate(new(x["q"], shape), new(x["k"], shape), new(x["v"], shape), 0.6, new(dO, shape),
                new TensorSpan<double>(dK2, shape), new TensorSpan<double>(dScale2, [1]));
            TestData.AssertClose(GradientCheck.Flat(expected["dK"]).Zip(held, (e, h) => e + h).ToArray(), dK2, 1e-11);
            TestData.AssertClose(new[] { GradientCheck.Flat(expected["dScale"])[0] + 2.5 }, dScale2, 1e-11);
        }

        [Fact]
        public void A_query_read_twice_runs_the_derived_backward_and_agrees()
        {
            const int n = 7, d = 3;
            var (x, arguments, dO) = Inputs(new[] { "q", "k", "v" }, new nint[] { n, d }, seed: 8);
            var dR = TestData.Random(new Random(9), n, d);
            var expected = TensorProgram.EvaluateGradient(AttentionGradientPlanKernels.Residual, arguments,
                new Dictionary<string, Tensor<double>> { ["o"] = TestData.Host(dO, n, d), ["r"] = TestData.Host(dR, n, d) });
            nint[] shape = { n, d };
            var (dQ, dK, dV) = (new double[n * d], new double[n * d], new double[n * d]);
            AttentionGradientPlanKernels.ResidualAttentionBackward(new(x["q"], shape), new(x["k"], shape), new(x["v"], shape), 0.6, new(dO, shape), new(dR, shape),
                new TensorSpan<double>(dQ, shape), new TensorSpan<double>(dK, shape), new TensorSpan<double>(dV, shape));
            TestData.AssertClose(GradientCheck.Flat(expected["dQ"]), dQ, 1e-11);
            TestData.AssertClose(GradientCheck.Flat(expected["dK"]), dK, 1e-11);
            TestData.AssertClose(GradientCheck.Flat(expected["dV"]), dV, 1e-11);
        }

        private static (Dictionary<string, double[]> Data, Dictionary<string, object> Arguments, double[] DO) Inputs(string[] names, nint[] shape, int seed)
        {
            var rng = new Random(seed);
            var data = names.ToDictionary(x => x, _ => TestData.Random(rng, shape));
            var arguments = new Dictionary<string, object> { ["scale"] = 0.6 };
            foreach (var x in names) arguments[x] = TestData.Host(data[x], shape);
            return (data, arguments, TestData.Random(rng, shape));
        }
    }
}
