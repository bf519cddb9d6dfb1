using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Generators.Binding;
using TensorDsl.Language;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Models
{
    /// <summary>The transform step for <c>[GauntProduct]</c>: reads the method symbol once and binds the attribute.</summary>
    internal static class GauntModelBuilder
    {
        public static GauntTarget? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            // A kernel in a file-local type gets no code: another file cannot name its type (TDSL0005 says so).
            if (context.TargetSymbol is not IMethodSymbol method || !method.IsPartialDefinition || MethodSignatureReader.FileLocalType(method) is not null) return null;
            if (context.Attributes.Length == 0 || !MethodSignatureReader.TryReadGauntProduct(context.Attributes[0], out var arguments)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var signature = MethodSignatureReader.Read(method);
            var bind = GauntProductBinder.Bind(arguments, signature);

            var declaration = DeclarationModelBuilder.Build(method, (MethodDeclarationSyntax)context.TargetNode);
            var parameters = new EquatableArray<ParameterModel>(method.Parameters.Select(EinsumModelBuilder.ToModel).ToArray());
            string returnType = method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

            if (bind.Product is null)
            {
                var first = bind.Diagnostics.FirstOrDefault();
                string reason = first is null ? "the [GauntProduct] method could not be bound" : $"{first.Id}: {first.Diagnostic.Message}";
                return new GauntTarget(null, new InvalidEinsumModel(declaration, returnType, parameters, reason));
            }
            return new GauntTarget(new GauntMethodModel(declaration, parameters, bind.Product), null);
        }
    }
}
