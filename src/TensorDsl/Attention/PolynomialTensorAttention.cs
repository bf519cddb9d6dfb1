using System;
using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;
using TensorDsl.Cpu;

namespace TensorDsl.Attention
{
    /// <summary>
    /// Tensor ("Kronecker") attention approximated by the polynomial method of Alman &amp; Song (2023): exp of the scores
    /// is replaced by its Taylor polynomial of even degree g, which factors through r = C(d + g, g) monomial features, so
    /// the output costs O((n + m)·r·(dv + 1)) time instead of the O(n·m²·d) of exact tensor attention.
    /// </summary>
    /// <remarks>
    /// <para><b>What is computed.</b> With Q ∈ ℝ^{n×d}, K1, K2 ∈ ℝ^{m×d}, V1, V2 ∈ ℝ^{m×dv}, the exact tensor attention is
    /// S_ijk = scale·Σ_l Q_il K1_jl K2_kl, O_ic = Σ_jk exp(S_ijk) V1_jc V2_kc / Σ_jk exp(S_ijk). This class computes the
    /// same expression with exp replaced by P_g(s) = Σ_{t≤g} s^t/t!.</para>
    /// <para><b>How.</b> By the multinomial theorem, P_g(S_ijk) = Σ_α U1[i,α]·U2[j,α]·U3[k,α] over the monomials α of
    /// degree ≤ g in d variables, with U1[i,α] = scale^|α|/α!·Q_i^α, U2[j,α] = K1_j^α, U3[k,α] = K2_k^α (α! = ∏_l α_l!).
    /// With the column-wise Kronecker identity (A⊘B)ᵀ(C⊘D) = (AᵀC)∘(BᵀD), the numerator is U1·((U2ᵀV1)∘(U3ᵀV2)) and the
    /// normalizer U1·((U2ᵀ1)∘(U3ᵀ1)). Keys are streamed in blocks: each block's features are computed from a cached
    /// monomial table (one vector product per monomial) and contracted with the block's values (and a column of ones) by
    /// a generated GEMM kernel, and the block moments are summed in double. Queries are then streamed in blocks through a
    /// second generated GEMM, and each output row is divided by its normalizer. Extra memory is O(block·r + r·dv) per
    /// thread; the buffers come from <see cref="ArrayPool{T}.Shared"/>. Large problems run on TensorDsl's GEMM worker
    /// pool (one thread per core); key blocks are summed in a fixed number of chunks that depends only on the sizes and
    /// the core count, so results do not depend on thread timing.</para>
    /// <para><b>Accuracy.</b> An even-degree Taylor polynomial of exp is positive everywhere, so every approximate weight is
    /// positive, the normalizer never vanishes and each output is a weighted mean of the values V1_jc·V2_kc, like the
    /// exact one. If |S_ijk| ≤ B for all i, j, k (see <see cref="ScoreBound(ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double)"/>)
    /// and |V1_jc·V2_kc| ≤ V (see <see cref="ValueBound(ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double})"/>), then
    /// with a = B^{g+1}/(g+1)!, every output satisfies
    /// |O_approx − O_exact| ≤ V·min(2, (1 + e^B)·a / (2(1 − a))) (for a &lt; 1; 2V otherwise):
    /// <see cref="ErrorBound(double, int, double)"/> returns it and docs/attention.md derives it. It is a bound on the
    /// approximation in exact arithmetic; rounding adds about u·e^{2B} relative to the largest value (u the unit roundoff
    /// of the element type), since the factored sums carry terms as large as e^B while the normalizer may be as small as
    /// e^{−B}. The method is meant for small B (bounded entries, B = o(log n) in the paper's analysis).</para>
    /// <para><b>Precision.</b> The float overload runs its products in float and sums the key blocks' moments in double;
    /// the double overload runs everything in double.</para>
    /// </remarks>
    public static class PolynomialTensorAttention
    {
        /// <summary>Most rows per block (the GEMM kernels sum at most 256 positions per register block).</summary>
        private const int MaxBlockRows = 256;

        /// <summary>Fewest rows per block, whatever the feature count.</summary>
        private const int MinBlockRows = 16;

        /// <summary>
        /// Bytes of one feature block at which the block stops growing. Measured on the 2-core AVX-512 machine with d = 8,
        /// g = 6 (r = 3003): 64 float or 32 double rows (about 768 KiB) beat both smaller blocks (per-call GEMM overhead,
        /// more block moments to add) and larger ones (the block and its packed copy fall out of L2).
        /// </summary>
        private const long FeatureBlockBytes = 768 * 1024;

