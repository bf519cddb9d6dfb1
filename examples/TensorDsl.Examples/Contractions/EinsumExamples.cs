using System;
using System.Diagnostics;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Examples.Report;

namespace TensorDsl.Examples.Contractions
{
    /// <summary>
    /// Runs each einsum kernel on random inputs, checks it against the double-precision interpreter
    /// (<see cref="global::TensorDsl.Einsum.Evaluate"/>) and times it.
    /// </summary>
    public static class EinsumExamples
    {
        private const double FloatTolerance = 1e-4, DoubleTolerance = 1e-10;

        /// <summary>Runs every example on the CPU and on <paramref name="device"/>, adding rows to <paramref name="table"/>.</summary>
        public static void Run(ResultTable table, TensorDevice device)
        {
            string gpu = DeviceLabel.Of(device);
            var rng = new Random(42);

            const int n = 128;
            var a = RandomFloats(rng, n * n);
            var b = RandomFloats(rng, n * n);
            var c = new float[n * n];
            nint[] square = { n, n };
            table.Add(Check("ij,jk->ik", "128x128 @ 128x128", c, FloatTolerance,
                () => EinsumKernels.MatMul(new ReadOnlyTensorSpan<float>(a, square), new ReadOnlyTensorSpan<float>(b, square), new TensorSpan<float>(c, square)),
                ToDouble(a, square), ToDouble(b, square)));
            using (var da = device.Upload(a, n, n))
            using (var db = device.Upload(b, n, n))
            using (var dc = device.Allocate<float>(n, n))
            {
                table.Add(Check("ij,jk->ik", "128x128 @ 128x128", c, FloatTolerance,
                    () => { EinsumKernels.MatMul(device, da, db, dc); dc.CopyTo(c); },
                    ToDouble(a, square), ToDouble(b, square)) with { Backend = gpu });
            }

            const int batch = 8, m = 64;
            nint[] cube = { batch, m, m };
            var ba = RandomFloats(rng, batch * m * m);
            var bb = RandomFloats(rng, batch * m * m);
            var bc = new float[batch * m * m];
            table.Add(Check("bij,bjk->bik", "8x64x64 @ 8x64x64", bc, FloatTolerance,
                () => EinsumKernels.BatchedMatMul(new ReadOnlyTensorSpan<float>(ba, cube), new ReadOnlyTensorSpan<float>(bb, cube), new TensorSpan<float>(bc, cube)),
                ToDouble(ba, cube), ToDouble(bb, cube)));

            const int t = 1024;
            var ta = rng.NextDoubles(t * t);
            double trace = 0;
            var traceTime = Median(() => trace = EinsumKernels.Trace(new ReadOnlyTensorSpan<double>(ta, new nint[] { t, t })));
            double traceExpected = Einsum.Evaluate("ii", Tensor.Create(ta, new nint[] { t, t }))[0];
            table.Add(new ResultRow("ii (trace)", "cpu", "1024x1024", Math.Abs(trace - traceExpected) / Math.Abs(traceExpected), DoubleTolerance, traceTime));
            using (var dt = device.Upload(ta, t, t))
            {
                var gpuTime = Median(() => trace = EinsumKernels.Trace(device, dt));
                table.Add(new ResultRow("ii (trace)", gpu, "1024x1024", Math.Abs(trace - traceExpected) / Math.Abs(traceExpected), DoubleTolerance, gpuTime));
            }

            const int o = 512;
            var x = RandomFloats(rng, o);
            var y = RandomFloats(rng, o);
            var outer = new float[o * o];
            table.Add(Check("i,j->ij (outer)", "512 x 512", outer, FloatTolerance,
                () => EinsumKernels.Outer(new ReadOnlyTensorSpan<float>(x), new ReadOnlyTensorSpan<float>(y), new TensorSpan<float>(outer, new nint[] { o, o })),
                ToDouble(x, new nint[] { o }), ToDouble(y, new nint[] { o })));

            const int k = 32;
            nint[] sq = { k, k };
            var ca = rng.NextDoubles(k * k);
            var cb = rng.NextDoubles(k * k);
            var cc = rng.NextDoubles(k * k);
            var cd = new double[k * k];
            table.Add(Check("ij,jk,kl->il (chain)", "3 x 32x32", cd, DoubleTolerance,
                () => EinsumKernels.Chain(new ReadOnlyTensorSpan<double>(ca, sq), new ReadOnlyTensorSpan<double>(cb, sq), new ReadOnlyTensorSpan<double>(cc, sq), new TensorSpan<double>(cd, sq)),
                Tensor.Create(ca, sq), Tensor.Create(cb, sq), Tensor.Create(cc, sq)));

            // Broadcasting: a (4,1,16,32) stack against a (3,32,8) stack gives (4,3,16,8).
            nint[] sa = { 4, 1, 16, 32 }, sb = { 3, 32, 8 }, sc = { 4, 3, 16, 8 };
            var xa = RandomFloats(rng, 4 * 16 * 32);
            var xb = RandomFloats(rng, 3 * 32 * 8);
            var xc = new float[4 * 3 * 16 * 8];
            table.Add(Check("...ij,...jk->...ik", "(4,1,16,32) @ (3,32,8)", xc, FloatTolerance,
                () => EinsumKernels.BroadcastMatMul(new ReadOnlyTensorSpan<float>(xa, sa), new ReadOnlyTensorSpan<float>(xb, sb), new TensorSpan<float>(xc, sc)),
                ToDouble(xa, sa), ToDouble(xb, sb)));
            using (var dxa = device.Upload(xa, sa))
            using (var dxb = device.Upload(xb, sb))
            using (var dxc = device.Allocate<float>(sc))
            {
                table.Add(Check("...ij,...jk->...ik", "(4,1,16,32) @ (3,32,8)", xc, FloatTolerance,
                    () => { EinsumKernels.BroadcastMatMul(device, dxa, dxb, dxc); dxc.CopyTo(xc); },
                    ToDouble(xa, sa), ToDouble(xb, sb)) with { Backend = gpu });
            }

            // A transposed view on the device: the kernel reads aᵀ through strides, no copy.
            using (var dat = device.Upload(a, n, n))
            using (var dbt = device.Upload(b, n, n))
            using (var dct = device.Allocate<float>(n, n))
            {
                var aT = Tensor.Create(a.Select(v => (double)v).ToArray(), square);
                var transposed = Einsum.Evaluate("ji->ij", aT);
                table.Add(Check("ij,jk->ik (aᵀ view)", "128x128ᵀ @ 128x128", c, FloatTolerance,
                    () => { EinsumKernels.MatMul(device, dat.Transpose(), dbt, dct); dct.CopyTo(c); },
                    transposed, ToDouble(b, square)) with { Backend = gpu });
            }
        }

        private static ResultRow Check<T>(string spec, string shapes, T[] output, double tolerance, Action run, params Tensor<double>[] operands)
            where T : struct, System.Numerics.INumberBase<T>
        {
            double ms = Median(run);
            string specText = spec.Split(' ')[0];
            // The interpreter sees already-arranged operands (e.g. an explicit transpose), so only the spec's first word counts.
            var expected = Einsum.Evaluate(specText, operands).ToArray();
            double scale = expected.Max(Math.Abs);
            double error = output.Select((v, i) => Math.Abs(double.CreateChecked(v) - expected[i])).Max() / Math.Max(scale, double.Epsilon);
            return new ResultRow(spec, "cpu", shapes, error, tolerance, ms);
        }

        private static double Median(Action run, int repetitions = 7)
        {
            run(); // warm-up: JIT and first-touch
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

        private static float[] RandomFloats(Random rng, int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();

        private static double[] NextDoubles(this Random rng, int count) => Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

        private static Tensor<double> ToDouble(float[] data, nint[] shape) => Tensor.Create(data.Select(v => (double)v).ToArray(), shape);
    }
}
