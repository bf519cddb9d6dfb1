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

    /// <summary>
    /// Marks a statement of a derived backward program as one output of the fused attention backward kernel
    /// (<see cref="AttentionGradientStep"/>): the gradient of one operand of a forward <see cref="AttentionStep"/>, or of its
    /// scale. The statement's value is the derived gradient in the language (what the interpreter evaluates and the GPU
    /// runs); the CPU planner replaces every statement marked with the same forward step by one kernel call.
    /// </summary>
    /// <param name="Forward">The forward's attention step, in the backward's tensor numbering (its target is the output's
    /// gradient dO, which the backward keeps at the output's tensor index).</param>
    /// <param name="Role">Which operand: an index into <see cref="AttentionStep.Operands"/> (q, keys, values), or −1 for the scale.</param>
    public sealed record AttentionGradientPart(AttentionStep Forward, int Role);

    /// <summary>
    /// The backward of a fused attention statement as one call of the FlashAttention-2-style kernels (runtime
    /// <c>AttentionGradients</c>) per point of the batch indices: scores recomputed block by block from the inputs, never
    /// an n × n (or n × n × n) tensor, and every requested gradient — q, each key, each value, the scale — from the same
    /// blocks.
    /// </summary>
    /// <param name="Target">The first gradient it writes (the plan's bookkeeping; it writes all of <paramref name="Gradients"/>).</param>
    /// <param name="Indices">That gradient's indices.</param>
    /// <param name="Statement">That gradient's statement.</param>
    /// <param name="Forward">The forward's attention step (see <see cref="AttentionGradientPart.Forward"/>).</param>
    /// <param name="Gradients">Per operand of <see cref="AttentionStep.Operands"/>, the tensor receiving its gradient, or −1.</param>
    /// <param name="ScaleGradient">The rank-0 tensor receiving the scale's gradient, or −1.</param>
    /// <param name="Accumulate">True when the gradients add into their tensors; false overwrites them (they are zeroed first).</param>
    public sealed record AttentionGradientStep(
        int Target, EquatableArray<string> Indices, int Statement,
        AttentionStep Forward, EquatableArray<int> Gradients, int ScaleGradient, bool Accumulate)
        : ProgramStep(Target, Indices, Statement);

    /// <summary>
    /// The value of one contraction of a statement inside its epilogue (<see cref="EinsumStep.Epilogue"/>): the result of
    /// <see cref="EinsumStep.Parts"/>[<paramref name="Part"/>] at the point <paramref name="Indices"/>. Appears only there.
    /// </summary>
    public sealed record PartExpr(int Part, EquatableArray<string> Indices) : BoundExpr;

    /// <summary>
    /// An elementwise factor of a contraction that is not a plain load (<c>relu(x[i,j])</c> in <c>sum[j](relu(x[i,j]) · w[j,k])</c>):
    /// computed once over its own indices into a dense pooled buffer, which the contraction then reads like a tensor.
    /// </summary>
    /// <param name="Indices">Its indices, the buffer's axes in order.</param>
    /// <param name="Value">The elementwise expression (no reductions).</param>
    public sealed record PrologueFactor(EquatableArray<string> Indices, BoundExpr Value);

    /// <summary>An operand of a planned contraction: a tensor of the program, or a prologue factor's buffer.</summary>
    /// <param name="Load">The load (tensor and indices) when the operand is a tensor of the program; null for a prologue factor.</param>
    /// <param name="Prologue">Index into <see cref="EinsumStep.Prologues"/> when the operand is a prologue factor, else -1.</param>
    /// <param name="Labels">The operand's subscript in the contraction's einsum spec (a repeated label is a diagonal).</param>
    public sealed record ContractionOperand(LoadExpr? Load, int Prologue, string Labels);

    /// <summary>
    /// One contraction of a statement, <c>sum[R](A · B · …)</c>, planned as the einsum <see cref="Spec"/>: its operands, the
    /// pairwise plan (GEMM-like steps on the packed GEMM), and where its result goes — straight into the statement's target
    /// when it is the whole value up to an elementwise epilogue over the same indices, else into a dense pooled buffer.
    /// </summary>
    /// <param name="Operands">In spec order.</param>
    /// <param name="Indices">The result's indices in axis order (program index names), a subset of the target's.</param>
    /// <param name="Spec">The einsum over one-letter labels (see <see cref="EinsumStep.Labels"/>).</param>
    /// <param name="Plan">The contraction planner's plan of <see cref="Spec"/>.</param>
    /// <param name="IntoTarget">True when the result is written into the target itself (then the epilogue updates it in place).</param>
    public sealed record ContractionPart(EquatableArray<ContractionOperand> Operands, EquatableArray<string> Indices, Einsum.EinsumSpec Spec,
        TensorDsl.Language.Planning.ExecutionPlan Plan, bool IntoTarget);

    /// <summary>
    /// A statement whose value is an elementwise function (the epilogue) of one or more contractions: each contraction is
    /// planned like an <c>[Einsum]</c> — pairwise order at opt_einsum cost, GEMM-like steps on the packed GEMM, the rest as
    /// vectorized loop nests — then the epilogue runs once over the target's indices. <c>c[i,k] = a[i,j] * b[j,k]</c>,
    /// <c>y[b,o] = relu(sum[i](x[b,i] * w[i,o]) + bias[o])</c> and a Tucker reconstruction all take this step.
    /// </summary>
    /// <param name="Target">The tensor it writes.</param>
    /// <param name="Indices">The target's indices.</param>
    /// <param name="Statement">The statement it implements.</param>
    /// <param name="Value">The statement's fused value, as a <see cref="LoopNestStep"/> would evaluate it (the GPU does, for now).</param>
    /// <param name="Labels">The one-letter label of each program index the contractions use (<c>"i=i j=j l'1=a"</c> pairs: index, label).</param>
    /// <param name="Prologues">Elementwise factors computed into buffers before the contractions.</param>
    /// <param name="Parts">The contractions, in the order they run.</param>
    /// <param name="Epilogue">The value in terms of the parts (<see cref="PartExpr"/>), or null when the value is exactly one part written into the target.</param>
    public sealed record EinsumStep(int Target, EquatableArray<string> Indices, int Statement, BoundExpr Value,
        EquatableArray<LabelBinding> Labels, EquatableArray<PrologueFactor> Prologues, EquatableArray<ContractionPart> Parts, BoundExpr? Epilogue)
        : ProgramStep(Target, Indices, Statement)
    {
        /// <summary>The label of a program index.</summary>
        public char LabelOf(string index)
        {
            foreach (var b in Labels) if (b.Index == index) return b.Label;
            throw new System.ArgumentException("index " + index + " has no label in this step");
        }

        /// <summary>
        /// The axes of a tensor with <paramref name="indices"/> (a load's, or the target's) that carry <paramref name="label"/>:
        /// one, several for a diagonal, none for a label it lacks. The '...' group carries no label.
        /// </summary>
        public System.Collections.Generic.IEnumerable<int> AxesOf(EquatableArray<string> indices, char label)
        {
            for (int a = 0; a < indices.Count; a++)
            {
                if (indices[a] != Binding.IndexNames.Ellipsis && LabelOf(indices[a]) == label) yield return a;
            }
        }

        /// <summary>The program index of a label.</summary>
        public string IndexOf(char label)
        {
            foreach (var b in Labels) if (b.Label == label) return b.Index;
            throw new System.ArgumentException("label " + label + " is not used in this step");
        }
    }

    /// <summary>
    /// A <c>gaunt[L1,L2,LOut](x, y)</c> statement: one call of the Gaunt product kernel over all points of the target's
    /// leading indices (its "rows"), x and y read through their strides (an operand that lacks a leading index is broadcast
    /// along it). The lowering — the sparse sum or the Fourier grids — is the Gaunt planner's (<see cref="Equivariant.GauntProductPlanner"/>),
    /// Auto choosing the faster by its cost model, as for <c>[GauntProduct]</c>.
    /// </summary>
    /// <param name="Target">The tensor it writes.</param>
    /// <param name="Indices">The target's indices (leading ones, then the harmonic index).</param>
    /// <param name="Statement">The statement it implements.</param>
    /// <param name="Gaunt">The bound call.</param>
    /// <param name="Product">Its degrees, method and element type, named after the tensors (the Gaunt planner's input).</param>
    /// <param name="Lowering">The lowering the Gaunt planner chose.</param>
    public sealed record GauntStep(int Target, EquatableArray<string> Indices, int Statement, GauntExpr Gaunt,
        Equivariant.BoundGauntProduct Product, Equivariant.GauntLowering Lowering)
        : ProgramStep(Target, Indices, Statement)
    {
        /// <summary>The leading indices: every target index but the last (harmonic) one.</summary>
        public System.Collections.Generic.IEnumerable<string> Leading => System.Linq.Enumerable.Take(Indices, Indices.Count - 1);
    }

    /// <summary>A program index and the one-letter label that stands for it in a contraction's einsum spec.</summary>
    public sealed record LabelBinding(string Index, char Label);

    /// <summary>
    /// A note the planner makes about a statement, reported as an Info diagnostic at the statement and written into the
    /// generated code: an intermediate that is stored (TDSL0019) or a statement that runs as a scalar loop nest (TDSL0027).
    /// </summary>
    /// <param name="Statement">The statement it concerns.</param>
    /// <param name="Message">What was not fused or planned, and why.</param>
    /// <param name="Id">The diagnostic ID.</param>
    public sealed record PlanNote(int Statement, string Message, string Id = DiagnosticIds.NotFused);

    /// <summary>The plan of a program: steps in order, the intermediates that need storage, and fusion notes.</summary>
    public sealed record ProgramPlan(EquatableArray<ProgramStep> Steps, EquatableArray<int> Materialized, EquatableArray<PlanNote> Notes);
}
