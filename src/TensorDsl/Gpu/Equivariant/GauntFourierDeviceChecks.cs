using System;
using TensorDsl.Equivariant;

namespace TensorDsl.Gpu.Equivariant
{
    /// <summary>
    /// The argument checks of <see cref="DeviceGauntFourier"/>'s product and many-body product:
    /// the same rules, in the same order, with the same exception types, parameter names and messages as the CPU's
    /// <see cref="GauntFourier"/> (tests compare the two on the same bad arguments), over a device tensor's lengths and strides.
    /// </summary>
    internal static class GauntFourierDeviceChecks
    {
        /// <summary>Checks the degrees and the shapes of a product; throws before anything is written.</summary>
        public static void Product(int l1, int l2, int lOut, ReadOnlySpan<nint> x, ReadOnlySpan<nint> y, ReadOnlySpan<nint> z, ReadOnlySpan<nint> zStrides)
        {
            CheckDegree(l1, nameof(l1), GauntFourier.MaxDegree);
            CheckDegree(l2, nameof(l2), GauntFourier.MaxDegree);
            if (l1 + l2 > GauntFourier.MaxProductDegree)
            {
                throw new ArgumentOutOfRangeException(nameof(l2), l2, $"l1 + l2 = {l1 + l2} exceeds the largest product degree {GauntFourier.MaxProductDegree}.");
            }
            if (lOut < 0 || lOut > l1 + l2)
            {
                throw new ArgumentOutOfRangeException(nameof(lOut), lOut, $"lOut must lie in 0..l1 + l2 = {l1 + l2}.");
            }
            CheckLast(x, l1, nameof(x), nameof(l1));
            CheckLast(y, l2, nameof(y), nameof(l2));
            CheckLast(z, lOut, nameof(z), nameof(lOut));
            int rank = z.Length - 1;
            if (x.Length - 1 > rank || y.Length - 1 > rank)
            {
                throw new ArgumentException(
                    $"z has {rank} leading axes but {(x.Length - 1 > rank ? "x" : "y")} has {Math.Max(x.Length, y.Length) - 1}; z's leading shape must be the broadcast shape of x and y.",
                    nameof(z));
            }
            for (int d = 0; d < rank; d++)
            {
                nint zl = z[d];
                nint xl = Leading(x, rank, d), yl = Leading(y, rank, d);
                nint broadcast = xl == 1 ? yl : yl == 1 || yl == xl ? xl : -1;
                if (broadcast != zl)
                {
                    throw new ArgumentException(
                        $"Leading axis {d} of z has length {zl}, but x has {xl} and y has {yl} there; each must equal z's length or be 1, and z's length must be their broadcast.",
                        nameof(z));
                }
            }
            CheckOutputStrides(z, zStrides);
        }

        /// <summary>Checks the degrees and the shapes of a many-body product; throws before anything is written.</summary>
        public static void ManyBody(int l, int nu, int lOut, ReadOnlySpan<nint> x, ReadOnlySpan<nint> weights, ReadOnlySpan<nint> z, ReadOnlySpan<nint> zStrides)
        {
            CheckDegree(l, nameof(l), GauntFourier.MaxDegree);
            if (nu < 1 || nu > GauntFourier.MaxFactors)
            {
                throw new ArgumentOutOfRangeException(nameof(nu), nu, $"The number of factors must lie in 1..{GauntFourier.MaxFactors}.");
            }
            if (nu * l > GauntFourier.MaxProductDegree)
            {
                throw new ArgumentOutOfRangeException(nameof(nu), nu, $"nu·l = {nu * l} exceeds the largest product degree {GauntFourier.MaxProductDegree}.");
            }
            if (lOut < 0 || lOut > nu * l)
            {
                throw new ArgumentOutOfRangeException(nameof(lOut), lOut, $"lOut must lie in 0..nu·l = {nu * l}.");
            }
            if (x.Length < 2)
            {
                throw new ArgumentException($"x has rank {x.Length}; it needs a channel axis and a coefficient axis, [..., channels, (l+1)²].", nameof(x));
            }
            CheckLast(x, l, nameof(x), nameof(l));
            CheckLast(z, lOut, nameof(z), nameof(lOut));
            nint channels = x[x.Length - 2];
            if (weights.Length != 3 || weights[0] != nu || weights[1] != channels || weights[2] != lOut + 1)
            {
                throw new ArgumentException(
                    $"weights has shape [{string.Join(", ", weights.ToArray())}]; it must be [nu, channels, lOut + 1] = [{nu}, {channels}, {lOut + 1}].",
                    nameof(weights));
            }
            if (z.Length != x.Length)
            {
                throw new ArgumentException($"z has rank {z.Length} but x has rank {x.Length}; z must have x's leading shape.", nameof(z));
            }
            for (int d = 0; d < x.Length - 1; d++)
            {
                if (z[d] != x[d])
                {
                    throw new ArgumentException($"Leading axis {d} of z has length {z[d]} but x has {x[d]}; they must be equal.", nameof(z));
                }
            }
            CheckOutputStrides(z, zStrides);
        }

        /// <summary>The stride with which an operand advances along z's leading axis <paramref name="d"/> (0 if broadcast or absent).</summary>
        public static nint LeadingStride(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, int rank, int d)
        {
            int od = d - (rank - (lengths.Length - 1));
            return od < 0 || lengths[od] == 1 ? 0 : strides[od];
        }

        private static void CheckOutputStrides(ReadOnlySpan<nint> z, ReadOnlySpan<nint> zStrides)
        {
            for (int d = 0; d < z.Length; d++)
            {
                if (z[d] > 1 && zStrides[d] == 0)
                {
                    throw new ArgumentException($"z has stride 0 on axis {d}; an output must not alias its own elements.", "z");
                }
            }
        }

        private static void CheckDegree(int l, string name, int max)
        {
            if (l < 0 || l > max)
            {
                throw new ArgumentOutOfRangeException(name, l, $"A degree must lie in 0..{max}.");
            }
        }

        private static void CheckLast(ReadOnlySpan<nint> lengths, int degree, string name, string degreeName)
        {
            int expected = (degree + 1) * (degree + 1);
            int rank = lengths.Length;
            if (rank < 1 || lengths[rank - 1] != expected)
            {
                throw new ArgumentException(
                    $"The last axis of {name} has length {(rank < 1 ? 0 : lengths[rank - 1])}; degree {degreeName} = {degree} needs {expected} coefficients.", name);
            }
        }

        /// <summary>Length of an operand's leading axis aligned with z's leading axis <paramref name="d"/> (1 if absent).</summary>
        private static nint Leading(ReadOnlySpan<nint> lengths, int rank, int d)
        {
            int od = d - (rank - (lengths.Length - 1));
            return od < 0 ? 1 : lengths[od];
        }
    }
}
