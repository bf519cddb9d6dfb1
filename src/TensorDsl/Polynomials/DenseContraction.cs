using System;
using System.Numerics;

namespace TensorDsl.Polynomials
{
    /// <summary>
    /// A pairwise (or unary) contraction of dense row-major tensors whose axes all have size n and distinct labels:
    /// <c>result[r] = Σ left[l] · right[r']</c> over the labels absent from the result. One odometer over the union of the
    /// labels, offsets updated incrementally. Plain loops: the batch's steps are small (n ≤ a few hundred, ≤ 4 labels for
    /// matrix-computable elements), and sharing, not a GEMM kernel, is what <see cref="PolynomialBatch"/> is about.
    /// </summary>
    internal static class DenseContraction
    {
        /// <summary>Contracts <paramref name="left"/> (labels <paramref name="leftLabels"/>) with <paramref name="right"/>
        /// (or with 1 when <paramref name="rightLabels"/> is null) into a new tensor with labels <paramref name="resultLabels"/>.</summary>
        public static T[] Contract<T>(T[] left, string leftLabels, T[]? right, string? rightLabels, string resultLabels, int n)
            where T : unmanaged, INumber<T>
        {
            string union = leftLabels;
            foreach (char c in (rightLabels ?? "") + resultLabels)
            {
                if (union.IndexOf(c) < 0) union += c;
            }
            int dims = union.Length;
            var leftStride = Strides(leftLabels, union, n);
            var rightStride = rightLabels is null ? new long[dims] : Strides(rightLabels, union, n);
            var resultStride = Strides(resultLabels, union, n);
            var result = new T[Pow(n, resultLabels.Length)];
            var point = new int[dims];
            long lo = 0, ro = 0, oo = 0;
            long total = Pow(n, dims);
            for (long p = 0; p < total; p++)
            {
                T product = right is null ? left[lo] : left[lo] * right[ro];
                result[oo] += product;
                // Advance the odometer (last label fastest), moving the three offsets with it.
                for (int d = dims - 1; d >= 0; d--)
                {
                    if (++point[d] < n)
                    {
                        lo += leftStride[d];
                        ro += rightStride[d];
                        oo += resultStride[d];
                        break;
                    }
                    point[d] = 0;
                    lo -= leftStride[d] * (n - 1);
                    ro -= rightStride[d] * (n - 1);
                    oo -= resultStride[d] * (n - 1);
                }
            }
            return result;
        }

        /// <summary>n^k as a length.</summary>
        public static int Pow(int n, int k)
        {
            long size = 1;
            for (int i = 0; i < k; i++) size *= n;
            if (size > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(n), $"A tensor with {k} axes of size {n} has more than {int.MaxValue} elements");
            return (int)size;
        }

        // Row-major stride of each union label in a tensor with the given labels (0 when the tensor lacks it).
        private static long[] Strides(string labels, string union, int n)
        {
            var strides = new long[union.Length];
            long stride = 1;
            for (int k = labels.Length - 1; k >= 0; k--)
            {
                strides[union.IndexOf(labels[k])] = stride;
                stride *= n;
            }
            return strides;
        }
    }
}
