using System.Linq;
using TensorDsl.Generators.Models;
using TensorDsl.Language;
using TensorDsl.Language.Lowering;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit
{
    /// <summary>
    /// An einsum method as the one-statement program both backends emit (docs/design.md §3): the lowered program, its tensors
    /// named <c>__in0</c>, <c>__in1</c>, …, <c>__out</c> so that no user parameter name (say <c>n_i</c>, or the same name
    /// for every operand of a polynomial's core) can collide with a generated local, and its plan. Shape errors still name the
    /// user's parameters: the shape layout is made from the program with their names.
    /// </summary>
    internal static class EinsumProgram
    {
        /// <summary>The program's name for parameter <paramref name="index"/> of <paramref name="model"/>.</summary>
        public static string TensorName(EinsumMethodModel model, int index) => index < model.Bound.OperandNames.Count ? $"__in{index}" : "__out";

        /// <summary>The core program (as a program method with the renamed parameters) and its plan.</summary>
        public static (ProgramMethodModel Core, ProgramPlan Plan) Of(EinsumMethodModel model)
        {
            var bound = model.Bound;
            var names = Enumerable.Range(0, bound.OperandNames.Count).Select(i => TensorName(model, i)).ToArray();
            var program = EinsumLowering.Lower(bound.Spec, bound.Element, names, bound.ReturnsScalar ? null : "__out", bound.Accumulate, bound.Dims);
            var parameters = model.Parameters.Select((p, i) => p with { Name = TensorName(model, i) }).ToArray();
            var core = new ProgramMethodModel(model.Declaration, new EquatableArray<ParameterModel>(parameters), program);
            return (core, ProgramPlanner.Plan(program));
        }
    }
}
