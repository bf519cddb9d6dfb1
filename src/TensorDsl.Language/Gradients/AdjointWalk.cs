using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;
using static TensorDsl.Language.Gradients.ExprAlgebra;

namespace TensorDsl.Language.Gradients
{
    /// <summary>
    /// Pushes the gradient of one statement's target through its right side by the chain rule, down to the loads and
    /// scalars it reads: each one reached gets a <see cref="Contribution"/>. Subexpressions that a derivative needs (a
    /// softmax's value, a tanh) are recomputed from the forward's own expressions; a <c>max</c> reduction's arguments are
    /// stored (<see cref="BackwardBuilder.MaterializeMax"/>), so that the comparison with the maximum is exact.
    /// </summary>
    internal sealed class AdjointWalk
    {
        private readonly BackwardBuilder _builder;
        private readonly List<Contribution> _into;

        public AdjointWalk(BackwardBuilder builder, List<Contribution> into)
        {
            _builder = builder;
            _into = into;
        }

        /// <summary>Sends <paramref name="seed"/>, the gradient with respect to the value of <paramref name="e"/>, into its leaves.</summary>
        public void Propagate(BoundExpr e, BoundExpr seed, IReadOnlyList<string> scope, IReadOnlyList<IndexRange> windows)
        {
            if (!_builder.Depends(e)) return;
            switch (e)
            {
                case ScalarExpr s:
                    _into.Add(new Contribution(-1, s.Scalar, EquatableArray<string>.Empty, Recomputed(seed, windows), scope, windows));
                    return;
                case LoadExpr l:
                    _into.Add(new Contribution(l.Tensor, -1, l.Indices, Recomputed(seed, windows), scope, windows));
                    return;
                case UnaryExpr u:
                {
                    var inner = ThroughUnary(u, seed);
                    if (inner is not null) Propagate(u.Operand, inner, scope, windows);
                    return;
                }
                case BinaryExpr { Op: BinaryOp.Multiply } product:
                {
                    // Each factor gets the seed times the other factors, in their order: a product's gradient stays a product.
                    var factors = ExprFacts.Factors(product);
                    for (int f = 0; f < factors.Count; f++)
                    {
                        BoundExpr others = seed;
                        for (int g = 0; g < factors.Count; g++)
                        {
                            if (g != f) others = Mul(others, factors[g]);
                        }
                        Propagate(factors[f], others, scope, windows);
                    }
                    return;
                }
                case BinaryExpr b:
                    Binary(b, seed, scope, windows);
                    return;
                case ReduceExpr { Kind: ReductionKind.Sum } sum:
                {
                    // The summed indices become free in the contribution (renamed apart from every other use).
                    var (renamed, _) = Freshen(sum);
                    Propagate(renamed.Body, seed, scope.Concat(renamed.Indices).ToList(), windows.Concat(renamed.Ranges).ToList());
                    return;
                }
                case ReduceExpr { Kind: ReductionKind.Max } max:
                    Max(max, seed, scope, windows);
                    return;
                case ReduceExpr { Kind: ReductionKind.Softmax } softmax:
                    Softmax(softmax, seed, scope, windows);
                    return;
                default:
                    throw new GradientDerivation.NotDifferentiableException($"'{e.GetType().Name}' inside an expression");
            }
        }

        private void Binary(BinaryExpr b, BoundExpr seed, IReadOnlyList<string> scope, IReadOnlyList<IndexRange> windows)
        {
            BoundExpr l = b.Left, r = b.Right;
            switch (b.Op)
            {
                case BinaryOp.Add:
                    Propagate(l, seed, scope, windows);
                    Propagate(r, seed, scope, windows);
                    break;
                case BinaryOp.Subtract:
                    Propagate(l, seed, scope, windows);
                    Propagate(r, Neg(seed), scope, windows);
                    break;
                case BinaryOp.Divide:
                    Propagate(l, Div(seed, r), scope, windows);
                    Propagate(r, Neg(Div(Mul(seed, l), Mul(r, r))), scope, windows);
                    break;
                default:
                {
                    // max(l, r): the larger operand gets the gradient (r on a tie); min(l, r) the smaller (r on a tie).
                    var leftWins = b.Op == BinaryOp.Max ? Step(Sub(l, r)) : Step(Sub(r, l));
                    Propagate(l, Mul(seed, leftWins), scope, windows);
                    Propagate(r, Mul(seed, Sub(One, leftWins)), scope, windows);
                    break;
                }
            }
        }

