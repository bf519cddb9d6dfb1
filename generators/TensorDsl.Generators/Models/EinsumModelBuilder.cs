using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Generators.Binding;
using TensorDsl.Language;
using TensorDsl.Language.Binding;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// The transform step: reads the attributed method symbol once and produces a value-equatable model.
    /// Nothing from Roslyn survives this step, so later steps are cached by value.
    /// </summary>
    internal static class EinsumModelBuilder
    {
        public static EinsumTarget? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (KernelMethod.Read(context) is not { } kernel || !MethodSignatureReader.TryReadEinsum(kernel.Attribute, out string spec, out bool accumulate)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var bind = EinsumMethodBinder.Bind(spec, MethodSignatureReader.Read(kernel.Symbol), MethodSignatureReader.ReadDims(kernel.Symbol), accumulate);
            if (bind.Bound is null)
            {
                var first = bind.Diagnostics.FirstOrDefault(d => d.Id != DiagnosticIds.DimUnknownIndex);
                return new EinsumTarget(null, kernel.Invalid(first?.Id, first?.Message, "the method"));
            }
            return new EinsumTarget(new EinsumMethodModel(kernel.Declaration, kernel.ReturnType, kernel.Parameters, bind.Bound), null);
        }

        /// <summary>A parameter as it must be re-declared (shared by the four attributes' model builders).</summary>
        internal static ParameterModel ToModel(IParameterSymbol p)
        {
            string name = SyntaxFacts.GetKeywordKind(p.Name) != SyntaxKind.None ? "@" + p.Name : p.Name;
            string prefix = p.ScopedKind == ScopedKind.ScopedValue ? "scoped " : "";
            prefix += p.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                RefKind.RefReadOnlyParameter => "ref readonly ",
                _ => "",
            };
            return new ParameterModel(name, prefix + p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }
    }
}
