using System;
using System.Collections.Generic;

namespace TensorDsl.Language
{
    /// <summary>
    /// "Did you mean …?" for a misspelled name: the known name nearest in edit distance, when it is near enough to be a
    /// likely typo rather than another name.
    /// </summary>
    public static class NameSuggestions
    {
        /// <summary>
        /// The candidate nearest to <paramref name="name"/>, or null when none is near enough. A candidate that differs
        /// only in case (<c>Q</c> for <c>q</c>) wins; otherwise the smallest <see cref="Distance"/> within
        /// <see cref="MaxDistance"/> of the name's length. Ties go to the earlier candidate, so callers list the
        /// candidates that fit the context first. A candidate equal to the name is never suggested.
        /// </summary>
        public static string? Nearest(string name, IEnumerable<string> candidates)
        {
            if (string.IsNullOrEmpty(name)) return null;
            string? best = null;
            int bestDistance = int.MaxValue;
            int limit = MaxDistance(name.Length);
            foreach (var candidate in candidates)
            {
                if (string.IsNullOrEmpty(candidate) || string.Equals(candidate, name, StringComparison.Ordinal)) continue;
                if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase)) return candidate;
                int distance = Distance(name, candidate);
                if (distance <= limit && distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return best;
        }

        /// <summary>
        /// The largest edit distance still read as a typo of a name of <paramref name="length"/> characters: 0 for one or
        /// two characters (only a slip of case: <c>x</c> for <c>y</c> is another name, not a typo), 1 for three to five,
        /// 2 from six on.
        /// </summary>
        public static int MaxDistance(int length) => length <= 2 ? 0 : length <= 5 ? 1 : 2;

        /// <summary>
        /// The optimal-string-alignment distance (Damerau–Levenshtein restricted to adjacent transpositions) between
        /// <paramref name="a"/> and <paramref name="b"/>, ignoring case: the number of inserted, deleted, replaced or swapped
        /// adjacent characters. Swaps count once because they are the commonest typo (<c>tnah</c> for <c>tanh</c>).
        /// </summary>
        public static int Distance(string a, string b)
        {
            int n = a.Length, m = b.Length;
            // Three rows suffice: the transposition looks two rows back.
            var before = new int[m + 1];
            var previous = new int[m + 1];
            var current = new int[m + 1];
            for (int j = 0; j <= m; j++) previous[j] = j;
            for (int i = 1; i <= n; i++)
            {
                current[0] = i;
                char ai = char.ToLowerInvariant(a[i - 1]);
                for (int j = 1; j <= m; j++)
                {
                    char bj = char.ToLowerInvariant(b[j - 1]);
                    int cost = ai == bj ? 0 : 1;
                    int d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (i > 1 && j > 1 && ai == char.ToLowerInvariant(b[j - 2]) && char.ToLowerInvariant(a[i - 2]) == bj)
                    {
                        d = Math.Min(d, before[j - 2] + 1);
                    }
                    current[j] = d;
                }
                var recycled = before;
                before = previous;
                previous = current;
                current = recycled;
            }
            return previous[m];
        }
    }
}
