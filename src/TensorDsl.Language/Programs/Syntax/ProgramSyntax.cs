namespace TensorDsl.Language.Programs.Syntax
{
    /// <summary>
    /// The abstract syntax of a <c>[TensorProgram]</c>, exactly as written (before names are bound). Every node
    /// records its span in the program text so that diagnostics point at the offending characters. All nodes are
    /// records over strings, numbers and <see cref="EquatableArray{T}"/>, so a whole program compares by value.
    /// </summary>
    public abstract record ExprSyntax(int Start, int Length);

    /// <summary>A numeric literal such as <c>2</c>, <c>0.125</c> or <c>1e-3</c>.</summary>
    public sealed record NumberSyntax(double Value, int Start, int Length) : ExprSyntax(Start, Length);

    /// <summary>A bare name: a scalar parameter (or, after binding, an error if it names a tensor).</summary>
    public sealed record NameSyntax(string Name, int Start, int Length) : ExprSyntax(Start, Length);

    /// <summary>One index letter (or name) inside brackets.</summary>
    public sealed record IndexSyntax(string Name, int Start, int Length);

    /// <summary>A tensor element <c>x[i,j]</c>.</summary>
    public sealed record TensorRefSyntax(string Name, EquatableArray<IndexSyntax> Indices, int NameLength, int Start, int Length)
        : ExprSyntax(Start, Length);

    /// <summary>Unary minus.</summary>
    public sealed record NegateSyntax(ExprSyntax Operand, int Start, int Length) : ExprSyntax(Start, Length);

    /// <summary>A binary arithmetic operator: one of <c>+ - * /</c>.</summary>
    public sealed record BinarySyntax(char Operator, ExprSyntax Left, ExprSyntax Right, int Start, int Length) : ExprSyntax(Start, Length);

    /// <summary>An elementwise function: <c>exp log sqrt abs tanh sigmoid relu</c> (one argument), <c>max min</c> (two).</summary>
    public sealed record CallSyntax(string Function, EquatableArray<ExprSyntax> Arguments, int NameLength, int Start, int Length)
        : ExprSyntax(Start, Length);

    /// <summary>What a bracketed reduction does with its indices.</summary>
    public enum ReductionKind
    {
        /// <summary><c>sum[idx](e)</c>: the sum over the indices (they leave the result).</summary>
        Sum,
        /// <summary><c>max[idx](e)</c>: the maximum over the indices (they leave the result).</summary>
        Max,
        /// <summary><c>softmax[idx](e)</c>: exp(e − max) / Σ exp(e − max) over the indices (they stay in the result).</summary>
        Softmax,
    }

    /// <summary><c>sum[j,k](e)</c>, <c>max[j](e)</c> or <c>softmax[j,k](e)</c>.</summary>
    public sealed record ReductionSyntax(ReductionKind Kind, EquatableArray<IndexSyntax> Indices, ExprSyntax Body, int KeywordLength, int Start, int Length)
        : ExprSyntax(Start, Length);

    /// <summary>
    /// <c>name[j](e)</c> where <c>name</c> is no reduction: a misspelled reduction (<c>sofmax[j](e)</c>), a function written
    /// with brackets, or a tensor followed by parentheses. Always an error; the parser keeps it as a node so that the
    /// binder, which knows the method's names, reports it with the name that was probably meant.
    /// </summary>
    public sealed record IndexedCallSyntax(string Function, EquatableArray<IndexSyntax> Indices, ExprSyntax Body, int NameLength, int Start, int Length)
        : ExprSyntax(Start, Length);

    /// <summary>
    /// <c>gaunt[L1,L2,LOut](x[…,i], y[…,j])</c>: the channel-wise Gaunt tensor product of two sets of real spherical-harmonic
    /// coefficients (docs/language.md, "Gaunt products"). The degrees are integer literals; the binder checks that the call is
    /// a whole right side and that both arguments are tensor elements.
    /// </summary>
    /// <param name="Degrees">The integers in brackets with their spans (L1, L2, LOut when there are three).</param>
    /// <param name="Arguments">The expressions in parentheses.</param>
    /// <param name="NameLength">Length of the word <c>gaunt</c>.</param>
    /// <param name="Start">Offset of the call.</param>
    /// <param name="Length">Length of the call.</param>
    public sealed record GauntSyntax(EquatableArray<DegreeSyntax> Degrees, EquatableArray<ExprSyntax> Arguments, int NameLength, int Start, int Length)
        : ExprSyntax(Start, Length);

    /// <summary>An integer inside <c>gaunt[…]</c>, with its span.</summary>
    public sealed record DegreeSyntax(long Value, int Start, int Length);

    /// <summary>
    /// Stands for a part of an expression that did not parse (its error is already reported), so that the parser can go
    /// on checking the rest of the statement. A statement that contains one is never bound.
    /// </summary>
    internal sealed record ErrorSyntax(int Start, int Length) : ExprSyntax(Start, Length);

    /// <summary>One term of an affine index expression: <c>Coefficient · Name</c> (a name is an index or an <c>int</c> parameter).</summary>
    public sealed record AffineTermSyntax(string Name, long Coefficient, int Start, int Length);

    /// <summary>An affine index expression <c>Σ cᵢ·nameᵢ + Constant</c>, as in <c>i - w1 + 1</c>.</summary>
    public sealed record AffineSyntax(EquatableArray<AffineTermSyntax> Terms, long Constant, int Start, int Length);

    /// <summary>A comparison operator in a <c>where</c> clause.</summary>
    public enum ComparisonKind
    {
        /// <summary><c>&lt;</c></summary>
        Less,
        /// <summary><c>&lt;=</c></summary>
        LessOrEqual,
        /// <summary><c>&gt;</c></summary>
        Greater,
        /// <summary><c>&gt;=</c></summary>
        GreaterOrEqual,
    }

    /// <summary>One comparison operator of a chain, with its position.</summary>
    public sealed record ComparisonSyntax(ComparisonKind Kind, int Start, int Length);

    /// <summary>A comparison chain such as <c>i - w1 &lt; j &lt;= i</c>: <c>Operands[n] Comparisons[n] Operands[n+1]</c>.</summary>
    public sealed record ConstraintSyntax(EquatableArray<AffineSyntax> Operands, EquatableArray<ComparisonSyntax> Comparisons, int Start, int Length);

    /// <summary>One statement: <c>target[indices] = value [where constraints]</c>.</summary>
    public sealed record StatementSyntax(
        TensorRefSyntax Target,
        ExprSyntax Value,
        EquatableArray<ConstraintSyntax> Constraints,
        int Start,
        int Length);

    /// <summary>
    /// A statement with a syntax error, left out of <see cref="ProgramSyntax"/>. The binder still needs to know what it
    /// was meant to define, so that reading that name elsewhere is not reported as a second, follow-on error.
    /// </summary>
    /// <param name="Targets">The names it may define: the name it starts with, and any name followed by <c>=</c> or
    /// <c>[…] =</c> (where a lost line break ran two statements together). Empty when it has none: it could then have
    /// defined any name.</param>
    /// <param name="Start">Offset of the statement's first token.</param>
    /// <param name="Length">Up to the end of its last token (lines taken as its continuation included).</param>
    public sealed record BrokenStatementSyntax(EquatableArray<string> Targets, int Start, int Length);

    /// <summary>A whole program: the statements that parsed, in order.</summary>
    public sealed record ProgramSyntax(EquatableArray<StatementSyntax> Statements);
}
