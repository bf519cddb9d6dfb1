using System;
using TorchSharp;

namespace TensorDsl.Benchmarks.Peers
{
    /// <summary>
    /// Attention as a PyTorch user writes it: tensor attention composed as einsum → softmax → einsum (materializing the
    /// n×n×n scores), and standard attention through <c>scaled_dot_product_attention</c>.
    /// </summary>
    public static class TorchAttention
    {
        public static Action Tensor(float[] q, float[] k1, float[] k2, float[] v1, float[] v2, float scale, int n, int d)
        {
            var tq = torch.tensor(q, new long[] { n, d });
            var tk1 = torch.tensor(k1, new long[] { n, d });
            var tk2 = torch.tensor(k2, new long[] { n, d });
            var tv1 = torch.tensor(v1, new long[] { n, d });
            var tv2 = torch.tensor(v2, new long[] { n, d });
            return () =>
            {
                using var scope = torch.NewDisposeScope();
                GC.KeepAlive(ComposedTensor(new[] { tq, tk1, tk2, tv1, tv2 }, scale, n));
            };
        }

        /// <summary>Tensor attention composed from q, k1, k2, v1, v2 (each n × d): einsum → softmax over (j,k) → einsum.</summary>
        public static torch.Tensor ComposedTensor(torch.Tensor[] t, float scale, int n)
        {
            var s = torch.einsum("il,jl,kl->ijk", t[0], t[1], t[2]) * scale;
            var a = torch.nn.functional.softmax(s.reshape(n, (long)n * n), 1).reshape(n, n, n);
            return torch.einsum("ijk,jc,kc->ic", a, t[3], t[4]);
        }

        public static Action ScaledDotProduct(float[] q, float[] k, float[] v, int n, int d)
        {
            var tq = torch.tensor(q, new long[] { 1, 1, n, d });
            var tk = torch.tensor(k, new long[] { 1, 1, n, d });
            var tv = torch.tensor(v, new long[] { 1, 1, n, d });
            return () =>
            {
                using var scope = torch.NewDisposeScope();
                var o = torch.nn.functional.scaled_dot_product_attention(tq, tk, tv);
                GC.KeepAlive(o);
            };
        }
    }
}