        /// <summary>
        /// The number of features r = C(d + g, g): the monomials of total degree at most <paramref name="degree"/> in
        /// <paramref name="featureDim"/> variables.
        /// </summary>
        /// <param name="featureDim">d, the number of columns of Q, K1 and K2 (≥ 0).</param>
        /// <param name="degree">g, the degree of the Taylor polynomial (≥ 0; any parity).</param>
        /// <returns>C(d + g, g).</returns>
        /// <exception cref="ArgumentOutOfRangeException">An argument is negative, or the count exceeds <see cref="int.MaxValue"/>.</exception>
        public static int FeatureCount(int featureDim, int degree)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(featureDim);
            ArgumentOutOfRangeException.ThrowIfNegative(degree);
            if (featureDim == 0)
            {
                return 1;
            }
            // C(d + t, t) = C(d + t − 1, t − 1)·(d + t)/t exactly (the product is t·C(d + t, t)); the count only grows
            // with t, and c·(d + t) < 2^31·2^32 fits a long.
            long c = 1;
            for (int t = 1; t <= degree; t++)
            {
                c = c * (featureDim + (long)t) / t;
                if (c > int.MaxValue)
                {
                    throw new ArgumentOutOfRangeException(nameof(degree), degree,
                        $"C(d + g, g) with d = {featureDim}, g = {degree} exceeds int.MaxValue features.");
                }
            }
            return (int)c;
        }

        /// <summary>
        /// Approximate tensor attention in float:
        /// O_ic ≈ Σ_jk exp(S_ijk)·V1_jc·V2_kc / Σ_jk exp(S_ijk), S_ijk = scale·Σ_l Q_il·K1_jl·K2_kl, with exp replaced by
        /// its Taylor polynomial of degree <paramref name="degree"/>.
        /// </summary>
        /// <param name="q">Queries Q, n × d.</param>
        /// <param name="k1">First keys K1, m × d.</param>
        /// <param name="k2">Second keys K2, m × d.</param>
        /// <param name="v1">First values V1, m × dv.</param>
        /// <param name="v2">Second values V2, m × dv.</param>
        /// <param name="scale">Factor of the scores (1/√d in 2-simplicial attention).</param>
        /// <param name="degree">Even degree g ≥ 0 of the Taylor polynomial; the cost grows with C(d + g, g).</param>
        /// <param name="o">Output O, n × dv; overwritten. Any strides (none zero on an axis longer than 1).</param>
        /// <remarks>
        /// Operands may have any strides. Products run in float, key moments are summed in double. The approximation
        /// error is bounded by <see cref="ErrorBound(double, int, double)"/> (see the class remarks for the rounding error).
        /// </remarks>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="degree"/> is negative or odd (an odd-degree Taylor
        /// polynomial of exp is negative for large negative scores, so the normalizer could vanish), or has more features
        /// than fit in memory. Nothing is written.</exception>
        /// <exception cref="ArgumentException">An operand is not a matrix, two sizes disagree (the message names the operands
        /// and both sizes), K1 has no rows, or <paramref name="o"/> has a zero stride. Nothing is written.</exception>
        public static void Compute(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
            ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, int degree, TensorSpan<float> o)
            => Run(q, k1, k2, v1, v2, scale, degree, o);

        /// <summary>
        /// Approximate tensor attention in double:
        /// O_ic ≈ Σ_jk exp(S_ijk)·V1_jc·V2_kc / Σ_jk exp(S_ijk), S_ijk = scale·Σ_l Q_il·K1_jl·K2_kl, with exp replaced by
        /// its Taylor polynomial of degree <paramref name="degree"/>.
        /// </summary>
        /// <param name="q">Queries Q, n × d.</param>
        /// <param name="k1">First keys K1, m × d.</param>
        /// <param name="k2">Second keys K2, m × d.</param>
        /// <param name="v1">First values V1, m × dv.</param>
        /// <param name="v2">Second values V2, m × dv.</param>
        /// <param name="scale">Factor of the scores (1/√d in 2-simplicial attention).</param>
        /// <param name="degree">Even degree g ≥ 0 of the Taylor polynomial; the cost grows with C(d + g, g).</param>
        /// <param name="o">Output O, n × dv; overwritten. Any strides (none zero on an axis longer than 1).</param>
        /// <remarks>
        /// Operands may have any strides. The approximation error is bounded by <see cref="ErrorBound(double, int, double)"/>
        /// (see the class remarks for the rounding error).
        /// </remarks>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="degree"/> is negative or odd (an odd-degree Taylor
        /// polynomial of exp is negative for large negative scores, so the normalizer could vanish), or has more features
        /// than fit in memory. Nothing is written.</exception>
        /// <exception cref="ArgumentException">An operand is not a matrix, two sizes disagree (the message names the operands
        /// and both sizes), K1 has no rows, or <paramref name="o"/> has a zero stride. Nothing is written.</exception>
        public static void Compute(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2,
            ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2, double scale, int degree, TensorSpan<double> o)
            => Run(q, k1, k2, v1, v2, scale, degree, o);

