using System.Globalization;
using System.Linq;
using System.Text;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Programs.Binding
{
    /// <summary>
    /// Writes bound statements and expressions back in the program language (<c>c[i,k] = sum[j](a[i,j] * b[j,k])</c>), with
    /// only the parentheses precedence needs: for generated headers, plan notes and tests.
    /// </summary>
    public static class BoundProgramText
    {
        /// <summary>The statement as a line of the language: <c>t[i,j] = …</c> or <c>t[i,j] += …</c>.</summary>
        public static string Statement(BoundProgram program, BoundStatement statement)
            => $"{Tensor(program, statement.Target, statement.Indices)} {(statement.Accumulate ? "+=" : "=")} {Expr(program, statement.Value)}";

        /// <summary>The expression in the language's syntax.</summary>
        public static string Expr(BoundProgram program, BoundExpr e)
        {
            var sb = new StringBuilder();
            Write(program, e, sb, 0);
            return sb.ToString();
        }

        private static string Tensor(BoundProgram program, int tensor, EquatableArray<string> indices)
            => indices.Count == 0 ? program.Tensors[tensor].Name : $"{program.Tensors[tensor].Name}[{string.Join(",", indices)}]";

        // Precedence: 1 = + −, 2 = * /, 3 = unary minus, 4 = atoms and calls.
        private static void Write(BoundProgram program, BoundExpr e, StringBuilder sb, int context)
        {
            switch (e)
            {
                case ConstExpr c:
                    sb.Append(c.Value.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case ScalarExpr s:
                    sb.Append(program.Scalars[s.Scalar].Name);
                    break;
                case LoadExpr l:
                    sb.Append(Tensor(program, l.Tensor, l.Indices));
                    break;
                case UnaryExpr { Op: UnaryOp.Negate } u:
                    Wrap(3, () => { sb.Append('-'); Write(program, u.Operand, sb, 3); });
                    break;
                case UnaryExpr u:
                    sb.Append(u.Op.ToString().ToLowerInvariant()).Append('(');
                    Write(program, u.Operand, sb, 0);
                    sb.Append(')');
                    break;
                case BinaryExpr { Op: BinaryOp.Max or BinaryOp.Min } b:
                    sb.Append(b.Op == BinaryOp.Max ? "max(" : "min(");
                    Write(program, b.Left, sb, 0);
                    sb.Append(", ");
                    Write(program, b.Right, sb, 0);
                    sb.Append(')');
                    break;
                case BinaryExpr b:
                {
                    int level = b.Op is BinaryOp.Add or BinaryOp.Subtract ? 1 : 2;
                    string op = b.Op switch { BinaryOp.Add => " + ", BinaryOp.Subtract => " - ", BinaryOp.Multiply => " * ", _ => " / " };
                    // Left-associative: the right operand of the same level needs parentheses ("a - (b - c)").
                    Wrap(level, () => { Write(program, b.Left, sb, level); sb.Append(op); Write(program, b.Right, sb, level + 1); });
                    break;
                }
                case ReduceExpr r:
                    sb.Append(r.Kind.ToString().ToLowerInvariant()).Append('[').Append(string.Join(",", r.Indices)).Append("](");
                    Write(program, r.Body, sb, 0);
                    sb.Append(')');
                    foreach (var range in r.Ranges)
                    {
                        foreach (var lower in range.Lower) sb.Append($" where {range.Index} >= {Affine(lower)}");
                        foreach (var upper in range.Upper) sb.Append($" where {range.Index} < {Affine(upper)}");
                    }
                    break;
                case GauntExpr g:
                    sb.Append($"gaunt[{g.L1},{g.L2},{g.LOut}](");
                    Write(program, g.X, sb, 0);
                    sb.Append(", ");
                    Write(program, g.Y, sb, 0);
                    sb.Append(')');
                    break;
                default:
                    sb.Append('…');
                    break;
            }

            void Wrap(int level, System.Action body)
            {
                bool parens = level < context;
                if (parens) sb.Append('(');
                body();
                if (parens) sb.Append(')');
            }
        }

        private static string Affine(AffineBound bound)
        {
            var parts = bound.Terms.Select(t => t.Coefficient == 1 ? t.Name : t.Coefficient == -1 ? "-" + t.Name
                : $"{t.Coefficient.ToString(CultureInfo.InvariantCulture)}*{t.Name}").ToList();
            if (bound.Constant != 0 || parts.Count == 0) parts.Add(bound.Constant.ToString(CultureInfo.InvariantCulture));
            return string.Join(" + ", parts).Replace("+ -", "- ");
        }
    }
}
