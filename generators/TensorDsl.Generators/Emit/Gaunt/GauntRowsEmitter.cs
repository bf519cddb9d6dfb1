using System;
using System.Linq;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Gaunt
{
    /// <summary>
    /// Binds the rows of a <c>gaunt[…]</c> step for both backends: the rows are the points of the target's leading indices.
    /// Each operand and the target get one axis per leading index (stride 0 where an operand lacks the index, the <c>...</c>
    /// group expanded at the call) and their harmonic axis last; the runtime's <c>GauntRows</c> drops length-1 axes, merges
    /// contiguous ones and walks the rows for the kernel. The program's shape binder has checked every size before, so
    /// <c>GauntRows.Bind</c>'s own checks pass by construction. Leaves <c>__rows</c> bound, and <c>__gsx</c>, <c>__gsy</c>,
    /// <c>__gsz</c> (the harmonic strides).
    /// </summary>
    internal static class GauntRowsEmitter
    {
        private const string Rows = "global::TensorDsl.Runtime.GauntRows";

        /// <param name="w">The writer.</param>
        /// <param name="p">The program.</param>
        /// <param name="step">The step.</param>
        /// <param name="size">The size local of an index.</param>
        /// <param name="stride">The stride of axis a of tensor t (an expression).</param>
        /// <param name="binderTensor">The shape binder's number of tensor t (for the '...' group's strides).</param>
        public static void EmitBind(CodeWriter w, BoundProgram p, GauntStep step, Func<string, string> size, Func<int, int, string> stride, Func<int, int> binderTensor)
        {
            var operands = Operands(step);
            var leading = step.Leading.ToList();
            bool ellipsis = leading.Contains(IndexNames.Ellipsis);
            string rank = ellipsis ? $"__bind.EllipsisRank + {leading.Count}" : (leading.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            w.Line($"// The rows: every point of [{string.Join(",", leading)}]; x, y and the result with one axis per leading index, the harmonic axis last.");
            w.Line($"int __grank = {rank};");
            w.Line("global::System.Span<nint> __glengths = __grank <= 16 ? stackalloc nint[3 * 16] : new nint[3 * __grank];");
            w.Line("global::System.Span<nint> __gstrides = __grank <= 16 ? stackalloc nint[3 * 16] : new nint[3 * __grank];");
            w.Line("int __ga = 0;");
            // An intermediate stores the group as one dense axis of all its positions: dimension d of the group steps by
            // that axis's stride times the positions of the dimensions after d.
            bool dense = ellipsis && operands.Any(o => IsDenseGroup(p, o));
            if (dense)
            {
                w.Line("global::System.Span<nint> __ginner = __bind.EllipsisRank <= 16 ? stackalloc nint[16] : new nint[__bind.EllipsisRank];");
                w.Line("for (int __d = __bind.EllipsisRank - 1, __gi = 1; __d >= 0; __gi *= (int)__bind.EllipsisSize(__d), __d--) __ginner[__d] = __gi;");
            }
            foreach (var index in leading)
            {
                if (index == IndexNames.Ellipsis)
                {
                    using (w.Block("for (int __d = 0; __d < __bind.EllipsisRank; __d++, __ga++)"))
                    {
                        for (int o = 0; o < 3; o++)
                        {
                            int groupAxis = Array.IndexOf(operands[o].Indices.ToArray(), IndexNames.Ellipsis);
                            string s = groupAxis < 0 ? "0"
                                : IsDenseGroup(p, operands[o]) ? $"{stride(operands[o].Tensor, groupAxis)} * __ginner[__d]"
                                : $"__bind.EllipsisStride({binderTensor(operands[o].Tensor)}, __d)";
                            w.Line($"__glengths[{o} * __grank + __ga] = __bind.EllipsisSize(__d);");
                            w.Line($"__gstrides[{o} * __grank + __ga] = {s};");
                        }
                    }
                    continue;
                }
                for (int o = 0; o < 3; o++)
                {
                    int axis = Array.IndexOf(operands[o].Indices.ToArray(), index);
                    w.Line($"__glengths[{o} * __grank + __ga] = {size(index)};");
                    w.Line($"__gstrides[{o} * __grank + __ga] = {(axis < 0 ? "0" : stride(operands[o].Tensor, axis))};");
                }
                w.Line("__ga++;");
            }
            string[] harmonic = { step.Gaunt.HarmonicX, step.Gaunt.HarmonicY, step.Gaunt.Harmonic };
            for (int o = 0; o < 3; o++)
            {
                string s = stride(operands[o].Tensor, operands[o].Indices.Count - 1);
                w.Line($"nint __gs{Local(o)} = {s};");
                w.Line($"__glengths[{o} * __grank + __grank - 1] = {size(harmonic[o])};");
                w.Line($"__gstrides[{o} * __grank + __grank - 1] = __gs{Local(o)};");
            }
            w.Line($"global::System.Span<nint> __gstate = {Rows}.StateLength(__grank) <= {Rows}.StackStateLength ? stackalloc nint[{Rows}.StackStateLength] : new nint[{Rows}.StateLength(__grank)];");
            string Args(int o) => $"{EinsumSourceWriter.Literal(p.Tensors[operands[o].Tensor].Name)}, __glengths.Slice({o} * __grank, __grank), __gstrides.Slice({o} * __grank, __grank)";
            w.Line($"var __rows = {Rows}.Bind({Args(0)}, {Args(1)}, {Args(2)}, {step.Product.L1}, {step.Product.L2}, {step.Product.LOut}, __gstate);");
        }

        // An intermediate with the '...' group (a backward's helper): a dense buffer, not a tensor of the binder.
        private static bool IsDenseGroup(BoundProgram p, LoadExpr operand)
            => p.Tensors[operand.Tensor].Kind == ProgramTensorKind.Intermediate && operand.Indices.Contains(IndexNames.Ellipsis);

        /// <summary>x, y and the target, as loads.</summary>
        public static LoadExpr[] Operands(GauntStep step) => new[] { step.Gaunt.X, step.Gaunt.Y, new LoadExpr(step.Target, step.Indices) };

        /// <summary>"x", "y", "z": the suffix of operand o's locals.</summary>
        public static string Local(int operand) => operand == 0 ? "x" : operand == 1 ? "y" : "z";
    }
}