        /// <summary>
        /// A bound on max |O_approx − O_exact| over every output element, for scores bounded by
        /// <paramref name="scoreBound"/> and value products bounded by <paramref name="valueBound"/>:
        /// with a = B^{g+1}/(g+1)!, the bound is V·min(2, (1 + e^B)·a / (2(1 − a))) when a &lt; 1, and 2V otherwise.
        /// </summary>
        /// <param name="scoreBound">B with |S_ijk| ≤ B for every i, j, k, e.g. from <see cref="ScoreBound(ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double)"/>.</param>
        /// <param name="degree">The even degree g passed to <c>Compute</c>.</param>
        /// <param name="valueBound">V with |V1_jc·V2_kc| ≤ V for every j, k, c, e.g. from <see cref="ValueBound(ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double})"/>.</param>
        /// <returns>The bound (0 when B = 0 or V = 0).</returns>
        /// <remarks>
        /// <para>Derivation (docs/attention.md, "Polynomial approximation", has it in full). Write w = e^s for an exact
        /// weight and w(1 + δ) = P_g(s) for the approximate one. By Taylor's theorem with the Lagrange remainder,
        /// e^s − P_g(s) = e^ξ s^{g+1}/(g+1)! with ξ between 0 and s. For 0 ≤ s ≤ B this gives −a ≤ δ ≤ 0; for −B ≤ s &lt; 0
        /// (g + 1 odd, e^ξ ≤ 1) it gives 0 ≤ δ ≤ e^B·a. So δ lies in an interval of length (1 + e^B)·a, whose midpoint
        /// we call δ₀.</para>
        /// <para>Fix a query i and a channel c, let x_jk = V1_jc·V2_kc and O = Σ w x / Σ w. Then, because Σ w (x − O) = 0,
        /// O_approx − O = Σ w(1+δ)(x − O) / Σ w(1+δ) = Σ w (δ − δ₀)(x − O) / Σ w(1+δ), so
        /// |O_approx − O| ≤ (1 + e^B)·a/2 · (Σ w |x − O| / Σ w) / (1 − a). The middle factor is the mean absolute
        /// deviation of a distribution on [−V, V], at most half the interval's length, V. Independently, both outputs
        /// are weighted means of the same x (all weights positive because g is even), so they differ by at most 2V.</para>
        /// <para>This implies the simpler, looser form 2ε/(1 − ε)·V with ε = e^{2B}·B^{g+1}/(g+1)!, a bound on the
        /// relative weight error |δ| through e^{|s|} ≤ e^B twice.</para>
        /// </remarks>
        /// <exception cref="ArgumentOutOfRangeException">A bound is negative or NaN, or <paramref name="degree"/> is negative or odd.</exception>
        public static double ErrorBound(double scoreBound, int degree, double valueBound)
        {
            if (!(scoreBound >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(scoreBound), scoreBound, "The score bound must be a non-negative number.");
            }
            if (!(valueBound >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(valueBound), valueBound, "The value bound must be a non-negative number.");
            }
            CheckDegree(degree);
            if (scoreBound == 0 || valueBound == 0)
            {
                return 0;
            }
            if (double.IsPositiveInfinity(scoreBound))
            {
                return 2 * valueBound;
            }
            // log a = Σ_{t=1}^{g+1} (log B − log t): no overflow of B^{g+1} or (g+1)!.
            double logA = 0;
            double logB = Math.Log(scoreBound);
            for (int t = 1; t <= degree + 1; t++)
            {
                logA += logB - Math.Log(t);
            }
            if (logA >= 0)
            {
                return 2 * valueBound;
            }
            double a = Math.Exp(logA);
            // log((1 + e^B)/2) = B + log((1 + e^{−B})/2), stable for large B.
            double logHalfWidth = logA + scoreBound + Math.Log((1 + Math.Exp(-scoreBound)) / 2);
            double factor = Math.Exp(logHalfWidth) / (1 - a);
            return valueBound * Math.Min(2, factor);
        }

        /// <summary>
        /// A bound B on every score: |S_ijk| ≤ B = |scale|·Σ_l max_i |Q_il|·max_j |K1_jl|·max_k |K2_kl| (triangle inequality).
        /// </summary>
        /// <param name="q">Queries, n × d.</param>
        /// <param name="k1">First keys, m × d.</param>
        /// <param name="k2">Second keys, m' × d.</param>
        /// <param name="scale">The score factor passed to <c>Compute</c>.</param>
        /// <returns>B (0 when a tensor has no rows).</returns>
        /// <exception cref="ArgumentException">An operand is not a matrix or the column counts differ.</exception>
        public static double ScoreBound(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2, float scale)
            => ScoreBoundCore(q, k1, k2, scale);

        /// <summary>
        /// A bound B on every score: |S_ijk| ≤ B = |scale|·Σ_l max_i |Q_il|·max_j |K1_jl|·max_k |K2_kl| (triangle inequality).
        /// </summary>
        /// <param name="q">Queries, n × d.</param>
        /// <param name="k1">First keys, m × d.</param>
        /// <param name="k2">Second keys, m' × d.</param>
        /// <param name="scale">The score factor passed to <c>Compute</c>.</param>
        /// <returns>B (0 when a tensor has no rows).</returns>
        /// <exception cref="ArgumentException">An operand is not a matrix or the column counts differ.</exception>
        public static double ScoreBound(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2, double scale)
            => ScoreBoundCore(q, k1, k2, scale);

