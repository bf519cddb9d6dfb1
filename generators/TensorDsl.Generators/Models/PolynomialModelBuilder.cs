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
            // A kernel in a file-local type gets no code: another file cannot name its type (TDSL0005 says so).
            if (context.TargetSymbol is not IMethodSymbol method || !method.IsPartialDefinition || MethodSignatureReader.FileLocalType(method) is not null) return null;
            if (context.Attributes.Length == 0 || !MethodSignatureReader.TryReadPolynomial(context.Attributes[0], out string spec, out bool channels)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var signature = MethodSignatureReader.Read(method);
            var bind = PolynomialMethodBinder.Bind(spec, channels, signature);

            var declaration = DeclarationModelBuilder.Build(method, (MethodDeclarationSyntax)context.TargetNode);
            var parameters = new EquatableArray<ParameterModel>(method.Parameters.Select(EinsumModelBuilder.ToModel).ToArray());
            string returnType = method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

            if (bind.Bound is null)
            {
                var first = bind.Diagnostics.FirstOrDefault();
                string reason = first is null ? "the [EquivariantPolynomial] method could not be bound" : $"{first.Id}: {first.Message}";
                return new PolynomialTarget(null, new InvalidEinsumModel(declaration, returnType, parameters, reason));
            }
            return new PolynomialTarget(new PolynomialMethodModel(declaration, parameters[0], parameters[1], bind.Bound), null);
        }
    }
}
