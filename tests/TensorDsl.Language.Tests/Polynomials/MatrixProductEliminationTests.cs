using System.Linq;
using TensorDsl.Language.Polynomials;
using Xunit;

namespace TensorDsl.Language.Tests.Polynomials
{
    public sealed class MatrixProductEliminationTests
    {
        /// <summary>docs/design.md §6.4, copied from the design text: the degree ≤ 6 elements PPGN cannot compute. "…->bc" repeats
        /// the previous element's operands with another output.</summary>
        private static readonly string[] DesignList =
        {
            "ab,ac,ad,bc,cd->bd",
            "ab,ac,ad,bc,bd,cd->", "ab,ac,ad,bc,bd,cd->a", "ab,ac,ad,bc,bd,cd->ab",
            "ab,bc,bd,be,cd,ce->de",
            "ab,bd,be,cd,ce,de->ac", "ab,bd,be,cd,ce,de->bc", "ab,bd,be,cd,ce,de->ca", "ab,bd,be,cd,ce,de->cb",
            "ab,ad,ae,bc,cd,de->be", "ab,ad,ae,bc,cd,de->eb",
            "ac,ad,ae,bc,bd,be->cd",
        };

        private static Multigraph G(string einsum) => MultigraphParser.FromEinsumOrThrow(einsum);

        [Fact]
        public void Uncomputable_connected_simple_elements_are_exactly_the_design_list()
        {
            var uncomputable = MultigraphEnumerator.ConnectedSimple(6).Where(g => !MatrixProductElimination.IsComputable(g)).ToList();
            Assert.DoesNotContain(uncomputable, g => g.EdgeCount <= 4);
            Assert.Single(uncomputable, g => g.EdgeCount == 5);
            Assert.Equal(11, uncomputable.Count(g => g.EdgeCount == 6));

            var design = DesignList.Select(s => MultigraphCanonicalizer.Canonicalize(G(s))).ToList();
            Assert.Equal(12, design.Distinct().Count()); // the list names 12 different elements
            Assert.Equal(design.ToHashSet(), uncomputable.ToHashSet());
        }

        [Theory]
        // Matrix products and their sums.
        [InlineData("ab,bc->ac", true)]
        [InlineData("ab,bc,ca->", true)]
        [InlineData("ab,bc,cd,da->ac", true)]
        [InlineData("ab,ac,ad->a", true)]          // star centre marked: three vectors X·1 multiplied
        [InlineData("ab,ac,ad->", true)]           // star, centre unmarked: the leaves go first (degree 1), then the centre
        [InlineData("ab,ac,ad,bc,cd->ac", true)]   // K4 minus an edge, outputs on the degree-3 pair
        [InlineData("ab,ac,ad,bc,cd->bd", false)]  // outputs on the degree-2 pair
        [InlineData("ab,ab,ab,ac,ac,ad,bc,cd->bd", false)] // parallel edges do not help
        [InlineData("aa,ab,bb->", true)]           // loops are vectors
        public void Elimination_decides_small_cases(string einsum, bool computable)
        {
            Assert.Equal(computable, MatrixProductElimination.IsComputable(G(einsum)));
        }

        [Fact]
        public void Steps_say_what_is_computed()
        {
            var g = G("ab,bc,cd->ad");
            var result = MatrixProductElimination.Analyze(g);
            Assert.True(result.IsComputable);
            Assert.Equal(new[] { EliminationKind.MatrixProduct, EliminationKind.MatrixProduct }, result.Steps.Select(s => s.Kind));
            Assert.Equal((g.NodeOf('b'), g.NodeOf('a'), g.NodeOf('c')), (result.Steps[0].Node, result.Steps[0].First, result.Steps[0].Second));

            var k4 = MatrixProductElimination.Analyze(G("ab,ac,ad,bc,bd,cd->"));
            Assert.False(k4.IsComputable);
            Assert.Empty(k4.Steps);
            Assert.Equal(4, k4.StuckNodes.Count);

            var pendant = MatrixProductElimination.Analyze(G("ab,bc,bd,be,cd,ce->de"));
            Assert.Equal(EliminationKind.MatrixVector, pendant.Steps.Single().Kind);
        }
    }
}
