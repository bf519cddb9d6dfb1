using System;
using System.Runtime.CompilerServices;

namespace TensorDsl.Cpu.Attention
{
    /// <summary>
    /// Which keys a query row attends to: query row i admits keys j with
    /// <c>max(0, i + Low) ≤ j &lt; min(keyCount, i + High)</c>; <see cref="Full"/> admits every key.
    /// </summary>
    /// <remarks>
    /// <para>Windows are relative to the query row so that one value describes a whole banded mask, which the kernels
    /// turn into ranges of key tiles (only the partial tiles at the two edges are masked element by element). Common
    /// cases: causal attention is <c>Relative(-(n - 1), 1)</c> or simply <c>Relative(nint.MinValue, 1)</c>; a causal
    /// sliding window of width w (keys i − w &lt; j ≤ i, as in 2-simplicial attention) is <c>Relative(-w + 1, 1)</c>.</para>
    /// <para>A window with <see cref="Low"/> ≥ <see cref="High"/> admits nothing; a query row that admits no key gets
    /// an all-zero output row. Offsets far outside the key range are fine: the sums saturate rather than
    /// overflow.</para>
    /// <para><c>default(KeyWindow)</c> is <see cref="Full"/>, so an uninitialized window does not silently mask every
    /// key.</para>
    /// </remarks>
    public readonly struct KeyWindow : IEquatable<KeyWindow>
    {
        // Stored as offsets from the full window's bounds, so that default(KeyWindow) is Full.
        private readonly nint _lowFromMin;
        private readonly nint _highFromMax;

        private KeyWindow(nint low, nint high)
        {
            _lowFromMin = unchecked(low - nint.MinValue);
            _highFromMax = unchecked(high - nint.MaxValue);
        }

        /// <summary>The window that admits every key (also <c>default(KeyWindow)</c>).</summary>
        public static KeyWindow Full => default;

        /// <summary>
        /// The window that admits, for query row i, the keys j with <c>i + <paramref name="low"/> ≤ j &lt; i + <paramref name="high"/></c>
        /// (clipped to the key range).
        /// </summary>
        /// <param name="low">First admitted key, relative to the query row (inclusive).</param>
        /// <param name="high">End of the admitted keys, relative to the query row (exclusive).</param>
        /// <returns>The window; <c>Relative(nint.MinValue, nint.MaxValue)</c> equals <see cref="Full"/>.</returns>
        public static KeyWindow Relative(nint low, nint high) => new(low, high);

        /// <summary>True if the window admits every key for every query row.</summary>
        public bool IsFull => _lowFromMin == 0 && _highFromMax == 0;

        /// <summary>First admitted key relative to the query row (inclusive); <see cref="nint.MinValue"/> for <see cref="Full"/>.</summary>
        public nint Low => unchecked(_lowFromMin + nint.MinValue);

        /// <summary>End of the admitted keys relative to the query row (exclusive); <see cref="nint.MaxValue"/> for <see cref="Full"/>.</summary>
        public nint High => unchecked(_highFromMax + nint.MaxValue);

        /// <summary>True if no query row admits any key (<see cref="Low"/> ≥ <see cref="High"/>).</summary>
        internal bool IsEmpty => Low >= High;

        /// <summary>Equality of the admitted sets: both bounds equal.</summary>
        /// <param name="left">One window.</param>
        /// <param name="right">The other window.</param>
        /// <returns>True if the windows are equal.</returns>
        public static bool operator ==(KeyWindow left, KeyWindow right) => left.Equals(right);

        /// <summary>Inequality of the bounds.</summary>
        /// <param name="left">One window.</param>
        /// <param name="right">The other window.</param>
        /// <returns>True if the windows differ.</returns>
        public static bool operator !=(KeyWindow left, KeyWindow right) => !left.Equals(right);

        /// <summary>
        /// The keys admitted for <paramref name="row"/>: <c>[max(0, row + Low), min(keyCount, row + High))</c>, computed
        /// without overflow; an empty window gives <paramref name="start"/> ≥ <paramref name="end"/>.
        /// </summary>
        /// <param name="row">Query row (not negative).</param>
        /// <param name="keyCount">Number of keys (not negative).</param>
        /// <param name="start">First admitted key.</param>
        /// <param name="end">End of the admitted keys.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Range(nint row, nint keyCount, out nint start, out nint end)
        {
            // row + offset, clamped to [0, keyCount]: compare before adding, since the offsets may be nint.MinValue/MaxValue.
            nint low = Low, high = High;
            start = low <= -row ? 0 : low >= keyCount - row ? keyCount : row + low;
            end = high <= -row ? 0 : high >= keyCount - row ? keyCount : row + high;
        }

        /// <inheritdoc/>
        public bool Equals(KeyWindow other) => _lowFromMin == other._lowFromMin && _highFromMax == other._highFromMax;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is KeyWindow other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(_lowFromMin, _highFromMax);

        /// <summary>"Full", or "Relative(low, high)".</summary>
        /// <returns>A description of the window.</returns>
        public override string ToString() => IsFull ? "Full" : $"Relative({Low}, {High})";
    }
}
