using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Language.Lowering
{
    /// <summary>
    /// Replaces the <c>...</c> group of a program (<see cref="IndexNames.Ellipsis"/>) by one index per broadcast axis, once
    /// the ranks of the inputs are known: R = the most axes any input has beyond its named ones; each input's own group
    /// axes are the last of the R (NumPy right-aligns them), and a left side or a sum with <c>...</c> takes all R. The
    /// result has no group left, so whatever runs fixed-rank programs (the interpreter) runs it as it is.
    /// </summary>
    public static class EllipsisExpansion
    {
        /// <summary>Expands <paramref name="program"/> for inputs of the given ranks.</summary>
        /// <param name="program">A program, with or without a <c>...</c> group (returned as it is when it has none).</param>
        /// <param name="rank">The rank of each input tensor at the call (by tensor id).</param>
        /// <exception cref="ArgumentException">An input has fewer axes than the indices it is loaded with name.</exception>
        public static BoundProgram Expand(BoundProgram program, Func<int, int> rank)
        {
            int group = program.ClassOf(IndexNames.Ellipsis);
            if (group < 0) return program;

            // Each input's own number of group axes; the group's rank is the largest.
            var own = new Dictionary<int, int>();
            foreach (var load in program.Statements.SelectMany(s => Loads(s.Value)))
            {
                if (own.ContainsKey(load.Tensor) || !load.Indices.Contains(IndexNames.Ellipsis)) continue;
                int named = load.Indices.Count - 1;
                int axes = rank(load.Tensor) - named;
                if (axes < 0)
                {
                    throw new ArgumentException(
                        $"'{program.Tensors[load.Tensor].Name}' has rank {rank(load.Tensor)} but is loaded with {named} named ind{(named == 1 ? "ex" : "ices")} besides '...'");
                }
                own[load.Tensor] = axes;
            }
            // An input that no statement loads (a backward need not read every forward input) is given the rank it has at
            // the call, its group taking the axes beyond its named ones; its values are never read.
            for (int id = 0; id < program.Tensors.Count; id++)
            {
                var tensor = program.Tensors[id];
                if (tensor.Kind == ProgramTensorKind.Input && !own.ContainsKey(id) && tensor.Rank > 0 && rank(id) != tensor.Rank && rank(id) >= tensor.Rank - 1)
                {
                    own[id] = rank(id) - (tensor.Rank - 1);
                }
            }
            int r = own.Count == 0 ? 0 : own.Values.Max();
            var all = Enumerable.Range(0, r).Select(IndexNames.EllipsisAxis).ToList();
            List<string> Group(int tensor) => own.TryGetValue(tensor, out int n) ? all.Skip(r - n).ToList() : all;

            EquatableArray<string> ExpandList(EquatableArray<string> indices, int tensor)
            {
                var list = new List<string>();
                foreach (var i in indices)
                {
                    if (i == IndexNames.Ellipsis) list.AddRange(Group(tensor));
                    else list.Add(i);
                }
                return new EquatableArray<string>(list.ToArray());
            }

            BoundExpr Walk(BoundExpr e) => e switch
            {
                LoadExpr l => new LoadExpr(l.Tensor, ExpandList(l.Indices, l.Tensor)),
                UnaryExpr u => new UnaryExpr(u.Op, Walk(u.Operand)),
                BinaryExpr b => new BinaryExpr(b.Op, Walk(b.Left), Walk(b.Right)),
                ReduceExpr x => new ReduceExpr(x.Kind, ExpandList(x.Indices, -1), x.Ranges, Walk(x.Body)),
                GauntExpr g => g with { X = (LoadExpr)Walk(g.X), Y = (LoadExpr)Walk(g.Y) },
                _ => e,
            };

            var statements = program.Statements.Select(s => s with { Indices = ExpandList(s.Indices, -1), Value = Walk(s.Value) }).ToArray();
            var tensors = program.Tensors.Select((t, id) => t.Kind == ProgramTensorKind.Input
                ? t with { Rank = own.ContainsKey(id) ? rank(id) : t.Rank }
                : t with { Indices = ExpandList(t.Indices, -1), Rank = ExpandList(t.Indices, -1).Count }).ToArray();

            // The group's class becomes one class per axis; uses after the group get their axis from the start.
            var classes = program.Classes.Where((c, i) => i != group).ToList();
            int ClassId(int old) => old < group ? old : old - 1;
            var uses = new List<AxisUse>();
            foreach (var u in program.Uses)
            {
                int axis = u.Axis >= 0 ? u.Axis : u.Axis + tensors[u.Tensor].Rank;
                uses.Add(new AxisUse(u.Tensor, axis, u.Index, ClassId(u.Class)));
            }
            var firstClass = classes.Count;
            for (int d = 0; d < r; d++)
            {
                classes.Add(new IndexClass(new EquatableArray<string>(new[] { all[d] }), 0, -1));
            }
            for (int t = 0; t < tensors.Length; t++)
            {
                var load = program.Statements.SelectMany(s => Loads(s.Value)).FirstOrDefault(l => l.Tensor == t);
                EquatableArray<string> indices;
                if (tensors[t].Kind == ProgramTensorKind.Input && load is not null) indices = ExpandList(load.Indices, t);
                else if (tensors[t].Kind == ProgramTensorKind.Output && tensors[t].Parameter >= 0) indices = tensors[t].Indices;
                else continue;
                for (int a = 0; a < indices.Count; a++)
                {
                    int d = all.IndexOf(indices[a]);
                    if (d >= 0) uses.Add(new AxisUse(t, a, indices[a], firstClass + d));
                }
            }
            // A class's size comes from the first input axis that carries it (NumPy's broadcasting may still widen it).
            for (int c = firstClass; c < classes.Count; c++)
            {
                int source = uses.FindIndex(u => u.Class == c && tensors[u.Tensor].Kind == ProgramTensorKind.Input);
                classes[c] = classes[c] with { Source = source };
            }
            // The named classes' sources point into the old use list, whose entries kept their positions: still valid.
            return program with
            {
                Tensors = new EquatableArray<ProgramTensor>(tensors),
                Classes = new EquatableArray<IndexClass>(classes.ToArray()),
                Uses = new EquatableArray<AxisUse>(uses.ToArray()),
                Statements = new EquatableArray<BoundStatement>(statements),
            };
        }

        /// <summary>Every load in <paramref name="e"/>, left to right.</summary>
        internal static IEnumerable<LoadExpr> Loads(BoundExpr e)
        {
            switch (e)
            {
                case LoadExpr l:
                    yield return l;
                    break;
                case UnaryExpr u:
                    foreach (var x in Loads(u.Operand)) yield return x;
                    break;
                case BinaryExpr b:
                    foreach (var x in Loads(b.Left)) yield return x;
                    foreach (var x in Loads(b.Right)) yield return x;
                    break;
                case ReduceExpr r:
                    foreach (var x in Loads(r.Body)) yield return x;
                    break;
                case GauntExpr g:
                    yield return g.X;
                    yield return g.Y;
                    break;
            }
        }
    }
}
