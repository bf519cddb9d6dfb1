using System.Linq;
using TensorDsl.Language.Polynomials;
using Xunit;

namespace TensorDsl.Language.Tests.Polynomials
{
    public sealed class MultigraphParserTests
    {
        [Theory]
        [InlineData("a-b a-c a-d b-c c-d; out b d", "ab,ac,ad,bc,cd->bd")]
        [InlineData("a-b a-c a-d b-c b-d c-d", "ab,ac,ad,bc,bd,cd->")]
        [InlineData("a-b a-c a-d b-c b-d c-d; out", "ab,ac,ad,bc,bd,cd->")]
        [InlineData("a-b,b-c,c-a; out a", "ab,ac,bc->a")]
        // Endpoints in either order, edges in any order: the einsum writes both sorted.
        [InlineData("d-c c-b b-a; out d a", "ab,bc,cd->da")]
        // Parallel edges and self-loops.
        [InlineData("a-b a-b a-a", "aa,ab,ab->")]
        [InlineData("  a-b   ;   out   b  ", "ab->b")]
        [InlineData("a-b b-c; out ca", "ab,bc->ca")]
        public void Edge_lists_convert_to_einsums(string text, string einsum)
        {
            var result = MultigraphParser.Parse(text);
            Assert.Empty(result.Diagnostics);
            Assert.Equal(einsum, result.Graph!.ToEinsum());
        }

        [Theory]
        [InlineData("ab,ac,ad,bc,cd->bd")]
        [InlineData("ab,bd,be,cd,ce,de->ac")]
        [InlineData("aa,ab,ab->b")]
        [InlineData("ab->")]
        public void Einsums_round_trip_through_the_edge_list(string einsum)
        {
            var graph = MultigraphParser.FromEinsumOrThrow(einsum);
            Assert.Equal(einsum, graph.ToEinsum());
            var again = MultigraphParser.ParseOrThrow(graph.ToEdgeList());
            Assert.Equal(graph, again);
        }

        [Fact]
        public void Einsum_operands_in_either_orientation_are_the_same_edge()
        {
            Assert.Equal(MultigraphParser.FromEinsumOrThrow("ab,cb->ac"), MultigraphParser.FromEinsumOrThrow("ba,bc->ac"));
            // NumPy's implicit output: labels used once, in order.
            Assert.Equal("ab,bc->ac", MultigraphParser.FromEinsumOrThrow("ab,bc").ToEinsum());
        }

        [Fact]
        public void The_model_exposes_degrees_multiplicities_and_marks()
        {
            var g = MultigraphParser.ParseOrThrow("a-b a-b a-a b-c; out c a");
            Assert.Equal("abc", g.Nodes);
            Assert.Equal(4, g.EdgeCount);
            Assert.Equal(4, g.Degree(0)); // two parallel edges + a loop counted twice
            Assert.Equal(3, g.Degree(1));
            Assert.Equal(2, g.Multiplicity(0, 1));
            Assert.Equal(1, g.Multiplicity(0, 0));
            Assert.Equal(new[] { 2, 0 }, g.Marked.ToArray());
            Assert.False(g.IsSimple);
            Assert.True(g.IsConnected);
            Assert.False(MultigraphParser.ParseOrThrow("a-b c-d").IsConnected);
            Assert.True(MultigraphParser.ParseOrThrow("a-b b-c").IsSimple);
        }

        [Theory]
        // text, start, length of the diagnostic, a phrase of its message
        [InlineData("", 0, 0, "empty")]
        [InlineData("; out a", 0, 1, "no edges")]
        [InlineData("a-b ab", 4, 2, "join the two endpoint letters")]
        [InlineData("a-b b-c-d", 4, 5, "each edge separately")]
        [InlineData("a-b c-", 4, 2, "lacks an endpoint")]
        [InlineData("a-b ab-c", 4, 4, "single letters")]
        [InlineData("a-b a-1", 6, 1, "'1' is not a node name")]
        [InlineData("a-b b->c", 6, 1, "'>' is not part of the edge-list form")]
        [InlineData("a-b; b", 5, 1, "write 'out'")]
        [InlineData("a-b; out a; out b", 10, 1, "more than one ';'")]
        [InlineData("a-b; out c", 9, 1, "'c' is not an endpoint of any edge")]
        [InlineData("a-b; out a a", 11, 1, "listed twice")]
        [InlineData("a-b b-c; out a b c", 17, 1, "0, 1 or 2 output nodes")]
        [InlineData("a-b; out a 2", 11, 1, "'2' is not a node name")]
        public void Errors_are_TDSL0023_on_the_offending_characters(string text, int start, int length, string phrase)
        {
            var result = MultigraphParser.Parse(text);
            Assert.Null(result.Graph);
            var d = result.Diagnostics.First();
            Assert.Equal("TDSL0023", d.Id);
            Assert.Equal(DiagnosticTarget.SpecText, d.Target);
            Assert.Equal((start, length), (d.Start, d.Length));
            Assert.Contains(phrase, d.Message);
        }

        [Theory]
        [InlineData("ab,abc->a", "TDSL0023", 3, 3, "Operand 1 \"abc\" is not an edge")]
        [InlineData("ab,c->a", "TDSL0023", 3, 1, "two subscripts")]
        [InlineData("ab,bc,cd->abc", "TDSL0023", 12, 1, "0, 1 or 2 output nodes")]
        [InlineData("a...,bc->", "TDSL0023", 0, 4, "is not an edge")]
        // Einsum syntax keeps the einsum parser's IDs.
        [InlineData("ab,b1->a", "TDSL0001", 4, 1, "not a valid subscript")]
        [InlineData("ab,bc->ad", "TDSL0003", 8, 1, "appears in no input")]
        public void Einsums_that_are_not_graphs_are_rejected(string einsum, string id, int start, int length, string phrase)
        {
            var result = MultigraphParser.FromEinsum(einsum);
            Assert.Null(result.Graph);
            var d = result.Diagnostics.First();
            Assert.Equal(id, d.Id);
            Assert.Equal((start, length), (d.Start, d.Length));
            Assert.Contains(phrase, d.Message);
        }

        [Fact]
        public void ParseAny_reads_both_spellings()
        {
            Assert.Equal(MultigraphParser.ParseAny("a-b b-c; out a c").Graph, MultigraphParser.ParseAny("ab,bc->ac").Graph);
            Assert.Equal("ab,bc->ac", MultigraphParser.ParseAny("ab,bc").Graph!.ToEinsum()); // NumPy's implicit output
        }
    }
}
