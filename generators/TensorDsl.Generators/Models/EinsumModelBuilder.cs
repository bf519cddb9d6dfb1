using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Generators.Binding;
using TensorDsl.Language;
using TensorDsl.Language.Binding;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// The transform step: reads the attributed method symbol once and produces a value-equatable model.
    /// Nothing from Roslyn survives this step, so later steps are cached by value.
    /// </summary>
    internal static class EinsumModelBuilder
    {
        public static EinsumTarget? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            // A kernel in a file-local type gets no code: another file cannot name its type (TDSL0005 says so).
            if (context.TargetSymbol is not IMethodSymbol method || !method.IsPartialDefinition || MethodSignatureReader.FileLocalType(method) is not null) return null;
            if (context.Attributes.Length == 0 || !MethodSignatureReader.TryReadEinsum(context.Attributes[0], out string spec, out bool accumulate))
            {
                return null;
            }
            cancellationToken.ThrowIfCancellationRequested();

            var signature = MethodSignatureReader.Read(method);
            var dims = MethodSignatureReader.ReadDims(method);
            var bind = EinsumMethodBinder.Bind(spec, signature, dims, accumulate);

            var declaration = DeclarationModelBuilder.Build(method, (MethodDeclarationSyntax)context.TargetNode);
            string returnType = method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            var parameters = new EquatableArray<ParameterModel>(method.Parameters.Select(ToModel).ToArray());

            if (bind.Bound is null)
            {
                var first = bind.Diagnostics.FirstOrDefault(d => d.Id != DiagnosticIds.DimUnknownIndex);
                string reason = first is null ? "the method could not be bound" : $"{first.Id}: {first.Message}";
                return new EinsumTarget(null, new InvalidEinsumModel(declaration, returnType, parameters, reason));
            }
            return new EinsumTarget(new EinsumMethodModel(declaration, returnType, parameters, bind.Bound), null);
        }

        /// <summary>A parameter as it must be re-declared (shared by the four attributes' model builders).</summary>
        internal static ParameterModel ToModel(IParameterSymbol p)
        {
            string name = SyntaxFacts.GetKeywordKind(p.Name) != SyntaxKind.None ? "@" + p.Name : p.Name;
            string prefix = p.ScopedKind == ScopedKind.ScopedValue ? "scoped " : "";
            prefix += p.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                RefKind.RefReadOnlyParameter => "ref readonly ",
                _ => "",
            };
            return new ParameterModel(name, prefix + p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }
    }
}
