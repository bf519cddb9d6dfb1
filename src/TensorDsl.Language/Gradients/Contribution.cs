using System.Collections.Generic;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Language.Gradients
{
    /// <summary>
    /// One term of a gradient, found where the chain rule reaches a load of a tensor (or a scalar): the gradient of the loss
    /// with respect to the element <c>Tensor[At]</c> receives <see cref="Value"/>, summed over every index of
    /// <see cref="Scope"/> that <see cref="At"/> does not name, restricted to <see cref="Windows"/>.
    /// </summary>
    /// <param name="Tensor">The tensor read, or −1 for a scalar.</param>
    /// <param name="Scalar">The scalar read, or −1 for a tensor.</param>
    /// <param name="At">The indices of the load (empty for a scalar); an index twice is a diagonal.</param>
    /// <param name="Value">The gradient flowing into that load: the seed times the local derivatives along the way.</param>
    /// <param name="Scope">Every index bound where the load sits: the statement's left side and the reductions around it.</param>
    /// <param name="Windows">The <c>where</c> ranges of the reductions around it.</param>
    internal sealed record Contribution(int Tensor, int Scalar, EquatableArray<string> At, BoundExpr Value,
        IReadOnlyList<string> Scope, IReadOnlyList<IndexRange> Windows);
}
