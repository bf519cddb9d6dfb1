using System;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Equivariant;
using TensorDsl.Gpu.Equivariant;
using Xunit;

namespace TensorDsl.Tests.GpuEquivariant
{
    /// <summary>
    /// <see cref="DeviceGauntFourier.ManyBody(TensorDevice, int, int, int, DeviceTensor{double}, DeviceTensor{double}, DeviceTensor{double})"/>
    /// on ILGPU's CPU accelerator against repeated dense Gaunt products (<see cref="GauntDenseOracle"/>, every intermediate kept
    /// to its full degree), weighted per power, channel and degree; strided weights; the global work area; argument errors
    /// compared with the CPU's <see cref="GauntFourier.ManyBody(int, int, int, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, TensorSpan{double})"/>.
    /// </summary>
    [Collection(DeviceCollection.Name)]
    public sealed class DeviceGauntManyBodyTests
    {
        private readonly TensorDevice _device;

        public DeviceGauntManyBodyTests(DeviceFixture fixture) => _device = fixture.Device;

        private static int Size(int l) => GauntDenseOracle.Size(l);

        /// <summary>z[r, lm] = Σ_n weights[n−1, r % channels, l]·(x^{⊗n})[r, lm], the powers by repeated dense products.</summary>
        private static double[] Oracle(int l, int nu, int lOut, double[] x, double[] weights, int rows, int channels)
        {
            var powers = new double[nu][];
            powers[0] = x;
            for (int n = 2; n <= nu; n++) powers[n - 1] = GauntDenseOracle.Product((n - 1) * l, l, n * l, powers[n - 2], x, rows);
            var z = new double[rows * Size(lOut)];
            for (int r = 0; r < rows; r++)
            {
                int c = r % channels;
                for (int n = 1; n <= nu; n++)
                {
                    int size = Size(n * l);
                    for (int i = 0; i < Math.Min(size, Size(lOut)); i++)
                    {
                        int degree = (int)Math.Sqrt(i);
                        z[r * Size(lOut) + i] += weights[((n - 1) * channels + c) * (lOut + 1) + degree] * powers[n - 1][r * size + i];
                    }
                }
            }
            return z;
        }

        private double[] Run<T>(int l, int nu, int lOut, double[] x, double[] weights, int batch, int channels) where T : unmanaged
        {
            using var dx = _device.Upload(DeviceGauntFourierTests.Convert<T>(x), batch, channels, Size(l));
            using var dw = _device.Upload(DeviceGauntFourierTests.Convert<T>(weights), nu, channels, lOut + 1);
            using var dz = _device.Upload(DeviceGauntFourierTests.Convert<T>(Enumerable.Repeat(double.NaN, batch * channels * Size(lOut)).ToArray()), batch, channels, Size(lOut));
            if (typeof(T) == typeof(double))
            {
                DeviceGauntFourier.ManyBody(_device, l, nu, lOut, (DeviceTensor<double>)(object)dx, (DeviceTensor<double>)(object)dw, (DeviceTensor<double>)(object)dz);
            }
            else
            {
                DeviceGauntFourier.ManyBody(_device, l, nu, lOut, (DeviceTensor<float>)(object)dx, (DeviceTensor<float>)(object)dw, (DeviceTensor<float>)(object)dz);
            }
            return DeviceGauntFourierTests.ToDouble(dz.ToArray());
        }

        [Theory]
        [InlineData(1, 3, 1)]
        [InlineData(2, 3, 4)]
        [InlineData(2, 3, 6)]
        [InlineData(3, 2, 6)]
        [InlineData(1, 4, 4)]
        [InlineData(0, 3, 0)]
        [InlineData(2, 1, 2)]
        [InlineData(3, 3, 5)]
        [InlineData(4, 2, 3)]
        public void Matches_repeated_dense_products(int l, int nu, int lOut)
        {
            var rng = new Random(51 + 7 * l + nu);
            const int batch = 2, channels = 3, rows = batch * channels;
            double[] x = TestData.ToDouble(TestData.ToFloat(TestData.Random(rng, rows * Size(l))));
            double[] weights = TestData.ToDouble(TestData.ToFloat(TestData.Random(rng, nu * channels * (lOut + 1))));
            double[] expected = Oracle(l, nu, lOut, x, weights, rows, channels);
            double error = DeviceGauntFourierTests.RelativeError(expected, Run<double>(l, nu, lOut, x, weights, batch, channels));
            Assert.True(error < 1e-10, $"double: relative error {error:e2}");
            error = DeviceGauntFourierTests.RelativeError(expected, Run<float>(l, nu, lOut, x, weights, batch, channels));
            Assert.True(error < 1e-4, $"float: relative error {error:e2}");
        }

