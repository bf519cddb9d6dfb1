using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Numerics;
using System.Threading;

namespace TensorDsl.Language.Equivariant
{
    /// <summary>
    /// Gaunt coefficients of real spherical harmonics:
    /// G(l1 m1, l2 m2, l3 m3) = ∫ Y_{l1 m1} Y_{l2 m2} Y_{l3 m3} dΩ over the unit sphere.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Convention (docs/design.md §6.1): real orthonormal harmonics without the Condon–Shortley phase, m = −l..l, flat index
    /// l² + l + m. With N_{lm} = √((2l+1)/(4π)·(l−m)!/(l+m)!) and P_l^m ≥ 0 near θ = 0 (no (−1)^m),
    /// Y_{l0} = N_{l0} P_l(cos θ), Y_{lm} = √2 N_{lm} P_l^m(cos θ) cos(mφ) and Y_{l,−m} = √2 N_{lm} P_l^m(cos θ) sin(mφ)
    /// for m &gt; 0; so Y_{1,−1} = c·y, Y_{1,0} = c·z, Y_{1,1} = c·x with c = √(3/(4π)).
    /// </para>
    /// <para>
    /// Selection rules: G is zero unless l1 + l2 + l3 is even and |l1 − l2| ≤ l3 ≤ l1 + l2; an even number of the
    /// three orders is negative (an odd number of sines integrates to zero in φ); and the largest of |m1|, |m2|, |m3|
    /// is the sum of the other two (the cosine product rule). A few coefficients that pass every rule are still
    /// zero (zeros of the Wigner 3j symbol, e.g. G(2,0; 3,2; 3,2)); they are decided by exact integer arithmetic.
    /// </para>
    /// <para>
    /// Method: the φ integral gives a sign s and a factor 1 (an order is zero) or 1/√2 (no order is zero); the θ
    /// integral of three associated Legendre functions is a product of two Wigner 3j symbols. With the three columns
    /// ordered so that the last order is the sum of the first two,
    /// G = s·(−1)^(l_r + g)·√(f·(2l_p+1)(2l_q+1)(2l_r+1)·(l_p±p)!(l_q±q)!(l_r±r)!/(4π))·g!/((g−l_p)!(g−l_q)!(g−l_r)!)·B/(J+1)!,
    /// J = 2g = l1 + l2 + l3, f ∈ {1, ½}, and B the alternating Racah sum in binomial form,
    /// Σ_k (−1)^k C(J−2l_r, k)·C(J−2l_q, l_p−p−k)·C(J−2l_p, l_q+q−k), an integer computed exactly (in 64 bits while
    /// J ≤ 62, where every term is below 2^J; with <see cref="BigInteger"/> above). Only the square root and the few
    /// products around it are rounded: for J ≤ 62 about a dozen double roundings (relative error a few 1e-16), above that
    /// the whole radicand is an exact rational rounded once.
    /// </para>
    /// <para>
    /// Relation to e3nn: G = √((2l1+1)(2l2+1)(2l3+1)/(4π))·|(l1 l2 l3; 0 0 0)|·wigner_3j(l1, l2, l3)[…], e3nn's real
    /// harmonics being these functions evaluated at (y, z, x).
    /// </para>
    /// </remarks>
    public static class GauntCoefficients
    {
        /// <summary>
        /// The largest degree accepted anywhere in this class. It keeps index arithmetic far from overflow; tables at
        /// such degrees would be far too large to build anyway (a table has on the order of L1·L2·min(L1, L2)·L1·L2 entries).
        /// </summary>
        public const int MaxDegree = 1000;

        /// <summary>Largest J = l1 + l2 + l3 for which the Racah sum fits in a signed 64-bit integer (|terms|, |partial sums| ≤ 2^J).</summary>
        private const int FastMaxJ = 62;

