using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// AVX-512 micro-kernel: a 6 × 4-vector tile (float 6 × 64, double 6 × 32).
    /// </summary>
    /// <remarks>
    /// Register budget (32 zmm): 24 accumulators + 4 B vectors; the A value is broadcast straight from memory into
    /// each FMA (embedded broadcast), so 28 registers are live and nothing spills. Per summed position the kernel
    /// issues 24 FMAs against 4 vector loads and 6 broadcast loads, so it is bound by FMA throughput, not loads.
    /// Six rows rather than more keep the wasted work on ragged M edges small (at most 5 rows), and four vectors wide
    /// rather than two halve the broadcasts per FMA. The B micro-panel (kc × 64 floats) streams from L2 while the
    /// A micro-panel (6 × kc) stays in L1 across the whole row of tiles (see <see cref="GemmBlocking"/>).
    /// </remarks>
    internal unsafe struct MicroKernel512<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        public static int Mr => 6;
        public static int Nr => 4 * Vector512<T>.Count;
        public static int NrStep => Vector512<T>.Count;

        public static void Run(int kc, T* a, nint lda, T* b, int width, ref TileTarget<T> target)
        {
            switch (width / Vector512<T>.Count)
            {
                case 4: Tile<V4>(kc, a, lda, b, ref target); break;
                case 3: Tile<V3>(kc, a, lda, b, ref target); break;
                case 2: Tile<V2>(kc, a, lda, b, ref target); break;
                default: Tile<V1>(kc, a, lda, b, ref target); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
        {
            if (typeof(T) == typeof(float))
            {
                return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
            }
            if (typeof(T) == typeof(double))
            {
                return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
            }
            return x * y + acc;
        }

        /// <summary>Stores (or adds) one row of the tile when C's columns are contiguous and the row is full.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRow<TW>(T* c, bool add, Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, Vector512<T> v3)
            where TW : struct, IVectorCount
        {
            int n = Vector512<T>.Count;
            if (add)
            {
                v0 += Vector512.Load(c);
                if (TW.Count > 1) v1 += Vector512.Load(c + n);
                if (TW.Count > 2) v2 += Vector512.Load(c + 2 * n);
                if (TW.Count > 3) v3 += Vector512.Load(c + 3 * n);
            }
            v0.Store(c);
            if (TW.Count > 1) v1.Store(c + n);
            if (TW.Count > 2) v2.Store(c + 2 * n);
            if (TW.Count > 3) v3.Store(c + 3 * n);
        }

        /// <summary>Stores one row of the tile into the stack tile used by the scatter path.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void SpillRow<TW>(T* dst, Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, Vector512<T> v3)
            where TW : struct, IVectorCount
        {
            int n = Vector512<T>.Count;
            v0.Store(dst);
            if (TW.Count > 1) v1.Store(dst + n);
            if (TW.Count > 2) v2.Store(dst + 2 * n);
            if (TW.Count > 3) v3.Store(dst + 3 * n);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        [SkipLocalsInit]
        private static void Tile<TW>(int kc, T* a, nint lda, T* b, ref TileTarget<T> t)
            where TW : struct, IVectorCount
        {
            int w = TW.Count;
            int n = Vector512<T>.Count;
            nint bStride = w * n;
            // A rows are lda apart; one moving pointer plus fixed offsets addresses all six.
            nint s1 = lda, s2 = 2 * lda, s3 = 3 * lda, s4 = 4 * lda, s5 = 5 * lda;

            Vector512<T> c00 = default, c01 = default, c02 = default, c03 = default;
            Vector512<T> c10 = default, c11 = default, c12 = default, c13 = default;
            Vector512<T> c20 = default, c21 = default, c22 = default, c23 = default;
            Vector512<T> c30 = default, c31 = default, c32 = default, c33 = default;
            Vector512<T> c40 = default, c41 = default, c42 = default, c43 = default;
            Vector512<T> c50 = default, c51 = default, c52 = default, c53 = default;

            TileStore.Prefetch(ref t, w * n);

            for (int p = 0; p < kc; p++)
            {
                Vector512<T> b0 = Vector512.Load(b);
                Vector512<T> b1 = w > 1 ? Vector512.Load(b + n) : default;
                Vector512<T> b2 = w > 2 ? Vector512.Load(b + 2 * n) : default;
                Vector512<T> b3 = w > 3 ? Vector512.Load(b + 3 * n) : default;

                Vector512<T> av = Vector512.Create(a[0]);
                c00 = Fma(b0, av, c00);
                if (w > 1) c01 = Fma(b1, av, c01);
                if (w > 2) c02 = Fma(b2, av, c02);
                if (w > 3) c03 = Fma(b3, av, c03);

                av = Vector512.Create(a[s1]);
                c10 = Fma(b0, av, c10);
                if (w > 1) c11 = Fma(b1, av, c11);
                if (w > 2) c12 = Fma(b2, av, c12);
                if (w > 3) c13 = Fma(b3, av, c13);

                av = Vector512.Create(a[s2]);
                c20 = Fma(b0, av, c20);
                if (w > 1) c21 = Fma(b1, av, c21);
                if (w > 2) c22 = Fma(b2, av, c22);
                if (w > 3) c23 = Fma(b3, av, c23);

                av = Vector512.Create(a[s3]);
                c30 = Fma(b0, av, c30);
                if (w > 1) c31 = Fma(b1, av, c31);
                if (w > 2) c32 = Fma(b2, av, c32);
                if (w > 3) c33 = Fma(b3, av, c33);

                av = Vector512.Create(a[s4]);
                c40 = Fma(b0, av, c40);
                if (w > 1) c41 = Fma(b1, av, c41);
                if (w > 2) c42 = Fma(b2, av, c42);
                if (w > 3) c43 = Fma(b3, av, c43);

                av = Vector512.Create(a[s5]);
                c50 = Fma(b0, av, c50);
                if (w > 1) c51 = Fma(b1, av, c51);
                if (w > 2) c52 = Fma(b2, av, c52);
                if (w > 3) c53 = Fma(b3, av, c53);

                a++;
                b += bStride;
            }

            int rows = t.RowCount;
            if (t.ColsUnit && t.ColCount == w * n)
            {
                // Fast path: whole vectors straight into C, row by row.
                T* c = t.Base + t.Cols[0];
                nint* ro = t.Rows;
                bool add = t.Add;
                StoreRow<TW>(c + ro[0], add, c00, c01, c02, c03);
                if (rows > 1) StoreRow<TW>(c + ro[1], add, c10, c11, c12, c13);
                if (rows > 2) StoreRow<TW>(c + ro[2], add, c20, c21, c22, c23);
                if (rows > 3) StoreRow<TW>(c + ro[3], add, c30, c31, c32, c33);
                if (rows > 4) StoreRow<TW>(c + ro[4], add, c40, c41, c42, c43);
                if (rows > 5) StoreRow<TW>(c + ro[5], add, c50, c51, c52, c53);
            }
            else
            {
                // Edge tile or strided C columns: spill the tile to the stack and scatter its valid part.
                T* tile = stackalloc T[6 * 4 * Vector512<T>.Count];
                int stride = w * n;
                SpillRow<TW>(tile, c00, c01, c02, c03);
                SpillRow<TW>(tile + stride, c10, c11, c12, c13);
                SpillRow<TW>(tile + 2 * stride, c20, c21, c22, c23);
                SpillRow<TW>(tile + 3 * stride, c30, c31, c32, c33);
                SpillRow<TW>(tile + 4 * stride, c40, c41, c42, c43);
                SpillRow<TW>(tile + 5 * stride, c50, c51, c52, c53);
                TileStore.Scatter(tile, stride, ref t);
            }
        }
    }
}
