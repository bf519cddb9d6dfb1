using System;
using System.ComponentModel;

namespace TensorDsl.Runtime
{
    /// <summary>For generated code: the pooled buffers that hold a plan's intermediates that are not fused.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class IntermediateBuffer
    {
        /// <summary>The element count of the buffer for <paramref name="intermediate"/>, checked to fit an array (at least 1, so that
        /// an empty intermediate still has a base reference).</summary>
        public static int Length(string intermediate, nint length)
        {
            if (length > Array.MaxLength)
            {
                throw new ArgumentException($"The intermediate '{intermediate}' would hold {length} elements, more than an array can; the plan stores it because it could not be fused");
            }
            return (int)Math.Max(length, 1);
        }
    }
}
