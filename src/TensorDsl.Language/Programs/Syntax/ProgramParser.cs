using System.Collections.Generic;
using System.Globalization;

namespace TensorDsl.Language.Programs.Syntax
{
    /// <summary>
    /// The result of parsing: the statements that parsed (null when none did), every syntax error found, and the
    /// statements left out because of them.
    /// </summary>
    public sealed record ProgramParseResult(ProgramSyntax? Program, EquatableArray<LanguageDiagnostic> Diagnostics, EquatableArray<BrokenStatementSyntax> Broken)
    {
        /// <summary>True when the text parsed without errors.</summary>
        public bool Succeeded => Program is not null && Diagnostics.Count == 0;
    }

    /// <summary>
    /// Recursive-descent parser for <c>[TensorProgram]</c> text (grammar in docs/language.md). A syntax error
    /// is reported as TDSL0012 at the offending token, and the parser resynchronizes so that one error does not hide
    /// the others: inside <c>( … )</c> or <c>[ … ]</c> it resumes after the matching closing bracket, in a <c>where</c>
    /// clause at the next <c>,</c>, and otherwise at the end of the statement (a newline or <c>;</c>). A statement with an
    /// error is left out of the program (and listed in <see cref="ProgramParseResult.Broken"/>), so that the binder
    /// checks only statements that parsed.
    /// </summary>
    /// <remarks>
    /// <code>
    /// program    := statement { separator statement }
    /// statement  := name '[' indices ']' '=' expr [ 'where' constraint { ',' constraint } ]
    /// expr       := term { ('+' | '-') term }
    /// term       := unary { ('*' | '/') unary }
    /// unary      := '-' unary | primary
    /// primary    := number | name | name '[' indices ']' | ('sum' | 'max' | 'softmax') '[' indices ']' '(' expr ')'
    ///             | function '(' expr { ',' expr } ')' | '(' expr ')'
    ///             | name '[' indices ']' '(' expr ')'      (no such reduction: kept for the binder to report, see IndexedCallSyntax)
    ///             | 'gaunt' '[' integer { ',' integer } ']' '(' expr { ',' expr } ')'   (a whole right side: see GauntSyntax)
    /// constraint := affine ( '&lt;' | '&lt;=' | '&gt;' | '&gt;=' ) affine { ( '&lt;' | '&lt;=' | '&gt;' | '&gt;=' ) affine }
    /// affine     := [ '-' ] aterm { ('+' | '-') aterm }      aterm := integer | name | integer '*' name | name '*' integer
    /// </code>
    /// </remarks>
    public sealed partial class ProgramParser
    {
        /// <summary>Names that cannot be tensors or scalars.</summary>
        public static readonly IReadOnlyCollection<string> Keywords = new[] { "sum", "max", "softmax", "where" };

        private readonly List<BrokenStatementSyntax> _broken = new List<BrokenStatementSyntax>();

        private readonly List<Token> _tokens;
        private readonly List<LanguageDiagnostic> _diagnostics = new List<LanguageDiagnostic>();
        private int _pos;

        private ProgramParser(string text) => _tokens = ProgramLexer.Lex(text);

