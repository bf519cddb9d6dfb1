using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Numerics;
using System.Numerics.Tensors;
using TensorDsl.Examples.Report;

namespace TensorDsl.Examples.Attention
{
    /// <summary>
    /// The attention programs: scaled dot-product, exact tensor attention, its polynomial approximation, and 2-simplicial
    /// attention with causal windows. Each fused kernel is checked against the interpreter
    /// (<see cref="TensorProgram.Evaluate"/>) at a size the interpreter handles, on the CPU and on the GPU overload, then timed
    /// at a realistic size.
    /// </summary>
    public static class AttentionExamples
    {
        private const double FloatTolerance = 1e-4, DoubleTolerance = 1e-10;

        /// <summary>Runs every attention example, adding rows to <paramref name="table"/>.</summary>
        public static void Run(ResultTable table, TensorDevice device)
        {
            string gpu = DeviceLabel.Of(device);
            var rng = new Random(2023);

            // Scaled dot-product attention.
            foreach (bool onGpu in new[] { false, true })
            {
                int n = onGpu ? 64 : 256;
                var x = Operands.Random(rng, ("q", n, 64), ("k", n, 64), ("v", n, 64));
                CheckBoth(table, x, "scaled dot-product", onGpu ? gpu : "cpu", $"n={n} d=64", AttentionKernels.ScaledDotProductProgram, n, 64,
                    scalars: new() { ["scale"] = 0.125 },
                    cpuF: (a, o) => AttentionKernels.ScaledDotProduct(a[0], a[1], a[2], 0.125f, o),
                    cpuD: (a, o) => AttentionKernels.ScaledDotProduct(a[0], a[1], a[2], 0.125, o),
                    gpuF: onGpu ? (t, o) => AttentionKernels.ScaledDotProduct(device, t[0], t[1], t[2], 0.125f, o) : null,
                    gpuD: onGpu ? (t, o) => AttentionKernels.ScaledDotProduct(device, t[0], t[1], t[2], 0.125, o) : null, device);
            }

            // Exact tensor attention, fused: the n×n×n score tensor is never stored.
            foreach (bool onGpu in new[] { false, true })
            {
                int n = onGpu ? 24 : 48;
                var x = Operands.Random(rng, ("q", n, 16), ("k1", n, 16), ("k2", n, 16), ("v1", n, 16), ("v2", n, 16));
                CheckBoth(table, x, "tensor attention (fused)", onGpu ? gpu : "cpu", $"n={n} d=16", AttentionKernels.TensorAttentionProgram, n, 16,
                    scalars: new() { ["scale"] = 0.25 },
                    cpuF: (a, o) => AttentionKernels.TensorAttention(a[0], a[1], a[2], a[3], a[4], 0.25f, o),
                    cpuD: (a, o) => AttentionKernels.TensorAttention(a[0], a[1], a[2], a[3], a[4], 0.25, o),
                    gpuF: onGpu ? (t, o) => AttentionKernels.TensorAttention(device, t[0], t[1], t[2], t[3], t[4], 0.25f, o) : null,
                    gpuD: onGpu ? (t, o) => AttentionKernels.TensorAttention(device, t[0], t[1], t[2], t[3], t[4], 0.25, o) : null, device);
            }

            // 2-simplicial attention with causal windows (loop bounds, not masks).
            foreach (bool onGpu in new[] { false, true })
            {
                int n = onGpu ? 24 : 64;
                const int w1 = 7, w2 = 4;
                var x = Operands.Random(rng, ("q", n, 8), ("k1", n, 8), ("k2", n, 8), ("v1", n, 8), ("v2", n, 8));
                double scale = 1 / Math.Sqrt(8);
                CheckBoth(table, x, "2-simplicial w1=7 w2=4", onGpu ? gpu : "cpu", $"n={n} d=8", AttentionKernels.SimplicialProgram, n, 8,
                    scalars: new() { ["scale"] = scale, ["w1"] = w1, ["w2"] = w2 },
                    cpuF: (a, o) => AttentionKernels.SimplicialAttention(a[0], a[1], a[2], a[3], a[4], (float)scale, w1, w2, o),
                    cpuD: (a, o) => AttentionKernels.SimplicialAttention(a[0], a[1], a[2], a[3], a[4], scale, w1, w2, o),
                    gpuF: onGpu ? (t, o) => AttentionKernels.SimplicialAttention(device, t[0], t[1], t[2], t[3], t[4], (float)scale, w1, w2, o) : null,
                    gpuD: onGpu ? (t, o) => AttentionKernels.SimplicialAttention(device, t[0], t[1], t[2], t[3], t[4], scale, w1, w2, o) : null, device);
            }

            Console.WriteLine();
            TensorAttentionAtScale();
            Console.WriteLine();
            ApproximateTensorAttention(table);
            Console.WriteLine();
            SimplicialWindows();
        }

