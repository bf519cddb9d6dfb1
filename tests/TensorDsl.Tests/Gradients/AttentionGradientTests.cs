using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Gradients
{
    /// <summary>The three attention kinds of docs/attention.md as forwards, and the backward kernels derived for them.</summary>
    internal static partial class AttentionGradientKernels
    {
        public const string Standard = "o[i,c] = sum[j](softmax[j](scale * sum[d](q[i,d] * k[j,d])) * v[j,c])";

        public const string Tensor = """
            s[i,j,k] = scale * sum[d](q[i,d] * k1[j,d] * k2[k,d])
            o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c])
            """;

        public const string Windowed = """
            s[i,j,k] = scale * sum[d](q[i,d] * k1[j,d] * k2[k,d])
            o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c]) where i - w1 < j <= i, i - w2 < k <= i
            """;

        [TensorProgram(Standard)]
        public static partial void StandardAttention(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v, double scale, TensorSpan<double> o);

        [Gradient(nameof(StandardAttention))]
        public static partial void StandardAttentionBackward(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v, double scale,
            ReadOnlyTensorSpan<double> dO, TensorSpan<double> dQ, TensorSpan<double> dK, TensorSpan<double> dV, TensorSpan<double> dScale);

        [TensorProgram(Tensor)]
        public static partial void TensorAttention(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2,
            ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2, double scale, TensorSpan<double> o);

        [Gradient(nameof(TensorAttention))]
        public static partial void TensorAttentionBackward(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2,
            ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2, double scale, ReadOnlyTensorSpan<double> dO,
            TensorSpan<double> dQ, TensorSpan<double> dK1, TensorSpan<double> dK2, TensorSpan<double> dV1, TensorSpan<double> dV2);

        [TensorProgram(Tensor)]
        public static partial void TensorAttentionSingle(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
            ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, TensorSpan<float> o);

        [Gradient(nameof(TensorAttentionSingle))]
        public static partial void TensorAttentionBackwardSingle(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
            ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, ReadOnlyTensorSpan<float> dO,
            TensorSpan<float> dQ, TensorSpan<float> dK1, TensorSpan<float> dK2, TensorSpan<float> dV1, TensorSpan<float> dV2, TensorSpan<float> dScale);

        [TensorProgram(Windowed)]
        public static partial void WindowedAttention(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2,
            ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2, double scale, int w1, int w2, TensorSpan<double> o);

        [Gradient(nameof(WindowedAttention))]
        public static partial void WindowedAttentionBackward(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2,
            ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2, double scale, int w1, int w2, ReadOnlyTensorSpan<double> dO,
            TensorSpan<double> dQ, TensorSpan<double> dK1, TensorSpan<double> dK2, TensorSpan<double> dV1, TensorSpan<double> dV2);
    }

    /// <summary>
    /// Gradients of standard, tensor (2-simplicial) and windowed tensor attention: the derived backward against central
    /// differences through the interpreter (every input and the scale), then the generated backward kernels against the
    /// interpreter's derived gradients on the CPU and on ILGPU's CPU accelerator.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class AttentionGradientTests
    {
        private readonly TensorDevice _device;

        public AttentionGradientTests(DeviceFixture fixture) => _device = fixture.Device;

        [Theory]
        [InlineData("standard")]
        [InlineData("tensor")]
        [InlineData("windowed")]
        public void The_derived_gradient_matches_central_differences(string kind)
        {
            var (program, arguments, dO, names) = Case(kind, n: 5, d: 3, seed: 3);
            var (compared, kinks) = GradientCheck.AgainstCentralDifferences(kind, program, arguments, new Dictionary<string, Tensor<double>> { ["o"] = dO }, names, new Random(4));
            // Attention is smooth: no element may be skipped as a kink.
            Assert.Equal(0, kinks);
            Assert.True(compared >= 2 * names.Length, $"{kind}: only {compared} elements compared");
        }

        [Theory]
        [InlineData("standard", false)]
        [InlineData("tensor", false)]
        [InlineData("windowed", false)]
        [InlineData("standard", true)]
        [InlineData("windowed", true)]
        public void The_generated_backward_matches_the_interpreter(string kind, bool device)
        {
            int n = device ? 6 : 11, d = 4;
            var (program, arguments, dO, names) = Case(kind, n, d, seed: 9);
            var expected = TensorProgram.EvaluateGradient(program, arguments, new Dictionary<string, Tensor<double>> { ["o"] = dO });
            var inputs = names.Where(x => x != "scale").ToArray();
            var got = inputs.ToDictionary(x => x, x => new double[((Tensor<double>)arguments[x]).FlattenedLength]);
            double scale = (double)arguments["scale"];
            double[] Data(string x) => GradientCheck.Flat((Tensor<double>)arguments[x]);
            nint[] Shape(string x) => ((Tensor<double>)arguments[x]).Lengths.ToArray();
            if (device)
            {
                var uploads = inputs.ToDictionary(x => x, x => _device.Upload(Data(x), Shape(x)));
                var outputs = inputs.ToDictionary(x => x, x => _device.Allocate<double>(Shape(x)));
                using var ddO = _device.Upload(GradientCheck.Flat(dO), n, d);
                if (kind == "standard")
                {
                    using var dScale = _device.Allocate<double>(1);
                    AttentionGradientKernels.StandardAttentionBackward(_device, uploads["q"], uploads["k"], uploads["v"], scale, ddO, outputs["q"], outputs["k"], outputs["v"], dScale);
                }
                else
                {
                    AttentionGradientKernels.WindowedAttentionBackward(_device, uploads["q"], uploads["k1"], uploads["k2"], uploads["v1"], uploads["v2"], scale, 2, 3, ddO,
                        outputs["q"], outputs["k1"], outputs["k2"], outputs["v1"], outputs["v2"]);
                }
                foreach (var x in inputs) got[x] = outputs[x].ToArray();
                foreach (var t in uploads.Values.Concat(outputs.Values)) t.Dispose();
            }
            else
            {
                ReadOnlyTensorSpan<double> In(string x) => new(Data(x), Shape(x));
                TensorSpan<double> Out(string x) => new(got[x], Shape(x));
                var dOut = new ReadOnlyTensorSpan<double>(GradientCheck.Flat(dO), [n, d]);
                if (kind == "standard")
                {
                    var dScale = new double[1];
                    AttentionGradientKernels.StandardAttentionBackward(In("q"), In("k"), In("v"), scale, dOut, Out("q"), Out("k"), Out("v"), new TensorSpan<double>(dScale, [1]));
                    TestData.AssertClose(GradientCheck.Flat(expected["dScale"]), dScale, 1e-11);
                }
                else if (kind == "tensor")
                {
                    AttentionGradientKernels.TensorAttentionBackward(In("q"), In("k1"), In("k2"), In("v1"), In("v2"), scale, dOut, Out("q"), Out("k1"), Out("k2"), Out("v1"), Out("v2"));
                }
                else
                {
                    AttentionGradientKernels.WindowedAttentionBackward(In("q"), In("k1"), In("k2"), In("v1"), In("v2"), scale, 2, 3, dOut, Out("q"), Out("k1"), Out("k2"), Out("v1"), Out("v2"));
                }
            }
            foreach (var x in inputs) TestData.AssertClose(GradientCheck.Flat(expected["d" + char.ToUpperInvariant(x[0]) + x.Substring(1)]), got[x], 1e-11);
        }

        // The program, its arguments (n queries and keys of width d, windows 2 and 3), dO and the names to differentiate.
        private static (string Program, Dictionary<string, object> Arguments, Tensor<double> DO, string[] Names) Case(string kind, int n, int d, int seed)
        {
            var rng = new Random(seed);
            Tensor<double> Host(params nint[] shape) => TestData.Host(TestData.Random(rng, shape), shape);
            var arguments = new Dictionary<string, object> { ["q"] = Host(n, d), ["scale"] = 0.7 };
            string[] names;
            string program;
            if (kind == "standard")
            {
                arguments["k"] = Host(n, d);
                arguments["v"] = Host(n, d);
                names = new[] { "q", "k", "v", "scale" };
                program = AttentionGradientKernels.Standard;
            }
            else
            {
                foreach (var x in new[] { "k1", "k2", "v1", "v2" }) arguments[x] = Host(n, d);
                names = new[] { "q", "k1", "k2", "v1", "v2", "scale" };
                program = kind == "tensor" ? AttentionGradientKernels.Tensor : AttentionGradientKernels.Windowed;
                if (kind == "windowed")
                {
                    arguments["w1"] = 2;
                    arguments["w2"] = 3;
                }
            }
            return (program, arguments, Host(n, d), names);
        }
    }
}

