namespace TensorDsl.Language.Planning
{
    /// <summary>
    /// One pairwise step of a contraction path: operands <see cref="Left"/> and <see cref="Right"/> of the current
    /// operand list are removed and their contraction, with indices <see cref="ResultLabels"/>, is appended at the end
    /// (opt_einsum's "linear" path format).
    /// </summary>
    /// <param name="Left">Position of the first operand in the current list (Left &lt; Right).</param>
    /// <param name="Right">Position of the second operand.</param>
    /// <param name="LeftLabels">Indices of the left operand (distinct, in its order).</param>
    /// <param name="RightLabels">Indices of the right operand.</param>
    /// <param name="ResultLabels">Indices kept: those still needed by another operand or by the output.</param>
    /// <param name="Flops">opt_einsum's cost of the step: the size of the step's index space, times 2 when it sums.</param>
    /// <param name="ResultSize">Elements of the step's result.</param>
    public sealed record ContractionStep(int Left, int Right, string LeftLabels, string RightLabels, string ResultLabels, double Flops, double ResultSize);

    /// <summary>A pairwise contraction order with its cost.</summary>
    /// <param name="Steps">The steps in order; empty for a single operand.</param>
    /// <param name="Flops">Total cost (sum of the steps').</param>
    /// <param name="LargestIntermediate">Elements of the largest intermediate (0 for no steps).</param>
    /// <param name="Strategy">How it was found.</param>
    public sealed record ContractionPath(EquatableArray<ContractionStep> Steps, double Flops, double LargestIntermediate, string Strategy);
}
