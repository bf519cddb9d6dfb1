using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Binding.Polynomials;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// <c>[EquivariantPolynomial]</c>: the generated method passes x once per edge to the einsum kernel of the polynomial's
    /// einsum, so the contract is that einsum's, with every operand slot bound to parameter x. Two edges sharing a node then
    /// tie x's axes together (x must be square), and p has one axis of x's size per marked node (plus the channel axis).
    /// Mirrors the <c>ShapeBinding</c> checks of the generated code.
    /// </summary>
    internal sealed class PolynomialContractReader : IKernelContractReader
    {
        /// <inheritdoc/>
        public KernelContract? TryRead(IMethodSymbol method, AttributeData attribute)
        {
            if (!MethodSignatureReader.TryReadPolynomial(attribute, out string spec, out bool channels)) return null;
            var bound = PolynomialMethodBinder.Bind(spec, channels, MethodSignatureReader.Read(method)).Bound;
            if (bound is null || method.Parameters.Length != 2) return null;

            var einsum = bound.Einsum.Spec;
            var slots = new TensorSlot[einsum.Inputs.Count + 1];
            for (int i = 0; i < einsum.Inputs.Count; i++)
            {
                slots[i] = EinsumContractReader.Slot(0, method.Parameters[0].Name, false, einsum.Inputs[i]);
            }
            slots[einsum.Inputs.Count] = EinsumContractReader.Slot(1, method.Parameters[1].Name, true, einsum.Output);
            bool scalarOutput = einsum.Output.Labels.Length == 0 && !einsum.Output.HasEllipsis;
            return new KernelContract($"{method.Name} [EquivariantPolynomial(\"{spec}\")]", slots, broadcasts: true, sameRank: false,
                scalarOutput, new System.Collections.Generic.Dictionary<string, FixedSize>(), "broadcast axis");
        }
    }
}
