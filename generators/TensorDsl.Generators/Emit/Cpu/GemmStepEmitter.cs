using System.Linq;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// Emits a GEMM step: offset tables for the batch, row, column and summed index groups of A, B and C (any grouping of
    /// axes, any strides: a transpose becomes packing, not a copy), then one call of the packed, register-blocked
    /// <c>TensorDsl.Cpu.Gemm.Multiply</c>.
    /// </summary>
    internal static class GemmStepEmitter
    {
        /// <param name="w">Writer.</param>
        /// <param name="step">The GEMM step.</param>
        /// <param name="elementType">float or double.</param>
        /// <param name="a">A.</param>
        /// <param name="b">B.</param>
        /// <param name="c">C.</param>
        /// <param name="accumulate">Add into C instead of overwriting it.</param>
        /// <param name="size">The expression of a label's size; null for <c>n_{label}</c>.</param>
        public static void Emit(CodeWriter w, PlanStep step, string elementType, NestTensor a, NestTensor b, NestTensor c, bool accumulate, System.Func<char, string>? size = null)
        {
            size ??= l => $"n_{l}";
            string Count(string group) => group.Length == 0 ? "1" : string.Join(" * ", group.Select(size));
            void Table(string table, string group, NestTensor t)
                => w.Line($"global::TensorDsl.Cpu.Gemm.FillOffsets(__g.{table}, [{string.Join(", ", group.Select(size))}], [{string.Join(", ", group.Select(t.Stride))}]);");

            w.Line($"using var __g = new global::TensorDsl.Runtime.GemmOffsets({Count(step.Batch)}, {Count(step.M)}, {Count(step.N)}, {Count(step.K)});");
            Table("ABatch", step.Batch, a);
            Table("BBatch", step.Batch, b);
            Table("CBatch", step.Batch, c);
            Table("ARows", step.M, a);
            Table("CRows", step.M, c);
            Table("BColumns", step.N, b);
            Table("CColumns", step.N, c);
            Table("ASum", step.K, a);
            Table("BSum", step.K, b);
            w.Line($"global::TensorDsl.Cpu.Gemm.Multiply<{elementType}>(__g.Batch, __g.Rows, __g.Columns, __g.Sum,");
            using (w.Indent())
            {
                w.Line($"ref {a.Reference}, __g.ABatch, __g.ARows, __g.ASum,");
                w.Line($"ref {b.Reference}, __g.BBatch, __g.BSum, __g.BColumns,");
                w.Line($"ref {c.Reference}, __g.CBatch, __g.CRows, __g.CColumns, accumulate: {(accumulate ? "true" : "false")});");
            }
        }
    }
}
