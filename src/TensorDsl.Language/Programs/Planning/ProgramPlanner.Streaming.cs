using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Programs.Planning
{
    public sealed partial class ProgramPlanner
    {
        // sum[R](softmax[R](score) * value) → one streaming pass per row (or the packed attention kernels).
        private ProgramStep? TryStreaming(BoundStatement s, int si, BoundExpr value)
        {
            if (value is not ReduceExpr { Kind: ReductionKind.Sum } sum)
            {
                NoteUnfusedSoftmax(value, si);
                return null;
            }
            // The sum's operand is a product; exactly one factor is a softmax over the same indices and range.
            var factors = ExprFacts.Factors(sum.Body);
            var softmaxes = factors.Where(f => f is ReduceExpr { Kind: ReductionKind.Softmax } r && SameSet(r.Indices, sum.Indices) && SameRanges(r.Ranges, sum.Ranges)).ToList();
            if (softmaxes.Count != 1 || factors.Count < 2 || factors.Where(f => f != softmaxes[0]).Any(ContainsSoftmax))
            {
                NoteUnfusedSoftmax(value, si);
                return null;
            }
            var softmax = (ReduceExpr)softmaxes[0];
            factors.Remove(softmax);
            BoundExpr factor = factors.Aggregate((a, b) => new BinaryExpr(BinaryOp.Multiply, a, b));

            // The score is read once per (row, reduced) point by the stream: a single-use intermediate score is inlined.
            var score = softmax.Body;
            if (score is LoadExpr load && _program.Tensors[load.Tensor].Kind == ProgramTensorKind.Intermediate && _loads[load.Tensor] == 1
                && load.Indices.Distinct().Count() == load.Indices.Count)
            {
                score = Instantiate(load);
            }

            var lhs = s.Indices;
            var allowed = new HashSet<string>(lhs.Concat(sum.Indices));
            if (!ExprFacts.FreeIndices(score).All(allowed.Contains) || !ExprFacts.FreeIndices(factor).All(allowed.Contains)) return null;
            var scoreFree = new HashSet<string>(ExprFacts.FreeIndices(score));
            var rows = lhs.Where(scoreFree.Contains).ToArray();
            var columns = lhs.Where(i => !scoreFree.Contains(i)).ToArray();
            // Window bounds are evaluated once per row: they may use only row indices and int parameters.
            foreach (var range in sum.Ranges)
            {
                foreach (var bound in ExprFacts.Bounds(range))
                {
                    if (bound.Terms.Any(t => !t.IsParameter && !rows.Contains(t.Name))) return null;
                }
            }

            var streaming = new StreamingSoftmaxStep(s.Target, lhs, si, new EquatableArray<string>(rows), new EquatableArray<string>(columns),
                sum.Indices, sum.Ranges, score, factor);
            return TryAttention(streaming) ?? (ProgramStep)streaming;
        }

        private void NoteUnfusedSoftmax(BoundExpr value, int si)
        {
            if (ContainsSoftmax(value))
            {
                _notes.Add(new PlanNote(si,
                    "softmax here is not the only factor beside its values under a sum over the same indices (sum[R](softmax[R](s) * v)), so it is not streamed: " +
                    "its maximum and denominator are computed in separate passes over the softmax indices for each row"));
            }
        }

        private static bool ContainsSoftmax(BoundExpr e) => e switch
        {
            ReduceExpr { Kind: ReductionKind.Softmax } => true,
            ReduceExpr r => ContainsSoftmax(r.Body),
            UnaryExpr u => ContainsSoftmax(u.Operand),
            BinaryExpr b => ContainsSoftmax(b.Left) || ContainsSoftmax(b.Right),
            _ => false,
        };

        private static bool SameRanges(EquatableArray<IndexRange> a, EquatableArray<IndexRange> b)
            => a.Count == b.Count && a.All(x => b.Contains(x));

        // ── Attention recognition ───────────────────────────────────────────────────────────────────────────────
        private AttentionStep? TryAttention(StreamingSoftmaxStep s)
        {
            var scale = new List<BoundExpr>();
            var core = new List<BoundExpr>();
            if (!SplitProduct(s.Score, scale, core) || core.Count != 1 || core[0] is not ReduceExpr { Kind: ReductionKind.Sum, Indices.Count: 1, Ranges.Count: 0 } dot)
            {
                return null;
            }
            var dotFactors = new List<BoundExpr>();
            if (!SplitProduct(dot.Body, scale, dotFactors)) return null;
            var valueFactors = new List<BoundExpr>();
            if (!SplitProduct(s.Value, scale, valueFactors)) return null;
            if (dotFactors.Any(f => f is not LoadExpr) || valueFactors.Any(f => f is not LoadExpr)) return null;
            var keyLoads = dotFactors.Cast<LoadExpr>().ToList();
            var values = valueFactors.Cast<LoadExpr>().ToList();
            if (keyLoads.Concat(values).Any(l => _program.Tensors[l.Tensor].Kind != ProgramTensorKind.Input || l.Indices.Distinct().Count() != l.Indices.Count))
            {
                return null;
            }

            int keyCount = s.Reduced.Count;
            if (keyCount is < 1 or > 2 || keyLoads.Count != keyCount + 1 || values.Count != keyCount || s.Columns.Count != 1) return null;
            string l = dot.Indices[0];
            string c = s.Columns[0];
            var batch = s.Rows.Where(r => keyLoads.Concat(values).All(x => x.Indices.Contains(r))).ToList();
            var queryRows = s.Rows.Where(r => !batch.Contains(r)).ToList();
            if (queryRows.Count != 1) return null;
            string i = queryRows[0];

            bool Is(LoadExpr x, params string[] own) => SameSet(x.Indices, batch.Concat(own));
            var q = keyLoads.FirstOrDefault(x => Is(x, i, l));
            if (q is null) return null;
            var operands = new List<LoadExpr> { q };
            foreach (var key in s.Reduced)
            {
                var k = keyLoads.FirstOrDefault(x => x != q && Is(x, key, l));
                if (k is null) return null;
                operands.Add(k);
            }
            foreach (var key in s.Reduced)
            {
                var v = values.FirstOrDefault(x => Is(x, key, c));
                if (v is null) return null;
                operands.Add(v);
            }

            var windows = new List<KeyWindowPlan>();
            foreach (var key in s.Reduced)
            {
                var window = WindowOf(s.Ranges, key, i);
                if (window is null) return null;
                windows.Add(window);
            }
            BoundExpr alpha = scale.Count == 0 ? new ConstExpr(1) : scale.Aggregate((a, b) => new BinaryExpr(BinaryOp.Multiply, a, b));
            return new AttentionStep(s.Target, s.Indices, s.Statement, keyCount == 1 ? AttentionKind.Standard : AttentionKind.Tensor,
                new EquatableArray<string>(batch.ToArray()), i, s.Reduced, l, c, new EquatableArray<LoadExpr>(operands.ToArray()), alpha,
                new EquatableArray<KeyWindowPlan>(windows.ToArray()));
        }

        // Splits a product into load-free factors (scale) and the rest; a division by a load-free expression joins the scale as its reciprocal.
        private static bool SplitProduct(BoundExpr e, List<BoundExpr> scale, List<BoundExpr> rest)
        {
            switch (e)
            {
                case BinaryExpr { Op: BinaryOp.Multiply } m:
                    return SplitProduct(m.Left, scale, rest) && SplitProduct(m.Right, scale, rest);
                case BinaryExpr { Op: BinaryOp.Divide } d when IsLoadFree(d.Right):
                    scale.Add(new BinaryExpr(BinaryOp.Divide, new ConstExpr(1), d.Right));
                    return SplitProduct(d.Left, scale, rest);
                default:
                    if (IsLoadFree(e)) scale.Add(e);
                    else rest.Add(e);
                    return true;
            }
        }

        private static bool IsLoadFree(BoundExpr e) => e switch
        {
            ConstExpr or ScalarExpr => true,
            UnaryExpr u => IsLoadFree(u.Operand),
            BinaryExpr b => IsLoadFree(b.Left) && IsLoadFree(b.Right),
            _ => false,
        };

        // A range on key j usable by the kernels: at most one lower and one upper bound, each 'i + (terms of int parameters) + constant'.
        private static KeyWindowPlan? WindowOf(EquatableArray<IndexRange> ranges, string key, string query)
        {
            var range = ranges.FirstOrDefault(r => r.Index == key);
            if (range is null) return new KeyWindowPlan(null, null);
            if (range.Lower.Count > 1 || range.Upper.Count > 1) return null;
            AffineBound? Offset(AffineBound b)
            {
                var q = b.Terms.Where(t => !t.IsParameter).ToList();
                if (q.Count != 1 || q[0].Name != query || q[0].Coefficient != 1) return null;
                return new AffineBound(new EquatableArray<AffineTerm>(b.Terms.Where(t => t.IsParameter).ToArray()), b.Constant);
            }
            AffineBound? low = null, high = null;
            if (range.Lower.Count == 1 && (low = Offset(range.Lower[0])) is null) return null;
            if (range.Upper.Count == 1 && (high = Offset(range.Upper[0])) is null) return null;
            return new KeyWindowPlan(low, high);
        }
    }
}
