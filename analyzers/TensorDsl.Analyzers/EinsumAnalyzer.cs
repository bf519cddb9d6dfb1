using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TensorDsl.Generators.Binding;
using TensorDsl.Language;
using TensorDsl.Language.Binding;

namespace TensorDsl.Analyzers
{
    /// <summary>
    /// Reports every problem the language binder finds in an <c>[Einsum]</c> method: spec syntax, operand count, output
    /// indices, the method's shape, parameter types and <c>[Dim]</c> sizes. Spec errors point at the offending characters
    /// inside the attribute string. The generator calls the same binder and stays silent; this analyzer is the one voice.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EinsumAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            // The attribute is matched by name, as the generator's ForAttributeWithMetadataName does, so that both agree on
            // which methods are kernels even when several assemblies declare TensorDsl.EinsumAttribute.
            context.RegisterSymbolAction(AnalyzeMethod, SymbolKind.Method);
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context)
        {
            if (context.Symbol is not IMethodSymbol method) return;
            // A partial method is analyzed once, through its definition (whose attributes include the implementation's).
            if (method.PartialDefinitionPart is not null) return;
            try
            {
                AttributeData? attribute = null;
                string spec = "";
                bool accumulate = false;
                foreach (var candidate in method.GetAttributes())
                {
                    if (MethodSignatureReader.TryReadEinsum(candidate, out spec, out accumulate))
                    {
                        attribute = candidate;
                        break;
                    }
                }
                if (attribute is null) return;

                var signature = MethodSignatureReader.Read(method);
                var dims = MethodSignatureReader.ReadDims(method);
                var result = EinsumMethodBinder.Bind(spec, signature, dims, accumulate);
                if (result.Diagnostics.Count == 0) return;

                var cancellationToken = context.CancellationToken;
                var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                var declaration = attributeSyntax?.FirstAncestorOrSelf<MethodDeclarationSyntax>()
                    ?? method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();

                foreach (var diagnostic in result.Diagnostics)
                {
                    var descriptor = DiagnosticDescriptors.ForId(diagnostic.Id);
                    if (descriptor is null) continue; // an ID newer than this assembly's descriptors: nothing to report it with
                    var location = Locate(diagnostic, method, spec, attributeSyntax, declaration, cancellationToken);
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, location, diagnostic.Message));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never fail the build's analysis over a bug here; the generator's fallback body still carries the reason.
            }
        }

        private static Location Locate(LanguageDiagnostic diagnostic, IMethodSymbol method, string spec, AttributeSyntax? attribute, MethodDeclarationSyntax? declaration, CancellationToken cancellationToken)
        {
            var methodLocation = declaration?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
            switch (diagnostic.Target)
            {
                case DiagnosticTarget.SpecText:
                {
                    var argument = SpecArgument(attribute);
                    if (argument is null) return attribute?.GetLocation() ?? methodLocation;
                    return SpecLocations.Map(argument, spec, diagnostic.Start, diagnostic.Length);
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

        /// <summary>The expression that gives the spec: the attribute's positional (or <c>spec:</c>) argument.</summary>
        private static ExpressionSyntax? SpecArgument(AttributeSyntax? attribute)
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
