using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Emit.Shapes
{
    /// <summary>
    /// The call-time shape checks of every generated kernel, from its bound program (docs/design.md §3): a
    /// <c>TensorDsl.Runtime.ShapeLayout</c> field made once per method, and at each call a <c>ShapeBinding</c> over it
    /// that binds the inputs, then the outputs. The same text serves the CPU (tensor spans) and GPU (device tensors)
    /// overloads, which both have <c>Lengths</c> and <c>Strides</c>. The binder's tensors are the program's parameter
    /// tensors in program order (<see cref="BinderTensor"/>); its index ids are the program's size classes.
    /// </summary>
    internal sealed class ShapeLayoutEmitter
    {
        private const string Runtime = "global::TensorDsl.Runtime";
        private readonly BoundProgram _program;
        private readonly List<int> _tensors;
        private readonly List<int[]> _patterns;   // per binder tensor: each axis's index id, or -1 at the '...' group

        public ShapeLayoutEmitter(BoundProgram program, string field)
        {
            _program = program;
            Field = field;
            // Parameter tensors the program uses, and a returned rank-0 result: it is no parameter and is never bound, but it
            // keeps the einsum numbering (inputs, then the output), whose strides are then 0.
            _tensors = Enumerable.Range(0, program.Tensors.Count)
                .Where(t => program.Tensors[t] is { Kind: not ProgramTensorKind.Intermediate, Rank: >= 0 })
                .ToList();
            int ellipsis = program.ClassOf(IndexNames.Ellipsis);
            if (ellipsis >= 0 && ellipsis != program.Classes.Count - 1) throw new InvalidOperationException("The '...' group must be the last size class");
            IndexCount = ellipsis >= 0 ? ellipsis : program.Classes.Count;
            _patterns = _tensors.Select(Pattern).ToList();
        }

        /// <summary>The shapes of the kernel whose generated members start with <paramref name="memberPrefix"/>.</summary>
        public static ShapeLayoutEmitter For(BoundProgram program, string memberPrefix) => new(program, memberPrefix + "_Shapes");

        /// <summary>The name of the layout field.</summary>
        public string Field { get; }

        /// <summary>Number of the binder's indices: every size class but the <c>...</c> group, which the binder keeps apart.</summary>
        public int IndexCount { get; }

        /// <summary>The binder's number for program tensor <paramref name="tensor"/>.</summary>
        public int BinderTensor(int tensor)
        {
            int b = _tensors.IndexOf(tensor);
            return b >= 0 ? b : throw new InvalidOperationException($"Tensor {_program.Tensors[tensor].Name} is not bound at the call");
        }

        /// <summary>The static field, with a comment that shows each tensor's indices.</summary>
        public void EmitField(CodeWriter w, string methodName, string description)
        {
            var p = _program;
            string Array<TItem>(string type, IEnumerable<TItem> items) => $"new {type}[] {{ {string.Join(", ", items)} }}";
            w.Line($"/// <summary>The shapes of <c>{methodName}</c>'s tensors, made once; every call binds against it.</summary>");
            w.Line($"private static readonly {Runtime}.ShapeLayout {Field} = {Runtime}.ShapeLayout.Create(");
            using (w.Indent())
            {
                w.Line($"{EinsumSourceWriter.Literal(description)},");
                w.Line($"names: {Array("string", _tensors.Select(t => $"\"{p.Tensors[t].Name.TrimStart('@')}\""))},");
                w.Line($"roles: {Array($"{Runtime}.ShapeRole", _tensors.Select(t => $"{Runtime}.ShapeRole.{(p.Tensors[t].Kind == ProgramTensorKind.Input ? "Input" : "Output")}"))},");
                var patterns = _patterns;
                string shown = string.Join("  ", _tensors.Select((t, i) => $"{p.Tensors[t].Name.TrimStart('@')}[{string.Join(",", patterns[i].Select(c => c < 0 ? IndexNames.Ellipsis : p.Classes[c].Name))}]"));
                w.Line($"axes: new int[][] {{ {string.Join(", ", patterns.Select(x => Array("int", x)))} }}, // {shown}");
                var ties = Ties().ToList();
                if (ties.Count > 0)
                {
                    w.Line($"ties: {Array("int", ties.SelectMany(x => new[] { x.Tensor, x.Position, x.Index }))}, // axes used with a second index: (tensor, axis, index)");
                }
                w.Line($"indexNames: {Array("string", Enumerable.Range(0, IndexCount).Select(c => EinsumSourceWriter.Literal(p.Classes[c].Name)))},");
                w.Line($"staticSizes: {Array("nint", Enumerable.Range(0, IndexCount).Select(c => p.Classes[c].StaticSize))},");
                var sources = StaticSources();
                w.Line($"broadcasting: {(p.Broadcasting ? "true" : "false")}{(sources is null ? ");" : ",")}");
                if (sources is not null) w.Line($"staticSources: {Array("string?", sources.Select(x => x is null ? "null" : EinsumSourceWriter.Literal(x)))});");
            }
        }

        // What fixes each static size that no [Dim] gives: the degree of a gaunt[…] harmonic index. Null when there is none.
        private string?[]? StaticSources()
        {
            var sources = Enumerable.Range(0, IndexCount).Select(_program.StaticSource).ToArray();
            return sources.Any(x => x is not null) ? sources : null;
        }

        /// <summary>Number of the binder's tensors.</summary>
        public int TensorCount => _tensors.Count;

        /// <summary>Binds every parameter tensor of this call (inputs first) as <c>__bind</c>.</summary>
        /// <param name="w">The writer.</param>
        /// <param name="argument">The expression for program tensor t at the call (a parameter or a renamed one).</param>
        public void EmitBind(CodeWriter w, Func<int, string> argument)
        {
            w.Line("// Bind the shapes of this call. Every check throws ArgumentException before anything is written.");
            w.Line($"var __bind = new {Runtime}.ShapeBinding({Field}, stackalloc nint[{Field}.ScratchLength]);");
            foreach (var kind in new[] { ProgramTensorKind.Input, ProgramTensorKind.Output })
            {
                foreach (int t in _tensors.Where(t => _program.Tensors[t].Kind == kind && _program.Tensors[t].Parameter >= 0))
                {
                    w.Line($"__bind.Bind({BinderTensor(t)}, {argument(t)}.Lengths, {argument(t)}.Strides);");
                }
            }
        }

        /// <summary>One local per size class, <c>n_i</c>: a <c>[Dim]</c> constant or the bound size (for the '...' group, its number of positions).</summary>
        public void EmitSizes(CodeWriter w, System.Func<int, string> sizeName)
        {
            var sources = StaticSources();
            for (int c = 0; c < IndexCount; c++)
            {
                var cls = _program.Classes[c];
                string members = cls.Members.Count > 1 ? $" // indices {string.Join(", ", cls.Members)} share this size" : "";
                string source = sources?[c] ?? $"[Dim(\"{cls.Name}\", {cls.StaticSize})]";
                w.Line(cls.StaticSize > 0
                    ? $"const nint {sizeName(c)} = {cls.StaticSize}; // {source}{(members.Length > 0 ? ";" + members.Substring(3) : "")}"
                    : $"nint {sizeName(c)} = __bind.Size({c});{members}");
            }
            if (IndexCount < _program.Classes.Count)
            {
                w.Line($"nint {sizeName(IndexCount)} = __bind.EllipsisCount; // the positions of the '...' group");
            }
        }

        /// <summary>True when program tensor <paramref name="tensor"/> is a tensor of the binder (a parameter, or a returned result).</summary>
        public bool IsBound(int tensor) => _tensors.Contains(tensor);

        /// <summary>The binder's stride of axis-pattern position <paramref name="position"/> of program tensor <paramref name="tensor"/>
        /// (0 for an axis of length 1), or null at the '...' group, whose axes the binder keeps apart.</summary>
        public string? AxisStride(int tensor, int position)
        {
            var pattern = _patterns[BinderTensor(tensor)];
            int group = System.Array.IndexOf(pattern, -1);
            if (position == group) return null;
            int axis = group >= 0 && position > group ? position - pattern.Length : position;
            return $"__bind.AxisStride({BinderTensor(tensor)}, {axis})";
        }

        // Each axis's index id (its first use), or the Group marker where the '...' group stands.
        private int[] Pattern(int tensor)
        {
            int rank = _program.Tensors[tensor].Rank;
            var pattern = Enumerable.Repeat(-1, rank).ToArray();
            var filled = new bool[rank];
            foreach (var use in _program.Uses.Where(u => u.Tensor == tensor))
            {
                int position = use.Axis >= 0 ? use.Axis : rank + use.Axis;
                if (filled[position]) continue;
                pattern[position] = use.Class;
                filled[position] = true;
            }
            return pattern;
        }

        // Axes a program uses with more than one index (x[i,j] in one statement, x[j,i] in another): each must fit both.
        private IEnumerable<(int Tensor, int Position, int Index)> Ties()
        {
            for (int b = 0; b < _tensors.Count; b++)
            {
                int t = _tensors[b], rank = _program.Tensors[t].Rank;
                var first = new Dictionary<int, int>();
                foreach (var use in _program.Uses.Where(u => u.Tensor == t))
                {
                    int position = use.Axis >= 0 ? use.Axis : rank + use.Axis;
                    if (!first.TryGetValue(position, out int cls)) first[position] = use.Class;
                    else if (cls != use.Class) yield return (b, position, use.Class);
                }
            }
        }
    }
}
