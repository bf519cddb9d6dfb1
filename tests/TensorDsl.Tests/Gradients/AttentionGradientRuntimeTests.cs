using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Cpu.Attention;
using Xunit;

namespace TensorDsl.Tests.Gradients
{
    /// <summary>
    /// The FlashAttention-2-style backward kernels (<see cref="AttentionGradients"/>) called directly, against the derived
    /// gradient the interpreter evaluates in double (<see cref="TensorProgram.EvaluateGradient"/>, itself checked against
    /// central differences): rectangular shapes, windows, transposed (strided) operands and destinations, float and
    /// double, single- and two-pass tensor rows, and destinations that already hold values (the kernels add).
    /// </summary>
    public sealed class AttentionGradientRuntimeTests
    {
        private const string Standard = "o[i,c] = sum[j](softmax[j](scale * sum[d](q[i,d] * k[j,d])) * v[j,c])";
        private const string StandardWindowed = "o[i,c] = sum[j](softmax[j](scale * sum[d](q[i,d] * k[j,d])) * v[j,c]) where i - lo <= j < i + hi";
        private const string Tensor = "o[i,c] = sum[j,k](softmax[j,k](scale * sum[d](q[i,d] * k1[j,d] * k2[k,d])) * v1[j,c] * v2[k,c])";
        private const string TensorWindowed = "o[i,c] = sum[j,k](softmax[j,k](scale * sum[d](q[i,d] * k1[j,d] * k2[k,d])) * v1[j,c] * v2[k,c]) where i - lo <= j < i + hi, i - lo2 <= k < i + 1";

        [Theory]
        [InlineData(false, 0, 0, false)]
        [InlineData(true, 2, 1, false)]
        [InlineData(true, 1, 3, true)]
        [InlineData(true, -3, 9, false)] // a window far off: some rows admit no key
        public void Standard_attention_gradients_match_the_interpreter(bool windowed, int lo, int hi, bool transposed)
        {
            const int n = 70, m = 9, d = 3, dv = 4; // two query blocks
            var rng = new Random(11 + lo);
            var data = new Dictionary<string, double[]> { ["q"] = TestData.Random(rng, n, d), ["k"] = TestData.Random(rng, m, d), ["v"] = TestData.Random(rng, m, dv), ["dO"] = TestData.Random(rng, n, dv) };
            var shapes = new Dictionary<string, nint[]> { ["q"] = [n, d], ["k"] = [m, d], ["v"] = [m, dv], ["dO"] = [n, dv] };
            var arguments = new Dictionary<string, object> { ["scale"] = 0.8 };
            foreach (var x in new[] { "q", "k", "v" }) arguments[x] = TestData.Host(data[x], shapes[x]);
            if (windowed) { arguments["lo"] = lo; arguments["hi"] = hi; }
            var expected = TensorProgram.EvaluateGradient(windowed ? StandardWindowed : Standard, arguments,
                new Dictionary<string, Tensor<double>> { ["o"] = TestData.Host(data["dO"], shapes["dO"]) });
            var window = windowed ? KeyWindow.Relative(-lo, hi) : KeyWindow.Full;

            foreach (bool single in new[] { false, true })
            {
                var got = Run(single, data, shapes, transposed, new[] { "q", "k", "v" }, (views, grads, dScale) =>
                {
                    if (single)
                    {
                        AttentionGradients.Standard(views.F("q"), views.F("k"), views.F("v"), 0.8f, views.F("dO"), window, grads.F("q"), grads.F("k"), grads.F("v"), dScale.F);
                    }
                    else
                    {
                        AttentionGradients.Standard(views.D("q"), views.D("k"), views.D("v"), 0.8, views.D("dO"), window, grads.D("q"), grads.D("k"), grads.D("v"), dScale.D);
                    }
                });
                Compare(expected, got, single, new[] { "q", "k", "v" });
            }
        }

        [Theory]
        [InlineData(false, 0, 0, 0, false, 1 << 16)]
        [InlineData(false, 0, 0, 0, true, 1 << 16)]
        [InlineData(false, 0, 0, 0, false, 0)]      // two passes, one first key per block
        [InlineData(true, 2, 1, 3, false, 1 << 16)]
        [InlineData(true, 3, 2, 1, true, 0)]
        public void Tensor_attention_gradients_match_the_interpreter(bool windowed, int lo, int hi, int lo2, bool transposed, int singlePass)
        {
            const int n = 6, m1 = 7, m2 = 5, d = 3, dv = 2;
            var rng = new Random(20 + lo + singlePass % 7);
            var names = new[] { "q", "k1", "k2", "v1", "v2" };
            var shapes = new Dictionary<string, nint[]> { ["q"] = [n, d], ["k1"] = [m1, d], ["k2"] = [m2, d], ["v1"] = [m1, dv], ["v2"] = [m2, dv], ["dO"] = [n, dv] };
            var data = shapes.ToDictionary(p => p.Key, p => TestData.Random(rng, p.Value));
            var arguments = new Dictionary<string, object> { ["scale"] = 0.6 };
            foreach (var x in names) arguments[x] = TestData.Host(data[x], shapes[x]);
            if (windowed) { arguments["lo"] = lo; arguments["hi"] = hi; arguments["lo2"] = lo2; }
            var expected = TensorProgram.EvaluateGradient(windowed ? TensorWindowed : Tensor, arguments,
                new Dictionary<string, Tensor<double>> { ["o"] = TestData.Host(data["dO"], shapes["dO"]) });
            var w1 = windowed ? KeyWindow.Relative(-lo, hi) : KeyWindow.Full;
            var w2 = windowed ? KeyWindow.Relative(-lo2, 1) : KeyWindow.Full;

            foreach (bool single in new[] { false, true })
            {
                var got = Run(single, data, shapes, transposed, names, (views, grads, dScale) =>
                {
                    if (single)
                    {
                        AttentionGradientDriver<float>.Tensor(views.F("q"), views.F("k1"), views.F("k2"), views.F("v1"), views.F("v2"), 0.6f, views.F("dO"), w1, w2,
                            grads.F("q"), grads.F("k1"), grads.F("k2"), grads.F("v1"), grads.F("v2"), dScale.F, singlePass, 1);
                    }
                    else
                    {
                        AttentionGradientDriver<double>.Tensor(views.D("q"), views.D("k1"), views.D("k2"), views.D("v1"), views.D("v2"), 0.6, views.D("dO"), w1, w2,
                            grads.D("q"), grads.D("k1"), grads.D("k2"), grads.D("v1"), grads.D("v2"), dScale.D, singlePass, 1);
                    }
                });
                Compare(expected, got, single, names);
            }
        }

