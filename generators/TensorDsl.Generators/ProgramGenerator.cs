using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Generators.Emit;
using TensorDsl.Generators.Emit.Programs;
using TensorDsl.Generators.Models;

namespace TensorDsl.Generators
{
    /// <summary>
    /// Implements every <c>[TensorProgram]</c> and <c>[Gradient]</c> partial method: a fused CPU body and an ILGPU overload on
    /// <c>TensorDevice</c>/<c>DeviceTensor&lt;T&gt;</c>. Same pipeline shape as <see cref="EinsumGenerator"/>: attributed
    /// method → value-equatable model → source. The planner (fusion) runs in the output step, from the model alone.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ProgramGenerator : IIncrementalGenerator
    {
        /// <summary>Metadata name of the attribute that marks tensor programs.</summary>
        public const string ProgramAttributeName = "TensorDsl.TensorProgramAttribute";

        /// <summary>Metadata name of the attribute that marks backward kernels, whose derived body is a program too.</summary>
        public const string GradientAttributeName = "TensorDsl.GradientAttribute";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var targets = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    ProgramAttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => ProgramModelBuilder.Build(ctx, ct))
                .Where(static t => t is not null)
                .WithTrackingName(TrackingNames.ProgramModels);

            // A [Gradient] method's body is the program reverse mode derives from its forward (docs/gradients.md).
            var gradients = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    GradientAttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => GradientModelBuilder.Build(ctx, ct))
                .Where(static t => t is not null)
                .WithTrackingName(TrackingNames.GradientModels);

            context.RegisterSourceOutput(targets, static (spc, target) => Write(spc, target!));
            context.RegisterSourceOutput(gradients, static (spc, target) => Write(spc, target!));
        }

        private static void Write(SourceProductionContext context, ProgramTarget target)
        {
            var (hintName, source) = ProgramSourceWriter.Write(target);
            context.AddSource(hintName, source);
        }
    }
}
