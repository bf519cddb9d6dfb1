using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;
using static TensorDsl.Language.Gradients.ExprAlgebra;

namespace TensorDsl.Language.Gradients
{
    /// <summary>
    /// Assembles the backward program of <see cref="GradientDerivation"/>: the forward's intermediates recomputed, then the
    /// forward's statements walked last to first (<see cref="AdjointWalk"/>), each intermediate's gradient a statement once
    /// all its readers have contributed, and last the requested input gradients, the outputs of the backward.
    /// </summary>
    internal sealed class BackwardBuilder
    {
        private readonly BoundProgram _forward;
        private readonly int[] _loads; // how often the (inlined) forward loads each tensor
        private readonly List<ProgramTensor> _tensors;
        private readonly List<ProgramScalar> _scalars;
        private readonly List<IndexClass> _classes;
        private readonly List<AxisUse> _uses;
        private readonly List<BoundStatement> _statements = new List<BoundStatement>();
        private readonly HashSet<string> _indexNames = new HashSet<string>();
        private readonly HashSet<int> _wantedTensors = new HashSet<int>();
        private readonly HashSet<int> _wantedScalars = new HashSet<int>();
        private readonly Dictionary<ReduceExpr, (BoundExpr IsMax, BoundExpr Ties)> _maxima = new Dictionary<ReduceExpr, (BoundExpr, BoundExpr)>();
        private readonly Dictionary<ReduceExpr, LoadExpr> _logSumExp = new Dictionary<ReduceExpr, LoadExpr>();
        private readonly Dictionary<(int Tensor, int Scalar), Programs.Planning.AttentionGradientPart> _fused = new Dictionary<(int, int), Programs.Planning.AttentionGradientPart>();
        private string? _windowIndex;
        private int _fresh;

        public BackwardBuilder(BoundProgram forward)
        {
            forward = PathSplitting.Apply(forward);
            _tensors = forward.Tensors.ToList();
            _scalars = forward.Scalars.ToList();
            _classes = forward.Classes.ToList();
            _uses = forward.Uses.ToList();
            foreach (var c in forward.Classes) _indexNames.UnionWith(c.Members);
            foreach (var s in forward.Statements)
            {
                _indexNames.UnionWith(s.Indices);
                _indexNames.UnionWith(ExprFacts.FreeIndices(s.Value));
                _indexNames.UnionWith(ExprFacts.ReducedIndices(s.Value));
            }
            _forward = ScoreInlining.Apply(forward, FreshIndex);
            _loads = ExprFacts.LoadCounts(_forward.Tensors.Count, _forward.Statements);
        }

        /// <summary>True when the value of <paramref name="e"/> depends on a tensor or scalar whose gradient is wanted.</summary>
        public bool Depends(BoundExpr e) => e switch
        {
            LoadExpr l => _wantedTensors.Contains(l.Tensor),
            ScalarExpr s => _wantedScalars.Contains(s.Scalar),
            UnaryExpr u => Depends(u.Operand),
            BinaryExpr b => Depends(b.Left) || Depends(b.Right),
            ReduceExpr r => Depends(r.Body),
            GauntExpr g => Depends(g.X) || Depends(g.Y),
            _ => false,
        };

        /// <summary>A name for a copy of index <paramref name="index"/> that no other index of the program has (<c>j</c> → <c>j'1001</c>).</summary>
        public string FreshIndex(string index)
        {
            string name;
            do name = IndexNames.Origin(index) + "'" + (1000 + ++_fresh).ToString(CultureInfo.InvariantCulture);
            while (_indexNames.Contains(name));
            _indexNames.Add(name);
            return name;
        }

