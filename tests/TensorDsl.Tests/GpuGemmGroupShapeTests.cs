using System;
using System.Linq;
using ILGPU.Runtime.CPU;
using TensorDsl.Gpu.Contraction;
using Xunit;

namespace TensorDsl.Tests
{
    /// <summary>A CPU accelerator whose groups hold 256 threads, as a GPU's do: the tiled kernels run 16 × 16 groups and 64 × 64 tiles.</summary>
    public sealed class GpuSizedGroupsFixture : IDisposable
    {
        public TensorDevice Device { get; } = CreateDevice();

        private static TensorDevice CreateDevice()
        {
            var device = TensorDevice.CreateCpuEmulating(CPUDevice.AMD);
            device.PicksKernelsAsOnAGpu = true; // the tiled kernel, as on a GPU
            return device;
        }

        public void Dispose() => Device.Dispose();
    }

    /// <summary>
    /// The tiled GEMM kernels with the group shape they get on a GPU (16 × 16 threads, 4 × 4 per thread, 64 × 64 tiles of C),
    /// on ILGPU's CPU accelerator configured with 256-thread groups, against the interpreter.
    /// </summary>
    public sealed class GpuGemmGroupShapeTests : IClassFixture<GpuSizedGroupsFixture>
    {
        private const double DoubleTolerance = 1e-12;
        private readonly TensorDevice _device;
        private readonly Random _rng = new Random(99);

        public GpuGemmGroupShapeTests(GpuSizedGroupsFixture fixture) => _device = fixture.Device;

        private double[] Data(params nint[] lengths) => TestData.Random(_rng, lengths);

        [Fact]
        public void The_device_gets_16_by_16_groups()
            => Assert.Equal(ContractionMetadata.MaxGroupSide, ContractionMetadata.GroupSideFor(_device.Accelerator, sizeof(double)));

        [Theory]
        [InlineData(130, 65, 33)]
        [InlineData(1, 130, 7)]
        [InlineData(65, 1, 130)]
        public void MatMul_matches_the_interpreter(int m, int n, int k)
        {
            var a = Data(m, k);
            var b = Data(k, n);
            var expected = TestData.Expected("ij,jk->ik", TestData.Host(a, m, k), TestData.Host(b, k, n));
            using var fa = _device.Upload(TestData.ToFloat(a), m, k);
            using var fb = _device.Upload(TestData.ToFloat(b), k, n);
            using var fc = _device.Upload(TestData.ToFloat(Data(m, n)), m, n);
            GpuGemmKernels.MatMul(_device, fa, fb, fc);
            TestData.AssertClose(expected, fc.ToArray());
        }

        [Fact]
        public void Transposed_operands_and_views_match_the_interpreter()
        {
            var a = Data(17, 70); // "ji": 70 rows, 17 summed
            var b = Data(66, 17); // "kj": 66 columns
            using var da = _device.Upload(a, 17, 70);
            using var db = _device.Upload(b, 66, 17);
            using var cT = _device.Allocate<double>(66, 70);
            using var c = cT.Transpose();
            GpuGemmKernels.TransposedOperands(_device, da, db, c);
            TestData.AssertClose(TestData.Expected("ji,kj->ik", TestData.Host(a, 17, 70), TestData.Host(b, 66, 17)), c.ToArray(), DoubleTolerance);
        }

        [Fact]
        public void Batched_attention_scores_and_accumulation_match_the_interpreter()
        {
            var q = Data(2, 2, 65, 24);
            var k = Data(2, 2, 70, 24);
            using var dq = _device.Upload(TestData.ToFloat(q), 2, 2, 65, 24);
            using var dk = _device.Upload(TestData.ToFloat(k), 2, 2, 70, 24);
            using var ds = _device.Allocate<float>(2, 2, 65, 70);
            GpuGemmKernels.AttentionScores(_device, dq, dk, ds);
            TestData.AssertClose(TestData.Expected("bhqd,bhkd->bhqk", TestData.Host(q, 2, 2, 65, 24), TestData.Host(k, 2, 2, 70, 24)), ds.ToArray());

            var a = Data(3, 9, 40);
            var b = Data(3, 40, 66);
            var c0 = Data(3, 9, 66);
            using var da = _device.Upload(a, 3, 9, 40);
            using var db = _device.Upload(b, 3, 40, 66);
            using var dc = _device.Upload(c0, 3, 9, 66);
            GpuGemmKernels.BatchedAdd(_device, da, db, dc);
            var product = TestData.Expected("bij,bjk->bik", TestData.Host(a, 3, 9, 40), TestData.Host(b, 3, 40, 66));
            TestData.AssertClose(product.Select((x, p) => x + c0[p]).ToArray(), dc.ToArray(), DoubleTolerance);
        }
    }
}
