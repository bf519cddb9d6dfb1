using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace TensorDsl.Docs.Tests
{
    /// <summary>
    /// A diagnostic an example announces in a comment, the convention of the diagnostics pages:
    /// <c>// TDSL0013 on 'bias': message</c> — that ID, on that text (optional; <c>on the first 'x'</c> and double quotes also
    /// work; other words after the ID are prose), with a message that contains the announced text (optional; a "…" ends
    /// the part that is compared). Compiler errors may be announced the same way (<c>// CS0029</c>).
    /// </summary>
    /// <param name="Id">The diagnostic ID.</param>
    /// <param name="Text">The text its location must cover, or null.</param>
    /// <param name="MessagePart">Text its message contains, or null.</param>
    /// <param name="Comment">The whole comment, for failure messages.</param>
    public sealed record AnnouncedDiagnostic(string Id, string? Text, string? MessagePart, string Comment)
    {
        private static readonly Regex s_announced = new Regex(@"//[ \t]*(?<id>(?:TDSL|CS)\d{4})(?<where>[^:\n]*)(?::[ \t]*(?<message>[^\n]+))?$", RegexOptions.Multiline);
        private static readonly Regex s_quoted = new Regex(@"^\s*on (?:the first )?(?:'(?<text>[^']+)'|""(?<text>[^""]+)"")");

        /// <summary>Every announcement in <paramref name="code"/>.</summary>
        public static IReadOnlyList<AnnouncedDiagnostic> In(string code) =>
            s_announced.Matches(code).Select(m =>
            {
                var quoted = s_quoted.Match(m.Groups["where"].Value);
                string? message = m.Groups["message"].Success ? m.Groups["message"].Value.Trim().TrimEnd('…').TrimEnd() : null;
                // A message quoted in the comment may be shortened with "…"; compare what precedes it.
                if (message is not null && message.Contains('…')) message = message.Substring(0, message.IndexOf('…')).TrimEnd();
                if (message is not null && message.StartsWith('"') ) message = message.Trim('"');
                return new AnnouncedDiagnostic(m.Groups["id"].Value, quoted.Success ? quoted.Groups["text"].Value : null,
                    string.IsNullOrEmpty(message) ? null : message, m.Value.Trim());
            }).ToList();
    }
}
