using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Programs
{
    /// <summary>Valid <c>[TensorProgram]</c> kernels produce no diagnostic at all.</summary>
    public class ProgramValidCorpusTests
    {
        private const string F = "ReadOnlyTensorSpan<float>";
        private const string D = "ReadOnlyTensorSpan<double>";

        [Fact]
        public Task ValidProgramsHaveNoDiagnostics()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$""""
                namespace Valid.Programs
                {
                    [Dim("head", 64)]
                    public static partial class Corpus
                    {
                        // Standard attention.
                        [TensorProgram("""
                            s[i,j] = scale * sum[d](q[i,d] * k[j,d])
                            o[i,d] = sum[j](softmax[j](s[i,j]) * v[j,d])
                            """)]
                        public static partial void Attention({{F}} q, {{F}} k, {{F}} v, float scale, TensorSpan<float> o);

                        // Tensor ("Kronecker") attention, docs/design.md §6.3.
                        [TensorProgram("""
                            s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
                            o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c])
                            """)]
                        public static partial void TensorAttention(
                            {{F}} q, {{F}} k1, {{F}} k2,
                            {{F}} v1, {{F}} v2, float scale, TensorSpan<float> o);

                        // 2-simplicial attention: causal windows j in (i - w1, i], k in (i - w2, i].
                        [TensorProgram("""
                            s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
                            o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c]) where i - w1 < j <= i, i - w2 < k <= i
                            """)]
                        public static partial void TwoSimplicialAttention(
                            {{F}} q, {{F}} k1, {{F}} k2,
                            {{F}} v1, {{F}} v2, float scale, int w1, int w2, TensorSpan<float> o);

                        // Matmul by Einstein shorthand: 'j' is missing on the left of a single product, so it is summed.
                        [TensorProgram("c[i,k] = a[i,j] * b[j,k]")]
                        static partial void MatMul({{F}} a, {{F}} b, TensorSpan<float> c);

                        [TensorProgram(@"c[i,k] = a[i,j] * b[j,k]")]
                        static partial void MatMulVerbatim({{D}} a, {{D}} b, TensorSpan<double> c);

                        [TensorProgram(program: """c[i,k] = alpha * a[i,j] * b[j,k]""")]
                        static partial void ScaledMatMul({{F}} a, {{F}} b, float alpha, TensorSpan<float> c);

                        // Elementwise programs.
                        [TensorProgram("""
                            y[i,j] = max(exp(x[i,j]) - 1, min(tanh(x[i,j]), relu(x[i,j])))
                            """)]
                        static partial void Elementwise({{F}} x, TensorSpan<float> y);

                        [TensorProgram("y[n] = sigmoid(x[n]) * sqrt(abs(x[n])) / (1 + log(1 + exp(-x[n]))); z[n] = -x[n] + 2.5e-1 * y0[n]")]
                        static partial void TwoOutputs({{D}} x, {{D}} y0, TensorSpan<double> y, TensorSpan<double> z);

                        [TensorProgram("""
                            // Layer norm, one statement per line, comments and blank lines allowed.
                            mu[b]      = sum[f](x[b,f]) / n

                            dx[b,f]    = x[b,f] - mu[b]
                            var[b]     = sum[f](dx[b,f] * dx[b,f]) / n
                            y[b,f]     = dx[b,f] / sqrt(var[b] + eps)   // normalized
                            """)]
                        static partial void LayerNorm({{F}} x, float n, float eps, TensorSpan<float> y);

                        // Reductions: row maximum, and a log-sum-exp through max[…] and sum[…].
                        [TensorProgram("""
                            m[i]  = max[j](x[i,j])
                            r[i]  = m[i] + log(sum[j](exp(x[i,j] - m[i])))
                            """)]
                        static partial void LogSumExp({{F}} x, TensorSpan<float> r);

                        // An operand several times, a static size on the type ("head") and on the method.
                        [TensorProgram("g[a,b,c] = x[a,head] * x[b,head] * x[c,head]"), Dim("a", 16)]
                        static partial void Gram3({{F}} x, TensorSpan<float> g);

                        // Causal windows with int parameters and coefficients in the bounds.
                        [TensorProgram("y[i,c] = sum[j](a[i,j] * x[j,c]) where i - 2*w < j <= i")]
                        static partial void CausalWindow({{F}} a, {{F}} x, int w, TensorSpan<float> y);
                        [TensorProgram("y[i,c] = max[j](a[i,j] * x[j,c]) where j >= i - w + 1, j <= i; z[i] = sum[j](a[i,j]) where 0 <= j < i")]
                        static partial void CausalMax({{F}} a, {{F}} x, int w, TensorSpan<float> y, TensorSpan<float> z);
                    }
                }
                """");

        [Theory, MemberData(nameof(ProgramSources.Forms), MemberType = typeof(ProgramSources))]
        public Task TensorAttentionInEveryLiteralForm(LiteralForm form)
            => AnalyzerHarness.VerifyAsync(ProgramSources.Method("""
                s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
                o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c]) where i - w1 < j <= i, i - w2 < k <= i
                """, form, $"{F} q, {F} k1, {F} k2, {F} v1, {F} v2, float scale, int w1, int w2, TensorSpan<float> o"));

        [Fact]
        public Task AProgramWithCrLfLineBreaksIsValid()
            => AnalyzerHarness.VerifyAsync(ProgramSources.Method("""
                s[i,j] = scale * sum[d](q[i,d] * k[j,d])
                o[i,d] = sum[j](softmax[j](s[i,j]) * v[j,d])
                """, LiteralForm.Raw, ProgramSources.Attention).Replace("\r\n", "\n").Replace("\n", "\r\n"));

        [Fact]
        public Task PartialMethodWithAnImplementationIsAnalyzedOnce()
            => AnalyzerHarness.VerifyAsync(Sources.InKernels($$"""
                    [TensorProgram("c[i,k] = a[i,j] * b[j,k] {|TDSL0012:#|}")]
                    static partial void M({{ProgramSources.MatMul}});
                    static partial void M({{ProgramSources.MatMul}}) { }
                """));

        [Fact]
        public Task AnAttributeOfAnotherNamespaceIsIgnored()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                namespace Other
                {
                    [AttributeUsage(AttributeTargets.Method)]
                    public sealed class TensorProgramAttribute : Attribute
                    {
                        public TensorProgramAttribute(string program) { }
                    }

                    public static partial class Kernels
                    {
                        [Other.TensorProgram("this is not a program")]
                        static void M() { }
                    }
                }
                """);
    }
}
