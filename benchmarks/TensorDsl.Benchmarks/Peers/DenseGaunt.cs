using System;
using System.Numerics;
using TensorDsl.Language.Equivariant;
using TorchSharp;

namespace TensorDsl.Benchmarks.Peers
{
    /// <summary>
    /// The dense Clebsch–Gordan baseline of the <c>gaunt</c> suite, as an e3nn user computes a channel-wise tensor product: the
    /// full coupling tensor G[(L1+1)², (L2+1)², (LOut+1)²] (zeros included, O(L⁶) work per row) contracted with x and y.
    /// With TorchSharp: <c>torch.einsum("ni,nj,ijk->nk", x, y, G)</c>; without it: a plain C# loop over the same tensor.
    /// </summary>
    public static class DenseGaunt
    {
        /// <summary>Bytes the per-chunk intermediate x⊗y may take; rows are processed in chunks below it (the total stays under 2 GB).</summary>
        public const long ChunkBytes = 512L << 20;

        /// <summary>G[i, j, k] = G(I1 = i, I2 = j, I3 = k) row-major, from the nonzero table (every other entry is zero).</summary>
        public static double[] Tensor(int l1, int l2, int lOut)
        {
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1);
            var g = new double[(long)k1 * k2 * k3];
            foreach (var e in GauntCoefficients.Table(l1, l2, lOut)) g[((long)e.I1 * k2 + e.I2) * k3 + e.I3] = e.Value;
            return g;
        }

        /// <summary>
        /// Builds the TorchSharp peer on all rows of x [rows, K1] and y [rows, K2]: the returned function gives an action that
        /// computes the first <c>n</c> rows (result kept in a libtorch tensor, as a PyTorch caller would), and
        /// <paramref name="result"/> copies the first n rows of a fresh computation into an array (for the agreement check).
        /// </summary>
        public static Func<int, Action> Torch<T>(T[] x, T[] y, int rows, int l1, int l2, int lOut, out Func<int, T[]> result)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1);
            bool isDouble = typeof(T) == typeof(double);
            var dense = Tensor(l1, l2, lOut);
            var tx = isDouble ? torch.tensor((double[])(object)x, new long[] { rows, k1 }) : torch.tensor((float[])(object)x, new long[] { rows, k1 });
            var ty = isDouble ? torch.tensor((double[])(object)y, new long[] { rows, k2 }) : torch.tensor((float[])(object)y, new long[] { rows, k2 });
            var tg = isDouble ? torch.tensor(dense, new long[] { k1, k2, k3 }) : torch.tensor(Array.ConvertAll(dense, v => (float)v), new long[] { k1, k2, k3 });
            long chunk = Math.Max(1, ChunkBytes / ((long)k1 * k2 * (isDouble ? 8 : 4)));

            // One einsum per chunk. libtorch (no opt_einsum path from C++) contracts left to right: first the outer product
            // x⊗y [n, K1·K2], then one GEMM with G viewed as [K1·K2, K3]. That is the faster of the two orders: the other,
            // "ni,ijk->njk" then "njk,nj->nk", has an n×K2×K3 intermediate (K3/K1 ≈ 4 times larger) and ends in n small
            // batched matrix-vector products, which are memory-bound; both do 2·K1·K2·K3 FLOPs per row.
            torch.Tensor Compute(long start, long n) => torch.einsum("ni,nj,ijk->nk", tx.narrow(0, start, n), ty.narrow(0, start, n), tg);
            result = n =>
            {
                using var scope = torch.NewDisposeScope();
                var z = Compute(0, n).contiguous();
                return isDouble ? (T[])(object)z.data<double>().ToArray() : (T[])(object)z.data<float>().ToArray();
            };
            return n => () =>
            {
                for (long start = 0; start < n; start += chunk)
                {
                    using var scope = torch.NewDisposeScope();
                    var z = Compute(start, Math.Min(chunk, n - start));
                    GC.KeepAlive(z);
                }
            };
        }

        /// <summary>
        /// The fallback when TorchSharp does not load: the same dense contraction as a plain C# loop (scalar, one thread),
        /// z[r, k] = Σ_i Σ_j G[i, j, k]·x[r, i]·y[r, j], on the first n rows.
        /// </summary>
        public static Func<int, Action> Loop<T>(T[] x, T[] y, T[] z, int l1, int l2, int lOut)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1);
            var g = Array.ConvertAll(Tensor(l1, l2, lOut), v => T.CreateChecked(v));
            return n => () =>
            {
                for (int r = 0; r < n; r++)
                {
                    var zr = z.AsSpan(r * k3, k3);
                    zr.Clear();
                    for (int i = 0; i < k1; i++)
                    {
                        T xi = x[r * k1 + i];
                        for (int j = 0; j < k2; j++)
                        {
                            T xy = xi * y[r * k2 + j];
                            var gij = g.AsSpan((i * k2 + j) * k3, k3);
                            for (int k = 0; k < k3; k++) zr[k] += gij[k] * xy;
                        }
                    }
                }
            };
        }
    }
}
