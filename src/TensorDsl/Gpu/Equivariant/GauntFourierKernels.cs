using System.Numerics;
using ILGPU;

namespace TensorDsl.Gpu.Equivariant
{
    /// <summary>
    /// The explicitly grouped ILGPU kernels behind <see cref="DeviceGauntFourier"/>: the Gaunt product by the Fourier method
    /// with a direct 2D convolution, for <see cref="float"/> and <see cref="double"/>, with the per-row work area in dynamic
    /// shared memory or (degrees whose grids do not fit) in a global scratch buffer. Each kernel is written once, generic over
    /// the element type (generic math, which ILGPU compiles per instantiation: float and double).
    /// </summary>
    /// <remarks>
    /// <para><b>Work.</b> A group owns a tile of consecutive rows (rows per tile in the metadata) and takes tiles in a
    /// grid-stride loop. Per tile, four phases separated by barriers, each a loop of the group's threads over (row, item)
    /// pairs, so every thread has work whatever the degrees: (0) copy the rows' x and y coefficients into the work area;
    /// (1) build the full Fourier grids F (x) and G (y), one grid entry per item, each a sum over the degrees with the exact
    /// synthesis table κ (a gather: no atomics); (2) the product grid H = F ⊛ G on the quarter u = 0..P, v = 0..LOut (the
    /// rest follows from the symmetries of a real function), one entry per item, (2L1+1)(2L2+1) complex multiply–adds at most;
    /// (3) one output coefficient per item, Σ_u ω_la(u)·H_{u,|m|}, written straight to z.</para>
    /// <para><b>Tables</b> (κ of x, κ of y, ω; <see cref="TensorDsl.Equivariant.GauntFourierPlan{T}"/>) are read from global
    /// memory: every row reads the same entries, so they stay in cache.</para>
    /// <para><b>Many-body.</b> The same phases per row with one input: x's grid F; the powers Q_n = Q_{n−1} ⊛ F, n = 2..ν, on
    /// their whole grids (side 2nL + 1; the next power needs all of it), in two alternating buffers; after each power, every
    /// output coefficient adds weights[n − 1, c, l]·Σ_u ω^{(n)}_{l|m|}(u)·Q_n[u, |m|] to a per-row accumulator, which starts as
    /// weights[0, c, l]·x_lm and is stored into z at the end.</para>
    /// <para>Only primitive arithmetic, <see cref="ArrayView{T}"/> indexing, <see cref="SharedMemory"/> and
    /// <see cref="Group"/>/<see cref="Grid"/> intrinsics: ILGPU compiles these methods' IL for the accelerator.</para>
    /// </remarks>
    internal static class GauntFourierKernels
    {
        /// <summary>The kernel of <see cref="DeviceGauntFourier"/>, for float and double, work area in dynamic shared memory (see the class remarks).</summary>
        /// <param name="meta">Sizes and layouts (<see cref="GauntFourierDeviceLayout"/>).</param>
        /// <param name="tables">κ of x, κ of y and ω, at the offsets the metadata gives.</param>
        /// <param name="x">x's buffer.</param>
        /// <param name="y">y's buffer.</param>
        /// <param name="z">z's buffer.</param>
        internal static void ProductShared<T>(ArrayView<long> meta, ArrayView<T> tables, ArrayView<T> x, ArrayView<T> y, ArrayView<T> z)
            where T : unmanaged, INumber<T>
        {
            var work = SharedMemory.GetDynamic<T>();
            var offsets = SharedMemory.Allocate<long>(3 * GauntFourierDeviceLayout.MaxRowsPerTile);
            for (long tile = Grid.IdxX; tile < meta[GauntFourierDeviceLayout.Tiles]; tile += Grid.DimX)
            {
                Tile(meta, tables, x, y, z, work, 0, offsets, tile);
            }
        }

