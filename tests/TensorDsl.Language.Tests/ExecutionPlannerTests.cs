using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;
using Xunit;

namespace TensorDsl.Language.Tests
{
    public sealed class ExecutionPlannerTests
    {
        private static ExecutionPlan Plan(string spec, params StaticDim[] dims)
            => ExecutionPlanner.Plan(EinsumParser.ParseOrThrow(spec), new EquatableArray<StaticDim>(dims));

        [Theory]
        [InlineData("ij,jk->ik", "", "i", "k", "j")]
        [InlineData("ji,kj->ik", "", "i", "k", "j")]
        [InlineData("bij,bjk->bik", "b", "i", "k", "j")]
        [InlineData("bhqd,bhkd->bhqk", "bh", "q", "k", "d")]
        [InlineData("abcd,cdef->abef", "", "ab", "ef", "cd")]
        public void Matrix_products_are_one_gemm_step(string spec, string batch, string rows, string cols, string summed)
        {
            var step = Assert.Single(Plan(spec).Steps);
            Assert.Equal(StepKind.Gemm, step.Kind);
            Assert.Equal((batch, rows, cols, summed), (step.Batch, step.M, step.N, step.K));
        }

        [Theory]
        [InlineData("ii")]
        [InlineData("ij->ji")]
        [InlineData("i,j->ij")]
        [InlineData("ij,j->i")]
        [InlineData("ij,ij->")]
        [InlineData("aij,jk->ik")]
        [InlineData("...ij,...jk->...ik")]
        public void Other_specs_run_as_one_loop_nest(string spec)
        {
            Assert.True(Plan(spec).IsDirect);
        }

        [Fact]
        public void A_chain_is_contracted_pairwise_with_gemms_and_intermediates_laid_out_for_them()
        {
            var plan = Plan("ij,jk,kl,lm->im");
            Assert.Equal(3, plan.Steps.Count);
            Assert.All(plan.Steps, s => Assert.Equal(StepKind.Gemm, s.Kind));
            Assert.Equal(4, plan.Steps[^1].Result);
            Assert.Equal("im", plan.Steps[^1].ResultLabels);
            Assert.Equal(2, plan.IntermediateLabels.Count);
            // Every intermediate is read by a later step and is laid out batch, rows, columns.
            for (int t = 0; t < plan.IntermediateLabels.Count; t++)
            {
                int id = 5 + t;
                Assert.Contains(plan.Steps, s => s.Inputs.Contains(id));
                var producer = plan.Steps.Single(s => s.Result == id);
                Assert.Equal(producer.Batch + producer.M + producer.N, plan.IntermediateLabels[t]);
            }
        }

        [Fact]
        public void Matrix_vector_chains_contract_the_vector_first()
        {
            // A·B·v: B·v (n²) then A·(Bv) (n²), never A·B (n³).
            var plan = Plan("ij,jk,k->i");
            Assert.Equal(new[] { 1, 2 }, plan.Steps[0].Inputs.ToArray());
        }

        [Fact]
        public void Dims_steer_the_path()
        {
            // With k tiny, contracting a and b first is cheap; with k large it is not.
            var small = Plan("ij,jk,kl->il", new StaticDim("k", 1, true), new StaticDim("j", 1000, true));
            var large = Plan("ij,jk,kl->il", new StaticDim("k", 1000, true), new StaticDim("l", 1, true));
            Assert.Equal(new[] { 0, 1 }, small.Steps[0].Inputs.ToArray());
            Assert.Equal(new[] { 1, 2 }, large.Steps[0].Inputs.ToArray());
            Assert.Contains("k=1", small.PlanningSizes);
        }

        [Theory]
        [InlineData("ab,ac,ad,bc,cd->bd")]
        [InlineData("ab,ac,ad,bc,bd,cd->ab")]
        [InlineData("ab,bc,bd,be,cd,ce->de")]
        [InlineData("ab,bd,be,cd,ce,de->ac")]
        [InlineData("ac,ad,ae,bc,bd,be->cd")]
        public void Loop_nest_intermediates_feeding_a_gemm_are_laid_out_as_the_gemm_reads_them(string spec)
        {
            var plan = Plan(spec);
            int m = EinsumParser.ParseOrThrow(spec).Inputs.Count;
            int checkedOperands = 0;
            foreach (var step in plan.Steps.Where(s => s.Kind == StepKind.Gemm))
            {
                for (int side = 0; side < 2; side++)
                {
                    int id = step.Inputs[side];
                    if (id <= m || plan.Steps.Single(s => s.Result == id).Kind != StepKind.LoopNest) continue;
                    // A is [batch, rows, summed] and B is [batch, summed, columns], summed in the same order in both.
                    string expected = side == 0 ? step.Batch + step.M + step.K : step.Batch + step.K + step.N;
                    Assert.Equal(expected, plan.IntermediateLabels[id - m - 1]);
                    checkedOperands++;
                }
            }
            Assert.True(checkedOperands > 0, "no GEMM reads a loop-nest intermediate in this plan");
        }
    
        [Theory]
        [InlineData("ab,ac,ad,bc,bd,cd->ab")]
        [InlineData("ab,bc,cd->ad")]
        public void Gemm_intermediates_read_by_a_loop_nest_end_with_its_vector_index(string spec)
        {
            var plan = Plan(spec);
            int m = EinsumParser.ParseOrThrow(spec).Inputs.Count;
            int checkedSteps = 0;
            foreach (var gemm in plan.Steps.Where(s => s.Kind == StepKind.Gemm && s.Result != m))
            {
                var consumer = plan.Steps.FirstOrDefault(s => s.Inputs.Contains(gemm.Result));
                if (consumer is null || consumer.Kind != StepKind.LoopNest) continue;
                char inner = consumer.ResultLabels[consumer.ResultLabels.Length - 1];
                if ((gemm.M + gemm.N).IndexOf(inner) < 0) continue;
                Assert.Equal(inner, gemm.ResultLabels[gemm.ResultLabels.Length - 1]);
                checkedSteps++;
            }
            if (spec == "ab,ac,ad,bc,bd,cd->ab") Assert.True(checkedSteps > 0, "the plan has no GEMM read by a loop nest");
        }
}
}