        /// <summary>Parses <paramref name="text"/>.</summary>
        public static ProgramParseResult Parse(string text)
        {
            var parser = new ProgramParser(text ?? "");
            var statements = parser.ParseProgram();
            if (statements.Count == 0 && parser._diagnostics.Count == 0)
            {
                parser._diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.ProgramSyntax, 0, 0, "The program is empty: write at least one statement such as 'o[i] = sum[j](a[i,j])'"));
            }
            return new ProgramParseResult(
                statements.Count == 0 ? null : new ProgramSyntax(new EquatableArray<StatementSyntax>(statements.ToArray())),
                new EquatableArray<LanguageDiagnostic>(parser._diagnostics.ToArray()),
                new EquatableArray<BrokenStatementSyntax>(parser._broken.ToArray()));
        }

        private Token Current => _tokens[_pos];

        private List<StatementSyntax> ParseProgram()
        {
            var statements = new List<StatementSyntax>();
            bool previousParsed = false;
            while (true)
            {
                while (Current.Kind == TokenKind.Separator) _pos++;
                if (Current.Kind == TokenKind.End) break;
                int first = _pos;
                int errors = _diagnostics.Count;
                bool abandoned = false;
                StatementSyntax? statement = null;
                try
                {
                    statement = ParseStatement();
                }
                catch (SyntaxError error)
                {
                    Record(error);
                }
                catch (StatementAbandoned)
                {
                    abandoned = true; // already reported where the statement ran out inside a bracket
                }
                if (statement is not null && _diagnostics.Count == errors)
                {
                    statements.Add(statement);
                    previousParsed = true;
                    continue;
                }
                if (previousParsed && ContinuesPreviousLine(first))
                {
                    // The statement before is probably cut short by this line break: not bound (its errors could follow
                    // from the cut), and what it defines is not reported as unknown.
                    var previous = statements[statements.Count - 1];
                    statements.RemoveAt(statements.Count - 1);
                    _broken.Add(new BrokenStatementSyntax(new EquatableArray<string>(new[] { previous.Target.Name }), previous.Start, previous.Length));
                }
                previousParsed = false;
                SkipBrokenStatement(first, errors, abandoned);
            }
            return statements;
        }

        private StatementSyntax ParseStatement()
        {
            var first = Current;
            if (first.Kind != TokenKind.Identifier) throw Error(first, $"A statement starts with the name of the tensor it defines, as in 'o[i,j] = …'; found {first}");
            var target = ParsePrimary() as TensorRefSyntax
                ?? throw Error(first, $"The left side of a statement is a tensor with its indices, as in '{first.Text}[i,j] = …'");
            if (!Current.Is("=")) throw Error(Current, $"Expected '=' after '{Text(target)}'; found {Current}");
            _pos++;
            var value = ParseExpression();
            var constraints = new List<ConstraintSyntax>();
            if (Current.Kind == TokenKind.Identifier && Current.Text == "where")
            {
                _pos++;
                ParseConstraintInto(constraints);
                while (Current.Is(","))
                {
                    _pos++;
                    ParseConstraintInto(constraints);
                }
            }
            if (Current.Kind != TokenKind.Separator && Current.Kind != TokenKind.End)
            {
                throw Error(Current, $"Unexpected {Current} after the statement's expression; statements are separated by a newline or ';' and a 'where' clause comes last");
            }
            int end = _tokens[_pos - 1].End;
            return new StatementSyntax(target, value, new EquatableArray<ConstraintSyntax>(constraints.ToArray()), first.Start, end - first.Start);
        }

        private string Text(TensorRefSyntax t) => t.Name + "[" + string.Join(",", Names(t.Indices)) + "]";

        private static IEnumerable<string> Names(EquatableArray<IndexSyntax> indices)
        {
            foreach (var i in indices) yield return i.Name;
        }

        // A binary node spans from the first token of its left operand (a '(' included) to the last token of its right one.
        private ExprSyntax ParseExpression()
        {
            int start = Current.Start;
            var left = ParseTerm();
            while (Current.Is("+") || Current.Is("-"))
            {
                char op = Current.Text[0];
                _pos++;
                var right = ParseTerm();
                left = new BinarySyntax(op, left, right, start, _tokens[_pos - 1].End - start);
            }
            return left;
        }

        private ExprSyntax ParseTerm()
        {
            int start = Current.Start;
            var left = ParseUnary();
            while (Current.Is("*") || Current.Is("/"))
            {
                char op = Current.Text[0];
                _pos++;
                var right = ParseUnary();
                left = new BinarySyntax(op, left, right, start, _tokens[_pos - 1].End - start);
            }
            return left;
        }

        /// <summary>Deepest nesting of parentheses, calls, reductions and unary minus: the parser and binder recurse, and a
        /// stack overflow cannot be caught (it would take the compiler or the IDE down).</summary>
        public const int MaxNesting = 200;

        private int _nesting;

        private ExprSyntax ParseUnary()
        {
            if (++_nesting > MaxNesting)
            {
                throw Error(Current, $"The expression is nested more than {MaxNesting} levels deep");
            }
            try
            {
                return ParseUnaryCore();
            }
            finally
            {
                _nesting--;
            }
        }

        private ExprSyntax ParseUnaryCore()
        {
            if (Current.Is("-"))
            {
                var minus = Current;
                _pos++;
                var operand = ParseUnary();
                return new NegateSyntax(operand, minus.Start, operand.Start + operand.Length - minus.Start);
            }
            return ParsePrimary();
        }

        private ExprSyntax ParsePrimary()
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Number:
                    _pos++;
                    if (!double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    {
                        throw Error(token, $"'{token.Text}' is not a number");
                    }
                    return new NumberSyntax(value, token.Start, token.Length);
                case TokenKind.Identifier:
                    return ParseNamed(token);
                case TokenKind.Symbol when token.Is("("):
                {
                    _pos++;
                    var inner = Grouped(ParseExpression, ")", "to close '('", out var close);
                    return inner ?? new ErrorSyntax(token.Start, close.End - token.Start); // the node keeps its own span; parentheses only group
                }
                case TokenKind.Bad:
                    throw Error(token, $"The character '{Token.Display(token.Text)}' is not part of the program language");
                default:
                    throw Error(token, $"Expected a tensor, a scalar, a number, a function or '('; found {token}");
            }
        }

        private ExprSyntax ParseNamed(Token name)
        {
            _pos++;
            bool isReduction = ProgramFunctions.IsReduction(name.Text);
            if (name.Text == ProgramFunctions.Gaunt && Current.Is("[")) return ParseGaunt(name);
            if (Current.Is("["))
            {
                var indices = ParseIndexList(out bool indicesFailed);
                if (isReduction)
                {
                    if (!Current.Is("("))
                    {
                        throw Error(Current, $"'{name.Text}[…]' is a reduction and must be followed by its operand in parentheses, as in '{name.Text}[j](e)'");
                    }
                    // An index list that failed already has its error: it is not also empty.
                    if (indices.Count == 0 && !indicesFailed) throw Error(name, $"'{name.Text}[]' names no index to reduce over");
                    _pos++;
                    var body = Grouped(ParseExpression, ")", $"to close '{name.Text}[…]('", out var close);
                    if (body is null) return new ErrorSyntax(name.Start, close.End - name.Start);
                    var kind = name.Text == "sum" ? ReductionKind.Sum : name.Text == "max" ? ReductionKind.Max : ReductionKind.Softmax;
                    return new ReductionSyntax(kind, indices, body, name.Length, name.Start, close.End - name.Start);
                }
                if (name.Text == "where") throw Error(name, "'where' is a keyword and cannot name a tensor");
                if (Current.Is("("))
                {
                    // 'sofmax[j](e)': shaped like a reduction; the binder says which name was meant.
                    _pos++;
                    var body = Grouped(ParseExpression, ")", $"to close '{name.Text}[…]('", out var close);
                    if (body is null) return new ErrorSyntax(name.Start, close.End - name.Start);
                    return new IndexedCallSyntax(name.Text, indices, body, name.Length, name.Start, close.End - name.Start);
                }
                int end = _tokens[_pos - 1].End;
                return new TensorRefSyntax(name.Text, indices, name.Length, name.Start, end - name.Start);
            }
            if (Current.Is("("))
            {
                if (name.Text == "sum" || name.Text == "softmax")
                {
                    throw Error(name, $"'{name.Text}' needs the indices it runs over in brackets, as in '{name.Text}[j](e)'");
                }
                _pos++;
                var args = Grouped(ParseArguments, ")", $"to close '{name.Text}('", out var close);
                if (args is null) return new ErrorSyntax(name.Start, close.End - name.Start);
                return new CallSyntax(name.Text, new EquatableArray<ExprSyntax>(args.ToArray()), name.Length, name.Start, close.End - name.Start);
            }
            if (isReduction || name.Text == "where")
            {
                throw Error(name, $"'{name.Text}' is a keyword; as a reduction it is written '{name.Text}[j](e)'");
            }
            return new NameSyntax(name.Text, name.Start, name.Length);
        }

        // 'gaunt' '[' integer { ',' integer } ']' '(' expr { ',' expr } ')': the binder checks the counts, so that the message
        // can say what each number and argument is.
        private ExprSyntax ParseGaunt(Token name)
        {
            var open = Current;
            _pos++; // '['
            var degrees = new List<DegreeSyntax>();
            while (true)
            {
                var t = Current;
                if (t.Kind != TokenKind.Number || !long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long degree))
                {
                    throw Error(t, $"Expected a degree (a non-negative integer) inside 'gaunt[…]', as in 'gaunt[2,2,4](x[b,i], y[b,j])'; found {t}");
                }
                degrees.Add(new DegreeSyntax(degree, t.Start, t.Length));
                _pos++;
                if (!NextInList(open, "the degrees")) break;
            }
            if (!Current.Is("(")) throw Error(Current, "'gaunt[L1,L2,LOut]' must be followed by its two operands in parentheses, as in 'gaunt[2,2,4](x[b,i], y[b,j])'");
            _pos++;
            var args = Grouped(ParseArguments, ")", "to close 'gaunt[…]('", out var close);
            if (args is null) return new ErrorSyntax(name.Start, close.End - name.Start);
            return new GauntSyntax(new EquatableArray<DegreeSyntax>(degrees.ToArray()), new EquatableArray<ExprSyntax>(args.ToArray()), name.Length, name.Start, close.End - name.Start);
        }

        private List<ExprSyntax> ParseArguments()
        {
            var args = new List<ExprSyntax> { ParseExpression() };
            while (Current.Is(","))
            {
                _pos++;
                args.Add(ParseExpression());
            }
            return args;
        }

        private EquatableArray<IndexSyntax> ParseIndexList(out bool failed)
        {
            var open = Current;
            _pos++; // '['
            var list = new List<IndexSyntax>();
            failed = false;
            try
            {
                ParseIndices(open, list);
            }
            catch (SyntaxError error)
            {
                // Resume after the matching ']'; the statement is dropped, so the indices read so far are enough.
                Record(error);
                SkipPast("]");
                failed = true;
            }
            return new EquatableArray<IndexSyntax>(list.ToArray());
        }

        private void ParseIndices(Token open, List<IndexSyntax> list)
        {
            if (Current.Is("]"))
            {
                _pos++;
                return;
            }
            while (true)
            {
                var t = Current;
                if (t.Kind != TokenKind.Identifier) throw Error(t, $"Expected an index name inside '[…]'; found {t}");
                if (t.Text == "where" || t.Text == "sum" || t.Text == "softmax") throw Error(t, $"'{t.Text}' is a keyword and cannot be an index");
                list.Add(new IndexSyntax(t.Text, t.Start, t.Length));
                _pos++;
                if (!NextInList(open, "the index list")) break;
            }
        }

        // After an item of a bracketed list: ',' (true: another item follows) or ']' (false: the list ends), consumed.
        private bool NextInList(Token open, string what)
        {
            if (Current.Is(","))
            {
                _pos++;
                return true;
            }
            if (Current.Is("]"))
            {
                _pos++;
                return false;
            }
            throw Error(Current, $"Expected ',' or ']' in {what} opened at {open.Start}; found {Current}");
        }

        private ConstraintSyntax ParseConstraint()
        {
            var operands = new List<AffineSyntax> { ParseAffine() };
            var comparisons = new List<ComparisonSyntax>();
            while (TryComparison(Current, out var kind))
            {
                comparisons.Add(new ComparisonSyntax(kind, Current.Start, Current.Length));
                _pos++;
                operands.Add(ParseAffine());
            }
            if (comparisons.Count == 0)
            {
                throw Error(Current, $"A 'where' constraint compares index expressions, as in 'i - w < j <= i'; expected '<', '<=', '>' or '>=' but found {Current}");
            }
            var first = operands[0];
            var last = operands[operands.Count - 1];
            return new ConstraintSyntax(new EquatableArray<AffineSyntax>(operands.ToArray()), new EquatableArray<ComparisonSyntax>(comparisons.ToArray()),
                first.Start, last.Start + last.Length - first.Start);
        }

        private static bool TryComparison(Token t, out ComparisonKind kind)
        {
            kind = default;
            if (t.Kind != TokenKind.Symbol) return false;
            switch (t.Text)
            {
                case "<": kind = ComparisonKind.Less; return true;
                case "<=": kind = ComparisonKind.LessOrEqual; return true;
                case ">": kind = ComparisonKind.Greater; return true;
                case ">=": kind = ComparisonKind.GreaterOrEqual; return true;
                default: return false;
            }
        }

        private AffineSyntax ParseAffine()
        {
            int start = Current.Start;
            var terms = new List<AffineTermSyntax>();
            long constant = 0;
            int sign = 1;
            if (Current.Is("-"))
            {
                sign = -1;
                _pos++;
            }
            while (true)
            {
                ParseAffineTerm(sign, terms, ref constant);
                if (Current.Is("+")) sign = 1;
                else if (Current.Is("-")) sign = -1;
                else break;
                _pos++;
            }
            int end = _tokens[_pos - 1].End;
            return new AffineSyntax(new EquatableArray<AffineTermSyntax>(terms.ToArray()), constant, start, end - start);
        }

        private void ParseAffineTerm(int sign, List<AffineTermSyntax> terms, ref long constant)
        {
            var t = Current;
            if (t.Kind == TokenKind.Number)
            {
                long value = ParseInteger(t);
                _pos++;
                if (Current.Is("*"))
                {
                    _pos++;
                    var name = Current;
                    if (name.Kind != TokenKind.Identifier) throw Error(name, $"Expected an index or an int parameter after '{t.Text} *'; found {name}");
                    _pos++;
                    terms.Add(new AffineTermSyntax(name.Text, sign * value, t.Start, name.End - t.Start));
                }
                else
                {
                    constant += sign * value;
                }
                return;
            }
            if (t.Kind == TokenKind.Identifier)
            {
                _pos++;
                long coefficient = 1;
                int end = t.End;
                if (Current.Is("*"))
                {
                    _pos++;
                    var number = Current;
                    if (number.Kind != TokenKind.Number) throw Error(number, $"In a 'where' constraint an index can only be multiplied by an integer; found {number}");
                    coefficient = ParseInteger(number);
                    _pos++;
                    end = number.End;
                }
                terms.Add(new AffineTermSyntax(t.Text, sign * coefficient, t.Start, end - t.Start));
                return;
            }
            throw Error(t, $"Expected an index, an int parameter or an integer in the 'where' constraint; found {t}");
        }

        private static long ParseInteger(Token t)
        {
            if (!long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                throw Error(t, $"'{t.Text}' is not an integer; 'where' constraints use integer arithmetic only");
            }
            return value;
        }

        private Token Expect(string symbol, string why)
        {
            var t = Current;
            if (!t.Is(symbol)) throw Error(t, $"Expected '{symbol}' {why}; found {t}");
            _pos++;
            return t;
        }

        private static SyntaxError Error(Token at, string message) => new SyntaxError(message, at.Start, at.Kind == TokenKind.End ? 0 : at.Length);

        private sealed class SyntaxError : System.Exception
        {
            public SyntaxError(string message, int start, int length) : base(message)
            {
                Start = start;
                Length = length;
            }

            public int Start { get; }
            public int Length { get; }
        }
    }
}
