using System.Linq;
using Microsoft.CodeAnalysis;

namespace TensorDsl.Analyzers.CallSites.Shapes
{
    /// <summary>
    /// A tensor shape known at compile time: its rank, and each length or <see cref="Unknown"/> for an axis whose length
    /// is not a constant (the rank is still known). <see cref="Origin"/> says where the shape was established, for messages.
    /// </summary>
    internal sealed class KnownShape
    {
        /// <summary>The length of an axis that is not a compile-time constant.</summary>
        public const long Unknown = -1;

        /// <summary>Creates a shape.</summary>
        public KnownShape(long[] lengths, string origin)
        {
            Lengths = lengths;
            Origin = origin;
        }

        /// <summary>Axis lengths; <see cref="Unknown"/> where not constant.</summary>
        public long[] Lengths { get; }

        /// <summary>Where the shape comes from: <c>line 12: new TensorSpan&lt;float&gt;(c, [3, 5])</c>.</summary>
        public string Origin { get; }

        /// <summary>Number of axes.</summary>
        public int Rank => Lengths.Length;

        /// <summary>True when both have the same rank and the same (known or unknown) lengths.</summary>
        public bool SameLengths(KnownShape other) => Lengths.SequenceEqual(other.Lengths);

        /// <summary>The shape as written in messages: <c>[3, 4]</c>, <c>?</c> for an unknown length.</summary>
        public string Display => "[" + string.Join(", ", Lengths.Select(n => n == Unknown ? "?" : n.ToString())) + "]";

        /// <summary>The same lengths with another origin.</summary>
        public KnownShape WithOrigin(string origin) => new KnownShape(Lengths, origin);

        /// <summary>The origin text for a shape established by <paramref name="syntax"/>: its line and (shortened) text.</summary>
        public static string OriginOf(SyntaxNode syntax)
        {
            int line = syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            return $"line {line}: {Shorten(syntax.ToString())}";
        }

        /// <summary>One line of at most 80 characters.</summary>
        public static string Shorten(string text)
        {
            string flat = string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
            return flat.Length <= 80 ? flat : flat.Substring(0, 79) + "…";
        }
    }
}
