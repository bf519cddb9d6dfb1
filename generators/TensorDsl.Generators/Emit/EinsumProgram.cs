using System.Linq;
using TensorDsl.Generators.Models;
using TensorDsl.Language;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit
{
    /// <summary>
    /// An einsum method as the one-statement program both backends emit (docs/design.md §3), lowered and planned once per
    /// method: the program with the user's names (<see cref="Named"/>: shape errors name the user's parameters), the same
    /// program with its tensors named <c>__in0</c>, <c>__in1</c>, …, <c>__out</c> (<see cref="Core"/>: no user parameter
    /// name — say <c>n_i</c>, or the same name for every operand of a polynomial's core — can collide with a generated
    /// local), and its plan.
    /// </summary>
    /// <param name="Named">The lowered program, as the method names its parameters.</param>
    /// <param name="Core">The program as a method with the renamed parameters.</param>
    /// <param name="Plan">The plan of the program.</param>
    internal sealed record EinsumProgram(BoundProgram Named, ProgramMethodModel Core, ProgramPlan Plan)
    {
        /// <summary>
        /// The one contraction the einsum's statement is planned as (its pairwise plan), or null when the planner made anything
        /// else of it (which an einsum's product of loads does not give).
        /// </summary>
        public ContractionPart? Contraction
            => Plan.Steps.Count == 1 && Plan.Steps[0] is EinsumStep { Parts.Count: 1, Prologues.Count: 0, Epilogue: null } step ? step.Parts[0] : null;

        /// <summary>The program's name for parameter <paramref name="index"/> of <paramref name="model"/>.</summary>
        public static string TensorName(EinsumMethodModel model, int index) => index < model.Bound.OperandNames.Count ? $"__in{index}" : "__out";

        /// <summary>Lowers and plans <paramref name="model"/>'s einsum.</summary>
        public static EinsumProgram Of(EinsumMethodModel model)
        {
            var named = model.Bound.ToProgram();
            // Renaming changes no size, use or statement: only the tensors' names (a returned result keeps "result").
            var program = named with
            {
                Tensors = new EquatableArray<ProgramTensor>(named.Tensors.Select(t => t.Parameter < 0 ? t : t with { Name = TensorName(model, t.Parameter) }).ToArray()),
            };
            var parameters = model.Parameters.Select((p, i) => p with { Name = TensorName(model, i) }).ToArray();
            var core = new ProgramMethodModel(model.Declaration, new EquatableArray<ParameterModel>(parameters), program);
            return new EinsumProgram(named, core, ProgramPlanner.Plan(program));
        }
    }
}
