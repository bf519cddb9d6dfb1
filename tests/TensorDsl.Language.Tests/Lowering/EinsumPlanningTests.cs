using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Lowering;
using TensorDsl.Language.Planning;
using TensorDsl.Language.Programs.Planning;
using Xunit;

namespace TensorDsl.Language.Tests.Lowering
{
    /// <summary>
    /// An einsum, lowered to its one-statement program, is planned by the program planner as exactly the contraction the
    /// spec states — one <see cref="EinsumStep"/> of one part written into the output, with or without summed indices and
    /// with the '...' group kept as '...' — and that part's plan is the plan the contraction planner makes of the spec itself.
    /// </summary>
    public class EinsumPlanningTests
    {
        [Theory]
        [InlineData("ij,jk->ik")]
        [InlineData("bij,bjk->bik")]
        [InlineData("ab,ac,ad,bc,cd->bd")]
        [InlineData("ij->ji")]
        [InlineData("i,j->ij")]
        [InlineData("ii->i")]
        [InlineData("ii")]
        [InlineData("...ij,...jk->...ik")]
        [InlineData("...,...->...")]
        [InlineData("i...->i")]
        [InlineData("ij...,i...->i")]
        public void An_einsum_plans_as_its_own_contraction(string text)
        {
            var spec = EinsumParser.ParseOrThrow(text);
            var names = Enumerable.Range(0, spec.Inputs.Count).Select(i => $"t{i}").ToArray();
            var program = EinsumLowering.Lower(spec, ElementType.Double, names, "out", accumulate: false, EquatableArray<StaticDim>.Empty);

            var plan = ProgramPlanner.Plan(program);

            var step = Assert.IsType<EinsumStep>(Assert.Single(plan.Steps));
            var part = Assert.Single(step.Parts);
            Assert.True(part.IntoTarget);
            Assert.Null(step.Epilogue);
            Assert.Empty(step.Prologues);
            Assert.Equal(spec.ExplicitText, part.Spec.ExplicitText);
            var expected = ExecutionPlanner.Plan(spec, EquatableArray<StaticDim>.Empty);
            Assert.Equal(expected.Reason, part.Plan.Reason);
            Assert.Equal(expected.Steps.Count, part.Plan.Steps.Count);
        }

        [Fact]
        public void A_product_without_a_sum_in_a_tensor_program_stays_an_elementwise_loop_nest()
        {
            // Only an einsum's statement (a broadcasting program) is forced through the contraction planner.
            var spec = EinsumParser.ParseOrThrow("ij,ij->ij");
            var program = EinsumLowering.Lower(spec, ElementType.Double, new[] { "a", "b" }, "out", false, EquatableArray<StaticDim>.Empty) with { Broadcasting = false };

            Assert.IsType<LoopNestStep>(Assert.Single(ProgramPlanner.Plan(program).Steps));
        }
    }
}
