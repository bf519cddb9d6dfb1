using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Gradients;
using TensorDsl.Language.Programs.Binding;
using Xunit;

namespace TensorDsl.Tests.Gradients
{
    /// <summary>
    /// Second derivatives of programs with functions, intermediates, <c>softmax</c>, <c>max</c> and <c>gaunt[…]</c>: the
    /// backward of the forward is itself a program, whose own derived gradient (with respect to a forward input and to an
    /// output gradient) is checked against central differences of that backward, through the interpreter.
    /// </summary>
    public sealed class SecondDerivativeTests
    {
        [Theory]
        [InlineData("y[i,k] = tanh(sum[j](x[i,j] * w[j,k]))", "x:3x4 w:4x2", "x")]
        [InlineData("y[i,k] = tanh(sum[j](x[i,j] * w[j,k]))", "x:3x4 w:4x2", "dY")]
        [InlineData("h[i,k] = sigmoid(sum[j](x[i,j] * w[j,k]))\ny[i] = sum[k](h[i,k] * h[i,k])", "x:3x4 w:4x2", "w")]
        [InlineData("o[i,c] = sum[j](softmax[j](sum[d](q[i,d] * k[j,d])) * v[j,c])", "q:4x3 k:5x3 v:5x2", "q")]
        [InlineData("o[i,c] = sum[j](softmax[j](sum[d](q[i,d] * k[j,d])) * v[j,c])", "q:4x3 k:5x3 v:5x2", "dO")]
        [InlineData("y[i] = max[j](x[i,j] * w[j]) + exp(x[i,i])", "x:4x4 w:4", "w")]
        [InlineData("z[n,k] = gaunt[2,1,2](x[n,i], y[n,j])", "x:3x9 y:3x4", "x")]
        public void The_gradient_of_a_backward_matches_central_differences(string program, string shapes, string differentiated)
        {
            var inputs = shapes.Split(' ').Select(s => s.Split(':')).Select(p => (Name: p[0], Shape: p[1].Split('x').Select(n => (nint)int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray())).ToArray();
            string output = program.Split('\n').Last().Split('[')[0];
            var parameters = inputs.Select(i => new ParameterSignature(i.Name, ParameterKind.ReadOnlyTensor, ElementType.Double, "ReadOnlyTensorSpan<double>"))
                .Append(new ParameterSignature(output, ParameterKind.Tensor, ElementType.Double, "TensorSpan<double>")).ToArray();
            var method = new MethodSignature("F", true, true, true, ParameterKind.Other, ElementType.Other, "void", new EquatableArray<ParameterSignature>(parameters));
            var bind = ProgramBinder.Bind(program, method, EquatableArray<StaticDim>.Empty);
            Assert.True(bind.Program is not null, string.Join("; ", bind.Diagnostics.Select(d => d.Message)));
            var backward = GradientDerivation.Derive(bind.Program!, inputs.Select(i => i.Name).ToArray(), accumulate: false);
            Assert.True(backward.Program is not null, backward.Reason);
            // The backward's inputs: the forward's, then dOutput with the output's shape (run the forward once for it).
            var outShape = TensorProgram.Evaluate(program, inputs.ToDictionary(i => i.Name, i => (object)TestData.Host(new double[TestData.Product(i.Shape)], i.Shape)))[output].Lengths.ToArray();
            var backwardInputs = inputs.Append((GradientDerivation.GradientName(output), outShape)).ToArray();
            EinsumGradientTests.CheckAgainstCentralDifferences(program + " second order", backward.Program!, backwardInputs, differentiated);
        }
    }
}
