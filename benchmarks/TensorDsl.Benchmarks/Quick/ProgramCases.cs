using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Benchmarks.Kernels;
using TorchSharp;
using static TensorDsl.Benchmarks.Quick.BenchData;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>
    /// Suite <c>programs</c>: models written as <c>[TensorProgram]</c>s (<see cref="ProgramBenchmarkKernels"/>), each against
    /// <list type="bullet">
    /// <item><c>einsum_composed</c>: the same math hand-composed from <c>[Einsum]</c> calls and plain loops;</item>
    /// <item><c>torchsharp</c>: TorchSharp composed the way a PyTorch user writes it (matmul, bias, relu; einsum);</item>
    /// <item><c>numpy</c>: NumPy composed the same way (<c>@</c>, <c>np.maximum</c>, <c>np.einsum(optimize=True)</c>);</item>
    /// <item><c>before</c> (Tucker only): the program as a scalar loop nest, how every program ran before statements were
    /// planned like einsums.</item>
    /// </list>
    /// GFLOP/s count the useful multiply-adds of the best contraction order (2 FLOPs each) plus one FLOP per epilogue element.
    /// </summary>
    public static class ProgramCases
    {
        public static IEnumerable<BenchCase> All()
        {
            var rng = new Random(13);
            yield return Tucker(rng, n: 96, r: 16);
            yield return Dense(rng, 512, 512, 512);
            yield return Mlp(rng, 512, 512, 512, 512);
            yield return Bilinear(rng, nodes: 1024, channels: 16, width: 16);
            yield return Chain5(rng, 256);
        }

        private static BenchCase Tucker(Random rng, int n, int r)
        {
            var g = Floats(rng, r * r * r);
            var u = Floats(rng, n * r);
            var v = Floats(rng, n * r);
            var w = Floats(rng, n * r);
            var x = new float[n * n * n];
            nint[] core = { r, r, r }, factor = { n, r }, full = { n, n, n };
            // Best order: g·w, then ·v, then ·u: 2·(r³n + r²n² + rn³).
            double flops = 2.0 * ((double)r * r * r * n + (double)r * r * n * n + (double)r * n * n * n);
            return new BenchCase("programs", $"tucker x[i,j,k] = sum[a,b,c](g[a,b,c]*u[i,a]*v[j,b]*w[k,c]) n={n} r={r} f32", "abc,ia,jb,kc->ijk",
                new[] { new long[] { r, r, r }, new long[] { n, r }, new long[] { n, r }, new long[] { n, r } }, false, flops,
                () => ProgramBenchmarkKernels.Tucker(Ro(g, core), Ro(u, factor), Ro(v, factor), Ro(w, factor), Rw(x, full)), null)
            {
                Data = new Array[] { g, u, v, w },
                Composed = () => ProgramBenchmarkKernels.TuckerEinsum(Ro(g, core), Ro(u, factor), Ro(v, factor), Ro(w, factor), Rw(x, full)),
                Before = () => ProgramBenchmarkKernels.TuckerLoopNest(Ro(g, core), Ro(u, factor), Ro(v, factor), Ro(w, factor), r, Rw(x, full)),
            };
        }

        private static BenchCase Dense(Random rng, int batch, int inputs, int outputs)
        {
            var x = Floats(rng, batch * inputs);
            var w = Floats(rng, inputs * outputs);
            var bias = Floats(rng, outputs);
            var y = new float[batch * outputs];
            nint[] xs = { batch, inputs }, ws = { inputs, outputs }, ys = { batch, outputs };
            return new BenchCase("programs", $"dense y[b,o] = relu(sum[i](x[b,i]*w[i,o]) + bias[o]) {batch}x{inputs}x{outputs} f32", "",
                new[] { new long[] { batch, inputs }, new long[] { inputs, outputs }, new long[] { outputs } }, false, 2.0 * batch * inputs * outputs + 2.0 * batch * outputs,
                () => ProgramBenchmarkKernels.Dense(Ro(x, xs), Ro(w, ws), Ro(bias, new nint[] { outputs }), Rw(y, ys)), null)
            {
                Data = new Array[] { x, w, bias },
                Composed = () =>
                {
                    ProgramBenchmarkKernels.MatMul(Ro(x, xs), Ro(w, ws), Rw(y, ys));
                    BiasRelu(y, bias, batch, outputs, relu: true);
                },
                Torch = () =>
                {
                    var (tx, tw, tb) = (Tensor(x, xs), Tensor(w, ws), Tensor(bias, new nint[] { outputs }));
                    return () =>
                    {
                        using var scope = torch.NewDisposeScope();
                        GC.KeepAlive(torch.nn.functional.relu(torch.matmul(tx, tw) + tb));
                    };
                },
                NumPyCode = "np.maximum(ops[0] @ ops[1] + ops[2], 0)",
            };
        }

        private static BenchCase Mlp(Random rng, int batch, int inputs, int hidden, int outputs)
        {
            var x = Floats(rng, batch * inputs);
            var w1 = Floats(rng, inputs * hidden);
            var b1 = Floats(rng, hidden);
            var w2 = Floats(rng, hidden * outputs);
            var b2 = Floats(rng, outputs);
            var h = new float[batch * hidden];
            var y = new float[batch * outputs];
            nint[] xs = { batch, inputs }, w1s = { inputs, hidden }, hs = { batch, hidden }, w2s = { hidden, outputs }, ys = { batch, outputs };
            double flops = 2.0 * batch * inputs * hidden + 2.0 * batch * hidden * outputs + 2.0 * batch * hidden + batch * outputs;
            return new BenchCase("programs", $"mlp y = relu(x·w1 + b1)·w2 + b2 {batch}x{inputs}x{hidden}x{outputs} f32", "",
                new[] { new long[] { batch, inputs }, new long[] { inputs, hidden }, new long[] { hidden }, new long[] { hidden, outputs }, new long[] { outputs } }, false, flops,
                () => ProgramBenchmarkKernels.Mlp(Ro(x, xs), Ro(w1, w1s), Ro(b1, new nint[] { hidden }), Ro(w2, w2s), Ro(b2, new nint[] { outputs }), Rw(y, ys)), null)
            {
                Data = new Array[] { x, w1, b1, w2, b2 },
                Composed = () =>
                {
                    ProgramBenchmarkKernels.MatMul(Ro(x, xs), Ro(w1, w1s), Rw(h, hs));
                    BiasRelu(h, b1, batch, hidden, relu: true);
                    ProgramBenchmarkKernels.MatMul(Ro(h, hs), Ro(w2, w2s), Rw(y, ys));
                    BiasRelu(y, b2, batch, outputs, relu: false);
                },
                Torch = () =>
                {
                    var (tx, tw1, tb1, tw2, tb2) = (Tensor(x, xs), Tensor(w1, w1s), Tensor(b1, new nint[] { hidden }), Tensor(w2, w2s), Tensor(b2, new nint[] { outputs }));
                    return () =>
                    {
                        using var scope = torch.NewDisposeScope();
                        GC.KeepAlive(torch.matmul(torch.nn.functional.relu(torch.matmul(tx, tw1) + tb1), tw2) + tb2);
                    };
                },
                NumPyCode = "np.maximum(ops[0] @ ops[1] + ops[2], 0) @ ops[3] + ops[4]",
            };
        }

        private static BenchCase Bilinear(Random rng, int nodes, int channels, int width)
        {
            var x = Floats(rng, nodes * channels * width);
            var y = Floats(rng, nodes * channels * width);
            var cg = Floats(rng, width * width * width);
            var z = new float[nodes * channels * width];
            nint[] xs = { nodes, channels, width }, cs = { width, width, width };
            // x·y outer product per (n, c), then one GEMM with cg: n·c·w² + 2·n·c·w³.
            double flops = (double)nodes * channels * width * width + 2.0 * nodes * channels * width * width * width;
            return new BenchCase("programs", $"bilinear z[n,c,k] = sum[i,j](x[n,c,i]*y[n,c,j]*cg[i,j,k]) n={nodes} c={channels} w={width} f32", "nci,ncj,ijk->nck",
                new[] { new long[] { nodes, channels, width }, new long[] { nodes, channels, width }, new long[] { width, width, width } }, false, flops,
                () => ProgramBenchmarkKernels.Bilinear(Ro(x, xs), Ro(y, xs), Ro(cg, cs), Rw(z, xs)), null)
            {
                Data = new Array[] { x, y, cg },
                Composed = () => ProgramBenchmarkKernels.BilinearEinsum(Ro(x, xs), Ro(y, xs), Ro(cg, cs), Rw(z, xs)),
            };
        }

        private static BenchCase Chain5(Random rng, int n)
        {
            var m = Enumerable.Range(0, 5).Select(_ => Floats(rng, n * n)).ToArray();
            var o = new float[n * n];
            nint[] s = { n, n };
            return new BenchCase("programs", $"chain5 o[a,f] = sum[b,c,d,e](m1[a,b]*…*m5[e,f]) n={n} f32", "ab,bc,cd,de,ef->af",
                Enumerable.Repeat(new long[] { n, n }, 5).ToArray(), false, 4 * 2.0 * n * n * n,
                () => ProgramBenchmarkKernels.Chain5(Ro(m[0], s), Ro(m[1], s), Ro(m[2], s), Ro(m[3], s), Ro(m[4], s), Rw(o, s)), null)
            {
                Data = m,
                Composed = () => ProgramBenchmarkKernels.Chain5Einsum(Ro(m[0], s), Ro(m[1], s), Ro(m[2], s), Ro(m[3], s), Ro(m[4], s), Rw(o, s)),
            };
        }

        // The loop a user writes after an [Einsum] matrix product: y[b, o] += bias[o], then ReLU.
        private static void BiasRelu(float[] y, float[] bias, int rows, int columns, bool relu)
        {
            for (int b = 0; b < rows; b++)
            {
                int row = b * columns;
                for (int o = 0; o < columns; o++)
                {
                    float v = y[row + o] + bias[o];
                    y[row + o] = relu ? MathF.Max(v, 0) : v;
                }
            }
        }
    }
}
