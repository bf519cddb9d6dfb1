using Microsoft.CodeAnalysis;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// Reads the call-site contract of one kind of kernel attribute. Adding an attribute kind to call-site checking is
    /// one implementation of this interface, listed in <see cref="KernelContracts"/>.
    /// </summary>
    internal interface IKernelContractReader
    {
        /// <summary>
        /// The contract of <paramref name="method"/> when <paramref name="attribute"/> is this reader's kind and the method
        /// binds without error; null otherwise (a kernel with declaration errors is not checked at its calls: the
        /// declaration's diagnostics come first).
        /// </summary>
        KernelContract? TryRead(IMethodSymbol method, AttributeData attribute);
    }
}