        [Fact]
        public void Global_work_area_and_strided_weights_give_the_same_result()
        {
            var rng = new Random(52);
            const int l = 2, nu = 3, lOut = 5, channels = 4;
            double[] x = TestData.Random(rng, channels * Size(l));
            double[] weights = TestData.Random(rng, nu * channels * (lOut + 1));
            double[] expected = Oracle(l, nu, lOut, x, weights, channels, channels);
            // The weights stored as [channels, ν, lOut + 1] and viewed as [ν, channels, lOut + 1].
            double[] stored = new double[weights.Length];
            for (int n = 0; n < nu; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    for (int d = 0; d <= lOut; d++) stored[(c * nu + n) * (lOut + 1) + d] = weights[(n * channels + c) * (lOut + 1) + d];
                }
            }
            using var dx = _device.Upload(x, channels, Size(l));
            using var ws = _device.Upload(stored, channels, nu, lOut + 1);
            using var dw = ws.Permute(1, 0, 2);
            using var dz = _device.Allocate<double>(channels, Size(lOut));
            try
            {
                DeviceGauntFourier.ForceGlobal = true;
                DeviceGauntFourier.ManyBody(_device, l, nu, lOut, dx, dw, dz);
            }
            finally
            {
                DeviceGauntFourier.ForceGlobal = false;
            }
            Assert.True(DeviceGauntFourierTests.RelativeError(expected, dz.ToArray()) < 1e-12);
        }

        /// <summary>(l, ν, lOut, x shape, weights shape, z shape).</summary>
        public static TheoryData<int, int, int, nint[], nint[], nint[]> BadCalls() => new()
        {
            { -1, 2, 0, new nint[] { 2, 1 }, new nint[] { 2, 2, 1 }, new nint[] { 2, 1 } },  // negative degree
            { 1, 0, 0, new nint[] { 2, 4 }, new nint[] { 0, 2, 1 }, new nint[] { 2, 1 } },   // ν = 0
            { 1, 17, 0, new nint[] { 2, 4 }, new nint[] { 17, 2, 1 }, new nint[] { 2, 1 } }, // ν above 16
            { 9, 8, 0, new nint[] { 2, 100 }, new nint[] { 8, 2, 1 }, new nint[] { 2, 1 } }, // ν·l above 64
            { 1, 2, 3, new nint[] { 2, 4 }, new nint[] { 2, 2, 4 }, new nint[] { 2, 16 } },  // lOut above ν·l
            { 1, 2, 2, new nint[] { 4 }, new nint[] { 2, 1, 3 }, new nint[] { 9 } },         // no channel axis
            { 1, 2, 2, new nint[] { 2, 5 }, new nint[] { 2, 2, 3 }, new nint[] { 2, 9 } },   // x's last axis
            { 1, 2, 2, new nint[] { 2, 4 }, new nint[] { 2, 2, 3 }, new nint[] { 2, 8 } },   // z's last axis
            { 1, 2, 2, new nint[] { 2, 4 }, new nint[] { 2, 3, 3 }, new nint[] { 2, 9 } },   // weights' channels
            { 1, 2, 2, new nint[] { 2, 4 }, new nint[] { 2, 2, 2 }, new nint[] { 2, 9 } },   // weights' degrees
            { 1, 2, 2, new nint[] { 2, 4 }, new nint[] { 2, 2, 3 }, new nint[] { 1, 2, 9 } }, // z's rank
            { 1, 2, 2, new nint[] { 3, 2, 4 }, new nint[] { 2, 2, 3 }, new nint[] { 1, 2, 9 } }, // z's leading length
        };

        [Theory]
        [MemberData(nameof(BadCalls))]
        public void Rejects_what_the_CPU_rejects_with_the_same_message_and_writes_nothing(int l, int nu, int lOut, nint[] xs, nint[] ws, nint[] zs)
        {
            var cpu = Record(() => GauntFourier.ManyBody(l, nu, lOut,
                new ReadOnlyTensorSpan<double>(new double[TestData.Product(xs)], xs),
                new ReadOnlyTensorSpan<double>(new double[TestData.Product(ws)], ws),
                new TensorSpan<double>(new double[TestData.Product(zs)], zs)));
            double[] zData = Enumerable.Range(0, (int)TestData.Product(zs)).Select(i => 3.0 + i).ToArray();
            using var x = _device.Upload(new double[TestData.Product(xs)], xs);
            using var w = _device.Upload(new double[TestData.Product(ws)], ws);
            using var z = _device.Upload(zData, zs);
            var gpu = Record(() => DeviceGauntFourier.ManyBody(_device, l, nu, lOut, x, w, z));
            Assert.NotNull(cpu);
            Assert.NotNull(gpu);
            Assert.Equal(cpu!.GetType(), gpu!.GetType());
            Assert.Equal(((ArgumentException)cpu).ParamName, ((ArgumentException)gpu).ParamName);
            Assert.Equal(cpu.Message, gpu.Message);
            Assert.Equal(zData, z.ToArray());
        }

        private static Exception? Record(Action action)
        {
            try
            {
                action();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }
}
