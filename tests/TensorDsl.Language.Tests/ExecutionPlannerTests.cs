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
        [InlineData("ab,bd,be,cd,ce,de->cb")]
        [InlineData("ab,ad,ae,bc,cd,de->eb")]
        public void Layouts_let_every_loop_nest_vectorize_and_every_gemm_pack_along_unit_strides(string spec)
        {
            // The graph polynomials have a layout for every intermediate in which each loop nest has a unit-stride
            // innermost index in all its tensors, and each GEMM operand has its summed labels, or its free ones, as
            // its trailing axes (so that packing reads it along unit strides): the planner must find one.
            var plan = Plan(spec);
            var parsed = EinsumParser.ParseOrThrow(spec);
            int m = parsed.Inputs.Count;
            string LabelsOf(int id) => id < m ? parsed.Inputs[id].Labels : id == m ? parsed.Output.Labels : plan.IntermediateLabels[id - m - 1];
            int gemmOperands = 0;
            foreach (var step in plan.Steps)
            {
                var operands = step.Inputs.Select(LabelsOf).ToList();
                if (step.Kind == StepKind.LoopNest)
                {
                    Assert.True(EinsumLoopPlanner.Vectorizes(operands, step.ResultLabels),
                        $"{string.Join(",", operands)}->{step.ResultLabels} has no unit-stride innermost index");
                    continue;
                }
                Assert.True(operands[0].EndsWith(step.K) || operands[0].EndsWith(step.M), $"A {operands[0]} (rows {step.M}, summed {step.K})");
                Assert.True(operands[1].EndsWith(step.K) || operands[1].EndsWith(step.N), $"B {operands[1]} (columns {step.N}, summed {step.K})");
                gemmOperands += 2;
            }
            Assert.True(gemmOperands > 0, "no GEMM in this plan");
        }

        [Theory]
        [InlineData("ab,bd,be,cd,ce,de->cb")]
        public void The_layout_search_finds_the_order_every_step_agrees_on(string spec)
        {
            // t[b,d,e] = x[b,e]·x[d,e] vectorizes only along e, and so does t[c,d,e] = x[c,d]·x[c,e] after it is written
            // e-last; the GEMM that sums (d,e) then reads both with the summed labels last, in the same order.
            var plan = Plan(spec);
            var gemm = plan.Steps.Single(s => s.Kind == StepKind.Gemm);
            Assert.Equal("de", gemm.K);
            Assert.All(plan.IntermediateLabels.Where(l => l.Length == 3), l => Assert.EndsWith("de", l));
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