        public BoundProgram Build(IReadOnlyList<string> requested, bool accumulate)
        {
            var inputs = GradientDerivation.Inputs(_forward);
            var targets = inputs.Where(i => i.Differentiable && requested.Contains(i.Name)).ToList();
            if (targets.Count == 0) throw new GradientDerivation.NotDifferentiableException("no input gradient is requested");
            foreach (var t in targets)
            {
                if (t.Tensor >= 0) _wantedTensors.Add(t.Tensor);
                else _wantedScalars.Add(t.Scalar);
            }
            // An intermediate carries a gradient when its value depends on a wanted input.
            foreach (var s in _forward.Statements)
            {
                if (_forward.Tensors[s.Target].Kind == ProgramTensorKind.Intermediate && Depends(s.Value)) _wantedTensors.Add(s.Target);
            }

            var attention = FusableAttention();
            int next = AssignForwardParameters(inputs);
            // The forward's intermediates, recomputed: the planner fuses or stores them as in the forward.
            foreach (var s in _forward.Statements)
            {
                if (_forward.Tensors[s.Target].Kind == ProgramTensorKind.Intermediate) _statements.Add(s with { Accumulate = false });
            }

            // Walk the statements last to first; an intermediate's gradient is complete when its definition is reached.
            var contributions = new List<Contribution>();
            var gradientOf = new Dictionary<int, int>();
            foreach (int o in OutputsInOrder()) gradientOf[o] = o; // dO replaces the output at the same tensor index
            for (int si = _forward.Statements.Count - 1; si >= 0; si--)
            {
                var s = _forward.Statements[si];
                if (!Depends(s.Value)) continue;
                if (_forward.Tensors[s.Target].Kind == ProgramTensorKind.Intermediate)
                {
                    var mine = contributions.Where(c => c.Tensor == s.Target).ToList();
                    if (mine.Count == 0) continue; // nothing that matters reads it
                    gradientOf[s.Target] = Define(GradientDerivation.GradientName(_forward.Tensors[s.Target].Name), s.Indices, Sum(mine, s.Indices)).Tensor;
                }
                var seed = new LoadExpr(gradientOf[s.Target], s.Indices);
                var found = new List<Contribution>();
                if (s.Value is GauntExpr gaunt) GauntAdjoints(s, gaunt, seed, found, accumulate);
                else new AdjointWalk(this, found).Propagate(s.Value, seed, s.Indices.ToList(), new List<IndexRange>());
                if (attention.TryGetValue(si, out var step)) MarkFused(step with { Target = seed.Tensor }, found);
                contributions.InsertRange(0, found); // a gradient's terms in the forward's statement order

            }

            // The requested input gradients, in the forward's order: the backward's outputs.
            var gradients = new List<int>();
            foreach (var t in targets)
            {
                var mine = contributions.Where(c => t.Tensor >= 0 ? c.Tensor == t.Tensor : c.Scalar == t.Scalar).ToList();
                if (mine.Count == 0) throw new GradientDerivation.NotDifferentiableException($"{(t.Tensor >= 0 ? "input" : "scalar")} '{t.Name}' reaches no output through a differentiable path (it is not read, or only through step), so its gradient is zero everywhere");
                // A Gaunt product that is the input's whole gradient is its statement, at the load's own indices.
                var gaunt = mine[0].Value as GauntExpr;
                var indices = gaunt is not null ? mine[0].At : t.Tensor >= 0 ? GradientIndices(mine[0].At) : EquatableArray<string>.Empty;
                int d = AddTensor(GradientDerivation.GradientName(t.Name), ProgramTensorKind.Output, indices);
                if (t.Tensor >= 0)
                {
                    foreach (var use in _forward.Uses.Where(u => u.Tensor == t.Tensor)) _uses.Add(use with { Tensor = d, Index = indices[Axis(use.Axis, indices.Count)] });
                }
                _fused.TryGetValue((t.Tensor, t.Scalar), out var fused);
                _statements.Add(new BoundStatement(d, indices, gaunt ?? Sum(mine, indices), 0, 0, accumulate, fused));
                gradients.Add(d);
            }
            foreach (int d in gradients) _tensors[d] = _tensors[d] with { Parameter = next++ };
            return Assemble();
        }

        // The forward's statements that the planner runs on the fused attention kernels and whose backward the fused
        // attention backward kernel can compute: every operand an input read by this statement alone (so its gradient is
        // this statement's contribution, whole), and a scale that is constant or one scalar read nowhere else.
        private Dictionary<int, Programs.Planning.AttentionStep> FusableAttention()
        {
            var result = new Dictionary<int, Programs.Planning.AttentionStep>();
            var scalarReads = new int[_forward.Scalars.Count];
            foreach (var st in _forward.Statements) CountScalars(st.Value, scalarReads);
            foreach (var a in Programs.Planning.ProgramPlanner.Plan(_forward).Steps.OfType<Programs.Planning.AttentionStep>())
            {
                if (a.Operands.Any(o => _loads[o.Tensor] != 1)) continue;
                if (Depends(a.Scale) && !(a.Scale is ScalarExpr sc && scalarReads[sc.Scalar] == 1)) continue;
                result[a.Statement] = a;
            }
            return result;
        }

