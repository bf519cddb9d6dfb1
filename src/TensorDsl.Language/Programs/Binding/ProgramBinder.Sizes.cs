using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Binding;

namespace TensorDsl.Language.Programs.Binding
{
    public sealed partial class ProgramBinder
    {
        // One size per class of tied index names: from a [Dim], else from the first parameter axis that carries it.
        // reportUnusedDims is false when some statement did not parse: the index a [Dim] names may be used there.
        private EquatableArray<IndexClass>? BuildClasses(EquatableArray<StaticDim> dims, bool reportUnusedDims)
        {
            var groups = _union.Groups();
            var statics = new long[groups.Count];
            for (int d = 0; d < dims.Count; d++)
            {
                var dim = dims[d];
                if (dim.Size < 1 || string.IsNullOrEmpty(dim.Index) || !dim.Index.All(c => char.IsLetterOrDigit(c) || c == '_'))
                {
                    _diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.DimInvalid,
                        $"[Dim(\"{dim.Index}\", {dim.Size})] is invalid: an index name and a size of at least 1", DiagnosticTarget.DimAttribute, 0, 0, d));
                    continue;
                }
                int g = groups.FindIndex(members => members.Contains(dim.Index));
                if (g < 0)
                {
                    if (dim.OnMethod && reportUnusedDims)
                    {
                        _diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.DimUnknownIndex,
                            $"[Dim(\"{dim.Index}\", {dim.Size})] names index '{dim.Index}', which the program does not use", DiagnosticTarget.DimAttribute, 0, 0, d));
                    }
                    continue;
                }
                if (statics[g] != 0 && statics[g] != dim.Size)
                {
                    _diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.DimConflict,
                        $"Index '{dim.Index}' is fixed to {dim.Size} here and to {statics[g]} by another [Dim] (indices [{string.Join(",", groups[g])}] share one size)",
                        DiagnosticTarget.DimAttribute, 0, 0, d));
                    continue;
                }
                statics[g] = dim.Size;
            }

            ApplyHarmonicSizes(groups, statics);

            var classes = new IndexClass[groups.Count];
            for (int g = 0; g < groups.Count; g++)
            {
                int source = -1;
                if (statics[g] == 0)
                {
                    // The first parameter axis, counted the way BindProgram dedupes uses: its position there.
                    var seen = new HashSet<(int, int, int)>();
                    int position = 0;
                    foreach (var use in _axisUses)
                    {
                        int cls = _union.ClassIndex(use.Index);
                        if (!seen.Add((use.Tensor, use.Axis, cls))) continue;
                        if (cls == g)
                        {
                            source = position;
                            break;
                        }
                        position++;
                    }
                    if (source < 0 && ErrorCount == 0)
                    {
                        var name = groups[g][0];
                        var at = _indexFirstSeen.TryGetValue(name, out var p) ? p : (0, 0);
                        _diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.UnboundIndex, at.Item1, at.Item2,
                            $"Index '{name}' has no size: no parameter tensor carries it (fix it with [Dim(\"{name}\", size)])"));
                    }
                }
                classes[g] = new IndexClass(new EquatableArray<string>(groups[g].ToArray()), statics[g], source);
            }
            return new EquatableArray<IndexClass>(classes);
        }

        /// <summary>Union–find over index names, remembering first-appearance order.</summary>
        private sealed class IndexUnion
        {
            private readonly List<string> _order = new List<string>();
            private readonly Dictionary<string, string> _parent = new Dictionary<string, string>();

            public void Add(string name)
            {
                if (_parent.ContainsKey(name)) return;
                _parent[name] = name;
                _order.Add(name);
            }

            public void Union(string a, string b)
            {
                Add(a);
                Add(b);
                string ra = Find(a), rb = Find(b);
                if (ra == rb) return;
                // The root is the earlier name, so classes are named by their first appearance.
                if (_order.IndexOf(ra) < _order.IndexOf(rb)) _parent[rb] = ra;
                else _parent[ra] = rb;
            }

            private string Find(string name)
            {
                while (_parent[name] != name) name = _parent[name];
                return name;
            }

            public List<List<string>> Groups()
            {
                var roots = new List<string>();
                var groups = new List<List<string>>();
                foreach (var name in _order)
                {
                    string root = Find(name);
                    int g = roots.IndexOf(root);
                    if (g < 0)
                    {
                        roots.Add(root);
                        groups.Add(new List<string>());
                        g = groups.Count - 1;
                    }
                    groups[g].Add(name);
                }
                return groups;
            }

            public int ClassIndex(string name)
            {
                var groups = Groups();
                return groups.FindIndex(g => g.Contains(name));
            }
        }
    }
}
