using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// Vector128 micro-kernel (the fallback when neither Vector512 nor Vector256 is accelerated (SSE, Arm64 AdvSimd)): a 6 × 2-vector tile (float 6 × 8, double 6 × 4).
    /// </summary>
    /// <remarks>
    /// Register budget (16 vector registers on AVX2/SSE): 12 accumulators + 2 B vectors + 1 broadcast A value = 15, so
    /// nothing spills. <c>MultiplyAddEstimate</c> is a fused multiply-add where the hardware has one (FMA3, Arm64
    /// AdvSimd) and a multiply and an add otherwise, never a slow software FMA. Same packed layouts and loop nest as
    /// the AVX-512 kernel (<see cref="MicroKernel512{T}"/>).
    /// </remarks>
    internal unsafe struct MicroKernel128<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        public static int Mr => 6;
        public static int Nr => 2 * Vector128<T>.Count;
        public static int NrStep => Vector128<T>.Count;

        public static void Run(int kc, T* a, nint lda, T* b, int width, ref TileTarget<T> target)
        {
            if (width == 2 * Vector128<T>.Count)
            {
                Tile<V2>(kc, a, lda, b, ref target);
            }
            else
            {
                Tile<V1>(kc, a, lda, b, ref target);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<T> Fma(Vector128<T> x, Vector128<T> y, Vector128<T> acc)
        {
            if (typeof(T) == typeof(float))
            {
                return Vector128.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
            }
            if (typeof(T) == typeof(double))
            {
                return Vector128.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
            }
            return x * y + acc;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRow<TW>(T* c, bool add, Vector128<T> v0, Vector128<T> v1)
            where TW : struct, IVectorCount
        {
            int n = Vector128<T>.Count;
            if (add)
            {
                v0 += Vector128.Load(c);
                if (TW.Count > 1) v1 += Vector128.Load(c + n);
            }
            v0.Store(c);
            if (TW.Count > 1) v1.Store(c + n);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void SpillRow<TW>(T* dst, Vector128<T> v0, Vector128<T> v1)
            where TW : struct, IVectorCount
        {
            v0.Store(dst);
            if (TW.Count > 1) v1.Store(dst + Vector128<T>.Count);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        [SkipLocalsInit]
        private static void Tile<TW>(int kc, T* a, nint lda, T* b, ref TileTarget<T> t)
            where TW : struct, IVectorCount
        {
            int w = TW.Count;
            int n = Vector128<T>.Count;
            nint bStride = w * n;
            nint s1 = lda, s2 = 2 * lda, s3 = 3 * lda, s4 = 4 * lda, s5 = 5 * lda;

            Vector128<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector128<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;

            TileStore.Prefetch(ref t, w * n);

            for (int p = 0; p < kc; p++)
            {
                Vector128<T> b0 = Vector128.Load(b);
                Vector128<T> b1 = w > 1 ? Vector128.Load(b + n) : default;
                Vector128<T> av = Vector128.Create(a[0]);
                c00 = Fma(b0, av, c00);
                if (w > 1) c01 = Fma(b1, av, c01);
                av = Vector128.Create(a[s1]);
                c10 = Fma(b0, av, c10);
                if (w > 1) c11 = Fma(b1, av, c11);
                av = Vector128.Create(a[s2]);
                c20 = Fma(b0, av, c20);
                if (w > 1) c21 = Fma(b1, av, c21);
                av = Vector128.Create(a[s3]);
                c30 = Fma(b0, av, c30);
                if (w > 1) c31 = Fma(b1, av, c31);
                av = Vector128.Create(a[s4]);
                c40 = Fma(b0, av, c40);
                if (w > 1) c41 = Fma(b1, av, c41);
                av = Vector128.Create(a[s5]);
                c50 = Fma(b0, av, c50);
                if (w > 1) c51 = Fma(b1, av, c51);
                a++;
                b += bStride;
            }

            int rows = t.RowCount;
            if (t.ColsUnit && t.ColCount == w * n)
            {
                T* c = t.Base + t.Cols[0];
                nint* ro = t.Rows;
                bool add = t.Add;
                StoreRow<TW>(c + ro[0], add, c00, c01);
                if (rows > 1) StoreRow<TW>(c + ro[1], add, c10, c11);
                if (rows > 2) StoreRow<TW>(c + ro[2], add, c20, c21);
                if (rows > 3) StoreRow<TW>(c + ro[3], add, c30, c31);
                if (rows > 4) StoreRow<TW>(c + ro[4], add, c40, c41);
                if (rows > 5) StoreRow<TW>(c + ro[5], add, c50, c51);
            }
            else
            {
                T* tile = stackalloc T[6 * 2 * Vector128<T>.Count];
                int stride = w * n;
                SpillRow<TW>(tile, c00, c01);
                SpillRow<TW>(tile + stride, c10, c11);
                SpillRow<TW>(tile + 2 * stride, c20, c21);
                SpillRow<TW>(tile + 3 * stride, c30, c31);
                SpillRow<TW>(tile + 4 * stride, c40, c41);
                SpillRow<TW>(tile + 5 * stride, c50, c51);
                TileStore.Scatter(tile, stride, ref t);
            }
        }
    }
}
