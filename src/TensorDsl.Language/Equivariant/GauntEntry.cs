using System;
using System.Globalization;

namespace TensorDsl.Language.Equivariant
{
    /// <summary>
    /// One nonzero real Gaunt coefficient G(l1 m1, l2 m2, l3 m3) = ∫ Y_{l1 m1} Y_{l2 m2} Y_{l3 m3} dΩ
    /// (real orthonormal spherical harmonics, no Condon–Shortley phase; see <see cref="GauntCoefficients"/>).
    /// </summary>
    /// <remarks>
    /// Stored compactly (degrees and orders as 16-bit integers) because a table for degrees (16, 16, 32)
    /// holds about a million entries. Equality compares the six indices and the value bit for bit.
    /// </remarks>
    public readonly struct GauntEntry : IEquatable<GauntEntry>
    {
        private readonly short _l1, _m1, _l2, _m2, _l3, _m3;

        /// <summary>Creates an entry; every degree must lie in 0..<see cref="GauntCoefficients.MaxDegree"/> and every |m| ≤ l.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A degree or order is out of range.</exception>
        public GauntEntry(int l1, int m1, int l2, int m2, int l3, int m3, double value)
        {
            GauntCoefficients.CheckDegreeAndOrder(l1, m1, nameof(l1), nameof(m1));
            GauntCoefficients.CheckDegreeAndOrder(l2, m2, nameof(l2), nameof(m2));
            GauntCoefficients.CheckDegreeAndOrder(l3, m3, nameof(l3), nameof(m3));
            _l1 = (short)l1; _m1 = (short)m1;
            _l2 = (short)l2; _m2 = (short)m2;
            _l3 = (short)l3; _m3 = (short)m3;
            Value = value;
        }

        /// <summary>Degree of the first harmonic.</summary>
        public int L1 => _l1;

        /// <summary>Order of the first harmonic, −<see cref="L1"/>..<see cref="L1"/>.</summary>
        public int M1 => _m1;

        /// <summary>Degree of the second harmonic.</summary>
        public int L2 => _l2;

        /// <summary>Order of the second harmonic, −<see cref="L2"/>..<see cref="L2"/>.</summary>
        public int M2 => _m2;

        /// <summary>Degree of the third harmonic.</summary>
        public int L3 => _l3;

        /// <summary>Order of the third harmonic, −<see cref="L3"/>..<see cref="L3"/>.</summary>
        public int M3 => _m3;

        /// <summary>The coefficient ∫ Y_{l1 m1} Y_{l2 m2} Y_{l3 m3} dΩ (never zero in a table).</summary>
        public double Value { get; }

        /// <summary>Flat index of the first harmonic, l1² + l1 + m1.</summary>
        public int I1 => _l1 * _l1 + _l1 + _m1;

        /// <summary>Flat index of the second harmonic, l2² + l2 + m2.</summary>
        public int I2 => _l2 * _l2 + _l2 + _m2;

        /// <summary>Flat index of the third harmonic, l3² + l3 + m3.</summary>
        public int I3 => _l3 * _l3 + _l3 + _m3;

        /// <inheritdoc/>
        public bool Equals(GauntEntry other) =>
            _l1 == other._l1 && _m1 == other._m1 && _l2 == other._l2 && _m2 == other._m2 &&
            _l3 == other._l3 && _m3 == other._m3 && Value.Equals(other.Value);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is GauntEntry other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode()
        {
            unchecked
            {
                int hash = 17;
                hash = hash * 31 + I1;
                hash = hash * 31 + I2;
                hash = hash * 31 + I3;
                hash = hash * 31 + Value.GetHashCode();
                return hash;
            }
        }

        /// <summary>Value equality.</summary>
        public static bool operator ==(GauntEntry left, GauntEntry right) => left.Equals(right);

        /// <summary>Value inequality.</summary>
        public static bool operator !=(GauntEntry left, GauntEntry right) => !left.Equals(right);

        /// <summary>"G(l1,m1; l2,m2; l3,m3) = value", the value round-trippable.</summary>
        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "G({0},{1}; {2},{3}; {4},{5}) = {6}",
                L1, M1, L2, M2, L3, M3, Value.ToString("R", CultureInfo.InvariantCulture));
    }
}
