namespace TensorDsl.Language.Programs.Planning
{
    using TensorDsl.Language.Programs.Binding;

    /// <summary>One unit of generated code: a loop nest, a streaming softmax reduction, or a call to a fused attention kernel.</summary>
    /// <param name="Target">Index of the tensor it writes (<see cref="BoundProgram.Tensors"/>).</param>
    /// <param name="Indices">The target's indices in loop order.</param>
    /// <param name="Statement">The statement (index into <see cref="BoundProgram.Statements"/>) it implements.</param>
    public abstract record ProgramStep(int Target, EquatableArray<string> Indices, int Statement);

    /// <summary>
    /// A loop nest over the target's indices; at each point the value (with fused elementwise producers inlined) is
    /// evaluated, reductions as inner loops, softmax normalizers hoisted to the loop level that fixes their other indices.
    /// </summary>
    public sealed record LoopNestStep(int Target, EquatableArray<string> Indices, int Statement, BoundExpr Value)
        : ProgramStep(Target, Indices, Statement);

    /// <summary>
    /// <c>target[I ∪ C] = sum[R](softmax[R](Score) · Value)</c> as one streaming pass over R per row of I (the
    /// flash-attention recurrence: running max, running denominator, rescaled accumulator). The scores over R are never
    /// stored; the target row itself is the accumulator.
    /// </summary>
    /// <param name="Target">The tensor it writes.</param>
    /// <param name="Indices">The target's indices.</param>
    /// <param name="Statement">The statement it implements.</param>
    /// <param name="Rows">Target indices the score depends on (one streaming pass per point).</param>
    /// <param name="Columns">The other target indices (the accumulator's axes).</param>
    /// <param name="Reduced">R, with the ranges from <c>where</c>.</param>
    /// <param name="Ranges">Ranges of the reduced indices.</param>
    /// <param name="Score">The softmax operand (the fused score expression, with its own inner reductions).</param>
    /// <param name="Value">The factor multiplying the softmax weight.</param>
    public sealed record StreamingSoftmaxStep(
        int Target, EquatableArray<string> Indices, int Statement,
        EquatableArray<string> Rows, EquatableArray<string> Columns, EquatableArray<string> Reduced,
        EquatableArray<IndexRange> Ranges, BoundExpr Score, BoundExpr Value)
        : ProgramStep(Target, Indices, Statement);

    /// <summary>Which fused attention kernel an <see cref="AttentionStep"/> calls.</summary>
    public enum AttentionKind
    {
        /// <summary>o[i,c] = Σ_j softmax_j(α·Σ_l q[i,l] k[j,l]) v[j,c].</summary>
        Standard,
        /// <summary>o[i,c] = Σ_jk softmax_jk(α·Σ_l q[i,l] k1[j,l] k2[k,l]) v1[j,c] v2[k,c].</summary>
        Tensor,
    }

    /// <summary>A window on a key index relative to the query index: <c>i + Low ≤ j &lt; i + High</c> (terms of int parameters allowed).</summary>
    /// <param name="Low">Lower offset, or null when unbounded below.</param>
    /// <param name="High">Upper offset, or null when unbounded above.</param>
    public sealed record KeyWindowPlan(AffineBound? Low, AffineBound? High);

    /// <summary>
    /// A streaming softmax step whose score is <c>α · Σ_l</c> of a product of key/query rows: it runs on the packed,
    /// register-blocked attention kernels (runtime <c>StreamingAttention</c>), once per point of the batch indices.
    /// </summary>
    /// <param name="Target">The tensor it writes.</param>
    /// <param name="Indices">The target's indices.</param>
    /// <param name="Statement">The statement it implements.</param>
    /// <param name="Kind">Standard or tensor attention.</param>
    /// <param name="Batch">Indices every operand and the target carry (looped outside the kernel).</param>
    /// <param name="Query">The query index i.</param>
    /// <param name="Keys">The key indices (j, or j and k).</param>
    /// <param name="Feature">The contracted feature index l.</param>
    /// <param name="ValueIndex">The value/output column index c.</param>
    /// <param name="Operands">Loads in kernel order: q, k (or k1, k2), v (or v1, v2).</param>
    /// <param name="Scale">The load-free factor α.</param>
    /// <param name="Windows">One window per key index.</param>
    public sealed record AttentionStep(
        int Target, EquatableArray<string> Indices, int Statement,
        AttentionKind Kind, EquatableArray<string> Batch, string Query, EquatableArray<string> Keys, string Feature, string ValueIndex,
        EquatableArray<LoadExpr> Operands, BoundExpr Scale, EquatableArray<KeyWindowPlan> Windows)
        : ProgramStep(Target, Indices, Statement)
    {
        /// <summary>
        /// Every matrix the kernel sees, in call order — q, the keys, the values, then the output — with the index along
        /// its rows and the index along its columns (each backend makes a strided view from these).
        /// </summary>
        public System.Collections.Generic.List<(LoadExpr Load, string Row, string Column)> Matrices()
        {
            var result = new System.Collections.Generic.List<(LoadExpr, string, string)> { (Operands[0], Query, Feature) };
            for (int k = 0; k < Keys.Count; k++) result.Add((Operands[1 + k], Keys[k], Feature));
            for (int k = 0; k < Keys.Count; k++) result.Add((Operands[1 + Keys.Count + k], Keys[k], ValueIndex));
            result.Add((new LoadExpr(Target, Indices), Query, ValueIndex));
            return result;
        }
    }

    /// <summary>A note the planner makes about fusion, reported as TDSL0019 (Info) and written into the generated code.</summary>
    /// <param name="Statement">The statement it concerns.</param>
    /// <param name="Message">What was not fused and why.</param>
    public sealed record PlanNote(int Statement, string Message);

    /// <summary>The plan of a program: steps in order, the intermediates that need storage, and fusion notes.</summary>
    public sealed record ProgramPlan(EquatableArray<ProgramStep> Steps, EquatableArray<int> Materialized, EquatableArray<PlanNote> Notes);
}
