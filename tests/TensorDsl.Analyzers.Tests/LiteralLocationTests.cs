using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests
{
    /// <summary>
    /// Spec offsets mapped into every kind of string literal; anything that is not a single literal (a const, a
    /// concatenation, an interpolation) falls back to the whole argument.
    /// </summary>
    public class LiteralLocationTests
    {
        [Theory]
        // Regular literals with escapes: the location covers the whole escape sequence, and later offsets shift.
        [InlineData("""
            "ij,j{|TDSL0001:\t|}k->ik"
            """)]
        [InlineData("""
            "ij,j\u006B->i{|TDSL0003:z|}"
            """)]
        [InlineData("""
            "ij,j{|TDSL0001:\u0023|}k->ik"
            """)]
        [InlineData("""
            "ij,j{|TDSL0001:\x23|}k->ik"
            """)]
        [InlineData("""
            "i\x6A,j{|TDSL0001:\x0023|}->i{|TDSL0003:z|}"
            """)]
        [InlineData("""
            "ij,{|TDSL0001:\"|}jk->ik"
            """)]
        [InlineData("""
            "ij,{|TDSL0001:\\|}jk->ik"
            """)]
        [InlineData("""
            "ij,j{|TDSL0001:\0|}k->ik"
            """)]
        [InlineData("""
            "ij,jk{|TDSL0001:\e|}->ik"
            """)]
        [InlineData("""
            "ij,jk->i\U0000006B{|TDSL0004:\U0000006B|}"
            """)]
        // A character above U+FFFF is two UTF-16 characters, each reported, both on the escape.
        [InlineData("""
            "ij,j{|TDSL0001:{|TDSL0001:\U0001F600|}|}k->ik"
            """)]
        // Verbatim literals: "" is one quote character.
        [InlineData("""
            @"ij,j{|TDSL0001:#|}k->ik"
            """)]
        [InlineData("""
            @"ij,{|TDSL0001:""|}jk->i{|TDSL0003:z|}"
            """)]
        [InlineData("""
            @"ij,j{|TDSL0001:\|}k->ik"
            """)]
        // Raw single-line literals, with three quotes or more.
        [InlineData(""""
            """ij,j{|TDSL0001:#|}k->ik"""
            """")]
        [InlineData("""""
            """"ij,j{|TDSL0001:"|}k->ik""""
            """"")]
        // Named constructor argument, and a named property after it.
        [InlineData("""
            spec: "ij,j{|TDSL0001:#|}k->ik"
            """)]
        [InlineData("""
            "ij,j{|TDSL0001:#|}k->ik", Accumulate = true
            """)]
        // Not a single literal: the whole argument expression.
        [InlineData("""
            {|TDSL0001:Spec|}
            """)]
        [InlineData("""
            {|TDSL0001:Kernels.Spec|}
            """)]
        [InlineData("""
            {|TDSL0003:"ij,jk" + "->iz"|}
            """)]
        [InlineData("""
            {|TDSL0003:("ij,jk->iz")|}
            """)]
        [InlineData("""
            {|TDSL0003:$"ij,jk->i{Z}"|}
            """)]
        public Task Locations(string argument)
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    const string Spec = "ij,j#k->ik";
                    const string Z = "z";

                    [Einsum({{argument}})]
                    static partial void M({{Sources.Binary}});
                """));

        [Fact]
        public Task MultiLineRawLiteral()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels(""""
                    [Einsum("""
                        ij,j{|TDSL0001:#|}k->ik
                        """)]
                    static partial void M(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """"));

        [Fact]
        public Task MultiLineRawLiteralWithSeveralLines()
            // The line break is part of the value, and is not a subscript; the indentation is not part of the value.
            => AnalyzerHarness.VerifyAsync(Sources.InKernels(""""
                    [Einsum("""
                          ij,jk{|TDSL0001:
                |}        ->i{|TDSL0003:z|}
                        """)]
                    static partial void M(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """"));

        [Fact]
        public Task MultiLineRawLiteralWithCrLf()
        {
            string markup = Sources.InKernels(""""
                    [Einsum("""
                        ij,j{|TDSL0001:#|}->i{|TDSL0003:z|}
                        """)]
                    static partial void M(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """").Replace("\r\n", "\n").Replace("\n", "\r\n");
            return AnalyzerHarness.VerifyAsync(markup);
        }

        [Fact]
        public Task RegularLiteralWithCrLfLineEndingsElsewhere()
            => AnalyzerHarness.VerifyAsync(Sources.BinaryMethod("\"ij,j{|TDSL0001:#|}k->ik\"").Replace("\n", "\r\n"));
    }
}