        // Check float and double; the row reports the worse relative error against its own tolerance.
        private static void CheckBoth(ResultTable table, Operands x, string name, string backend, string shape, string program, int n, int d,
            Dictionary<string, object> scalars,
            Action<Host<float>, TensorSpan<float>> cpuF, Action<Host<double>, TensorSpan<double>> cpuD,
            Action<DeviceTensor<float>[], DeviceTensor<float>>? gpuF, Action<DeviceTensor<double>[], DeviceTensor<double>>? gpuD, TensorDevice device)
        {
            var args = new Dictionary<string, object>(scalars);
            foreach (var (nm, data, rows, cols) in x.Tensors) args[nm] = Tensor.Create(data, new nint[] { rows, cols });
            var expected = TensorProgram.Evaluate(program, args)["o"].ToArray();
            var outF = new float[n * d];
            var outD = new double[n * d];
            double ms, msD;
            if (gpuF is null || gpuD is null)
            {
                var inF = x.Tensors.Select(t => t.Data.Select(v => (float)v).ToArray()).ToArray();
                var inD = x.Tensors.Select(t => t.Data).ToArray();
                nint[] shapeOf(int i) => new nint[] { x.Tensors[i].Rows, x.Tensors[i].Cols };
                var hostF = new Host<float>(inF, Enumerable.Range(0, inF.Length).Select(shapeOf).ToArray());
                var hostD = new Host<double>(inD, hostF.Shapes);
                ms = Median(() => cpuF(hostF, new TensorSpan<float>(outF, new nint[] { n, d })));
                msD = Median(() => cpuD(hostD, new TensorSpan<double>(outD, new nint[] { n, d })));
            }
            else
            {
                var tf = x.Tensors.Select(t => device.Upload(t.Data.Select(v => (float)v).ToArray(), t.Rows, t.Cols)).ToArray();
                var td = x.Tensors.Select(t => device.Upload(t.Data, t.Rows, t.Cols)).ToArray();
                using var of = device.Allocate<float>(n, d);
                using var od = device.Allocate<double>(n, d);
                ms = Median(() => { gpuF(tf, of); device.Synchronize(); }, repetitions: 3);
                msD = Median(() => { gpuD(td, od); device.Synchronize(); }, repetitions: 3);
                of.CopyTo(outF);
                od.CopyTo(outD);
                foreach (var t in tf) t.Dispose();
                foreach (var t in td) t.Dispose();
            }
            double scale = Math.Max(expected.Max(Math.Abs), double.Epsilon);
            double errF = outF.Select((v, i) => Math.Abs(v - expected[i])).Max() / scale;
            double errD = outD.Select((v, i) => Math.Abs(v - expected[i])).Max() / scale;
            table.Add(new ResultRow(name, backend, shape + " f32", errF, FloatTolerance, ms));
            table.Add(new ResultRow(name, backend, shape + " f64", errD, DoubleTolerance, msD));
        }