        private static readonly double[] s_factorial = BuildFactorials(FastMaxJ + 1);
        private static readonly long[][] s_binomial = BuildBinomials(FastMaxJ);
        private static readonly ConcurrentDictionary<(int, int, int), Lazy<IReadOnlyList<GauntEntry>>> s_tables =
            new ConcurrentDictionary<(int, int, int), Lazy<IReadOnlyList<GauntEntry>>>();
        private static readonly object s_bigFactorialLock = new object();
        private static BigInteger[] s_bigFactorial = { BigInteger.One };

        /// <summary>
        /// G(l1 m1, l2 m2, l3 m3) = ∫ Y_{l1 m1} Y_{l2 m2} Y_{l3 m3} dΩ for real orthonormal spherical harmonics without the
        /// Condon–Shortley phase. Exactly 0.0 whenever the coefficient is mathematically zero; otherwise accurate to a few
        /// units in the last place (absolute error below 1e-15 for degrees up to 32).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">A degree is negative or above <see cref="MaxDegree"/>, or |m| &gt; l.</exception>
        public static double Value(int l1, int m1, int l2, int m2, int l3, int m3)
        {
            CheckDegreeAndOrder(l1, m1, nameof(l1), nameof(m1));
            CheckDegreeAndOrder(l2, m2, nameof(l2), nameof(m2));
            CheckDegreeAndOrder(l3, m3, nameof(l3), nameof(m3));
            if (((l1 + l2 + l3) & 1) != 0 || l3 > l1 + l2 || l3 < Math.Abs(l1 - l2)) return 0.0;
            int negatives = (m1 < 0 ? 1 : 0) + (m2 < 0 ? 1 : 0) + (m3 < 0 ? 1 : 0);
            if ((negatives & 1) != 0) return 0.0;
            int a = Math.Abs(m1), b = Math.Abs(m2), c = Math.Abs(m3);
            if (2 * Math.Max(a, Math.Max(b, c)) != a + b + c) return 0.0;
            double reduced = Reduced(l1, a, l2, b, l3, c);
            return PhiSign(m1, m2, m3) < 0 ? -reduced : reduced;
        }