        private static void CountScalars(BoundExpr e, int[] into)
        {
            switch (e)
            {
                case ScalarExpr s: into[s.Scalar]++; break;
                case UnaryExpr u: CountScalars(u.Operand, into); break;
                case BinaryExpr b: CountScalars(b.Left, into); CountScalars(b.Right, into); break;
                case ReduceExpr r: CountScalars(r.Body, into); break;
                case GauntExpr g: CountScalars(g.X, into); CountScalars(g.Y, into); break;
            }
        }

        // Each contribution of a fusable attention statement is the whole gradient of its operand (or the scale): it is
        // marked as that operand's part of the fused backward, which its gradient's statement carries.
        private void MarkFused(Programs.Planning.AttentionStep step, List<Contribution> found)
        {
            foreach (var c in found)
            {
                int role = c.Tensor >= 0 ? step.Operands.Select(o => o.Tensor).ToList().IndexOf(c.Tensor) : -1;
                _fused[(c.Tensor, c.Tensor >= 0 ? -1 : c.Scalar)] = new Programs.Planning.AttentionGradientPart(step, role);
            }
        }

        private static int Axis(int axis, int rank) => axis < 0 ? rank + axis : axis;

        // The backward's parameter ordinals: the forward's inputs and scalars keep their relative order; then the output
        // gradients dO, in the forward's order (each at its output's tensor index, so its axis uses carry over).
        private int AssignForwardParameters(List<GradientDerivation.ForwardInput> inputs)
        {
            int next = 0;
            foreach (var p in inputs)
            {
                if (p.Tensor >= 0) _tensors[p.Tensor] = _tensors[p.Tensor] with { Parameter = next++ };
                else _scalars[p.Scalar] = _scalars[p.Scalar] with { Parameter = next++ };
            }
            foreach (int o in OutputsInOrder())
            {
                var output = _forward.Tensors[o];
                _tensors[o] = new ProgramTensor(GradientDerivation.GradientName(output.Name), ProgramTensorKind.Input, output.Rank, next++, EquatableArray<string>.Empty);
            }
            return next;
        }

        private IEnumerable<int> OutputsInOrder()
            => Enumerable.Range(0, _forward.Tensors.Count).Where(i => _forward.Tensors[i].Kind == ProgramTensorKind.Output).OrderBy(i => _forward.Tensors[i].Parameter);

        // The gradient's left-side indices: the first read's as the forward wrote them (a summed index renamed by the walk
        // gets its own name back), or fresh copies where that read is a diagonal.
        private EquatableArray<string> GradientIndices(EquatableArray<string> at)
        {
            var names = new string[at.Count];
            for (int a = 0; a < names.Length; a++)
            {
                string origin = IndexNames.Origin(at[a]);
                names[a] = names.Take(a).Contains(origin) ? FreshIndex(at[a]) : origin;
            }
            return new EquatableArray<string>(names);
        }

        // Σ of the contributions to one gradient with left side `indices`: each one's load indices renamed to the
        // gradient's, its other indices renamed apart from them and summed, its windows and diagonals kept as a window.
        private BoundExpr Sum(List<Contribution> contributions, EquatableArray<string> indices)
        {
            BoundExpr? total = null;
            foreach (var c in contributions)
            {
                var map = new Dictionary<string, string>();
                var equal = new List<(string A, string B)>();
                for (int a = 0; a < c.At.Count; a++)
                {
                    if (map.TryGetValue(c.At[a], out var first)) equal.Add((indices[a], first));
                    else map[c.At[a]] = indices[a];
                }
                var names = c.Scope.Concat(ExprFacts.FreeIndices(c.Value)).Concat(c.Windows.SelectMany(WindowNames)).Distinct().ToList();
                foreach (var n in names)
                {
                    if (!map.ContainsKey(n) && indices.Contains(n)) map[n] = FreshIndex(n);
                }
                var value = ExprFacts.Rename(c.Value, map);
                var windows = c.Windows.Select(w => ExprFacts.Rename(w, map)).ToList();
                var summed = names.Select(n => map.TryGetValue(n, out var m) ? m : n).Distinct().Where(n => !indices.Contains(n)).ToArray();
                var part = windows.Count > 0 || equal.Count > 0 ? SumOver(summed, WindowIndicator(windows, equal, value)) : Nested(value, summed);
                total = total is null ? part : Add(total, part);
            }
            return total!;
        }

