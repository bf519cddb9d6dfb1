using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Generators.Emit;
using TensorDsl.Generators.Models;

namespace TensorDsl.Generators
{
    /// <summary>
    /// Implements every <c>[Einsum]</c> partial method: a vectorized CPU body and an ILGPU overload on
    /// <c>TensorDevice</c>/<c>DeviceTensor&lt;T&gt;</c>. Pipeline: attributed method → value-equatable model (symbols
    /// are read once here) → source. Diagnostics are the analyzers' job; this generator never reports or throws.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class EinsumGenerator : IIncrementalGenerator
    {
        /// <summary>Metadata name of the attribute that marks einsum kernels.</summary>
        public const string EinsumAttributeName = "TensorDsl.EinsumAttribute";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var targets = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    EinsumAttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => EinsumModelBuilder.Build(ctx, ct))
                .Where(static t => t is not null)
                .WithTrackingName(TrackingNames.EinsumModels);

            context.RegisterSourceOutput(targets, static (spc, target) =>
            {
                var (hintName, source) = EinsumSourceWriter.Write(target!);
                spc.AddSource(hintName, source);
            });
        }
    }
}
