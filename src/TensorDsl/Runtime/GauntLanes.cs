using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// The vector operations of generated <c>[GauntProduct]</c> CPU kernels, for one vector type. The unrolled sums are
    /// written once, as methods generic over an implementation of this interface; the JIT compiles them separately for each
    /// struct implementation (Vector512 or <see cref="Vector{T}"/> lanes) and inlines these calls, so the generated code is
    /// one copy that runs at either width.
    /// </summary>
    /// <typeparam name="TVector">The vector type: lane v holds row v of a block of rows.</typeparam>
    /// <typeparam name="T">float or double.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IGauntLanes<TVector, T> where TVector : unmanaged where T : unmanaged
    {
        /// <summary>Lanes (rows) per vector.</summary>
        static abstract int Count { get; }

        /// <summary>All lanes zero.</summary>
        static abstract TVector Zero { get; }

        /// <summary>a + b, lane by lane.</summary>
        static abstract TVector Add(TVector a, TVector b);

        /// <summary>x·c·y, lane by lane.</summary>
        static abstract TVector Multiply(TVector x, T coefficient, TVector y);

        /// <summary>x·c·y + sum, lane by lane; the last multiply and the add are fused where the hardware has FMA.</summary>
        static abstract TVector MultiplyAdd(TVector x, T coefficient, TVector y, TVector sum);
    }

    /// <summary><see cref="Vector512{T}"/> lanes of doubles (8 rows per vector).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct GauntLanes512Double : IGauntLanes<Vector512<double>, double>
    {
        /// <inheritdoc/>
        public static int Count => Vector512<double>.Count;

        /// <inheritdoc/>
        public static Vector512<double> Zero => Vector512<double>.Zero;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Multiply(Vector512<double> x, double coefficient, Vector512<double> y) => x * coefficient * y;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> MultiplyAdd(Vector512<double> x, double coefficient, Vector512<double> y, Vector512<double> sum)
            => Vector512.MultiplyAddEstimate(x * coefficient, y, sum);
    }

    /// <summary><see cref="Vector512{T}"/> lanes of floats (16 rows per vector).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct GauntLanes512Single : IGauntLanes<Vector512<float>, float>
    {
        /// <inheritdoc/>
        public static int Count => Vector512<float>.Count;

        /// <inheritdoc/>
        public static Vector512<float> Zero => Vector512<float>.Zero;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Multiply(Vector512<float> x, float coefficient, Vector512<float> y) => x * coefficient * y;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd(Vector512<float> x, float coefficient, Vector512<float> y, Vector512<float> sum)
            => Vector512.MultiplyAddEstimate(x * coefficient, y, sum);
    }

    /// <summary><see cref="Vector{T}"/> lanes of doubles (4 rows with AVX2, 2 with NEON).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct GauntLanesDouble : IGauntLanes<Vector<double>, double>
    {
        /// <inheritdoc/>
        public static int Count => Vector<double>.Count;

        /// <inheritdoc/>
        public static Vector<double> Zero => Vector<double>.Zero;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Add(Vector<double> a, Vector<double> b) => a + b;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Multiply(Vector<double> x, double coefficient, Vector<double> y) => x * coefficient * y;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> MultiplyAdd(Vector<double> x, double coefficient, Vector<double> y, Vector<double> sum)
            => Vector.MultiplyAddEstimate(x * coefficient, y, sum);
    }

    /// <summary><see cref="Vector{T}"/> lanes of floats (8 rows with AVX2, 4 with NEON).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct GauntLanesSingle : IGauntLanes<Vector<float>, float>
    {
        /// <inheritdoc/>
        public static int Count => Vector<float>.Count;

        /// <inheritdoc/>
        public static Vector<float> Zero => Vector<float>.Zero;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Add(Vector<float> a, Vector<float> b) => a + b;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Multiply(Vector<float> x, float coefficient, Vector<float> y) => x * coefficient * y;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> MultiplyAdd(Vector<float> x, float coefficient, Vector<float> y, Vector<float> sum)
            => Vector.MultiplyAddEstimate(x * coefficient, y, sum);
    }
}
