using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;
using TensorDsl.Generators.Emit.Shapes;

namespace TensorDsl.Generators.Emit.Programs.Gpu
{
    /// <summary>
    /// Where each value sits in the <c>long</c> metadata every program kernel reads: [count, threads], the size of each
    /// index class, the int parameters, then per tensor view its base offset and strides. Fixed at build time.
    /// </summary>
    internal sealed class MetaLayout
    {
        private readonly BoundProgram _program;

        public MetaLayout(BoundProgram program, ProgramPlan plan)
        {
            _program = program;
            Tensors = Enumerable.Range(0, program.Tensors.Count)
                .Where(t => program.Tensors[t].Kind != ProgramTensorKind.Intermediate ? program.Tensors[t].Rank >= 0 : plan.Materialized.Contains(t))
                .ToList();
            int position = 2 + program.Classes.Count + Integers.Count;
            foreach (int t in Tensors)
            {
                TensorStart[t] = position;
                position += 1 + program.Tensors[t].Rank;
            }
            Length = position;
            HasEllipsis = program.HasEllipsis;
        }

        /// <summary>True when the program has an einsum's '...' group: its axes follow the fixed part (<see cref="EllipsisRows"/>).</summary>
        public bool HasEllipsis { get; }

        /// <summary>The metadata's length: the fixed part, then for the '...' group its rank and one row per axis.</summary>
        public string LengthExpression(ShapeLayoutEmitter shapes)
            => HasEllipsis ? $"{Length} + 1 + __bind.EllipsisRank * {1 + shapes.TensorCount}" : Length.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Host code that writes the '...' group's rows: at <see cref="Length"/> its rank, then per axis (outermost
        /// first) its size and its stride in each of the binder's tensors.</summary>
        public IEnumerable<string> EllipsisRows(ShapeLayoutEmitter shapes)
        {
            if (!HasEllipsis) yield break;
            int row = 1 + shapes.TensorCount;
            yield return $"__meta[{Length}] = __bind.EllipsisRank;";
            yield return "for (int __d = 0; __d < __bind.EllipsisRank; __d++)";
            yield return "{";
            yield return $"    int __row = {Length + 1} + __d * {row};";
            yield return "    __meta[__row] = __bind.EllipsisSize(__d);";
            for (int b = 0; b < shapes.TensorCount; b++) yield return $"    __meta[__row + {b + 1}] = __bind.EllipsisStride({b}, __d);";
            yield return "}";
        }

        /// <summary>The kernel helper that turns a position of the '...' group into a tensor's element offset.</summary>
        public static void EmitEllipsisHelper(CodeWriter w, string name, int start, int rowLength)
        {
            w.Line($"// The element offset of position 'position' (row-major over the '...' axes) in the tensor whose stride column is 'column'.");
            using (w.Block($"private static long {name}(global::ILGPU.ArrayView<long> meta, long column, long position)"))
            {
                w.Line($"long rank = meta[{start}], offset = 0;");
                using (w.Block("for (long d = rank - 1; d >= 0; d--)"))
                {
                    w.Line($"long row = {start + 1} + d * {rowLength};");
                    w.Line("long size = meta[row];");
                    w.Line("offset += (position % size) * meta[row + 1 + column];");
                    w.Line("position /= size;");
                }
                w.Line("return offset;");
            }
        }

        /// <summary>The tensors passed to every kernel, in parameter order then intermediates.</summary>
        public List<int> Tensors { get; }

        public Dictionary<int, int> TensorStart { get; } = new Dictionary<int, int>();

        public int Length { get; }

        private List<ProgramScalar> Integers => _program.Scalars.Where(s => s.Kind == ScalarKind.Integer).ToList();

        /// <summary>The host-side assignments of everything but count and threads.</summary>
        /// <param name="names">The program's names.</param>
        /// <param name="shapes">The call's shape binding (<c>__bind</c>), which gives a parameter's strides.</param>
        public IEnumerable<(int Position, string Text)> Fixed(ProgramNames names, Shapes.ShapeLayoutEmitter shapes)
        {
            for (int c = 0; c < _program.Classes.Count; c++) yield return (2 + c, names.SizeOfClass(c));
            var ints = Integers;
            for (int i = 0; i < ints.Count; i++) yield return (2 + _program.Classes.Count + i, ProgramNames.Parameter(ints[i].Name));
            foreach (int t in Tensors)
            {
                string name = ProgramNames.Parameter(_program.Tensors[t].Name);
                yield return (TensorStart[t], $"{name}.Offset");
                bool intermediate = _program.Tensors[t].Kind == ProgramTensorKind.Intermediate;
                for (int a = 0; a < _program.Tensors[t].Rank; a++)
                {
                    // The '...' group's position has no stride of its own (its rows hold the group's strides).
                    yield return (TensorStart[t] + 1 + a, intermediate ? $"{name}.Strides[{a}]" : shapes.AxisStride(t, a) ?? "0");
                }
            }
        }

        /// <summary>The kernel's first lines: every metadata value into a local named as in the CPU code.</summary>
        public IEnumerable<string> KernelPrologue(ProgramNames names)
        {
            yield return "long count = meta[0], threads = meta[1];";
            for (int c = 0; c < _program.Classes.Count; c++) yield return $"long {names.SizeOfClass(c)} = meta[{2 + c}];";
            var ints = Integers;
            for (int i = 0; i < ints.Count; i++) yield return $"long p_{ints[i].Name.TrimStart('@')} = meta[{2 + _program.Classes.Count + i}];";
            foreach (int t in Tensors)
            {
                yield return $"long b_{names.Bare(t)} = meta[{TensorStart[t]}];";
                for (int a = 0; a < _program.Tensors[t].Rank; a++) yield return $"long {names.Stride(t, a)} = meta[{TensorStart[t] + 1 + a}];";
            }
        }
    }
}
