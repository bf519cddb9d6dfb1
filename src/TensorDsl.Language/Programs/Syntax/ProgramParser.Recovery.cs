using System.Collections.Generic;

namespace TensorDsl.Language.Programs.Syntax
{
    /// <summary>
    /// Error recovery: after a syntax error the parser resynchronizes where the error cannot matter any more, so that one
    /// parse reports every independent error and none that only follows from another.
    /// <list type="bullet">
    /// <item>inside <c>( … )</c> or <c>[ … ]</c>: after the matching closing bracket (<see cref="Grouped{T}"/>, <see cref="SkipPast"/>);</item>
    /// <item>in a <c>where</c> clause: at the next constraint, after <c>,</c> (<see cref="ParseConstraintInto"/>);</item>
    /// <item>otherwise at the next statement (<see cref="SkipBrokenStatement"/>). A line cut short (a bracket left open,
    /// an operator without its operand) is usually continued on the next line; the lines after it that cannot start a
    /// statement are taken as its rest rather than reported as statements of their own.</item>
    /// </list>
    /// A statement with an error is left out of the program and listed as broken, with the names it may define, so that
    /// the binder does not report reading them as new errors.
    /// </summary>
    public sealed partial class ProgramParser
    {
        /// <summary>
        /// Parses what follows an opening bracket, then its closing <paramref name="close"/>. After a syntax error in
        /// between, the error is recorded and parsing resumes after the matching closing bracket, so that the rest of the
        /// statement is still checked; the result is then null. <paramref name="closer"/> is the closing bracket.
        /// </summary>
        private T? Grouped<T>(System.Func<T> inside, string close, string why, out Token closer) where T : class
        {
            try
            {
                var result = inside();
                closer = Expect(close, why);
                return result;
            }
            catch (SyntaxError error)
            {
                Record(error);
                closer = SkipPast(close);
                return null;
            }
        }

        /// <summary>
        /// Skips to the <paramref name="close"/> that matches the innermost opening bracket (brackets opened on the way
        /// are skipped whole, a stray closing bracket of the other kind too) and consumes it. A statement does not go on
        /// past its line, so when the line has no such bracket none will come: the statement is abandoned rather than
        /// reporting the missing bracket again at every enclosing one, or guessing which bracket was mistyped.
        /// </summary>
        private Token SkipPast(string close)
        {
            int depth = 0;
            while (true)
            {
                var t = Current;
                if (t.Kind == TokenKind.Separator || t.Kind == TokenKind.End) throw new StatementAbandoned();
                _pos++;
                if (t.Is("(") || t.Is("[")) depth++;
                else if (t.Is(")") || t.Is("]"))
                {
                    if (depth > 0) depth--;
                    else if (t.Text == close) return t;
                }
            }
        }

        // A constraint is a resynchronization point: after an error the next one (after ',') is still checked.
        private void ParseConstraintInto(List<ConstraintSyntax> constraints)
        {
            try
            {
                constraints.Add(ParseConstraint());
            }
            catch (SyntaxError error)
            {
                Record(error);
                // The offending token goes with the broken constraint, even a ',' ('i - , < j' is one error, not two).
                if (Current.Kind != TokenKind.Separator && Current.Kind != TokenKind.End) _pos++;
                while (!Current.Is(",") && Current.Kind != TokenKind.Separator && Current.Kind != TokenKind.End) _pos++;
            }
        }

        /// <summary>
        /// Skips the rest of a statement that had an error (its errors are those from <paramref name="errors"/> on) and
        /// lists it as broken. When it was cut short by a line break, the following lines that cannot start a statement
        /// are skipped with it: they are its continuation, and parsing them as statements would report follow-on errors.
        /// </summary>
        private void SkipBrokenStatement(int first, int errors, bool abandoned)
        {
            SkipLine();
            if (abandoned || ErrorAtLineEnd(errors))
            {
                while (Current.Kind == TokenKind.Separator && Current.Text == "\n")
                {
                    int next = _pos;
                    while (_tokens[next].Kind == TokenKind.Separator) next++;
                    if (_tokens[next].Kind == TokenKind.End || StartsStatement(next)) break;
                    _pos = next;
                    SkipLine();
                }
            }
            int last = _pos - 1;
            while (last > first && _tokens[last].Kind == TokenKind.Separator) last--;
            _broken.Add(new BrokenStatementSyntax(TargetsOf(first, _pos), _tokens[first].Start, _tokens[last].End - _tokens[first].Start));
        }

        /// <summary>
        /// True when the line starting at token <paramref name="first"/> can only be the rest of the line before: it
        /// follows a line break and starts with an operator, a ',', a closing bracket or 'where' (a statement starts with
        /// a name).
        /// </summary>
        private bool ContinuesPreviousLine(int first)
        {
            var t = _tokens[first];
            bool continuation = t.Is("+") || t.Is("-") || t.Is("*") || t.Is("/") || t.Is(",") || t.Is(")") || t.Is("]")
                || t.Kind == TokenKind.Identifier && t.Text == "where";
            if (!continuation) return false;
            for (int b = first - 1; b >= 0 && _tokens[b].Kind == TokenKind.Separator; b--)
            {
                if (_tokens[b].Text == "\n") return true;
            }
            return false;
        }

        private void SkipLine()
        {
            while (Current.Kind != TokenKind.Separator && Current.Kind != TokenKind.End) _pos++;
        }

        // True when an error of the statement is at its last token or at the line break after it: the line was cut short.
        private bool ErrorAtLineEnd(int errors)
        {
            if (_pos == 0 || Current.Kind == TokenKind.End) return false;
            int lastStart = _tokens[_pos - 1].Start;
            for (int d = errors; d < _diagnostics.Count; d++)
            {
                if (_diagnostics[d].Start >= lastStart) return true;
            }
            return false;
        }

        /// <summary>
        /// The names a broken statement (tokens <paramref name="from"/> to <paramref name="to"/>) may have been meant to
        /// define: its first token if it is a name, and every name followed by <c>=</c> or by <c>[…] =</c> (two statements
        /// run together when a line break was lost). Empty when it has none: it could then have defined any name.
        /// </summary>
        private EquatableArray<string> TargetsOf(int from, int to)
        {
            var names = new List<string>();
            for (int t = from; t < to; t++)
            {
                var token = _tokens[t];
                if (token.Kind == TokenKind.Identifier && (t == from || StartsStatement(t)) && !names.Contains(token.Text)) names.Add(token.Text);
            }
            return new EquatableArray<string>(names.ToArray());
        }

        // Token 'at' begins 'name =' or 'name[…] =' on its line: the head of a statement.
        private bool StartsStatement(int at)
        {
            if (_tokens[at].Kind != TokenKind.Identifier) return false;
            int n = at + 1;
            if (_tokens[n].Is("["))
            {
                while (!_tokens[n].Is("]") && _tokens[n].Kind != TokenKind.Separator && _tokens[n].Kind != TokenKind.End) n++;
                if (!_tokens[n].Is("]")) return false;
                n++;
            }
            return _tokens[n].Is("=");
        }

        private void Record(SyntaxError error)
            => _diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.ProgramSyntax, error.Start, error.Length, error.Message));

        /// <summary>Unwinds to the statement loop after an error was recorded and no resynchronization point is left in the statement.</summary>
        private sealed class StatementAbandoned : System.Exception
        {
        }
    }
}
