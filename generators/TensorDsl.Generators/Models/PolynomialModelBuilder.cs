using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Generators.Binding;
using TensorDsl.Language;
using TensorDsl.Language.Binding.Polynomials;

namespace TensorDsl.Generators.Models
{
    /// <summary>The transform step for <c>[EquivariantPolynomial]</c>: reads the method symbol once and binds the attribute.</summary>
    internal static class PolynomialModelBuilder
    {
        public static PolynomialTarget? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (KernelMethod.Read(context) is not { } kernel || !MethodSignatureReader.TryReadPolynomial(kernel.Attribute, out string spec, out bool channels)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var bind = PolynomialMethodBinder.Bind(spec, channels, MethodSignatureReader.Read(kernel.Symbol));
            if (bind.Bound is null)
            {
                var first = bind.Diagnostics.FirstOrDefault();
                return new PolynomialTarget(null, kernel.Invalid(first?.Id, first?.Message, "the [EquivariantPolynomial] method"));
            }
            return new PolynomialTarget(new PolynomialMethodModel(kernel.Declaration, kernel.Parameters[0], kernel.Parameters[1], bind.Bound), null);
        }
    }
}
