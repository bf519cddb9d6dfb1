using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Cpu;
using TensorDsl.Generators.Emit.Shapes;
using TensorDsl.Generators.Models;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Generators.Emit.Programs.Cpu
{
    /// <summary>
    /// The CPU body of a <c>[TensorProgram]</c>: bind and check every shape first (nothing is written when a check throws),
    /// then run the planned steps in order — loop nests, streaming softmax passes, or calls to the packed attention kernels.
    /// </summary>
    internal static partial class ProgramCpuEmitter
    {
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string Buffers = "global::TensorDsl.Runtime.IntermediateBuffer";

        public static void Emit(CodeWriter w, ProgramMethodModel model, ProgramPlan plan)
        {
            ProgramSourceWriter.WritePlanComment(w, model, plan, "CPU");
            string core = $"{model.MemberPrefix}_Cpu";
            AliasingWrapperEmitter.Emit(w, model.Declaration.Modifiers, "void", model.MethodName, model.Parameters, core, accumulate: false);
            w.Line();
            w.Line($"/// <summary>Runs the program of <c>{model.MethodName}</c> on the CPU (the plan above), its outputs not sharing memory with its inputs.</summary>");
            EmitCore(w, model, plan, core);
        }

        /// <summary>
        /// The method that runs the plan: <c>private static</c>, with <paramref name="model"/>'s parameters. It returns the
        /// program's rank-0 result when the program has one that no parameter holds (an <c>[Einsum]</c> that returns T).
        /// </summary>
        internal static void EmitCore(CodeWriter w, ProgramMethodModel model, ProgramPlan plan, string core)
        {
            var p = model.Program;
            var names = new ProgramNames(p, p.ElementKeyword);
            string parameters = string.Join(", ", model.Parameters.Select(x => $"{x.TypeText} {x.Name}"));
            var nests = new List<LoopNestEmitter>();
            var rowsMethods = new ElementwiseLoopEmitter.RowsMethods(model.MemberPrefix, p);
            using (w.Block($"private static {(p.ReturnsScalar ? names.T : "void")} {core}({parameters})"))
            {
                var shapes = EmitBinding(w, model, names);
                // A parameter's '...' group: the binder gives each position's offset.
                names.EllipsisOffset = (t, x) => $"__bind.EllipsisOffset({shapes.BinderTensor(t)}, {x})";
                var expr = new ProgramExprEmitter(w, names, p, new CpuProgramDialect(names));
                var context = new StepContext(model, p, names, expr, nests, shapes, rowsMethods);
                if (plan.Materialized.Count == 0)
                {
                    EmitSteps(w, plan, context);
                }
                else
                {
                    w.Line();
                    w.Line("// Storage for the intermediates that are not fused (pooled; returned when the call ends).");
                    foreach (int t in plan.Materialized) EmitRent(w, p, names, t);
                    using (w.Block("try"))
                    {
                        foreach (int t in plan.Materialized)
                        {
                            w.Line($"ref {names.T} {names.Ref(t)} = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(m_{names.Bare(t)});");
                        }
                        EmitSteps(w, plan, context);
                    }
                    using (w.Block("finally"))
                    {
                        foreach (int t in plan.Materialized) w.Line($"global::System.Buffers.ArrayPool<{names.T}>.Shared.Return(m_{names.Bare(t)});");
                    }
                }
                if (p.ReturnsScalar) w.Line("return __result;");
            }
            // The vector helpers of the contractions' loop nests, and the rows methods of the split elementwise loops.
            foreach (var nest in nests)
            {
                w.Line();
                nest.EmitHelper();
            }
            foreach (var method in rowsMethods.Deferred)
            {
                w.Line();
                method(w);
            }
        }

        /// <summary>What every step's emitter needs: the method, the program, its names, the expression emitter, and the loop nests written so far.</summary>
        private sealed record StepContext(ProgramMethodModel Model, BoundProgram Program, ProgramNames Names, ProgramExprEmitter Expr, List<LoopNestEmitter> Nests,
            ShapeLayoutEmitter Shapes, ElementwiseLoopEmitter.RowsMethods Rows);

        private static ShapeLayoutEmitter EmitBinding(CodeWriter w, ProgramMethodModel model, ProgramNames names)
        {
            var p = model.Program;
            var shapes = ShapeLayoutEmitter.For(p, model.MemberPrefix);
            shapes.EmitBind(w, t => ProgramNames.Parameter(p.Tensors[t].Name));
            shapes.EmitSizes(w, names.SizeOfClass);
            if (p.Statements.Any(s => s.Fused is not null))
            {
                // A derived backward's fused attention statements run as one kernel: sizes only they read go unread.
                w.Line($"_ = ({string.Join(", ", Enumerable.Range(0, p.Classes.Count).Select(names.SizeOfClass).Append("0"))});");
            }
            w.Line();
            w.Line("// Base references and strides (in elements) of the parameter tensors.");
            for (int t = 0; t < p.Tensors.Count; t++)
            {
                var tensor = p.Tensors[t];
                if (tensor.Kind == ProgramTensorKind.Intermediate || tensor.Rank < 0) continue;
                if (tensor.Parameter < 0)
                {
                    // The rank-0 result the method returns: a local the plan adds into.
                    w.Line($"{names.T} __result = 0;");
                    w.Line($"ref {names.T} {names.Ref(t)} = ref __result;");
                    continue;
                }
                string param = ProgramNames.Parameter(tensor.Name);
                w.Line(tensor.Kind == ProgramTensorKind.Input
                    ? $"ref {names.T} {names.Ref(t)} = ref {Unsafe}.AsRef(in {param}.GetPinnableReference());"
                    : $"ref {names.T} {names.Ref(t)} = ref {param}.GetPinnableReference();");
                for (int a = 0; a < tensor.Rank; a++)
                {
                    // The '...' group's axes have no stride of their own: the binder gives each position's offset.
                    if (shapes.AxisStride(t, a) is { } stride) w.Line($"nint {names.Stride(t, a)} = {stride};");
                }
            }
            return shapes;
        }

        private static void EmitRent(CodeWriter w, BoundProgram p, ProgramNames names, int t)
        {
            var tensor = p.Tensors[t];
            string length = tensor.Indices.Count == 0 ? "1" : string.Join(" * ", tensor.Indices.Select(names.Size));
            w.Line($"// {tensor.Name}[{string.Join(",", tensor.Indices)}], dense row-major");
            w.Line($"{names.T}[] m_{names.Bare(t)} = global::System.Buffers.ArrayPool<{names.T}>.Shared.Rent({Buffers}.Length(\"{tensor.Name}\", {length}));");
            string stride = "1";
            for (int a = tensor.Rank - 1; a >= 0; a--)
            {
                w.Line($"nint {names.Stride(t, a)} = {stride};");
                stride = stride == "1" ? names.Size(tensor.Indices[a]) : $"{stride} * {names.Size(tensor.Indices[a])}";
            }
        }

        private static void EmitSteps(CodeWriter w, ProgramPlan plan, StepContext context)
        {
            var (_, p, names, expr, _, _, rows) = context;
            int n = 1;
            foreach (var step in plan.Steps)
            {
                w.Line();
                w.Line($"// Step {n}: {ProgramSourceWriter.StepSummary(p, step)}");
                using (w.Block(""))
                {
                    switch (step)
                    {
                        case AttentionStep a: EmitAttention(w, p, names, expr, a); break;
                        case AttentionGradientStep g: EmitAttentionGradient(w, p, names, expr, g); break;
                        case StreamingSoftmaxStep s: EmitStreaming(w, p, names, expr, s); break;
                        case LoopNestStep l: EmitLoopNest(w, p, names, expr, l, rows); break;
                        case EinsumStep e: EmitEinsum(w, context, e, n); break;
                        case GauntStep g: EmitGaunt(w, context, g, n); break;
                    }
                }
                n++;
            }
        }

        private static string Target(ProgramNames names, ProgramStep step)
            => $"{Unsafe}.Add(ref {names.Ref(step.Target)}, {names.Offset(new LoadExpr(step.Target, step.Indices))})";

        // A loop nest over the target's indices; reductions whose other indices are fixed by outer loops are hoisted there.
        private static void EmitLoopNest(CodeWriter w, BoundProgram p, ProgramNames names, ProgramExprEmitter expr, LoopNestStep step, ElementwiseLoopEmitter.RowsMethods rows)
        {
            // (The vectorized loops address tensors by per-axis strides; a parameter's '...' group has none — its positions'
            // offsets come from the binder — so a statement over the group runs as the scalar nest.)
            if (!ExprFacts.HasReduction(step.Value) && ElementwiseLoopEmitter.CanVectorize(step.Value) && !step.Indices.Contains(IndexNames.Ellipsis))
            {
                // Elementwise: vectorized along the innermost index.
                new ElementwiseLoopEmitter(w, names, expr, e => e is LoadExpr load ? LoadAccess(names, load) : null) { Parallel = rows }
                    .Emit(step.Indices, TargetAccess(names, step), step.Value);
                return;
            }
            var hoists = HoistCandidates(step.Value, step.Indices);
            void Level(int depth)
            {
                foreach (var h in hoists.Where(h => h.Level == depth)) expr.Hoist(h.Node);
                if (depth == step.Indices.Count)
                {
                    string value = expr.Emit(step.Value);
                    w.Line($"{Target(names, step)} = {value};");
                    return;
                }
                string x = ProgramNames.Index(step.Indices[depth]);
                using (w.Block($"for (nint {x} = 0; {x} < {names.Size(step.Indices[depth])}; {x}++)")) Level(depth + 1);
            }
            Level(0);
        }

        /// <summary>Top-level reductions (not inside another) with the loop depth at which all their free indices are fixed.</summary>
        internal static List<(BoundExpr Node, int Level)> HoistCandidates(BoundExpr value, IReadOnlyList<string> loopOrder)
        {
            var result = new List<(BoundExpr, int)>();
            void Walk(BoundExpr e)
            {
                switch (e)
                {
                    case UnaryExpr u: Walk(u.Operand); break;
                    case BinaryExpr b: Walk(b.Left); Walk(b.Right); break;
                    case ReduceExpr r:
                    {
                        var free = ExprFacts.FreeIndices(r);
                        if (r.Kind == ReductionKind.Softmax) free = free.Where(i => !r.Indices.Contains(i)).ToList();
                        int level = free.Count == 0 ? 0 : free.Max(i => loopOrder.ToList().IndexOf(i)) + 1;
                        if (level < loopOrder.Count && free.All(loopOrder.Contains)) result.Add((r, level));
                        break;
                    }
                }
            }
            Walk(value);
            return result;
        }
    }
}
