namespace TensorDsl.Language.Programs.Syntax
{
    /// <summary>Token kinds of the program language.</summary>
    internal enum TokenKind
    {
        Identifier,
        Number,
        /// <summary>A one- or two-character symbol: <c>( ) [ ] , + - * / = &lt; &lt;= &gt; &gt;=</c>.</summary>
        Symbol,
        /// <summary>A statement separator: a newline or <c>;</c>.</summary>
        Separator,
        End,
        /// <summary>A character the language does not use.</summary>
        Bad,
    }

    /// <summary>One token with its span in the program text.</summary>
    internal readonly struct Token
    {
        public Token(TokenKind kind, string text, int start)
        {
            Kind = kind;
            Text = text;
            Start = start;
        }

        public TokenKind Kind { get; }
        public string Text { get; }
        public int Start { get; }
        public int Length => Text.Length;
        public int End => Start + Text.Length;

        public bool Is(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

        public override string ToString() => Kind == TokenKind.End ? "the end of the program" : Kind == TokenKind.Separator ? "the end of the statement" : $"'{Display(Text)}'";

        /// <summary>Text as it can appear in a one-line message (control characters and line breaks escaped).</summary>
        public static string Display(string text)
        {
            var sb = new System.Text.StringBuilder();
            foreach (char c in text) sb.Append(Einsum.EinsumParser.Display(c));
            return sb.ToString();
        }
    }
}
