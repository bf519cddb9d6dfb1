using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Gradients
{
    /// <summary>
    /// <c>[Gradient]</c> declarations against their forward kernels: the signature contract (TDSL0040) and forwards that are
    /// not differentiated yet (TDSL0041), each reported on the attribute; valid declarations have no diagnostic.
    /// </summary>
    public class GradientAnalyzerTests
    {
        private const string MatMul = "    [Einsum(\"ij,jk->ik\")]\n    static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);\n";
        private const string Inputs = "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b";

        private static Task Verify(string forward, string attributeMarkup, string parameters)
            => AttributeAnalyzerHarness.VerifyAsync(Sources.InKernels($"{forward}    [{attributeMarkup}]\n    static partial void Backward({parameters});"));

        [Theory]
        [InlineData(Inputs + ", ReadOnlyTensorSpan<float> dC, TensorSpan<float> dA, TensorSpan<float> dB")]
        [InlineData(Inputs + ", ReadOnlyTensorSpan<float> dC, TensorSpan<float> dA")]
        [InlineData(Inputs + ", ReadOnlyTensorSpan<float> dC, TensorSpan<float> dB")]
        public Task Declarations_that_follow_the_contract_have_no_diagnostic(string parameters)
            => Verify(MatMul, "Gradient(nameof(MatMul))", parameters);

        [Fact]
        public Task A_program_forward_with_a_scalar_keeps_the_scalar_in_its_place()
            => Verify("    [TensorProgram(\"y[n,o] = sum[i](s * x[n,i] * w[i,o])\")]\n    static partial void Layer(ReadOnlyTensorSpan<double> x, double s, ReadOnlyTensorSpan<double> w, TensorSpan<double> y);\n",
                "Gradient(nameof(Layer), Accumulate = true)",
                "ReadOnlyTensorSpan<double> x, double s, ReadOnlyTensorSpan<double> w, ReadOnlyTensorSpan<double> dY, TensorSpan<double> dW");

        [Fact]
        public Task A_gradient_of_a_gradient_is_valid()
            => Verify(MatMul + "    [Gradient(nameof(MatMul))]\n    static partial void First(" + Inputs + ", ReadOnlyTensorSpan<float> dC, TensorSpan<float> dA, TensorSpan<float> dB);\n",
                "Gradient(nameof(First))",
                Inputs + ", ReadOnlyTensorSpan<float> dC, ReadOnlyTensorSpan<float> dDA, ReadOnlyTensorSpan<float> dDB, TensorSpan<float> dA, TensorSpan<float> dDC");

        [Fact]
        public Task Two_gradients_that_name_each_other_are_a_cycle()
            => Verify("    [{|TDSL0040:Gradient(nameof(Backward))|}]\n    static partial void Other(" + Inputs + ", ReadOnlyTensorSpan<float> dC, TensorSpan<float> dA);\n",
                "{|TDSL0040:Gradient(nameof(Other))|}", Inputs + ", ReadOnlyTensorSpan<float> dC, TensorSpan<float> dA");

        [Theory]
        [InlineData(Inputs + ", ReadOnlyTensorSpan<float> grad, TensorSpan<float> dA")]                            // dC misnamed
        [InlineData("ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> dC, TensorSpan<float> dA")] // inputs swapped
        [InlineData(Inputs + ", ReadOnlyTensorSpan<double> dC, TensorSpan<float> dA")]                             // element type
        [InlineData(Inputs + ", ReadOnlyTensorSpan<float> dC, TensorSpan<float> dB, TensorSpan<float> dA")]        // out of order
        [InlineData(Inputs + ", ReadOnlyTensorSpan<float> dC, TensorSpan<float> dX")]                              // no such input
        [InlineData(Inputs + ", ReadOnlyTensorSpan<float> dC, ReadOnlyTensorSpan<float> dA")]                      // not writable
        [InlineData(Inputs + ", ReadOnlyTensorSpan<float> dC")]                                                    // no gradient
        [InlineData(Inputs)]                                                                                       // no dC
        public Task Declarations_that_break_the_contract(string parameters)
            => Verify(MatMul, "{|TDSL0040:Gradient(nameof(MatMul))|}", parameters);

        [Fact]
        public Task A_forward_that_is_missing_or_no_kernel()
            => Verify("    static void Plain(ReadOnlySpan<float> a) { }\n", "{|TDSL0040:Gradient(\"Plain\")|}", "ReadOnlyTensorSpan<float> a, TensorSpan<float> dA");

        [Fact]
        public Task A_diagonal_and_an_elementwise_function_are_differentiated()
            => Verify("    [Einsum(\"ii->i\")]\n    static partial void Diag(ReadOnlyTensorSpan<float> a, TensorSpan<float> d);\n"
                    + "    [TensorProgram(\"y[i,j] = exp(x[i,j])\")]\n    static partial void Exp(ReadOnlyTensorSpan<float> x, TensorSpan<float> y);\n"
                    + "    [Gradient(nameof(Diag))]\n    static partial void DiagBackward(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> dD, TensorSpan<float> dA);\n",
                "Gradient(nameof(Exp))", "ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> dY, TensorSpan<float> dX");

        [Fact]
        public Task An_input_read_only_through_step_has_no_gradient()
            => Verify("    [TensorProgram(\"y[i] = step(x[i]) * w[i]\")]\n    static partial void Gate(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> w, TensorSpan<float> y);\n",
                "{|TDSL0041:Gradient(nameof(Gate))|}", "ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> w, ReadOnlyTensorSpan<float> dY, TensorSpan<float> dX");

        [Fact]
        public Task A_gaunt_product_is_differentiated()
            => Verify("    [GauntProduct(4, 1, 2)]\n    static partial void Tp(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);\n",
                "Gradient(nameof(Tp))", "ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> dZ, TensorSpan<float> dX, TensorSpan<float> dY");
    }
}
