using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// Fused, streaming ("flash") attention kernels for the CPU: standard softmax attention and tensor
    /// (Kronecker / 2-simplicial) attention, with relative key windows. Generated code calls these when a
    /// <c>[TensorProgram]</c> matches an attention pattern; they can also be called directly.
    /// </summary>
    /// <remarks>
    /// <para>Neither kernel materializes the score matrix (n × n, or n × n × n for the tensor form): scores are computed
    /// one register tile at a time, exponentiated with the online-softmax (flash-attention) recurrence — a running
    /// maximum, a running denominator and an output accumulator rescaled whenever the maximum grows — and immediately
    /// contracted with the values. The softmax is therefore exactly as stable as the two-pass "subtract the max" form
    /// (no overflow for any finite scores), and extra memory is O(n·d): packed copies of the operands from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/>, so a warm call allocates nothing.</para>
    /// <para>Elements: <see cref="float"/> (vector width 16 with AVX-512) or <see cref="double"/>; accumulation is in
    /// the element type. Exponentials use a polynomial accurate to about 1e-7 (float) or 1e-15 (double) relative.</para>
    /// <para>Threads: calls of more than about two million multiply-adds use the library's worker pool (one thread per
    /// core) and split query rows between threads; smaller calls, and calls made while the pool is busy with another
    /// call, run on the calling thread. Concurrent calls from several threads are safe.</para>
    /// <para>Inputs are expected to be finite: a non-finite value in a key or value row outside a query's window may
    /// still reach that query's output through a product with zero, when it shares a vector tile with admitted keys.</para>
    /// </remarks>
    public static class StreamingAttention
    {
        /// <summary>
        /// Standard attention: <c>o[i, c] = Σ_{j ∈ W(i)} softmax_j(scale · Σ_l q[i, l] · k[j, l]) · v[j, c]</c>, where the
        /// softmax runs over the admitted keys W(i) of <paramref name="window"/> only.
        /// </summary>
        /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <param name="q">Queries, n × d.</param>
        /// <param name="k">Keys, m × d.</param>
        /// <param name="v">Values, m × dv.</param>
        /// <param name="scale">Multiplies every score (typically 1/√d).</param>
        /// <param name="o">Output, n × dv; every element is overwritten. A row whose window admits no key is set to zero.
        /// Its elements must be distinct. It may overlap k and v in any way (they are copied before o is written) and q
        /// row for row only, as when o is q itself (in place; queries are copied per block of rows).</param>
        /// <param name="window">Keys admitted per query row; <see cref="KeyWindow.Full"/> for unmasked attention.</param>
        /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
        /// <exception cref="ArgumentException">The shapes do not fit together (nothing is written then).</exception>
        public static void Standard<T>(MatrixView<T> q, MatrixView<T> k, MatrixView<T> v, T scale, MatrixView<T> o, KeyWindow window)
            where T : unmanaged
            => Standard(SimdChoice.Auto, q, k, v, scale, o, window);

        /// <summary>
        /// Tensor (Kronecker, 2-simplicial) attention (Alman &amp; Song 2023; Roy et al. 2025):
        /// <c>o[i, c] = Σ_{j ∈ W1(i), k ∈ W2(i)} softmax_{j,k}(scale · Σ_l q[i, l] · k1[j, l] · k2[k, l]) · v1[j, c] · v2[k, c]</c>,
        /// one softmax over all admitted pairs (j, k) of the query row.
        /// </summary>
        /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <param name="q">Queries, n × d.</param>
        /// <param name="k1">First keys, m1 × d.</param>
        /// <param name="k2">Second keys, m2 × d.</param>
        /// <param name="v1">First values, m1 × dv.</param>
        /// <param name="v2">Second values, m2 × dv.</param>
        /// <param name="scale">Multiplies every score (2-simplicial attention uses 1/√d).</param>
        /// <param name="o">Output, n × dv; every element is overwritten. A row with no admitted pair (either window
        /// empty) is set to zero. Its elements must be distinct. It may overlap the inputs in any way (they are all copied
        /// before o is written).</param>
        /// <param name="window1">Admitted j (rows of k1 and v1) per query row.</param>
        /// <param name="window2">Admitted k (rows of k2 and v2) per query row.</param>
        /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
        /// <exception cref="ArgumentException">The shapes do not fit together (nothing is written then).</exception>
        public static void Tensor<T>(MatrixView<T> q, MatrixView<T> k1, MatrixView<T> k2, MatrixView<T> v1, MatrixView<T> v2, T scale,
            MatrixView<T> o, KeyWindow window1, KeyWindow window2)
            where T : unmanaged
            => Tensor(SimdChoice.Auto, q, k1, k2, v1, v2, scale, o, window1, window2);

        /// <summary>Standard attention with an explicit vector width, so tests can run every width on one machine.</summary>
        internal static void Standard<T>(SimdChoice simd, MatrixView<T> q, MatrixView<T> k, MatrixView<T> v, T scale, MatrixView<T> o, KeyWindow window)
            where T : unmanaged
        {
            CheckType<T>();
            Require(q.Rows == o.Rows, "o", "rows", o.Rows, "q", q.Rows);
            Require(k.Rows == v.Rows, "v", "rows", v.Rows, "k", k.Rows);
            Require(q.Cols == k.Cols, "k", "columns", k.Cols, "q", q.Cols);
            Require(v.Cols == o.Cols, "o", "columns", o.Cols, "v", v.Cols);
            if (typeof(T) == typeof(float))
            {
                StandardCore(Resolve(simd), As<T, float>(q), As<T, float>(k), As<T, float>(v), Unsafe.As<T, float>(ref scale), As<T, float>(o), window);
            }
            else
            {
                StandardCore(Resolve(simd), As<T, double>(q), As<T, double>(k), As<T, double>(v), Unsafe.As<T, double>(ref scale), As<T, double>(o), window);
            }
        }

        /// <summary>Tensor attention with an explicit vector width.</summary>
        internal static void Tensor<T>(SimdChoice simd, MatrixView<T> q, MatrixView<T> k1, MatrixView<T> k2, MatrixView<T> v1, MatrixView<T> v2, T scale,
            MatrixView<T> o, KeyWindow window1, KeyWindow window2)
            where T : unmanaged
        {
            CheckType<T>();
            Require(q.Rows == o.Rows, "o", "rows", o.Rows, "q", q.Rows);
            Require(k1.Rows == v1.Rows, "v1", "rows", v1.Rows, "k1", k1.Rows);
            Require(k2.Rows == v2.Rows, "v2", "rows", v2.Rows, "k2", k2.Rows);
            Require(q.Cols == k1.Cols, "k1", "columns", k1.Cols, "q", q.Cols);
            Require(q.Cols == k2.Cols, "k2", "columns", k2.Cols, "q", q.Cols);
            Require(v1.Cols == v2.Cols, "v2", "columns", v2.Cols, "v1", v1.Cols);
            Require(v1.Cols == o.Cols, "o", "columns", o.Cols, "v1", v1.Cols);
            if (typeof(T) == typeof(float))
            {
                TensorCore(Resolve(simd), As<T, float>(q), As<T, float>(k1), As<T, float>(k2), As<T, float>(v1), As<T, float>(v2),
                    Unsafe.As<T, float>(ref scale), As<T, float>(o), window1, window2);
            }
            else
            {
                TensorCore(Resolve(simd), As<T, double>(q), As<T, double>(k1), As<T, double>(k2), As<T, double>(v1), As<T, double>(v2),
                    Unsafe.As<T, double>(ref scale), As<T, double>(o), window1, window2);
            }
        }

        private static void StandardCore<T>(SimdChoice simd, MatrixView<T> q, MatrixView<T> k, MatrixView<T> v, T scale, MatrixView<T> o, KeyWindow window)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            if (o.Rows == 0 || o.Cols == 0)
            {
                return;
            }
            if (k.Rows == 0 || window.IsEmpty)
            {
                Zero(o);
                return;
            }
            switch (simd)
            {
                case SimdChoice.Vector512:
                    StandardAttentionDriver<Simd512<T>, Vector512<T>, T>.Run(q, k, v, scale, o, window);
                    break;
                case SimdChoice.Vector256:
                    StandardAttentionDriver<Simd256<T>, Vector256<T>, T>.Run(q, k, v, scale, o, window);
                    break;
                case SimdChoice.Vector128:
                    StandardAttentionDriver<Simd128<T>, Vector128<T>, T>.Run(q, k, v, scale, o, window);
                    break;
                default:
                    StandardAttentionDriver<SimdScalar<T>, T, T>.Run(q, k, v, scale, o, window);
                    break;
            }
        }

        private static void TensorCore<T>(SimdChoice simd, MatrixView<T> q, MatrixView<T> k1, MatrixView<T> k2, MatrixView<T> v1, MatrixView<T> v2, T scale,
            MatrixView<T> o, KeyWindow window1, KeyWindow window2)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            if (o.Rows == 0 || o.Cols == 0)
            {
                return;
            }
            if (k1.Rows == 0 || k2.Rows == 0 || window1.IsEmpty || window2.IsEmpty)
            {
                Zero(o);
                return;
            }
            switch (simd)
            {
                case SimdChoice.Vector512:
                    TensorAttentionDriver<Simd512<T>, Vector512<T>, T>.Run(q, k1, k2, v1, v2, scale, o, window1, window2);
                    break;
                case SimdChoice.Vector256:
                    TensorAttentionDriver<Simd256<T>, Vector256<T>, T>.Run(q, k1, k2, v1, v2, scale, o, window1, window2);
                    break;
                case SimdChoice.Vector128:
                    TensorAttentionDriver<Simd128<T>, Vector128<T>, T>.Run(q, k1, k2, v1, v2, scale, o, window1, window2);
                    break;
                default:
                    TensorAttentionDriver<SimdScalar<T>, T, T>.Run(q, k1, k2, v1, v2, scale, o, window1, window2);
                    break;
            }
        }

        private static SimdChoice Resolve(SimdChoice simd) => simd != SimdChoice.Auto ? simd
            : Vector512.IsHardwareAccelerated ? SimdChoice.Vector512
            : Vector256.IsHardwareAccelerated ? SimdChoice.Vector256
            : Vector128.IsHardwareAccelerated ? SimdChoice.Vector128
            : SimdChoice.Scalar;

        private static void CheckType<T>()
        {
            if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            {
                throw new NotSupportedException($"Streaming attention supports float and double, not {typeof(T).Name}.");
            }
        }

        /// <summary>Throws (before anything is written) unless two sizes that must agree do.</summary>
        internal static void Require(bool agree, string operand, string what, nint size, string other, nint otherSize)
        {
            if (!agree)
            {
                throw new ArgumentException($"{operand} has {size} {what} but {other} has {otherSize}; they must be equal.", operand);
            }
        }

        internal static MatrixView<TTo> As<TFrom, TTo>(MatrixView<TFrom> view)
            where TFrom : unmanaged
            where TTo : unmanaged
            => new(ref Unsafe.As<TFrom, TTo>(ref view.Start), view.Rows, view.Cols, view.RowStride, view.ColStride);

        private static void Zero<T>(MatrixView<T> o)
            where T : unmanaged
        {
            for (nint r = 0; r < o.Rows; r++)
            {
                for (nint c = 0; c < o.Cols; c++)
                {
                    o[r, c] = default;
                }
            }
        }
    }

    /// <summary>Which vector width a call uses; <see cref="Auto"/> picks the widest accelerated one.</summary>
    internal enum SimdChoice
    {
        Auto,
        Vector512,
        Vector256,
        Vector128,
        Scalar,
    }
}
