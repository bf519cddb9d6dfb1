using System;
using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// The contracts of the kernel methods of one compilation, read once per method symbol. Lives for one compilation
    /// (created at compilation start), so the cache never outlives the symbols it is keyed by.
    /// </summary>
    internal sealed class KernelContracts
    {
        /// <summary>Every attribute kind whose calls are checked.</summary>
        private static readonly IKernelContractReader[] s_readers =
        {
            new EinsumContractReader(),
            new ProgramContractReader(),
            new GauntContractReader(),
            new PolynomialContractReader(),
        };

        private readonly ConcurrentDictionary<IMethodSymbol, KernelContract?> _cache =
            new ConcurrentDictionary<IMethodSymbol, KernelContract?>(SymbolEqualityComparer.Default);

        /// <summary>The contract of the method a call targets, or null when it is no (valid) TensorDsl kernel.</summary>
        public KernelContract? For(IMethodSymbol target)
        {
            var method = target.OriginalDefinition;
            method = method.PartialDefinitionPart ?? method;
            // Cheap filter before the cache: every kernel takes at least one tensor span.
            if (!method.IsStatic || !method.Parameters.Any(p => Shapes.TensorTypes.IsTensorSpan(p.Type))) return null;
            return _cache.GetOrAdd(method, Read);
        }

        private static KernelContract? Read(IMethodSymbol method)
        {
            try
            {
                foreach (var attribute in method.GetAttributes())
                {
                    foreach (var reader in s_readers)
                    {
                        var contract = reader.TryRead(method, attribute);
                        if (contract is not null) return contract;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A kernel the binders cannot read is not checked at its calls.
            }
            return null;
        }
    }
}
