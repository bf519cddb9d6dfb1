using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Programs.Planning
{
    public sealed partial class ProgramPlanner
    {
        /// <summary>
        /// A statement whose value is an elementwise function of sums of products — <c>sum[R](A · B · …)</c> with no
        /// <c>where</c> window — is planned like an einsum, one contraction per sum (an <see cref="EinsumStep"/>): the same
        /// contraction planner and GEMM as <c>[Einsum]</c>, with what surrounds the sums as an epilogue. Null (and, when the
        /// statement sums, a TDSL0027 note saying why) when the value does not have that form.
        /// </summary>
        private ProgramStep? TryContraction(BoundStatement s, int si, BoundExpr value)
        {
            var sites = new List<ReduceExpr>();
            string? why = CollectSites(value, sites);
            if (sites.Count == 0 && why is null)
            {
                // Elementwise: nothing to contract — except in an einsum, whose product of loads is always planned by the
                // contraction planner, summed indices or not ("ij,jk->ijk", "...i,...i->...i"), as [Einsum] always was.
                if (!_program.Broadcasting || !IsProductOfLoads(value)) return null;
                value = new ReduceExpr(ReductionKind.Sum, EquatableArray<string>.Empty, EquatableArray<IndexRange>.Empty, value);
                sites.Add((ReduceExpr)value);
            }
            var prologues = new List<PrologueFactor>();
            var operandsOfSite = new List<List<(LoadExpr? Load, int Prologue)>>();
            var scales = new List<BoundExpr?>();
            if (why is null)
            {
                foreach (var site in sites)
                {
                    var (operands, scale, reason) = SplitSite(site, prologues);
                    if (reason is not null)
                    {
                        why = reason;
                        break;
                    }
                    operandsOfSite.Add(operands);
                    scales.Add(scale);
                }
            }

            // One-letter labels for the indices the contractions use (IndexLabels). The '...' group of an einsum has no
            // label: it stays "..." in the contraction's spec.
            var labels = new Dictionary<string, char>();
            if (why is null)
            {
                var indices = new List<string>();
                foreach (var site in sites) AddAll(indices, IndicesOf(site));
                foreach (var p in prologues) AddAll(indices, p.Indices);
                var assigned = IndexLabels.Assign(indices.Where(i => i != IndexNames.Ellipsis));
                if (assigned is null) why = $"its sums use more than {IndexLabels.Alphabet.Length} indices";
                else labels = assigned;
            }
            if (why is not null)
            {
                _notes.Add(new PlanNote(si, $"Statement '{_program.Tensors[s.Target].Name}[{string.Join(",", s.Indices)}]' runs as a scalar, single-threaded loop nest, " +
                    $"not as a planned contraction: {why}", DiagnosticIds.ScalarLoopNest));
                return null;
            }

            string Subscript(IEnumerable<string> indices) => string.Concat(indices.Select(i => i == IndexNames.Ellipsis ? IndexNames.Ellipsis : labels[i].ToString()));
            var targetSet = new HashSet<string>(s.Indices);
            var parts = new List<ContractionPart>();
            var replacements = new Dictionary<ReduceExpr, BoundExpr>();
            for (int k = 0; k < sites.Count; k++)
            {
                var free = new HashSet<string>(ExprFacts.FreeIndices(sites[k]));
                var resultIndices = s.Indices.Where(free.Contains).ToArray();
                bool intoTarget = sites.Count == 1 && free.SetEquals(targetSet) && s.Indices.Distinct().Count() == s.Indices.Count;
                var operands = operandsOfSite[k].Select(o => new ContractionOperand(o.Load, o.Prologue,
                    Subscript(o.Load is { } load ? load.Indices : prologues[o.Prologue].Indices))).ToArray();
                var spec = operands.Any(o => o.Labels.Contains(IndexNames.Ellipsis))
                    ? EinsumParser.ParseOrThrow(string.Join(",", operands.Select(o => o.Labels)) + "->" + Subscript(resultIndices))
                    : EinsumSpec.FromLabels(operands.Select(o => o.Labels).ToArray(), Subscript(resultIndices));
                var dims = new List<StaticDim>();
                foreach (var pair in labels)
                {
                    long size = _program.Classes[_program.ClassOf(pair.Key)].StaticSize;
                    if (size > 0 && spec.Labels.IndexOf(pair.Value) >= 0) dims.Add(new StaticDim(pair.Value.ToString(), size, OnMethod: true));
                }
                var plan = ExecutionPlanner.Plan(spec, new EquatableArray<StaticDim>(dims.ToArray()));
                parts.Add(new ContractionPart(new EquatableArray<ContractionOperand>(operands), new EquatableArray<string>(resultIndices), spec, plan, intoTarget));
                BoundExpr partValue = new PartExpr(k, new EquatableArray<string>(resultIndices));
                replacements[sites[k]] = scales[k] is { } scale ? new BinaryExpr(BinaryOp.Multiply, scale, partValue) : partValue;
            }
            BoundExpr epilogue = ReplaceSites(value, replacements);
            bool direct = parts.Count == 1 && parts[0].IntoTarget && epilogue is PartExpr;
            var bindings = labels.Select(p => new LabelBinding(p.Key, p.Value)).OrderBy(b => IndexLabels.Alphabet.IndexOf(b.Label)).ToArray();
            return new EinsumStep(s.Target, s.Indices, si, value, new EquatableArray<LabelBinding>(bindings),
                new EquatableArray<PrologueFactor>(prologues.ToArray()), new EquatableArray<ContractionPart>(parts.ToArray()), direct ? null : epilogue);
        }

        private static bool IsProductOfLoads(BoundExpr e)
        {
            var factors = ExprFacts.Factors(e);
            return factors.All(f => f is LoadExpr);
        }

        // The sums outside any other reduction; a reason when the value has a reduction that cannot be contracted.
        private static string? CollectSites(BoundExpr e, List<ReduceExpr> sites)
        {
            switch (e)
            {
                case ReduceExpr { Kind: ReductionKind.Sum } r when r.Ranges.Count == 0:
                    sites.Add(r);
                    return null;
                case ReduceExpr { Kind: ReductionKind.Sum }:
                    return "its sum has a 'where' window (a windowed sum is a loop nest; windows are fast in attention-shaped programs)";
                case ReduceExpr { Kind: ReductionKind.Max }:
                    return "it has a 'max' reduction, which is not a contraction";
                case ReduceExpr:
                    return "it has a 'softmax' that is not streamed (see the TDSL0019 note)";
                case UnaryExpr u:
                    return CollectSites(u.Operand, sites);
                case BinaryExpr b:
                    return CollectSites(b.Left, sites) ?? CollectSites(b.Right, sites);
                default:
                    return null;
            }
        }

        // The operands of one sum (loads, or prologue factors for elementwise ones) and its load-free scale; or why not.
        private (List<(LoadExpr? Load, int Prologue)> Operands, BoundExpr? Scale, string? Why) SplitSite(ReduceExpr site, List<PrologueFactor> prologues)
        {
            var factors = ExprFacts.Factors(site.Body);
            var operands = new List<(LoadExpr?, int)>();
            var scale = new List<BoundExpr>();
            // A prologue buffer may be as large as the largest tensor the sum reads, never larger.
            int widest = factors.SelectMany(Loads).Select(l => l.Indices.Distinct().Count()).DefaultIfEmpty(0).Max();
            foreach (var f in factors)
            {
                if (f is LoadExpr load)
                {
                    operands.Add((load, -1));
                }
                else if (IsLoadFree(f))
                {
                    scale.Add(f);
                }
                else if (ExprFacts.HasReduction(f))
                {
                    return (operands, null, "a factor of its sum has a reduction of its own");
                }
                else
                {
                    var indices = ExprFacts.FreeIndices(f);
                    if (indices.Count > widest)
                    {
                        return (operands, null, $"a factor of its sum combines tensors elementwise over {indices.Count} indices " +
                            $"({string.Join(",", indices)}), more than any tensor it reads has, so it cannot be computed into a buffer first");
                    }
                    prologues.Add(new PrologueFactor(new EquatableArray<string>(indices.ToArray()), f));
                    operands.Add((null, prologues.Count - 1));
                }
            }
            if (operands.Count == 0) return (operands, null, "its sum reads no tensor");
            BoundExpr? product = scale.Count == 0 ? null : scale.Aggregate((a, b) => new BinaryExpr(BinaryOp.Multiply, a, b));
            return (operands, product, null);
        }

        private static IEnumerable<LoadExpr> Loads(BoundExpr e) => e switch
        {
            LoadExpr l => new[] { l },
            UnaryExpr u => Loads(u.Operand),
            BinaryExpr b => Loads(b.Left).Concat(Loads(b.Right)),
            ReduceExpr r => Loads(r.Body),
            _ => Enumerable.Empty<LoadExpr>(),
        };

        // Every index of a sum: its free indices and the ones it sums over.
        private static IEnumerable<string> IndicesOf(ReduceExpr site) => ExprFacts.FreeIndices(site).Concat(site.Indices);

        private static void AddAll(List<string> into, IEnumerable<string> items)
        {
            foreach (var i in items) if (!into.Contains(i)) into.Add(i);
        }

        private static BoundExpr ReplaceSites(BoundExpr e, IReadOnlyDictionary<ReduceExpr, BoundExpr> replacements)
        {
            switch (e)
            {
                case ReduceExpr r when replacements.TryGetValue(r, out var part):
                    return part;
                case UnaryExpr u:
                    return new UnaryExpr(u.Op, ReplaceSites(u.Operand, replacements));
                case BinaryExpr b:
                    return new BinaryExpr(b.Op, ReplaceSites(b.Left, replacements), ReplaceSites(b.Right, replacements));
                default:
                    return e;
            }
        }
    }
}
