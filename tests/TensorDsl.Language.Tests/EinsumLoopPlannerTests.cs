using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;
using Xunit;

namespace TensorDsl.Language.Tests
{
    public sealed class EinsumLoopPlannerTests
    {
        [Theory]
        // Innermost: the index that is last in the most row-major tensors, the output counting twice.
        [InlineData("ij,jk->ik", "ijk", false)]
        [InlineData("ij,ij->", "ij", true)]
        [InlineData("ik,jk->ij", "ijk", true)]
        [InlineData("bij,bjk->bik", "bijk", false)]
        [InlineData("i,j->ij", "ij", false)]
        [InlineData("ii->", "i", true)]
        public void Loop_order_puts_the_unit_stride_index_innermost(string spec, string order, bool summed)
        {
            var plan = EinsumLoopPlanner.Plan(EinsumParser.ParseOrThrow(spec));
            Assert.Equal(order, plan.LoopOrder);
            Assert.Equal(summed, plan.InnermostIsSummed);
        }

        [Fact]
        public void Operands_are_hoisted_to_the_loop_that_binds_their_last_index()
        {
            // Loop order i, j, k: a[i,j] is read once per (i, j); b[j,k] is the vector operand.
            var plan = EinsumLoopPlanner.Plan(EinsumParser.ParseOrThrow("ij,jk->ik"));
            Assert.Equal(new[] { 1, 2 }, plan.HoistDepth.ToArray());
            Assert.Equal(new[] { 1 }, plan.VectorOperands.ToArray());
        }

        [Fact]
        public void A_spec_of_only_broadcast_dimensions_has_no_index_loops()
        {
            var plan = EinsumLoopPlanner.Plan(EinsumParser.ParseOrThrow("...,...->..."));
            Assert.Equal("", plan.LoopOrder);
            Assert.Equal(new[] { -1, -1 }, plan.HoistDepth.ToArray());
        }
    }
}
