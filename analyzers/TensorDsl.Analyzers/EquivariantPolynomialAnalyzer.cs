using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Binding.Polynomials;

namespace TensorDsl.Analyzers
{
    /// <summary>
    /// Reports every problem the language binder finds in an <c>[EquivariantPolynomial]</c> method: the spec's syntax (the
    /// einsum parser's IDs, or TDSL0023 from the edge-list parser), an operand that is not an edge (TDSL0024), a method that
    /// does not take exactly (x, p) (TDSL0025) or is not <c>static partial void</c> (TDSL0005), unsupported parameter types
    /// (TDSL0006) and a missing channel letter (TDSL0026). Spec errors point at the offending characters inside the attribute
    /// string. The generator calls the same binder and stays silent.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EquivariantPolynomialAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        // Every descriptor, as the other analyzers do: an ID reported but not listed here would make the driver throw.
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            // Matched by name, like the generator's ForAttributeWithMetadataName.
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
                bool channels = false;
                foreach (var candidate in method.GetAttributes())
                {
                    if (MethodSignatureReader.TryReadPolynomial(candidate, out spec, out channels))
                    {
                        attribute = candidate;
                        break;
                    }
                }
                if (attribute is null) return;

                var result = PolynomialMethodBinder.Bind(spec, channels, MethodSignatureReader.Read(method));
                if (result.Diagnostics.Count == 0) return;

                var cancellationToken = context.CancellationToken;
                var (attributeSyntax, declaration) = KernelLocations.Syntax(method, attribute, cancellationToken);
                foreach (var diagnostic in result.Diagnostics)
                {
                    var descriptor = DiagnosticDescriptors.ForId(diagnostic.Id);
                    if (descriptor is null) continue; // an ID newer than this assembly's descriptors: nothing to report it with
                    var location = KernelLocations.Locate(diagnostic, method, spec, attributeSyntax, declaration, cancellationToken);
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, location, diagnostic.Message));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never fail the build's analysis over a bug here; the generator's fallback body still carries the reason.
            }
        }
    }
}
