using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using TensorDsl.Gpu;
using TensorDsl.Gpu.Attention;
using Xunit;

namespace TensorDsl.Tests.Gpu
{
    /// <summary>Kernels that apply every <see cref="DeviceMath"/> function to each element.</summary>
    internal static class DeviceMathKernels
    {
        /// <summary>Results per element: Exp, Log, Sqrt, Tanh, Sigmoid, Abs of x; Max, Min of (x, y).</summary>
        public const int Functions = 8;

        public static readonly string[] Names = { "Exp", "Log", "Sqrt", "Tanh", "Sigmoid", "Abs", "Max", "Min" };

        public static void ApplyDouble(Index1D i, ArrayView<double> x, ArrayView<double> y, ArrayView<double> output)
        {
            double a = x[i], b = y[i];
            long o = (long)i.X * Functions;
            output[o] = DeviceMath.Exp(a);
            output[o + 1] = DeviceMath.Log(a);
            output[o + 2] = DeviceMath.Sqrt(a);
            output[o + 3] = DeviceMath.Tanh(a);
            output[o + 4] = DeviceMath.Sigmoid(a);
            output[o + 5] = DeviceMath.Abs(a);
            output[o + 6] = DeviceMath.Max(a, b);
            output[o + 7] = DeviceMath.Min(a, b);
        }

        public static void ApplySingle(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<float> output)
        {
            float a = x[i], b = y[i];
            long o = (long)i.X * Functions;
            output[o] = DeviceMath.Exp(a);
            output[o + 1] = DeviceMath.Log(a);
            output[o + 2] = DeviceMath.Sqrt(a);
            output[o + 3] = DeviceMath.Tanh(a);
            output[o + 4] = DeviceMath.Sigmoid(a);
            output[o + 5] = DeviceMath.Abs(a);
            output[o + 6] = DeviceMath.Max(a, b);
            output[o + 7] = DeviceMath.Min(a, b);
        }

        public static double[] HostDouble(double a, double b) => new[]
        {
            DeviceMath.Exp(a), DeviceMath.Log(a), DeviceMath.Sqrt(a), DeviceMath.Tanh(a), DeviceMath.Sigmoid(a),
            DeviceMath.Abs(a), DeviceMath.Max(a, b), DeviceMath.Min(a, b),
        };

        public static float[] HostSingle(float a, float b) => new[]
        {
            DeviceMath.Exp(a), DeviceMath.Log(a), DeviceMath.Sqrt(a), DeviceMath.Tanh(a), DeviceMath.Sigmoid(a),
            DeviceMath.Abs(a), DeviceMath.Max(a, b), DeviceMath.Min(a, b),
        };

        // Calls that ILGPU's PTX backend cannot turn into instructions: the checks below must notice them.
        public static void CallsFusedMultiplyAdd(Index1D i, ArrayView<double> x) => x[i] = Math.FusedMultiplyAdd(x[i], x[i], 1.0);

        public static void CallsMathExp(Index1D i, ArrayView<double> x) => x[i] = Math.Exp(x[i]);
    }

