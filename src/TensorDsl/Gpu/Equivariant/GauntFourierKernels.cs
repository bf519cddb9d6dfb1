using ILGPU;

namespace TensorDsl.Gpu.Equivariant
{
    /// <summary>
    /// The explicitly grouped ILGPU kernels behind <see cref="DeviceGauntFourier"/>: the Gaunt product by the Fourier method
    /// with a direct 2D convolution, for <see cref="float"/> and <see cref="double"/>, with the per-row work area in dynamic
    /// shared memory or (degrees whose grids do not fit) in a global scratch buffer. The float and double bodies are the same
    /// text with the element type swapped: kernels cannot be generic over arithmetic without <c>System.Numerics</c>, which
    /// ILGPU does not compile.
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
    /// <para>Only primitive arithmetic, <see cref="ArrayView{T}"/> indexing, <see cref="SharedMemory"/> and
    /// <see cref="Group"/>/<see cref="Grid"/> intrinsics: ILGPU compiles these methods' IL for the accelerator.</para>
    /// </remarks>
    internal static class GauntFourierKernels
    {
        /// <summary>The kernel of <see cref="DeviceGauntFourier"/> for float, work area in dynamic shared memory (see the class remarks).</summary>
        /// <param name="meta">Sizes and layouts (<see cref="GauntFourierDeviceLayout"/>).</param>
        /// <param name="tables">κ of x, κ of y and ω, at the offsets the metadata gives.</param>
        /// <param name="x">x's buffer.</param>
        /// <param name="y">y's buffer.</param>
        /// <param name="z">z's buffer.</param>
        internal static void ProductSharedSingle(ArrayView<long> meta, ArrayView<float> tables, ArrayView<float> x, ArrayView<float> y, ArrayView<float> z)
        {
            var work = SharedMemory.GetDynamic<float>();
            for (long tile = Grid.IdxX; tile < meta[GauntFourierDeviceLayout.Tiles]; tile += Grid.DimX)
            {
                TileSingle(meta, tables, x, y, z, work, 0, tile);
            }
        }

        /// <summary>The kernel of <see cref="DeviceGauntFourier"/> for float, work area in global memory (degrees whose grids do not fit in shared memory).</summary>
        /// <param name="meta">Sizes and layouts (<see cref="GauntFourierDeviceLayout"/>).</param>
        /// <param name="tables">κ of x, κ of y and ω, at the offsets the metadata gives.</param>
        /// <param name="x">x's buffer.</param>
        /// <param name="y">y's buffer.</param>
        /// <param name="z">z's buffer.</param>
        /// <param name="scratch">One work block (rows per tile × row stride) per group of the launch.</param>
        internal static void ProductGlobalSingle(ArrayView<long> meta, ArrayView<float> tables, ArrayView<float> x, ArrayView<float> y, ArrayView<float> z, ArrayView<float> scratch)
        {
            long block = Grid.IdxX * meta[GauntFourierDeviceLayout.RowsPerTile] * meta[GauntFourierDeviceLayout.Stride];
            for (long tile = Grid.IdxX; tile < meta[GauntFourierDeviceLayout.Tiles]; tile += Grid.DimX)
            {
                TileSingle(meta, tables, x, y, z, scratch, block, tile);
            }
        }

        /// <summary>One tile of rows: load, synthesis, convolution, projection (see the class remarks).</summary>
        private static void TileSingle(ArrayView<long> meta, ArrayView<float> tables, ArrayView<float> x, ArrayView<float> y, ArrayView<float> z,
            ArrayView<float> work, long block, long tile)
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

