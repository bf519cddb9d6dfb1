using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Generators.Emit.Polynomials;
using TensorDsl.Generators.Models;

namespace TensorDsl.Generators
{
    /// <summary>
    /// Implements every <c>[EquivariantPolynomial]</c> partial method as a front end of the einsum pipeline: the multigraph
    /// becomes an einsum whose operands are all x, and the method forwards to the einsum kernel that
    /// <see cref="EinsumGenerator"/> would emit for it (planned contraction order, packed GEMM steps, the ILGPU overload).
    /// Same pipeline shape as the other generators: attributed method → value-equatable model → source. Diagnostics are the
    /// analyzer's job; this generator never reports or throws.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class EquivariantPolynomialGenerator : IIncrementalGenerator
    {
        /// <summary>Metadata name of the attribute that marks graph polynomials.</summary>
        public const string EquivariantPolynomialAttributeName = "TensorDsl.EquivariantPolynomialAttribute";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var targets = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    EquivariantPolynomialAttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => PolynomialModelBuilder.Build(ctx, ct))
                .Where(static t => t is not null)
                .WithTrackingName(TrackingNames.PolynomialModels);

            context.RegisterSourceOutput(targets, static (spc, target) =>
            {
                var (hintName, source) = PolynomialSourceWriter.Write(target!);
                spc.AddSource(hintName, source);
            });
        }
    }
}
