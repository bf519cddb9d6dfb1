using System.Linq;
using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Polynomials
{
    /// <summary>
    /// <c>[EquivariantPolynomial]</c>: operands that are not edges (TDSL0024) on the operand inside the string, the einsum
    /// parser's errors inside the string, the (x, p) signature (TDSL0025), the method's shape and parameter types (TDSL0005,
    /// TDSL0006) on the method name, return type or parameter, and no letter for the channel axis (TDSL0026) on the spec.
    /// </summary>
    public class EquivariantPolynomialAnalyzerTests
    {
        private const string Xp = "ReadOnlyTensorSpan<float> x, TensorSpan<float> p";

        private static Task Verify(string attributeMarkup, string parameters = Xp, string head = "static partial void M")
            => AttributeAnalyzerHarness.VerifyAsync(Sources.InKernels($"    [{attributeMarkup}]\n    {head}({parameters});"));

        [Theory]
        [InlineData("EquivariantPolynomial(\"ab,ac,ad,bc,cd->bd\")")]
        [InlineData("EquivariantPolynomial(\"ab,ac,ad,bc,bd,cd->\")")]
        [InlineData("EquivariantPolynomial(\"ab,ac,ad,bc,bd,cd->a\")")]
        [InlineData("EquivariantPolynomial(\"ab,bc,bd,be,cd,ce->de\")")]
        [InlineData("EquivariantPolynomial(\"ac,ad,ae,bc,bd,be->cd\")")]
        [InlineData("EquivariantPolynomial(\"ab->a\")")]
        [InlineData("EquivariantPolynomial(\"aa,ab->b\")")]
        [InlineData("EquivariantPolynomial(\"ab,bc\")")]
        [InlineData("EquivariantPolynomial(\"ab,bc,ca->a\", Channels = true)")]
        [InlineData("EquivariantPolynomial(spec: \"ab,bc->ac\", Channels = false)")]
        public Task ValidAttributesHaveNoDiagnostics(string attribute) => Verify(attribute);

        [Theory]
        [InlineData("EquivariantPolynomial(\"a-b a-c a-d b-c c-d; out b d\")")]
        [InlineData("EquivariantPolynomial(\"a-b b-c c-a; out a\", Channels = true)")]
        [InlineData("EquivariantPolynomial(\"a-b,a-c,a-d,b-c,b-d,c-d\")")]
        public Task ValidEdgeListsHaveNoDiagnostics(string attribute) => Verify(attribute);

        [Theory]
        [InlineData("EquivariantPolynomial(\"a-b b{|TDSL0023:>|}c; out a\")")]
        [InlineData("EquivariantPolynomial(\"a-b b-c c-a; out a b {|TDSL0023:c|}\")")]
        [InlineData("EquivariantPolynomial(\"a-b b-c; out {|TDSL0023:d|}\")")]
        [InlineData("EquivariantPolynomial(\"ab,bc,cd->ab{|TDSL0023:c|}\")")]
        public Task MultigraphErrorsPointInsideTheString(string attribute) => Verify(attribute);

        [Fact]
        public Task DoubleIsValid() => Verify("EquivariantPolynomial(\"ab,bc->ac\")", "ReadOnlyTensorSpan<double> adjacency, TensorSpan<double> walks");

        [Theory]
        [InlineData("EquivariantPolynomial(\"ab,{|TDSL0024:abc|}->c\")")]
        [InlineData("EquivariantPolynomial(\"{|TDSL0024:a|},ab->b\")")]
        [InlineData("EquivariantPolynomial(\"{|TDSL0024:abC|},{|TDSL0024:bcC|}->acC\")")]
        [InlineData("EquivariantPolynomial(\"ab,{|TDSL0024:...bc|}->{|TDSL0024:...ac|}\")")]
        [InlineData("EquivariantPolynomial(\"ab, {|TDSL0024:b c d|} ->a\")")]
        public Task OperandsThatAreNotEdges(string attribute) => Verify(attribute);

        [Theory]
        [InlineData("EquivariantPolynomial(\"ab,bc->{|TDSL0003:d|}\")")]
        [InlineData("EquivariantPolynomial(\"ab,bc->a{|TDSL0004:a|}\")")]
        [InlineData("EquivariantPolynomial(\"ab,b{|TDSL0001:1|}->a\")")]
        [InlineData("EquivariantPolynomial({|TDSL0001:\"\"|})")]
        public Task EinsumErrorsPointInsideTheString(string attribute) => Verify(attribute);

        [Fact]
        public Task ATensorTooManyIsReportedOnTheThirdParameter()
            => Verify("EquivariantPolynomial(\"ab,bc->ac\")", "ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, {|TDSL0025:TensorSpan<float> p|}");

        [Fact]
        public Task OneParameterIsReportedOnTheMethod()
            => AttributeAnalyzerHarness.VerifyAsync(Sources.InKernels("    [EquivariantPolynomial(\"ab->a\")]\n    static partial void {|TDSL0025:M|}(TensorSpan<float> p);"));

        [Fact]
        public Task ParameterTypesAreChecked()
            => Verify("EquivariantPolynomial(\"ab->a\")", "{|TDSL0006:TensorSpan<float> x|}, {|TDSL0006:TensorSpan<int> p|}");

        [Fact]
        public Task ElementTypesMustAgree()
            => Verify("EquivariantPolynomial(\"ab->a\")", "ReadOnlyTensorSpan<float> x, {|TDSL0006:TensorSpan<double> p|}");

        [Fact]
        public Task TheMethodMustBeStaticPartialVoid()
            => AttributeAnalyzerHarness.VerifyAsync(Sources.InKernels(
                "    [EquivariantPolynomial(\"ab->a\")]\n    public static partial {|TDSL0005:float|} M(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);\n" +
                "    [EquivariantPolynomial(\"ab->a\")]\n    static void {|TDSL0005:N|}(ReadOnlyTensorSpan<float> x, TensorSpan<float> p) { }"));

        [Fact]
        public Task AllFiftyTwoLettersLeaveNoChannelLetter()
        {
            string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
            string spec = string.Join(",", Enumerable.Range(0, letters.Length - 1).Select(i => $"{letters[i]}{letters[i + 1]}")) + "->a";
            return Verify($"EquivariantPolynomial({{|TDSL0026:\"{spec}\"|}}, Channels = true)");
        }

        [Fact]
        public Task FiftyTwoLettersWithoutChannelsAreValid()
        {
            string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
            string spec = string.Join(",", Enumerable.Range(0, letters.Length - 1).Select(i => $"{letters[i]}{letters[i + 1]}")) + "->a";
            return Verify($"EquivariantPolynomial(\"{spec}\")");
        }
    }
}
