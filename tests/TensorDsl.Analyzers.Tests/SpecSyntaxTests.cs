using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests
{
    /// <summary>Errors in the spec text itself, located at the offending characters inside the string.</summary>
    public class SpecSyntaxTests
    {
        private static Task VerifySpec(string specMarkup) => AnalyzerHarness.VerifyAsync(Sources.BinaryMethod("\"" + specMarkup + "\""));

        [Theory]
        [InlineData("ij,j{|TDSL0001:#|}k->ik")]              // a character that is not a subscript
        [InlineData("{|TDSL0001:1|}ij,jk->ik")]
        [InlineData("ij,jk->i{|TDSL0001:_|}")]
        [InlineData("ij{|TDSL0001:.|},jk->ik")]             // a '.' that is not part of '...'
        [InlineData("ij,jk->i{|TDSL0001:.|}k")]
        [InlineData("i{|TDSL0001:.|}{|TDSL0001:.|}j,jk->ik")] // '..' is two stray dots
        [InlineData("i...j{|TDSL0001:...|},jk->ik")]        // two ellipses in one operand
        [InlineData("ij,jk->ik{|TDSL0001:->|}k")]           // a second '->'
        [InlineData("ij,jk{|TDSL0001:-|}ik")]               // '-' alone
        [InlineData("ij{|TDSL0001:>|}jk")]                  // '>' alone
        [InlineData("ij,jk{|TDSL0001:-|} {|TDSL0001:>|}ik")]  // "- >" is not an arrow
        [InlineData("ij,jk->i{|TDSL0001:,|}k")]             // ',' in the output
        public Task InvalidSyntax(string spec) => VerifySpec(spec);

        [Theory]
        [InlineData("ij,jk{|TDSL0001:#|}->ik")]             // 'k' is in the operand with the error: no second diagnostic
        [InlineData("ij,{|TDSL0001:?|}jk->ik")]
        [InlineData("ij,j{|TDSL0001:#|}->i{|TDSL0003:k|}")]   // 'k' is in no operand at all
        public Task AnOperandWithASyntaxErrorStillProvidesItsIndicesToTheOutput(string spec) => VerifySpec(spec);

        [Fact]
        public Task EmptySpecIsReportedOnTheWholeArgument()
            => AnalyzerHarness.VerifyAsync(Sources.BinaryMethod("{|TDSL0001:\"\"|}"));

        [Fact]
        public Task BlankSpecIsReportedOnTheWholeArgument()
            => AnalyzerHarness.VerifyAsync(Sources.BinaryMethod("{|TDSL0001:\"   \"|}"));

        [Fact]
        public Task NullSpecIsReportedOnTheWholeArgument()
            => AnalyzerHarness.VerifyAsync(Sources.BinaryMethod("{|TDSL0001:null|}"));

        [Theory]
        [InlineData("ij,{|TDSL0011:,|}jk->ik")]             // empty middle operand: at the ',' that ends it
        [InlineData("{|TDSL0011:,|}ij")]                   // empty first operand
        [InlineData("ij{|TDSL0011:,|}")]                   // empty last operand: at the trailing ','
        [InlineData("{|TDSL0011:-|}>{|TDSL0003:i|}")]      // no inputs at all: the output index then has no input either
        public Task EmptyOperand(string spec) => VerifySpec(spec);

        [Theory]
        [InlineData("ij,jk,{|TDSL0002:kl|}->il")]           // more spec operands than operand parameters: at the first extra one
        [InlineData("ij,jk,{|TDSL0002:...l|}")]
        public Task TooManyOperands(string spec) => VerifySpec(spec);

        [Fact]
        public Task TooFewOperandsIsReportedOnTheWholeArgument()
            => AnalyzerHarness.VerifyAsync(Sources.BinaryMethod("{|TDSL0002:\"ij->ij\"|}"));

        [Theory]
        [InlineData("ij,jk->i{|TDSL0003:z|}")]
        [InlineData("ij,jk->{|TDSL0003:x|}{|TDSL0003:y|}")]
        [InlineData("ij,jk->{|TDSL0003:K|}")]                // indices are case-sensitive
        public Task OutputIndexNotInInputs(string spec) => VerifySpec(spec);

        [Theory]
        [InlineData("ij,jk->i{|TDSL0004:i|}")]
        [InlineData("ij,jk->ik{|TDSL0004:i|}{|TDSL0004:k|}")]
        [InlineData("ij,jk->i{|TDSL0004:i|}{|TDSL0003:z|}")]
        public Task OutputIndexRepeated(string spec) => VerifySpec(spec);
    }
}
