using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// Packed, cache-blocked, register-blocked matrix multiplication for GEMM-like contraction steps: called by
    /// generated code, not meant to be called by hand.
    /// </summary>
    /// <remarks>
    /// <para>Operands are described by offset tables (element offsets, not bytes), one per index group, so any
    /// grouping of axes into batch/M/N/K, any strides, transposes and broadcast (stride 0) in A and B are absorbed by
    /// packing, with no copy of whole tensors.</para>
    /// <para>Engine: A and B blocks are packed into micro-panels (BLIS/GotoBLAS style) and multiplied by an FMA
    /// micro-kernel for the widest accelerated vector size (Vector512 → Vector256 → Vector128 → scalar; see
    /// <c>GemmDriver</c> and <c>GemmBlocking</c> for the loop nest and block sizes). Calls of more than about two
    /// million multiply-adds run on a small persistent worker pool (one thread per core): by batch entry when there
    /// are enough of them, otherwise all threads share each block. Pack buffers come from
    /// <see cref="ArrayPool{T}.Shared"/>, so a call allocates nothing once warm.</para>
    /// <para>Accuracy: each C element is computed as a sum of K-block partial sums: within a block of at most 256
    /// summed positions the products are accumulated in a register (with FMA, one rounding per product), and each
    /// block's partial sum is added into C. The worst-case rounding error is about (min(K, 256) + ⌈K / 256⌉)·u·Σ|a||b|
    /// (u the unit roundoff) rather than K·u·Σ|a||b| for one long running sum, and the typical error grows like the
    /// square root of that. For float at K = 1024 that is a relative error of order 1e-6.</para>
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static unsafe class Gemm
    {
        /// <summary>
        /// C[b][m, n] (+)= Σ_k A[b][m, k] · B[b][k, n] for every b &lt; <paramref name="batch"/>, where
        /// A[b][m, k] = <c>Unsafe.Add(ref a, aBatch[b] + aRows[m] + aCols[k])</c>, likewise B with (bBatch, bRows, bCols)
        /// and C with (cBatch, cRows, cCols).
        /// </summary>
        /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>; any other type throws <see cref="NotSupportedException"/>.</typeparam>
        /// <param name="batch">Number of products.</param>
        /// <param name="m">Rows of A and C.</param>
        /// <param name="n">Columns of B and C.</param>
        /// <param name="k">Summed positions: columns of A, rows of B.</param>
        /// <param name="a">First element of A (offsets are relative to it).</param>
        /// <param name="aBatch">A's offset per batch entry (at least <paramref name="batch"/> entries).</param>
        /// <param name="aRows">A's offset per row (at least <paramref name="m"/> entries).</param>
        /// <param name="aCols">A's offset per summed position (at least <paramref name="k"/> entries).</param>
        /// <param name="b">First element of B.</param>
        /// <param name="bBatch">B's offset per batch entry.</param>
        /// <param name="bRows">B's offset per summed position (at least <paramref name="k"/> entries).</param>
        /// <param name="bCols">B's offset per column (at least <paramref name="n"/> entries).</param>
        /// <param name="c">First element of C; C must not overlap A or B.</param>
        /// <param name="cBatch">C's offset per batch entry.</param>
        /// <param name="cRows">C's offset per row.</param>
        /// <param name="cCols">C's offset per column.</param>
        /// <param name="accumulate">True adds the product into C; false overwrites C.</param>
        /// <remarks>Distinct (batch, row, column) positions of C must be distinct elements; A and B may repeat elements (stride 0).</remarks>
        public static void Multiply<T>(int batch, int m, int n, int k,
            ref T a, ReadOnlySpan<nint> aBatch, ReadOnlySpan<nint> aRows, ReadOnlySpan<nint> aCols,
            ref T b, ReadOnlySpan<nint> bBatch, ReadOnlySpan<nint> bRows, ReadOnlySpan<nint> bCols,
            ref T c, ReadOnlySpan<nint> cBatch, ReadOnlySpan<nint> cRows, ReadOnlySpan<nint> cCols,
            bool accumulate)
            where T : unmanaged
            => Multiply(GemmKernelChoice.Auto, batch, m, n, k, ref a, aBatch, aRows, aCols, ref b, bBatch, bRows, bCols,
                ref c, cBatch, cRows, cCols, accumulate);

        /// <summary>
        /// Batched strided product: element (b, i, j) of an operand is at
        /// <c>batchStride · b + rowStride · i + colStride · j</c> from its reference (strides in elements, may be zero or
        /// negative for A and B). Builds the offset tables in pooled memory and calls the table form.
        /// </summary>
        /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <param name="batch">Number of products.</param>
        /// <param name="m">Rows of A and C.</param>
        /// <param name="n">Columns of B and C.</param>
        /// <param name="k">Summed positions.</param>
        /// <param name="a">First element of A.</param>
        /// <param name="aBatchStride">A's stride between batch entries.</param>
        /// <param name="aRowStride">A's stride between rows.</param>
        /// <param name="aColStride">A's stride between summed positions.</param>
        /// <param name="b">First element of B.</param>
        /// <param name="bBatchStride">B's stride between batch entries.</param>
        /// <param name="bRowStride">B's stride between summed positions.</param>
        /// <param name="bColStride">B's stride between columns.</param>
        /// <param name="c">First element of C.</param>
        /// <param name="cBatchStride">C's stride between batch entries.</param>
        /// <param name="cRowStride">C's stride between rows.</param>
        /// <param name="cColStride">C's stride between columns.</param>
        /// <param name="accumulate">True adds the product into C; false overwrites C.</param>
        public static void Multiply<T>(int batch, int m, int n, int k,
            ref T a, nint aBatchStride, nint aRowStride, nint aColStride,
            ref T b, nint bBatchStride, nint bRowStride, nint bColStride,
            ref T c, nint cBatchStride, nint cRowStride, nint cColStride,
            bool accumulate)
            where T : unmanaged
        {
            if (batch < 0 || m < 0 || n < 0 || k < 0)
            {
                throw new ArgumentOutOfRangeException(batch < 0 ? nameof(batch) : m < 0 ? nameof(m) : n < 0 ? nameof(n) : nameof(k), "Sizes must not be negative.");
            }
            int length = checked(3 * batch + 2 * m + 2 * n + 2 * k);
            nint[] rented = ArrayPool<nint>.Shared.Rent(length);
            try
            {
                Span<nint> t = rented.AsSpan(0, length);
                Span<nint> aB = t.Slice(0, batch), bB = t.Slice(batch, batch), cB = t.Slice(2 * batch, batch);
                int o = 3 * batch;
                Span<nint> aR = t.Slice(o, m), cR = t.Slice(o + m, m);
                o += 2 * m;
                Span<nint> bC = t.Slice(o, n), cC = t.Slice(o + n, n);
                o += 2 * n;
                Span<nint> aC = t.Slice(o, k), bR = t.Slice(o + k, k);
                Fill(aB, aBatchStride); Fill(bB, bBatchStride); Fill(cB, cBatchStride);
                Fill(aR, aRowStride); Fill(cR, cRowStride);
                Fill(bC, bColStride); Fill(cC, cColStride);
                Fill(aC, aColStride); Fill(bR, bRowStride);
                Multiply(batch, m, n, k, ref a, aB, aR, aC, ref b, bB, bR, bC, ref c, cB, cR, cC, accumulate);
            }
            finally
            {
                ArrayPool<nint>.Shared.Return(rented);
            }

            static void Fill(Span<nint> table, nint stride)
            {
                for (int i = 0; i < table.Length; i++)
                {
                    table[i] = i * stride;
                }
            }
        }

        /// <summary>
        /// Fills <paramref name="dest"/> with the element offsets of a group of axes, row-major (the last axis varies
        /// fastest): entry number i₀·(L₁⋯Lₙ) + … + iₙ is Σ i_d · strides[d].
        /// </summary>
        /// <param name="dest">Destination; its length must be the product of <paramref name="lengths"/> (1 for no axes).</param>
        /// <param name="lengths">Length of each axis.</param>
        /// <param name="strides">Stride of each axis, in elements.</param>
        public static void FillOffsets(Span<nint> dest, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides)
            => TensorDsl.Runtime.OffsetTable.Fill(dest, (nint)0, lengths, strides);

        /// <summary>The table form with an explicit kernel choice, so tests can run every ISA width on one machine.</summary>
        internal static void Multiply<T>(GemmKernelChoice kernel, int batch, int m, int n, int k,
            ref T a, ReadOnlySpan<nint> aBatch, ReadOnlySpan<nint> aRows, ReadOnlySpan<nint> aCols,
            ref T b, ReadOnlySpan<nint> bBatch, ReadOnlySpan<nint> bRows, ReadOnlySpan<nint> bCols,
            ref T c, ReadOnlySpan<nint> cBatch, ReadOnlySpan<nint> cRows, ReadOnlySpan<nint> cCols,
            bool accumulate)
            where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                MultiplyCore(kernel, batch, m, n, k,
                    ref Unsafe.As<T, float>(ref a), aBatch, aRows, aCols,
                    ref Unsafe.As<T, float>(ref b), bBatch, bRows, bCols,
                    ref Unsafe.As<T, float>(ref c), cBatch, cRows, cCols, accumulate);
            }
            else if (typeof(T) == typeof(double))
            {
                MultiplyCore(kernel, batch, m, n, k,
                    ref Unsafe.As<T, double>(ref a), aBatch, aRows, aCols,
                    ref Unsafe.As<T, double>(ref b), bBatch, bRows, bCols,
                    ref Unsafe.As<T, double>(ref c), cBatch, cRows, cCols, accumulate);
            }
            else
            {
                throw new NotSupportedException($"Gemm supports float and double, not {typeof(T).Name}.");
            }
        }

        private static void MultiplyCore<T>(GemmKernelChoice kernel, int batch, int m, int n, int k,
            ref T a, ReadOnlySpan<nint> aBatch, ReadOnlySpan<nint> aRows, ReadOnlySpan<nint> aCols,
            ref T b, ReadOnlySpan<nint> bBatch, ReadOnlySpan<nint> bRows, ReadOnlySpan<nint> bCols,
            ref T c, ReadOnlySpan<nint> cBatch, ReadOnlySpan<nint> cRows, ReadOnlySpan<nint> cCols,
            bool accumulate)
            where T : unmanaged, INumber<T>
        {
            Check(batch, nameof(batch), aBatch.Length, nameof(aBatch), bBatch.Length, nameof(bBatch), cBatch.Length, nameof(cBatch));
            Check(m, nameof(m), aRows.Length, nameof(aRows), cRows.Length, nameof(cRows), int.MaxValue, "");
            Check(n, nameof(n), bCols.Length, nameof(bCols), cCols.Length, nameof(cCols), int.MaxValue, "");
            Check(k, nameof(k), aCols.Length, nameof(aCols), bRows.Length, nameof(bRows), int.MaxValue, "");
            if (batch == 0 || m == 0 || n == 0)
            {
                return;
            }

            fixed (T* pa = &a, pb = &b, pc = &c)
            fixed (nint* pab = aBatch, par = aRows, pac = aCols)
            fixed (nint* pbb = bBatch, pbr = bRows, pbc = bCols)
            fixed (nint* pcb = cBatch, pcr = cRows, pcc = cCols)
            {
                if (k == 0)
                {
                    if (!accumulate)
                    {
                        ClearC(pc, pcb, pcr, pcc, batch, m, n);
                    }
                    return;
                }
                var problem = new GemmProblem<T>
                {
                    BatchCount = batch,
                    M = m,
                    N = n,
                    K = k,
                    A = new GemmOperand<T>(pa, pab, par, m, pac, k),
                    B = new GemmOperand<T>(pb, pbb, pbr, k, pbc, n),
                    C = new GemmOperand<T>(pc, pcb, pcr, m, pcc, n),
                    Accumulate = accumulate,
                };
                if (kernel == GemmKernelChoice.Auto)
                {
                    kernel = Vector512.IsHardwareAccelerated ? GemmKernelChoice.Vector512
                        : Vector256.IsHardwareAccelerated ? GemmKernelChoice.Vector256
                        : Vector128.IsHardwareAccelerated ? GemmKernelChoice.Vector128
                        : GemmKernelChoice.Scalar;
                }
                switch (kernel)
                {
                    case GemmKernelChoice.Vector512:
                        GemmDriver<T, MicroKernel512<T>>.Run(ref problem);
                        break;
                    case GemmKernelChoice.Vector256:
                        GemmDriver<T, MicroKernel256<T>>.Run(ref problem);
                        break;
                    case GemmKernelChoice.Vector128:
                        GemmDriver<T, MicroKernel128<T>>.Run(ref problem);
                        break;
                    default:
                        GemmDriver<T, MicroKernelScalar<T>>.Run(ref problem);
                        break;
                }
            }
        }

        private static void Check(int count, string countName, int length1, string name1, int length2, string name2, int length3, string name3)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(countName, "Sizes must not be negative.");
            }
            if (length1 < count || length2 < count || length3 < count)
            {
                string table = length1 < count ? name1 : length2 < count ? name2 : name3;
                throw new ArgumentException($"The offset table {table} has fewer than {countName} = {count} entries.", table);
            }
        }

        private static void ClearC<T>(T* c, nint* batchOffsets, nint* rows, nint* cols, int batch, int m, int n)
            where T : unmanaged
        {
            for (int bi = 0; bi < batch; bi++)
            {
                for (int i = 0; i < m; i++)
                {
                    T* row = c + batchOffsets[bi] + rows[i];
                    for (int j = 0; j < n; j++)
                    {
                        row[cols[j]] = default;
                    }
                }
            }
        }
    }

    /// <summary>Which micro-kernel a call uses; <see cref="Auto"/> picks the widest accelerated vector size.</summary>
    internal enum GemmKernelChoice
    {
        Auto,
        Vector512,
        Vector256,
        Vector128,
        Scalar,
    }
}