        [Fact]
        public void Only_the_requested_gradients_are_computed()
        {
            const int n = 5, d = 3;
            var rng = new Random(3);
            var x = Enumerable.Range(0, 4).Select(_ => TestData.Random(rng, n, d)).ToArray();
            var dv = new double[n * d];
            MatrixView<double> V(double[] a) => new(ref a[0], n, d, d, 1);
            AttentionGradients.Standard(V(x[0]), V(x[1]), V(x[2]), 0.5, V(x[3]), KeyWindow.Full, default, default, V(dv), Span<double>.Empty);
            var arguments = new Dictionary<string, object> { ["q"] = TestData.Host(x[0], n, d), ["k"] = TestData.Host(x[1], n, d), ["v"] = TestData.Host(x[2], n, d), ["scale"] = 0.5 };
            var expected = TensorProgram.EvaluateGradient(Standard, arguments, new Dictionary<string, Tensor<double>> { ["o"] = TestData.Host(x[3], n, d) });
            TestData.AssertClose(expected["dV"].ToArray(), dv, 1e-12);
            Assert.Throws<ArgumentException>(() => AttentionGradients.Standard(V(x[0]), V(x[1]), V(x[2]), 0.5, V(x[3]), KeyWindow.Full, default, default, V(dv), new double[2]));
        }

        // Views of the operands (row-major, or transposed: a column-major copy) and of destinations that hold 1 before the
        // call (the kernels add; 1 is subtracted afterwards); the destinations' values read back row-major, in double.
        private static Dictionary<string, double[]> Run(bool single, Dictionary<string, double[]> data, Dictionary<string, nint[]> shapes, bool transposed,
            string[] names, Action<Views, Views, ScaleSlot> call)
        {
            var views = new Views(single, transposed);
            foreach (var p in data) views.Add(p.Key, p.Value, shapes[p.Key]);
            var grads = new Views(single, transposed);
            foreach (var x in names) grads.Add(x, Enumerable.Repeat(1.0, data[x].Length).ToArray(), shapes[x]);
            var slot = new ScaleSlot { F = new float[] { 1 }, D = new double[] { 1 } };
            call(views, grads, slot);
            var result = names.ToDictionary(x => x, x => grads.Read(x).Select(v => v - 1).ToArray());
            result["scale"] = new[] { (single ? slot.F[0] : slot.D[0]) - 1 };
            return result;
        }

        private static void Compare(IReadOnlyDictionary<string, Tensor<double>> expected, Dictionary<string, double[]> got, bool single, string[] names)
        {
            foreach (var x in names.Append("scale"))
            {
                var want = expected[TensorDsl.Language.Gradients.GradientDerivation.GradientName(x)].ToArray();
                TestData.AssertClose(want, got[x], single ? 2e-5 : 1e-11);
            }
        }

        private sealed class ScaleSlot
        {
            public float[] F = Array.Empty<float>();
            public double[] D = Array.Empty<double>();
        }

        // Named matrices in float or double storage, row-major or column-major.
        private sealed class Views
        {
            private readonly bool _single, _transposed;
            private readonly Dictionary<string, (float[] F, double[] D, nint Rows, nint Cols)> _all = new();

            public Views(bool single, bool transposed) { _single = single; _transposed = transposed; }

            public void Add(string name, double[] rowMajor, nint[] shape)
            {
                nint rows = shape[0], cols = shape[1];
                var stored = new double[rowMajor.Length];
                for (nint r = 0; r < rows; r++)
                    for (nint c = 0; c < cols; c++)
                        stored[_transposed ? c * rows + r : r * cols + c] = rowMajor[r * cols + c];
                _all[name] = (TestData.ToFloat(stored), stored, rows, cols);
            }

            public MatrixView<float> F(string name)
            {
                var (f, _, rows, cols) = _all[name];
                return new MatrixView<float>(ref f[0], rows, cols, _transposed ? 1 : cols, _transposed ? rows : 1);
            }

            public MatrixView<double> D(string name)
            {
                var (_, d, rows, cols) = _all[name];
                return new MatrixView<double>(ref d[0], rows, cols, _transposed ? 1 : cols, _transposed ? rows : 1);
            }

            public double[] Read(string name)
            {
                var (f, d, rows, cols) = _all[name];
                var result = new double[rows * cols];
                for (nint r = 0; r < rows; r++)
                    for (nint c = 0; c < cols; c++)
                    {
                        nint at = _transposed ? c * rows + r : r * cols + c;
                        result[r * cols + c] = _single ? f[at] : d[at];
                    }
                return result;
            }
        }
    }
}
