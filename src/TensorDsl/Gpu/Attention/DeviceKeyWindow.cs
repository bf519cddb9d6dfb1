using System;

namespace TensorDsl.Gpu.Attention
{
    /// <summary>
    /// The keys an attention query may attend to, relative to the query's row: query row <c>i</c> admits the keys
    /// <c>j</c> in [max(0, i + <see cref="Low"/>), min(keyCount, i + <see cref="High"/>)); <see cref="Full"/> admits every key.
    /// </summary>
    /// <remarks>
    /// <para>A causal window over the last <c>w</c> positions (2-simplicial attention's j ∈ (i − w, i]) is
    /// <c>Relative(-w + 1, 1)</c>; plain causal attention is <c>Relative(long.MinValue, 1)</c>. A window may admit nothing
    /// for some or all rows (e.g. <c>Relative(0, 0)</c>); such rows of the output are zero.</para>
    /// <para><c>default(DeviceKeyWindow)</c> is <see cref="Full"/>, and so is <c>Relative(long.MinValue, long.MaxValue)</c>,
    /// which admits every key too: the two compare equal.</para>
    /// </remarks>
    public readonly struct DeviceKeyWindow : IEquatable<DeviceKeyWindow>
    {
        // default(DeviceKeyWindow) must be Full, so the bounded form carries a flag and Full is all zeros.
        private readonly bool _bounded;
        private readonly long _low;
        private readonly long _high;

        private DeviceKeyWindow(long low, long high)
        {
            _bounded = true;
            _low = low;
            _high = high;
        }

        /// <summary>The window that admits every key for every query.</summary>
        public static DeviceKeyWindow Full => default;

        /// <summary>The window that admits, for query row <c>i</c>, the keys <c>j</c> with <c>i + low ≤ j &lt; i + high</c> (and 0 ≤ j &lt; keyCount).</summary>
        /// <param name="low">The first admitted key relative to the query row (inclusive); may be negative.</param>
        /// <param name="high">The end of the admitted keys relative to the query row (exclusive); at least <paramref name="low"/>.</param>
        /// <returns>The window; <see cref="Full"/> when <paramref name="low"/> is <see cref="long.MinValue"/> and <paramref name="high"/> is <see cref="long.MaxValue"/>.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="high"/> is less than <paramref name="low"/>.</exception>
        public static DeviceKeyWindow Relative(long low, long high)
        {
            if (high < low)
            {
                throw new ArgumentOutOfRangeException(nameof(high), high, $"The window's end ({high}) is before its start ({low}); an empty window has high == low");
            }
            return low == long.MinValue && high == long.MaxValue ? Full : new DeviceKeyWindow(low, high);
        }

        /// <summary>True when the window admits every key (<see cref="Low"/> is <see cref="long.MinValue"/> and <see cref="High"/> is <see cref="long.MaxValue"/>).</summary>
        public bool IsFull => !_bounded;

        /// <summary>The first admitted key relative to the query row (inclusive); <see cref="long.MinValue"/> for <see cref="Full"/>.</summary>
        public long Low => _bounded ? _low : long.MinValue;

        /// <summary>The end of the admitted keys relative to the query row (exclusive); <see cref="long.MaxValue"/> for <see cref="Full"/>.</summary>
        public long High => _bounded ? _high : long.MaxValue;

        /// <summary>
        /// <see cref="Low"/> and <see cref="High"/> clamped to ±(<paramref name="queryCount"/> + <paramref name="keyCount"/> + 1):
        /// the same window for every row i &lt; queryCount and key j &lt; keyCount, and small enough that a kernel can add a row
        /// index without overflow.
        /// </summary>
        internal (long Low, long High) Clamped(long queryCount, long keyCount)
        {
            long bound = queryCount + keyCount + 1;
            return (Math.Clamp(Low, -bound, bound), Math.Clamp(High, -bound, bound));
        }

        /// <inheritdoc/>
        public bool Equals(DeviceKeyWindow other) => Low == other.Low && High == other.High;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is DeviceKeyWindow other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(Low, High);

        /// <summary>True when both windows have the same bounds (<see cref="Low"/> and <see cref="High"/>).</summary>
        /// <param name="left">A window.</param>
        /// <param name="right">Another window.</param>
        public static bool operator ==(DeviceKeyWindow left, DeviceKeyWindow right) => left.Equals(right);

        /// <summary>True when the windows' bounds differ.</summary>
        /// <param name="left">A window.</param>
        /// <param name="right">Another window.</param>
        public static bool operator !=(DeviceKeyWindow left, DeviceKeyWindow right) => !left.Equals(right);

        /// <inheritdoc/>
        public override string ToString() => IsFull ? "Full" : $"Relative({Low}, {High})";
    }
}