        // Σ[summed] of a product, with the factors that have reductions of their own (a recomputed score) taken out of the
        // sum over the indices they do not depend on: Σ_j,c e(i,j)·f(i,c)·g(j,c) = Σ_j e(i,j)·Σ_c f(i,c)·g(j,c), so a score
        // is recomputed once per point of its own indices, not once per term. A product of loads stays one flat sum,
        // which the contraction planner plans.
        private static BoundExpr Nested(BoundExpr value, string[] summed)
        {
            bool negate = value is UnaryExpr { Op: UnaryOp.Negate };
            var factors = ExprFacts.Factors(negate ? ((UnaryExpr)value).Operand : value);
            var expensive = factors.Where(ExprFacts.HasReduction).ToList();
            var outer = summed.Where(i => expensive.Any(f => ExprFacts.FreeIndices(f).Contains(i))).ToList();
            var inner = summed.Where(i => !outer.Contains(i)).ToList();
            if (expensive.Count == 0 || inner.Count == 0) return SumOver(summed, value);
            var innerFactors = factors.Where(f => !ExprFacts.HasReduction(f) && ExprFacts.FreeIndices(f).Any(inner.Contains)).ToList();
            BoundExpr Product(IEnumerable<BoundExpr> fs) => fs.Aggregate((BoundExpr)One, Mul);
            var nested = SumOver(outer, Mul(Product(factors.Where(f => !innerFactors.Contains(f))), SumOver(inner, Product(innerFactors))));
            return negate ? Neg(nested) : nested;
        }

        // Σ over `over` of `body`; the body itself when there is nothing to sum.
        private static BoundExpr SumOver(IReadOnlyList<string> over, BoundExpr body)
            => over.Count == 0 ? body : new ReduceExpr(ReductionKind.Sum, new EquatableArray<string>(over.ToArray()), EquatableArray<IndexRange>.Empty, body);

        private static IEnumerable<string> WindowNames(IndexRange w)
            => new[] { w.Index }.Concat(ExprFacts.Bounds(w).SelectMany(b => b.Terms.Where(t => !t.IsParameter).Select(t => t.Name)));

        // A window of the forward, `lower ≤ j < upper` with bounds affine in other indices, becomes a condition on indices
        // that are all bound in the gradient's statement. It is written as a sum over an index `u` of size 1 whose range
        // is max(0, lower − j) ≤ u < min(1, upper − j): u = 0 is admitted exactly when every condition holds, so the value
        // counts once where the window admits the point and not at all elsewhere. A diagonal a = b is two such conditions.
        private BoundExpr WindowIndicator(List<IndexRange> windows, List<(string A, string B)> equal, BoundExpr value)
        {
            var lower = new List<AffineBound>();
            var upper = new List<AffineBound>();
            foreach (var w in windows)
            {
                foreach (var l in w.Lower) lower.Add(Minus(l, w.Index));
                foreach (var b in w.Upper) upper.Add(Minus(b, w.Index));
            }
            foreach (var (a, b) in equal)
            {
                // u ≥ b − a and u < b − a + 1: only u = 0 when a = b.
                lower.Add(Minus(new AffineBound(new EquatableArray<AffineTerm>(new[] { new AffineTerm(b, false, 1) }), 0), a));
                upper.Add(Minus(new AffineBound(new EquatableArray<AffineTerm>(new[] { new AffineTerm(b, false, 1) }), 1), a));
            }
            string u = WindowIndex();
            var range = new IndexRange(u, new EquatableArray<AffineBound>(lower.ToArray()), new EquatableArray<AffineBound>(upper.ToArray()));
            return new ReduceExpr(ReductionKind.Sum, new EquatableArray<string>(new[] { u }), new EquatableArray<IndexRange>(new[] { range }), value);
        }

