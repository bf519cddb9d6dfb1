using System.Linq;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests.Gradients
{
    /// <summary>
    /// What the generator writes for <c>[Gradient]</c> methods: the derived statements in the header, each planned again by
    /// the contraction planner (a matrix product's gradients are GEMMs; a chain's middle gradient is planned pairwise),
    /// a GPU overload, and, for a declaration that breaks the contract, a body that throws with the analyzer's message.
    /// </summary>
    public sealed class GradientGeneratorTests
    {
        private const string Source = """
            using System.Numerics.Tensors;
            using TensorDsl;

            public static partial class K
            {
                [Einsum("ij,jk->ik")]
                public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);

                [Gradient(nameof(MatMul))]
                public static partial void MatMulBackward(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> dC,
                    TensorSpan<float> dA, TensorSpan<float> dB);

                [Einsum("ij,jk,kl->il")]
                public static partial void Chain(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, ReadOnlyTensorSpan<double> c, TensorSpan<double> o);

                [Gradient(nameof(Chain))]
                public static partial void ChainBackward(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, ReadOnlyTensorSpan<double> c,
                    ReadOnlyTensorSpan<double> dO, TensorSpan<double> dB);

                [TensorProgram("o[b,i,c] = sum[j](softmax[j](scale * sum[d](q[b,i,d] * k[b,j,d])) * v[b,j,c]) where j <= i")]
                public static partial void Attention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, ReadOnlyTensorSpan<float> v, float scale, TensorSpan<float> o);

                [Gradient(nameof(Attention))]
                public static partial void AttentionBackward(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, ReadOnlyTensorSpan<float> v, float scale,
                    ReadOnlyTensorSpan<float> dO, TensorSpan<float> dQ, TensorSpan<float> dV);

                [Gradient(nameof(MatMul))]
                public static partial void Broken(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> grad, TensorSpan<float> dA);
            }
            """;

        private static string Generated(string method)
        {
            var (output, _, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source));
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            return string.Join("\n", result.GeneratedTrees.Select(t => t.ToString()).Where(t => t.Contains($"partial void {method}(")));
        }

        [Fact]
        public void A_matrix_product_gradient_is_two_gemms()
        {
            string code = Generated("MatMulBackward");
            Assert.Contains("// ── TensorProgram MatMulBackward (CPU): [Gradient] of MatMul: derived by reverse mode", code);
            Assert.Contains("dA[i,j] = sum[k](dC[i,k] * b[j,k])", code);
            Assert.Contains("dB[j,k] = sum[i](dC[i,k] * a[i,j])", code);
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(code, @"global::TensorDsl\.Cpu\.Gemm\.Multiply").Count);
            Assert.Contains("MatMulBackward(global::TensorDsl.TensorDevice device", code);
        }

        [Fact]
        public void A_chain_gradient_is_planned_pairwise()
        {
            // dB[j,k] = Σ a[i,j]·dO[i,l]·c[k,l], by reverse mode through the forward's path (a·b)·c: dT = dO·cᵀ, then aᵀ·dT —
            // two GEMMs, never one loop over i, l for every (j, k).
            string code = Generated("ChainBackward");
            Assert.Contains("dOPath1[i,k] = sum[l](dO[i,l] * c[k,l])", code);
            Assert.Contains("dB[j,k] = sum[i](dOPath1[i,k] * a[i,j])", code);
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(code, @"global::TensorDsl\.Cpu\.Gemm\.Multiply").Count);
        }

        [Fact]
        public void An_attention_backward_is_one_fused_kernel_call_per_batch_point_on_the_cpu()
        {
            string code = Generated("AttentionBackward");
            int gpu = code.IndexOf("AttentionBackward(global::TensorDsl.TensorDevice device", System.StringComparison.Ordinal);
            Assert.True(gpu > 0);
            string cpu = code.Substring(0, gpu);
            Assert.Contains("dQ, dV ← fused standard attention backward kernel (FlashAttention-2 style, once per b)", cpu);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(cpu, @"global::TensorDsl\.Cpu\.Attention\.AttentionGradients\.Standard\("));
            // dK was not requested: its destination is `default`; the scale's gradient neither.
            Assert.Contains(", default, view_dV_", cpu);
            Assert.EndsWith(", default);", cpu.Split('\n').Single(l => l.Contains("AttentionGradients.Standard(")).TrimEnd());
            // The GPU has no fused backward yet: it runs the derived statements.
            Assert.DoesNotContain("AttentionGradients", code.Substring(gpu));
        }

        [Fact]
        public void A_broken_declaration_gets_a_body_that_throws_the_analyzer_message()
        {
            string code = Generated("Broken");
            Assert.Contains("TDSL0040", code);
            Assert.Contains("must be 'ReadOnlyTensorSpan<float> dC'", code);
        }
    }
}
