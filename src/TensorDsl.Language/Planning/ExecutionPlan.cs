namespace TensorDsl.Language.Planning
{
    /// <summary>How one step of an <see cref="ExecutionPlan"/> runs.</summary>
    public enum StepKind
    {
        /// <summary>A (batched) matrix product: packed, register-blocked GEMM over offset tables.</summary>
        Gemm,
        /// <summary>A direct loop nest (<see cref="EinsumLoopPlanner"/>), vectorized along its innermost index.</summary>
        LoopNest,
    }

    /// <summary>
    /// One step. Tensor ids: inputs are 0..m-1, the output is m, intermediates are m+1, m+2, ….
    /// For <see cref="StepKind.Gemm"/>, <c>Inputs[0]</c> is A (holds M and K) and <c>Inputs[1]</c> is B (holds K and N), and
    /// C[batch, m, n] = Σ_k A[batch, m, k] · B[batch, k, n].
    /// </summary>
    /// <param name="Kind">How it runs.</param>
    /// <param name="Inputs">Tensor ids read (one or two; the whole spec for a direct loop nest).</param>
    /// <param name="Result">Tensor id written.</param>
    /// <param name="ResultLabels">Labels of the result in its axis order (the output's order for the output).</param>
    /// <param name="Batch">GEMM batch labels (in A, B and the result).</param>
    /// <param name="M">GEMM row labels (in A and the result).</param>
    /// <param name="N">GEMM column labels (in B and the result).</param>
    /// <param name="K">GEMM summed labels (in A and B).</param>
    /// <param name="Flops">opt_einsum's cost of the step with the planning sizes.</param>
    public sealed record PlanStep(StepKind Kind, EquatableArray<int> Inputs, int Result, string ResultLabels, string Batch, string M, string N, string K, double Flops);

    /// <summary>
    /// How an einsum runs: either one direct loop nest over every index, or a sequence of pairwise steps chosen by the
    /// <see cref="ContractionPlanner"/>, each a GEMM where it is a (batched) matrix product.
    /// </summary>
    /// <param name="Steps">The steps in order; the last writes the output.</param>
    /// <param name="IntermediateLabels">Labels (axis order, row-major) of each intermediate, by id − (m + 1).</param>
    /// <param name="PlanningSizes">The index sizes the path was chosen for, e.g. "i=128 j=128" ([Dim] sizes, else the default).</param>
    /// <param name="Reason">Why this shape of plan, for the generated header comment.</param>
    public sealed record ExecutionPlan(EquatableArray<PlanStep> Steps, EquatableArray<string> IntermediateLabels, string PlanningSizes, string Reason)
    {
        /// <summary>True when the plan is one direct loop nest over the whole spec.</summary>
        public bool IsDirect => Steps.Count == 1 && Steps[0].Kind == StepKind.LoopNest;

        /// <summary>
        /// The label along which the plan can run in slabs, or null: the first label of <paramref name="output"/> that every
        /// intermediate carries, when the last step is a GEMM (which overwrites its slab of the output, so nothing needs
        /// clearing per slab). Each slab runs the whole plan on the operands' slices along it — an operand without the label is
        /// read whole by every slab — so the intermediates are only a slab large and can stay in cache. Nothing is summed
        /// over the label, so the slabs are independent and their results are exactly the whole plan's.
        /// </summary>
        public char? SlabLabel(string output)
        {
            if (IntermediateLabels.Count == 0 || Steps[Steps.Count - 1].Kind != StepKind.Gemm || output.IndexOf('.') >= 0) return null;
            foreach (char c in output)
            {
                bool everywhere = true;
                foreach (var labels in IntermediateLabels) everywhere &= labels.IndexOf(c) >= 0;
                if (everywhere) return c;
            }
            return null;
        }
    }
}
