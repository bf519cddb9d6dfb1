using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using TensorDsl.Benchmarks.Kernels;
using TensorDsl.Benchmarks.Peers;

namespace TensorDsl.Benchmarks.Suites
{
    /// <summary>BenchmarkDotNet suite: float matrix products, TensorDsl against the naive loop nest.</summary>
    [MemoryDiagnoser]
    public class GemmBenchmarks
    {
        private float[] _a = null!, _b = null!, _c = null!;

        [Params(256, 512, 1024)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            var rng = new System.Random(1);
            _a = new float[N * N];
            _b = new float[N * N];
            _c = new float[N * N];
            for (int i = 0; i < _a.Length; i++)
            {
                _a[i] = (float)rng.NextDouble();
                _b[i] = (float)rng.NextDouble();
            }
        }

        [Benchmark(Baseline = true)]
        public void TensorDsl()
        {
            nint[] shape = { N, N };
            BenchmarkKernels.MatMul(new ReadOnlyTensorSpan<float>(_a, shape), new ReadOnlyTensorSpan<float>(_b, shape), new TensorSpan<float>(_c, shape));
        }

        [Benchmark]
        public void Naive() => NaiveLoops.MatMul(_a, _b, _c, N);
    }
}