        // Exact tensor attention at the size: GFLOP/s counting 4·n³·d.
        private static void TensorAttentionAtScale()
        {
            var rng = new Random(5);
            const int n = 512, d = 64;
            var a = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, n * d).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray()).ToArray();
            var o = new float[n * d];
            nint[] shape = { n, d };
            double ms = Median(() => AttentionKernels.TensorAttention(new(a[0], shape), new(a[1], shape), new(a[2], shape), new(a[3], shape), new(a[4], shape), 0.125f, new TensorSpan<float>(o, shape)), repetitions: 3);
            Console.WriteLine($"Tensor attention f32 n={n} d={d} (fused, O(n·d) memory): {ms:0.0} ms, {4.0 * n * n * n * d / ms / 1e6:0.0} GFLOP/s counting 4n³d");
        }

        // The polynomial method: O(n·r·d) instead of O(n³·d); checked against the exact fused kernel.
        private static void ApproximateTensorAttention(ResultTable table)
        {
            var rng = new Random(11);
            const int n = 1024, d = 8, degree = 6;
            var a = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, n * d).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray()).ToArray();
            nint[] shape = { n, d };
            var exact = new float[n * d];
            var approx = new float[n * d];
            AttentionKernels.TensorAttention(new(a[0], shape), new(a[1], shape), new(a[2], shape), new(a[3], shape), new(a[4], shape), 1f, new TensorSpan<float>(exact, shape));
            double ms = Median(() => TensorDsl.Attention.PolynomialTensorAttention.Compute(new(a[0], shape), new(a[1], shape), new(a[2], shape), new(a[3], shape), new(a[4], shape), 1f, degree, new TensorSpan<float>(approx, shape)));
            double error = exact.Select((v, i) => (double)Math.Abs(v - approx[i])).Max();
            int r = TensorDsl.Attention.PolynomialTensorAttention.FeatureCount(d, degree);
            double bound = TensorDsl.Attention.PolynomialTensorAttention.ErrorBound(
                TensorDsl.Attention.PolynomialTensorAttention.ScoreBound(new ReadOnlyTensorSpan<float>(a[0], shape), new ReadOnlyTensorSpan<float>(a[1], shape), new ReadOnlyTensorSpan<float>(a[2], shape), 1f), degree,
                TensorDsl.Attention.PolynomialTensorAttention.ValueBound(new ReadOnlyTensorSpan<float>(a[3], shape), new ReadOnlyTensorSpan<float>(a[4], shape)));
            Console.WriteLine($"Approximate tensor attention (polynomial method, degree {degree}, r={r} features, proven error bound {bound:0.0e+00}) against the exact fused kernel:");
            table.Add(new ResultRow($"tensor attention ≈ deg {degree}", "cpu", $"n={n} d={d} (vs exact)", error, 1e-3, ms));
        }

        // 2-simplicial windows are loop bounds: doubling both windows should cost about 4× once they span several 64-key tiles.
        private static void SimplicialWindows()
        {
            var rng = new Random(3);
            const int n = 2048, d = 64;
            var a = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, n * d).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray()).ToArray();
            var o = new float[n * d];
            nint[] shape = { n, d };
            double Time(int w) => Median(() => AttentionKernels.SimplicialAttention(new(a[0], shape), new(a[1], shape), new(a[2], shape), new(a[3], shape), new(a[4], shape), 0.125f, w, w, new TensorSpan<float>(o, shape)), repetitions: 3);
            double small = Time(128), large = Time(256);
            Console.WriteLine($"2-simplicial attention f32 n={n} d={d}: w1=w2=128 {small:0.0} ms, w1=w2=256 {large:0.0} ms — ratio {large / small:0.00} (O(n·w1·w2·d) predicts 4; 64-key tiles make small windows cost a little more)");
        }

        private static double Median(Action run, int repetitions = 5)
        {
            run();
            var times = new double[repetitions];
            for (int i = 0; i < repetitions; i++)
            {
                var sw = Stopwatch.StartNew();
                run();
                times[i] = sw.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            return times[repetitions / 2];
        }

        /// <summary>Host operands as arrays with shapes; <c>a[i]</c> is operand i as a tensor span.</summary>
        private sealed class Host<T>(T[][] data, nint[][] shapes)
        {
            public nint[][] Shapes => shapes;

            public ReadOnlyTensorSpan<T> this[int i] => new(data[i], shapes[i]);
        }

        /// <summary>Random n×d operands in [−1, 1], stored as doubles that are exactly representable as floats.</summary>
        private sealed class Operands
        {
            public List<(string Name, double[] Data, int Rows, int Cols)> Tensors { get; } = new();

            public static Operands Random(Random rng, params (string Name, int Rows, int Cols)[] shapes)
            {
                var x = new Operands();
                foreach (var (name, rows, cols) in shapes)
                {
                    x.Tensors.Add((name, Enumerable.Range(0, rows * cols).Select(_ => (double)(float)(rng.NextDouble() * 2 - 1)).ToArray(), rows, cols));
                }
                return x;
            }
        }
    }
}
