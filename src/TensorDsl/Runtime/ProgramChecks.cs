using System;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// Shape checks called by generated <c>[TensorProgram]</c> code before anything is written. Each throws
    /// <see cref="ArgumentException"/> naming the tensor, the index and both sizes.
    /// </summary>
    public static class ProgramChecks
    {
        /// <summary>Throws unless <paramref name="actual"/> equals the rank the program uses <paramref name="tensor"/> with.</summary>
        public static void Rank(string tensor, int actual, int expected)
        {
            if (actual != expected)
            {
                throw new ArgumentException($"'{tensor}' has rank {actual}, but the program uses it with {expected} indices", tensor);
            }
        }

        /// <summary>Throws unless axis <paramref name="axis"/> of <paramref name="tensor"/> has the size of index <paramref name="index"/>.</summary>
        /// <param name="index">The index at that axis.</param>
        /// <param name="tensor">The tensor checked.</param>
        /// <param name="axis">Its axis.</param>
        /// <param name="actual">The axis length.</param>
        /// <param name="expected">The index's size.</param>
        /// <param name="source">Where the index's size came from (a tensor axis or a <c>[Dim]</c>).</param>
        public static void Size(string index, string tensor, int axis, nint actual, nint expected, string source)
        {
            if (actual != expected)
            {
                throw new ArgumentException(
                    $"Index '{index}' has size {expected} from {source} but {actual} in '{tensor}' (axis {axis})", tensor);
            }
        }

        /// <summary>The element count of a pooled intermediate buffer, checked to fit an array.</summary>
        public static int BufferLength(string intermediate, nint length)
        {
            if (length > Array.MaxLength)
            {
                throw new ArgumentException($"The intermediate '{intermediate}' would hold {length} elements, more than an array can; the plan stores it because it could not be fused");
            }
            return (int)Math.Max(length, 1);
        }
    }
}
