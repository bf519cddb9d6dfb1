using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// <c>[Einsum]</c>: operands are the leading parameters, the output the last; an index letter is a size key, each
    /// <c>...</c> axis is keyed by its position from the right (NumPy aligns broadcast axes right); size 1 broadcasts;
    /// <c>[Dim]</c> fixes a letter. Mirrors <c>TensorDsl.Runtime.ShapeBinding</c>.
    /// </summary>
    internal sealed class EinsumContractReader : IKernelContractReader
    {
        /// <inheritdoc/>
        public KernelContract? TryRead(IMethodSymbol method, AttributeData attribute)
        {
            if (!MethodSignatureReader.TryReadEinsum(attribute, out string spec, out bool accumulate)) return null;
            var bound = EinsumMethodBinder.Bind(spec, MethodSignatureReader.Read(method), MethodSignatureReader.ReadDims(method), accumulate).Bound;
            if (bound is null) return null;

            var slots = new List<TensorSlot>();
            for (int i = 0; i < bound.OperandNames.Count; i++)
            {
                slots.Add(Slot(i, bound.OperandNames[i], false, bound.Spec.Inputs[i]));
            }
            var output = bound.Spec.Output;
            bool scalarOutput = output.Labels.Length == 0 && !output.HasEllipsis;
            if (bound.OutputName is { } outputName)
            {
                slots.Add(Slot(bound.OperandNames.Count, outputName, true, output));
            }

            var fixedSizes = new Dictionary<string, FixedSize>();
            foreach (var dim in bound.Dims)
            {
                fixedSizes[dim.Index] = new FixedSize(dim.Size, $"[Dim(\"{dim.Index}\", {dim.Size})]", Exact: false);
            }
            return new KernelContract($"{method.Name} [Einsum(\"{spec}\")]", slots.ToArray(), broadcasts: true, sameRank: false,
                scalarOutput: scalarOutput && bound.OutputName is not null, fixedSizes, "broadcast axis");
        }

        internal static TensorSlot Slot(int parameter, string name, bool isOutput, Subscript subscript)
        {
            var keys = new string[subscript.Labels.Length];
            var names = new string[keys.Length];
            for (int k = 0; k < keys.Length; k++)
            {
                keys[k] = subscript.Labels[k].ToString();
                names[k] = $"index '{subscript.Labels[k]}'";
            }
            return new TensorSlot(parameter, name, isOutput, keys, names, subscript.EllipsisPosition);
        }
    }
}