            // (0) The tile's coefficients of x and y into the work area.
            for (int e = thread; e < count * (k1 + k2); e += threads)
            {
                int r = e / (k1 + k2), i = e - r * (k1 + k2);
                long at = block + r * stride + u0 + i;
                if (i < k1) work[at] = x[RowOffset(meta, r0 + r, 0) + i * sx];
                else work[at] = y[RowOffset(meta, r0 + r, 1) + (i - k1) * sy];
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
                float re = 0, im = 0;
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
                        float c = tables[kappa + (long)(l * (l + 1) / 2 + a) * (lMax + 1) + au];
                        float xa = work[coefficients + l * l + l + a];
                        float xb = a > 0 ? work[coefficients + l * l + l - a] : 0;
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
                float re0 = 0, im0 = 0, re1 = 0, im1 = 0, re2 = 0, im2 = 0, re3 = 0, im3 = 0;
                for (int u1 = u1Lo; u1 <= u1Hi; u1++)
                {
                    long fRow = f + (u1 + l1) * s1 + l1;
                    // G_{u−u1, c} at gRow + c, c = −l2 − VBlock .. l2 + VBlock (zero outside −l2..l2).
                    long gRow = g + (u - u1 + l2) * w2 + block4 + l2;
                    long c0 = gRow + v - v1Lo;
                    float g0r = work[c0], g0i = work[c0 + n2], g1r = work[c0 + 1], g1i = work[c0 + 1 + n2];
                    float g2r = work[c0 + 2], g2i = work[c0 + 2 + n2], g3r = work[c0 + 3], g3i = work[c0 + 3 + n2];
                    for (int v1 = v1Lo; v1 <= v1Hi; v1++)
                    {
                        float fr = work[fRow + v1], fi = work[fRow + n1 + v1];
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
                float s = 0;
                for (int u = 0; u <= p; u++) s += tables[w + u] * work[h + u * (lOut + 1)];
                z[RowOffset(meta, r0 + r, 2) + i * sz] = odd || m < 0 ? -s : s;
            }
            // The next tile overwrites the work area that (3) reads.
            Group.Barrier();
        }

        /// <summary>The kernel of <see cref="DeviceGauntFourier"/> for double, work area in dynamic shared memory (see the class remarks).</summary>
        /// <param name="meta">Sizes and layouts (<see cref="GauntFourierDeviceLayout"/>).</param>
        /// <param name="tables">κ of x, κ of y and ω, at the offsets the metadata gives.</param>
        /// <param name="x">x's buffer.</param>
        /// <param name="y">y's buffer.</param>
        /// <param name="z">z's buffer.</param>
        internal static void ProductSharedDouble(ArrayView<long> meta, ArrayView<double> tables, ArrayView<double> x, ArrayView<double> y, ArrayView<double> z)
        {
            var work = SharedMemory.GetDynamic<double>();
            for (long tile = Grid.IdxX; tile < meta[GauntFourierDeviceLayout.Tiles]; tile += Grid.DimX)
            {
                TileDouble(meta, tables, x, y, z, work, 0, tile);
            }
        }

        /// <summary>The kernel of <see cref="DeviceGauntFourier"/> for double, work area in global memory (degrees whose grids do not fit in shared memory).</summary>
        /// <param name="meta">Sizes and layouts (<see cref="GauntFourierDeviceLayout"/>).</param>
        /// <param name="tables">κ of x, κ of y and ω, at the offsets the metadata gives.</param>
        /// <param name="x">x's buffer.</param>
        /// <param name="y">y's buffer.</param>
        /// <param name="z">z's buffer.</param>
        /// <param name="scratch">One work block (rows per tile × row stride) per group of the launch.</param>
        internal static void ProductGlobalDouble(ArrayView<long> meta, ArrayView<double> tables, ArrayView<double> x, ArrayView<double> y, ArrayView<double> z, ArrayView<double> scratch)
        {
            long block = Grid.IdxX * meta[GauntFourierDeviceLayout.RowsPerTile] * meta[GauntFourierDeviceLayout.Stride];
            for (long tile = Grid.IdxX; tile < meta[GauntFourierDeviceLayout.Tiles]; tile += Grid.DimX)
            {
                TileDouble(meta, tables, x, y, z, scratch, block, tile);
            }
        }

        /// <summary>One tile of rows: load, synthesis, convolution, projection (see the class remarks).</summary>
        private static void TileDouble(ArrayView<long> meta, ArrayView<double> tables, ArrayView<double> x, ArrayView<double> y, ArrayView<double> z,
            ArrayView<double> work, long block, long tile)
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

            // (0) The tile's coefficients of x and y into the work area.
            for (int e = thread; e < count * (k1 + k2); e += threads)
            {
                int r = e / (k1 + k2), i = e - r * (k1 + k2);
                long at = block + r * stride + u0 + i;
                if (i < k1) work[at] = x[RowOffset(meta, r0 + r, 0) + i * sx];
                else work[at] = y[RowOffset(meta, r0 + r, 1) + (i - k1) * sy];
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
                double re = 0, im = 0;
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
                        double c = tables[kappa + (long)(l * (l + 1) / 2 + a) * (lMax + 1) + au];
                        double xa = work[coefficients + l * l + l + a];
                        double xb = a > 0 ? work[coefficients + l * l + l - a] : 0;
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
                double re0 = 0, im0 = 0, re1 = 0, im1 = 0, re2 = 0, im2 = 0, re3 = 0, im3 = 0;
                for (int u1 = u1Lo; u1 <= u1Hi; u1++)
                {
                    long fRow = f + (u1 + l1) * s1 + l1;
                    // G_{u−u1, c} at gRow + c, c = −l2 − VBlock .. l2 + VBlock (zero outside −l2..l2).
                    long gRow = g + (u - u1 + l2) * w2 + block4 + l2;
                    long c0 = gRow + v - v1Lo;
                    double g0r = work[c0], g0i = work[c0 + n2], g1r = work[c0 + 1], g1i = work[c0 + 1 + n2];
                    double g2r = work[c0 + 2], g2i = work[c0 + 2 + n2], g3r = work[c0 + 3], g3i = work[c0 + 3 + n2];
                    for (int v1 = v1Lo; v1 <= v1Hi; v1++)
                    {
                        double fr = work[fRow + v1], fi = work[fRow + n1 + v1];
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
                double s = 0;
                for (int u = 0; u <= p; u++) s += tables[w + u] * work[h + u * (lOut + 1)];
                z[RowOffset(meta, r0 + r, 2) + i * sz] = odd || m < 0 ? -s : s;
            }
            // The next tile overwrites the work area that (3) reads.
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
