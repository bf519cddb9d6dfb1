using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TensorDsl.Cpu.Attention;

namespace TensorDsl.Equivariant
{
    /// <summary>
    /// One Fourier-method call after validation: raw pointers into pinned operands, the leading-axis layout, the plan.
    /// Rows are the elements of the output's leading index space; each row's operands are found through the strides
    /// (a broadcast axis has stride 0).
    /// </summary>
    internal unsafe struct GauntFourierProblem<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public GauntFourierPlan<T> Plan;

        /// <summary>0 for a two-operand product; ν for a many-body product.</summary>
        public int Nu;

        public T* X;
        public T* Y;
        public T* Z;
        public T* Weights;

        /// <summary>Rows of the output (product of its leading lengths).</summary>
        public nint Rows;

        /// <summary>Rank of the output's leading index space.</summary>
        public int LeadRank;

        /// <summary>4·LeadRank values: lengths, then x, y and z strides per leading axis (0 where broadcast).</summary>
        public nint* Lead;

        public nint XLast;
        public nint YLast;
        public nint ZLast;

        /// <summary>Many-body weights: strides of the ν, channel and degree axes.</summary>
        public nint WeightNu;
        public nint WeightChannel;
        public nint WeightDegree;
    }

    /// <summary>
    /// The Fourier-method kernels, written once over a vector width (<typeparamref name="TS"/>): rows are processed in blocks of
    /// one vector (8 doubles or 16 floats with AVX-512), every quantity of the algorithm being a vector whose lanes are the
    /// block's rows (structure of arrays), so every step is a SIMD step with the same control flow for all rows and the
    /// tables are broadcast scalars.
    /// </summary>
    internal static unsafe class GauntFourierKernel<TS, TVec, T>
        where TS : unmanaged, IAttentionSimd<TVec, T>
        where TVec : unmanaged
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        /// <summary>Computes blocks [<paramref name="firstBlock"/>, <paramref name="endBlock"/>) of rows (a block is <c>TS.Count</c> rows).</summary>
        public static void Run(ref GauntFourierProblem<T> p, nint firstBlock, nint endBlock)
        {
            if (firstBlock >= endBlock) return;
            var plan = p.Plan;
            var layout = Layout.Create(plan, p.Nu);
            int w = TS.Count;
            T[] rented = ArrayPool<T>.Shared.Rent(layout.Total * w + 64 / sizeof(T));
            try
            {
                fixed (T* pinned = rented)
                {
                    T* ws = (T*)(((nint)pinned + 63) & ~(nint)63); // vectors on cache-line boundaries
                    nint* offsets = stackalloc nint[3 * w];
                    nint* xo = offsets, yo = offsets + w, zo = offsets + 2 * w;
                    int* channel = stackalloc int[w];
                    // Mode arrays keep zero pads on both sides (read by the convolution, never written).
                    new Span<T>(ws + layout.A * w, (layout.C - layout.A) * w).Clear();
                    for (nint block = firstBlock; block < endBlock; block++)
                    {
                        nint r0 = block * w;
                        int count = (int)Math.Min(w, p.Rows - r0);
                        RowOffsets(ref p, r0, count, xo, yo, zo, channel);
                        T* x = ws + layout.X * w, z = ws + layout.Z * w;
                        Gather(p.X, xo, count, p.XLast, (plan.Lx + 1) * (plan.Lx + 1), x);
                        if (p.Nu == 0)
                        {
                            T* y = ws + layout.Y * w;
                            Gather(p.Y, yo, count, p.YLast, (plan.Ly + 1) * (plan.Ly + 1), y);
                            if (plan.Method == GauntFourierConvolution.Direct)
                            {
                                DirectProduct(plan, in layout, ws, x, y, z);
                            }
                            else
                            {
                                RingsProduct(plan, in layout, ws, x, y, z);
                            }
                        }
                        else
                        {
                            GatherWeights(ref p, channel, count, ws + layout.Weights * w);
                            RingsManyBody(plan, p.Nu, in layout, ws, x, z);
                        }
                        Scatter(z, zo, count, p.ZLast, (plan.LOut + 1) * (plan.LOut + 1), p.Z);
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }

        // ───────────────────────────── rows ─────────────────────────────

        private static void RowOffsets(ref GauntFourierProblem<T> p, nint r0, int count, nint* xo, nint* yo, nint* zo, int* channel)
        {
            int rank = p.LeadRank;
            nint* lengths = p.Lead, xs = lengths + rank, ys = xs + rank, zs = ys + rank;
            for (int lane = 0; lane < count; lane++)
            {
                nint rest = r0 + lane, ox = 0, oy = 0, oz = 0;
                int c = 0;
                for (int d = rank - 1; d >= 0; d--)
                {
                    nint len = lengths[d];
                    nint i = rest % len;
                    rest /= len;
                    ox += i * xs[d];
                    oy += i * ys[d];
                    oz += i * zs[d];
                    if (d == rank - 1) c = (int)i;
                }
                xo[lane] = ox;
                yo[lane] = oy;
                zo[lane] = oz;
                channel[lane] = c;
            }
        }

        /// <summary>True when full blocks of contiguous rows can use the AVX-512 tile transposes.</summary>
        private static bool Tiled => SoaTranspose.IsSupported && TS.Count == Vector512<T>.Count;

        /// <summary>dst[i][lane] = src[offset[lane] + i·stride]; lanes past <paramref name="count"/> are zero.</summary>
        private static void Gather(T* src, nint* offsets, int count, nint stride, int length, T* dst)
        {
            int w = TS.Count;
            if (Tiled && count == w && stride == 1)
            {
                if (typeof(T) == typeof(double)) SoaTranspose.Gather((double*)src, offsets, length, (double*)dst);
                else SoaTranspose.Gather((float*)src, offsets, length, (float*)dst);
                return;
            }
            if (count < w)
            {
                new Span<T>(dst, length * w).Clear();
            }
            for (int lane = 0; lane < count; lane++)
            {
                T* s = src + offsets[lane];
                T* d = dst + lane;
                if (stride == 1)
                {
                    for (int i = 0; i < length; i++) d[(nint)i * w] = s[i];
                }
                else
                {
                    for (int i = 0; i < length; i++) d[(nint)i * w] = s[i * stride];
                }
            }
        }

        private static void Scatter(T* src, nint* offsets, int count, nint stride, int length, T* dst)
        {
            int w = TS.Count;
            if (Tiled && count == w && stride == 1)
            {
                if (typeof(T) == typeof(double)) SoaTranspose.Scatter((double*)src, offsets, length, (double*)dst);
                else SoaTranspose.Scatter((float*)src, offsets, length, (float*)dst);
                return;
            }
            for (int lane = 0; lane < count; lane++)
            {
                T* d = dst + offsets[lane];
                T* s = src + lane;
                for (int i = 0; i < length; i++) d[i * stride] = s[(nint)i * w];
            }
        }

        private static void GatherWeights(ref GauntFourierProblem<T> p, int* channel, int count, T* dst)
        {
            int w = TS.Count, degrees = p.Plan.LOut + 1;
            new Span<T>(dst, p.Nu * degrees * w).Clear();
            for (int n = 0; n < p.Nu; n++)
            {
                for (int l = 0; l < degrees; l++)
                {
                    T* d = dst + (nint)(n * degrees + l) * w;
                    for (int lane = 0; lane < count; lane++)
                    {
                        d[lane] = p.Weights[n * p.WeightNu + channel[lane] * p.WeightChannel + l * p.WeightDegree];
                    }
                }
            }
        }

        // ───────────────────────────── direct 2D convolution ─────────────────────────────

        /// <summary>
        /// x, y → full Fourier grids F, G; H = F ⊛ G on the quarter u = 0..P, v = 0..LOut (the rest follows from
        /// H_{−u,v} = (−1)^v H_uv and H_{u,−v} = conj H_{−u,v}); z from H through ω.
        /// </summary>
        private static void DirectProduct(GauntFourierPlan<T> plan, in Layout layout, T* ws, T* x, T* y, T* z)
        {
            int w = TS.Count, lx = plan.Lx, ly = plan.Ly, p = plan.P, lOut = plan.LOut;
            int sideX = 2 * lx + 1, sideY = 2 * ly + 1;
            T* fr = ws + layout.A * w, fi = fr + (nint)sideX * sideX * w;
            T* gr = ws + layout.B * w, gi = gr + (nint)sideY * sideY * w;
            T* hr = ws + layout.C * w, hi = hr + (nint)(p + 1) * (lOut + 1) * w;
            fixed (T* kx = plan.KappaX, ky = plan.KappaY, omega = plan.Omega)
            {
                BuildGrid(kx, lx, x, fr, fi);
                BuildGrid(ky, ly, y, gr, gi);
                for (int u = 0; u <= p; u++)
                {
                    int u1Lo = Math.Max(-lx, u - ly), u1Hi = Math.Min(lx, u + ly);
                    for (int v = 0; v <= lOut; v++)
                    {
                        int v1Lo = Math.Max(-lx, v - ly), v1Hi = Math.Min(lx, v + ly);
                        TVec rr = TS.Zero, ii = TS.Zero, ri = TS.Zero, ir = TS.Zero;
                        for (int u1 = u1Lo; u1 <= u1Hi; u1++)
                        {
                            T* frow = fr + ((nint)(u1 + lx) * sideX + lx) * w, firow = fi + ((nint)(u1 + lx) * sideX + lx) * w;
                            T* grow = gr + ((nint)(u - u1 + ly) * sideY + ly + v) * w, girow = gi + ((nint)(u - u1 + ly) * sideY + ly + v) * w;
                            for (int v1 = v1Lo; v1 <= v1Hi; v1++)
                            {
                                nint a = (nint)v1 * w, b = -(nint)v1 * w;
                                TVec far = TS.Load(frow + a), fai = TS.Load(firow + a), gbr = TS.Load(grow + b), gbi = TS.Load(girow + b);
                                rr = TS.MulAdd(far, gbr, rr);
                                ii = TS.MulAdd(fai, gbi, ii);
                                ri = TS.MulAdd(far, gbi, ri);
                                ir = TS.MulAdd(fai, gbr, ir);
                            }
                        }
                        nint o = (nint)(u * (lOut + 1) + v) * w;
                        TS.Store(hr + o, TS.Subtract(rr, ii));
                        TS.Store(hi + o, TS.Add(ri, ir));
                    }
                }
                // Projection: S_la = Σ_u ω_la(u)·H_{u,a}; even a: z_{l,a} = Re, z_{l,−a} = −Im; odd a: z_{l,a} = −Im, z_{l,−a} = −Re.
                T* om = omega;
                for (int l = 0; l <= lOut; l++)
                {
                    for (int a = 0; a <= l; a++, om += p + 1)
                    {
                        TVec accR = TS.Zero, accI = TS.Zero;
                        for (int u = 0; u <= p; u++)
                        {
                            TVec c = TS.Broadcast(om + u);
                            nint o = (nint)(u * (lOut + 1) + a) * w;
                            accR = TS.MulAdd(c, TS.Load(hr + o), accR);
                            accI = TS.MulAdd(c, TS.Load(hi + o), accI);
                        }
                        int center = l * l + l;
                        if ((a & 1) == 0)
                        {
                            TS.Store(z + (nint)(center + a) * w, accR);
                            if (a > 0) TS.Store(z + (nint)(center - a) * w, TS.Subtract(TS.Zero, accI));
                        }
                        else
                        {
                            TS.Store(z + (nint)(center + a) * w, TS.Subtract(TS.Zero, accI));
                            TS.Store(z + (nint)(center - a) * w, TS.Subtract(TS.Zero, accR));
                        }
                    }
                }
            }
        }

        /// <summary>
        /// The full (2L+1)² Fourier grid of a block of inputs: F_{u,a} = Σ_l h_a c^{la}_u (x_{l,a} − i x_{l,−a}) for a ≥ 0, then
        /// F_{u,−a} = conj F_{−u,a}. Row-major, index (u + L)(2L + 1) + (v + L).
        /// </summary>
        private static void BuildGrid(T* kappa, int lMax, T* x, T* re, T* im)
        {
            int w = TS.Count, side = 2 * lMax + 1;
            new Span<T>(re, side * side * w).Clear();
            new Span<T>(im, side * side * w).Clear();
            T* k = kappa;
            for (int l = 0; l <= lMax; l++)
            {
                for (int a = 0; a <= l; a++, k += lMax + 1)
                {
                    TVec xa = TS.Load(x + (nint)(l * l + l + a) * w);
                    TVec xb = a > 0 ? TS.Load(x + (nint)(l * l + l - a) * w) : TS.Zero;
                    // Even a: c_{±u} = κ_u; F_{u,a} += κ(xa − i·xb). Odd a: c_{±u} = ±iκ_u; F_{u,a} += ±κ(xb + i·xa).
                    bool odd = (a & 1) != 0;
                    TVec pr = odd ? xb : xa;
                    TVec pi = odd ? xa : TS.Subtract(TS.Zero, xb);
                    for (int u = l; u >= 0; u -= 2)
                    {
                        TVec c = TS.Broadcast(k + u);
                        nint o = ((nint)(u + lMax) * side + lMax + a) * w;
                        TS.Store(re + o, TS.MulAdd(c, pr, TS.Load(re + o)));
                        TS.Store(im + o, TS.MulAdd(c, pi, TS.Load(im + o)));
                        if (u == 0) continue;
                        nint o2 = ((nint)(-u + lMax) * side + lMax + a) * w;
                        if (odd)
                        {
                            TS.Store(re + o2, TS.Subtract(TS.Load(re + o2), TS.Multiply(c, pr)));
                            TS.Store(im + o2, TS.Subtract(TS.Load(im + o2), TS.Multiply(c, pi)));
                        }
                        else
                        {
                            TS.Store(re + o2, TS.MulAdd(c, pr, TS.Load(re + o2)));
                            TS.Store(im + o2, TS.MulAdd(c, pi, TS.Load(im + o2)));
                        }
                    }
                }
            }
            for (int u = -lMax; u <= lMax; u++)
            {
                for (int a = 1; a <= lMax; a++)
                {
                    nint src = ((nint)(-u + lMax) * side + lMax + a) * w, dst = ((nint)(u + lMax) * side + lMax - a) * w;
                    TS.Store(re + dst, TS.Load(re + src));
                    TS.Store(im + dst, TS.Subtract(TS.Zero, TS.Load(im + src)));
                }
            }
        }

        // ───────────────────────────── rings ─────────────────────────────

        /// <summary>
        /// The product through the rings: per ring pair (θ_k, θ_{K−k}) the azimuthal modes of x and y, their product (direct
        /// 1D convolution or FFT), stored as sums S and differences D of the two rings; then the projection over all rings.
        /// </summary>
        private static void RingsProduct(GauntFourierPlan<T> plan, in Layout layout, T* ws, T* x, T* y, T* z)
        {
            int w = TS.Count, lx = plan.Lx, ly = plan.Ly, lOut = plan.LOut, half = plan.K / 2;
            // Mode arrays: per ring (2), per plane (re, im), 2L + 1 vectors centred on mode 0.
            int spanX = 2 * lx + 1 + 2 * Pad, spanY = 2 * ly + 1 + 2 * Pad;
            T* f = ws + layout.A * w;
            T* g = ws + layout.B * w;
            T* h = ws + layout.C * w;
            T* sd = ws + layout.D * w;
            int spanH = lOut + 1 + Pad;
            T* h0r = h, h0i = h + (nint)spanH * w, h1r = h0i + (nint)spanH * w, h1i = h1r + (nint)spanH * w;
            int pairsX = GauntFourierPlan<T>.Pairs(lx), pairsY = GauntFourierPlan<T>.Pairs(ly);
            fixed (T* sx = plan.SynthesisX, sy = plan.SynthesisY)
            {
                for (int k = 0, count; k <= half; k += count)
                {
                    // Two ring pairs at a time share the loads of x and y in the synthesis (not across the equator).
                    count = k + 1 <= half && 2 * (k + 1) != plan.K ? 2 : 1;
                    if (count == 2)
                    {
                        Synthesize2(sx + (nint)k * pairsX, pairsX, lx, x, f + (nint)(lx + Pad) * w, spanX);
                        Synthesize2(sy + (nint)k * pairsY, pairsY, ly, y, g + (nint)(ly + Pad) * w, spanY);
                    }
                    for (int j = 0; j < count; j++)
                    {
                        int kk = k + j;
                        bool equator = 2 * kk == plan.K;
                        T* f0r = f + ((nint)(lx + Pad) + 4 * j * spanX) * w, f0i = f0r + (nint)spanX * w, f1r = f0i + (nint)spanX * w, f1i = f1r + (nint)spanX * w;
                        T* g0r = g + ((nint)(ly + Pad) + 4 * j * spanY) * w, g0i = g0r + (nint)spanY * w, g1r = g0i + (nint)spanY * w, g1i = g1r + (nint)spanY * w;
                        if (count == 1)
                        {
                            Synthesize(sx + (nint)kk * pairsX, lx, x, f0r, f0i, f1r, f1i, equator);
                            Synthesize(sy + (nint)kk * pairsY, ly, y, g0r, g0i, g1r, g1i, equator);
                        }
                        T* sdk = sd + (nint)kk * 4 * (lOut + 1) * w;
                        if (plan.Method == GauntFourierConvolution.Fft)
                        {
                            FftPair(plan.Fft!, ws + layout.E * w, f0r, f0i, f1r, f1i, lx, g0r, g0i, g1r, g1i, ly, lOut, equator, sdk);
                        }
                        else
                        {
                            Convolve(f0r, f0i, g0r, g0i, f1r, f1i, g1r, g1i, lx, ly, h0r, h0i, h1r, h1i, lOut, equator);
                            SumDifferenceModes(h0r, h0i, h1r, h1i, lOut, lOut, equator, sdk);
                        }
                    }
                }
            }
            fixed (T* proj = plan.Projection)
            {
                Project(proj, lOut, half, sd, z);
            }
        }

        /// <summary>
        /// ν-fold product through the rings: the modes of x at each ring pair, its powers by repeated convolution with x (or,
        /// with the FFT, pointwise powers on the azimuthal grid), each power projected and weighted per degree.
        /// </summary>
        private static void RingsManyBody(GauntFourierPlan<T> plan, int nu, in Layout layout, T* ws, T* x, T* z)
        {
            int w = TS.Count, l = plan.Lx, lOut = plan.LOut, half = plan.K / 2, pMax = plan.P;
            int span = 2 * l + 1 + 2 * Pad, spanP = 2 * pMax + 1 + 2 * Pad, spanH = lOut + 1;
            T* f = ws + layout.A * w;
            T* f0r = f + (nint)(l + Pad) * w, f0i = f0r + (nint)span * w, f1r = f0i + (nint)span * w, f1i = f1r + (nint)span * w;
            // Two power buffers (current, next), each: 2 rings × 2 planes × (2P + 1), centred.
            T* pa = ws + layout.B * w, pb = pa + (nint)4 * spanP * w;
            T* sd = ws + layout.D * w;
            T* weights = ws + layout.Weights * w;
            T* zt = ws + layout.C * w;
            nint sdPower = (nint)(half + 1) * 4 * spanH * w;
            fixed (T* sx = plan.SynthesisX)
            {
                for (int k = 0; k <= half; k++)
                {
                    bool equator = 2 * k == plan.K;
                    Synthesize(sx + (nint)k * GauntFourierPlan<T>.Pairs(l), l, x, f0r, f0i, f1r, f1i, equator);
                    T* sdk = sd + (nint)k * 4 * spanH * w;
                    if (plan.Method == GauntFourierConvolution.Fft)
                    {
                        FftPowers(plan.Fft!, ws + layout.E * w, f0r, f0i, f1r, f1i, l, lOut, nu, equator, sdk, sdPower);
                        continue;
                    }
                    // Power 1: x itself, modes 0..min(l, lOut).
                    SumDifferenceModes(f0r, f0i, f1r, f1i, Math.Min(l, lOut), lOut, equator, sdk);
                    T* cur = f0r; T* curI = f0i; T* cur1 = f1r; T* cur1I = f1i;
                    int curHalf = l;
                    for (int n = 2; n <= nu; n++)
                    {
                        T* next = (n & 1) == 0 ? pa : pb;
                        T* n0r = next + (nint)(pMax + Pad) * w, n0i = n0r + (nint)spanP * w, n1r = n0i + (nint)spanP * w, n1i = n1r + (nint)spanP * w;
                        // Modes of x^n needed: up to LOut for the projection, up to LOut + (ν − n)·l for the later powers.
                        int top = Math.Min(n * l, lOut + (nu - n) * l);
                        Convolve(cur, curI, f0r, f0i, cur1, cur1I, f1r, f1i, curHalf, l, n0r, n0i, n1r, n1i, top, equator);
                        for (int a = 1; a <= top; a++)
                        {
                            nint pos = (nint)a * w;
                            TS.Store(n0r - pos, TS.Load(n0r + pos));
                            TS.Store(n0i - pos, TS.Subtract(TS.Zero, TS.Load(n0i + pos)));
                            TS.Store(n1r - pos, TS.Load(n1r + pos));
                            TS.Store(n1i - pos, TS.Subtract(TS.Zero, TS.Load(n1i + pos)));
                        }
                        SumDifferenceModes(n0r, n0i, n1r, n1i, Math.Min(top, lOut), lOut, equator, sdk + (n - 1) * sdPower);
                        cur = n0r; curI = n0i; cur1 = n1r; cur1I = n1i;
                        curHalf = top;
                    }
                }
            }
            int count = (lOut + 1) * (lOut + 1);
            new Span<T>(z, count * w).Clear();
            fixed (T* proj = plan.Projection)
            {
                for (int n = 1; n <= nu; n++)
                {
                    Project(proj, lOut, half, sd + (n - 1) * sdPower, zt);
                    for (int d = 0; d <= lOut; d++)
                    {
                        TVec wv = TS.Load(weights + (nint)((n - 1) * (lOut + 1) + d) * w);
                        for (int i = d * d; i < (d + 1) * (d + 1); i++)
                        {
                            nint o = (nint)i * w;
                            TS.Store(z + o, TS.MulAdd(wv, TS.Load(zt + o), TS.Load(z + o)));
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Azimuthal modes at the rings θ_k (ring 0) and θ_{K−k} (ring 1) of one block of inputs: f_a = Σ_l M_la (x_{l,a} − i x_{l,−a})
        /// with M = h_a·N P_l^a(cos θ_k); terms with l − a even are even about the equator, odd ones odd, so both rings come from
        /// the two partial sums. Modes −L..L are written (f_{−a} = conj f_a).
        /// </summary>
        private static void Synthesize(T* m, int lMax, T* x, T* r0, T* i0, T* r1, T* i1, bool equator)
        {
            int w = TS.Count;
            for (int a = 0; a <= lMax; a++)
            {
                TVec er = TS.Zero, ei = TS.Zero, or = TS.Zero, oi = TS.Zero;
                int l = a;
                if (a == 0)
                {
                    for (; l + 1 <= lMax; l += 2, m += 2)
                    {
                        er = TS.MulAdd(TS.Broadcast(m), TS.Load(x + (nint)(l * l + l) * w), er);
                        or = TS.MulAdd(TS.Broadcast(m + 1), TS.Load(x + (nint)((l + 1) * (l + 1) + l + 1) * w), or);
                    }
                    if (l <= lMax)
                    {
                        er = TS.MulAdd(TS.Broadcast(m), TS.Load(x + (nint)(l * l + l) * w), er);
                        m++;
                    }
                }
                else
                {
                    for (; l + 1 <= lMax; l += 2, m += 2)
                    {
                        TVec c0 = TS.Broadcast(m), c1 = TS.Broadcast(m + 1);
                        nint p0 = (nint)(l * l + l) * w, p1 = (nint)((l + 1) * (l + 1) + l + 1) * w, aw = (nint)a * w;
                        er = TS.MulAdd(c0, TS.Load(x + p0 + aw), er);
                        ei = TS.MulAdd(c0, TS.Load(x + p0 - aw), ei);
                        or = TS.MulAdd(c1, TS.Load(x + p1 + aw), or);
                        oi = TS.MulAdd(c1, TS.Load(x + p1 - aw), oi);
                    }
                    if (l <= lMax)
                    {
                        TVec c0 = TS.Broadcast(m);
                        nint p0 = (nint)(l * l + l) * w, aw = (nint)a * w;
                        er = TS.MulAdd(c0, TS.Load(x + p0 + aw), er);
                        ei = TS.MulAdd(c0, TS.Load(x + p0 - aw), ei);
                        m++;
                    }
                }
                // Ring 0: E + O; ring 1 (π − θ): E − O. Imaginary parts carry the minus sign of −i·x_{l,−a}.
                nint pos = (nint)a * w;
                TVec re0 = TS.Add(er, or), im0 = TS.Subtract(TS.Zero, TS.Add(ei, oi));
                TS.Store(r0 + pos, re0);
                TS.Store(i0 + pos, im0);
                TS.Store(r0 - pos, re0);
                TS.Store(i0 - pos, TS.Subtract(TS.Zero, im0));
                if (!equator)
                {
                    TVec re1 = TS.Subtract(er, or), im1 = TS.Subtract(oi, ei);
                    TS.Store(r1 + pos, re1);
                    TS.Store(i1 + pos, im1);
                    TS.Store(r1 - pos, re1);
                    TS.Store(i1 - pos, TS.Subtract(TS.Zero, im1));
                }
            }
        }

        /// <summary>
        /// <see cref="Synthesize"/> for two consecutive ring pairs (k and k + 1, neither the equator) at once, so each loaded
        /// coefficient of x serves both: the modes of pair j go to the four planes starting at <paramref name="modes"/> +
        /// 4j·<paramref name="span"/> vectors (ring 0 re, im, ring 1 re, im; pointer at mode 0, planes of <paramref name="span"/>).
        /// </summary>
        private static void Synthesize2(T* m, int pairs, int lMax, T* x, T* modes, int span)
        {
            int w = TS.Count;
            T* m1 = m + pairs;
            nint plane = (nint)span * w;
            for (int a = 0; a <= lMax; a++)
            {
                TVec er = TS.Zero, ei = TS.Zero, or = TS.Zero, oi = TS.Zero;
                TVec er1 = TS.Zero, ei1 = TS.Zero, or1 = TS.Zero, oi1 = TS.Zero;
                nint aw = (nint)a * w;
                int l = a;
                for (; l + 1 <= lMax; l += 2, m += 2, m1 += 2)
                {
                    nint p0 = (nint)(l * l + l) * w, p1 = (nint)((l + 1) * (l + 1) + l + 1) * w;
                    TVec xe = TS.Load(x + p0 + aw), xo = TS.Load(x + p1 + aw);
                    TVec c0 = TS.Broadcast(m), c1 = TS.Broadcast(m + 1), d0 = TS.Broadcast(m1), d1 = TS.Broadcast(m1 + 1);
                    er = TS.MulAdd(c0, xe, er);
                    or = TS.MulAdd(c1, xo, or);
                    er1 = TS.MulAdd(d0, xe, er1);
                    or1 = TS.MulAdd(d1, xo, or1);
                    if (a > 0)
                    {
                        TVec ye = TS.Load(x + p0 - aw), yo = TS.Load(x + p1 - aw);
                        ei = TS.MulAdd(c0, ye, ei);
                        oi = TS.MulAdd(c1, yo, oi);
                        ei1 = TS.MulAdd(d0, ye, ei1);
                        oi1 = TS.MulAdd(d1, yo, oi1);
                    }
                }
                if (l <= lMax)
                {
                    nint p0 = (nint)(l * l + l) * w;
                    TVec xe = TS.Load(x + p0 + aw);
                    TVec c0 = TS.Broadcast(m), d0 = TS.Broadcast(m1);
                    er = TS.MulAdd(c0, xe, er);
                    er1 = TS.MulAdd(d0, xe, er1);
                    if (a > 0)
                    {
                        TVec ye = TS.Load(x + p0 - aw);
                        ei = TS.MulAdd(c0, ye, ei);
                        ei1 = TS.MulAdd(d0, ye, ei1);
                    }
                    m++;
                    m1++;
                }
                StorePair(modes, plane, aw, er, ei, or, oi);
                StorePair(modes + 4 * plane, plane, aw, er1, ei1, or1, oi1);
            }

            static void StorePair(T* r0, nint plane, nint pos, TVec er, TVec ei, TVec or, TVec oi)
            {
                T* i0 = r0 + plane, r1 = i0 + plane, i1 = r1 + plane;
                TVec re0 = TS.Add(er, or), im0 = TS.Subtract(TS.Zero, TS.Add(ei, oi));
                TS.Store(r0 + pos, re0);
                TS.Store(i0 + pos, im0);
                TS.Store(r0 - pos, re0);
                TS.Store(i0 - pos, TS.Subtract(TS.Zero, im0));
                TVec re1 = TS.Subtract(er, or), im1 = TS.Subtract(oi, ei);
                TS.Store(r1 + pos, re1);
                TS.Store(i1 + pos, im1);
                TS.Store(r1 - pos, re1);
                TS.Store(i1 - pos, TS.Subtract(TS.Zero, im1));
            }
        }

        /// <summary>Zero vectors on each side of a mode array: the convolution reads q up to this far outside −hq..hq (and writes 3 past its top).</summary>
        public const int Pad = 4;

        /// <summary>
        /// out_a = Σ_{a1} p_{a1}·q_{a−a1} for a = 0..<paramref name="top"/> on two rings (the second skipped at the equator); p has
        /// modes −hp..hp, q modes −hq..hq (pointers at mode 0). See <see cref="Convolve4"/>.
        /// </summary>
        private static void Convolve(T* p0r, T* p0i, T* q0r, T* q0i, T* p1r, T* p1i, T* q1r, T* q1i, int hp, int hq,
            T* o0r, T* o0i, T* o1r, T* o1i, int top, bool equator)
        {
            Convolve4(p0r, p0i, q0r, q0i, hp, hq, o0r, o0i, top);
            if (!equator) Convolve4(p1r, p1i, q1r, q1i, hp, hq, o1r, o1i, top);
        }

        /// <summary>
        /// One ring's azimuthal convolution, four outputs a..a+3 per pass: each p_{a1} is loaded once for the four, and the
        /// q_{a+j−a1} form a sliding window that takes one new load per step, so a step is 16 multiply-adds for 4 loads. The
        /// pass runs over the union of the four ranges; q must have <see cref="Pad"/> zero vectors on each side, and
        /// out must have room for modes up to top + 3.
        /// </summary>
        private static void Convolve4(T* pr, T* pi, T* qr, T* qi, int hp, int hq, T* or, T* oi, int top)
        {
            int w = TS.Count;
            for (int a = 0; a <= top; a += 4)
            {
                int lo = Math.Max(-hp, a - hq), hi = Math.Min(hp, a + 3 + hq);
                TVec r0 = TS.Zero, r1 = TS.Zero, r2 = TS.Zero, r3 = TS.Zero;
                TVec i0 = TS.Zero, i1 = TS.Zero, i2 = TS.Zero, i3 = TS.Zero;
                nint at = (nint)(a - lo) * w; // q index of output a at a1 = lo
                TVec q0r = TS.Load(qr + at), q0i = TS.Load(qi + at);
                TVec q1r = TS.Load(qr + at + w), q1i = TS.Load(qi + at + w);
                TVec q2r = TS.Load(qr + at + 2 * w), q2i = TS.Load(qi + at + 2 * w);
                TVec q3r = TS.Load(qr + at + 3 * w), q3i = TS.Load(qi + at + 3 * w);
                T* pp = pr + (nint)lo * w, ppi = pi + (nint)lo * w;
                T* qq = qr + at - w, qqi = qi + at - w;
                for (int a1 = lo; a1 <= hi; a1++, pp += w, ppi += w, qq -= w, qqi -= w)
                {
                    TVec xr = TS.Load(pp), xi = TS.Load(ppi), nxi = TS.Subtract(TS.Zero, xi);
                    r0 = TS.MulAdd(xr, q0r, r0); r0 = TS.MulAdd(nxi, q0i, r0);
                    i0 = TS.MulAdd(xr, q0i, i0); i0 = TS.MulAdd(xi, q0r, i0);
                    r1 = TS.MulAdd(xr, q1r, r1); r1 = TS.MulAdd(nxi, q1i, r1);
                    i1 = TS.MulAdd(xr, q1i, i1); i1 = TS.MulAdd(xi, q1r, i1);
                    r2 = TS.MulAdd(xr, q2r, r2); r2 = TS.MulAdd(nxi, q2i, r2);
                    i2 = TS.MulAdd(xr, q2i, i2); i2 = TS.MulAdd(xi, q2r, i2);
                    r3 = TS.MulAdd(xr, q3r, r3); r3 = TS.MulAdd(nxi, q3i, r3);
                    i3 = TS.MulAdd(xr, q3i, i3); i3 = TS.MulAdd(xi, q3r, i3);
                    q3r = q2r; q3i = q2i; q2r = q1r; q2i = q1i; q1r = q0r; q1i = q0i;
                    q0r = TS.Load(qq); q0i = TS.Load(qqi);
                }
                nint o = (nint)a * w;
                TS.Store(or + o, r0); TS.Store(oi + o, i0);
                TS.Store(or + o + w, r1); TS.Store(oi + o + w, i1);
                TS.Store(or + o + 2 * w, r2); TS.Store(oi + o + 2 * w, i2);
                TS.Store(or + o + 3 * w, r3); TS.Store(oi + o + 3 * w, i3);
            }
        }

        /// <summary>
        /// S = h(ring 0) + h(ring 1), D = h(ring 0) − h(ring 1) for modes 0..<paramref name="top"/> (modes top+1..LOut get zero);
        /// at the equator S = h, D = 0.
        /// </summary>
        private static void SumDifferenceModes(T* h0r, T* h0i, T* h1r, T* h1i, int top, int lOut, bool equator, T* sd)
        {
            // Layout per ring pair: [a][Sr, Si, Dr, Di].
            int w = TS.Count;
            for (int a = 0; a <= lOut; a++)
            {
                T* o = sd + (nint)a * 4 * w;
                if (a > top)
                {
                    TS.Store(o, TS.Zero); TS.Store(o + w, TS.Zero); TS.Store(o + 2 * w, TS.Zero); TS.Store(o + 3 * w, TS.Zero);
                    continue;
                }
                nint pos = (nint)a * w;
                TVec ar = TS.Load(h0r + pos), ai = TS.Load(h0i + pos);
                if (equator)
                {
                    TS.Store(o, ar); TS.Store(o + w, ai); TS.Store(o + 2 * w, TS.Zero); TS.Store(o + 3 * w, TS.Zero);
                }
                else
                {
                    TVec br = TS.Load(h1r + pos), bi = TS.Load(h1i + pos);
                    TS.Store(o, TS.Add(ar, br)); TS.Store(o + w, TS.Add(ai, bi));
                    TS.Store(o + 2 * w, TS.Subtract(ar, br)); TS.Store(o + 3 * w, TS.Subtract(ai, bi));
                }
            }
        }

        /// <summary>
        /// z_{l,a} = Σ_k w_{la}(k)·Re(S or D)_a(k), z_{l,−a} = −Σ_k w_{la}(k)·Im(…), S for even l − a and D for odd, over the
        /// ring pairs k = 0..⌊K/2⌋. Four degrees at a time share the loads of S and D.
        /// </summary>
        private static void Project(T* weights, int lOut, int half, T* sd, T* z)
        {
            int w = TS.Count, pairs = GauntFourierPlan<T>.Pairs(lOut);
            nint ringStride = (nint)4 * (lOut + 1) * w;
            for (int a = 0; a <= lOut; a++)
            {
                T* data = sd + (nint)a * 4 * w;
                int l = a;
                for (; l + 3 <= lOut; l += 4)
                {
                    T* wk = weights + GauntFourierPlan<T>.Offset(lOut, a, l);
                    TVec r0 = TS.Zero, i0 = TS.Zero, r1 = TS.Zero, i1 = TS.Zero, r2 = TS.Zero, i2 = TS.Zero, r3 = TS.Zero, i3 = TS.Zero;
                    T* d = data;
                    for (int k = 0; k <= half; k++, wk += pairs, d += ringStride)
                    {
                        TVec sr = TS.Load(d), si = TS.Load(d + w), dr = TS.Load(d + 2 * w), di = TS.Load(d + 3 * w);
                        TVec c0 = TS.Broadcast(wk), c1 = TS.Broadcast(wk + 1), c2 = TS.Broadcast(wk + 2), c3 = TS.Broadcast(wk + 3);
                        r0 = TS.MulAdd(c0, sr, r0); i0 = TS.MulAdd(c0, si, i0);
                        r1 = TS.MulAdd(c1, dr, r1); i1 = TS.MulAdd(c1, di, i1);
                        r2 = TS.MulAdd(c2, sr, r2); i2 = TS.MulAdd(c2, si, i2);
                        r3 = TS.MulAdd(c3, dr, r3); i3 = TS.MulAdd(c3, di, i3);
                    }
                    Store(z, l, a, r0, i0);
                    Store(z, l + 1, a, r1, i1);
                    Store(z, l + 2, a, r2, i2);
                    Store(z, l + 3, a, r3, i3);
                }
                for (; l <= lOut; l++)
                {
                    T* wk = weights + GauntFourierPlan<T>.Offset(lOut, a, l);
                    int plane = ((l - a) & 1) == 0 ? 0 : 2;
                    TVec r = TS.Zero, i = TS.Zero;
                    T* d = data + plane * w;
                    for (int k = 0; k <= half; k++, wk += pairs, d += ringStride)
                    {
                        TVec c = TS.Broadcast(wk);
                        r = TS.MulAdd(c, TS.Load(d), r);
                        i = TS.MulAdd(c, TS.Load(d + w), i);
                    }
                    Store(z, l, a, r, i);
                }
            }

            static void Store(T* z, int l, int a, TVec re, TVec im)
            {
                int w = TS.Count;
                TS.Store(z + (nint)(l * l + l + a) * w, re);
                if (a > 0) TS.Store(z + (nint)(l * l + l - a) * w, TS.Subtract(TS.Zero, im));
            }
        }

        // ───────────────────────────── azimuthal FFT ─────────────────────────────

        /// <summary>
        /// The product at a ring pair through the azimuthal FFT: c = f(ring 0) + i·f(ring 1) and d = g(ring 0) + i·g(ring 1) on N
        /// points (one inverse FFT each: both functions are real), the products Re c·Re d and Im c·Im d packed into one forward
        /// FFT, whose Hermitian halves give S and D directly.
        /// </summary>
        private static void FftPair(VectorFft<T> fft, T* buf, T* f0r, T* f0i, T* f1r, T* f1i, int lx,
            T* g0r, T* g0i, T* g1r, T* g1i, int ly, int lOut, bool equator, T* sd)
        {
            int w = TS.Count, n = fft.Length;
            nint plane = (nint)n * w;
            T* cr = buf, ci = buf + plane, dr = buf + 2 * plane, di = buf + 3 * plane, wr = buf + 4 * plane, wi = buf + 5 * plane;
            Spectrum(n, f0r, f0i, f1r, f1i, lx, equator, cr, ci);
            Spectrum(n, g0r, g0i, g1r, g1i, ly, equator, dr, di);
            if (fft.Inverse<TS, TVec>(cr, ci, wr, wi)) { Copy(wr, cr, plane); Copy(wi, ci, plane); }
            if (fft.Inverse<TS, TVec>(dr, di, wr, wi)) { Copy(wr, dr, plane); Copy(wi, di, plane); }
            for (nint j = 0; j < plane; j += w)
            {
                TS.Store(cr + j, TS.Multiply(TS.Load(cr + j), TS.Load(dr + j)));
                TS.Store(ci + j, TS.Multiply(TS.Load(ci + j), TS.Load(di + j)));
            }
            bool moved = fft.Forward<TS, TVec>(cr, ci, wr, wi);
            SplitRings(n, moved ? wr : cr, moved ? wi : ci, lOut, lOut, equator, sd);
        }

        /// <summary>
        /// ν-fold product at a ring pair through the FFT: c = f(ring 0) + i·f(ring 1) on the azimuthal grid, then for every power
        /// n = 1..ν the pointwise powers of both planes, one forward FFT, S and D.
        /// </summary>
        private static void FftPowers(VectorFft<T> fft, T* buf, T* f0r, T* f0i, T* f1r, T* f1i, int l, int lOut, int nu,
            bool equator, T* sd, nint sdPower)
        {
            int w = TS.Count, n = fft.Length;
            nint plane = (nint)n * w;
            T* cr = buf, ci = buf + plane, pr = buf + 2 * plane, pi = buf + 3 * plane, wr = buf + 4 * plane, wi = buf + 5 * plane;
            Spectrum(n, f0r, f0i, f1r, f1i, l, equator, cr, ci);
            if (fft.Inverse<TS, TVec>(cr, ci, wr, wi)) { Copy(wr, cr, plane); Copy(wi, ci, plane); }
            Copy(cr, pr, plane);
            Copy(ci, pi, plane);
            for (int power = 1; power <= nu; power++)
            {
                if (power > 1)
                {
                    for (nint j = 0; j < plane; j += w)
                    {
                        TS.Store(pr + j, TS.Multiply(TS.Load(pr + j), TS.Load(cr + j)));
                        TS.Store(pi + j, TS.Multiply(TS.Load(pi + j), TS.Load(ci + j)));
                    }
                }
                // The forward FFT works in place on a copy (wr, wi) so the running power survives.
                T* ar = wr, ai = wi, br = buf + 6 * plane, bi = buf + 7 * plane;
                Copy(pr, ar, plane);
                Copy(pi, ai, plane);
                bool moved = fft.Forward<TS, TVec>(ar, ai, br, bi);
                SplitRings(n, moved ? br : ar, moved ? bi : ai, Math.Min(power * l, lOut), lOut, equator, sd + (power - 1) * sdPower);
            }
        }

        /// <summary>The spectrum of f(ring 0) + i·f(ring 1) on N azimuthal points (modes −L..L folded modulo N).</summary>
        private static void Spectrum(int n, T* r0, T* i0, T* r1, T* i1, int lMax, bool equator, T* cr, T* ci)
        {
            int w = TS.Count;
            new Span<T>(cr, n * w).Clear();
            new Span<T>(ci, n * w).Clear();
            for (int a = -lMax; a <= lMax; a++)
            {
                nint src = (nint)a * w, dst = (nint)(((a % n) + n) % n) * w;
                TVec re = TS.Load(r0 + src), im = TS.Load(i0 + src);
                if (!equator)
                {
                    re = TS.Subtract(re, TS.Load(i1 + src));
                    im = TS.Add(im, TS.Load(r1 + src));
                }
                TS.Store(cr + dst, TS.Add(TS.Load(cr + dst), re));
                TS.Store(ci + dst, TS.Add(TS.Load(ci + dst), im));
            }
        }

        /// <summary>
        /// From W = FFT(p0 + i·p1) of two real sequences: P0_a = (W_a + conj W_{−a})/2, P1_a = (W_a − conj W_{−a})/(2i), then
        /// S = (P0 + P1)/N and D = (P0 − P1)/N for modes 0..top (zero above, up to LOut). At the equator p1 = 0 and D = 0.
        /// </summary>
        private static void SplitRings(int n, T* wr, T* wi, int top, int lOut, bool equator, T* sd)
        {
            int w = TS.Count;
            TVec scale = TS.Splat(T.CreateTruncating(0.5 / n));
            TVec full = TS.Splat(T.CreateTruncating(1.0 / n));
            for (int a = 0; a <= lOut; a++)
            {
                T* o = sd + (nint)a * 4 * w;
                if (a > top)
                {
                    TS.Store(o, TS.Zero); TS.Store(o + w, TS.Zero); TS.Store(o + 2 * w, TS.Zero); TS.Store(o + 3 * w, TS.Zero);
                    continue;
                }
                nint pa = (nint)(a % n) * w, pm = (nint)((n - a % n) % n) * w;
                TVec ar = TS.Load(wr + pa), ai = TS.Load(wi + pa);
                if (equator)
                {
                    TS.Store(o, TS.Multiply(full, ar)); TS.Store(o + w, TS.Multiply(full, ai));
                    TS.Store(o + 2 * w, TS.Zero); TS.Store(o + 3 * w, TS.Zero);
                    continue;
                }
                TVec br = TS.Load(wr + pm), bi = TS.Load(wi + pm);
                // 2·P0 = (ar + br, ai − bi); 2·P1 = (ai + bi, br − ar).
                TVec p0r = TS.Add(ar, br), p0i = TS.Subtract(ai, bi);
                TVec p1r = TS.Add(ai, bi), p1i = TS.Subtract(br, ar);
                TS.Store(o, TS.Multiply(scale, TS.Add(p0r, p1r)));
                TS.Store(o + w, TS.Multiply(scale, TS.Add(p0i, p1i)));
                TS.Store(o + 2 * w, TS.Multiply(scale, TS.Subtract(p0r, p1r)));
                TS.Store(o + 3 * w, TS.Multiply(scale, TS.Subtract(p0i, p1i)));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Copy(T* src, T* dst, nint length) => new Span<T>(src, (int)length).CopyTo(new Span<T>(dst, (int)length));

        // ───────────────────────────── workspace ─────────────────────────────

        /// <summary>Workspace offsets, in vectors.</summary>
        private readonly struct Layout
        {
            public readonly int X, Y, Z, A, B, C, D, E, Weights, Total;

            private Layout(int x, int y, int z, int a, int b, int c, int d, int e, int weights)
            {
                int at = 0;
                X = at; at += x;
                Y = at; at += y;
                Z = at; at += z;
                A = at; at += a;
                B = at; at += b;
                C = at; at += c;
                D = at; at += d;
                E = at; at += e;
                Weights = at; at += weights;
                Total = at;
            }

            public static Layout Create(GauntFourierPlan<T> plan, int nu)
            {
                int lx = plan.Lx, ly = plan.Ly, lOut = plan.LOut, p = plan.P;
                int x = (lx + 1) * (lx + 1), y = nu == 0 ? (ly + 1) * (ly + 1) : 0, z = (lOut + 1) * (lOut + 1);
                if (plan.Method == GauntFourierConvolution.Direct)
                {
                    int sx = 2 * lx + 1, sy = 2 * ly + 1;
                    return new Layout(x, y, z, 2 * sx * sx, 2 * sy * sy, 2 * (p + 1) * (lOut + 1), 0, 0, 0);
                }
                int half = plan.K / 2;
                int powers = Math.Max(nu, 1);
                int fftPlanes = plan.Fft is null ? 0 : 8 * plan.Fft.Length;
                int a = 8 * (2 * lx + 1 + 2 * Pad); // two ring pairs
                int b = nu == 0 ? 8 * (2 * ly + 1 + 2 * Pad) : 2 * 4 * (2 * p + 1 + 2 * Pad);
                int c = nu == 0 ? 4 * (lOut + 1 + Pad) : z;
                int d = powers * (half + 1) * 4 * (lOut + 1);
                return new Layout(x, y, z, a, b, c, d, fftPlanes, nu * (lOut + 1));
            }
        }
    }
}
