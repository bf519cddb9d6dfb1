using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
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

        private static readonly BindingCache<(string Spec, MethodSignature Signature, EquatableArray<StaticDim> Dims, bool Accumulate)> s_cache =
            new BindingCache<(string Spec, MethodSignature Signature, EquatableArray<StaticDim> Dims, bool Accumulate)>();

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
                var diagnostics = s_cache.GetOrAdd((spec, signature, dims, accumulate),
                    key => EinsumMethodBinder.Bind(key.Spec, key.Signature, key.Dims, key.Accumulate).Diagnostics);
                if (diagnostics.Count == 0) return;

                var cancellationToken = context.CancellationToken;
                var (attributeSyntax, declaration) = KernelLocations.Syntax(method, attribute, cancellationToken);

                foreach (var diagnostic in diagnostics)
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
