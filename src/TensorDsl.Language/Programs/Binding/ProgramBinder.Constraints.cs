using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Programs.Binding
{
    public sealed partial class ProgramBinder
    {
        // Turns 'where' chains into index ranges and attaches each range to every reduction over that index, so that a
        // reduction carries its own bounds wherever the planner moves or inlines it.
        private BoundExpr? BindConstraints(StatementSyntax statement, List<string> lhs, BoundExpr value)
        {
            var reduced = ExprFacts.ReducedIndices(value);
            var lower = new Dictionary<string, List<AffineBound>>();
            var upper = new Dictionary<string, List<AffineBound>>();

            foreach (var constraint in statement.Constraints)
            {
                foreach (var operand in constraint.Operands)
                {
                    foreach (var term in operand.Terms)
                    {
                        if (!CheckConstraintName(term, lhs, reduced, statement)) return null;
                    }
                }

                int n = constraint.Operands.Count;
                int subject = -1;
                for (int o = 0; o < n; o++)
                {
                    if (LoneIndex(constraint.Operands[o]) is string name && reduced.Contains(name) && (n == 2 || o == 1))
                    {
                        subject = o;
                        break;
                    }
                }
                if (n > 3 || subject < 0)
                {
                    ReportAt(DiagnosticIds.InvalidConstraint, constraint.Start, constraint.Length,
                        "A 'where' constraint bounds one summed or softmax index by expressions of the left-side indices and int parameters, as in 'i - w < j <= i' or 'j <= i'");
                    return null;
                }
                string j = LoneIndex(constraint.Operands[subject])!;
                for (int o = 0; o < n; o++)
                {
                    if (o == subject) continue;
                    var side = constraint.Operands[o];
                    var other = side.Terms.FirstOrDefault(t => reduced.Contains(t.Name));
                    if (other is not null)
                    {
                        ReportAt(DiagnosticIds.InvalidConstraint, other.Start, other.Length,
                            $"The bound of '{j}' uses the reduced index '{other.Name}'; bounds may use only the left-side indices [{string.Join(",", lhs)}] and int parameters");
                        return null;
                    }
                    var kind = constraint.Comparisons[o < subject ? o : subject].Kind;
                    var bound = ToBound(side, 0);
                    bool subjectOnRight = o < subject;
                    // Normalize to j >= lower (inclusive) and j < upper (exclusive).
                    switch (kind)
                    {
                        case ComparisonKind.Less when subjectOnRight: Add(lower, j, ToBound(side, 1)); break;          // side < j
                        case ComparisonKind.LessOrEqual when subjectOnRight: Add(lower, j, bound); break;             // side <= j
                        case ComparisonKind.Greater when subjectOnRight: Add(upper, j, bound); break;                 // side > j
                        case ComparisonKind.GreaterOrEqual when subjectOnRight: Add(upper, j, ToBound(side, 1)); break; // side >= j
                        case ComparisonKind.Less: Add(upper, j, bound); break;                                       // j < side
                        case ComparisonKind.LessOrEqual: Add(upper, j, ToBound(side, 1)); break;                     // j <= side
                        case ComparisonKind.Greater: Add(lower, j, ToBound(side, 1)); break;                         // j > side
                        case ComparisonKind.GreaterOrEqual: Add(lower, j, bound); break;                             // j >= side
                    }
                }
            }
            return AttachRanges(value, lower, upper);
        }

        private bool CheckConstraintName(AffineTermSyntax term, List<string> lhs, HashSet<string> reduced, StatementSyntax statement)
        {
            if (lhs.Contains(term.Name) || reduced.Contains(term.Name)) return true;
            if (_scalarByName.TryGetValue(term.Name, out int s))
            {
                if (_scalars[s].Kind == ScalarKind.Integer) return true;
                ReportAt(DiagnosticIds.InvalidConstraint, term.Start, term.Length,
                    $"'{term.Name}' is a {Keyword(_element)} parameter; 'where' bounds use int parameters only");
                return false;
            }
            var near = NameSuggestions.Nearest(term.Name,
                lhs.Concat(reduced).Concat(_scalars.Where(p => p.Kind == ScalarKind.Integer).Select(p => p.Name)));
            ReportAt(DiagnosticIds.InvalidConstraint, term.Start, term.Length,
                $"'where' names '{term.Name}', which is neither an index of '{statement.Target.Name}[…] = …' nor an int parameter" + DidYouMean(near));
            return false;
        }

        private static string? LoneIndex(AffineSyntax a)
            => a.Terms.Count == 1 && a.Constant == 0 && a.Terms[0].Coefficient == 1 ? a.Terms[0].Name : null;

        private AffineBound ToBound(AffineSyntax a, long add)
        {
            var terms = a.Terms.Select(t => new AffineTerm(t.Name, _scalarByName.ContainsKey(t.Name), t.Coefficient)).ToArray();
            return new AffineBound(new EquatableArray<AffineTerm>(terms), a.Constant + add);
        }

        private static void Add(Dictionary<string, List<AffineBound>> map, string index, AffineBound bound)
        {
            if (!map.TryGetValue(index, out var list)) map[index] = list = new List<AffineBound>();
            list.Add(bound);
        }

        private static BoundExpr AttachRanges(BoundExpr e, Dictionary<string, List<AffineBound>> lower, Dictionary<string, List<AffineBound>> upper)
        {
            switch (e)
            {
                case UnaryExpr u:
                    return new UnaryExpr(u.Op, AttachRanges(u.Operand, lower, upper));
                case BinaryExpr b:
                    return new BinaryExpr(b.Op, AttachRanges(b.Left, lower, upper), AttachRanges(b.Right, lower, upper));
                case ReduceExpr r:
                {
                    var ranges = new List<IndexRange>(r.Ranges);
                    foreach (var i in r.Indices)
                    {
                        bool hasLower = lower.TryGetValue(i, out var lo);
                        bool hasUpper = upper.TryGetValue(i, out var hi);
                        if (!hasLower && !hasUpper) continue;
                        ranges.Add(new IndexRange(i, new EquatableArray<AffineBound>((lo ?? new List<AffineBound>()).ToArray()),
                            new EquatableArray<AffineBound>((hi ?? new List<AffineBound>()).ToArray())));
                    }
                    return new ReduceExpr(r.Kind, r.Indices, new EquatableArray<IndexRange>(ranges.ToArray()), AttachRanges(r.Body, lower, upper));
                }
                default:
                    return e;
            }
        }
    }
}
