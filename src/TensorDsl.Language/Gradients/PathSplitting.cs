using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Gradients
{
    /// <summary>
    /// Prepares a forward for differentiation: a contraction of three or more tensors, <c>sum[R](A · B · C …)</c>, is split
    /// along the pairwise path the contraction planner chooses for it — one intermediate statement per step but the last,
    /// which writes the target. The backward of the split program is reverse mode through that path, as autograd does it:
    /// each step's gradient is computed once and shared by both operands' gradients, where the gradient of the n-ary
    /// statement would recompute the other operands' product per operand (<c>a·b·c</c>: five products, not six, and the
    /// sharing grows with the number of operands).
    /// </summary>
    /// <remarks>
    /// The forward kernel is not changed — it runs the same path. Statements with a <c>where</c> window, a diagonal (an index
    /// twice in one load or on the left), the <c>...</c> group, or any factor other than a load are left as they are.
    /// </remarks>
    internal static class PathSplitting
    {
        public static BoundProgram Apply(BoundProgram forward)
        {
            var tensors = forward.Tensors.ToList();
            var statements = new List<BoundStatement>();
            bool changed = false;
            foreach (var s in forward.Statements)
            {
                var split = Split(forward, tensors, s);
                changed |= split is not null;
                statements.AddRange(split ?? new List<BoundStatement> { s });
            }
            if (!changed) return forward;
            return forward with
            {
                Tensors = new EquatableArray<ProgramTensor>(tensors.ToArray()),
                Statements = new EquatableArray<BoundStatement>(statements.ToArray()),
            };
        }

        // The statements of s's path, or null when s is not a contraction of three or more loads the planner splits.
        private static List<BoundStatement>? Split(BoundProgram p, List<ProgramTensor> tensors, BoundStatement s)
        {
            if (s.Value is not ReduceExpr { Kind: ReductionKind.Sum, Ranges.Count: 0 } sum) return null;
            var factors = ExprFacts.Factors(sum.Body);
            if (factors.Count < 3 || factors.Any(f => f is not LoadExpr)) return null;
            var loads = factors.Cast<LoadExpr>().ToList();
            var all = loads.SelectMany(l => l.Indices).Concat(s.Indices).Distinct().ToList();
            if (all.Any(i => IndexNames.Origin(i) == IndexNames.Ellipsis)) return null;
            if (loads.Any(l => l.Indices.Distinct().Count() != l.Indices.Count) || s.Indices.Distinct().Count() != s.Indices.Count) return null;
            var label = IndexLabels.Assign(all);
            if (label is null) return null;
            var index = label.ToDictionary(x => x.Value, x => x.Key);
            string Labels(IEnumerable<string> indices) => string.Concat(indices.Select(i => label[i]));

            var spec = EinsumSpec.FromLabels(loads.Select(l => Labels(l.Indices)).ToArray(), Labels(s.Indices));
            var dims = all.Select(i => (i, p.Classes[p.ClassOf(i)].StaticSize)).Where(x => x.StaticSize > 0)
                .Select(x => new StaticDim(label[x.i].ToString(), x.StaticSize, OnMethod: true)).ToArray();
            var plan = ExecutionPlanner.Plan(spec, new EquatableArray<StaticDim>(dims));
            if (plan.IsDirect || plan.Steps.Count < 2) return null;

            int m = loads.Count;
            var produced = new Dictionary<int, LoadExpr>();
            LoadExpr Operand(int id) => id < m ? loads[id] : produced[id];
            var result = new List<BoundStatement>();
            for (int k = 0; k < plan.Steps.Count; k++)
            {
                var step = plan.Steps[k];
                var inputs = step.Inputs.Select(Operand).ToList();
                bool last = k == plan.Steps.Count - 1;
                var indices = last ? s.Indices : new EquatableArray<string>(step.ResultLabels.Select(c => index[c]).ToArray());
                var summed = inputs.SelectMany(x => x.Indices).Distinct().Where(i => !indices.Contains(i)).ToArray();
                BoundExpr product = inputs.Skip(1).Aggregate((BoundExpr)inputs[0], (a, b) => new BinaryExpr(BinaryOp.Multiply, a, b));
                BoundExpr value = summed.Length == 0 ? product
                    : new ReduceExpr(ReductionKind.Sum, new EquatableArray<string>(summed), EquatableArray<IndexRange>.Empty, product);
                if (last)
                {
                    result.Add(s with { Value = value });
                    break;
                }
                string name = GradientDerivation.UniqueName(p.Tensors[s.Target].Name + "Path" + (k + 1).ToString(CultureInfo.InvariantCulture), tensors, p.Scalars);
                tensors.Add(new ProgramTensor(name, ProgramTensorKind.Intermediate, indices.Count, -1, indices));
                produced[step.Result] = new LoadExpr(tensors.Count - 1, indices);
                result.Add(new BoundStatement(tensors.Count - 1, indices, value, s.Start, s.Length));
            }
            return result;
        }
    }
}
