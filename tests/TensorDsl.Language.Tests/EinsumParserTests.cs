using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Einsum;
using Xunit;

namespace TensorDsl.Language.Tests
{
    public sealed class EinsumParserTests
    {
        [Theory]
        // NumPy's implicit output: labels used exactly once, in character-code order (upper case first).
        [InlineData("ij,jk", "ij,jk->ik")]
        [InlineData("ba,cb", "ba,cb->ac")]
        [InlineData("ii", "ii->")]
        [InlineData("ij,ij", "ij,ij->")]
        [InlineData("abc,cba", "abc,cba->")]
        [InlineData("aab,bc", "aab,bc->c")]
        [InlineData("bA,ab", "bA,ab->Aa")]
        [InlineData("i,j", "i,j->ij")]
        [InlineData("...ij,...jk", "...ij,...jk->...ik")]
        [InlineData("i...,j", "i...,j->...ij")]
        [InlineData(" i j , j k ", "ij,jk->ik")]
        [InlineData("ij,jk->ki", "ij,jk->ki")]
        [InlineData("ij->", "ij->")]
        [InlineData("...->...", "...->...")]
        public void Specs_parse_to_numpys_explicit_form(string spec, string expected)
        {
            var result = EinsumParser.Parse(spec);
            Assert.Empty(result.Diagnostics);
            Assert.Equal(expected, result.Spec!.ExplicitText);
        }

        [Fact]
        public void Labels_are_numbered_in_order_of_first_appearance()
        {
            var spec = EinsumParser.ParseOrThrow("bij,bjk->bik");
            Assert.Equal("bijk", spec.Labels);
            Assert.Equal("j", spec.SummedLabels);
        }

        [Fact]
        public void Ellipsis_position_is_recorded_per_operand()
        {
            var spec = EinsumParser.ParseOrThrow("a...b,...->...");
            Assert.Equal(1, spec.Inputs[0].EllipsisPosition);
            Assert.Equal("ab", spec.Inputs[0].Labels);
            Assert.Equal(0, spec.Inputs[1].EllipsisPosition);
            Assert.True(spec.Output.HasEllipsis);
        }

        [Theory]
        // Each error is located at the offending characters of the spec.
        [InlineData("ij,j$->i", DiagnosticIds.InvalidSyntax, 4, 1)]
        [InlineData("ij,jk->i.k", DiagnosticIds.InvalidSyntax, 8, 1)]
        [InlineData("i..j", DiagnosticIds.InvalidSyntax, 1, 1)]
        [InlineData("i...j...", DiagnosticIds.InvalidSyntax, 5, 3)]
        [InlineData("ij-jk", DiagnosticIds.InvalidSyntax, 2, 1)]
        [InlineData("ij>jk", DiagnosticIds.InvalidSyntax, 2, 1)]
        [InlineData("ij->j->i", DiagnosticIds.InvalidSyntax, 5, 2)]
        [InlineData("ij,jk->i,k", DiagnosticIds.InvalidSyntax, 8, 1)]
        [InlineData("ij,jk->iki", DiagnosticIds.OutputIndexRepeated, 9, 1)]
        [InlineData("ij,jk->iz", DiagnosticIds.OutputIndexNotInInputs, 8, 1)]
        [InlineData("ij,,jk", DiagnosticIds.EmptyOperand, 3, 1)]
        [InlineData("", DiagnosticIds.InvalidSyntax, 0, 0)]
        [InlineData("αβ", DiagnosticIds.InvalidSyntax, 0, 1)]
        public void Errors_carry_their_id_and_position(string spec, string id, int start, int length)
        {
            var result = EinsumParser.Parse(spec);
            Assert.Null(result.Spec);
            var d = result.Diagnostics[0];
            Assert.Equal(id, d.Id);
            Assert.Equal(DiagnosticTarget.SpecText, d.Target);
            Assert.Equal((start, length), (d.Start, d.Length));
        }

        [Fact]
        public void All_errors_are_reported_not_only_the_first()
        {
            var result = EinsumParser.Parse("i$,j%->k");
            Assert.Equal(new[] { 1, 4, 7 }, result.Diagnostics.Select(d => d.Start).ToArray());
        }

        [Fact]
        public void Specs_are_value_equal_so_the_generator_caches_them()
        {
            Assert.Equal(EinsumParser.ParseOrThrow("ij,jk->ik"), EinsumParser.ParseOrThrow("ij,jk->ik"));
            Assert.NotEqual(EinsumParser.ParseOrThrow("ij,jk->ik"), EinsumParser.ParseOrThrow("ij,jk->ki"));
            Assert.Equal(EinsumParser.ParseOrThrow("ij,jk").GetHashCode(), EinsumParser.ParseOrThrow("ij,jk").GetHashCode());
        }

        [Fact]
        public void ParseOrThrow_names_the_id_and_position()
        {
            var e = Assert.Throws<System.ArgumentException>(() => EinsumParser.ParseOrThrow("ij,j!"));
            Assert.Contains("TDSL0001", e.Message);
            Assert.Contains("at 4", e.Message);
        }
    }
}
