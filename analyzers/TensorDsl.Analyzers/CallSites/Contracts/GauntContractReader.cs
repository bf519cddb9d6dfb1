using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Equivariant;
using TensorDsl.Language.Lowering;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// <c>[GauntProduct]</c>: the contract of the one-statement program it lowers to (<see cref="GauntProductLowering"/>,
    /// <see cref="ProgramContractReader.FromProgram"/>): leading axes broadcast as in NumPy, the harmonic (last) axes hold
    /// exactly (L1+1)², (L2+1)² and (LOut+1)² components. Mirrors the runtime binder the generated code calls.
    /// </summary>
    internal sealed class GauntContractReader : IKernelContractReader
    {
        /// <inheritdoc/>
        public KernelContract? TryRead(IMethodSymbol method, AttributeData attribute)
        {
            if (!MethodSignatureReader.TryReadGauntProduct(attribute, out var arguments)) return null;
            var product = GauntProductBinder.Bind(arguments, MethodSignatureReader.Read(method)).Product;
            return product is null ? null : ProgramContractReader.FromProgram(GauntProductLowering.Lower(product),
                $"{method.Name} [GauntProduct({product.L1}, {product.L2}, {product.LOut})]", t => t.Parameter);
        }
    }
}
