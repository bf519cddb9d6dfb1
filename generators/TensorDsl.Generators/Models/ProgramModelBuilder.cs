using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
            // A kernel in a file-local type gets no code: another file cannot name its type (TDSL0005 says so).
            if (context.TargetSymbol is not IMethodSymbol method || !method.IsPartialDefinition || MethodSignatureReader.FileLocalType(method) is not null) return null;
            if (context.Attributes.Length == 0 || !MethodSignatureReader.TryReadProgram(context.Attributes[0], out string text)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var signature = MethodSignatureReader.Read(method);
            var dims = MethodSignatureReader.ReadDims(method);
            var bind = ProgramBinder.Bind(text, signature, dims);

            var declaration = DeclarationModelBuilder.Build(method, (MethodDeclarationSyntax)context.TargetNode);
            var parameters = new EquatableArray<ParameterModel>(method.Parameters.Select(EinsumModelBuilder.ToModel).ToArray());
            string returnType = method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

            if (bind.Program is null)
            {
                var first = bind.Diagnostics.FirstOrDefault();
                string reason = first is null ? "the program could not be bound" : $"{first.Id}: {first.Message}";
                return new ProgramTarget(null, new InvalidEinsumModel(declaration, returnType, parameters, reason));
            }
            return new ProgramTarget(new ProgramMethodModel(declaration, parameters, bind.Program), null);
        }
    }
}
