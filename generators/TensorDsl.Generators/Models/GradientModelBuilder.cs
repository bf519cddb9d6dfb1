using System.Threading;
using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// The transform step for <c>[Gradient]</c>: binds the method against its forward kernel and derives the backward
    /// program. From there it is a <c>[TensorProgram]</c>: the same model, planner and emitters.
    /// </summary>
    internal static class GradientModelBuilder
    {
        public static ProgramTarget? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (KernelMethod.Read(context) is not { } kernel || !MethodSignatureReader.TryReadGradient(kernel.Attribute, out string forward, out bool accumulate)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var bind = GradientReader.Bind(kernel.Symbol, forward, accumulate);
            if (bind.Program is null) return new ProgramTarget(null, kernel.Invalid(bind.ErrorId, bind.Error, "the [Gradient] method"));
            string origin = $"[Gradient] of {forward}{(accumulate ? ", added into the gradients" : "")}: derived by reverse mode (docs/gradients.md)";
            return new ProgramTarget(new ProgramMethodModel(kernel.Declaration, kernel.Parameters, bind.Program, origin), null);
        }
    }
}
