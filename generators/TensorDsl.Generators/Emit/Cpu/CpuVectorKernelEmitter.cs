using System.Linq;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// Emits the innermost unit-stride loop of a method as a small helper: Vector512, then Vector256, then Vector128,
    /// then scalar for the remainder (the TensorPrimitives cascade; each width is used only when the hardware
    /// accelerates it, and the JIT folds those checks away). Two shapes exist:
    /// <c>_Update</c> (out[j] += p * x0[j] * x1[j] ...) when the innermost index is an output axis (<c>_Set</c>, out[j] = …,
    /// when the nest sums nothing and writes each element once), and
    /// <c>_Dot</c> (sum over j of x0[j] * x1[j] ...) when it is summed.
    /// </summary>
    internal static class CpuVectorKernelEmitter
    {
        private static readonly int[] Widths = { 512, 256, 128 };

        public static void Emit(CodeWriter w, string prefix, string T, int operands, bool summed, bool store = false)
        {
            string U = CpuKernelEmitter.Unsafe;
            string xs = string.Join(", ", Enumerable.Range(0, operands).Select(v => $"ref {T} x{v}, nint ox{v}"));
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
            if (summed)
            {
                w.Line($"// Sum over j < n of {string.Join(" * ", Enumerable.Range(0, operands).Select(v => $"x{v}[j]"))}, all unit stride.");
                using (w.Block($"private static {T} {prefix}_Dot({xs}, nint n)"))
                {
                    w.Line("nint j = 0;");
                    w.Line($"{T} sum = 0;");
                    foreach (int width in Widths)
                    {
                        string V = $"global::System.Runtime.Intrinsics.Vector{width}";
                        using (w.Block($"if ({V}.IsHardwareAccelerated && n - j >= {V}<{T}>.Count)"))
                        {
                            w.Line($"var acc = {V}<{T}>.Zero;");
                            using (w.Block($"for (; j <= n - {V}<{T}>.Count; j += {V}<{T}>.Count)"))
                            {
                                var loads = Enumerable.Range(0, operands).Select(v => $"{V}.LoadUnsafe(ref x{v}, (nuint)(ox{v} + j))").ToList();
                                if (loads.Count == 1)
                                {
                                    w.Line($"acc += {loads[0]};");
                                }
                                else
                                {
                                    string left = string.Join(" * ", loads.Take(loads.Count - 1));
                                    w.Line($"acc = {V}.FusedMultiplyAdd({left}, {loads[loads.Count - 1]}, acc);");
                                }
                            }
                            w.Line($"sum += {V}.Sum(acc);");
                        }
                    }
                    string scalar = string.Join(" * ", Enumerable.Range(0, operands).Select(v => $"{U}.Add(ref x{v}, ox{v} + j)"));
                    w.Line($"for (; j < n; j++) sum += {scalar};");
                    w.Line("return sum;");
                }
            }
            else
            {
                string op = store ? "=" : "+=";
                w.Line($"// out[j] {op} p * {string.Join(" * ", Enumerable.Range(0, operands).Select(v => $"x{v}[j]"))} for j < n, all unit stride.");
                using (w.Block($"private static void {prefix}_{(store ? "Set" : "Update")}(ref {T} o, nint oo, {xs}, {T} p, nint n)"))
                {
                    w.Line("nint j = 0;");
                    foreach (int width in Widths)
                    {
                        string V = $"global::System.Runtime.Intrinsics.Vector{width}";
                        using (w.Block($"if ({V}.IsHardwareAccelerated && n - j >= {V}<{T}>.Count)"))
                        {
                            w.Line($"var vp = {V}.Create(p);");
                            using (w.Block($"for (; j <= n - {V}<{T}>.Count; j += {V}<{T}>.Count)"))
                            {
                                string product = string.Join(" * ", Enumerable.Range(0, operands).Select(v => $"{V}.LoadUnsafe(ref x{v}, (nuint)(ox{v} + j))"));
                                if (store)
                                {
                                    w.Line($"{V}.StoreUnsafe({product} * vp, ref o, (nuint)(oo + j));");
                                }
                                else
                                {
                                    w.Line($"var acc = {V}.LoadUnsafe(ref o, (nuint)(oo + j));");
                                    w.Line($"{V}.StoreUnsafe({V}.FusedMultiplyAdd({product}, vp, acc), ref o, (nuint)(oo + j));");
                                }
                            }
                        }
                    }
                    string scalar = string.Join(" * ", Enumerable.Range(0, operands).Select(v => $"{U}.Add(ref x{v}, ox{v} + j)"));
                    w.Line($"for (; j < n; j++) {U}.Add(ref o, oo + j) {op} p * {scalar};");
                }
            }
        }
    }
}
