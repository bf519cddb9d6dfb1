using System.Linq;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Emit.Programs
{
    /// <summary>
    /// The call-time shape checks of a program, the same text for the CPU (tensor spans) and GPU (device tensors) overloads:
    /// both have <c>Rank</c> and <c>Lengths</c>.
    /// </summary>
    internal static class ShapeBinding
    {
        private const string Checks = "global::TensorDsl.Runtime.ProgramChecks";

        // Ranks, then sizes (each from the first parameter axis that carries it, or a [Dim] constant), then every other axis.
        public static void Emit(CodeWriter w, BoundProgram p, ProgramNames names)
        {
            w.Line("// Bind the shapes of this call. Every check throws ArgumentException before anything is written.");
            for (int t = 0; t < p.Tensors.Count; t++)
            {
                var tensor = p.Tensors[t];
                if (tensor.Kind == ProgramTensorKind.Intermediate || tensor.Rank < 0) continue;
                w.Line($"{Checks}.Rank(\"{names.Bare(t)}\", {ProgramNames.Parameter(tensor.Name)}.Rank, {tensor.Rank});");
            }
            for (int c = 0; c < p.Classes.Count; c++)
            {
                var cls = p.Classes[c];
                string members = cls.Members.Count > 1 ? $" (indices {string.Join(", ", cls.Members)} share this size)" : "";
                if (cls.StaticSize > 0)
                {
                    w.Line($"const nint {names.SizeOfClass(c)} = {cls.StaticSize}; // [Dim(\"{cls.Name}\", {cls.StaticSize})]{members}");
                }
                else
                {
                    var use = p.Uses[cls.Source];
                    w.Line($"nint {names.SizeOfClass(c)} = {ProgramNames.Parameter(p.Tensors[use.Tensor].Name)}.Lengths[{use.Axis}];{(members.Length > 0 ? " //" + members : "")}");
                }
            }
            for (int u = 0; u < p.Uses.Count; u++)
            {
                var use = p.Uses[u];
                var cls = p.Classes[use.Class];
                if (cls.StaticSize == 0 && cls.Source == u) continue;
                string source = cls.StaticSize > 0 ? $"\"[Dim(\\\"{cls.Name}\\\", {cls.StaticSize})]\"" : $"\"{names.Bare(p.Uses[cls.Source].Tensor)} (axis {p.Uses[cls.Source].Axis})\"";
                w.Line($"{Checks}.Size(\"{use.Index}\", \"{names.Bare(use.Tensor)}\", {use.Axis}, {ProgramNames.Parameter(p.Tensors[use.Tensor].Name)}.Lengths[{use.Axis}], {names.SizeOfClass(use.Class)}, {source});");
            }
        }
    }
}
