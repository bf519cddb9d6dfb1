using System.Collections.Generic;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Programs.Binding
{
    /// <summary>Structural facts about bound expressions, shared by the binder, the planner, the emitters and the interpreter.</summary>
    public static class ExprFacts
    {
        /// <summary>The factors of a product <c>a · b · c</c> (any association), left to right; the expression itself when it is no product.</summary>
        /// <param name="e">The expression.</param>
        public static System.Collections.Generic.List<BoundExpr> Factors(BoundExpr e)
        {
            var into = new System.Collections.Generic.List<BoundExpr>();
            void Walk(BoundExpr x)
            {
                if (x is BinaryExpr { Op: BinaryOp.Multiply } m)
                {
                    Walk(m.Left);
                    Walk(m.Right);
                }
                else
                {
                    into.Add(x);
                }
            }
            Walk(e);
            return into;
        }

        /// <summary>The indices an expression's value depends on, in first-appearance order (reduced indices excluded; softmax keeps its own).</summary>
        public static List<string> FreeIndices(BoundExpr e)
        {
            var list = new List<string>();
            CollectFree(e, list);
            return list;
        }

        private static void CollectFree(BoundExpr e, List<string> into)
        {
            switch (e)
            {
                case LoadExpr load:
                    foreach (var i in load.Indices) AddOnce(into, i);
                    break;
                case UnaryExpr u:
                    CollectFree(u.Operand, into);
                    break;
                case BinaryExpr b:
                    CollectFree(b.Left, into);
                    CollectFree(b.Right, into);
                    break;
                case GauntExpr g:
                    // Leading indices of both operands, then the result's harmonic index; the operands' harmonic indices are consumed.
                    for (int a = 0; a < g.X.Indices.Count - 1; a++) AddOnce(into, g.X.Indices[a]);
                    for (int a = 0; a < g.Y.Indices.Count - 1; a++) AddOnce(into, g.Y.Indices[a]);
                    AddOnce(into, g.Harmonic);
                    break;
                case ReduceExpr r:
                {
                    var inner = new List<string>();
                    CollectFree(r.Body, inner);
                    foreach (var i in inner)
                    {
                        if (r.Kind == ReductionKind.Softmax || !Contains(r.Indices, i)) AddOnce(into, i);
                    }
                    // A range bound may mention an outer index: the value depends on it too.
                    foreach (var range in r.Ranges)
                    {
                        foreach (var bound in Bounds(range))
                        {
                            foreach (var t in bound.Terms)
                            {
                                if (!t.IsParameter && !Contains(r.Indices, t.Name)) AddOnce(into, t.Name);
                            }
                        }
                    }
                    break;
                }
            }
        }

        /// <summary>Every index some <c>sum</c>, <c>max</c> or <c>softmax</c> in <paramref name="e"/> runs over.</summary>
        public static HashSet<string> ReducedIndices(BoundExpr e)
        {
            var into = new HashSet<string>();
            void Walk(BoundExpr x)
            {
                switch (x)
                {
                    case UnaryExpr u: Walk(u.Operand); break;
                    case BinaryExpr b: Walk(b.Left); Walk(b.Right); break;
                    case ReduceExpr r:
                        foreach (var i in r.Indices) into.Add(i);
                        Walk(r.Body);
                        break;
                    case GauntExpr g:
                        into.Add(g.HarmonicX);
                        into.Add(g.HarmonicY);
                        break;
                }
            }
            Walk(e);
            return into;
        }

        /// <summary>Lower bounds then upper bounds of a range.</summary>
        public static IEnumerable<AffineBound> Bounds(IndexRange range)
        {
            foreach (var b in range.Lower) yield return b;
            foreach (var b in range.Upper) yield return b;
        }

        /// <summary>True when <paramref name="e"/> contains a <c>sum</c>, <c>max</c> or <c>softmax</c> (a Gaunt product sums too).</summary>
        public static bool HasReduction(BoundExpr e) => e switch
        {
            ReduceExpr or GauntExpr => true,
            UnaryExpr u => HasReduction(u.Operand),
            BinaryExpr b => HasReduction(b.Left) || HasReduction(b.Right),
            _ => false,
        };

        /// <summary>How many times tensor <paramref name="tensor"/> is loaded in <paramref name="e"/>.</summary>
        public static int CountLoads(BoundExpr e, int tensor) => e switch
        {
            LoadExpr l => l.Tensor == tensor ? 1 : 0,
            UnaryExpr u => CountLoads(u.Operand, tensor),
            BinaryExpr b => CountLoads(b.Left, tensor) + CountLoads(b.Right, tensor),
            ReduceExpr r => CountLoads(r.Body, tensor),
            GauntExpr g => CountLoads(g.X, tensor) + CountLoads(g.Y, tensor),
            _ => 0,
        };

        /// <summary>Replaces index names by <paramref name="map"/> (names not in the map are kept), inside ranges too.</summary>
        public static BoundExpr Rename(BoundExpr e, IReadOnlyDictionary<string, string> map)
        {
            string R(string n) => map.TryGetValue(n, out var m) ? m : n;
            switch (e)
            {
                case LoadExpr l:
                    return new LoadExpr(l.Tensor, Map(l.Indices, R));
                case UnaryExpr u:
                    return new UnaryExpr(u.Op, Rename(u.Operand, map));
                case BinaryExpr b:
                    return new BinaryExpr(b.Op, Rename(b.Left, map), Rename(b.Right, map));
                case ReduceExpr r:
                {
                    var ranges = new IndexRange[r.Ranges.Count];
                    for (int i = 0; i < ranges.Length; i++) ranges[i] = Rename(r.Ranges[i], map);
                    return new ReduceExpr(r.Kind, Map(r.Indices, R), new EquatableArray<IndexRange>(ranges), Rename(r.Body, map));
                }
                case GauntExpr g:
                    return g with { X = (LoadExpr)Rename(g.X, map), Y = (LoadExpr)Rename(g.Y, map), Harmonic = R(g.Harmonic) };
                default:
                    return e;
            }
        }

        /// <summary>Replaces index names in a range (its index and its bounds' index terms) by <paramref name="map"/>.</summary>
        public static IndexRange Rename(IndexRange range, IReadOnlyDictionary<string, string> map)
        {
            string R(string n) => map.TryGetValue(n, out var m) ? m : n;
            return new IndexRange(R(range.Index), MapBounds(range.Lower, R), MapBounds(range.Upper, R));
        }

        /// <summary>How many times each of <paramref name="tensors"/> tensors is loaded by <paramref name="statements"/>.</summary>
        public static int[] LoadCounts(int tensors, IEnumerable<BoundStatement> statements)
        {
            var loads = new int[tensors];
            foreach (var s in statements)
            {
                for (int t = 0; t < loads.Length; t++) loads[t] += CountLoads(s.Value, t);
            }
            return loads;
        }

        private static EquatableArray<AffineBound> MapBounds(EquatableArray<AffineBound> bounds, System.Func<string, string> r)
        {
            var result = new AffineBound[bounds.Count];
            for (int i = 0; i < result.Length; i++)
            {
                var terms = new AffineTerm[bounds[i].Terms.Count];
                for (int t = 0; t < terms.Length; t++)
                {
                    var term = bounds[i].Terms[t];
                    terms[t] = term.IsParameter ? term : new AffineTerm(r(term.Name), false, term.Coefficient);
                }
                result[i] = new AffineBound(new EquatableArray<AffineTerm>(terms), bounds[i].Constant);
            }
            return new EquatableArray<AffineBound>(result);
        }

        private static EquatableArray<string> Map(EquatableArray<string> names, System.Func<string, string> r)
        {
            var result = new string[names.Count];
            for (int i = 0; i < result.Length; i++) result[i] = r(names[i]);
            return new EquatableArray<string>(result);
        }

        internal static bool Contains(EquatableArray<string> list, string name)
        {
            foreach (var s in list)
            {
                if (s == name) return true;
            }
            return false;
        }

        private static void AddOnce(List<string> list, string name)
        {
            if (!list.Contains(name)) list.Add(name);
        }
    }
}
