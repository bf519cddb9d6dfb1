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
    /// Suite <c>backward</c>: forward + backward of einsums (<see cref="BackwardBenchmarkKernels"/>: the forward kernel, then
    /// the derived <c>[Gradient]</c> kernel computing every input gradient) against <c>torchsharp</c>: the same forward
    /// with autograd (<c>requires_grad</c> leaves, <c>(out * dOut).sum().backward()</c>; the leaves' gradients accumulate
    /// across calls, one extra addition per gradient element). GFLOP/s count forward and backward products, 2 FLOPs per
    /// multiply-add in the best pairwise order.
    /// </summary>
    public static class BackwardCases
    {
        public static IEnumerable<BenchCase> All()
        {
            var rng = new Random(21);
            yield return Gemm(rng, 512);
            yield return Batched(rng, 32, 128);
            yield return Chain(rng, 256);
            yield return StandardAttention(rng, 2048, 64);
            foreach (int n in new[] { 128, 256, 512 }) yield return TensorAttention(rng, n, 64);
            foreach (int l in new[] { 2, 4, 6, 8, 10 }) yield return Gaunt(rng, l, rows: 2048);
        }

        // z = x ⊗ y (Gaunt, degrees L, L → 2L, Fourier) and its derived gradients, against the dense Clebsch–Gordan
        // contraction einsum("ni,nj,ijk->nk", x, y, G) through TorchSharp's autograd. GFLOP/s count the dense
        // contraction's multiply-adds (forward and two gradients), the same for both.
        private static BenchCase Gaunt(Random rng, int l, int rows)
        {
            int k1 = (l + 1) * (l + 1), k3 = (2 * l + 1) * (2 * l + 1);
            var (x, y, dZ) = (Floats(rng, rows * k1), Floats(rng, rows * k1), Floats(rng, rows * k3));
            var (z, dX, dY) = (new float[rows * k3], new float[rows * k1], new float[rows * k1]);
            nint[] s1 = { rows, k1 }, s3 = { rows, k3 };
            var (forward, backward) = l switch
            {
                2 => ((GauntForward)BackwardBenchmarkKernels.Gaunt2, (GauntBackward)BackwardBenchmarkKernels.Gaunt2Backward),
                4 => (BackwardBenchmarkKernels.Gaunt4, BackwardBenchmarkKernels.Gaunt4Backward),
                6 => (BackwardBenchmarkKernels.Gaunt6, BackwardBenchmarkKernels.Gaunt6Backward),
                8 => (BackwardBenchmarkKernels.Gaunt8, BackwardBenchmarkKernels.Gaunt8Backward),
                _ => (BackwardBenchmarkKernels.Gaunt10, BackwardBenchmarkKernels.Gaunt10Backward),
            };
            var dense = Array.ConvertAll(Peers.DenseGaunt.Tensor(l, l, 2 * l), v => (float)v);
            return new BenchCase("backward", $"gaunt L={l} ({l},{l},{2 * l}) fourier forward+backward rows={rows} f32", "", Array.Empty<long[]>(), false,
                3 * 2.0 * rows * k1 * k1 * k3, () =>
            {
                forward(Ro(x, s1), Ro(y, s1), Rw(z, s3));
                backward(Ro(x, s1), Ro(y, s1), Ro(dZ, s3), Rw(dX, s1), Rw(dY, s1));
            }, null)
            {
                NumPy = false,
                Torch = () =>
                {
                    var g = torch.tensor(dense, new long[] { k1, k1, k3 });
                    return Autograd(new[] { (x, s1), (y, s1) }, (dZ, s3), t => torch.einsum("ni,nj,ijk->nk", t[0], t[1], g));
                },
            };
        }

        private delegate void GauntForward(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);

        private delegate void GauntBackward(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> dZ, TensorSpan<float> dX, TensorSpan<float> dY);

        private static BenchCase Gemm(Random rng, int n)
        {
            var (a, b, dC) = (Floats(rng, n * n), Floats(rng, n * n), Floats(rng, n * n));
            var (c, dA, dB) = (new float[n * n], new float[n * n], new float[n * n]);
            nint[] s = { n, n };
            return new BenchCase("backward", $"ij,jk->ik forward+backward n={n} f32", "", Array.Empty<long[]>(), false, 3 * 2.0 * n * n * n, () =>
            {
                BackwardBenchmarkKernels.MatMul(Ro(a, s), Ro(b, s), Rw(c, s));
                BackwardBenchmarkKernels.MatMulBackward(Ro(a, s), Ro(b, s), Ro(dC, s), Rw(dA, s), Rw(dB, s));
            }, null)
            {
                NumPy = false,
                Torch = () => Autograd(new[] { (a, s), (b, s) }, (dC, s), t => t[0].matmul(t[1])),
            };
        }

        private static BenchCase Batched(Random rng, int batch, int n)
        {
            var (a, b, dC) = (Floats(rng, batch * n * n), Floats(rng, batch * n * n), Floats(rng, batch * n * n));
            var (c, dA, dB) = (new float[batch * n * n], new float[batch * n * n], new float[batch * n * n]);
            nint[] s = { batch, n, n };
            return new BenchCase("backward", $"bij,bjk->bik forward+backward b={batch} n={n} f32", "", Array.Empty<long[]>(), false, 3 * 2.0 * batch * n * n * n, () =>
            {
                BackwardBenchmarkKernels.Batched(Ro(a, s), Ro(b, s), Rw(c, s));
                BackwardBenchmarkKernels.BatchedBackward(Ro(a, s), Ro(b, s), Ro(dC, s), Rw(dA, s), Rw(dB, s));
            }, null)
            {
                NumPy = false,
                Torch = () => Autograd(new[] { (a, s), (b, s) }, (dC, s), t => t[0].bmm(t[1])),
            };
        }

        private static BenchCase Chain(Random rng, int n)
        {
            var (a, b, c, dO) = (Floats(rng, n * n), Floats(rng, n * n), Floats(rng, n * n), Floats(rng, n * n));
            var (o, dA, dB, dC) = (new float[n * n], new float[n * n], new float[n * n], new float[n * n]);
            nint[] s = { n, n };
            // Forward 2 products, backward 2 per input gradient but shared pairs: count 2 + 4 products of n³ multiply-adds.
            return new BenchCase("backward", $"ij,jk,kl->il forward+backward n={n} f32", "", Array.Empty<long[]>(), false, 6 * 2.0 * n * n * n, () =>
            {
                BackwardBenchmarkKernels.Chain(Ro(a, s), Ro(b, s), Ro(c, s), Rw(o, s));
                BackwardBenchmarkKernels.ChainBackward(Ro(a, s), Ro(b, s), Ro(c, s), Ro(dO, s), Rw(dA, s), Rw(dB, s), Rw(dC, s));
            }, null)
            {
                NumPy = false,
                Torch = () => Autograd(new[] { (a, s), (b, s), (c, s) }, (dO, s), t => t[0].matmul(t[1]).matmul(t[2])),
            };
        }

        // Standard attention (scale 1/√d) and its gradients dQ, dK, dV, against scaled_dot_product_attention with autograd
        // (libtorch's fused CPU attention and its backward). GFLOP/s count 4n²d forward and 10n²d backward (five products).
        private static BenchCase StandardAttention(Random rng, int n, int d)
        {
            var (q, k, v, dO) = (Floats(rng, n * d), Floats(rng, n * d), Floats(rng, n * d), Floats(rng, n * d));
            var (o, dQ, dK, dV) = (new float[n * d], new float[n * d], new float[n * d], new float[n * d]);
            nint[] s = { n, d }, s4 = { 1, 1, n, d };
            float scale = 1 / MathF.Sqrt(d);
            return new BenchCase("backward", $"attention o = softmax(q·kᵀ/√d)·v forward+backward n={n} d={d} f32", "", Array.Empty<long[]>(), false, 14.0 * n * n * d, () =>
            {
                BackwardBenchmarkKernels.Attention(Ro(q, s), Ro(k, s), Ro(v, s), scale, Rw(o, s));
                BackwardBenchmarkKernels.AttentionBackward(Ro(q, s), Ro(k, s), Ro(v, s), scale, Ro(dO, s), Rw(dQ, s), Rw(dK, s), Rw(dV, s));
            }, null)
            {
                NumPy = false,
                Torch = () => Autograd(new[] { (q, s4), (k, s4), (v, s4) }, (dO, s4), t => torch.nn.functional.scaled_dot_product_attention(t[0], t[1], t[2])),
            };
        }

        // Tensor (2-simplicial) attention and every input gradient, against the composition a PyTorch user writes —
        // einsum → softmax over (j,k) → einsum — through autograd (it stores n³ scores and probabilities). GFLOP/s count
        // 4n³d forward and 12n³d backward.
        private static BenchCase TensorAttention(Random rng, int n, int d)
        {
            var data = Enumerable.Range(0, 6).Select(_ => Floats(rng, n * d)).ToArray();
            var grads = Enumerable.Range(0, 6).Select(_ => new float[n * d]).ToArray();
            nint[] s = { n, d };
            float scale = 1 / MathF.Sqrt(d);
            return new BenchCase("backward", $"tensor attention forward+backward n={n} d={d} f32", "", Array.Empty<long[]>(), false, 16.0 * n * n * n * d, () =>
            {
                BackwardBenchmarkKernels.TensorAttention(Ro(data[0], s), Ro(data[1], s), Ro(data[2], s), Ro(data[3], s), Ro(data[4], s), scale, Rw(grads[5], s));
                BackwardBenchmarkKernels.TensorAttentionBackward(Ro(data[0], s), Ro(data[1], s), Ro(data[2], s), Ro(data[3], s), Ro(data[4], s), scale, Ro(data[5], s),
                    Rw(grads[0], s), Rw(grads[1], s), Rw(grads[2], s), Rw(grads[3], s), Rw(grads[4], s));
            }, null)
            {
                NumPy = false,
                Torch = () => Autograd(Enumerable.Range(0, 5).Select(i => (data[i], s)).ToArray(), (data[5], s), t => Peers.TorchAttention.ComposedTensor(t, scale, n)),
            };
        }

        // TorchSharp's forward on leaves that require gradients, then backward of Σ out ⊙ dOut.
        private static Action Autograd((float[] Data, nint[] Shape)[] inputs, (float[] Data, nint[] Shape) dOut, Func<torch.Tensor[], torch.Tensor> forward)
        {
            var leaves = inputs.Select(i => Tensor(i.Data, i.Shape).requires_grad_(true)).ToArray();
            var d = Tensor(dOut.Data, dOut.Shape);
            return () =>
            {
                using var scope = torch.NewDisposeScope();
                var loss = (forward(leaves) * d).sum();
                loss.backward();
            };
        }
    }
}
