using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Emit.Programs.Cpu
{
    /// <summary>CPU code: elements through <c>Unsafe.Add</c> on each tensor's base reference, parameters by name.</summary>
    internal sealed class CpuProgramDialect : IProgramDialect
    {
        private readonly ProgramNames _names;

        public CpuProgramDialect(ProgramNames names) => _names = names;

        public string IndexType => "nint";

        public string Element(LoadExpr load) => $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {_names.Ref(load.Tensor)}, {_names.Offset(load)})";

        public string ElementScalar(ProgramScalar scalar) => ProgramNames.Parameter(scalar.Name);

        public string IntegerScalar(ProgramScalar scalar) => $"(nint){ProgramNames.Parameter(scalar.Name)}";

        public string MathClass(string elementType) => elementType == "float" ? "global::System.MathF" : "global::System.Math";
    }
}