        /// <summary>The kernel of <see cref="DeviceGauntFourier"/>, for float and double, work area in global memory (degrees whose grids do not fit in shared memory).</summary>
        /// <param name="meta">Sizes and layouts (<see cref="GauntFourierDeviceLayout"/>).</param>
        /// <param name="tables">κ of x, κ of y and ω, at the offsets the metadata gives.</param>
        /// <param name="x">x's buffer.</param>
        /// <param name="y">y's buffer.</param>
        /// <param name="z">z's buffer.</param>
        /// <param name="scratch">One work block (rows per tile × row stride) per group of the launch.</param>
        internal static void ProductGlobal<T>(ArrayView<long> meta, ArrayView<T> tables, ArrayView<T> x, ArrayView<T> y, ArrayView<T> z, ArrayView<T> scratch)
            where T : unmanaged, INumber<T>
        {
            long block = Grid.IdxX * meta[GauntFourierDeviceLayout.RowsPerTile] * meta[GauntFourierDeviceLayout.Stride];
            var offsets = SharedMemory.Allocate<long>(3 * GauntFourierDeviceLayout.MaxRowsPerTile);
            for (long tile = Grid.IdxX; tile < meta[GauntFourierDeviceLayout.Tiles]; tile += Grid.DimX)
            {
                Tile(meta, tables, x, y, z, scratch, block, offsets, tile);
            }
        }

        /// <summary>One tile of rows: load, synthesis, convolution, projection (see the class remarks).</summary>
        private static void Tile<T>(ArrayView<long> meta, ArrayView<T> tables, ArrayView<T> x, ArrayView<T> y, ArrayView<T> z,
            ArrayView<T> work, long block, ArrayView<long> offsets, long tile)
            where T : unmanaged, INumber<T>
        {
            int l1 = (int)meta[GauntFourierDeviceLayout.L1], l2 = (int)meta[GauntFourierDeviceLayout.L2], lOut = (int)meta[GauntFourierDeviceLayout.LOut];
            const int block4 = GauntFourierDeviceLayout.VBlock;
            int p = l1 + l2, s1 = 2 * l1 + 1, s2 = 2 * l2 + 1, w2 = s2 + 2 * block4, n1 = s1 * s1, n2 = s2 * w2;
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1), hn = (p + 1) * (lOut + 1);
            long stride = meta[GauntFourierDeviceLayout.Stride], perTile = meta[GauntFourierDeviceLayout.RowsPerTile], rows = meta[GauntFourierDeviceLayout.Rows];
            long kx = meta[GauntFourierDeviceLayout.KappaX], ky = meta[GauntFourierDeviceLayout.KappaY], om = meta[GauntFourierDeviceLayout.Omega];
            long sx = meta[GauntFourierDeviceLayout.LastStrides], sy = meta[GauntFourierDeviceLayout.LastStrides + 1], sz = meta[GauntFourierDeviceLayout.LastStrides + 2];
            // Row-relative positions: F (re, im), G (re, im; VBlock zero columns on each side), then x and y, later H (re, im) in the same place.
            long g0 = 2L * n1, u0 = g0 + 2L * n2;
            int thread = Group.IdxX, threads = Group.DimX;
            long r0 = tile * perTile;
            int count = (int)(rows - r0 < perTile ? rows - r0 : perTile);

            // (0) The element offsets of the tile's rows in x, y and z (the divisions by the leading lengths once per row), then
            // the rows' coefficients of x and y into the work area.
            for (int e = thread; e < 3 * count; e += threads)
            {
                int r = e / 3;
                offsets[e] = RowOffset(meta, r0 + r, e - 3 * r);
            }
            Group.Barrier();
            for (int e = thread; e < count * (k1 + k2); e += threads)
            {
                int r = e / (k1 + k2), i = e - r * (k1 + k2);
                long at = block + r * stride + u0 + i;
                if (i < k1) work[at] = x[offsets[3 * r] + i * sx];
                else work[at] = y[offsets[3 * r + 1] + (i - k1) * sy];
            }
            Group.Barrier();

