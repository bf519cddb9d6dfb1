using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Gradients
{
    /// <summary>
    /// Prepares a forward for differentiation: an intermediate read once is substituted into its reader when it is
    /// elementwise, or when it is read inside a <c>softmax</c> (an attention score <c>s[i,j,k]</c>). The backward reads a
    /// forward value in several places; had the score stayed a tensor, the backward would store it — n×n, or n×n×n for
    /// tensor attention — where the forward streams it. Substituted, it is recomputed where it is needed instead.
    /// </summary>
    internal static class ScoreInlining
    {
        /// <param name="forward">The forward program.</param>
        /// <param name="fresh">Gives a new name for a reduced index of a substituted definition.</param>
        public static BoundProgram Apply(BoundProgram forward, Func<string, string> fresh)
        {
            var loads = ExprFacts.LoadCounts(forward.Tensors.Count, forward.Statements);
            var definitions = new Dictionary<int, BoundStatement>();
            var statements = new List<BoundStatement>();
            foreach (var s in forward.Statements)
            {
                var value = s.Value is GauntExpr ? s.Value : Substitute(s.Value, insideSoftmax: false);
                var statement = s with { Value = value };
                bool inlinable = forward.Tensors[s.Target].Kind == ProgramTensorKind.Intermediate && loads[s.Target] == 1 && value is not GauntExpr;
                if (inlinable) definitions[s.Target] = statement;
                statements.Add(statement);
            }
            // A definition that was substituted is no longer read: its statement goes.
            var left = ExprFacts.LoadCounts(forward.Tensors.Count, statements);
            var kept = statements.Where(s => forward.Tensors[s.Target].Kind != ProgramTensorKind.Intermediate || left[s.Target] > 0).ToArray();
            return forward with { Statements = new EquatableArray<BoundStatement>(kept) };

            BoundExpr Substitute(BoundExpr e, bool insideSoftmax)
            {
                switch (e)
                {
                    case LoadExpr l when definitions.TryGetValue(l.Tensor, out var d)
                        && (insideSoftmax || !ExprFacts.HasReduction(d.Value)) && l.Indices.Distinct().Count() == l.Indices.Count:
                    {
                        var map = new Dictionary<string, string>();
                        for (int a = 0; a < d.Indices.Count; a++) map[d.Indices[a]] = l.Indices[a];
                        foreach (var r in ExprFacts.ReducedIndices(d.Value)) map[r] = fresh(r);
                        return ExprFacts.Rename(d.Value, map);
                    }
                    case UnaryExpr u:
                        return new UnaryExpr(u.Op, Substitute(u.Operand, insideSoftmax));
                    case BinaryExpr b:
                        return new BinaryExpr(b.Op, Substitute(b.Left, insideSoftmax), Substitute(b.Right, insideSoftmax));
                    case ReduceExpr r:
                        return new ReduceExpr(r.Kind, r.Indices, r.Ranges, Substitute(r.Body, insideSoftmax || r.Kind == ReductionKind.Softmax));
                    default:
                        return e;
                }
            }
        }
    }
}
