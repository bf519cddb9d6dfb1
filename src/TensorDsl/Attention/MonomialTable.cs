using System;
using System.Collections.Concurrent;

namespace TensorDsl.Attention
{
    /// <summary>
    /// The monomials x^α of total degree |α| ≤ g in d variables, in graded order (degree 0, then 1, …), each stored as
    /// its parent and one variable: x^α = x^parent · x_variable. Evaluating the table at a point is then one
    /// multiplication per monomial, and a block of points is one vector product per monomial.
    /// </summary>
    /// <remarks>
    /// Generation: the monomials of degree t are the monomials β of degree t − 1 times x_l for every l at or after the
    /// last variable of β (the largest l with β_l &gt; 0; 0 for the constant). Every α ≠ 0 arises exactly once — from
    /// β = α − e_l with l its last variable — so the table has no duplicates and C(d + g, g) entries.
    /// Built once per (d, g) and cached for the life of the process.
    /// </remarks>
    internal sealed class MonomialTable
    {
        private static readonly ConcurrentDictionary<(int Dimension, int Degree), MonomialTable> s_cache = new();

        /// <summary>Parent monomial of each entry (−1 for the constant, entry 0).</summary>
        private readonly int[] _parent;

        /// <summary>The variable that multiplies the parent (−1 for the constant); also the entry's last variable.</summary>
        private readonly int[] _variable;

        /// <summary>Total degree |α| of each entry.</summary>
        private readonly int[] _degree;

        /// <summary>1/α! = 1/∏ α_l! of each entry.</summary>
        private readonly double[] _inverseFactorial;

        private MonomialTable(int dimension, int degree, int count)
        {
            Dimension = dimension;
            Degree = degree;
            Count = count;
            _parent = new int[count];
            _variable = new int[count];
            _degree = new int[count];
            _inverseFactorial = new double[count];
            // For each entry, the exponent of its last variable (so α_l of the child x_l·x^β is known in O(1)).
            var lastExponent = new int[count];

            _parent[0] = -1;
            _variable[0] = -1;
            _inverseFactorial[0] = 1;
            int next = 1, levelStart = 0, levelEnd = 1;
            for (int t = 1; t <= degree && levelStart < levelEnd && dimension > 0; t++)
            {
                for (int beta = levelStart; beta < levelEnd; beta++)
                {
                    int first = Math.Max(_variable[beta], 0);
                    for (int l = first; l < dimension; l++)
                    {
                        int exponent = l == _variable[beta] ? lastExponent[beta] + 1 : 1;
                        _parent[next] = beta;
                        _variable[next] = l;
                        _degree[next] = t;
                        lastExponent[next] = exponent;
                        _inverseFactorial[next] = _inverseFactorial[beta] / exponent;
                        next++;
                    }
                }
                levelStart = levelEnd;
                levelEnd = next;
            }
            if (next != count)
            {
                throw new InvalidOperationException($"Monomial table for d = {dimension}, g = {degree} has {next} entries, expected {count}.");
            }
        }

        /// <summary>Number of variables d.</summary>
        public int Dimension { get; }

        /// <summary>Largest total degree g.</summary>
        public int Degree { get; }

        /// <summary>Number of monomials, C(d + g, g).</summary>
        public int Count { get; }

        /// <summary>Parent of each monomial (−1 for the constant).</summary>
        public ReadOnlySpan<int> Parent => _parent;

        /// <summary>The variable that multiplies the parent (−1 for the constant).</summary>
        public ReadOnlySpan<int> Variable => _variable;

        /// <summary>Total degree of each monomial.</summary>
        public ReadOnlySpan<int> TotalDegree => _degree;

        /// <summary>1/α! of each monomial (the multinomial coefficient |α|!/α! divided by |α|!).</summary>
        public ReadOnlySpan<double> InverseFactorial => _inverseFactorial;

        /// <summary>The table for <paramref name="dimension"/> variables and degree ≤ <paramref name="degree"/>, built on first use.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A negative argument, or more than <see cref="int.MaxValue"/> monomials.</exception>
        public static MonomialTable Get(int dimension, int degree)
        {
            int count = PolynomialTensorAttention.FeatureCount(dimension, degree);
            return s_cache.GetOrAdd((dimension, degree), static (key, count) => new MonomialTable(key.Dimension, key.Degree, count), count);
        }

        /// <summary>Writes the exponent vector α of monomial <paramref name="index"/> into <paramref name="exponents"/> (length d).</summary>
        public void GetExponents(int index, Span<int> exponents)
        {
            if (exponents.Length != Dimension)
            {
                throw new ArgumentException($"Expected {Dimension} exponents, got a span of {exponents.Length}.", nameof(exponents));
            }
            exponents.Clear();
            for (int e = index; e > 0; e = _parent[e])
            {
                exponents[_variable[e]]++;
            }
        }
    }
}
