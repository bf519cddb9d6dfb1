using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// Runs a contraction's plan in slabs along one output label (<see cref="ExecutionPlan.SlabLabel"/>) when its
    /// intermediates would not fit in cache: <c>nci,ncj,ijk-&gt;nck</c> at n = 1024, c = 16 makes a 16 MB outer product that a
    /// GEMM then reads once, a round trip through memory that costs more than the arithmetic; in slabs of n the outer
    /// product is at most <see cref="SlabBytes"/> and is read back from cache. Below that size the loop runs once.
    /// </summary>
    internal static class SlabEmitter
    {
        /// <summary>The largest intermediate of one slab, in bytes: about a core's L2 (1 MB on this machine's Zen 4).</summary>
        internal const long SlabBytes = 1L << 20;

        /// <param name="w">Writer.</param>
        /// <param name="elementType">float or double.</param>
        /// <param name="plan">The plan.</param>
        /// <param name="label">The slab label (in the output and every intermediate).</param>
        /// <param name="inputs">The operands.</param>
        /// <param name="output">The result.</param>
        /// <param name="size">A label's size.</param>
        /// <param name="body">Writes the plan over the slab's tensors with the slab's sizes.</param>
        public static void Emit(CodeWriter w, string elementType, ExecutionPlan plan, char label, IReadOnlyList<NestTensor> inputs, NestTensor output,
            Func<char, string> size, Action<IReadOnlyList<NestTensor>, NestTensor, Func<char, string>> body)
        {
            string Per(string labels)
            {
                var others = labels.Where(c => c != label).Select(size).ToList();
                return others.Count == 0 ? "1" : string.Join(" * ", others);
            }
            string per = plan.IntermediateLabels.Select(Per).Aggregate((a, b) => $"global::System.Math.Max({a}, {b})");
            int bytes = elementType == "double" ? 8 : 4;
            w.Line($"// In slabs of '{label}': each slab runs the plan on the operands' slices, so the intermediates hold at most");
            w.Line($"// {SlabBytes / 1024} KB and stay in cache instead of a round trip through memory; the slabs are independent ('{label}' is not summed).");
            w.Line($"nint __slabLength = global::System.Math.Max(1, {SlabBytes / bytes} / global::System.Math.Max(1, {per}));");
            using (w.Block($"for (nint __slab = 0; __slab < {size(label)}; __slab += __slabLength)"))
            {
                w.Line($"nint __slabSize = global::System.Math.Min(__slabLength, {size(label)} - __slab);");
                NestTensor Slice(NestTensor t, int k)
                {
                    if (!t.Has(label)) return t;
                    string reference = $"__slab{k}";
                    w.Line($"ref {elementType} {reference} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {t.Reference}, __slab * {t.Stride(label)});");
                    return new NestTensor(reference, t.Labels, t.Stride, t.BinderTensor);
                }
                var slices = inputs.Select(Slice).ToList();
                var result = Slice(output, inputs.Count);
                body(slices, result, c => c == label ? "__slabSize" : size(c));
            }
        }
    }
}
