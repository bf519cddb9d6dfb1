using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Generators.Binding;
using TensorDsl.Language;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// What every attribute's transform step reads from the attributed method the same way: whether it gets code at all,
    /// how to re-declare it (declaration, parameters, return type), and the invalid model that explains a failed binding.
    /// </summary>
    /// <param name="Symbol">The partial method definition.</param>
    /// <param name="Attribute">Its TensorDsl attribute.</param>
    /// <param name="Declaration">How to re-declare it and its containing types.</param>
    /// <param name="Parameters">Its parameters as declared.</param>
    /// <param name="ReturnType">Its fully qualified return type.</param>
    internal sealed record KernelMethod(IMethodSymbol Symbol, AttributeData Attribute, DeclarationModel Declaration, EquatableArray<ParameterModel> Parameters, string ReturnType)
    {
        /// <summary>
        /// The attributed method, or null when it gets no code: not a partial definition, or in a file-local type (another
        /// file cannot name its type; TDSL0005 says so).
        /// </summary>
        public static KernelMethod? Read(GeneratorAttributeSyntaxContext context)
        {
            if (context.TargetSymbol is not IMethodSymbol method || !method.IsPartialDefinition || MethodSignatureReader.FileLocalType(method) is not null) return null;
            if (context.Attributes.Length == 0) return null;
            var declaration = DeclarationModelBuilder.Build(method, (MethodDeclarationSyntax)context.TargetNode);
            var parameters = new EquatableArray<ParameterModel>(method.Parameters.Select(EinsumModelBuilder.ToModel).ToArray());
            return new KernelMethod(method, context.Attributes[0], declaration, parameters, method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }

        /// <summary>The model of a method whose binding failed: its body throws with the first diagnostic's text.</summary>
        /// <param name="firstId">The first error's ID, or null when there is none.</param>
        /// <param name="firstMessage">Its message.</param>
        /// <param name="what">What could not be bound ("the program", "the [GauntProduct] method").</param>
        public InvalidEinsumModel Invalid(string? firstId, string? firstMessage, string what)
            => new(Declaration, ReturnType, Parameters, firstId is null ? $"{what} could not be bound" : $"{firstId}: {firstMessage}");
    }
}
