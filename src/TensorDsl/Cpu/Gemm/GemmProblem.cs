using System.Numerics;

namespace TensorDsl.Cpu
{
    /// <summary>
    /// One operand of a GEMM call as raw pointers: element (b, r, c) lives at <c>Data + Batch[b] + Rows[r] + Cols[c]</c>.
    /// The caller pins everything for the duration of the call, so worker threads may read these pointers.
    /// </summary>
    internal unsafe struct GemmOperand<T>
        where T : unmanaged
    {
        public T* Data;
        public nint* Batch;
        public nint* Rows;
        public nint* Cols;

        /// <summary>Rows[i] == Rows[0] + i for every row: a row index moves by one element (a transposed operand).</summary>
        public bool RowsUnit;

        /// <summary>Cols[j] == Cols[0] + j for every column: rows are contiguous (the usual row-major case).</summary>
        public bool ColsUnit;

        /// <summary>Rows[i] == Rows[0] + i * RowStride for every row (any stride, zero included).</summary>
        public bool RowsUniform;

        /// <summary>The row stride when <see cref="RowsUniform"/>.</summary>
        public nint RowStride;

        public GemmOperand(T* data, nint* batch, nint* rows, int rowCount, nint* cols, int colCount)
        {
            Data = data;
            Batch = batch;
            Rows = rows;
            Cols = cols;
            RowsUniform = IsUniform(rows, rowCount, out RowStride);
            RowsUnit = RowsUniform && RowStride == 1;
            ColsUnit = IsUniform(cols, colCount, out nint colStride) && colStride == 1;
        }

        /// <summary>
        /// True when the table is <c>t[0], t[0] + s, t[0] + 2s, …</c>; with s = 1 packing and the C store use vector
        /// copies, and a row-major A with any uniform row stride is read by the kernels in place.
        /// </summary>
        private static bool IsUniform(nint* table, int count, out nint stride)
        {
            stride = count > 1 ? table[1] - table[0] : 1;
            if (count == 0)
            {
                return false;
            }
            nint first = table[0];
            for (int i = 1; i < count; i++)
            {
                if (table[i] != first + i * stride)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>
    /// A whole <c>Gemm.Multiply</c> call: C[b][m, n] (+)= Σ_k A[b][m, k] · B[b][k, n]. Passed by reference to the
    /// driver and, for a parallel call, stored in the preallocated work descriptor.
    /// </summary>
    internal unsafe struct GemmProblem<T>
        where T : unmanaged, INumber<T>
    {
        public int BatchCount;
        public int M;
        public int N;
        public int K;
        public GemmOperand<T> A;
        public GemmOperand<T> B;
        public GemmOperand<T> C;
        public bool Accumulate;

        /// <summary>Multiply-adds in the whole call, the measure of work the scheduler uses.</summary>
        public readonly long MultiplyAdds => (long)BatchCount * M * N * K;
    }
}
