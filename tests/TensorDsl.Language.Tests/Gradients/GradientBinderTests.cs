using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Gradients;
using TensorDsl.Language.Programs.Binding;
using Xunit;

namespace TensorDsl.Language.Tests.Gradients
{
    /// <summary>The <c>[Gradient]</c> contract checked by <see cref="GradientBinder"/> on program forwards.</summary>
    public class GradientBinderTests
    {
        private static ParameterSignature In(string name) => new(name, ParameterKind.ReadOnlyTensor, ElementType.Float, "ReadOnlyTensorSpan<float>");
        private static ParameterSignature Out(string name) => new(name, ParameterKind.Tensor, ElementType.Float, "TensorSpan<float>");

        private static MethodSignature Method(string name, params ParameterSignature[] parameters)
            => new(name, true, true, true, ParameterKind.Other, ElementType.Other, "void", new EquatableArray<ParameterSignature>(parameters));

        private static BoundProgram Program(string text, params ParameterSignature[] parameters)
            => ProgramBinder.Bind(text, Method("F", parameters), EquatableArray<StaticDim>.Empty).Program!;

        [Fact]
        public void An_input_read_only_through_step_is_refused_with_the_reason()
        {
            var forward = Program("y[i] = step(x[i]) * w[i]", In("x"), In("w"), Out("y"));
            var result = GradientBinder.Bind(forward, "F", Method("B", In("x"), In("w"), In("dY"), Out("dX")), accumulate: false);
            Assert.Null(result.Program);
            Assert.Equal(DiagnosticIds.GradientUnsupported, result.ErrorId);
            Assert.Contains("'x' reaches no output through a differentiable path", result.Error);
        }

        [Fact]
        public void An_accumulating_gaunt_gradient_adds_a_helper_product()
        {
            var forward = Program("z[n,k] = gaunt[2,2,2](x[n,i], y[n,j])", In("x"), In("y"), Out("z"));
            var result = GradientBinder.Bind(forward, "F", Method("B", In("x"), In("y"), In("dZ"), Out("dX")), accumulate: true);
            Assert.Null(result.Error);
            var program = result.Program!;
            var gradient = program.Statements.Single(s => program.Tensors[s.Target].Name == "dX");
            Assert.True(gradient.Accumulate);
            Assert.IsType<LoadExpr>(gradient.Value); // dX[n,i] += dXGaunt[n,i]: the product is stored, then added
            Assert.Contains(program.Statements, s => s.Value is GauntExpr && program.Tensors[s.Target].Kind == ProgramTensorKind.Intermediate);
        }

        [Fact]
        public void A_gaunt_product_whose_operand_degree_exceeds_the_others_gets_a_sparse_gradient()
        {
            // dx = gaunt[1,2,4](y, dz): degree 4 is above 1 + 2, which only the Sparse table gives (zero there).
            var forward = Program("z[n,k] = gaunt[4,1,2](x[n,i], y[n,j])", In("x"), In("y"), Out("z"));
            var result = GradientBinder.Bind(forward, "F", Method("B", In("x"), In("y"), In("dZ"), Out("dX")), accumulate: false);
            Assert.True(result.Program is not null, result.Error);
            var gaunt = result.Program!.Statements.Select(s => s.Value).OfType<GauntExpr>().Single();
            Assert.Equal((1, 2, 4, TensorDsl.Language.Equivariant.GauntMethodKind.Sparse), (gaunt.L1, gaunt.L2, gaunt.LOut, gaunt.Method));
        }

        [Fact]
        public void A_softmax_forward_binds()
        {
            var forward = Program("y[i,d] = sum[j](softmax[j](x[i,j]) * x[j,d]) where j <= i", In("x"), Out("y"));
            var result = GradientBinder.Bind(forward, "F", Method("B", In("x"), In("dY"), Out("dX")), accumulate: false);
            Assert.True(result.Program is not null, result.Error);
        }

        [Fact]
        public void A_product_forward_binds_and_names_its_parameters_by_the_contract()
        {
            var forward = Program("c[i,k] = sum[j](a[i,j] * b[j,k])", In("a"), In("b"), Out("c"));
            var result = GradientBinder.Bind(forward, "F", Method("B", In("a"), In("b"), In("dC"), Out("dB")), accumulate: false);
            Assert.True(result.Program is not null, result.Error);
            Assert.Equal(new[] { "a", "b", "dC", "dB" }, result.Program!.Tensors.Where(t => t.Parameter >= 0).OrderBy(t => t.Parameter).Select(t => t.Name));
        }
    }
}
