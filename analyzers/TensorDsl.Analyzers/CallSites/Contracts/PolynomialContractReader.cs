using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Binding.Polynomials;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// <c>[EquivariantPolynomial]</c>: the generated method passes x once per edge to the einsum kernel of the polynomial's
    /// einsum, so the contract is that einsum's program's, with every operand bound to parameter x and the output to p. Two
    /// edges sharing a node then tie x's axes together (x must be square), and p has one axis of x's size per marked node
    /// (plus the channel axis).
    /// </summary>
    internal sealed class PolynomialContractReader : IKernelContractReader
    {
        /// <inheritdoc/>
        public KernelContract? TryRead(IMethodSymbol method, AttributeData attribute)
        {
            if (!MethodSignatureReader.TryReadPolynomial(attribute, out string spec, out bool channels)) return null;
            var bound = PolynomialMethodBinder.Bind(spec, channels, MethodSignatureReader.Read(method)).Bound;
            if (bound is null || method.Parameters.Length != 2) return null;
            return ProgramContractReader.FromProgram(bound.Einsum.ToProgram(), $"{method.Name} [EquivariantPolynomial(\"{spec}\")]",
                t => t.Kind == ProgramTensorKind.Output ? 1 : 0);
        }
    }
}
