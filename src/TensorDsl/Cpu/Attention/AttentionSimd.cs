using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// The vector operations the attention kernels are written in, implemented once per vector width
    /// (<see cref="Simd512{T}"/>, <see cref="Simd256{T}"/>, <see cref="Simd128{T}"/>, <see cref="SimdScalar{T}"/>).
    /// </summary>
    /// <remarks>
    /// The kernels are generic over a struct implementing this interface, so the JIT compiles one copy per width with
    /// every call inlined (static abstract members of a struct type argument are resolved at compile time); the
    /// micro-kernels are written once instead of four times, and each copy uses the registers of its width only.
    /// </remarks>
    /// <typeparam name="TVec">The vector type (or <typeparamref name="T"/> itself for the scalar fallback).</typeparam>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    internal unsafe interface IAttentionSimd<TVec, T>
        where TVec : unmanaged
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        /// <summary>Lanes per vector.</summary>
        static abstract int Count { get; }

        /// <summary>
        /// Vectors per row of a register tile. With 6 rows this is the widest tile whose accumulators, operand vectors
        /// and broadcast fit the register file: 6 × 4 = 24 accumulators with 32 registers, 6 × 2 = 12 with 16.
        /// </summary>
        static abstract int TileVectors { get; }

        /// <summary>All lanes zero.</summary>
        static abstract TVec Zero { get; }

        /// <summary>All lanes <paramref name="value"/>.</summary>
        static abstract TVec Splat(T value);

        /// <summary>Loads <see cref="Count"/> consecutive elements.</summary>
        static abstract TVec Load(T* p);

        /// <summary>Stores <see cref="Count"/> consecutive elements.</summary>
        static abstract void Store(T* p, TVec v);

        /// <summary>All lanes <c>*p</c>; with AVX-512 this folds into the FMA as an embedded broadcast.</summary>
        static abstract TVec Broadcast(T* p);

        /// <summary><c>a · b + c</c>, fused where the hardware has FMA.</summary>
        static abstract TVec MulAdd(TVec a, TVec b, TVec c);

        /// <summary><c>a + b</c>.</summary>
        static abstract TVec Add(TVec a, TVec b);

        /// <summary><c>a − b</c>.</summary>
        static abstract TVec Subtract(TVec a, TVec b);

        /// <summary><c>a · b</c>.</summary>
        static abstract TVec Multiply(TVec a, TVec b);

        /// <summary>Lane-wise maximum (the native instruction: no NaN or signed-zero fix-ups).</summary>
        static abstract TVec Max(TVec a, TVec b);

        /// <summary>True if some lane of <paramref name="a"/> is greater than the same lane of <paramref name="b"/>.</summary>
        static abstract bool AnyGreaterThan(TVec a, TVec b);

        /// <summary>Largest lane.</summary>
        static abstract T MaxAcross(TVec v);

        /// <summary>Sum of the lanes.</summary>
        static abstract T SumAcross(TVec v);

        /// <summary>Lane 0.</summary>
        static abstract T ToScalar(TVec v);

        /// <summary>2^x for x ≤ 0 (see <see cref="Exp2Polynomial"/>); results below 2^-125 (float) or 2^-1021 (double) may be flushed to that bound.</summary>
        static abstract TVec Exp2(TVec x);

        /// <summary>Lanes whose index lies in [<paramref name="first"/>, <paramref name="end"/>) keep <paramref name="v"/>; the others get <paramref name="fill"/>.</summary>
        static abstract TVec KeepLanes(TVec v, TVec fill, nint first, nint end);
    }

    /// <summary>
    /// The polynomial exp2 shared by every width. Scores are pre-multiplied by log2(e) (folded into the packed queries),
    /// so the softmax needs 2^x rather than e^x and the usual multiplication by log2(e) per element disappears.
    /// </summary>
    /// <remarks>
    /// x is split as n + f with n = round(x) and |f| ≤ ½ by the "magic number" trick (adding 1.5·2^23, or 1.5·2^52,
    /// rounds to an integer and leaves n in the low mantissa bits), 2^f comes from its Taylor polynomial
    /// Σ (f ln 2)^k / k! for double (degree 12: relative error 2e-16) and from a degree-5 minimax polynomial for float
    /// (2.3e-7), and 2^n is built directly in the exponent field from those same bits. With AVX-512, float uses the
    /// ISA's rounding (vrndscaleps) and exponent scaling (vscalefps) instead, three instructions fewer per vector. x is clamped below so that 2^n stays a normal number:
    /// the kernels only ever evaluate x = s − max ≤ 0, where values that small are zero next to the maximum's 1, and
    /// lanes that must be exactly zero (masked keys) are zeroed separately.
    /// </remarks>
    internal static class Exp2Polynomial
    {
        public const float SingleMagic = 12582912f;          // 1.5 · 2^23
        public const float SingleFloor = -125f;
        public const double DoubleMagic = 6755399441055744.0; // 1.5 · 2^52
        public const double DoubleFloor = -1021.0;

        // Float: minimax fit of 2^f on [-1/2, 1/2], degree 5 (relative error 7.5e-8, 2.3e-7 evaluated in float).
        public const float S0 = 1.0000000716545592f;
        public const float S1 = 0.6931469670603079f;
        public const float S2 = 0.24022119724272809f;
        public const float S3 = 0.05550713280741839f;
        public const float S4 = 0.009675541316819398f;
        public const float S5 = 0.0013276469654370739f;

        // Double: Taylor coefficients (ln 2)^k / k!, degree 12.
        public const double C1 = 0.6931471805599453;
        public const double C2 = 0.2402265069591007;
        public const double C3 = 0.055504108664821576;
        public const double C4 = 0.009618129107628477;
        public const double C5 = 0.0013333558146428441;
        public const double C6 = 0.00015403530393381606;
        public const double C7 = 1.5252733804059838e-05;
        public const double C8 = 1.3215486790144305e-06;
        public const double C9 = 1.0178086009239696e-07;
        public const double C10 = 7.054911620801121e-09;
        public const double C11 = 4.44553827187081e-10;
        public const double C12 = 2.5678435993488196e-11;

        /// <summary>The clamp of <typeparamref name="T"/>'s polynomial: 2^x is not evaluated below this.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Floor<T>()
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            => typeof(T) == typeof(float) ? T.CreateTruncating(SingleFloor) : T.CreateTruncating(DoubleFloor);
    }

    /// <summary>AVX-512 (or any platform's 512-bit vectors): 6 × 4 register tiles.</summary>
    internal unsafe readonly struct Simd512<T> : IAttentionSimd<Vector512<T>, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static int Count => Vector512<T>.Count;

        public static int TileVectors => 4;

        public static Vector512<T> Zero => Vector512<T>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Splat(T value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Load(T* p) => Vector512.Load(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(T* p, Vector512<T> v) => v.Store(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Broadcast(T* p) => Vector512.Create(*p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> MulAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        {
            if (typeof(T) == typeof(float))
            {
                return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            }
            if (typeof(T) == typeof(double))
            {
                return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            }
            return a * b + c;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.MaxNative(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyGreaterThan(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThanAny(a, b);

        public static T MaxAcross(Vector512<T> v) => Simd256<T>.MaxAcross(Vector256.MaxNative(v.GetLower(), v.GetUpper()));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T SumAcross(Vector512<T> v) => Vector512.Sum(v);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T ToScalar(Vector512<T> v) => v.ToScalar();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Exp2(Vector512<T> x)
        {
            if (typeof(T) == typeof(float))
            {
                if (Avx512F.IsSupported)
                {
                    Vector512<float> xc = Vector512.MaxNative(x.AsSingle(), Vector512.Create(Exp2Polynomial.SingleFloor));
                    Vector512<float> rounded = Avx512F.RoundScale(xc, 0); // imm 0: to nearest even, no fraction bits
                    Vector512<float> r = xc - rounded;
                    Vector512<float> q = Vector512.FusedMultiplyAdd(Vector512.Create(Exp2Polynomial.S5), r, Vector512.Create(Exp2Polynomial.S4));
                    q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(Exp2Polynomial.S3));
                    q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(Exp2Polynomial.S2));
                    q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(Exp2Polynomial.S1));
                    q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(Exp2Polynomial.S0));
                    return Avx512F.Scale(q, rounded).As<float, T>(); // q · 2^rounded
                }
                Vector512<float> xs = Vector512.MaxNative(x.AsSingle(), Vector512.Create(Exp2Polynomial.SingleFloor));
                Vector512<float> t = xs + Vector512.Create(Exp2Polynomial.SingleMagic);
                Vector512<float> f = xs - (t - Vector512.Create(Exp2Polynomial.SingleMagic));
                Vector512<float> p = Vector512.FusedMultiplyAdd(Vector512.Create(Exp2Polynomial.S5), f, Vector512.Create(Exp2Polynomial.S4));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.S3));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.S2));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.S1));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.S0));
                Vector512<int> bits = Vector512.ShiftLeft(t.AsInt32() + Vector512.Create(127), 23);
                return (p * bits.AsSingle()).As<float, T>();
            }
            else
            {
                Vector512<double> xs = Vector512.MaxNative(x.AsDouble(), Vector512.Create(Exp2Polynomial.DoubleFloor));
                Vector512<double> t = xs + Vector512.Create(Exp2Polynomial.DoubleMagic);
                Vector512<double> f = xs - (t - Vector512.Create(Exp2Polynomial.DoubleMagic));
                Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.Create(Exp2Polynomial.C12), f, Vector512.Create(Exp2Polynomial.C11));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.C10));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.C9));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.C8));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.C7));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.C6));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.C5));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.C4));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.C3));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.C2));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(Exp2Polynomial.C1));
                p = Vector512.FusedMultiplyAdd(p, f, Vector512<double>.One);
                Vector512<long> bits = Vector512.ShiftLeft(t.AsInt64() + Vector512.Create(1023L), 52);
                return (p * bits.AsDouble()).As<double, T>();
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> KeepLanes(Vector512<T> v, Vector512<T> fill, nint first, nint end)
        {
            // Lane indices are small integers, exact in T; the bounds are clamped to [-1, Count] first.
            Vector512<T> index = Vector512<T>.Indices;
            Vector512<T> lo = Vector512.Create(T.CreateTruncating(nint.Clamp(first, -1, Count)));
            Vector512<T> hi = Vector512.Create(T.CreateTruncating(nint.Clamp(end, -1, Count)));
            Vector512<T> keep = Vector512.GreaterThanOrEqual(index, lo) & Vector512.LessThan(index, hi);
            return Vector512.ConditionalSelect(keep, v, fill);
        }
    }

    /// <summary>
    /// AVX2 (or 256-bit vectors elsewhere): 6 × 2 register tiles, as 16 registers allow; 6 × 4 where AVX-512VL provides
    /// 32 ymm registers (CPUs on which .NET prefers 256-bit vectors although they have AVX-512).
    /// </summary>
    internal unsafe readonly struct Simd256<T> : IAttentionSimd<Vector256<T>, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static int Count => Vector256<T>.Count;

        public static int TileVectors => Avx512F.VL.IsSupported ? 4 : 2;

        public static Vector256<T> Zero => Vector256<T>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Splat(T value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Load(T* p) => Vector256.Load(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(T* p, Vector256<T> v) => v.Store(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Broadcast(T* p) => Vector256.Create(*p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> MulAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        {
            if (typeof(T) == typeof(float))
            {
                return Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            }
            if (typeof(T) == typeof(double))
            {
                return Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            }
            return a * b + c;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.MaxNative(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyGreaterThan(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThanAny(a, b);

        public static T MaxAcross(Vector256<T> v) => Simd128<T>.MaxAcross(Vector128.MaxNative(v.GetLower(), v.GetUpper()));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T SumAcross(Vector256<T> v) => Vector256.Sum(v);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T ToScalar(Vector256<T> v) => v.ToScalar();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Exp2(Vector256<T> x)
        {
            if (typeof(T) == typeof(float))
            {
                Vector256<float> xs = Vector256.MaxNative(x.AsSingle(), Vector256.Create(Exp2Polynomial.SingleFloor));
                Vector256<float> t = xs + Vector256.Create(Exp2Polynomial.SingleMagic);
                Vector256<float> f = xs - (t - Vector256.Create(Exp2Polynomial.SingleMagic));
                Vector256<float> p = Vector256.MultiplyAddEstimate(Vector256.Create(Exp2Polynomial.S5), f, Vector256.Create(Exp2Polynomial.S4));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.S3));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.S2));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.S1));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.S0));
                Vector256<int> bits = Vector256.ShiftLeft(t.AsInt32() + Vector256.Create(127), 23);
                return (p * bits.AsSingle()).As<float, T>();
            }
            else
            {
                Vector256<double> xs = Vector256.MaxNative(x.AsDouble(), Vector256.Create(Exp2Polynomial.DoubleFloor));
                Vector256<double> t = xs + Vector256.Create(Exp2Polynomial.DoubleMagic);
                Vector256<double> f = xs - (t - Vector256.Create(Exp2Polynomial.DoubleMagic));
                Vector256<double> p = Vector256.MultiplyAddEstimate(Vector256.Create(Exp2Polynomial.C12), f, Vector256.Create(Exp2Polynomial.C11));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.C10));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.C9));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.C8));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.C7));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.C6));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.C5));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.C4));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.C3));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.C2));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256.Create(Exp2Polynomial.C1));
                p = Vector256.MultiplyAddEstimate(p, f, Vector256<double>.One);
                Vector256<long> bits = Vector256.ShiftLeft(t.AsInt64() + Vector256.Create(1023L), 52);
                return (p * bits.AsDouble()).As<double, T>();
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> KeepLanes(Vector256<T> v, Vector256<T> fill, nint first, nint end)
        {
            Vector256<T> index = Vector256<T>.Indices;
            Vector256<T> lo = Vector256.Create(T.CreateTruncating(nint.Clamp(first, -1, Count)));
            Vector256<T> hi = Vector256.Create(T.CreateTruncating(nint.Clamp(end, -1, Count)));
            Vector256<T> keep = Vector256.GreaterThanOrEqual(index, lo) & Vector256.LessThan(index, hi);
            return Vector256.ConditionalSelect(keep, v, fill);
        }
    }

    /// <summary>SSE / NEON: 6 × 2 register tiles with 16 registers, 6 × 4 with 32 (AArch64, AVX-512VL).</summary>
    internal unsafe readonly struct Simd128<T> : IAttentionSimd<Vector128<T>, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static int Count => Vector128<T>.Count;

        public static int TileVectors => AdvSimd.Arm64.IsSupported || Avx512F.VL.IsSupported ? 4 : 2;

        public static Vector128<T> Zero => Vector128<T>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Splat(T value) => Vector128.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Load(T* p) => Vector128.Load(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(T* p, Vector128<T> v) => v.Store(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Broadcast(T* p) => Vector128.Create(*p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> MulAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
        {
            // FusedMultiplyAdd is emulated (slowly) where the ISA lacks FMA; MultiplyAddEstimate fuses only when that is cheap.
            if (typeof(T) == typeof(float))
            {
                return Vector128.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            }
            if (typeof(T) == typeof(double))
            {
                return Vector128.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            }
            return a * b + c;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.MaxNative(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyGreaterThan(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThanAny(a, b);

        public static T MaxAcross(Vector128<T> v)
        {
            T m = v.GetElement(0);
            for (int i = 1; i < Vector128<T>.Count; i++)
            {
                m = T.Max(m, v.GetElement(i));
            }
            return m;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T SumAcross(Vector128<T> v) => Vector128.Sum(v);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T ToScalar(Vector128<T> v) => v.ToScalar();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Exp2(Vector128<T> x)
        {
            if (typeof(T) == typeof(float))
            {
                Vector128<float> xs = Vector128.MaxNative(x.AsSingle(), Vector128.Create(Exp2Polynomial.SingleFloor));
                Vector128<float> t = xs + Vector128.Create(Exp2Polynomial.SingleMagic);
                Vector128<float> f = xs - (t - Vector128.Create(Exp2Polynomial.SingleMagic));
                Vector128<float> p = Vector128.MultiplyAddEstimate(Vector128.Create(Exp2Polynomial.S5), f, Vector128.Create(Exp2Polynomial.S4));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.S3));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.S2));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.S1));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.S0));
                Vector128<int> bits = Vector128.ShiftLeft(t.AsInt32() + Vector128.Create(127), 23);
                return (p * bits.AsSingle()).As<float, T>();
            }
            else
            {
                Vector128<double> xs = Vector128.MaxNative(x.AsDouble(), Vector128.Create(Exp2Polynomial.DoubleFloor));
                Vector128<double> t = xs + Vector128.Create(Exp2Polynomial.DoubleMagic);
                Vector128<double> f = xs - (t - Vector128.Create(Exp2Polynomial.DoubleMagic));
                Vector128<double> p = Vector128.MultiplyAddEstimate(Vector128.Create(Exp2Polynomial.C12), f, Vector128.Create(Exp2Polynomial.C11));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.C10));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.C9));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.C8));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.C7));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.C6));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.C5));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.C4));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.C3));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.C2));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128.Create(Exp2Polynomial.C1));
                p = Vector128.MultiplyAddEstimate(p, f, Vector128<double>.One);
                Vector128<long> bits = Vector128.ShiftLeft(t.AsInt64() + Vector128.Create(1023L), 52);
                return (p * bits.AsDouble()).As<double, T>();
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> KeepLanes(Vector128<T> v, Vector128<T> fill, nint first, nint end)
        {
            Vector128<T> index = Vector128<T>.Indices;
            Vector128<T> lo = Vector128.Create(T.CreateTruncating(nint.Clamp(first, -1, Count)));
            Vector128<T> hi = Vector128.Create(T.CreateTruncating(nint.Clamp(end, -1, Count)));
            Vector128<T> keep = Vector128.GreaterThanOrEqual(index, lo) & Vector128.LessThan(index, hi);
            return Vector128.ConditionalSelect(keep, v, fill);
        }
    }

    /// <summary>No SIMD: one-lane "vectors", 6 × 2 tiles; correct everywhere, fast nowhere.</summary>
    internal unsafe readonly struct SimdScalar<T> : IAttentionSimd<T, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static int Count => 1;

        public static int TileVectors => 2;

        public static T Zero => T.Zero;

        public static T Splat(T value) => value;

        public static T Load(T* p) => *p;

        public static void Store(T* p, T v) => *p = v;

        public static T Broadcast(T* p) => *p;

        public static T MulAdd(T a, T b, T c) => a * b + c;

        public static T Add(T a, T b) => a + b;

        public static T Subtract(T a, T b) => a - b;

        public static T Multiply(T a, T b) => a * b;

        public static T Max(T a, T b) => a > b ? a : b;

        public static bool AnyGreaterThan(T a, T b) => a > b;

        public static T MaxAcross(T v) => v;

        public static T SumAcross(T v) => v;

        public static T ToScalar(T v) => v;

        public static T Exp2(T x) => T.Exp2(x);

        public static T KeepLanes(T v, T fill, nint first, nint end) => first <= 0 && end > 0 ? v : fill;
    }
}
