using System.Globalization;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Emit.Programs
{
    /// <summary>
    /// The names generated program code uses, in one place so that every emitter agrees: <c>x_j</c> is the loop variable of
    /// index j, <c>n_j</c> its size (one per size class), <c>s_q_1</c> the stride of axis 1 of q, <c>r_q</c> q's base reference.
    /// Indices renamed by the planner (<c>l'2</c>) become <c>x_l_2</c>.
    /// </summary>
    internal sealed class ProgramNames
    {
        private readonly BoundProgram _program;

        public ProgramNames(BoundProgram program, string elementType)
        {
            _program = program;
            T = elementType;
        }

        /// <summary>"float" or "double".</summary>
        public string T { get; }

        public static string Index(string index) => "x_" + Sanitize(index);

        public string Size(string index) => "n_" + Sanitize(_program.Classes[_program.ClassOf(index)].Name);

        public string SizeOfClass(int cls) => "n_" + Sanitize(_program.Classes[cls].Name);

        public string Stride(int tensor, int axis) => $"s_{Bare(tensor)}_{axis}";

        public string Ref(int tensor) => "r_" + Bare(tensor);

        /// <summary>The tensor's name without a keyword-escaping '@'.</summary>
        public string Bare(int tensor) => _program.Tensors[tensor].Name.TrimStart('@');

        /// <summary>The parameter as written in the method (keywords escaped).</summary>
        public static string Parameter(string name) => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

        /// <summary>An index name as part of an identifier: <c>l'2</c> → <c>l_2</c>, an einsum's <c>...</c> group → <c>ell</c>.</summary>
        public static string Sanitize(string index) => index.Replace(IndexNames.Ellipsis, "ell").Replace("'", "_");

        /// <summary>
        /// The element offset of the '...' group at position <c>x_ell</c> in a tensor (the tensor, the position expression), for
        /// code that runs the group as one index (GPU kernels); null where the group never reaches a load (CPU loop nests run
        /// it through the shape binder's offsets instead).
        /// </summary>
        public System.Func<int, string, string>? EllipsisOffset { get; set; }

        /// <summary>A literal of the element type.</summary>
        public string Literal(double value)
        {
            if (double.IsPositiveInfinity(value)) return $"{T}.PositiveInfinity";
            if (double.IsNegativeInfinity(value)) return $"{T}.NegativeInfinity";
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return T == "float" ? text + "f" : text + "d";
        }

        /// <summary>The element offset of <paramref name="load"/> from its tensor's base reference.</summary>
        public string Offset(LoadExpr load)
        {
            var parts = new System.Collections.Generic.List<string>();
            for (int a = 0; a < load.Indices.Count; a++)
            {
                // The group keeps its name when a reduction renames it ("...'e1"): only its origin says what it is. An
                // intermediate is dense: its group is one axis of all the group's positions, with a stride like any other.
                if (IndexNames.Origin(load.Indices[a]) != IndexNames.Ellipsis || _program.Tensors[load.Tensor].Kind == ProgramTensorKind.Intermediate)
                {
                    parts.Add($"{Index(load.Indices[a])} * {Stride(load.Tensor, a)}");
                    continue;
                }
                var offset = EllipsisOffset ?? throw new System.InvalidOperationException("A load with the '...' group needs the group's offsets");
                parts.Add(offset(load.Tensor, Index(load.Indices[a])));
            }
            return parts.Count == 0 ? "0" : string.Join(" + ", parts);
        }
    }
}
