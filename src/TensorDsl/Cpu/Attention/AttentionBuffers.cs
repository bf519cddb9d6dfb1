using System;
using System.Buffers;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// Layout helper for the one pooled buffer of an attention call: packed operands and per-thread scratch are carved
    /// out of a single <see cref="ArrayPool{T}.Shared"/> byte array, each region starting on a 64-byte boundary (one
    /// cache line, one zmm register), so a warm call allocates nothing.
    /// </summary>
    internal static unsafe class AttentionBuffers
    {
        /// <summary>Alignment of every region, in bytes.</summary>
        public const int Alignment = 64;

        /// <summary><paramref name="value"/> rounded up to a multiple of <paramref name="multiple"/>.</summary>
        public static nint RoundUp(nint value, nint multiple) => (value + multiple - 1) / multiple * multiple;

        /// <summary>Bytes a region of <paramref name="elements"/> elements occupies, rounded to the alignment.</summary>
        public static nint Bytes<T>(nint elements)
            where T : unmanaged
            => RoundUp(checked(elements * sizeof(T)), Alignment);

        /// <summary>Rents at least <paramref name="bytes"/> plus alignment slack.</summary>
        public static byte[] Rent(nint bytes) => ArrayPool<byte>.Shared.Rent(checked((int)(bytes + Alignment)));

        /// <summary>Returns a buffer from <see cref="Rent"/>.</summary>
        public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

        /// <summary>The first aligned address at or after <paramref name="raw"/>.</summary>
        public static byte* Align(byte* raw) => (byte*)(((nint)raw + Alignment - 1) & ~(nint)(Alignment - 1));

        /// <summary>Takes a region of <paramref name="elements"/> elements from <paramref name="cursor"/> and advances it.</summary>
        public static T* Take<T>(ref byte* cursor, nint elements)
            where T : unmanaged
        {
            T* region = (T*)cursor;
            cursor += Bytes<T>(elements);
            return region;
        }
    }
}