namespace TensorDsl.Tests.Gradients
{
    /// <summary>
    /// The tensor attention backward is FlashAttention-2-like in memory: at n = 512, d = 64 (float) its first call at that size
    /// — which rents every pooled buffer, after one small call has compiled the code — allocates less than 4 MiB, where one n×n×n score tensor would be 512 MiB. Its gradients
    /// are checked by Euler's identity for multilinear maps (the scores are linear in q, k1 and k2, the output in v1 and in
    /// v2): Σ dQ∘q = Σ dK1∘k1 = Σ dK2∘k2 = scale·dScale and Σ dV1∘v1 = Σ dV2∘v2 = Σ dO∘o.
    /// </summary>
    [Collection(nameof(TensorDsl.Tests.Planning.AllocationSensitive))]
    public sealed class AttentionGradientAllocationTests
    {
        [Fact]
        public void Tensor_attention_backward_at_n_512_allocates_less_than_4_MiB()
        {
            const int n = 512, d = 64;
            const float scale = 0.125f;
            var rng = new Random(8);
            var x = Enumerable.Range(0, 6).Select(_ => TestData.ToFloat(TestData.Random(rng, n, d))).ToArray();
            var gradients = Enumerable.Range(0, 5).Select(_ => new float[n * d]).ToArray();
            var dScale = new float[1];
            nint[] shape = { n, d };
            // One call at n = 8 first, so that compiling the code (the JIT's allocations) is not counted.
            float[] Small() => new float[8 * 4];
            nint[] small = { 8, 4 };
            AttentionGradientKernels.TensorAttentionBackwardSingle(new(Small(), small), new(Small(), small), new(Small(), small), new(Small(), small), new(Small(), small), scale,
                new(Small(), small), new TensorSpan<float>(Small(), small), new TensorSpan<float>(Small(), small), new TensorSpan<float>(Small(), small),
                new TensorSpan<float>(Small(), small), new TensorSpan<float>(Small(), small), new TensorSpan<float>(new float[1], [1]));
            long before = GC.GetTotalAllocatedBytes(precise: true);
            AttentionGradientKernels.TensorAttentionBackwardSingle(new(x[0], shape), new(x[1], shape), new(x[2], shape), new(x[3], shape), new(x[4], shape), scale,
                new(x[5], shape), new TensorSpan<float>(gradients[0], shape), new TensorSpan<float>(gradients[1], shape), new TensorSpan<float>(gradients[2], shape),
                new TensorSpan<float>(gradients[3], shape), new TensorSpan<float>(gradients[4], shape), new TensorSpan<float>(dScale, [1]));
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.True(allocated < 4L << 20, $"the first call allocated {allocated} bytes (limit 4 MiB; the n³ scores would be {(long)n * n * n * sizeof(float)})");

            var o = new float[n * d];
            AttentionGradientKernels.TensorAttentionSingle(new(x[0], shape), new(x[1], shape), new(x[2], shape), new(x[3], shape), new(x[4], shape), scale, new TensorSpan<float>(o, shape));
            double Dot(float[] a, float[] b) => a.Zip(b, (p, q) => (double)p * q).Sum();
            double scores = scale * dScale[0], values = Dot(x[5], o);
            Assert.True(Math.Abs(scores) > 1e-3 && Math.Abs(values) > 1e-3, $"degenerate check: {scores}, {values}");
            foreach (var (g, input) in new[] { (0, 0), (1, 1), (2, 2) }) Assert.InRange(Dot(gradients[g], x[input]) / scores, 0.999, 1.001);
            foreach (var (g, input) in new[] { (3, 3), (4, 4) }) Assert.InRange(Dot(gradients[g], x[input]) / values, 0.999, 1.001);
        }
    }
}
