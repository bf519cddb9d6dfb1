using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// The two halves of a loop split across the cores, for every loop that splits its outer rows (a contraction's loop
    /// nest, a program's elementwise loop): the call of <c>LoopParallel.For</c>, which pins up to four tensors and passes
    /// sizes, strides and scalars as <c>nint</c> arguments, and the rows method each thread runs, which reads them back.
    /// </summary>
    internal static class RowsSplitEmitter
    {
        private const string Unsafe = CpuKernelEmitter.Unsafe;

        /// <summary>How many tensors <c>LoopParallel.For</c> pins.</summary>
        public const int MaxTensors = 4;

        /// <summary>The call: rows [0, <paramref name="count"/>) of the method <paramref name="method"/>, over <paramref name="references"/>.</summary>
        public static void EmitCall(CodeWriter w, string elementType, string count, string work, IReadOnlyList<string> references, string method, IEnumerable<string> arguments)
        {
            if (references.Count > MaxTensors) throw new ArgumentException($"LoopParallel.For pins at most {MaxTensors} tensors");
            var refs = references.Select(r => $"ref {Unsafe}.As<{elementType}, byte>(ref {r})").ToList();
            while (refs.Count < MaxTensors) refs.Add($"ref {Unsafe}.NullRef<byte>()");
            w.Line($"global::TensorDsl.Cpu.LoopParallel.For({count}, {work}, {string.Join(", ", refs)}, {method}Body, [{string.Join(", ", arguments)}]);");
        }

        /// <summary>
        /// The rows method <paramref name="method"/> (and the cached delegate the call passes): its tensor references declared
        /// as <paramref name="references"/> from the pinned addresses, then <paramref name="body"/> (rows <c>[__start, __end)</c>,
        /// arguments in <c>__args</c>).
        /// </summary>
        public static void EmitMethod(CodeWriter w, string elementType, string method, string summary, IReadOnlyList<string> references, Action body)
        {
            w.Line($"private static readonly global::TensorDsl.Cpu.LoopBody {method}Body = {method};");
            w.Line();
            w.Line($"/// <summary>{summary}</summary>");
            using (w.Block($"private static void {method}(nint __start, nint __end, global::System.ReadOnlySpan<nint> __addresses, global::System.ReadOnlySpan<nint> __args)"))
            {
                for (int r = 0; r < references.Count; r++)
                {
                    w.Line($"ref {elementType} {references[r]} = ref {Unsafe}.AddByteOffset(ref {Unsafe}.NullRef<{elementType}>(), __addresses[{r}]);");
                }
                body();
            }
        }
    }
}
