namespace TensorDsl.Language.Planning
{
    /// <summary>
    /// A single loop nest that computes an einsum directly: one loop per distinct index, outermost first.
    /// Each input's product is hoisted to the shallowest loop where all of its indices are bound.
    /// </summary>
    /// <param name="LoopOrder">Index letters, outermost loop first. The last one is the innermost loop.</param>
    /// <param name="InnermostIsSummed">True when the innermost loop is a reduction (a dot product), false when it
    /// walks an output axis (an axpy-like update). Meaningless when <see cref="LoopOrder"/> is empty.</param>
    /// <param name="HoistDepth">For each input, the loop depth (index in <see cref="LoopOrder"/>) at which all of its
    /// indices are bound; -1 when it has none (it varies only with the broadcast dimensions).</param>
    /// <param name="VectorOperands">Inputs read with unit stride in the innermost loop (those holding its index).</param>
    /// <param name="Reason">Why the innermost index was chosen, for the generated header comment.</param>
    public sealed record EinsumLoopPlan(
        string LoopOrder,
        bool InnermostIsSummed,
        EquatableArray<int> HoistDepth,
        EquatableArray<int> VectorOperands,
        string Reason)
    {
        /// <summary>The innermost index, or '\0' when the nest has no index loops.</summary>
        public char Innermost => LoopOrder.Length == 0 ? '\0' : LoopOrder[LoopOrder.Length - 1];
    }
}