            // (1) The Fourier grids, one entry per work item (a gather over the degrees, no atomics):
            // F_{u,a} = Σ_l κ^{la}_{|u|} (x_{l,a} − i·x_{l,−a}) for even a, ±κ (x_{l,−a} + i·x_{l,a}) for odd a (sign of u); F_{u,−a} = conj F_{−u,a}.
            // G's pad columns get zeros, so the convolution reads past its edges without tests.
            for (int e = thread; e < count * (n1 + n2); e += threads)
            {
                int r = e / (n1 + n2), j = e - r * (n1 + n2);
                bool first = j < n1;
                int lMax = first ? l1 : l2, width = first ? s1 : w2, pad = first ? 0 : block4;
                if (!first) j -= n1;
                int iu = j / width;
                int u = iu - lMax, v = j - iu * width - pad - lMax;
                T re = T.Zero, im = T.Zero;
                if (v >= -lMax && v <= lMax)
                {
                    long kappa = first ? kx : ky;
                    long coefficients = block + r * stride + u0 + (first ? 0 : k1);
                    int a = v < 0 ? -v : v, uu = v < 0 ? -u : u, au = uu < 0 ? -uu : uu;
                    bool odd = (a & 1) != 0;
                    int l0 = a > au ? a : au;
                    if (((l0 - au) & 1) != 0) l0++;
                    for (int l = l0; l <= lMax; l += 2)
                    {
                        T c = tables[kappa + (long)(l * (l + 1) / 2 + a) * (lMax + 1) + au];
                        T xa = work[coefficients + l * l + l + a];
                        T xb = a > 0 ? work[coefficients + l * l + l - a] : T.Zero;
                        if (odd)
                        {
                            re += c * xb;
                            im += c * xa;
                        }
                        else
                        {
                            re += c * xa;
                            im -= c * xb;
                        }
                    }
                    if (odd && uu < 0)
                    {
                        re = -re;
                        im = -im;
                    }
                    if (v < 0) im = -im;
                }
                long grid = block + r * stride + (first ? 0 : g0);
                int planeSize = first ? n1 : n2;
                work[grid + j] = re;
                work[grid + planeSize + j] = im;
            }
            Group.Barrier();

            // (2) The product grid on the quarter u = 0..P, v = 0..LOut: H_uv = Σ F_{u1,v1}·G_{u−u1,v−v1} (2D linear convolution).
            // A work item computes VBlock neighbouring v: along v1 the G values it needs slide by one, so each step loads one
            // F and one G entry for VBlock complex multiply–adds (the window g0..g3 lives in registers).
            int vBlocks = (lOut + block4) / block4;
            for (int e = thread; e < count * (p + 1) * vBlocks; e += threads)
            {
                int r = e / ((p + 1) * vBlocks), j = e - r * ((p + 1) * vBlocks);
                int u = j / vBlocks, v = (j - u * vBlocks) * block4;
                long f = block + r * stride, g = f + g0;
                int u1Lo = -l1 > u - l2 ? -l1 : u - l2, u1Hi = l1 < u + l2 ? l1 : u + l2;
                int v1Lo = -l1 > v - l2 ? -l1 : v - l2, v1Hi = l1 < v + block4 - 1 + l2 ? l1 : v + block4 - 1 + l2;
                T re0 = T.Zero, im0 = T.Zero, re1 = T.Zero, im1 = T.Zero, re2 = T.Zero, im2 = T.Zero, re3 = T.Zero, im3 = T.Zero;
                for (int u1 = u1Lo; u1 <= u1Hi; u1++)
                {
                    long fRow = f + (u1 + l1) * s1 + l1;
                    // G_{u−u1, c} at gRow + c, c = −l2 − VBlock .. l2 + VBlock (zero outside −l2..l2).
                    long gRow = g + (u - u1 + l2) * w2 + block4 + l2;
                    long c0 = gRow + v - v1Lo;
                    T g0r = work[c0], g0i = work[c0 + n2], g1r = work[c0 + 1], g1i = work[c0 + 1 + n2];
                    T g2r = work[c0 + 2], g2i = work[c0 + 2 + n2], g3r = work[c0 + 3], g3i = work[c0 + 3 + n2];
                    for (int v1 = v1Lo; v1 <= v1Hi; v1++)
                    {
                        T fr = work[fRow + v1], fi = work[fRow + n1 + v1];
                        re0 += fr * g0r - fi * g0i;
                        im0 += fr * g0i + fi * g0r;
                        re1 += fr * g1r - fi * g1i;
                        im1 += fr * g1i + fi * g1r;
                        re2 += fr * g2r - fi * g2i;
                        im2 += fr * g2i + fi * g2r;
                        re3 += fr * g3r - fi * g3i;
                        im3 += fr * g3i + fi * g3r;
                        // Slide: the next v1 needs G_{v+k−v1−1}, i.e. gk ← g(k−1) and g0 ← G_{v−v1−1}.
                        g3r = g2r;
                        g3i = g2i;
                        g2r = g1r;
                        g2i = g1i;
                        g1r = g0r;
                        g1i = g0i;
                        long next = gRow + v - v1 - 1;
                        g0r = work[next];
                        g0i = work[next + n2];
                    }
                }
                // H overwrites x and y: every reader of them passed the barrier above.
                long h = f + u0 + u * (lOut + 1) + v;
                work[h] = re0;
                work[h + hn] = im0;
                if (v + 1 <= lOut)
                {
                    work[h + 1] = re1;
                    work[h + 1 + hn] = im1;
                }
                if (v + 2 <= lOut)
                {
                    work[h + 2] = re2;
                    work[h + 2 + hn] = im2;
                }
                if (v + 3 <= lOut)
                {
                    work[h + 3] = re3;
                    work[h + 3 + hn] = im3;
                }
            }
            Group.Barrier();

