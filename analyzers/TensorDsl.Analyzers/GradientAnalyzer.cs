using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Generators.Binding;

namespace TensorDsl.Analyzers
{
    /// <summary>
    /// Reports a <c>[Gradient]</c> method that does not match its forward kernel (TDSL0040) or whose forward cannot be
    /// differentiated yet (TDSL0041), at the attribute. It runs the binder the generator runs (<c>GradientReader</c>), so
    /// the IDE shows exactly why a backward kernel would not be generated.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class GradientAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(DiagnosticDescriptors.GradientSignature, DiagnosticDescriptors.GradientUnsupported);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(AnalyzeMethod, SymbolKind.Method);
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context)
        {
            if (context.Symbol is not IMethodSymbol method || method.PartialDefinitionPart is not null) return;
            foreach (var attribute in method.GetAttributes())
            {
                if (!MethodSignatureReader.TryReadGradient(attribute, out string forward, out bool accumulate)) continue;
                var binding = GradientReader.Bind(method, forward, accumulate);
                if (binding.ErrorId is null) return;
                var descriptor = DiagnosticDescriptors.ForId(binding.ErrorId);
                if (descriptor is null) return;
                var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? method.Locations[0];
                context.ReportDiagnostic(Diagnostic.Create(descriptor, location, binding.Error!.Replace('\n', ' ')));
                return;
            }
        }
    }
}
