using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Lowering;
using TensorDsl.Language.Programs.Binding;
using Xunit;

namespace TensorDsl.Language.Tests.Lowering
{
    /// <summary>An einsum lowers to the one IR as the one statement NumPy's definition writes out.</summary>
    public class EinsumLoweringTests
    {
        private static BoundProgram Lower(string spec, bool accumulate = false, bool returnsScalar = false, params StaticDim[] dims)
        {
            var parsed = EinsumParser.ParseOrThrow(spec);
            var names = Enumerable.Range(0, parsed.Inputs.Count).Select(i => ((char)('a' + i)).ToString()).ToArray();
            return EinsumLowering.Lower(parsed, ElementType.Float, names, returnsScalar ? null : "out", accumulate, new EquatableArray<StaticDim>(dims));
        }

        private static string Text(BoundProgram p) => BoundProgramText.Statement(p, p.Statements.Single());

        [Theory]
        [InlineData("ij,jk->ik", "out[i,k] = sum[j](a[i,j] * b[j,k])")]
        [InlineData("ij,jk", "out[i,k] = sum[j](a[i,j] * b[j,k])")]
        [InlineData("ii->i", "out[i] = a[i,i]")]
        [InlineData("ii", "out = sum[i](a[i,i])")]
        [InlineData("i,i->", "out = sum[i](a[i] * b[i])")]
        [InlineData("ij->ji", "out[j,i] = a[i,j]")]
        [InlineData("bij,bjk->bik", "out[b,i,k] = sum[j](a[b,i,j] * b[b,j,k])")]
        [InlineData("...ij,...jk->...ik", "out[...,i,k] = sum[j](a[...,i,j] * b[...,j,k])")]
        [InlineData("i...->i", "out[i] = sum[...](a[i,...])")]
        [InlineData("ij...,i...->i", "out[i] = sum[j,...](a[i,j,...] * b[i,...])")]
        [InlineData("...i,...i", "out[...] = sum[i](a[...,i] * b[...,i])")]
        public void An_einsum_is_one_statement(string spec, string expected)
        {
            Assert.Equal(expected, Text(Lower(spec)));
        }

        [Fact]
        public void The_program_carries_numpy_broadcasting_and_the_parameter_roles()
        {
            var p = Lower("ij,jk->ik");
            Assert.True(p.Broadcasting);
            Assert.Equal(new[] { ProgramTensorKind.Input, ProgramTensorKind.Input, ProgramTensorKind.Output }, p.Tensors.Select(t => t.Kind));
            Assert.Equal(new[] { 0, 1, 2 }, p.Tensors.Select(t => t.Parameter));
            Assert.False(p.ReturnsScalar);
            Assert.False(p.HasEllipsis);
        }

        [Fact]
        public void Accumulate_is_the_statements_plus_equals()
        {
            var p = Lower("ij,jk->ik", accumulate: true);
            Assert.Equal("out[i,k] += sum[j](a[i,j] * b[j,k])", Text(p));
        }

        [Fact]
        public void A_returned_scalar_is_an_output_without_a_parameter()
        {
            var p = Lower("i,i->", returnsScalar: true);
            Assert.True(p.ReturnsScalar);
            Assert.Equal(-1, p.Tensors[2].Parameter);
            Assert.Equal("result = sum[i](a[i] * b[i])", Text(p));
            Assert.DoesNotContain(p.Uses, u => u.Tensor == 2);
        }

        [Fact]
        public void Dims_are_static_sizes_of_the_classes()
        {
            var p = Lower("ij,jk->ik", dims: new StaticDim("j", 16, true));
            var j = p.Classes[p.ClassOf("j")];
            Assert.Equal(16, j.StaticSize);
            Assert.Equal(-1, j.Source);
            Assert.Equal(0, p.Classes[p.ClassOf("i")].StaticSize);
        }

        [Fact]
        public void Axes_after_the_group_are_counted_from_the_end()
        {
            var p = Lower("i...jk,k->ij");
            var uses = p.Uses.Where(u => u.Tensor == 0).Select(u => (u.Index, u.Axis)).ToArray();
            Assert.Equal(new[] { ("i", 0), ("j", -2), ("k", -1) }, uses);
        }

        [Fact]
        public void Expansion_right_aligns_each_operands_group_axes()
        {
            // a has 3 axes besides i, j; b has 1 besides j, k: b's group axis is the last of a's three.
            var p = EllipsisExpansion.Expand(Lower("...ij,...jk->...ik"), t => t == 0 ? 5 : 3);
            Assert.Equal("out[...0,...1,...2,i,k] = sum[j](a[...0,...1,...2,i,j] * b[...2,j,k])", Text(p));
            Assert.False(p.HasEllipsis);
            Assert.Equal(5, p.Tensors[0].Rank);
            Assert.Equal(3, p.Tensors[1].Rank);
            Assert.Equal(5, p.Tensors[2].Rank);
            // Every input axis is a use with a concrete axis, and each group axis's class takes its size from an input.
            Assert.Equal(new[] { 0, 1, 2, 3, 4 }, p.Uses.Where(u => u.Tensor == 0).Select(u => u.Axis).OrderBy(a => a));
            Assert.Equal(new[] { 0, 1, 2 }, p.Uses.Where(u => u.Tensor == 1).Select(u => u.Axis).OrderBy(a => a));
            foreach (var name in new[] { "...0", "...1", "...2" })
            {
                var cls = p.Classes[p.ClassOf(name)];
                Assert.True(cls.Source >= 0);
                Assert.Equal(name, p.Uses[cls.Source].Index);
            }
        }

        [Fact]
        public void Expansion_sums_the_group_where_the_output_omits_it()
        {
            var p = EllipsisExpansion.Expand(Lower("i...->i"), _ => 3);
            Assert.Equal("out[i] = sum[...0,...1](a[i,...0,...1])", Text(p));
        }

        [Fact]
        public void Expansion_of_an_empty_group_leaves_the_named_indices()
        {
            var p = EllipsisExpansion.Expand(Lower("...ij->...ji"), _ => 2);
            Assert.Equal("out[j,i] = a[i,j]", Text(p));
        }

        [Fact]
        public void Expansion_rejects_too_few_axes()
        {
            var e = Assert.Throws<System.ArgumentException>(() => EllipsisExpansion.Expand(Lower("...ij->...ji"), _ => 1));
            Assert.Contains("'a' has rank 1", e.Message);
        }

        [Fact]
        public void A_program_without_a_group_is_returned_as_it_is()
        {
            var p = Lower("ij,jk->ik");
            Assert.Same(p, EllipsisExpansion.Expand(p, _ => 2));
        }
    }
}
