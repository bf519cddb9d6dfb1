using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace TensorDsl.Tests.Gradients
{
    /// <summary><c>[GauntProduct]</c> forwards (Sparse and Fourier) and the backward kernels derived for them.</summary>
    internal static partial class GauntGradientKernels
    {
        [GauntProduct(3, 2, 4, Method = GauntMethod.Sparse)]
        public static partial void Sparse324(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [Gradient(nameof(Sparse324))]
        public static partial void Sparse324Backward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ,
            TensorSpan<double> dX, TensorSpan<double> dY);

        [GauntProduct(3, 2, 4, Method = GauntMethod.Fourier)]
        public static partial void Fourier324(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [Gradient(nameof(Fourier324))]
        public static partial void Fourier324Backward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ,
            TensorSpan<double> dX, TensorSpan<double> dY);

        [GauntProduct(6, 6, 6, Method = GauntMethod.Fourier)]
        public static partial void Fourier666(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [Gradient(nameof(Fourier666))]
        public static partial void Fourier666Backward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ,
            TensorSpan<double> dX, TensorSpan<double> dY);

        [GauntProduct(6, 6, 6, Method = GauntMethod.Sparse)]
        public static partial void Sparse666(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        [Gradient(nameof(Sparse666))]
        public static partial void Sparse666Backward(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> dZ,
            TensorSpan<float> dX, TensorSpan<float> dY);

        // The gradients take z's degree 18 as an operand: above the forward's input bound of 16.
        [GauntProduct(9, 9, 18, Method = GauntMethod.Fourier)]
        public static partial void Fourier9918(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [Gradient(nameof(Fourier9918))]
        public static partial void Fourier9918Backward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ,
            TensorSpan<double> dX, TensorSpan<double> dY);

        // x's degree 5 is above 1 + 2: its top degrees do not reach z, and their gradient is zero.
        [GauntProduct(5, 1, 2, Method = GauntMethod.Fourier)]
        public static partial void Fourier512(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);

        [Gradient(nameof(Fourier512))]
        public static partial void Fourier512Backward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ,
            TensorSpan<double> dX, TensorSpan<double> dY);

        // Second derivatives (what force training needs): the gradient of a backward, whose dZ is read by both of its
        // Gaunt products.
        [Gradient(nameof(Sparse324Backward))]
        public static partial void Sparse324Second(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ,
            ReadOnlyTensorSpan<double> dDX, ReadOnlyTensorSpan<double> dDY, TensorSpan<double> dX, TensorSpan<double> dY, TensorSpan<double> dDZ);

        [Gradient(nameof(Fourier324Backward))]
        public static partial void Fourier324Second(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ,
            ReadOnlyTensorSpan<double> dDX, ReadOnlyTensorSpan<double> dDY, TensorSpan<double> dX, TensorSpan<double> dY, TensorSpan<double> dDZ);

        // Adding into the gradients (a weight shared by several layers).
        [Gradient(nameof(Fourier324), Accumulate = true)]
        public static partial void Fourier324Accumulate(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ,
            TensorSpan<double> dX, TensorSpan<double> dY);

        // Only dY.
        [Gradient(nameof(Sparse324))]
        public static partial void Sparse324YBackward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ,
            TensorSpan<double> dY);
    }

    /// <summary>
    /// Gradients of Gaunt products. The derived backward (two Gaunt products with the roles permuted) against central
    /// differences of the forward, for every (L1, L2, LOut) with degrees up to 6, through the double-precision interpreter
    /// (which reads the coefficient table straight from its definition); then the generated backward kernels — Sparse and
    /// Fourier, on the CPU and on ILGPU's CPU accelerator — against that interpreter.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class GauntGradientTests
    {
        private readonly TensorDevice _device;

        public GauntGradientTests(DeviceFixture fixture) => _device = fixture.Device;

        public static IEnumerable<object[]> Degrees()
        {
            for (int l1 = 0; l1 <= 6; l1++)
                for (int l2 = 0; l2 <= 6; l2++)
                    for (int lOut = 0; lOut <= Math.Min(6, l1 + l2); lOut++)
                        yield return new object[] { l1, l2, lOut };
        }

        [Theory]
        [MemberData(nameof(Degrees))]
        public void The_derived_gradient_matches_central_differences(int l1, int l2, int lOut)
        {
            string program = $"z[n,k] = gaunt[{l1},{l2},{lOut}](x[n,i], y[n,j])";
            var rng = new Random(97 * l1 + 13 * l2 + lOut);
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1);
            var arguments = new Dictionary<string, object> { ["x"] = Host(rng, 2, k1), ["y"] = Host(rng, 2, k2) };
            var dZ = Host(rng, 2, k3);
            var gradients = TensorProgram.EvaluateGradient(program, arguments, new Dictionary<string, Tensor<double>> { ["z"] = dZ });
            foreach (var name in new[] { "x", "y" })
            {
                var values = Flat((Tensor<double>)arguments[name]);
                var gradient = Flat(gradients["d" + name.ToUpperInvariant()]);
                var shape = ((Tensor<double>)arguments[name]).Lengths.ToArray();
                foreach (int p in new[] { 0, values.Length - 1, rng.Next(values.Length), rng.Next(values.Length) }.Distinct())
                {
                    double Loss(double v)
                    {
                        var copy = (double[])values.Clone();
                        copy[p] = v;
                        arguments[name] = Tensor.Create(copy, shape);
                        var z = Flat(TensorProgram.Evaluate(program, arguments)["z"]);
                        arguments[name] = Tensor.Create(values, shape);
                        return z.Zip(Flat(dZ), (a, b) => a * b).Sum();
                    }
                    // The product is linear in each operand: the central difference is exact up to rounding.
                    double expected = (Loss(values[p] + 1e-3) - Loss(values[p] - 1e-3)) / 2e-3;
                    Assert.True(Math.Abs(gradient[p] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)),
                        $"gaunt[{l1},{l2},{lOut}]: d{name.ToUpperInvariant()}[{p}] = {gradient[p]:R}, central difference {expected:R}");
                }
            }
        }

        private delegate void Backward(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ, TensorSpan<double> dX, TensorSpan<double> dY);

        public static IEnumerable<object[]> Kernels => new[]
        {
            new object[] { "Sparse324", 3, 2, 4 }, new object[] { "Fourier324", 3, 2, 4 }, new object[] { "Fourier666", 6, 6, 6 }, new object[] { "Fourier512", 5, 1, 2 },
            new object[] { "Fourier9918", 9, 9, 18 },
        };

        [Theory]
        [MemberData(nameof(Kernels))]
        public void The_generated_backward_matches_the_interpreter(string kernel, int l1, int l2, int lOut)
        {
            Backward backward = kernel switch
            {
                "Sparse324" => GauntGradientKernels.Sparse324Backward,
                "Fourier324" => GauntGradientKernels.Fourier324Backward,
                "Fourier666" => GauntGradientKernels.Fourier666Backward,
                "Fourier9918" => GauntGradientKernels.Fourier9918Backward,
                _ => GauntGradientKernels.Fourier512Backward,
            };
            var (x, y, dZ, expectedX, expectedY) = Case(l1, l2, lOut, rows: 37);
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1);
            var dX = new double[37 * k1];
            var dY = new double[37 * k2];
            backward(new(x, [37, k1]), new(y, [37, k2]), new(dZ, [37, k3]), new TensorSpan<double>(dX, [37, k1]), new TensorSpan<double>(dY, [37, k2]));
            TestData.AssertClose(expectedX, dX, 1e-12);
            TestData.AssertClose(expectedY, dY, 1e-12);
        }

        [Fact]
        public void A_float_sparse_backward_and_a_single_gradient_match_the_interpreter()
        {
            var (x, y, dZ, expectedX, expectedY) = Case(6, 6, 6, rows: 5);
            var dX = new float[5 * 49];
            var dY = new float[5 * 49];
            GauntGradientKernels.Sparse666Backward(new(TestData.ToFloat(x), [5, 49]), new(TestData.ToFloat(y), [5, 49]), new(TestData.ToFloat(dZ), [5, 49]),
                new TensorSpan<float>(dX, [5, 49]), new TensorSpan<float>(dY, [5, 49]));
            TestData.AssertClose(expectedX, dX);
            TestData.AssertClose(expectedY, dY);

            var (x2, y2, dZ2, _, expectedY2) = Case(3, 2, 4, rows: 3);
            var only = new double[3 * 9];
            GauntGradientKernels.Sparse324YBackward(new(x2, [3, 16]), new(y2, [3, 9]), new(dZ2, [3, 25]), new TensorSpan<double>(only, [3, 9]));
            TestData.AssertClose(expectedY2, only, 1e-12);
        }

        [Theory]
        [InlineData("Sparse324", 3, 2, 4)]
        [InlineData("Fourier324", 3, 2, 4)]
        [InlineData("Fourier512", 5, 1, 2)]
        public void The_generated_backward_runs_on_the_device(string kernel, int l1, int l2, int lOut)
        {
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1);
            var (x, y, dZ, expectedX, expectedY) = Case(l1, l2, lOut, rows: 6);
            using var dx = _device.Upload(x, 6, k1);
            using var dy = _device.Upload(y, 6, k2);
            using var ddZ = _device.Upload(dZ, 6, k3);
            using var dX = _device.Allocate<double>(6, k1);
            using var dY = _device.Allocate<double>(6, k2);
            switch (kernel)
            {
                case "Sparse324": GauntGradientKernels.Sparse324Backward(_device, dx, dy, ddZ, dX, dY); break;
                case "Fourier324": GauntGradientKernels.Fourier324Backward(_device, dx, dy, ddZ, dX, dY); break;
                default: GauntGradientKernels.Fourier512Backward(_device, dx, dy, ddZ, dX, dY); break;
            }
            TestData.AssertClose(expectedX, dX.ToArray(), 1e-12);
            TestData.AssertClose(expectedY, dY.ToArray(), 1e-12);
        }

        [Fact]
        public void An_accumulating_backward_adds_into_the_gradients()
        {
            var (x, y, dZ, expectedX, expectedY) = Case(3, 2, 4, rows: 5);
            var dX = Enumerable.Range(0, 5 * 16).Select(i => 0.25 * i).ToArray();
            var dY = Enumerable.Range(0, 5 * 9).Select(i => -0.5 * i).ToArray();
            var wantX = dX.Zip(expectedX, (a, b) => a + b).ToArray();
            var wantY = dY.Zip(expectedY, (a, b) => a + b).ToArray();
            GauntGradientKernels.Fourier324Accumulate(new(x, [5, 16]), new(y, [5, 9]), new(dZ, [5, 25]), new TensorSpan<double>(dX, [5, 16]), new TensorSpan<double>(dY, [5, 9]));
            TestData.AssertClose(wantX, dX, 1e-12);
            TestData.AssertClose(wantY, dY, 1e-12);
        }

        private delegate void Second(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ,
            ReadOnlyTensorSpan<double> dDX, ReadOnlyTensorSpan<double> dDY, TensorSpan<double> dX, TensorSpan<double> dY, TensorSpan<double> dDZ);

        /// <summary>
        /// The generated second derivative of a [GauntProduct] (the [Gradient] of its [Gradient]) against the interpreter's
        /// gradient of the backward written out as a program (its two Gaunt products with the roles permuted), on the CPU
        /// and on ILGPU's CPU accelerator, over a leading shape of rank 2 (the '...' group).
        /// </summary>
        [Theory]
        [InlineData("Sparse")]
        [InlineData("Fourier")]
        public void The_generated_second_derivative_matches_the_interpreter(string method)
        {
            const int a = 3, b = 2;
            var rng = new Random(17);
            var x = TestData.Random(rng, a, b, 16);
            var y = TestData.Random(rng, a, b, 9);
            var dZ = TestData.Random(rng, a, b, 25);
            var dDX = TestData.Random(rng, a, b, 16);
            var dDY = TestData.Random(rng, a, b, 9);
            var expected = TensorProgram.EvaluateGradient(
                "dX[n,m,i] = gaunt[2,4,3](y[n,m,j], dZ[n,m,k])\n" +
                "dY[n,m,j] = gaunt[3,4,2](x[n,m,i], dZ[n,m,k])",
                new Dictionary<string, object> { ["x"] = TestData.Host(x, a, b, 16), ["y"] = TestData.Host(y, a, b, 9), ["dZ"] = TestData.Host(dZ, a, b, 25) },
                new Dictionary<string, Tensor<double>> { ["dX"] = TestData.Host(dDX, a, b, 16), ["dY"] = TestData.Host(dDY, a, b, 9) });
            Second second = method == "Sparse" ? GauntGradientKernels.Sparse324Second : GauntGradientKernels.Fourier324Second;
            var (gx, gy, gz) = (new double[a * b * 16], new double[a * b * 9], new double[a * b * 25]);
            second(new(x, [a, b, 16]), new(y, [a, b, 9]), new(dZ, [a, b, 25]), new(dDX, [a, b, 16]), new(dDY, [a, b, 9]),
                new TensorSpan<double>(gx, [a, b, 16]), new TensorSpan<double>(gy, [a, b, 9]), new TensorSpan<double>(gz, [a, b, 25]));
            TestData.AssertClose(Flat(expected["dX"]), gx, 1e-12);
            TestData.AssertClose(Flat(expected["dY"]), gy, 1e-12);
            TestData.AssertClose(Flat(expected["dDZ"]), gz, 1e-12);

            using var tx = _device.Upload(x, a, b, 16);
            using var ty = _device.Upload(y, a, b, 9);
            using var tz = _device.Upload(dZ, a, b, 25);
            using var tdx = _device.Upload(dDX, a, b, 16);
            using var tdy = _device.Upload(dDY, a, b, 9);
            using var ox = _device.Allocate<double>(a, b, 16);
            using var oy = _device.Allocate<double>(a, b, 9);
            using var oz = _device.Allocate<double>(a, b, 25);
            if (method == "Sparse") GauntGradientKernels.Sparse324Second(_device, tx, ty, tz, tdx, tdy, ox, oy, oz);
            else GauntGradientKernels.Fourier324Second(_device, tx, ty, tz, tdx, tdy, ox, oy, oz);
            TestData.AssertClose(Flat(expected["dX"]), ox.ToArray(), 1e-12);
            TestData.AssertClose(Flat(expected["dY"]), oy.ToArray(), 1e-12);
            TestData.AssertClose(Flat(expected["dDZ"]), oz.ToArray(), 1e-12);
        }

        // Random x, y, dZ with `rows` rows and the interpreter's gradients.
        private static (double[] X, double[] Y, double[] DZ, double[] DX, double[] DY) Case(int l1, int l2, int lOut, int rows)
        {
            var rng = new Random(l1 * 100 + l2 * 10 + lOut);
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1);
            var x = TestData.Random(rng, rows, k1);
            var y = TestData.Random(rng, rows, k2);
            var dZ = TestData.Random(rng, rows, k3);
            var gradients = TensorProgram.EvaluateGradient($"z[n,k] = gaunt[{l1},{l2},{lOut}](x[n,i], y[n,j])",
                new Dictionary<string, object> { ["x"] = TestData.Host(x, rows, k1), ["y"] = TestData.Host(y, rows, k2) },
                new Dictionary<string, Tensor<double>> { ["z"] = TestData.Host(dZ, rows, k3) });
            return (x, y, dZ, Flat(gradients["dX"]), Flat(gradients["dY"]));
        }

        private static Tensor<double> Host(Random rng, params nint[] shape) => TestData.Host(TestData.Random(rng, shape), shape);

        private static double[] Flat(Tensor<double> t)
        {
            var values = new double[t.FlattenedLength];
            t.FlattenTo(values);
            return values;
        }
    }
}
