using System;

namespace TensorDsl
{
    /// <summary>
    /// Fixes the size of an index at build time, on a kernel method or on a type (then it applies to every kernel
    /// method in it that uses the index). Calls are checked against it, and the generator may specialize on it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
    public sealed class DimAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="index">The index letter, e.g. <c>"d"</c>.</param>
        /// <param name="size">Its size (at least 1).</param>
        public DimAttribute(string index, int size)
        {
            Index = index;
            Size = size;
        }

        /// <summary>The index letter.</summary>
        public string Index { get; }

        /// <summary>The fixed size.</summary>
        public int Size { get; }
    }
}
