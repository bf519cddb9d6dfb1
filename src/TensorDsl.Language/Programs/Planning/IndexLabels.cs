using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Language.Programs.Planning
{
    /// <summary>
    /// One-letter einsum labels for a program's indices, so that a contraction of them can be planned as an einsum spec:
    /// an index keeps its own name where that is a single free letter; the others get the next unused letters.
    /// </summary>
    internal static class IndexLabels
    {
        /// <summary>The letters a label can be, in the order they are handed out.</summary>
        public const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

        /// <summary>A label per index of <paramref name="indices"/>, or null when they are more than the alphabet has.</summary>
        public static Dictionary<string, char>? Assign(IEnumerable<string> indices)
        {
            var all = indices.Distinct().ToList();
            if (all.Count > Alphabet.Length) return null;
            var labels = new Dictionary<string, char>();
            foreach (var index in all.Where(i => i.Length == 1 && Alphabet.IndexOf(i[0]) >= 0)) labels[index] = index[0];
            var free = new Queue<char>(Alphabet.Where(c => !labels.ContainsValue(c)));
            foreach (var index in all.Where(i => !labels.ContainsKey(i))) labels[index] = free.Dequeue();
            return labels;
        }
    }
}