        /// <summary>
        /// Every nonzero coefficient with l1 ≤ <paramref name="maxL1"/>, l2 ≤ <paramref name="maxL2"/> and
        /// l3 ≤ <paramref name="maxL3"/>, in canonical order: ascending (l1, l2, l3, m1, m2, m3), so each degree triple
        /// (a coupling path) is one contiguous block, ordered within by (I1, I2, I3); the order of real_gaunt.csv.
        /// No entry is zero; each value equals <see cref="Value"/> bit for bit.
        /// </summary>
        /// <remarks>
        /// Tables are built once per (maxL1, maxL2, min(maxL3, maxL1 + maxL2)) and cached for the life of the process;
        /// concurrent callers share one build and get the same read-only instance. (16, 16, 32) has about 1.1 million
        /// entries and builds in a few tens of milliseconds.
        /// </remarks>
        /// <exception cref="ArgumentOutOfRangeException">A bound is negative or above <see cref="MaxDegree"/>.</exception>
        public static IReadOnlyList<GauntEntry> Table(int maxL1, int maxL2, int maxL3)
        {
            CheckBound(maxL1, nameof(maxL1));
            CheckBound(maxL2, nameof(maxL2));
            CheckBound(maxL3, nameof(maxL3));
            var key = (maxL1, maxL2, Math.Min(maxL3, maxL1 + maxL2));
            return s_tables.GetOrAdd(
                key,
                k => new Lazy<IReadOnlyList<GauntEntry>>(
                    () => Build(k.Item1, k.Item2, k.Item3), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        internal static void CheckDegreeAndOrder(int l, int m, string lName, string mName)
        {
            if (l < 0 || l > MaxDegree)
                throw new ArgumentOutOfRangeException(lName, l, $"A degree must lie in 0..{MaxDegree}.");
            if (m < -l || m > l)
                throw new ArgumentOutOfRangeException(mName, m, $"An order must lie in -{l}..{l} for degree {l}.");
        }

        private static void CheckBound(int maxL, string name)
        {
            if (maxL < 0 || maxL > MaxDegree)
                throw new ArgumentOutOfRangeException(name, maxL, $"A degree bound must lie in 0..{MaxDegree}.");
        }

        /// <summary>
        /// Sign of the φ integral for orders that pass the selection rules: −1 exactly when all three are nonzero, two are
        /// negative (sines) and the positive one (the cosine) has the largest |m|; ∫cos(aφ)sin(bφ)sin(cφ)dφ = −π/2 for a = b + c.
        /// </summary>
        private static int PhiSign(int m1, int m2, int m3)
        {
            if (m1 == 0 || m2 == 0 || m3 == 0) return 1;
            if (m1 > 0 && m2 > 0 && m3 > 0) return 1;
            int cosine = m1 > 0 ? m1 : m2 > 0 ? m2 : m3;
            int largest = Math.Max(Math.Abs(m1), Math.Max(Math.Abs(m2), Math.Abs(m3)));
            return cosine == largest ? -1 : 1;
        }

        /// <summary>
        /// G for the cosine (non-negative) orders a, b, c (largest = sum of the other two), i.e. the coefficient with
        /// m = (a, b, c) when no order is negative. The three (degree, order) pairs are put in a canonical order first, so
        /// any permutation of the arguments gives the same bits.
        /// </summary>
        private static double Reduced(int l1, int a, int l2, int b, int l3, int c)
        {
            // Sort the pairs by (order, degree); the last has the largest order r = p + q.
            int lp = l1, p = a, lq = l2, q = b, lr = l3, r = c;
            if (Greater(lp, p, lq, q)) { Swap(ref lp, ref lq); Swap(ref p, ref q); }
            if (Greater(lq, q, lr, r)) { Swap(ref lq, ref lr); Swap(ref q, ref r); }
            if (Greater(lp, p, lq, q)) { Swap(ref lp, ref lq); Swap(ref p, ref q); }
            bool halve = p > 0; // then all three orders are nonzero and the φ integral carries 1/√2
            int j = lp + lq + lr, g = j / 2;
            bool negative = ((lr + g) & 1) != 0;
            double magnitude;
            if (j <= FastMaxJ)
            {
                long sum = RacahSum(lp, p, lq, q, lr);
                if (sum == 0) return 0.0;
                if (sum < 0) { negative = !negative; sum = -sum; }
                double[] f = s_factorial;
                double radicand = f[lp + p] * f[lp - p] * f[lq + q] * f[lq - q] * f[lr + r] * f[lr - r]
                    * ((2 * lp + 1) * (2 * lq + 1) * (2 * lr + 1)) / (4 * Math.PI);
                if (halve) radicand *= 0.5;
                double multinomial = s_binomial[g][g - lp] * s_binomial[lp][g - lq];
                magnitude = Math.Sqrt(radicand) * (multinomial * sum) / f[j + 1];
            }
            else
            {
                BigInteger sum = BigRacahSum(lp, p, lq, q, lr);
                if (sum.IsZero) return 0.0;
                if (sum.Sign < 0) { negative = !negative; sum = -sum; }
                BigInteger multinomial = BigFactorial(g) /
                    (BigFactorial(g - lp) * BigFactorial(g - lq) * BigFactorial(g - lr));
                BigInteger scaled = multinomial * sum;
                BigInteger numerator = BigFactorial(lp + p) * BigFactorial(lp - p) * BigFactorial(lq + q) * BigFactorial(lq - q)
                    * BigFactorial(lr + r) * BigFactorial(lr - r) * ((2L * lp + 1) * (2L * lq + 1) * (2L * lr + 1))
                    * scaled * scaled;
                BigInteger denominator = BigFactorial(j + 1);
                denominator *= denominator;
                if (halve) denominator *= 2;
                magnitude = Math.Sqrt(RatioToDouble(numerator, denominator) / (4 * Math.PI));
            }
            return negative ? -magnitude : magnitude;
        }

        private static bool Greater(int l1, int m1, int l2, int m2) => m1 > m2 || (m1 == m2 && l1 > l2);

        private static void Swap(ref int x, ref int y) { int t = x; x = y; y = t; }

        /// <summary>
        /// B = Σ_k (−1)^k C(l_p+l_q−l_r, k)·C(l_p−l_q+l_r, l_p−p−k)·C(−l_p+l_q+l_r, l_q+q−k), the Racah sum of
        /// (l_p l_q l_r; p q −p−q) in binomial form. Requires l_p + l_q + l_r ≤ 62: a term is at most
        /// 2^(sum of the three upper arguments) = 2^J, and so is the sum of their magnitudes.
        /// </summary>
        private static long RacahSum(int lp, int p, int lq, int q, int lr)
        {
            int n1 = lp + lq - lr, n2 = lp - lq + lr, n3 = -lp + lq + lr;
            int x = lp - p, y = lq + q;
            int kMin = Math.Max(0, Math.Max(x - n2, y - n3));
            int kMax = Math.Min(n1, Math.Min(x, y));
            long[][] c = s_binomial;
            long sum = 0;
            for (int k = kMin; k <= kMax; k++)
            {
                long term = c[n1][k] * c[n2][x - k] * c[n3][y - k];
                sum += (k & 1) == 0 ? term : -term;
            }
            return sum;
        }

        /// <summary>The same sum as <see cref="RacahSum"/> with arbitrary precision, each term from the previous by its exact ratio.</summary>
        private static BigInteger BigRacahSum(int lp, int p, int lq, int q, int lr)
        {
            int n1 = lp + lq - lr, n2 = lp - lq + lr, n3 = -lp + lq + lr;
            int x = lp - p, y = lq + q;
            int kMin = Math.Max(0, Math.Max(x - n2, y - n3));
            int kMax = Math.Min(n1, Math.Min(x, y));
            if (kMin > kMax) return BigInteger.Zero;
            BigInteger term = BigBinomial(n1, kMin) * BigBinomial(n2, x - kMin) * BigBinomial(n3, y - kMin);
            BigInteger sum = BigInteger.Zero;
            for (int k = kMin; ; k++)
            {
                sum += (k & 1) == 0 ? term : -term;
                if (k == kMax) break;
                // C(n1,k+1)/C(n1,k) = (n1−k)/(k+1); C(n2,x−k−1)/C(n2,x−k) = (x−k)/(n2−x+k+1); likewise for n3, y.
                BigInteger up = new BigInteger((long)(n1 - k) * (x - k)) * (y - k);
                BigInteger down = new BigInteger((long)(k + 1) * (n2 - x + k + 1)) * (n3 - y + k + 1);
                term = term * up / down; // exact: the result is the next (integer) term
            }
            return sum;
        }

        private static BigInteger BigBinomial(int n, int k) => BigFactorial(n) / (BigFactorial(k) * BigFactorial(n - k));

        private static BigInteger BigFactorial(int n)
        {
            BigInteger[] table = Volatile.Read(ref s_bigFactorial);
            if (n < table.Length) return table[n];
            lock (s_bigFactorialLock)
            {
                table = s_bigFactorial;
                if (n >= table.Length)
                {
                    var grown = new BigInteger[Math.Max(n + 1, table.Length + 64)];
                    Array.Copy(table, grown, table.Length);
                    for (int i = table.Length; i < grown.Length; i++) grown[i] = grown[i - 1] * i;
                    Volatile.Write(ref s_bigFactorial, grown);
                    table = grown;
                }
                return table[n];
            }
        }

        /// <summary>num/den for positive integers of any size, to within about one unit in the last place.</summary>
        private static double RatioToDouble(BigInteger numerator, BigInteger denominator)
        {
            // Keep about 64–80 significant bits in the integer quotient (byte lengths estimate the bit lengths to ±8).
            int shift = 8 * (numerator.ToByteArray().Length - denominator.ToByteArray().Length) - 72;
            BigInteger quotient = shift >= 0 ? numerator / (denominator << shift) : (numerator << -shift) / denominator;
            return (double)quotient * Math.Pow(2, shift);
        }

        private static IReadOnlyList<GauntEntry> Build(int maxL1, int maxL2, int maxL3)
        {
            var entries = new List<GauntEntry>();
            for (int l1 = 0; l1 <= maxL1; l1++)
            {
                for (int l2 = 0; l2 <= maxL2; l2++)
                {
                    int stride = l2 + 1;
                    // Reduced values (non-negative orders) per (a, b) for c = a + b and for c = |a − b|; NaN: not allowed.
                    var sumType = new double[(l1 + 1) * stride];
                    var differenceType = new double[(l1 + 1) * stride];
                    for (int l3 = Math.Abs(l1 - l2); l3 <= Math.Min(l1 + l2, maxL3); l3 += 2)
                    {
                        for (int a = 0; a <= l1; a++)
                        {
                            for (int b = 0; b <= l2; b++)
                            {
                                int d = Math.Abs(a - b);
                                sumType[a * stride + b] = a + b <= l3 ? Reduced(l1, a, l2, b, l3, a + b) : double.NaN;
                                differenceType[a * stride + b] = a > 0 && b > 0 && d <= l3 ? Reduced(l1, a, l2, b, l3, d) : double.NaN;
                            }
                        }
                        for (int m1 = -l1; m1 <= l1; m1++)
                        {
                            for (int m2 = -l2; m2 <= l2; m2++)
                            {
                                int a = Math.Abs(m1), b = Math.Abs(m2), at = a * stride + b;
                                int cs = a + b, cd = Math.Abs(a - b);
                                if ((m1 < 0) != (m2 < 0))
                                {
                                    // One sine so far: m3 ∈ {−(a+b), −|a−b|}, ascending; m3 = 0 would leave one sine.
                                    Add(entries, l1, m1, l2, m2, l3, -cs, sumType[at]);
                                    if (cd > 0) Add(entries, l1, m1, l2, m2, l3, -cd, differenceType[at]);
                                }
                                else
                                {
                                    Add(entries, l1, m1, l2, m2, l3, cd, differenceType[at]);
                                    Add(entries, l1, m1, l2, m2, l3, cs, sumType[at]);
                                }
                            }
                        }
                    }
                }
            }
            return new ReadOnlyCollection<GauntEntry>(entries.ToArray());
        }

        private static void Add(List<GauntEntry> entries, int l1, int m1, int l2, int m2, int l3, int m3, double reduced)
        {
            // NaN: not allowed (order above the degree, or no separate difference term); 0: an exact zero.
            if (double.IsNaN(reduced) || reduced == 0.0) return;
            double value = PhiSign(m1, m2, m3) < 0 ? -reduced : reduced;
            entries.Add(new GauntEntry(l1, m1, l2, m2, l3, m3, value));
        }

        private static double[] BuildFactorials(int max)
        {
            var result = new double[max + 1];
            BigInteger exact = BigInteger.One;
            result[0] = 1.0;
            for (int n = 1; n <= max; n++)
            {
                exact *= n;
                result[n] = (double)exact;
            }
            return result;
        }

        private static long[][] BuildBinomials(int max)
        {
            var rows = new long[max + 1][];
            for (int n = 0; n <= max; n++)
            {
                rows[n] = new long[n + 1];
                rows[n][0] = rows[n][n] = 1;
                for (int k = 1; k < n; k++) rows[n][k] = rows[n - 1][k - 1] + rows[n - 1][k];
            }
            return rows;
        }
    }
}