            // (3) Projection, one output coefficient per work item: S_la = Σ_u ω_la(u)·H_{u,a}; even a: z_{l,a} = Re S, z_{l,−a} = −Im S;
            // odd a: z_{l,a} = −Im S, z_{l,−a} = −Re S.
            for (int e = thread; e < count * k3; e += threads)
            {
                int r = e / k3, i = e - r * k3;
                int l = 0;
                while ((l + 1) * (l + 1) <= i) l++;
                int m = i - l * l - l, a = m < 0 ? -m : m;
                bool odd = (a & 1) != 0;
                // Which plane of H, and the sign: Re for (even a, m ≥ 0) and (odd a, m < 0), negated when a is odd or m < 0.
                bool real = odd == (m < 0);
                long h = block + r * stride + u0 + a + (real ? 0 : hn);
                long w = om + (long)(l * (l + 1) / 2 + a) * (p + 1);
                T s = T.Zero;
                for (int u = 0; u <= p; u++) s += tables[w + u] * work[h + u * (lOut + 1)];
                z[offsets[3 * r + 2] + i * sz] = odd || m < 0 ? -s : s;
            }
            // The next tile overwrites the work area and the offsets that (3) reads.
            Group.Barrier();
        }

        /// <summary>The many-body kernel of <see cref="DeviceGauntFourier"/>, for float and double, work area in dynamic shared memory (see the class remarks).</summary>
        /// <param name="meta">Sizes and layouts (<see cref="GauntManyBodyDeviceLayout"/>).</param>
        /// <param name="tables">κ of x and ω of every power n ≥ 2, at the offsets the metadata gives.</param>
        /// <param name="x">x's buffer.</param>
        /// <param name="weights">The weights' buffer.</param>
        /// <param name="z">z's buffer.</param>
        internal static void ManyBodyShared<T>(ArrayView<long> meta, ArrayView<T> tables, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> z)
            where T : unmanaged, INumber<T>
        {
            var work = SharedMemory.GetDynamic<T>();
            var offsets = SharedMemory.Allocate<long>(3 * GauntFourierDeviceLayout.MaxRowsPerTile);
            for (long tile = Grid.IdxX; tile < meta[GauntManyBodyDeviceLayout.Tiles]; tile += Grid.DimX)
            {
                ManyBodyTile(meta, tables, x, weights, z, work, 0, offsets, tile);
            }
        }