        /// <summary>
        /// A bound V on every value product: |V1_jc·V2_kc| ≤ V = max_c (max_j |V1_jc|·max_k |V2_kc|) (attained, so the
        /// tightest such bound).
        /// </summary>
        /// <param name="v1">First values, m × dv.</param>
        /// <param name="v2">Second values, m' × dv.</param>
        /// <returns>V (0 when a tensor is empty).</returns>
        /// <exception cref="ArgumentException">An operand is not a matrix or the column counts differ.</exception>
        public static double ValueBound(ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2) => ValueBoundCore(v1, v2);

        /// <summary>
        /// A bound V on every value product: |V1_jc·V2_kc| ≤ V = max_c (max_j |V1_jc|·max_k |V2_kc|) (attained, so the
        /// tightest such bound).
        /// </summary>
        /// <param name="v1">First values, m × dv.</param>
        /// <param name="v2">Second values, m' × dv.</param>
        /// <returns>V (0 when a tensor is empty).</returns>
        /// <exception cref="ArgumentException">An operand is not a matrix or the column counts differ.</exception>
        public static double ValueBound(ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2) => ValueBoundCore(v1, v2);

        // ───────────────────────────── validation ─────────────────────────────

        private static void CheckDegree(int degree)
        {
            if (degree < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(degree), degree, "The degree of the Taylor polynomial must not be negative.");
            }
            if ((degree & 1) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(degree), degree,
                    "The degree of the Taylor polynomial must be even: an even-degree Taylor polynomial of exp is positive everywhere, " +
                    "so every approximate attention weight is positive and the normalizer cannot vanish; an odd-degree one is negative " +
                    "for large negative scores.");
            }
        }

        private static void CheckMatrix(ReadOnlySpan<nint> lengths, string name)
        {
            if (lengths.Length != 2)
            {
                throw new ArgumentException($"{name} must be a matrix (rank 2) but has rank {lengths.Length} (shape [{string.Join(", ", lengths.ToArray())}]).", name);
            }
        }

        private static void CheckSize(nint actual, string name, string what, nint expected, string sourceName)
        {
            if (actual != expected)
            {
                throw new ArgumentException($"{name} has {actual} {what} but {sourceName} has {expected}.", name);
            }
        }

        /// <summary>Every shape check of <c>Compute</c>; returns (n, m, d, dv).</summary>
        private static (nint N, nint M, int D, int Dv) CheckShapes(
            ReadOnlySpan<nint> q, ReadOnlySpan<nint> k1, ReadOnlySpan<nint> k2, ReadOnlySpan<nint> v1, ReadOnlySpan<nint> v2,
            ReadOnlySpan<nint> o, ReadOnlySpan<nint> oStrides)
        {
            CheckMatrix(q, "q");
            CheckMatrix(k1, "k1");
            CheckMatrix(k2, "k2");
            CheckMatrix(v1, "v1");
            CheckMatrix(v2, "v2");
            CheckMatrix(o, "o");
            CheckSize(k1[1], "k1", "columns (the feature dimension d)", q[1], "q");
            CheckSize(k2[1], "k2", "columns (the feature dimension d)", q[1], "q");
            CheckSize(k2[0], "k2", "rows (keys)", k1[0], "k1");
            CheckSize(v1[0], "v1", "rows (keys)", k1[0], "k1");
            CheckSize(v2[0], "v2", "rows (keys)", k1[0], "k1");
            CheckSize(v2[1], "v2", "columns (the value dimension dv)", v1[1], "v1");
            CheckSize(o[0], "o", "rows (queries)", q[0], "q");
            CheckSize(o[1], "o", "columns (the value dimension dv)", v1[1], "v1");
            if (k1[0] == 0)
            {
                throw new ArgumentException("k1 has no rows: attention needs at least one key (the normalizer of an empty sum is 0).", nameof(k1));
            }
            for (int axis = 0; axis < 2 && o[0] > 0 && o[1] > 0; axis++)
            {
                if (o[axis] > 1 && oStrides[axis] == 0)
                {
                    throw new ArgumentException($"o has stride 0 on axis {axis}; an output must not alias its own elements.", nameof(o));
                }
            }
            if (q[1] >= int.MaxValue || v1[1] >= int.MaxValue)
            {
                throw new ArgumentException($"The feature dimension d = {q[1]} or the value dimension dv = {v1[1]} is too large.", q[1] >= int.MaxValue ? nameof(q) : nameof(v1));
            }
            return (q[0], k1[0], (int)q[1], (int)v1[1]);
        }

        // ───────────────────────────── computation ─────────────────────────────

        private static unsafe void Run<T>(ReadOnlyTensorSpan<T> q, ReadOnlyTensorSpan<T> k1, ReadOnlyTensorSpan<T> k2,
            ReadOnlyTensorSpan<T> v1, ReadOnlyTensorSpan<T> v2, T scale, int degree, TensorSpan<T> o)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            // Every check first: nothing is written when one fails.
            CheckDegree(degree);
            var (n, m, d, dv) = CheckShapes(q.Lengths, k1.Lengths, k2.Lengths, v1.Lengths, v2.Lengths, o.Lengths, o.Strides);
            var table = MonomialTable.Get(d, degree);
            int r = table.Count;
            int channels = dv + 1; // the values, then a channel of ones for the normalizer
            int block = BlockRows<T>(r, Math.Max(n, m));
            if ((long)r * block > Array.MaxLength || (long)channels * r > Array.MaxLength / 2)
            {
                throw new ArgumentOutOfRangeException(nameof(degree), degree,
                    $"The degree-{degree} polynomial in d = {d} variables has {r} monomial features, too many for the feature buffers.");
            }
            if (n == 0 || dv == 0)
            {
                return;
            }

            // Threads: one per core when there is enough work (as for a GEMM: about a million multiply-adds per thread)
            // and the GEMM worker pool is free; the generated GEMMs called inside then run single-threaded (the pool is
            // held). The key blocks are summed in a fixed number of chunks (contiguous runs of blocks, each summed in
            // order into its own accumulator, the accumulators then summed in order), which depends only on the sizes
            // and the core count, never on which thread ran what: the result is the same whether or not the pool was free.
            long work = (2 * (long)m + n) * r * channels;
            int keyBlocks = (int)((m + block - 1) / block);
            int threads = (int)Math.Clamp(work >> 20, 1, Math.Min(GemmWorkerPool.MaxThreads, Math.Max(n, m) / block + 1));
            int chunks = threads == 1 ? 1 : Math.Min(keyBlocks, 2 * threads);
            bool pooled = threads > 1 && GemmWorkerPool.TryEnter();
            if (!pooled)
            {
                threads = 1;
            }

            int sumLength = 2 * channels * r; // per chunk: sum1, then sum2
            double[] sums = ArrayPool<double>.Shared.Rent(checked(chunks * sumLength));
            T[] weights = ArrayPool<T>.Shared.Rent(channels * r);
            try
            {
                fixed (T* pq = &Unsafe.AsRef(in q.GetPinnableReference()))
                fixed (T* pk1 = &Unsafe.AsRef(in k1.GetPinnableReference()))
                fixed (T* pk2 = &Unsafe.AsRef(in k2.GetPinnableReference()))
                fixed (T* pv1 = &Unsafe.AsRef(in v1.GetPinnableReference()))
                fixed (T* pv2 = &Unsafe.AsRef(in v2.GetPinnableReference()))
                fixed (T* po = &o.GetPinnableReference())
                {
                    var problem = new Problem<T>
                    {
                        Table = table, R = r, D = d, Dv = dv, Channels = channels, Block = block, N = n, M = m,
                        Q = new(pq, q.Strides), K1 = new(pk1, k1.Strides), K2 = new(pk2, k2.Strides),
                        V1 = new(pv1, v1.Strides), V2 = new(pv2, v2.Strides),
                        O = po, ORowStride = o.Strides[0], OColStride = o.Strides[1],
                        Sums = sums, Weights = weights, Chunks = chunks, KeyBlocks = keyBlocks,
                    };
                    sums.AsSpan(0, chunks * sumLength).Clear();

                    // Keys: each chunk sums, over its blocks, sum1[c, α] = Σ_j V1_jc·K1_j^α (c < dv) and Σ_j K1_j^α (c = dv),
                    // and likewise sum2 for (K2, V2).
                    RunPhase(ref problem, 0, threads, pooled);
                    Span<double> total = sums.AsSpan(0, sumLength);
                    for (int chunk = 1; chunk < chunks; chunk++)
                    {
                        TensorPrimitives.Add(total, sums.AsSpan(chunk * sumLength, sumLength), total);
                    }
                    Span<double> sum1 = total.Slice(0, channels * r), sum2 = total.Slice(channels * r, channels * r);

                    // W[c, α] = scale^|α|/α! · sum1[c, α] · sum2[c, α]: the query coefficients folded into the key moments.
                    double s = double.CreateTruncating(scale);
                    var totalDegree = table.TotalDegree;
                    int maxDegree = totalDegree[r - 1]; // graded order; less than the degree only when d = 0
                    Span<double> scalePowers = maxDegree < 256 ? stackalloc double[maxDegree + 1] : new double[maxDegree + 1];
                    scalePowers[0] = 1;
                    for (int t = 1; t <= maxDegree; t++)
                    {
                        scalePowers[t] = scalePowers[t - 1] * s;
                    }
                    var inverseFactorial = table.InverseFactorial;
                    for (int c = 0; c < channels; c++)
                    {
                        for (int a = 0; a < r; a++)
                        {
                            int e = c * r + a;
                            weights[e] = T.CreateTruncating(scalePowers[totalDegree[a]] * inverseFactorial[a] * sum1[e] * sum2[e]);
                        }
                    }

                    // Queries: out[c, i] = Σ_α W[c, α]·Q_i^α; row i of O is out[0..dv, i] / out[dv, i].
                    RunPhase(ref problem, 1, threads, pooled);
                }
            }
            finally
            {
                if (pooled)
                {
                    GemmWorkerPool.Exit();
                }
                ArrayPool<double>.Shared.Return(sums);
                ArrayPool<T>.Shared.Return(weights);
            }
        }

        /// <summary>Runs one phase (0: keys, 1: queries) on <paramref name="threads"/> threads; work (key chunks, query blocks) is handed out from a shared counter.</summary>
        private static void RunPhase<T>(ref Problem<T> problem, int phase, int threads, bool pooled)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            problem.NextItem = 0;
            if (!pooled)
            {
                RunShare(ref problem, phase);
                return;
            }
            // The pool is held, so the shared job descriptor is ours until Exit.
            var job = Job<T>.Shared;
            job.Problem = problem;
            job.Phase = phase;
            try
            {
                GemmWorkerPool.Run(job, threads);
            }
            finally
            {
                job.Problem = default;
            }
        }

        /// <summary>One thread's share of a phase: work items from the shared counter until none is left, with its own buffers.</summary>
        private static unsafe void RunShare<T>(ref Problem<T> p, int phase)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int b = p.Block, r = p.R, channels = p.Channels, dv = p.Dv;
            nint rowsTotal = phase == 0 ? p.M : p.N;
            int items = phase == 0 ? p.Chunks : (int)((rowsTotal + b - 1) / b);
            T[] features = ArrayPool<T>.Shared.Rent(r * b);
            T[] rows = ArrayPool<T>.Shared.Rent(Math.Max(p.D, 1) * b);
            T[] values = ArrayPool<T>.Shared.Rent(channels * b);
            T[] moments = ArrayPool<T>.Shared.Rent(channels * r);
            try
            {
                int item;
                while ((item = Interlocked.Increment(ref p.NextItem) - 1) < items)
                {
                    if (phase == 0)
                    {
                        // Chunk 'item': key blocks [first, last), summed in order into the chunk's accumulators.
                        int first = (int)((long)item * p.KeyBlocks / p.Chunks), last = (int)((long)(item + 1) * p.KeyBlocks / p.Chunks);
                        for (int blockIndex = first; blockIndex < last; blockIndex++)
                        {
                            nint key0 = (nint)blockIndex * b;
                            int keys = (int)Math.Min(b, rowsTotal - key0);
                            for (int side = 0; side < 2; side++)
                            {
                                Transpose(side == 0 ? p.K1 : p.K2, key0, keys, p.D, rows, b);
                                Features(p.Table, rows, b, keys, features);
                                Transpose(side == 0 ? p.V1 : p.V2, key0, keys, dv, values, b);
                                values.AsSpan(dv * b, keys).Fill(T.One);
                                KeyMoments(values, features, moments, channels, keys, b, r);
                                Accumulate(moments.AsSpan(0, channels * r), p.Sums.AsSpan((item * 2 + side) * channels * r, channels * r));
                            }
                        }
                    }
                    else
                    {
                        nint row0 = (nint)item * b;
                        int count = (int)Math.Min(b, rowsTotal - row0);
                        Transpose(p.Q, row0, count, p.D, rows, b);
                        Features(p.Table, rows, b, count, features);
                        QueryOutputs(p.Weights, features, values, channels, count, b, r);
                        for (int i = 0; i < count; i++)
                        {
                            T normalizer = values[dv * b + i];
                            T* row = p.O + (row0 + i) * p.ORowStride;
                            for (int c = 0; c < dv; c++)
                            {
                                row[c * p.OColStride] = values[c * b + i] / normalizer;
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(features);
                ArrayPool<T>.Shared.Return(rows);
                ArrayPool<T>.Shared.Return(values);
                ArrayPool<T>.Shared.Return(moments);
            }
        }

        /// <summary>
        /// Rows per block: about <see cref="FeatureBlockBytes"/> of features, within [16, 256], a multiple of 16, and no
        /// more than the rows there are (rounded up to 16).
        /// </summary>
        private static unsafe int BlockRows<T>(int features, nint rows)
            where T : unmanaged
        {
            int block = (int)Math.Clamp(FeatureBlockBytes / ((long)features * sizeof(T)), MinBlockRows, MaxBlockRows) & ~(MinBlockRows - 1);
            int needed = (int)Math.Min(MaxBlockRows, (rows + MinBlockRows - 1) / MinBlockRows * MinBlockRows);
            return Math.Max(MinBlockRows, Math.Min(block, needed));
        }

        /// <summary>
        /// <c>dst[l·stride + j] = src[row0 + j, l]</c> for j &lt; count, l &lt; columns: a row block, transposed; columns
        /// are zero-padded up to a multiple of 16 rows, so that the vector loops over the block read no stale data.
        /// </summary>
        private static unsafe void Transpose<T>(Matrix<T> src, nint row0, int count, int columns, T[] dst, int stride)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int width = PaddedWidth(count);
            fixed (T* d0 = dst)
            {
                for (int l = 0; l < columns; l++)
                {
                    T* column = src.Data + l * src.ColumnStride + row0 * src.RowStride;
                    T* d = d0 + l * stride;
                    nint rs = src.RowStride;
                    for (int j = 0; j < count; j++)
                    {
                        d[j] = column[j * rs];
                    }
                    for (int j = count; j < width; j++)
                    {
                        d[j] = T.Zero;
                    }
                }
            }
        }

        /// <summary>Rows actually processed by the vector loops: <paramref name="count"/> rounded up to 16.</summary>
        private static int PaddedWidth(int count) => (count + MinBlockRows - 1) & ~(MinBlockRows - 1);

        /// <summary>
        /// The monomial features of a block, feature-major: <c>features[α·stride + j] = x_j^α</c>, from the transposed
        /// block <c>rows[l·stride + j] = x_jl</c>; one vector product per monomial (x^α = x^parent(α)·x_variable(α)).
        /// </summary>
        [SkipLocalsInit]
        private static unsafe void Features<T>(MonomialTable table, T[] rows, int stride, int count, T[] features)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int width = PaddedWidth(count); // a multiple of every vector width; the padding rows hold zeros
            ReadOnlySpan<int> parent = table.Parent, variable = table.Variable;
            fixed (T* f = features, x = rows)
            {
                new Span<T>(f, width).Fill(T.One);
                for (int a = 1; a < parent.Length; a++)
                {
                    T* src = f + (nint)parent[a] * stride;
                    T* v = x + (nint)variable[a] * stride;
                    T* dst = f + (nint)a * stride;
                    if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
                    {
                        for (int j = 0; j < width; j += Vector512<T>.Count)
                        {
                            Vector512.Store(Vector512.Load(src + j) * Vector512.Load(v + j), dst + j);
                        }
                    }
                    else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
                    {
                        for (int j = 0; j < width; j += Vector256<T>.Count)
                        {
                            Vector256.Store(Vector256.Load(src + j) * Vector256.Load(v + j), dst + j);
                        }
                    }
                    else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
                    {
                        for (int j = 0; j < width; j += Vector128<T>.Count)
                        {
                            Vector128.Store(Vector128.Load(src + j) * Vector128.Load(v + j), dst + j);
                        }
                    }
                    else
                    {
                        for (int j = 0; j < width; j++)
                        {
                            dst[j] = src[j] * v[j];
                        }
                    }
                }
            }
        }

        /// <summary><c>sum += part</c>, in double (float parts are widened exactly).</summary>
        private static unsafe void Accumulate<T>(ReadOnlySpan<T> part, Span<double> sum)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            if (typeof(T) == typeof(double))
            {
                TensorPrimitives.Add(sum, MemoryMarshal.Cast<T, double>(part), sum);
                return;
            }
            ReadOnlySpan<float> source = MemoryMarshal.Cast<T, float>(part);
            int e = 0;
            fixed (float* f = source)
            fixed (double* s = sum)
            {
                if (Vector512.IsHardwareAccelerated)
                {
                    for (; e <= source.Length - Vector512<float>.Count; e += Vector512<float>.Count)
                    {
                        var (lower, upper) = Vector512.Widen(Vector512.Load(f + e));
                        Vector512.Store(Vector512.Load(s + e) + lower, s + e);
                        Vector512.Store(Vector512.Load(s + e + Vector512<double>.Count) + upper, s + e + Vector512<double>.Count);
                    }
                }
                else if (Vector256.IsHardwareAccelerated)
                {
                    for (; e <= source.Length - Vector256<float>.Count; e += Vector256<float>.Count)
                    {
                        var (lower, upper) = Vector256.Widen(Vector256.Load(f + e));
                        Vector256.Store(Vector256.Load(s + e) + lower, s + e);
                        Vector256.Store(Vector256.Load(s + e + Vector256<double>.Count) + upper, s + e + Vector256<double>.Count);
                    }
                }
                for (; e < source.Length; e++)
                {
                    s[e] += f[e];
                }
            }
        }

        /// <summary>The generated <c>cj,rj-&gt;cr</c> kernel on channels × count values and r × count features (row stride <paramref name="stride"/>).</summary>
        private static void KeyMoments<T>(T[] values, T[] features, T[] moments, int channels, int count, int stride, int r)
            where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                PolynomialAttentionKernels.KeyMoments(
                    new ReadOnlyTensorSpan<float>((float[])(object)values, 0, [channels, count], [Stride(channels, stride), Stride(count, 1)]),
                    new ReadOnlyTensorSpan<float>((float[])(object)features, 0, [r, count], [Stride(r, stride), Stride(count, 1)]),
                    new TensorSpan<float>((float[])(object)moments, 0, [channels, r], [Stride(channels, r), Stride(r, 1)]));
            }
            else
            {
                PolynomialAttentionKernels.KeyMoments(
                    new ReadOnlyTensorSpan<double>((double[])(object)values, 0, [channels, count], [Stride(channels, stride), Stride(count, 1)]),
                    new ReadOnlyTensorSpan<double>((double[])(object)features, 0, [r, count], [Stride(r, stride), Stride(count, 1)]),
                    new TensorSpan<double>((double[])(object)moments, 0, [channels, r], [Stride(channels, r), Stride(r, 1)]));
            }
        }

        /// <summary>The generated <c>cr,ri-&gt;ci</c> kernel on channels × r weights and r × count features, into channels × count outputs.</summary>
        private static void QueryOutputs<T>(T[] weights, T[] features, T[] outputs, int channels, int count, int stride, int r)
            where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                PolynomialAttentionKernels.QueryOutputs(
                    new ReadOnlyTensorSpan<float>((float[])(object)weights, 0, [channels, r], [Stride(channels, r), Stride(r, 1)]),
                    new ReadOnlyTensorSpan<float>((float[])(object)features, 0, [r, count], [Stride(r, stride), Stride(count, 1)]),
                    new TensorSpan<float>((float[])(object)outputs, 0, [channels, count], [Stride(channels, stride), Stride(count, 1)]));
            }
            else
            {
                PolynomialAttentionKernels.QueryOutputs(
                    new ReadOnlyTensorSpan<double>((double[])(object)weights, 0, [channels, r], [Stride(channels, r), Stride(r, 1)]),
                    new ReadOnlyTensorSpan<double>((double[])(object)features, 0, [r, count], [Stride(r, stride), Stride(count, 1)]),
                    new TensorSpan<double>((double[])(object)outputs, 0, [channels, count], [Stride(channels, stride), Stride(count, 1)]));
            }
        }

        /// <summary>The stride to give an axis of a pooled-buffer view: 0 on an axis of length 1 (System.Numerics.Tensors
        /// checks a length-1 axis's stride against the buffer as if the axis were longer).</summary>
        private static nint Stride(int length, int stride) => length == 1 ? 0 : stride;

        private static double ScoreBoundCore<T>(ReadOnlyTensorSpan<T> q, ReadOnlyTensorSpan<T> k1, ReadOnlyTensorSpan<T> k2, double scale)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            CheckMatrix(q.Lengths, "q");
            CheckMatrix(k1.Lengths, "k1");
            CheckMatrix(k2.Lengths, "k2");
            CheckSize(k1.Lengths[1], "k1", "columns (the feature dimension d)", q.Lengths[1], "q");
            CheckSize(k2.Lengths[1], "k2", "columns (the feature dimension d)", q.Lengths[1], "q");
            double bound = 0;
            for (nint l = 0; l < q.Lengths[1]; l++)
            {
                bound += ColumnMaxAbs(q, l) * ColumnMaxAbs(k1, l) * ColumnMaxAbs(k2, l);
            }
            return Math.Abs(scale) * bound;
        }

        private static double ValueBoundCore<T>(ReadOnlyTensorSpan<T> v1, ReadOnlyTensorSpan<T> v2)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            CheckMatrix(v1.Lengths, "v1");
            CheckMatrix(v2.Lengths, "v2");
            CheckSize(v2.Lengths[1], "v2", "columns (the value dimension dv)", v1.Lengths[1], "v1");
            double bound = 0;
            for (nint c = 0; c < v1.Lengths[1]; c++)
            {
                bound = Math.Max(bound, ColumnMaxAbs(v1, c) * ColumnMaxAbs(v2, c));
            }
            return bound;
        }

        /// <summary>A pinned input matrix: its first element and its strides (in elements).</summary>
        private readonly unsafe struct Matrix<T>
            where T : unmanaged
        {
            public Matrix(T* data, ReadOnlySpan<nint> strides)
            {
                Data = data;
                RowStride = strides[0];
                ColumnStride = strides[1];
            }

            public T* Data { get; }

            public nint RowStride { get; }

            public nint ColumnStride { get; }
        }

        /// <summary>One call's problem, shared by the threads of a phase (inputs pinned for the duration of the call).</summary>
        private unsafe struct Problem<T>
            where T : unmanaged
        {
            public MonomialTable Table;
            public int R, D, Dv, Channels, Block;
            public nint N, M;
            public Matrix<T> Q, K1, K2, V1, V2;
            public T* O;
            public nint ORowStride, OColStride;
            /// <summary>Per chunk of key blocks: sum1 then sum2, each channels × r (keys phase).</summary>
            public double[] Sums;
            /// <summary>Number of key chunks, and of key blocks.</summary>
            public int Chunks, KeyBlocks;
            /// <summary>channels × r weights (queries phase).</summary>
            public T[] Weights;
            /// <summary>Next work item (key chunk or query block) to hand out.</summary>
            public int NextItem;
        }

        /// <summary>The worker pool's job: a phase of one call. One instance per element type, only used while holding the pool.</summary>
        private sealed class Job<T> : GemmWork
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            public static readonly Job<T> Shared = new();

            public Problem<T> Problem;

            public int Phase;

            public override void Execute(int worker, int workers) => RunShare(ref Problem, Phase);
        }

        /// <summary>max_i |x[i, column]| in double (0 for no rows; NaN if an entry is NaN).</summary>
        private static double ColumnMaxAbs<T>(ReadOnlyTensorSpan<T> x, nint column)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            nint rows = x.Lengths[0];
            if (rows == 0)
            {
                return 0;
            }
            ref T x0 = ref Unsafe.AsRef(in x.GetPinnableReference());
            nint rs = x.Strides[0], cs = x.Strides[1];
            double max = 0;
            for (nint i = 0; i < rows; i++)
            {
                double v = Math.Abs(double.CreateTruncating(Unsafe.Add(ref x0, i * rs + column * cs)));
                if (!(v <= max))
                {
                    max = v; // also propagates NaN
                    if (double.IsNaN(v))
                    {
                        return v;
                    }
                }
            }
            return max;
        }
    }
}
