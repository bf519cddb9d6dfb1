using System.Numerics;
using System.Runtime.CompilerServices;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// The register-blocked micro-kernels of both attention forms: the score tile (a small GEMM against packed,
    /// transposed keys) and the value tile (a small GEMM of probabilities against packed values, with the epilogue of
    /// each form). Tiles are <see cref="Mr"/> rows × <c>TileVectors</c> vectors.
    /// </summary>
    /// <remarks>
    /// <para>Both kernels keep the whole tile in registers for the length of their summation and read one operand as
    /// full vectors and the other as one broadcast scalar per row, the GotoBLAS shape: per summed position,
    /// <c>TileVectors</c> vector loads and 6 broadcasts feed 6 · TileVectors FMAs, so the loop is bound by FMA
    /// throughput rather than by loads.</para>
    /// <para>Packed layouts (see <see cref="AttentionPacking"/>): a key panel holds <c>Count</c> keys transposed,
    /// element (l, lane) at <c>l · Count + lane</c>, panels <c>panelStride</c> apart, so a tile's column vectors for one
    /// summed position are one aligned load per panel; rows (queries, values) are contiguous with a leading dimension
    /// that is a multiple of the vector width.</para>
    /// </remarks>
    internal static unsafe class AttentionKernels<TOps, TVec, T>
        where TOps : struct, IAttentionSimd<TVec, T>
        where TVec : unmanaged
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        /// <summary>Rows of a register tile.</summary>
        public const int Mr = 6;

        /// <summary>Columns of a register tile (keys of a score tile, value columns of a value tile).</summary>
        public static int TileWidth => TOps.TileVectors * TOps.Count;

        /// <summary>
        /// Score tile: <c>s[r · TileWidth + j] = Σ_{l &lt; depth} a[r · lda + l] · K[j, l]</c> for r &lt; 6 and j &lt; TileWidth,
        /// where K[v · Count + lane, l] = <c>panels[v · panelStride + l · Count + lane]</c>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        [SkipLocalsInit]
        public static void Scores(T* a, nint lda, nint depth, T* panels, nint panelStride, T* s)
        {
            int w = TOps.TileVectors;
            nint n = TOps.Count;
            TVec c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
            TVec c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
            TVec c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
            TVec c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
            TVec c40 = TOps.Zero, c41 = TOps.Zero, c42 = TOps.Zero, c43 = TOps.Zero;
            TVec c50 = TOps.Zero, c51 = TOps.Zero, c52 = TOps.Zero, c53 = TOps.Zero;
            T* b0 = panels;
            T* b1 = panels + panelStride;
            T* b2 = panels + 2 * panelStride;
            T* b3 = panels + 3 * panelStride;
            nint s1 = lda, s2 = 2 * lda, s3 = 3 * lda, s4 = 4 * lda, s5 = 5 * lda;
            T* end = a + depth;
            for (; a < end; a++)
            {
                TVec k0 = TOps.Load(b0);
                TVec k1 = w > 1 ? TOps.Load(b1) : default;
                TVec k2 = w > 2 ? TOps.Load(b2) : default;
                TVec k3 = w > 3 ? TOps.Load(b3) : default;
                b0 += n;
                b1 += n;
                b2 += n;
                b3 += n;

                TVec q = TOps.Broadcast(a);
                c00 = TOps.MulAdd(q, k0, c00);
                if (w > 1) c01 = TOps.MulAdd(q, k1, c01);
                if (w > 2) c02 = TOps.MulAdd(q, k2, c02);
                if (w > 3) c03 = TOps.MulAdd(q, k3, c03);

                q = TOps.Broadcast(a + s1);
                c10 = TOps.MulAdd(q, k0, c10);
                if (w > 1) c11 = TOps.MulAdd(q, k1, c11);
                if (w > 2) c12 = TOps.MulAdd(q, k2, c12);
                if (w > 3) c13 = TOps.MulAdd(q, k3, c13);

                q = TOps.Broadcast(a + s2);
                c20 = TOps.MulAdd(q, k0, c20);
                if (w > 1) c21 = TOps.MulAdd(q, k1, c21);
                if (w > 2) c22 = TOps.MulAdd(q, k2, c22);
                if (w > 3) c23 = TOps.MulAdd(q, k3, c23);

                q = TOps.Broadcast(a + s3);
                c30 = TOps.MulAdd(q, k0, c30);
                if (w > 1) c31 = TOps.MulAdd(q, k1, c31);
                if (w > 2) c32 = TOps.MulAdd(q, k2, c32);
                if (w > 3) c33 = TOps.MulAdd(q, k3, c33);

                q = TOps.Broadcast(a + s4);
                c40 = TOps.MulAdd(q, k0, c40);
                if (w > 1) c41 = TOps.MulAdd(q, k1, c41);
                if (w > 2) c42 = TOps.MulAdd(q, k2, c42);
                if (w > 3) c43 = TOps.MulAdd(q, k3, c43);

                q = TOps.Broadcast(a + s5);
                c50 = TOps.MulAdd(q, k0, c50);
                if (w > 1) c51 = TOps.MulAdd(q, k1, c51);
                if (w > 2) c52 = TOps.MulAdd(q, k2, c52);
                if (w > 3) c53 = TOps.MulAdd(q, k3, c53);
            }

            nint ld = w * n;
            StoreRow(s, c00, c01, c02, c03);
            StoreRow(s + ld, c10, c11, c12, c13);
            StoreRow(s + 2 * ld, c20, c21, c22, c23);
            StoreRow(s + 3 * ld, c30, c31, c32, c33);
            StoreRow(s + 4 * ld, c40, c41, c42, c43);
            StoreRow(s + 5 * ld, c50, c51, c52, c53);
        }

        /// <summary>
        /// Tensor-attention value tile and epilogue: with U[r, c] = Σ_{k &lt; kCount} p[r · TileWidth + k] · v2[k · ldv + c],
        /// <c>acc[c] += Σ_{r &lt; 6} v1[r · ldv + c] · U[r, c]</c> for c &lt; width (a multiple of TileWidth). U never leaves
        /// registers: the row sum with v1 is the second factor of the value product, applied as soon as the tile is done.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void ValuesTensor(T* p, nint kCount, T* v2, nint ldv, T* v1, T* acc, nint width)
            => Values<TensorEpilogue>(p, kCount, v2, ldv, v1, null, acc, 0, width);

        /// <summary>
        /// Standard-attention value tile: <c>o[r · ldo + c] = alpha[r] · o[r · ldo + c] + Σ_{k &lt; kCount} p[r · TileWidth + k] · v[k · ldv + c]</c>
        /// for r &lt; 6 and c &lt; width (a multiple of TileWidth). The flash recurrence's rescale of the running output
        /// (alpha = 2^(old max − new max), 1 when the maximum did not grow) is folded into loading the accumulators.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void ValuesStandard(T* p, nint kCount, T* v, nint ldv, T* alpha, T* o, nint ldo, nint width)
            => Values<StandardEpilogue>(p, kCount, v, ldv, null, alpha, o, ldo, width);

        /// <summary>
        /// The value tile of both forms, specialized by <typeparamref name="TMode"/>: the accumulators start at zero
        /// (tensor) or at the rescaled running output (standard), sum 6 rows of probabilities against value rows, and end
        /// in the form's epilogue. One body, so the summation loop is written once.
        /// </summary>
        /// <remarks>
        /// Too large to be inlined, so it is compiled fully optimized from the first call: a tier-0 copy of a kernel
        /// that is called thousands of times per attention call would otherwise run (at a fraction of the speed) until
        /// tiered compilation replaces it (a quarter of a benchmark's samples were in such tier-0 code before this).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        [SkipLocalsInit]
        private static void Values<TMode>(T* p, nint kCount, T* v, nint ldv, T* v1, T* alpha, T* o, nint ldo, nint width)
            where TMode : struct, IEpilogue
        {
            int w = TOps.TileVectors;
            nint n = TOps.Count;
            nint ldp = w * n;
            nint s1 = ldp, s2 = 2 * ldp, s3 = 3 * ldp, s4 = 4 * ldp, s5 = 5 * ldp;
            TVec f0 = default, f1 = default, f2 = default, f3 = default, f4 = default, f5 = default;
            if (!TMode.Tensor)
            {
                f0 = TOps.Splat(alpha[0]);
                f1 = TOps.Splat(alpha[1]);
                f2 = TOps.Splat(alpha[2]);
                f3 = TOps.Splat(alpha[3]);
                f4 = TOps.Splat(alpha[4]);
                f5 = TOps.Splat(alpha[5]);
            }
            for (nint c = 0; c < width; c += ldp)
            {
                TVec c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
                TVec c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
                T* r0 = o + c;
                if (TMode.Tensor)
                {
                    c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = TOps.Zero;
                    c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = TOps.Zero;
                }
                else
                {
                    LoadRow(r0, f0, out c00, out c01, out c02, out c03);
                    LoadRow(r0 + ldo, f1, out c10, out c11, out c12, out c13);
                    LoadRow(r0 + 2 * ldo, f2, out c20, out c21, out c22, out c23);
                    LoadRow(r0 + 3 * ldo, f3, out c30, out c31, out c32, out c33);
                    LoadRow(r0 + 4 * ldo, f4, out c40, out c41, out c42, out c43);
                    LoadRow(r0 + 5 * ldo, f5, out c50, out c51, out c52, out c53);
                }

                T* pk = p;
                T* vk = v + c;
                T* end = p + kCount;
                for (; pk < end; pk++)
                {
                    TVec x0 = TOps.Load(vk);
                    TVec x1 = w > 1 ? TOps.Load(vk + n) : default;
                    TVec x2 = w > 2 ? TOps.Load(vk + 2 * n) : default;
                    TVec x3 = w > 3 ? TOps.Load(vk + 3 * n) : default;
                    vk += ldv;

                    TVec b = TOps.Broadcast(pk);
                    c00 = TOps.MulAdd(b, x0, c00);
                    if (w > 1) c01 = TOps.MulAdd(b, x1, c01);
                    if (w > 2) c02 = TOps.MulAdd(b, x2, c02);
                    if (w > 3) c03 = TOps.MulAdd(b, x3, c03);

                    b = TOps.Broadcast(pk + s1);
                    c10 = TOps.MulAdd(b, x0, c10);
                    if (w > 1) c11 = TOps.MulAdd(b, x1, c11);
                    if (w > 2) c12 = TOps.MulAdd(b, x2, c12);
                    if (w > 3) c13 = TOps.MulAdd(b, x3, c13);

                    b = TOps.Broadcast(pk + s2);
                    c20 = TOps.MulAdd(b, x0, c20);
                    if (w > 1) c21 = TOps.MulAdd(b, x1, c21);
                    if (w > 2) c22 = TOps.MulAdd(b, x2, c22);
                    if (w > 3) c23 = TOps.MulAdd(b, x3, c23);

                    b = TOps.Broadcast(pk + s3);
                    c30 = TOps.MulAdd(b, x0, c30);
                    if (w > 1) c31 = TOps.MulAdd(b, x1, c31);
                    if (w > 2) c32 = TOps.MulAdd(b, x2, c32);
                    if (w > 3) c33 = TOps.MulAdd(b, x3, c33);

                    b = TOps.Broadcast(pk + s4);
                    c40 = TOps.MulAdd(b, x0, c40);
                    if (w > 1) c41 = TOps.MulAdd(b, x1, c41);
                    if (w > 2) c42 = TOps.MulAdd(b, x2, c42);
                    if (w > 3) c43 = TOps.MulAdd(b, x3, c43);

                    b = TOps.Broadcast(pk + s5);
                    c50 = TOps.MulAdd(b, x0, c50);
                    if (w > 1) c51 = TOps.MulAdd(b, x1, c51);
                    if (w > 2) c52 = TOps.MulAdd(b, x2, c52);
                    if (w > 3) c53 = TOps.MulAdd(b, x3, c53);
                }

                if (TMode.Tensor)
                {
                    // acc[c] += Σ_r v1[r, c] · U[r, c], one vector column at a time.
                    T* x = v1 + c;
                    AddColumn(r0, x, ldv, c00, c10, c20, c30, c40, c50);
                    if (w > 1) AddColumn(r0 + n, x + n, ldv, c01, c11, c21, c31, c41, c51);
                    if (w > 2) AddColumn(r0 + 2 * n, x + 2 * n, ldv, c02, c12, c22, c32, c42, c52);
                    if (w > 3) AddColumn(r0 + 3 * n, x + 3 * n, ldv, c03, c13, c23, c33, c43, c53);
                }
                else
                {
                    StoreRow(r0, c00, c01, c02, c03);
                    StoreRow(r0 + ldo, c10, c11, c12, c13);
                    StoreRow(r0 + 2 * ldo, c20, c21, c22, c23);
                    StoreRow(r0 + 3 * ldo, c30, c31, c32, c33);
                    StoreRow(r0 + 4 * ldo, c40, c41, c42, c43);
                    StoreRow(r0 + 5 * ldo, c50, c51, c52, c53);
                }
            }
        }

        /// <summary>
        /// 2^x for one x ≤ 0: the factor by which a running sum and output shrink when the running maximum grows. The
        /// vector polynomial on one lane (a library pow call cost about 1 % of standard attention); exactly 0 below the
        /// polynomial's floor, which covers x = −∞ on a row's first tile.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Exp2Scalar(T x) => x < Exp2Polynomial.Floor<T>() ? T.Zero : TOps.ToScalar(TOps.Exp2(TOps.Splat(x)));

        /// <summary>
        /// Largest score of one tile row (<c>TileVectors</c> vectors), lane-wise: the keys at column offsets outside
        /// [<paramref name="first"/>, <paramref name="end"/>) count as −∞ when <paramref name="partial"/> is set.
        /// Unrolled by hand (the JIT does not unroll loops), with the unmasked case, by far the most common, separate.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec RowMax(T* row, TVec runningMax, bool partial, nint first, nint end)
        {
            int w = TOps.TileVectors;
            nint n = TOps.Count;
            TVec x0 = TOps.Load(row);
            TVec x1 = w > 1 ? TOps.Load(row + n) : default;
            TVec x2 = w > 2 ? TOps.Load(row + 2 * n) : default;
            TVec x3 = w > 3 ? TOps.Load(row + 3 * n) : default;
            if (partial)
            {
                TVec minusInfinity = TOps.Splat(T.NegativeInfinity);
                x0 = TOps.KeepLanes(x0, minusInfinity, first, end);
                if (w > 1) x1 = TOps.KeepLanes(x1, minusInfinity, first - n, end - n);
                if (w > 2) x2 = TOps.KeepLanes(x2, minusInfinity, first - 2 * n, end - 2 * n);
                if (w > 3) x3 = TOps.KeepLanes(x3, minusInfinity, first - 3 * n, end - 3 * n);
            }
            TVec m = TOps.Max(runningMax, x0);
            if (w > 1) m = TOps.Max(m, x1);
            if (w > 2) m = TOps.Max(m, x2);
            if (w > 3) m = TOps.Max(m, x3);
            return m;
        }

        /// <summary>
        /// Replaces one tile row of scores s by 2^(s − shift) (zero outside [<paramref name="first"/>, <paramref name="end"/>)
        /// when <paramref name="partial"/> is set) and returns <paramref name="sum"/> plus those probabilities, lane-wise.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec ExpRow(T* row, TVec shift, TVec sum, bool partial, nint first, nint end)
        {
            int w = TOps.TileVectors;
            nint n = TOps.Count;
            TVec p0 = TOps.Exp2(TOps.Subtract(TOps.Load(row), shift));
            TVec p1 = w > 1 ? TOps.Exp2(TOps.Subtract(TOps.Load(row + n), shift)) : default;
            TVec p2 = w > 2 ? TOps.Exp2(TOps.Subtract(TOps.Load(row + 2 * n), shift)) : default;
            TVec p3 = w > 3 ? TOps.Exp2(TOps.Subtract(TOps.Load(row + 3 * n), shift)) : default;
            if (partial)
            {
                p0 = TOps.KeepLanes(p0, TOps.Zero, first, end);
                if (w > 1) p1 = TOps.KeepLanes(p1, TOps.Zero, first - n, end - n);
                if (w > 2) p2 = TOps.KeepLanes(p2, TOps.Zero, first - 2 * n, end - 2 * n);
                if (w > 3) p3 = TOps.KeepLanes(p3, TOps.Zero, first - 3 * n, end - 3 * n);
            }
            TOps.Store(row, p0);
            sum = TOps.Add(sum, p0);
            if (w > 1)
            {
                TOps.Store(row + n, p1);
                sum = TOps.Add(sum, p1);
            }
            if (w > 2)
            {
                TOps.Store(row + 2 * n, p2);
                sum = TOps.Add(sum, p2);
            }
            if (w > 3)
            {
                TOps.Store(row + 3 * n, p3);
                sum = TOps.Add(sum, p3);
            }
            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddColumn(T* acc, T* x, nint ldx, TVec u0, TVec u1, TVec u2, TVec u3, TVec u4, TVec u5)
        {
            TVec a = TOps.Load(acc);
            a = TOps.MulAdd(TOps.Load(x), u0, a);
            a = TOps.MulAdd(TOps.Load(x + ldx), u1, a);
            a = TOps.MulAdd(TOps.Load(x + 2 * ldx), u2, a);
            a = TOps.MulAdd(TOps.Load(x + 3 * ldx), u3, a);
            a = TOps.MulAdd(TOps.Load(x + 4 * ldx), u4, a);
            a = TOps.MulAdd(TOps.Load(x + 5 * ldx), u5, a);
            TOps.Store(acc, a);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRow(T* s, TVec v0, TVec v1, TVec v2, TVec v3)
        {
            int w = TOps.TileVectors;
            nint n = TOps.Count;
            TOps.Store(s, v0);
            if (w > 1) TOps.Store(s + n, v1);
            if (w > 2) TOps.Store(s + 2 * n, v2);
            if (w > 3) TOps.Store(s + 3 * n, v3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void LoadRow(T* s, TVec factor, out TVec v0, out TVec v1, out TVec v2, out TVec v3)
        {
            int w = TOps.TileVectors;
            nint n = TOps.Count;
            v0 = TOps.Multiply(TOps.Load(s), factor);
            v1 = w > 1 ? TOps.Multiply(TOps.Load(s + n), factor) : default;
            v2 = w > 2 ? TOps.Multiply(TOps.Load(s + 2 * n), factor) : default;
            v3 = w > 3 ? TOps.Multiply(TOps.Load(s + 3 * n), factor) : default;
        }
    }

    /// <summary>Selects the value tile's start and epilogue at compile time (see <c>AttentionKernels.Values</c>).</summary>
    internal interface IEpilogue
    {
        /// <summary>True: tensor form (start at zero, fold into the accumulator with v1); false: standard form.</summary>
        static abstract bool Tensor { get; }
    }

    /// <summary>The tensor form's value tile.</summary>
    internal readonly struct TensorEpilogue : IEpilogue
    {
        public static bool Tensor => true;
    }

    /// <summary>The standard form's value tile.</summary>
    internal readonly struct StandardEpilogue : IEpilogue
    {
        public static bool Tensor => false;
    }
}
