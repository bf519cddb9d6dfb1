using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// <c>[GauntProduct]</c>: x, y and z have one rank; their last axes hold exactly (L1+1)², (L2+1)² and (LOut+1)²
    /// components; leading axes of x and y are equal or 1, and z's equal their broadcast. Written as the einsum-like
    /// pattern <c>...x, ...y -&gt; ...z</c> with fixed harmonic sizes. Mirrors <c>TensorDsl.Runtime.GauntRows.Bind</c>.
    /// </summary>
    internal sealed class GauntContractReader : IKernelContractReader
    {
        /// <inheritdoc/>
        public KernelContract? TryRead(IMethodSymbol method, AttributeData attribute)
        {
            if (!MethodSignatureReader.TryReadGauntProduct(attribute, out var arguments)) return null;
            var product = GauntProductBinder.Bind(arguments, MethodSignatureReader.Read(method)).Product;
            if (product is null) return null;

            var slots = new[]
            {
                Slot(0, product.X, false, "harmonic#x"),
                Slot(1, product.Y, false, "harmonic#y"),
                Slot(2, product.Z, true, "harmonic#z"),
            };
            var fixedSizes = new Dictionary<string, FixedSize>
            {
                ["harmonic#x"] = Harmonic("L1", product.L1),
                ["harmonic#y"] = Harmonic("L2", product.L2),
                ["harmonic#z"] = Harmonic("LOut", product.LOut),
            };
            return new KernelContract($"{method.Name} [GauntProduct({product.L1}, {product.L2}, {product.LOut})]", slots,
                broadcasts: true, sameRank: true, scalarOutput: false, fixedSizes, "leading axis");
        }

        private static TensorSlot Slot(int parameter, string name, bool isOutput, string key)
            => new TensorSlot(parameter, name, isOutput, new[] { key }, new[] { "the harmonic (last) axis" }, 0);

        private static FixedSize Harmonic(string degree, int l)
            => new FixedSize((long)(l + 1) * (l + 1), $"{degree} = {l}, (L + 1)² components", Exact: true);
    }
}