    /// <summary>
    /// <see cref="DeviceMath"/>: accuracy against <see cref="Math"/> on the host (random arguments over the whole domain,
    /// dense float sweeps, special values), the same functions in a kernel on ILGPU's CPU accelerator, and that kernel
    /// compiled for PTX (no GPU needed) without calls to functions outside it.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class DeviceMathTests
    {
        private const double DoubleExpLogTolerance = 4e-16; // relative
        private const double DoubleTanhTolerance = 1e-15; // absolute and relative
        private const double DoubleSigmoidTolerance = 8e-16; // relative, against a reference that itself errs by ~2 ulp
        private const double SingleTolerance = 2e-7; // relative to the exact value

        private readonly TensorDevice _device;

        public DeviceMathTests(DeviceFixture fixture) => _device = fixture.Device;

        // ---- references and comparisons ------------------------------------------------------------------------------

        private static double SigmoidReference(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

        /// <summary>
        /// |actual − expected| ≤ max(relative·|expected|, absolute, floor); NaN, ±∞ and the sign of zero must match exactly.
        /// <paramref name="floor"/> is the spacing of subnormal results (one unit in their last place).
        /// </summary>
        private static string? Mismatch(double actual, double expected, double relative, double absolute, double floor)
        {
            if (double.IsNaN(expected)) return double.IsNaN(actual) ? null : "expected NaN";
            if (double.IsInfinity(expected) || expected == 0)
            {
                return BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected) ? null : "expected exactly this";
            }
            double bound = Math.Max(Math.Max(relative * Math.Abs(expected), absolute), floor);
            return Math.Abs(actual - expected) <= bound ? null : $"error {Math.Abs(actual - expected):g3} > {bound:g3}";
        }

        private static void Check(string what, double x, double actual, double expected, double relative, double absolute = 0)
        {
            string? why = Mismatch(actual, expected, relative, absolute, double.Epsilon);
            Assert.True(why == null, $"{what}({x:R}) = {actual:R}, expected {expected:R}: {why}");
        }

        /// <summary>A float result against the double-precision value (the exact one, to far better than float accuracy).</summary>
        private static void CheckSingle(string what, float x, float actual, double exact, double absolute = 0)
        {
            // A result that rounds to ±∞ or 0 in float must be exactly that.
            float rounded = (float)exact;
            string? why = float.IsInfinity(rounded) || (rounded == 0 && exact != 0)
                ? (actual == rounded ? null : "expected exactly the rounded value")
                : Mismatch(actual, exact, SingleTolerance, absolute, float.Epsilon);
            Assert.True(why == null, $"{what}({x:R}f) = {actual:R}, expected {exact:R}: {why}");
        }

        private static long Ordinal(float x) { int b = BitConverter.SingleToInt32Bits(x); return b >= 0 ? b : -(long)(b & 0x7fffffff); }

        private static float FromOrdinal(long o) => o >= 0 ? BitConverter.Int32BitsToSingle((int)o) : -BitConverter.Int32BitsToSingle((int)-o);

        /// <summary>About <paramref name="count"/> floats evenly spread (in bit order) over [lo, hi], both included.</summary>
        private static IEnumerable<float> Sweep(float lo, float hi, long count)
        {
            long a = Ordinal(lo), b = Ordinal(hi), step = Math.Max(1, (b - a) / count);
            for (long o = a; o < b; o += step) yield return FromOrdinal(o);
            yield return hi;
        }

        private static double Uniform(Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

        /// <summary>A positive double with uniformly random bits: every binade, subnormals included, equally likely.</summary>
        private static double AnyPositive(Random rng) => BitConverter.Int64BitsToDouble(rng.NextInt64(1, 0x7FF0000000000000L));

        // ---- host accuracy: double -----------------------------------------------------------------------------------

        [Fact]
        public void Double_exp_is_within_4e_16_of_Math_Exp_over_its_whole_range()
        {
            var rng = new Random(1);
            for (int t = 0; t < 200_000; t++)
            {
                double x = (t % 4) switch
                {
                    0 => Uniform(rng, -745.1, 709.78), // subnormal results below −708.4
                    1 => Uniform(rng, -2, 2),
                    2 => Uniform(rng, -1, 1) * Math.Pow(2, -rng.Next(1, 1075)),
                    _ => Uniform(rng, -50, 50),
                };
                Check("Exp", x, DeviceMath.Exp(x), Math.Exp(x), DoubleExpLogTolerance);
            }
        }

        [Fact]
        public void Double_log_is_within_4e_16_of_Math_Log_over_its_whole_range()
        {
            var rng = new Random(2);
            for (int t = 0; t < 200_000; t++)
            {
                double x = (t % 3) switch
                {
                    0 => AnyPositive(rng),
                    1 => 1 + Uniform(rng, -1, 1) * Math.Pow(2, -rng.Next(1, 54)), // log x near 0
                    _ => Uniform(rng, 0.5, 2),
                };
                Check("Log", x, DeviceMath.Log(x), Math.Log(x), DoubleExpLogTolerance);
            }
        }

        [Fact]
        public void Double_tanh_is_within_1e_15_of_Math_Tanh()
        {
            var rng = new Random(3);
            for (int t = 0; t < 200_000; t++)
            {
                double x = (t % 4) switch
                {
                    0 => Uniform(rng, -25, 25),
                    1 => Uniform(rng, -0.6, 0.6), // the polynomial, and both sides of its end at 0.5493
                    2 => Uniform(rng, -1, 1) * Math.Pow(2, -rng.Next(1, 1075)),
                    _ => Uniform(rng, 0.5, 0.6) * (rng.Next(2) * 2 - 1),
                };
                Check("Tanh", x, DeviceMath.Tanh(x), Math.Tanh(x), DoubleTanhTolerance, DoubleTanhTolerance);
            }
        }

        [Fact]
        public void Double_sigmoid_is_within_8e_16_of_the_reference()
        {
            var rng = new Random(4);
            for (int t = 0; t < 100_000; t++)
            {
                double x = t % 2 == 0 ? Uniform(rng, -750, 40) : Uniform(rng, -3, 3);
                Check("Sigmoid", x, DeviceMath.Sigmoid(x), SigmoidReference(x), DoubleSigmoidTolerance);
            }
        }

        [Fact]
        public void Double_sqrt_and_abs_equal_Math()
        {
            var rng = new Random(5);
            for (int t = 0; t < 10_000; t++)
            {
                double x = AnyPositive(rng) * (t % 2 == 0 ? 1 : -1);
                Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Sqrt(x)), BitConverter.DoubleToInt64Bits(DeviceMath.Sqrt(x)));
                Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Abs(x)), BitConverter.DoubleToInt64Bits(DeviceMath.Abs(x)));
            }
        }

        // ---- host accuracy: float, against the exact value -----------------------------------------------------------

        [Fact]
        public void Single_exp_is_within_2e_7_of_the_exact_value()
        {
            // Every 97th float, in bit order, from where the result underflows to 0 to where it overflows.
            foreach (float x in Sweep(-104.5f, 89.5f, 2_000_000)) CheckSingle("Exp", x, DeviceMath.Exp(x), Math.Exp(x));
        }

        [Fact]
        public void Single_log_is_within_2e_7_of_the_exact_value()
        {
            foreach (float x in Sweep(float.Epsilon, float.MaxValue, 1_000_000)) CheckSingle("Log", x, DeviceMath.Log(x), Math.Log(x));
            foreach (float x in Sweep(0.5f, 2f, 1_000_000)) CheckSingle("Log", x, DeviceMath.Log(x), Math.Log(x));
        }

        [Fact]
        public void Single_tanh_is_within_2e_7_of_the_exact_value()
        {
            foreach (float x in Sweep(-12f, 12f, 2_000_000)) CheckSingle("Tanh", x, DeviceMath.Tanh(x), Math.Tanh(x));
            foreach (float x in Sweep(0.5f, 2.5f, 1_000_000)) CheckSingle("Tanh", x, DeviceMath.Tanh(x), Math.Tanh(x));
        }

        [Fact]
        public void Single_sigmoid_is_within_2e_7_of_the_exact_value()
        {
            foreach (float x in Sweep(-110f, 30f, 2_000_000)) CheckSingle("Sigmoid", x, DeviceMath.Sigmoid(x), SigmoidReference(x));
            foreach (float x in Sweep(-3f, 3f, 1_000_000)) CheckSingle("Sigmoid", x, DeviceMath.Sigmoid(x), SigmoidReference(x));
        }

        [Fact]
        public void Single_sqrt_and_abs_equal_MathF()
        {
            foreach (float x in Sweep(-float.MaxValue, float.MaxValue, 200_000))
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Sqrt(x)), BitConverter.SingleToInt32Bits(DeviceMath.Sqrt(x)));
                Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Abs(x)), BitConverter.SingleToInt32Bits(DeviceMath.Abs(x)));
            }
        }

        // ---- special values ------------------------------------------------------------------------------------------

        private static readonly double[] SpecialDoubles =
        {
            double.NaN, -double.NaN, double.NegativeInfinity, double.PositiveInfinity, 0.0, -0.0, 1.0, -1.0,
            double.Epsilon, -double.Epsilon, 2.2250738585072014e-308, 1e-300, -1e-300, double.MaxValue, -double.MaxValue,
            709.78, 709.7827, 709.79, 710, 1000, -708, -708.4, -720, -745, -745.13, -745.14, -746, -1000,
            0.5493, 0.5494, -0.5493, 0.55, 22, 22.5, -22.5, 40, 1e-8, -1e-8, 2, Math.E,
        };

        private static readonly float[] SpecialSingles =
        {
            float.NaN, -float.NaN, float.NegativeInfinity, float.PositiveInfinity, 0f, -0f, 1f, -1f,
            float.Epsilon, -float.Epsilon, 1.17549435e-38f, 1e-30f, -1e-30f, float.MaxValue, -float.MaxValue,
            88.7228f, 88.72283f, 88.7229f, 89f, 100f, -87f, -87.3f, -88f, -100f, -103.9f, -103.98f, -104f, -110f,
            0.5493f, 0.75f, -0.75f, 1.25f, -1.25f, 2f, 9f, 10f, 10.5f, -10.5f, 1e-5f, -1e-5f, MathF.E,
        };

        [Fact]
        public void Double_special_values()
        {
            // Exact special values, independent of Math.
            Assert.Equal(0.0, DeviceMath.Exp(double.NegativeInfinity));
            Assert.Equal(double.PositiveInfinity, DeviceMath.Exp(710.0));
            Assert.Equal(double.PositiveInfinity, DeviceMath.Exp(double.PositiveInfinity));
            Assert.True(double.IsNaN(DeviceMath.Exp(double.NaN)));
            Assert.Equal(1.0, DeviceMath.Exp(0.0));
            Assert.True(DeviceMath.Exp(-720.0) is > 0 and < 2.2250738585072014e-308); // subnormal, not flushed
            Assert.Equal(double.NegativeInfinity, DeviceMath.Log(0.0));
            Assert.Equal(double.NegativeInfinity, DeviceMath.Log(-0.0));
            Assert.True(double.IsNaN(DeviceMath.Log(-1.0)));
            Assert.True(double.IsNaN(DeviceMath.Log(double.NegativeInfinity)));
            Assert.True(double.IsNaN(DeviceMath.Log(double.NaN)));
            Assert.Equal(double.PositiveInfinity, DeviceMath.Log(double.PositiveInfinity));
            Assert.Equal(0.0, DeviceMath.Log(1.0));
            Assert.Equal(1.0, DeviceMath.Tanh(double.PositiveInfinity));
            Assert.Equal(-1.0, DeviceMath.Tanh(double.NegativeInfinity));
            Assert.Equal(1.0, DeviceMath.Tanh(double.MaxValue));
            Assert.True(double.IsNaN(DeviceMath.Tanh(double.NaN)));
            Assert.True(double.IsNegative(DeviceMath.Tanh(-0.0)));
            Assert.Equal(0.0, DeviceMath.Sigmoid(double.NegativeInfinity));
            Assert.Equal(1.0, DeviceMath.Sigmoid(double.PositiveInfinity));
            Assert.Equal(0.5, DeviceMath.Sigmoid(0.0));
            Assert.True(double.IsNaN(DeviceMath.Sigmoid(double.NaN)));

            // And every function against Math on the special arguments.
            foreach (double x in SpecialDoubles)
            {
                Check("Exp", x, DeviceMath.Exp(x), Math.Exp(x), DoubleExpLogTolerance);
                Check("Log", x, DeviceMath.Log(x), Math.Log(x), DoubleExpLogTolerance);
                Check("Tanh", x, DeviceMath.Tanh(x), Math.Tanh(x), DoubleTanhTolerance, DoubleTanhTolerance);
                Check("Sigmoid", x, DeviceMath.Sigmoid(x), SigmoidReference(x), DoubleSigmoidTolerance);
                Check("Sqrt", x, DeviceMath.Sqrt(x), Math.Sqrt(x), 0);
                Check("Abs", x, DeviceMath.Abs(x), Math.Abs(x), 0);
            }
        }

        [Fact]
        public void Single_special_values()
        {
            Assert.Equal(0.0f, DeviceMath.Exp(float.NegativeInfinity));
            Assert.Equal(float.PositiveInfinity, DeviceMath.Exp(89.0f));
            Assert.Equal(float.PositiveInfinity, DeviceMath.Exp(float.PositiveInfinity));
            Assert.True(float.IsNaN(DeviceMath.Exp(float.NaN)));
            Assert.Equal(1.0f, DeviceMath.Exp(0.0f));
            Assert.True(DeviceMath.Exp(-100.0f) is > 0 and < 1.17549435e-38f);
            Assert.Equal(float.NegativeInfinity, DeviceMath.Log(0.0f));
            Assert.Equal(float.NegativeInfinity, DeviceMath.Log(-0.0f));
            Assert.True(float.IsNaN(DeviceMath.Log(-1.0f)));
            Assert.True(float.IsNaN(DeviceMath.Log(float.NegativeInfinity)));
            Assert.True(float.IsNaN(DeviceMath.Log(float.NaN)));
            Assert.Equal(float.PositiveInfinity, DeviceMath.Log(float.PositiveInfinity));
            Assert.Equal(0.0f, DeviceMath.Log(1.0f));
            Assert.Equal(1.0f, DeviceMath.Tanh(float.PositiveInfinity));
            Assert.Equal(-1.0f, DeviceMath.Tanh(float.NegativeInfinity));
            Assert.True(float.IsNaN(DeviceMath.Tanh(float.NaN)));
            Assert.True(float.IsNegative(DeviceMath.Tanh(-0.0f)));
            Assert.Equal(0.0f, DeviceMath.Sigmoid(float.NegativeInfinity));
            Assert.Equal(1.0f, DeviceMath.Sigmoid(float.PositiveInfinity));
            Assert.Equal(0.5f, DeviceMath.Sigmoid(0.0f));
            Assert.True(float.IsNaN(DeviceMath.Sigmoid(float.NaN)));

            foreach (float x in SpecialSingles)
            {
                CheckSingle("Exp", x, DeviceMath.Exp(x), Math.Exp(x));
                CheckSingle("Log", x, DeviceMath.Log(x), Math.Log(x));
                CheckSingle("Tanh", x, DeviceMath.Tanh(x), Math.Tanh(x));
                CheckSingle("Sigmoid", x, DeviceMath.Sigmoid(x), SigmoidReference(x));
                Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Sqrt(x)), BitConverter.SingleToInt32Bits(DeviceMath.Sqrt(x)));
                Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Abs(x)), BitConverter.SingleToInt32Bits(DeviceMath.Abs(x)));
            }
        }

        [Fact]
        public void Max_and_min_match_Math_bit_for_bit_including_NaN_and_signed_zeros()
        {
            double[] values = { double.NaN, double.NegativeInfinity, -1.5, -double.Epsilon, -0.0, 0.0, double.Epsilon, 1.5, double.PositiveInfinity };
            foreach (double a in values)
            {
                foreach (double b in values)
                {
                    double max = DeviceMath.Max(a, b), min = DeviceMath.Min(a, b);
                    if (double.IsNaN(a) || double.IsNaN(b))
                    {
                        Assert.True(double.IsNaN(max) && double.IsNaN(min), $"Max/Min({a}, {b}) must be NaN");
                        Assert.True(float.IsNaN(DeviceMath.Max((float)a, (float)b)) && float.IsNaN(DeviceMath.Min((float)a, (float)b)));
                        continue;
                    }
                    Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Max(a, b)), BitConverter.DoubleToInt64Bits(max));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Min(a, b)), BitConverter.DoubleToInt64Bits(min));
                    float fa = (float)a, fb = (float)b;
                    Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Max(fa, fb)), BitConverter.SingleToInt32Bits(DeviceMath.Max(fa, fb)));
                    Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Min(fa, fb)), BitConverter.SingleToInt32Bits(DeviceMath.Min(fa, fb)));
                }
            }
        }

        [Fact]
        public void Attention_exp_is_DeviceMath_exp_above_its_flush_threshold_and_zero_below()
        {
            var rng = new Random(6);
            for (int t = 0; t < 20_000; t++)
            {
                double x = -Uniform(rng, 0, 708);
                Assert.Equal(BitConverter.DoubleToInt64Bits(DeviceMath.Exp(x)), BitConverter.DoubleToInt64Bits(AttentionKernelMath.Exp(x)));
                float f = (float)-Uniform(rng, 0, 87);
                Assert.Equal(BitConverter.SingleToInt32Bits(DeviceMath.Exp(f)), BitConverter.SingleToInt32Bits(AttentionKernelMath.Exp(f)));
            }
            Assert.Equal(0.0, AttentionKernelMath.Exp(-708.5));
            Assert.Equal(0.0, AttentionKernelMath.Exp(double.NegativeInfinity));
            Assert.Equal(0.0f, AttentionKernelMath.Exp(-87.5f));
            Assert.Equal(0.0f, AttentionKernelMath.Exp(float.NegativeInfinity));
            Assert.Equal(1.0, AttentionKernelMath.Exp(0.0));
            Assert.Equal(1.0f, AttentionKernelMath.Exp(-0.0f));
        }

        // ---- the kernel on ILGPU's CPU accelerator -------------------------------------------------------------------

        private static double[] KernelArguments(Random rng, int random)
        {
            var x = new List<double>(SpecialDoubles);
            for (int t = 0; t < random; t++)
            {
                x.Add((t % 3) switch
                {
                    0 => Uniform(rng, -750, 712),
                    1 => Uniform(rng, -3, 3),
                    _ => AnyPositive(rng) * (rng.Next(2) * 2 - 1),
                });
            }
            return x.ToArray();
        }

        [Fact]
        public void Double_kernel_on_the_CPU_accelerator_matches_the_host_and_Math()
        {
            var rng = new Random(7);
            double[] x = KernelArguments(rng, 3000);
            double[] y = x.Select((_, i) => x[(i * 7 + 3) % x.Length]).ToArray();
            var accelerator = _device.Accelerator;
            var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>>(DeviceMathKernels.ApplyDouble);
            using var bx = accelerator.Allocate1D(x);
            using var by = accelerator.Allocate1D(y);
            using var bo = accelerator.Allocate1D<double>(x.Length * DeviceMathKernels.Functions);
            kernel(x.Length, bx.View, by.View, bo.View);
            accelerator.Synchronize();
            double[] output = bo.GetAsArray1D();

            for (int i = 0; i < x.Length; i++)
            {
                double a = x[i], b = y[i];
                double[] host = DeviceMathKernels.HostDouble(a, b);
                double[] math = { Math.Exp(a), Math.Log(a), Math.Sqrt(a), Math.Tanh(a), SigmoidReference(a), Math.Abs(a), Math.Max(a, b), Math.Min(a, b) };
                double[] relative = { DoubleExpLogTolerance, DoubleExpLogTolerance, 0, DoubleTanhTolerance, DoubleSigmoidTolerance, 0, 0, 0 };
                for (int f = 0; f < DeviceMathKernels.Functions; f++)
                {
                    double actual = output[i * DeviceMathKernels.Functions + f];
                    string what = DeviceMathKernels.Names[f];
                    Assert.True(BitConverter.DoubleToInt64Bits(host[f]) == BitConverter.DoubleToInt64Bits(actual) || (double.IsNaN(host[f]) && double.IsNaN(actual)),
                        $"kernel {what}({a:R}, {b:R}) = {actual:R}, host {host[f]:R}");
                    Check(what, a, actual, math[f], relative[f], f == 3 ? DoubleTanhTolerance : 0);
                }
            }
        }

        [Fact]
        public void Single_kernel_on_the_CPU_accelerator_matches_the_host_and_Math()
        {
            var rng = new Random(8);
            var list = new List<float>(SpecialSingles);
            for (int t = 0; t < 3000; t++)
            {
                list.Add((t % 3) switch
                {
                    0 => (float)Uniform(rng, -110, 92),
                    1 => (float)Uniform(rng, -3, 3),
                    _ => (float)(AnyPositive(rng) * (rng.Next(2) * 2 - 1)),
                });
            }
            float[] x = list.ToArray();
            float[] y = x.Select((_, i) => x[(i * 7 + 3) % x.Length]).ToArray();
            var accelerator = _device.Accelerator;
            var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(DeviceMathKernels.ApplySingle);
            using var bx = accelerator.Allocate1D(x);
            using var by = accelerator.Allocate1D(y);
            using var bo = accelerator.Allocate1D<float>(x.Length * DeviceMathKernels.Functions);
            kernel(x.Length, bx.View, by.View, bo.View);
            accelerator.Synchronize();
            float[] output = bo.GetAsArray1D();

            for (int i = 0; i < x.Length; i++)
            {
                float a = x[i], b = y[i];
                float[] host = DeviceMathKernels.HostSingle(a, b);
                for (int f = 0; f < DeviceMathKernels.Functions; f++)
                {
                    float actual = output[i * DeviceMathKernels.Functions + f];
                    string what = DeviceMathKernels.Names[f];
                    Assert.True(BitConverter.SingleToInt32Bits(host[f]) == BitConverter.SingleToInt32Bits(actual) || (float.IsNaN(host[f]) && float.IsNaN(actual)),
                        $"kernel {what}({a:R}, {b:R}) = {actual:R}, host {host[f]:R}");
                }
                CheckSingle("Exp", a, output[i * DeviceMathKernels.Functions], Math.Exp(a));
                CheckSingle("Log", a, output[i * DeviceMathKernels.Functions + 1], Math.Log(a));
                CheckSingle("Tanh", a, output[i * DeviceMathKernels.Functions + 3], Math.Tanh(a));
                CheckSingle("Sigmoid", a, output[i * DeviceMathKernels.Functions + 4], SigmoidReference(a));
                float[] exact = { MathF.Sqrt(a), MathF.Abs(a), MathF.Max(a, b), MathF.Min(a, b) };
                int[] slots = { 2, 5, 6, 7 };
                for (int s = 0; s < slots.Length; s++)
                {
                    float actual = output[i * DeviceMathKernels.Functions + slots[s]];
                    Assert.True(BitConverter.SingleToInt32Bits(exact[s]) == BitConverter.SingleToInt32Bits(actual) || (float.IsNaN(exact[s]) && float.IsNaN(actual)),
                        $"kernel {DeviceMathKernels.Names[slots[s]]}({a:R}, {b:R}) = {actual:R}, MathF {exact[s]:R}");
                }
            }
        }

        // ---- PTX compilation (no GPU needed) -------------------------------------------------------------------------

        private static string CompilePtx(string kernelName)
        {
            var kernel = typeof(DeviceMathKernels).GetMethod(kernelName, BindingFlags.Public | BindingFlags.Static)!;
            return Ptx.Compile(kernel, explicitlyGrouped: false);
        }

        /// <summary>Calls to functions the module declares but does not define (what <c>Math.FusedMultiplyAdd</c> turns into).</summary>
        private static string[] ExternalCalls(string ptx)
            => Regex.Matches(ptx, @"^\s*(\.extern\s+\.func[^\n]*|call(\.uni)?\b[^\n]*)", RegexOptions.Multiline).Select(m => m.Value.Trim()).ToArray();

        [Theory]
        [InlineData(nameof(DeviceMathKernels.ApplySingle), "f32")]
        [InlineData(nameof(DeviceMathKernels.ApplyDouble), "f64")]
        public void Kernel_compiles_to_PTX_with_no_calls_and_native_sqrt_and_abs(string kernelName, string type)
        {
            string ptx = CompilePtx(kernelName);
            Assert.Contains(".entry", ptx);
            Assert.Empty(ExternalCalls(ptx));
            Assert.DoesNotContain(".func", ptx); // no device functions at all: everything is inlined
            // Math.Sqrt / MathF.Sqrt and Math.Abs / MathF.Abs are PTX instructions.
            Assert.Contains($"sqrt.rn.{type}", ptx);
            Assert.Contains($"abs.{type}", ptx);
            // Max and Min are comparisons, not PTX max/min (which would drop NaN).
            Assert.DoesNotMatch($@"\b(max|min)\.{type}\b", ptx);
            if (type == "f32") Assert.DoesNotMatch(@"\.f64\b", ptx); // the float functions never widen to double
            // No arithmetic on an infinite constant: ILGPU folds p · 2^127 · 2 (or 2^1023 · 2) into p · ∞, which would
            // make Exp overflow just below ln(MaxValue) on a GPU while the CPU accelerator (running the IL) is right.
            Assert.DoesNotMatch(@"\b(mul|add|sub|fma|div)\.[^\n]*(0f7F800000|0d7FF0000000000000)", ptx);
        }

        [Fact]
        public void The_PTX_check_sees_a_call_to_an_external_math_function()
        {
            string ptx = CompilePtx(nameof(DeviceMathKernels.CallsFusedMultiplyAdd));
            Assert.NotEmpty(ExternalCalls(ptx));
        }

        [Fact]
        public void Math_Exp_itself_does_not_compile_to_PTX_in_this_ILGPU()
            => Assert.ThrowsAny<Exception>(() => CompilePtx(nameof(DeviceMathKernels.CallsMathExp)));
    }
}