        // bound − index, with like terms combined.
        private static AffineBound Minus(AffineBound bound, string index)
        {
            var terms = bound.Terms.ToList();
            terms.Add(new AffineTerm(index, false, -1));
            var combined = terms.GroupBy(t => (t.Name, t.IsParameter))
                .Select(g => new AffineTerm(g.Key.Name, g.Key.IsParameter, g.Sum(t => t.Coefficient))).Where(t => t.Coefficient != 0).ToArray();
            return new AffineBound(new EquatableArray<AffineTerm>(combined), bound.Constant);
        }

        // The index of size 1 that window indicators sum over: one class, added on first use.
        private string WindowIndex()
        {
            if (_windowIndex is null)
            {
                string name = "window";
                for (int n = 2; _indexNames.Contains(name); n++) name = "window" + n.ToString(CultureInfo.InvariantCulture);
                _indexNames.Add(name);
                _classes.Add(new IndexClass(new EquatableArray<string>(new[] { name }), 1, -1));
                _windowIndex = name;
            }
            return _windowIndex;
        }

        /// <summary>
        /// Stores what <c>max[J](body)</c> compares, so that its gradient can test "this argument is the maximum" exactly:
        /// <c>args[F,J] = body</c>, <c>top[F] = max[J](args[F,J])</c> and <c>ties[F] = sum[J](1 − step(top[F] − args[F,J]))</c>,
        /// with F the indices the maximum depends on. Returns <c>1 − step(top[F] − args[F,J])</c> (1 at a maximal argument,
        /// 0 elsewhere) and <c>ties[F]</c>, in the reduction's own index names.
        /// </summary>
        public (BoundExpr IsMax, BoundExpr Ties) MaterializeMax(ReduceExpr max)
        {
            if (_maxima.TryGetValue(max, out var known)) return known;
            var outer = new EquatableArray<string>(ExprFacts.FreeIndices(max).ToArray());
            var all = new EquatableArray<string>(outer.Concat(max.Indices).ToArray());
            var args = Define("maxArgs", all, max.Body);
            var top = Define("maxValue", outer, new ReduceExpr(ReductionKind.Max, max.Indices, max.Ranges, args));
            var isMax = Sub(One, Step(Sub(top, args)));
            var ties = Define("maxTies", outer, new ReduceExpr(ReductionKind.Sum, max.Indices, max.Ranges, isMax));
            return _maxima[max] = (isMax, ties);
        }

        /// <summary>
        /// <c>softmax[J](s)</c> at its point as <c>exp(s − lse[F])</c>, with the row's log-sum-exp stored:
        /// <c>lseMax[F] = max[J](s)</c>, <c>lse[F] = lseMax[F] + log(sum[J](exp(s − lseMax[F])))</c>, F the indices the
        /// normalizer depends on. The softmax itself where it has no such index (a rank-0 statistic is not stored).
        /// </summary>
        public BoundExpr SoftmaxFromLogSumExp(ReduceExpr softmax)
        {
            var outer = new EquatableArray<string>(ExprFacts.FreeIndices(softmax).Where(i => !softmax.Indices.Contains(i)).ToArray());
            if (outer.Count == 0) return softmax;
            if (!_logSumExp.TryGetValue(softmax, out var lse))
            {
                var max = Define("lseMax", outer, new ReduceExpr(ReductionKind.Max, softmax.Indices, softmax.Ranges, softmax.Body));
                var sum = new ReduceExpr(ReductionKind.Sum, softmax.Indices, softmax.Ranges, new UnaryExpr(UnaryOp.Exp, Sub(softmax.Body, max)));
                lse = _logSumExp[softmax] = Define("lse", outer, Add(max, new UnaryExpr(UnaryOp.Log, sum)));
            }
            return new UnaryExpr(UnaryOp.Exp, Sub(softmax.Body, lse));
        }

        /// <summary>
        /// Stores <paramref name="value"/> in an intermediate named after <paramref name="name"/> over the indices it depends
        /// on and returns its load; returns the value itself where it depends on none.
        /// </summary>
        public BoundExpr Store(string name, BoundExpr value)
        {
            var indices = new EquatableArray<string>(ExprFacts.FreeIndices(value).ToArray());
            return indices.Count == 0 ? value : Define(name, indices, value);
        }

