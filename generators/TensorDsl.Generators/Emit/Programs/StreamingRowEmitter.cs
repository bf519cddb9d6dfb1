using TensorDsl.Language;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Programs
{
    /// <summary>
    /// The body of one row of a <see cref="StreamingSoftmaxStep"/> (row indices already fixed), shared by the CPU loop and
    /// the GPU thread: the flash-attention recurrence over the reduced indices, with the target's row as the accumulator.
    /// </summary>
    internal static class StreamingRowEmitter
    {
        public static void EmitRow(CodeWriter w, BoundProgram p, ProgramNames names, ProgramExprEmitter expr, IProgramDialect dialect, StreamingSoftmaxStep s)
        {
            string T = names.T;
            string target = dialect.Element(new LoadExpr(s.Target, s.Indices));
            void Columns(System.Action body) => expr.Loops(s.Columns, EquatableArray<IndexRange>.Empty, body);
            string m = expr.Temp("runMax"), l = expr.Temp("runSum");
            w.Line($"// Running maximum and denominator of the softmax over {string.Join(",", s.Reduced)}; the row of {p.Tensors[s.Target].Name} accumulates the weighted values.");
            w.Line($"{T} {m} = {names.Literal(double.NegativeInfinity)}, {l} = {names.Literal(0)};");
            Columns(() => w.Line($"{target} = {names.Literal(0)};"));
            expr.Loops(s.Reduced, s.Ranges, () =>
            {
                string x = expr.Temp("score");
                w.Line($"{T} {x} = {expr.Emit(s.Score)};");
                using (w.Block($"if ({x} > {m})"))
                {
                    string f = expr.Temp("rescale");
                    w.Line("// A new maximum: rescale what was accumulated against the old one.");
                    w.Line($"{T} {f} = {expr.Math}.Exp({m} - {x});");
                    w.Line($"{l} *= {f};");
                    Columns(() => w.Line($"{target} *= {f};"));
                    w.Line($"{m} = {x};");
                }
                string weight = expr.Temp("weight");
                w.Line($"{T} {weight} = {expr.Math}.Exp({x} - {m});");
                w.Line($"{l} += {weight};");
                Columns(() =>
                {
                    string v = expr.Emit(s.Value);
                    w.Line($"{target} += {weight} * {v};");
                });
            });
            string inv = expr.Temp("inverse");
            w.Line("// Normalize; a row whose window admits nothing stays 0.");
            w.Line($"{T} {inv} = {l} > {names.Literal(0)} ? {names.Literal(1)} / {l} : {names.Literal(0)};");
            Columns(() => w.Line($"{target} *= {inv};"));
        }
    }
}
