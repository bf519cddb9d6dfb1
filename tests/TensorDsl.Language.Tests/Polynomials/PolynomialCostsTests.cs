using System;
using System.Linq;
using TensorDsl.Language.Polynomials;
using Xunit;

namespace TensorDsl.Language.Tests.Polynomials
{
    public sealed class PolynomialCostsTests
    {
        private static Multigraph G(string einsum) => MultigraphParser.FromEinsumOrThrow(einsum);

        [Theory]
        // By hand: a matrix product loops over 3 indices; the triangle's trace too (X² then the elementwise product with X);
        // K4 needs a 3-index intermediate contracted over a 4th index (treewidth 3): n^4; the 6-cycle is a chain of
        // matrix products: n^3. Naive: one loop over all nodes.
        [InlineData("ab,bc->ac", 3, 3)]
        [InlineData("ab,bc,ca->", 3, 3)]
        [InlineData("ab,bc,cd,de,ef,fa->", 3, 6)]
        [InlineData("ab,ac,ad,bc,bd,cd->", 4, 4)]
        [InlineData("ab,ac,ad,bc,bd,cd->ab", 4, 4)]
        [InlineData("ab->", 2, 2)]
        public void Exponents_by_hand(string einsum, int planner, int naive)
        {
            var cost = PolynomialCosts.Plan(G(einsum), 1000);
            Assert.Equal((planner, naive), (cost.PlannerExponent, cost.NaiveExponent));
        }

        [Theory]
        [InlineData("ab,ac,ad,bc,cd->bd")]
        [InlineData("ab,ac,ad,bc,bd,cd->a")]
        [InlineData("ab,bc,bd,be,cd,ce->de")]
        [InlineData("ab,bd,be,cd,ce,de->ac")]
        [InlineData("ac,ad,ae,bc,bd,be->cd")]
        [InlineData("ab,bc,cd,de->ae")]
        public void The_exponent_read_off_the_path_is_the_growth_of_the_planners_flops(string einsum)
        {
            // Independent of the path inspection: the FLOP count the planner reports, at n and 2n.
            var g = G(einsum);
            double measured = PolynomialCosts.MeasuredExponent(g, 100_000);
            Assert.Equal(PolynomialCosts.Plan(g, 100_000).PlannerExponent, measured, 2);
        }
    }
}