        // A new intermediate `name` (made unique), defined here by `name[indices] = value`; its load.
        private LoadExpr Define(string name, EquatableArray<string> indices, BoundExpr value)
        {
            int t = AddTensor(Unique(name), ProgramTensorKind.Intermediate, indices);
            _statements.Add(new BoundStatement(t, indices, value, 0, 0));
            return new LoadExpr(t, indices);
        }

        // z[…,k] = gaunt[L1,L2,LOut](x[…,i], y[…,j]): the real Gaunt coefficients are symmetric in i, j, k, so
        // dx[…,i] = gaunt[L2,LOut,L1](y[…,j], dz[…,k]) and dy[…,j] = gaunt[L1,LOut,L2](x[…,i], dz[…,k]) — Gaunt products
        // again, planned (Sparse or Fourier) like the forward's. An input read by this product alone, along all of its
        // leading indices, gets the product as its gradient's statement (a [GauntProduct]'s case); otherwise the product is
        // stored in an intermediate that the operand's gradient reads (summed over leading indices it broadcasts along).
        private void GauntAdjoints(BoundStatement s, GauntExpr gaunt, LoadExpr seed, List<Contribution> into, bool accumulate)
        {
            var lead = s.Indices.Take(s.Indices.Count - 1).ToList();
            foreach (var (operand, other, lSelf, lOther) in new[] { (gaunt.X, gaunt.Y, gaunt.L1, gaunt.L2), (gaunt.Y, gaunt.X, gaunt.L2, gaunt.L1) })
            {
                if (!Depends(operand)) continue;
                // Where the operand's degree exceeds the sum of the other two, its top degrees do not reach the result:
                // their gradient is zero, which the Sparse table gives exactly (it has no entry there); the Fourier
                // lowering is built for results up to the sum of its operands' degrees.
                var method = lSelf > lOther + gaunt.LOut ? Equivariant.GauntMethodKind.Sparse : gaunt.Method;
                string harmonic = operand.Indices[operand.Indices.Count - 1];
                var indices = new EquatableArray<string>(lead.Concat(new[] { harmonic }).ToArray());
                var product = new GauntExpr(lOther, gaunt.LOut, lSelf, other, seed, harmonic, method);
                // The Gaunt kernel writes its whole result: where the gradient accumulates, the product goes to a helper
                // that the gradient's statement adds in.
                bool direct = !accumulate
                    && _forward.Tensors[operand.Tensor].Kind == ProgramTensorKind.Input
                    && _loads[operand.Tensor] == 1
                    && operand.Indices.SequenceEqual(indices);
                if (direct)
                {
                    into.Add(new Contribution(operand.Tensor, -1, operand.Indices, product, indices.ToList(), new List<IndexRange>()));
                    continue;
                }
                var helper = Define(GradientDerivation.GradientName(_forward.Tensors[operand.Tensor].Name) + "Gaunt", indices, product);
                into.Add(new Contribution(operand.Tensor, -1, operand.Indices, helper, indices.ToList(), new List<IndexRange>()));
            }
        }

        private int AddTensor(string name, ProgramTensorKind kind, EquatableArray<string> indices)
        {
            _tensors.Add(new ProgramTensor(name, kind, indices.Count, -1, indices));
            return _tensors.Count - 1;
        }

        // `name`, or `name2`, `name3`, … where a tensor or scalar already has it.
        private string Unique(string name) => GradientDerivation.UniqueName(name, _tensors, _scalars);

        // The program, with its text: the statements in the language, one per line.
        private BoundProgram Assemble()
        {
            var draft = _forward with
            {
                Tensors = new EquatableArray<ProgramTensor>(_tensors.ToArray()),
                Scalars = new EquatableArray<ProgramScalar>(_scalars.ToArray()),
                Classes = new EquatableArray<IndexClass>(_classes.ToArray()),
                Uses = new EquatableArray<AxisUse>(_uses.ToArray()),
                Statements = new EquatableArray<BoundStatement>(_statements.ToArray()),
            };
            var placed = new List<BoundStatement>();
            var lines = new List<string>();
            int start = 0;
            foreach (var s in _statements)
            {
                string line = BoundProgramText.Statement(draft, s);
                placed.Add(s with { Start = start, Length = line.Length });
                lines.Add(line);
                start += line.Length + 1;
            }
            return draft with { Text = string.Join("\n", lines), Statements = new EquatableArray<BoundStatement>(placed.ToArray()) };
        }
    }
}
