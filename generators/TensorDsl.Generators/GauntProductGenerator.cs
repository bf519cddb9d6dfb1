using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Generators.Emit.Gaunt;
using TensorDsl.Generators.Models;

namespace TensorDsl.Generators
{
    /// <summary>
    /// Implements every <c>[GauntProduct]</c> partial method: a vectorized CPU body and an ILGPU overload on
    /// <c>TensorDevice</c>/<c>DeviceTensor&lt;T&gt;</c>. Same pipeline shape as <see cref="EinsumGenerator"/>: attributed
    /// method → value-equatable model → source. The planner (the nonzero Gaunt terms) runs in the output step, from the
    /// model alone. Diagnostics are the analyzer's job; this generator never reports or throws.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class GauntProductGenerator : IIncrementalGenerator
    {
        /// <summary>Metadata name of the attribute that marks Gaunt products.</summary>
        public const string GauntProductAttributeName = "TensorDsl.GauntProductAttribute";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var targets = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    GauntProductAttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => GauntModelBuilder.Build(ctx, ct))
                .Where(static t => t is not null)
                .WithTrackingName(TrackingNames.GauntModels);

            context.RegisterSourceOutput(targets, static (spc, target) =>
            {
                var (hintName, source) = GauntSourceWriter.Write(target!);
                spc.AddSource(hintName, source);
            });
        }
    }
}
