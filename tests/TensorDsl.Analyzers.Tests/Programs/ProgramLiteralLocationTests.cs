using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Programs
{
    /// <summary>
    /// Program offsets mapped into the literal as it is written: line breaks, raw-literal indentation (removed from the
    /// value, so offsets skip it), blank lines, tabs, CRLF, escapes; anything that is not a single literal maps to the
    /// whole argument.
    /// </summary>
    public class ProgramLiteralLocationTests
    {
        private static string Method(string attributeArgument, string parameters = ProgramSources.MatMul)
            => Sources.InKernels($$"""
                    const string Program = "c[i,k] = a[i,j] * b[j,k]; t[i,k] = a[i,j] * x[j,k]";
                    const string Tail = " * b[j,k]";

                    [TensorProgram({{attributeArgument}})]
                    static partial void M({{parameters}});
                """);

        [Fact]
        public Task RawLiteralErrorOnALaterLine()
            => AnalyzerHarness.VerifyAsync(Method(""""
                """
                        s[i,j] = a[i,j] * 2
                        c[i,k] = s[i,j] * b[j,k]
                        t[i,k] = s[i,j] * {|TDSL0013:x|}[j,k]
                        """
                """"));

        [Fact]
        public Task RawLiteralWithExtraIndentationOnSomeLines()
            // Only the closing line's indentation is removed; the rest is part of the value and shifts the offsets.
            => AnalyzerHarness.VerifyAsync(Method(""""
                """
                        s[i,j] = a[i,j] * 2
                            c[i,k] = s[i,j] * b[j,k]
                                  t[i,k] = s[i,j] * {|TDSL0013:x|}[j,k]
                        """
                """"));

        [Fact]
        public Task RawLiteralWithBlankAndWhitespaceOnlyLines()
            // A whitespace-only line shorter than the indentation is an empty line of the value; a longer one keeps the
            // whitespace beyond the indentation (as C# does).
            => AnalyzerHarness.VerifyAsync(Method(""""
                """

                        s[i,j] = a[i,j] * 2
                  
                                    
                        c[i,k] = s[i,j] * b[j,k]

                        t[i,k] = s[i,j] * {|TDSL0013:x|}[j,k]

                        """
                """"));

        [Fact]
        public Task RawLiteralWithTabIndentation()
            => AnalyzerHarness.VerifyAsync(Method("\"\"\"\n\t\t\tc[i,k] = a[i,j] * b[j,k]\n\t\t\t\tt[i,k] = a[i,j] * {|TDSL0013:x|}[j,k]\n\t\t\t\"\"\""));

        [Fact]
        public Task RawLiteralWithFourQuotes()
            => AnalyzerHarness.VerifyAsync(Method(""""""
                """"
                        c[i,k] = a[i,j] * b[j,k]
                        t[i,k] = a[i,j] {|TDSL0012:"|} """ {{x}}
                        """"
                """"""));

        [Fact]
        public Task RawLiteralWithCrLfLineBreaks()
        {
            // The value keeps the CRLF; '\r' is whitespace to the program, '\n' ends a statement.
            string markup = Method(""""
                """
                        c[i,k] = a[i,j] * b[j,k]
                        t[i,k] = sum[j](a[i,j] * {|TDSL0013:x|}[j,k])
                        """
                """").Replace("\r\n", "\n").Replace("\n", "\r\n");
            return AnalyzerHarness.VerifyAsync(markup);
        }

        [Fact]
        public Task RawLiteralWithCrLfLineBreaksAndSyntaxErrors()
        {
            // An error on a line break covers the '\n' only: the character the parser stopped at.
            string markup = Method(""""
                """
                        c[i,k] = a[i,j] * b[j,k]
                        u[i,k] = sum[j](a[i,j] * b[j,k]
                        v[i,j] = a[i,j] $
                        """
                """").Replace("\r\n", "\n").Replace("\n", "\r\n")
                .Replace("b[j,k]\r\n        v", "b[j,k]\r{|TDSL0012:\n|}        v")
                .Replace("] $", "] {|TDSL0012:$|}");
            return AnalyzerHarness.VerifyAsync(markup);
        }

        [Fact]
        public Task RawLiteralErrorAtALineBreak()
            => AnalyzerHarness.VerifyAsync(Method(""""
                """
                        c[i,k] = a[i,j] * b[j,k]
                        t[i,k] = sum[j](a[i,j] * b[j,k]{|TDSL0012:
                |}        u[i,k] = a[i,k]
                        """
                """"));

        [Fact]
        public Task RawLiteralErrorAtTheEndIsOnTheWholeArgument()
            // The line break before the closing quotes is not part of the value: the parser stops at the end of the text.
            => AnalyzerHarness.VerifyAsync(Method(""""
                {|TDSL0012:"""
                        c[i,k] = a[i,j] * b[j,k]
                        t[i,k] = sum[j](a[i,j] * b[j,k]
                        """|}
                """"));

        [Fact]
        public Task SingleLineRawLiteral()
            => AnalyzerHarness.VerifyAsync(Method(""""
                """c[i,k] = a[i,j] * b[j,k]; t[i,k] = {|TDSL0014:a[i]|} * b[i,k]"""
                """"));

        [Theory]
        [InlineData("""
            "c[i,k] = a[i,j] * b[j,k]; t[i,k] = a[i,j] * b[j,k] {|TDSL0012:\u0023|}"
            """)]
        [InlineData("""
            "c[i,k] = a[i,j] * b[j,k];\tt[i,k] = a[i,j]\t*\t{|TDSL0013:\u0078|}[j,k]"
            """)]
        [InlineData("""
            "c[i,k] = a[i,j] * b[j,k]\r\nt[i,k] = a[i,j] * {|TDSL0013:x|}[j,k]"
            """)]
        [InlineData("""
            "c[i,k] = a[i,j] * b[j,k]\nt[i,k] = a[i,j] {|TDSL0012:\"|} b[j,k]"
            """)]
        [InlineData("""
            "c[i,k] = a[i,j] * b[j,k]\nt[i,k] = a[i,j] {|TDSL0012:\\|} b[j,k]"
            """)]
        [InlineData("""
            @"c[i,k] = a[i,j] * b[j,k]
            t[i,k] = a[i,j] {|TDSL0012:""|} b[j,k]"
            """)]
        [InlineData("""
            program: "c[i,k] = a[i,j] * b[j,k]; t[i,k] = a[i,j] * {|TDSL0013:x|}[j,k]"
            """)]
        public Task EscapesAndNamedArguments(string argument)
            => AnalyzerHarness.VerifyAsync(Method(argument));

        [Theory]
        [InlineData("""
            {|TDSL0013:Program|}
            """)]
        [InlineData("""
            {|TDSL0013:Kernels.Program|}
            """)]
        [InlineData("""
            {|TDSL0013:"c[i,k] = a[i,j] * b[j,k]; " + "t[i,k] = a[i,j] * x[j,k]"|}
            """)]
        [InlineData("""
            {|TDSL0013:("c[i,k] = a[i,j] * b[j,k]; t[i,k] = a[i,j] * x[j,k]")|}
            """)]
        [InlineData("""
            {|TDSL0012:$"c[i,k] = a[i,j]{Tail} #"|}
            """)]
        [InlineData(""""
            {|TDSL0012:$"""
                    c[i,k] = a[i,j]{Tail} #
                    """|}
            """")]
        public Task NotASingleLiteralMapsToTheWholeArgument(string argument) => AnalyzerHarness.VerifyAsync(Method(argument));

        [Fact]
        public void SpansAcrossLinesCoverTheLineBreakAndTheNextLinesIndentation()
        {
            foreach (string lineBreak in new[] { "\n", "\r\n" })
            {
                string source = "class C { const string P = \"\"\"" + lineBreak
                    + "        ab" + lineBreak
                    + "          cd" + lineBreak
                    + "        \"\"\"; }";
                var tree = CSharpSyntaxTree.ParseText(source);
                var literal = tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Single();
                string value = literal.Token.ValueText;
                Assert.Equal("ab" + lineBreak + "  cd", value);

                // "b", the line break, "  c": from 'b' on the first line to 'c' on the second, indentation included.
                int start = value.IndexOf('b');
                int end = value.IndexOf('c') + 1;
                var location = SpecLocations.Map(literal, value, start, end - start);
                string covered = source.Substring(location.SourceSpan.Start, location.SourceSpan.Length);
                Assert.Equal("b" + lineBreak + "          c", covered);

                // One character: the '\n' of the line break.
                int n = value.IndexOf('\n');
                location = SpecLocations.Map(literal, value, n, 1);
                Assert.Equal("\n", source.Substring(location.SourceSpan.Start, location.SourceSpan.Length));
                Assert.Equal(source.IndexOf('\n', source.IndexOf("ab", System.StringComparison.Ordinal)), location.SourceSpan.Start);
            }
        }
    }
}
