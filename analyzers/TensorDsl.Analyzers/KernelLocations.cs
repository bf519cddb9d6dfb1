using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using TensorDsl.Generators.Binding;
using TensorDsl.Language;

namespace TensorDsl.Analyzers
{
    /// <summary>
    /// Turns the target of a <see cref="LanguageDiagnostic"/> into a source location, the same way for every kernel
    /// attribute (<c>[Einsum]</c>, <c>[TensorProgram]</c>): text offsets inside the attribute's string argument (through
    /// <see cref="SpecLocations"/>), the method name, a parameter's type and name, the return type or a <c>[Dim]</c>.
    /// </summary>
    internal static class KernelLocations
    {
        /// <summary>The attribute's syntax and the method declaration it is on (either may be null, e.g. from metadata).</summary>
        public static (AttributeSyntax? Attribute, MethodDeclarationSyntax? Declaration) Syntax(IMethodSymbol method, AttributeData attribute, CancellationToken cancellationToken)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            var declaration = attributeSyntax?.FirstAncestorOrSelf<MethodDeclarationSyntax>()
                ?? method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
            return (attributeSyntax, declaration);
        }

        /// <summary>
        /// Where <paramref name="diagnostic"/> goes. <paramref name="text"/> is the attribute's string value, the text
        /// that <see cref="DiagnosticTarget.SpecText"/> offsets count in.
        /// </summary>
        public static Location Locate(LanguageDiagnostic diagnostic, IMethodSymbol method, string text, AttributeSyntax? attribute, MethodDeclarationSyntax? declaration, CancellationToken cancellationToken)
        {
            var methodLocation = declaration?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
            switch (diagnostic.Target)
            {
                case DiagnosticTarget.SpecText:
                {
                    var argument = TextArgument(attribute);
                    if (argument is null) return attribute?.GetLocation() ?? methodLocation;
                    return SpecLocations.Map(argument, text, diagnostic.Start, diagnostic.Length);
                }
                case DiagnosticTarget.Method:
                    return methodLocation;
                case DiagnosticTarget.ReturnType:
                    return declaration?.ReturnType.GetLocation() ?? methodLocation;
                case DiagnosticTarget.Parameter:
                {
                    int index = diagnostic.Index;
                    if (declaration is not null && index >= 0 && index < declaration.ParameterList.Parameters.Count)
                    {
                        var parameter = declaration.ParameterList.Parameters[index];
                        int start = parameter.Type?.SpanStart ?? parameter.Identifier.SpanStart;
                        return Location.Create(parameter.SyntaxTree, TextSpan.FromBounds(start, parameter.Identifier.Span.End));
                    }
                    if (index >= 0 && index < method.Parameters.Length)
                    {
                        return method.Parameters[index].Locations.FirstOrDefault() ?? methodLocation;
                    }
                    return methodLocation;
                }
                case DiagnosticTarget.DimAttribute:
                {
                    var dim = MethodSignatureReader.DimAttributes(method).Skip(Math.Max(0, diagnostic.Index)).FirstOrDefault();
                    var syntax = diagnostic.Index >= 0 ? dim.Attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) : null;
                    return syntax?.GetLocation() ?? methodLocation;
                }
                default:
                    return methodLocation;
            }
        }

        /// <summary>
        /// The expression that gives the attribute's text: its first positional argument (written plainly or as
        /// <c>spec:</c> / <c>program:</c>), never a named property (<c>Accumulate = …</c>).
        /// </summary>
        public static ExpressionSyntax? TextArgument(AttributeSyntax? attribute)
        {
            var arguments = attribute?.ArgumentList?.Arguments;
            if (arguments is null) return null;
            foreach (var argument in arguments.Value)
            {
                if (argument.NameEquals is null) return argument.Expression;
            }
            return null;
        }
    }
}
