using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// Backward kernels of <see cref="StreamingAttention"/>, in the FlashAttention-2 manner: the gradients of standard and
    /// tensor (2-simplicial) attention with respect to the queries, keys, values and the scale, computed from the inputs
    /// and the output's gradient alone, with O(n·d) extra memory — never an n × n or n × n × n tensor. Generated
    /// <c>[Gradient]</c> methods of attention programs call these; they can also be called directly.
    /// </summary>
    /// <remarks>
    /// <para>With S the scores, P = softmax(S) per query row and dO the output's gradient, the backward is
    /// dP = dO·Vᵀ, D = Σ P∘dP per row, dS = P∘(dP − D), and then dQ, dK from dS and dV from P — five matrix products
    /// per block of query rows for standard attention (as FlashAttention-2's backward), six per query row and block of
    /// first keys for tensor attention. The row statistic D comes from P and dP themselves, so the forward's output is
    /// not needed. Scores are recomputed one block at a time: a block of query rows against its admitted keys
    /// (standard), or one query row against a block of first keys and all its admitted second keys (tensor; where the
    /// whole row's scores fit the block budget they are computed once, else twice: a first pass for the row's
    /// log-sum-exp and D, a second for the gradients).</para>
    /// <para>Every gradient is <b>added</b> into its destination; a destination passed as <c>default</c> (or an empty
    /// <c>dScale</c> span) is not computed. Destinations must not overlap the inputs or each other.</para>
    /// <para>Threads: query blocks (rows, for tensor attention) are shared out to the library's worker pool; each thread
    /// accumulates key and value gradients in its own buffers, added together at the end. Memory: contiguous copies of
    /// operands that are not already row-major, the gradient buffers (O(threads · n · d)), and per thread a score block
    /// of at most about 64 K elements.</para>
    /// </remarks>
    public static class AttentionGradients
    {
        /// <summary>
        /// Gradients of <see cref="StreamingAttention.Standard{T}(MatrixView{T}, MatrixView{T}, MatrixView{T}, T, MatrixView{T}, KeyWindow)"/>,
        /// added into <paramref name="dQ"/>, <paramref name="dK"/>, <paramref name="dV"/> and <paramref name="dScale"/>.
        /// </summary>
        /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <param name="q">Queries, n × d.</param>
        /// <param name="k">Keys, m × d.</param>
        /// <param name="v">Values, m × dv.</param>
        /// <param name="scale">The forward's scale α (scores are α·q·kᵀ).</param>
        /// <param name="dO">Gradient of the forward's output, n × dv.</param>
        /// <param name="window">The forward's key window.</param>
        /// <param name="dQ">Adds ∂L/∂q (n × d), or <c>default</c> to skip it.</param>
        /// <param name="dK">Adds ∂L/∂k (m × d), or <c>default</c>.</param>
        /// <param name="dV">Adds ∂L/∂v (m × dv), or <c>default</c>.</param>
        /// <param name="dScale">Length 1: adds ∂L/∂α into its element; length 0: skipped.</param>
        /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
        /// <exception cref="ArgumentException">The shapes do not fit together, or dScale is longer than 1 (nothing is written then).</exception>
        public static void Standard<T>(MatrixView<T> q, MatrixView<T> k, MatrixView<T> v, T scale, MatrixView<T> dO, KeyWindow window,
            MatrixView<T> dQ, MatrixView<T> dK, MatrixView<T> dV, Span<T> dScale)
            where T : unmanaged
        {
            Check<T>(dScale.Length);
            StreamingAttention.Require(q.Cols == k.Cols, "k", "columns", k.Cols, "q", q.Cols);
            StreamingAttention.Require(k.Rows == v.Rows, "v", "rows", v.Rows, "k", k.Rows);
            StreamingAttention.Require(dO.Rows == q.Rows, "dO", "rows", dO.Rows, "q", q.Rows);
            StreamingAttention.Require(dO.Cols == v.Cols, "dO", "columns", dO.Cols, "v", v.Cols);
            RequireShape(dQ, q, "dQ", "q");
            RequireShape(dK, k, "dK", "k");
            RequireShape(dV, v, "dV", "v");
            if (typeof(T) == typeof(float))
            {
                AttentionGradientDriver<float>.Standard(StreamingAttention.As<T, float>(q), StreamingAttention.As<T, float>(k), StreamingAttention.As<T, float>(v), Unsafe.As<T, float>(ref scale), StreamingAttention.As<T, float>(dO), window,
                    StreamingAttention.As<T, float>(dQ), StreamingAttention.As<T, float>(dK), StreamingAttention.As<T, float>(dV), Cast<T, float>(dScale));
            }
            else
            {
                AttentionGradientDriver<double>.Standard(StreamingAttention.As<T, double>(q), StreamingAttention.As<T, double>(k), StreamingAttention.As<T, double>(v), Unsafe.As<T, double>(ref scale), StreamingAttention.As<T, double>(dO), window,
                    StreamingAttention.As<T, double>(dQ), StreamingAttention.As<T, double>(dK), StreamingAttention.As<T, double>(dV), Cast<T, double>(dScale));
            }
        }

        /// <summary>
        /// Gradients of <see cref="StreamingAttention.Tensor{T}(MatrixView{T}, MatrixView{T}, MatrixView{T}, MatrixView{T}, MatrixView{T}, T, MatrixView{T}, KeyWindow, KeyWindow)"/>,
        /// added into the destinations given.
        /// </summary>
        /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <param name="q">Queries, n × d.</param>
        /// <param name="k1">First keys, m1 × d.</param>
        /// <param name="k2">Second keys, m2 × d.</param>
        /// <param name="v1">First values, m1 × dv.</param>
        /// <param name="v2">Second values, m2 × dv.</param>
        /// <param name="scale">The forward's scale α.</param>
        /// <param name="dO">Gradient of the forward's output, n × dv.</param>
        /// <param name="window1">The forward's window on the first keys.</param>
        /// <param name="window2">The forward's window on the second keys.</param>
        /// <param name="dQ">Adds ∂L/∂q, or <c>default</c>.</param>
        /// <param name="dK1">Adds ∂L/∂k1, or <c>default</c>.</param>
        /// <param name="dK2">Adds ∂L/∂k2, or <c>default</c>.</param>
        /// <param name="dV1">Adds ∂L/∂v1, or <c>default</c>.</param>
        /// <param name="dV2">Adds ∂L/∂v2, or <c>default</c>.</param>
        /// <param name="dScale">Length 1: adds ∂L/∂α into its element; length 0: skipped.</param>
        /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
        /// <exception cref="ArgumentException">The shapes do not fit together, or dScale is longer than 1 (nothing is written then).</exception>
        public static void Tensor<T>(MatrixView<T> q, MatrixView<T> k1, MatrixView<T> k2, MatrixView<T> v1, MatrixView<T> v2, T scale, MatrixView<T> dO,
            KeyWindow window1, KeyWindow window2,
            MatrixView<T> dQ, MatrixView<T> dK1, MatrixView<T> dK2, MatrixView<T> dV1, MatrixView<T> dV2, Span<T> dScale)
            where T : unmanaged
        {
            Check<T>(dScale.Length);
            StreamingAttention.Require(q.Cols == k1.Cols, "k1", "columns", k1.Cols, "q", q.Cols);
            StreamingAttention.Require(q.Cols == k2.Cols, "k2", "columns", k2.Cols, "q", q.Cols);
            StreamingAttention.Require(k1.Rows == v1.Rows, "v1", "rows", v1.Rows, "k1", k1.Rows);
            StreamingAttention.Require(k2.Rows == v2.Rows, "v2", "rows", v2.Rows, "k2", k2.Rows);
            StreamingAttention.Require(v1.Cols == v2.Cols, "v2", "columns", v2.Cols, "v1", v1.Cols);
            StreamingAttention.Require(dO.Rows == q.Rows, "dO", "rows", dO.Rows, "q", q.Rows);
            StreamingAttention.Require(dO.Cols == v1.Cols, "dO", "columns", dO.Cols, "v1", v1.Cols);
            RequireShape(dQ, q, "dQ", "q");
            RequireShape(dK1, k1, "dK1", "k1");
            RequireShape(dK2, k2, "dK2", "k2");
            RequireShape(dV1, v1, "dV1", "v1");
            RequireShape(dV2, v2, "dV2", "v2");
            if (typeof(T) == typeof(float))
            {
                AttentionGradientDriver<float>.Tensor(StreamingAttention.As<T, float>(q), StreamingAttention.As<T, float>(k1), StreamingAttention.As<T, float>(k2), StreamingAttention.As<T, float>(v1), StreamingAttention.As<T, float>(v2), Unsafe.As<T, float>(ref scale),
                    StreamingAttention.As<T, float>(dO), window1, window2, StreamingAttention.As<T, float>(dQ), StreamingAttention.As<T, float>(dK1), StreamingAttention.As<T, float>(dK2), StreamingAttention.As<T, float>(dV1), StreamingAttention.As<T, float>(dV2), Cast<T, float>(dScale));
            }
            else
            {
                AttentionGradientDriver<double>.Tensor(StreamingAttention.As<T, double>(q), StreamingAttention.As<T, double>(k1), StreamingAttention.As<T, double>(k2), StreamingAttention.As<T, double>(v1), StreamingAttention.As<T, double>(v2), Unsafe.As<T, double>(ref scale),
                    StreamingAttention.As<T, double>(dO), window1, window2, StreamingAttention.As<T, double>(dQ), StreamingAttention.As<T, double>(dK1), StreamingAttention.As<T, double>(dK2), StreamingAttention.As<T, double>(dV1), StreamingAttention.As<T, double>(dV2), Cast<T, double>(dScale));
            }
        }

        private static void Check<T>(int scaleLength)
        {
            if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            {
                throw new NotSupportedException($"Attention gradients support float and double, not {typeof(T).Name}.");
            }
            if (scaleLength > 1)
            {
                throw new ArgumentException($"dScale has {scaleLength} elements; pass one element to receive ∂L/∂scale, or none to skip it.", "dScale");
            }
        }

        // A requested gradient has its input's shape.
        private static void RequireShape<T>(MatrixView<T> gradient, MatrixView<T> input, string name, string inputName)
            where T : unmanaged
        {
            if (Unsafe.IsNullRef(ref gradient.Start)) return;
            StreamingAttention.Require(gradient.Rows == input.Rows, name, "rows", gradient.Rows, inputName, input.Rows);
            StreamingAttention.Require(gradient.Cols == input.Cols, name, "columns", gradient.Cols, inputName, input.Cols);
        }

        private static Span<TTo> Cast<TFrom, TTo>(Span<TFrom> span)
            where TFrom : unmanaged
            where TTo : unmanaged
            => System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(span);
    }
}
