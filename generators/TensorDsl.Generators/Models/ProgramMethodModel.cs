using TensorDsl.Language;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// Everything the emitter needs for one <c>[TensorProgram]</c> method: where it is declared, its parameters as text,
    /// and the bound program. Value-equatable (no symbols), so the incremental pipeline caches it by value.
    /// </summary>
    /// <param name="Declaration">How to re-declare the method and its containing types.</param>
    /// <param name="Parameters">The parameters as declared.</param>
    /// <param name="Program">The bound program.</param>
    /// <param name="Origin">Where the program comes from when the method's attribute is not a program (a <c>[Gradient]</c>:
    /// "the gradient of MatMul, by reverse mode"), for the generated header; null for a <c>[TensorProgram]</c>.</param>
    internal sealed record ProgramMethodModel(
        DeclarationModel Declaration,
        EquatableArray<ParameterModel> Parameters,
        BoundProgram Program,
        string? Origin = null)
    {
        /// <summary>The method's name.</summary>
        public string MethodName => Declaration.MethodName;

        /// <summary>A prefix for generated private members, unique per overload.</summary>
        public string MemberPrefix => Declaration.MemberPrefix(Program.ElementKeyword, Parameters.Count);

        /// <summary>The hint name of the generated file.</summary>
        public string HintName => Declaration.HintName($"{Program.ElementKeyword}_{Parameters.Count}", ".program.g.cs");
    }

    /// <summary>What the transform step produces for one <c>[TensorProgram]</c> method: a valid model or an invalid one.</summary>
    internal sealed record ProgramTarget(ProgramMethodModel? Valid, InvalidEinsumModel? Invalid);
}