        /// <summary>The many-body kernel of <see cref="DeviceGauntFourier"/>, for float and double, work area in global memory (powers whose grids do not fit in shared memory).</summary>
        /// <param name="meta">Sizes and layouts (<see cref="GauntManyBodyDeviceLayout"/>).</param>
        /// <param name="tables">κ of x and ω of every power n ≥ 2, at the offsets the metadata gives.</param>
        /// <param name="x">x's buffer.</param>
        /// <param name="weights">The weights' buffer.</param>
        /// <param name="z">z's buffer.</param>
        /// <param name="scratch">One work block (rows per tile × row stride) per group of the launch.</param>
        internal static void ManyBodyGlobal<T>(ArrayView<long> meta, ArrayView<T> tables, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> z, ArrayView<T> scratch)
            where T : unmanaged, INumber<T>
        {
            long block = Grid.IdxX * meta[GauntManyBodyDeviceLayout.RowsPerTile] * meta[GauntManyBodyDeviceLayout.Stride];
            var offsets = SharedMemory.Allocate<long>(3 * GauntFourierDeviceLayout.MaxRowsPerTile);
            for (long tile = Grid.IdxX; tile < meta[GauntManyBodyDeviceLayout.Tiles]; tile += Grid.DimX)
            {
                ManyBodyTile(meta, tables, x, weights, z, scratch, block, offsets, tile);
            }
        }

