using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Binding;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// <c>[Einsum]</c>: the contract of the one-statement program the einsum lowers to (<see cref="ProgramContractReader.FromProgram"/>):
    /// an index letter is a size key, each <c>...</c> axis is keyed by its position from the right (NumPy aligns broadcast
    /// axes right), size 1 broadcasts, <c>[Dim]</c> fixes a letter.
    /// </summary>
    internal sealed class EinsumContractReader : IKernelContractReader
    {
        /// <inheritdoc/>
        public KernelContract? TryRead(IMethodSymbol method, AttributeData attribute)
        {
            if (!MethodSignatureReader.TryReadEinsum(attribute, out string spec, out bool accumulate)) return null;
            var bound = EinsumMethodBinder.Bind(spec, MethodSignatureReader.Read(method), MethodSignatureReader.ReadDims(method), accumulate).Bound;
            return bound is null ? null : ProgramContractReader.FromProgram(bound.ToProgram(), $"{method.Name} [Einsum(\"{spec}\")]", t => t.Parameter);
        }
    }
}
