using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Programs.Planning
{
    /// <summary>
    /// Decides what is fused and how each statement runs (docs/design.md §3.1):
    /// <list type="number">
    /// <item>An intermediate read once, by a load that is evaluated once per point of its own indices, is inlined
    /// into its consumer (elementwise maps fuse into producers and consumers; nothing is stored).</item>
    /// <item><c>sum[R](softmax[R](s) · v)</c> becomes one streaming pass per row with the online-softmax recurrence; a
    /// single-use intermediate score is inlined into it, so the score tensor is never stored.</item>
    /// <item>A streaming step whose score is <c>α·Σ_l</c> of query and key rows and whose value is a product of value
    /// rows runs on the packed attention kernels (standard or tensor attention, with relative windows).</item>
    /// <item>Everything else is a loop nest; an intermediate that must be stored gets a pooled buffer and a note (TDSL0019).</item>
    /// </list>
    /// Pure function of the bound program, so the generator caches it with the model.
    /// </summary>
    public sealed partial class ProgramPlanner
    {
        private readonly BoundProgram _program;
        private readonly int[] _loads;
        private readonly Dictionary<int, BoundStatement> _definitions = new Dictionary<int, BoundStatement>();
        private readonly Dictionary<int, BoundExpr> _fusedValues = new Dictionary<int, BoundExpr>();
        private readonly List<PlanNote> _notes = new List<PlanNote>();
        private int _fresh;

        private readonly bool _fuseGradients;

        private ProgramPlanner(BoundProgram program, bool fuseGradients)
        {
            _program = program;
            _fuseGradients = fuseGradients;
            _loads = ExprFacts.LoadCounts(program.Tensors.Count, program.Statements);
        }

        /// <summary>Plans <paramref name="program"/>.</summary>
        /// <param name="program">The program.</param>
        /// <param name="fuseGradients">Replace the statements a derived backward marks as one attention backward
        /// (<see cref="BoundStatement.Fused"/>) by one <see cref="AttentionGradientStep"/>; false plans them as written
        /// (the GPU, which has no fused attention backward kernel yet).</param>
        public static ProgramPlan Plan(BoundProgram program, bool fuseGradients = true) => new ProgramPlanner(program, fuseGradients).Run();

        private ProgramPlan Run()
        {
            var steps = new List<ProgramStep>();
            for (int si = 0; si < _program.Statements.Count; si++)
            {
                var s = _program.Statements[si];
                _definitions[s.Target] = s;
                if (_fuseGradients && s.Fused is { } part)
                {
                    // One kernel call for every gradient of this attention statement, where the first of them stands.
                    _fusedValues[s.Target] = s.Value;
                    if (!steps.OfType<AttentionGradientStep>().Any(g => g.Forward == part.Forward)) steps.Add(PlanAttentionGradient(s, si, part));
                    continue;
                }
                if (s.Value is GauntExpr gaunt)
                {
                    // Its own kernel: its operands are read from memory (never inlined) and its result is stored.
                    _fusedValues[s.Target] = gaunt;
                    steps.Add(PlanGaunt(s, si, gaunt));
                    continue;
                }
                var value = InlineSimple(s.Value, s.Indices, insideReduction: false);
                _fusedValues[s.Target] = value;
                steps.Add(TryStreaming(s, si, value) ?? TryContraction(s, si, value) ?? new LoopNestStep(s.Target, s.Indices, si, value));
            }

            // Keep only the steps whose results are read: outputs, and intermediates still loaded by a kept step.
            var needed = new HashSet<int>(Enumerable.Range(0, _program.Tensors.Count).Where(t => _program.Tensors[t].Kind == ProgramTensorKind.Output));
            var kept = new List<ProgramStep>();
            for (int i = steps.Count - 1; i >= 0; i--)
            {
                if (!needed.Contains(steps[i].Target)) continue;
                kept.Insert(0, steps[i]);
                foreach (var t in LoadedTensors(steps[i])) needed.Add(t);
            }
            var materialized = kept.Select(k => k.Target).Where(t => _program.Tensors[t].Kind == ProgramTensorKind.Intermediate).ToList();
            foreach (int t in materialized)
            {
                var tensor = _program.Tensors[t];
                int statement = _program.Statements.Select((s, i) => (s, i)).First(p => p.s.Target == t).i;
                string why = _fusedValues[t] is GauntExpr
                    ? "it is the result of gaunt[…], which runs as a kernel of its own and writes its whole result"
                    : kept.Any(k => k is GauntStep g && (g.Gaunt.X.Tensor == t || g.Gaunt.Y.Tensor == t))
                    ? "it is an operand of gaunt[…], whose kernel reads its operands from memory"
                    : _loads[t] > 1
                    ? $"it is read {_loads[t]} times, so it is computed once and stored"
                    : "it is read inside a loop over indices it does not have (or under a reduction), where recomputing it would multiply its cost, so it is stored";
                _notes.Add(new PlanNote(statement,
                    $"Intermediate '{tensor.Name}[{string.Join(",", tensor.Indices)}]' is materialized in a pooled buffer: {why}"));
            }
            return new ProgramPlan(new EquatableArray<ProgramStep>(kept.ToArray()), new EquatableArray<int>(materialized.ToArray()),
                new EquatableArray<PlanNote>(_notes.OrderBy(n => n.Statement).ToArray()));
        }

        private static IEnumerable<int> LoadedTensors(ProgramStep step)
        {
            var exprs = step switch
            {
                LoopNestStep l => new[] { l.Value },
                EinsumStep e => new[] { e.Value },
                StreamingSoftmaxStep s => new[] { s.Score, s.Value },
                AttentionStep a => a.Operands.Cast<BoundExpr>().ToArray(),
                AttentionGradientStep g => g.Forward.Operands.Cast<BoundExpr>().Append(new LoadExpr(g.Forward.Target, g.Forward.Indices)).ToArray(),
                GauntStep g => new BoundExpr[] { g.Gaunt.X, g.Gaunt.Y },
                _ => new BoundExpr[0],
            };
            var result = new HashSet<int>();
            foreach (var e in exprs) CollectLoads(e, result);
            return result;
        }

        private static void CollectLoads(BoundExpr e, HashSet<int> into)
        {
            switch (e)
            {
                case LoadExpr l: into.Add(l.Tensor); break;
                case UnaryExpr u: CollectLoads(u.Operand, into); break;
                case BinaryExpr b: CollectLoads(b.Left, into); CollectLoads(b.Right, into); break;
                case ReduceExpr r: CollectLoads(r.Body, into); break;
            }
        }

        // Inlines single-use intermediates whose value is computed once per point anyway: elementwise definitions
        // anywhere, and definitions with reductions when read outside any reduction at exactly the consumer's indices.
        private BoundExpr InlineSimple(BoundExpr e, EquatableArray<string> pointIndices, bool insideReduction)
        {
            switch (e)
            {
                case LoadExpr load when CanInline(load, pointIndices, insideReduction):
                    return Instantiate(load);
                case UnaryExpr u:
                    return new UnaryExpr(u.Op, InlineSimple(u.Operand, pointIndices, insideReduction));
                case BinaryExpr b:
                    return new BinaryExpr(b.Op, InlineSimple(b.Left, pointIndices, insideReduction), InlineSimple(b.Right, pointIndices, insideReduction));
                case ReduceExpr r:
                    return new ReduceExpr(r.Kind, r.Indices, r.Ranges, InlineSimple(r.Body, pointIndices, insideReduction: true));
                default:
                    return e;
            }
        }

        private bool CanInline(LoadExpr load, EquatableArray<string> pointIndices, bool insideReduction)
        {
            if (_program.Tensors[load.Tensor].Kind != ProgramTensorKind.Intermediate || _loads[load.Tensor] != 1) return false;
            if (!_fusedValues.TryGetValue(load.Tensor, out var value) || value is GauntExpr) return false;
            if (!ExprFacts.HasReduction(value)) return true;
            return !insideReduction && SameSet(load.Indices, pointIndices) && load.Indices.Distinct().Count() == load.Indices.Count;
        }

        // The definition's (already fused) value with its left-side indices renamed to the load's indices and its
        // reduced indices renamed to fresh names, so nothing is captured by the consumer's indices.
        private BoundExpr Instantiate(LoadExpr load)
        {
            var definition = _definitions[load.Tensor];
            var value = _fusedValues[load.Tensor];
            var map = new Dictionary<string, string>();
            for (int a = 0; a < definition.Indices.Count; a++) map[definition.Indices[a]] = load.Indices[a];
            foreach (var b in ExprFacts.ReducedIndices(value)) map[b] = IndexNames.Origin(b) + "'" + (++_fresh).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ExprFacts.Rename(value, map);
        }

        private AttentionGradientStep PlanAttentionGradient(BoundStatement first, int statement, AttentionGradientPart part)
        {
            var gradients = Enumerable.Repeat(-1, part.Forward.Operands.Count).ToArray();
            int scale = -1;
            foreach (var s in _program.Statements.Where(x => x.Fused is { } f && f.Forward == part.Forward))
            {
                if (s.Fused!.Role < 0) scale = s.Target;
                else gradients[s.Fused.Role] = s.Target;
            }
            return new AttentionGradientStep(first.Target, first.Indices, statement, part.Forward, new EquatableArray<int>(gradients), scale, first.Accumulate);
        }

        private GauntStep PlanGaunt(BoundStatement s, int statement, GauntExpr gaunt)
        {
            var product = gaunt.Product(_program.Element, _program.Tensors[gaunt.X.Tensor].Name, _program.Tensors[gaunt.Y.Tensor].Name, _program.Tensors[s.Target].Name);
            var lowering = Equivariant.GauntProductPlanner.Plan(product).Lowering;
            return new GauntStep(s.Target, s.Indices, statement, gaunt, product, lowering);
        }

        internal static bool SameSet(IEnumerable<string> a, IEnumerable<string> b)
        {
            var x = new HashSet<string>(a);
            return x.SetEquals(b);
        }
    }
}