        /// <summary>One tile of rows of the many-body product: load, synthesis, powers by 2D convolution, weighted projections.</summary>
        private static void ManyBodyTile<T>(ArrayView<long> meta, ArrayView<T> tables, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> z,
            ArrayView<T> work, long block, ArrayView<long> offsets, long tile)
            where T : unmanaged, INumber<T>
        {
            const int block4 = GauntFourierDeviceLayout.VBlock;
            int l = (int)meta[GauntManyBodyDeviceLayout.L], nu = (int)meta[GauntManyBodyDeviceLayout.Nu], lOut = (int)meta[GauntManyBodyDeviceLayout.LOut];
            int s1 = 2 * l + 1, w1 = s1 + 2 * block4, n1 = s1 * w1, sMax = 2 * nu * l + 1, nMax = sMax * sMax;
            int k1 = (l + 1) * (l + 1), k3 = (lOut + 1) * (lOut + 1);
            long stride = meta[GauntManyBodyDeviceLayout.Stride], perTile = meta[GauntManyBodyDeviceLayout.RowsPerTile], rows = meta[GauntManyBodyDeviceLayout.Rows];
            long kappa = meta[GauntManyBodyDeviceLayout.Kappa], channels = meta[GauntManyBodyDeviceLayout.Channels];
            long sx = meta[GauntFourierDeviceLayout.LastStrides], sz = meta[GauntFourierDeviceLayout.LastStrides + 2];
            int weightsAt = GauntManyBodyDeviceLayout.Weights((int)meta[GauntFourierDeviceLayout.Axes]);
            long wBase = meta[weightsAt], wNu = meta[weightsAt + 1], wChannel = meta[weightsAt + 2], wDegree = meta[weightsAt + 3];
            // Row-relative positions: F (x's grid, re, im, VBlock zero columns on each side), two power grids A and B (re, im,
            // side 2νL + 1 at most, row-major with the power's own side), x's coefficients, the output accumulator.
            long fAt = 0, aAt = 2L * n1, bAt = aAt + 2L * nMax, xAt = bAt + 2L * nMax, zAt = xAt + k1;
            int thread = Group.IdxX, threads = Group.DimX;
            long r0 = tile * perTile;
            int count = (int)(rows - r0 < perTile ? rows - r0 : perTile);

            // (0) Offsets of the tile's rows in x and z and their channels; then x's coefficients into the work area.
            for (int e = thread; e < 3 * count; e += threads)
            {
                int r = e / 3, which = e - 3 * r;
                offsets[e] = which == 2 ? (r0 + r) % channels : RowOffset(meta, r0 + r, which == 0 ? 0 : 2);
            }
            Group.Barrier();
            for (int e = thread; e < count * k1; e += threads)
            {
                int r = e / k1, i = e - r * k1;
                work[block + r * stride + xAt + i] = x[offsets[3 * r] + i * sx];
            }
            Group.Barrier();

            // (1) x's Fourier grid twice: padded in F (the second factor of every convolution) and plain in A (the first power).
            // The accumulator starts with the n = 1 term, weights[0, c, l]·x_lm (zero above x's degree).
            for (int e = thread; e < count * (n1 + s1 * s1); e += threads)
            {
                int r = e / (n1 + s1 * s1), j = e - r * (n1 + s1 * s1);
                bool padded = j < n1;
                int width = padded ? w1 : s1, pad = padded ? block4 : 0;
                if (!padded) j -= n1;
                int iu = j / width;
                int u = iu - l, v = j - iu * width - pad - l;
                T re = T.Zero, im = T.Zero;
                if (v >= -l && v <= l)
                {
                    long coefficients = block + r * stride + xAt;
                    int a = v < 0 ? -v : v, uu = v < 0 ? -u : u, au = uu < 0 ? -uu : uu;
                    bool odd = (a & 1) != 0;
                    int l0 = a > au ? a : au;
                    if (((l0 - au) & 1) != 0) l0++;
                    for (int d = l0; d <= l; d += 2)
                    {
                        T c = tables[kappa + (long)(d * (d + 1) / 2 + a) * (l + 1) + au];
                        T xa = work[coefficients + d * d + d + a];
                        T xb = a > 0 ? work[coefficients + d * d + d - a] : T.Zero;
                        if (odd)
                        {
                            re += c * xb;
                            im += c * xa;
                        }
                        else
                        {
                            re += c * xa;
                            im -= c * xb;
                        }
                    }
                    if (odd && uu < 0)
                    {
                        re = -re;
                        im = -im;
                    }
                    if (v < 0) im = -im;
                }
                long grid = block + r * stride + (padded ? fAt : aAt);
                int planeSize = padded ? n1 : nMax;
                work[grid + j] = re;
                work[grid + planeSize + j] = im;
            }
            for (int e = thread; e < count * k3; e += threads)
            {
                int r = e / k3, i = e - r * k3;
                int d = 0;
                while ((d + 1) * (d + 1) <= i) d++;
                work[block + r * stride + zAt + i] = d <= l ? weights[wBase + offsets[3 * r + 2] * wChannel + d * wDegree] * work[block + r * stride + xAt + i] : T.Zero;
            }
            Group.Barrier();

            // (2) Powers n = 2..ν: Q_n = Q_{n−1} ⊛ F on the whole grid (side 2nL + 1; the next power needs all of it), computed
            // as the product's convolution is (VBlock neighbouring v per item, sliding window over F); then each output
            // coefficient adds weights[n − 1, c, l]·Σ_u ω^{(n)}_{l|m|}(u)·Q_n[u, |m|] (degrees ≤ min(LOut, nL)).
            for (int n = 2; n <= nu; n++)
            {
                int pIn = (n - 1) * l, pOut = n * l, sIn = 2 * pIn + 1, sOut = 2 * pOut + 1;
                long qIn = (n & 1) == 0 ? aAt : bAt, qOut = (n & 1) == 0 ? bAt : aAt;
                int vBlocks = (sOut + block4 - 1) / block4;
                for (int e = thread; e < count * sOut * vBlocks; e += threads)
                {
                    int r = e / (sOut * vBlocks), j = e - r * (sOut * vBlocks);
                    int iu = j / vBlocks;
                    int u = iu - pOut, v = (j - iu * vBlocks) * block4 - pOut;
                    long rowAt = block + r * stride;
                    int u1Lo = -pIn > u - l ? -pIn : u - l, u1Hi = pIn < u + l ? pIn : u + l;
                    int v1Lo = -pIn > v - l ? -pIn : v - l, v1Hi = pIn < v + block4 - 1 + l ? pIn : v + block4 - 1 + l;
                    T re0 = T.Zero, im0 = T.Zero, re1 = T.Zero, im1 = T.Zero, re2 = T.Zero, im2 = T.Zero, re3 = T.Zero, im3 = T.Zero;
                    for (int u1 = u1Lo; u1 <= u1Hi; u1++)
                    {
                        long qRow = rowAt + qIn + (u1 + pIn) * sIn + pIn;
                        long fRow = rowAt + fAt + (u - u1 + l) * w1 + block4 + l;
                        long c0 = fRow + v - v1Lo;
                        T g0r = work[c0], g0i = work[c0 + n1], g1r = work[c0 + 1], g1i = work[c0 + 1 + n1];
                        T g2r = work[c0 + 2], g2i = work[c0 + 2 + n1], g3r = work[c0 + 3], g3i = work[c0 + 3 + n1];
                        for (int v1 = v1Lo; v1 <= v1Hi; v1++)
                        {
                            T fr = work[qRow + v1], fi = work[qRow + nMax + v1];
                            re0 += fr * g0r - fi * g0i;
                            im0 += fr * g0i + fi * g0r;
                            re1 += fr * g1r - fi * g1i;
                            im1 += fr * g1i + fi * g1r;
                            re2 += fr * g2r - fi * g2i;
                            im2 += fr * g2i + fi * g2r;
                            re3 += fr * g3r - fi * g3i;
                            im3 += fr * g3i + fi * g3r;
                            g3r = g2r;
                            g3i = g2i;
                            g2r = g1r;
                            g2i = g1i;
                            g1r = g0r;
                            g1i = g0i;
                            long next = fRow + v - v1 - 1;
                            g0r = work[next];
                            g0i = work[next + n1];
                        }
                    }
                    long h = rowAt + qOut + iu * sOut + v + pOut;
                    work[h] = re0;
                    work[h + nMax] = im0;
                    if (v + 1 <= pOut)
                    {
                        work[h + 1] = re1;
                        work[h + 1 + nMax] = im1;
                    }
                    if (v + 2 <= pOut)
                    {
                        work[h + 2] = re2;
                        work[h + 2 + nMax] = im2;
                    }
                    if (v + 3 <= pOut)
                    {
                        work[h + 3] = re3;
                        work[h + 3 + nMax] = im3;
                    }
                }
                Group.Barrier();

                long omega = meta[weightsAt + 4 + n - 2];
                int top = lOut < pOut ? lOut : pOut;
                for (int e = thread; e < count * k3; e += threads)
                {
                    int r = e / k3, i = e - r * k3;
                    int d = 0;
                    while ((d + 1) * (d + 1) <= i) d++;
                    if (d > top) continue;
                    int m = i - d * d - d, a = m < 0 ? -m : m;
                    bool odd = (a & 1) != 0;
                    bool real = odd == (m < 0);
                    long q = block + r * stride + qOut + (long)pOut * sOut + pOut + a + (real ? 0 : nMax);
                    long w = omega + (long)(d * (d + 1) / 2 + a) * (pOut + 1);
                    T s = T.Zero;
                    for (int u = 0; u <= pOut; u++) s += tables[w + u] * work[q + (long)u * sOut];
                    T weight = weights[wBase + (n - 1) * wNu + offsets[3 * r + 2] * wChannel + d * wDegree];
                    work[block + r * stride + zAt + i] += weight * (odd || m < 0 ? -s : s);
                }
                // The next power writes the grid Q_{n−1}, which no one reads any more; the accumulator entries belong to one
                // thread each (the same item mapping in every loop), so no barrier is needed here.
            }

            // (3) The accumulated coefficients into z.
            for (int e = thread; e < count * k3; e += threads)
            {
                int r = e / k3, i = e - r * k3;
                z[offsets[3 * r + 1] + i * sz] = work[block + r * stride + zAt + i];
            }
            // The next tile overwrites the work area and the offsets.
            Group.Barrier();
        }

        /// <summary>
        /// Element offset of row <paramref name="row"/> of operand <paramref name="operand"/> (0: x, 1: y, 2: z) in its buffer:
        /// the row's multi-index over z's leading axes (row-major) dotted with the operand's leading strides.
        /// </summary>
        private static long RowOffset(ArrayView<long> meta, long row, int operand)
        {
            long offset = meta[GauntFourierDeviceLayout.Offsets + operand], rest = row;
            for (long d = meta[GauntFourierDeviceLayout.Axes] - 1; d >= 0; d--)
            {
                long at = GauntFourierDeviceLayout.FirstAxis + 4 * d;
                long n = meta[at];
                long i = rest % n;
                rest /= n;
                offset += i * meta[at + 1 + operand];
            }
            return offset;
        }
    }
}
