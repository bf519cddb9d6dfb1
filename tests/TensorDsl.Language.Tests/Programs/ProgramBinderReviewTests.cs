using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;
using Xunit;

namespace TensorDsl.Language.Tests.Programs
{
    /// <summary>Cases found in review of the binder: messages, follow-on errors, ranges that use left indices, spans.</summary>
    public sealed partial class ProgramBinderTests
    {
        [Fact]
        public void Reading_an_assigned_output_says_outputs_are_not_read()
        {
            var d = Single("o[i] = a[i]\nt[i] = o[i]\nz[i] = t[i]", Method(In("a"), Out("o"), Out("z")));
            AssertAt(d, DiagnosticIds.UnknownName, 19, 1, "'o'", "output");
        }

        [Fact]
        public void A_statement_reading_its_own_result_says_so()
        {
            var d = Single("o[i] = t[i] + a[i]\nt[i] = a[i]", Method(In("a"), Out("o")));
            AssertAt(d, DiagnosticIds.UnknownName, 7, 1, "'t'", "before");
            var self = Single("s[i] = s[i] + a[i]\no[i] = s[i]", Method(In("a"), Out("o")));
            AssertAt(self, DiagnosticIds.UnknownName, 7, 1, "'s'", "its own result");
        }

        [Fact]
        public void An_index_named_like_a_scalar_parameter_is_reported_once()
        {
            var result = Bind("o[w] = sum[j](a[w,j]) where j < w", Method(In("a"), Int("w"), Out("o")));
            var d = Assert.Single(result.Diagnostics);
            AssertAt(d, DiagnosticIds.UnboundIndex, 2, 1, "'w'", "scalar parameter");
        }

        [Fact]
        public void A_left_index_used_only_in_a_range_binds()
        {
            // A prefix sum: i appears on the right only in the window of j.
            var program = Bound("o[i] = sum[j](v[j]) where j <= i", Method(In("v"), Out("o")));
            var sum = OnlyReduction(program.Statements[0]);
            Assert.Equal("j", Assert.Single(sum.Ranges).Index);
            Assert.Equal(2, program.Classes.Count);
        }

        [Fact]
        public void A_dim_on_an_unused_index_is_a_warning_that_does_not_stop_binding()
        {
            var result = Bind("o[i] = a[i] * 2", Method(In("a"), Out("o")), new StaticDim("z", 4, true));
            Assert.NotNull(result.Program);
            Assert.Equal(DiagnosticIds.DimUnknownIndex, Assert.Single(result.Diagnostics).Id);
        }

        [Fact]
        public void A_failed_statement_does_not_add_follow_on_errors()
        {
            var result = Bind("o[i] = b[i] + x[i]", Method(In("a"), Out("o")));
            Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticIds.UnknownName, d.Id));
            Assert.Equal(2, result.Diagnostics.Count);
        }

        [Fact]
        public void A_parenthesized_operand_is_inside_its_binary_span()
        {
            var parse = ProgramParser.Parse("o[i] = (a[i] + b[i]) * c[i]");
            var product = Assert.IsType<BinarySyntax>(parse.Program!.Statements[0].Value);
            Assert.Equal(7, product.Start);
            Assert.Equal("(a[i] + b[i]) * c[i]".Length, product.Length);
        }
    }
}
