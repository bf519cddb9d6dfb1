using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Analyzers
{
    /// <summary>
    /// Reports every problem the language binder finds in a <c>[GauntProduct]</c> method: degrees not given, negative or
    /// above 16 (TDSL0020), LOut above L1 + L2 (TDSL0021), an undefined <c>Method</c> (TDSL0022), and the method's shape and
    /// parameter types (TDSL0005, TDSL0006). Degree and method errors point at the attribute argument that sets the value
    /// (the named property when there is one, as it wins over the constructor argument). The generator calls the same
    /// binder and stays silent.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class GauntProductAnalyzer : DiagnosticAnalyzer
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
                GauntProductArguments? arguments = null;
                foreach (var candidate in method.GetAttributes())
                {
                    if (MethodSignatureReader.TryReadGauntProduct(candidate, out var read))
                    {
                        attribute = candidate;
                        arguments = read;
                        break;
                    }
                }
                if (attribute is null || arguments is null) return;

                var result = GauntProductBinder.Bind(arguments, MethodSignatureReader.Read(method));
                if (result.Diagnostics.Count == 0) return;

                var cancellationToken = context.CancellationToken;
                var (attributeSyntax, declaration) = KernelLocations.Syntax(method, attribute, cancellationToken);
                foreach (var diagnostic in result.Diagnostics)
                {
                    var descriptor = DiagnosticDescriptors.ForId(diagnostic.Id);
                    if (descriptor is null) continue; // an ID newer than this assembly's descriptors: nothing to report it with
                    var location = diagnostic.Argument == GauntArgument.None
                        ? KernelLocations.Locate(diagnostic.Diagnostic, method, "", attributeSyntax, declaration, cancellationToken)
                        : Locate(diagnostic.Argument, attributeSyntax)
                          ?? declaration?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, location, diagnostic.Diagnostic.Message));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never fail the build's analysis over a bug here; the generator's fallback body still carries the reason.
            }
        }

        /// <summary>
        /// The syntax that sets <paramref name="argument"/>: a named property (<c>L1 = 4</c>), else the constructor argument
        /// (by name, <c>l1: 4</c>, or by position); the whole attribute for <see cref="GauntArgument.Attribute"/>.
        /// </summary>
        internal static Location? Locate(GauntArgument argument, AttributeSyntax? attribute)
        {
            if (attribute is null) return null;
            if (argument == GauntArgument.Attribute) return attribute.GetLocation();
            var arguments = attribute.ArgumentList?.Arguments ?? default;
            string property = argument switch
            {
                GauntArgument.L1 => "L1",
                GauntArgument.L2 => "L2",
                GauntArgument.LOut => "LOut",
                _ => "Method",
            };
            // The last assignment of the property wins, as at run time.
            var named = arguments.LastOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property);
            if (named is not null) return named.GetLocation();
            int position = argument switch
            {
                GauntArgument.L1 => 0,
                GauntArgument.L2 => 1,
                GauntArgument.LOut => 2,
                _ => -1,
            };
            if (position < 0) return attribute.GetLocation();
            string parameter = position switch { 0 => "l1", 1 => "l2", _ => "lOut" };
            var positional = arguments.Where(a => a.NameEquals is null).ToList();
            var byName = positional.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameter);
            if (byName is not null) return byName.GetLocation();
            if (position < positional.Count && positional[position].NameColon is null) return positional[position].GetLocation();
            return attribute.GetLocation();
        }

    }
}