        // y = max[J](body): the gradient goes to the maximal arguments, split evenly among ties (NumPy's and PyTorch's amax).
        private void Max(ReduceExpr max, BoundExpr seed, IReadOnlyList<string> scope, IReadOnlyList<IndexRange> windows)
        {
            var (isMax, ties) = _builder.MaterializeMax(max);
            var (renamed, map) = Freshen(max);
            var share = Div(ExprFacts.Rename(isMax, map), ties);
            Propagate(renamed.Body, Mul(seed, share), scope.Concat(renamed.Indices).ToList(), windows.Concat(renamed.Ranges).ToList());
        }

        // p = softmax[J](s) at the point J: ∂L/∂s[J'] = g[J']·p[J'] − p[J']·Σ_J g[J]·p[J], with g the seed. p is read as
        // exp(s − lse) from the stored log-sum-exp of its row, and Σ_J g·p is stored per point of its other indices, so
        // that no normalizer is recomputed per point (each is O(n·d) memory at most, never a score tensor).
        private void Softmax(ReduceExpr softmax, BoundExpr seed, IReadOnlyList<string> scope, IReadOnlyList<IndexRange> windows)
        {
            var p = Recomputed(softmax, windows);
            Propagate(softmax.Body, Mul(seed, p), scope, windows);

            foreach (var j in softmax.Indices)
            {
                if (!scope.Contains(j)) throw new GradientDerivation.NotDifferentiableException($"softmax over '{j}' where '{j}' is not bound around it");
            }
            // The second term sums the seed over the softmax's own indices: they leave the scope, and the windows of the
            // sums that bound them must be the softmax's own (a sum over a narrower window than its softmax is not derived).
            foreach (var w in windows.Where(w => softmax.Indices.Contains(w.Index)))
            {
                if (!softmax.Ranges.Contains(w)) throw new GradientDerivation.NotDifferentiableException($"a sum over '{w.Index}' whose window differs from the window of the softmax inside it");
            }
            var normalizer = _builder.Store("softmaxDot", new ReduceExpr(ReductionKind.Sum, softmax.Indices, softmax.Ranges, Mul(seed, p)));
            var (at, map) = Freshen(softmax);
            Propagate(at.Body, Neg(Mul(ExprFacts.Rename(p, map), normalizer)),
                scope.Where(i => !softmax.Indices.Contains(i)).Concat(at.Indices).ToList(),
                windows.Where(w => !softmax.Indices.Contains(w.Index)).Concat(at.Ranges).ToList());
        }

        // The seed as the gradient computes it: a forward softmax it carries (a factor beside the one differentiated, such
        // as the weights in dV = Σ p·dO) is read from its row's stored log-sum-exp where the sums around it keep its point
        // inside its window, instead of recomputing its normalizer at every point. (Outside its window a softmax is 0,
        // which exp(s − lse) is not.)
        private BoundExpr Recomputed(BoundExpr e, IReadOnlyList<IndexRange> windows) => e switch
        {
            ReduceExpr { Kind: ReductionKind.Softmax } s when s.Ranges.All(r => windows.Contains(r)) => _builder.SoftmaxFromLogSumExp(s),
            UnaryExpr u => new UnaryExpr(u.Op, Recomputed(u.Operand, windows)),
            BinaryExpr b => new BinaryExpr(b.Op, Recomputed(b.Left, windows), Recomputed(b.Right, windows)),
            _ => e,
        };

        // The reduction with its indices renamed to fresh names (in its body and ranges too), and the renaming.
        private (ReduceExpr Renamed, Dictionary<string, string> Map) Freshen(ReduceExpr r)
        {
            var map = new Dictionary<string, string>();
            foreach (var i in r.Indices) map[i] = _builder.FreshIndex(i);
            return ((ReduceExpr)ExprFacts.Rename(r, map), map);
        }
    }
}
