using System.Collections.Generic;

namespace TensorDsl.Language.Programs.Syntax
{
    /// <summary>
    /// Splits program text into tokens. Whitespace other than newlines is skipped; <c>//</c> starts a comment that runs to
    /// the end of the line; a newline or <c>;</c> separates statements (several in a row count as one). A
    /// line break is any of C#'s: <c>\n</c>, <c>\r\n</c>, a lone <c>\r</c>, U+0085, U+2028, U+2029. A statement does not
    /// continue on the next line, so an unclosed bracket is reported where its line ends.
    /// </summary>
    internal static class ProgramLexer
    {
        public static List<Token> Lex(string text)
        {
            var tokens = new List<Token>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                bool lineBreak = c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++; // "\r\n" is one line break: the '\n' separates
                }
                else if (lineBreak || c == ';')
                {
                    tokens.Add(new Token(TokenKind.Separator, c == ';' ? ";" : "\n", i));
                    i++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    while (i < text.Length && text[i] != '\n') i++;
                }
                else if (IsIdentifierStart(c))
                {
                    int start = i;
                    while (i < text.Length && IsIdentifierPart(text[i])) i++;
                    tokens.Add(new Token(TokenKind.Identifier, text.Substring(start, i - start), start));
                }
                else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
                {
                    int start = i;
                    while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
                    if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
                    {
                        int save = i;
                        i++;
                        if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
                        if (i < text.Length && char.IsDigit(text[i]))
                        {
                            while (i < text.Length && char.IsDigit(text[i])) i++;
                        }
                        else
                        {
                            i = save; // not an exponent: 'e' starts the next token
                        }
                    }
                    tokens.Add(new Token(TokenKind.Number, text.Substring(start, i - start), start));
                }
                else if ((c == '<' || c == '>') && i + 1 < text.Length && text[i + 1] == '=')
                {
                    tokens.Add(new Token(TokenKind.Symbol, text.Substring(i, 2), i));
                    i += 2;
                }
                else if ("()[],+-*/=<>".IndexOf(c) >= 0)
                {
                    tokens.Add(new Token(TokenKind.Symbol, c.ToString(), i));
                    i++;
                }
                else
                {
                    tokens.Add(new Token(TokenKind.Bad, c.ToString(), i));
                    i++;
                }
            }
            tokens.Add(new Token(TokenKind.End, "", text.Length));
            return tokens;
        }

        private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

        private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);
    }
}
