using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Models
{
    /// <summary>The transform step for <c>[TensorProgram]</c>: reads the method symbol once and binds the program.</summary>
    internal static class ProgramModelBuilder
    {
        public static ProgramTarget? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (KernelMethod.Read(context) is not { } kernel || !MethodSignatureReader.TryReadProgram(kernel.Attribute, out string text)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var bind = ProgramBinder.Bind(text, MethodSignatureReader.Read(kernel.Symbol), MethodSignatureReader.ReadDims(kernel.Symbol));
            if (bind.Program is null)
            {
                var first = bind.Diagnostics.FirstOrDefault();
                return new ProgramTarget(null, kernel.Invalid(first?.Id, first?.Message, "the program"));
            }
            return new ProgramTarget(new ProgramMethodModel(kernel.Declaration, kernel.Parameters, bind.Program), null);
        }
    }
}
