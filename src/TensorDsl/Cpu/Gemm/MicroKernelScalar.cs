using System.Numerics;
using System.Runtime.CompilerServices;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// Scalar micro-kernel, for hardware with no accelerated vectors: a 4 × 4 tile in 16 scalar accumulators
    /// (within the 16 floating-point registers of x64; Arm64 has 32). Same packed layouts as the vector kernels.
    /// </summary>
    internal unsafe struct MicroKernelScalar<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        public static int Mr => 4;
        public static int Nr => 4;
        public static int NrStep => 4;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        [SkipLocalsInit]
        public static void Run(int kc, T* a, nint lda, T* b, int width, ref TileTarget<T> t)
        {
            nint s1 = lda, s2 = 2 * lda, s3 = 3 * lda;
            T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
            T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
            T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
            T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
            for (int p = 0; p < kc; p++)
            {
                T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
                T a0 = a[0], a1 = a[s1], a2 = a[s2], a3 = a[s3];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
                a++;
                b += 4;
            }
            T* tile = stackalloc T[16];
            tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
            tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
            tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
            tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
            TileStore.Scatter(tile, 4, ref t);
        }
    }
}
