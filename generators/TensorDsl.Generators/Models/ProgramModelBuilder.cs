using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TensorDsl.Generators.Binding;
using TensorDsl.Language;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Models
{
    /// <summary>The transform step for <c>[TensorProgram]</c>: reads the method symbol once and binds the program.</summary>
    internal static class ProgramModelBuilder
    {
        public static ProgramTarget? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || !method.IsPartialDefinition) return null;
            if (context.Attributes.Length == 0 || !MethodSignatureReader.TryReadProgram(context.Attributes[0], out string text)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var signature = MethodSignatureReader.Read(method);
            var dims = MethodSignatureReader.ReadDims(method);
            var bind = ProgramBinder.Bind(text, signature, dims);

            string? ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
            var types = EinsumModelBuilder.ContainingTypes(method);
            string accessibility = SyntaxFacts.GetText(method.DeclaredAccessibility);
            var parameters = new EquatableArray<ParameterModel>(method.Parameters.Select(EinsumModelBuilder.ToModel).ToArray());
            string returnType = method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

            if (bind.Program is null)
            {
                var first = bind.Diagnostics.FirstOrDefault();
                string reason = first is null ? "the program could not be bound" : $"{first.Id}: {first.Message}";
                return new ProgramTarget(null, new InvalidEinsumModel(ns, types, accessibility, method.IsStatic, method.Name, returnType, parameters, reason));
            }
            return new ProgramTarget(new ProgramMethodModel(ns, types, accessibility, method.Name, parameters, bind.Program), null);
        }
    }
}
