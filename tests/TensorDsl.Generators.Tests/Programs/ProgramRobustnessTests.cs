using System.Linq;
using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests.Programs
{
    /// <summary>The program generator never throws: a program it cannot bind gets a body that throws with the TDSL id.</summary>
    public sealed class ProgramRobustnessTests
    {
        [Theory]
        [InlineData("")]
        [InlineData("o[i] =")]
        [InlineData("o[i] = x[i] +* 2")]
        [InlineData("o[i] = nope[i]")]
        [InlineData("o[i] = x[i,j] + 1")]
        [InlineData("o[i] = x[i] * x[i,i]")]
        [InlineData("o[i] = sum[k](x[i])")]
        [InlineData("o[i] = sum[j](x[j]) where q < j")]
        [InlineData("o[i] = exp(x[i], x[i])")]
        [InlineData("o[i] = x[i]; o[i] = x[i]")]
        [InlineData("x[i] = x[i]")]
        [InlineData("t[i] = x[i]")]
        [InlineData("o[i] = softmax[i](x[i]) where i < 2 * i")]
        [InlineData("o[i] = x[i] $ 2")]
        [InlineData("o[i] = sum[j](x[j]) where i < j < 3 < 4")]
        [InlineData("o[i] = 1e999 * x[i]")]
        [InlineData("o[i] = (x[i] +) * tnah(x[i])\nt[i] = sofmax[i](X[i]) #")] // several errors, recovered from
        [InlineData("s[i] = x[i] +\no[i] = tnah(s[i]) + Sum[j](x[j])")]
        public void A_bad_program_gets_a_throwing_body(string program)
        {
            string literal = Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(program, quote: true);
            string source = $$"""
                using System.Numerics.Tensors;
                using TensorDsl;
                public static partial class Kernels
                {
                    [TensorProgram({{literal}})]
                    public static partial void Bad(ReadOnlyTensorSpan<float> x, TensorSpan<float> o);
                }
                """;
            var (output, generatorDiagnostics, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
            Assert.Empty(generatorDiagnostics);
            Assert.All(result.Results, r => Assert.Null(r.Exception));
            var generated = Assert.Single(result.GeneratedTrees).ToString();
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            if (generated.Contains("TensorDsl could not generate"))
            {
                Assert.Contains("TDSL00", generated);
                // With several errors the body names the first (a syntax error comes before the binder's).
                if (program.Contains('\n')) Assert.Contains("could not generate this method: TDSL0012: ", generated);
            }
            else
            {
                // The only program here that is valid: a literal too large for a double reads as infinity, as in C#.
                Assert.Equal("o[i] = 1e999 * x[i]", program);
            }
        }
    }
}
