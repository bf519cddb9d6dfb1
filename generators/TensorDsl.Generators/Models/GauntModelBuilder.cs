using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Models
{
    /// <summary>The transform step for <c>[GauntProduct]</c>: reads the method symbol once and binds the attribute.</summary>
    internal static class GauntModelBuilder
    {
        public static GauntTarget? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (KernelMethod.Read(context) is not { } kernel || !MethodSignatureReader.TryReadGauntProduct(kernel.Attribute, out var arguments)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var bind = GauntProductBinder.Bind(arguments, MethodSignatureReader.Read(kernel.Symbol));
            if (bind.Product is null)
            {
                var first = bind.Diagnostics.FirstOrDefault();
                return new GauntTarget(null, kernel.Invalid(first?.Id, first?.Diagnostic.Message, "the [GauntProduct] method"));
            }
            return new GauntTarget(new GauntMethodModel(kernel.Declaration, kernel.Parameters, bind.Product), null);
        }
    }
}
