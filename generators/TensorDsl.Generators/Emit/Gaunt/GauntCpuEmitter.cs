using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Emit.Gaunt
{
    /// <summary>
    /// The CPU implementation of a Sparse <c>[GauntProduct]</c>. Rows (leading indices) are processed in blocks of V, the lane
    /// count of a vector: the block's x and y components are copied into a buffer with one vector per component (a small
    /// transpose: lane v holds row v), the sum is computed on whole vectors, and the z vectors are copied back to the rows.
    /// The copy uses the operands' strides, so strided, transposed and broadcast inputs take the same vector path as dense
    /// ones. Two widths: <c>Vector512</c> where it is accelerated, else <c>Vector&lt;T&gt;</c> (256 bits with AVX2, 128 with
    /// NEON; software elsewhere). The sums are emitted once, as methods generic over the lane type (<c>IGauntLanes</c>), which
    /// halves the generated code against one copy per width.
    /// </summary>
    internal static class GauntCpuEmitter
    {
        /// <summary>Unrolled terms per helper method: keeps each method far below the JIT's limits for optimizing a method.</summary>
        internal const int TermsPerPart = 256;

        // Run, Part and Table methods are [AggressiveOptimization]: compiled optimized on first call (no tier-0 pass), since
        // they are hot from the first call on.

        /// <summary>Above this many buffered components (K1 + K2 + K3) the block buffer is pooled instead of on the stack.</summary>
        internal const int StackComponents = 512;

        private const string U = "global::System.Runtime.CompilerServices.Unsafe";
        private const string Mm = "global::System.Runtime.InteropServices.MemoryMarshal";
        private const string Rows = "global::TensorDsl.Runtime.GauntRows";

        /// <summary>GauntParallel.WorkPerThread, for the comment (the generator does not reference the runtime).</summary>
        private const double WorkPerThreadText = 1 << 18;

        /// <summary>
        /// The call of the kernel, inside a program step whose locals hold the bound rows (<c>__rows</c>) and the references and
        /// harmonic strides of the operands (<c>__gx</c>, <c>__gsx</c>, <c>__gy</c>, <c>__gsy</c>, <c>__gz</c>, <c>__gsz</c>), with a comment that
        /// says what it computes and how.
        /// </summary>
        public static void EmitCall(CodeWriter w, GauntKernel kernel)
        {
            var p = kernel.Product;
            var sparse = kernel.Sparse;
            string T = kernel.T;
            GauntSourceWriter.WritePlanComment(w, kernel);
            int components = p.K1 + p.K2 + p.K3;
            if (kernel.Plan.Lowering == GauntLowering.Fourier)
            {
                int p2 = p.L1 + p.L2;
                w.Line($"// Fourier method (Luo et al. 2024): each row's x and y become exact 2D Fourier grids ({2 * p.L1 + 1}² and {2 * p.L2 + 1}² modes),");
                w.Line($"// their product is a 2D convolution (degree {p2}), projected back onto degrees ≤ {p.LOut}; O(L³) per row against the");
                w.Line($"// {sparse.TermCount} terms of the sparse sum. Runs in TensorDsl.Equivariant.GauntFourier (convolution: GauntFourier.Choose({p.L1}, {p.L2}, {p.LOut}),");
                w.Line("// tables cached per degree triple), vectorized across rows (structure of arrays) and split over the worker pool for large calls.");
                w.Line($"global::TensorDsl.Equivariant.GauntFourier.ProductRows<{T}>({p.L1}, {p.L2}, {p.LOut}, ref __rows, ref __gx, __gsx, ref __gy, __gsy, ref __gz, __gsz);");
                return;
            }
            if (sparse.Unrolled)
            {
                w.Line("// The sum is unrolled, one accumulation per output component (up to 4 interleaved partial sums for long ones);");
                w.Line("// coefficients are round-trip (\"R\") literals, each commented with its G(l1,m1; l2,m2; l3,m3).");
            }
            else
            {
                w.Line($"// {sparse.TermCount} terms > {SparseGauntPlan.UnrollLimit}: not unrolled; a loop over static readonly tables (Start, I1, I2, Coefficients per output");
                w.Line("// component), built once at first use by GauntTables.Sparse from the same planner and coefficient function as the generator.");
            }
            w.Line($"// Vectorized across rows: a block of V rows (V = {(T == "double" ? 8 : 16)} with Vector512, else Vector<{T}>.Count) is copied into {components} vectors, one per");
            w.Line("// component of x, y and z with lane v holding row v (a small transpose through the operands' strides, so strided and");
            w.Line("// broadcast layouts take this path too); each term is then one multiply and one fused multiply-add on V rows at once.");
            w.Line($"// Work per row: {sparse.TermCount} terms + {components} copied components; above about {(int)WorkPerThreadText} units per thread the rows are");
            w.Line("// split over the runtime's worker pool (GauntParallel), each thread walking its own share in blocks of V.");
            w.Line($"global::TensorDsl.Runtime.GauntParallel.Run<{kernel.Prefix}_Kernel, {T}>(ref __rows, ref __gx, __gsx, ref __gy, __gsy, ref __gz, __gsz, {sparse.TermCount + components});");
        }

        /// <summary>The kernel's members, written after the program's method: the coefficient table (which the GPU reads too) and, for the Sparse lowering, the vectorized row loop.</summary>
        public static void EmitHelpers(CodeWriter w, GauntKernel kernel)
        {
            var sparse = kernel.Sparse;
            EmitTables(w, kernel, cpuUsesTable: kernel.Plan.Lowering == GauntLowering.Sparse && !sparse.Unrolled);
            if (kernel.Plan.Lowering == GauntLowering.Fourier) return;
            string T = kernel.T;
            string P = kernel.Prefix;
            string suffix = T == "double" ? "Double" : "Single";
            w.Line();
            w.Line("/// <summary>The row loop at the vector width the hardware runs: what each thread of a call executes on its share of the rows.</summary>");
            using (w.Block($"private readonly struct {P}_Kernel : global::TensorDsl.Runtime.IGauntRowKernel<{T}>"))
            {
                w.Line("/// <inheritdoc/>");
                using (w.Block($"public static void Run(ref {Rows} rows, ref {T} x, nint sx, ref {T} y, nint sy, ref {T} z, nint sz)"))
                {
                    w.Line($"if (global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated && global::TensorDsl.Runtime.GauntProductOptions.UseVector512)");
                    using (w.Indent()) w.Line($"{P}_Run<global::TensorDsl.Runtime.GauntLanes512{suffix}, global::System.Runtime.Intrinsics.Vector512<{T}>>(ref rows, ref x, sx, ref y, sy, ref z, sz);");
                    w.Line("else");
                    using (w.Indent()) w.Line($"{P}_Run<global::TensorDsl.Runtime.GauntLanes{suffix}, global::System.Numerics.Vector<{T}>>(ref rows, ref x, sx, ref y, sy, ref z, sz);");
                }
            }

            var parts = Parts(sparse);
            w.Line();
            EmitRun(w, kernel, parts.Count);
            if (sparse.Unrolled)
            {
                for (int k = 0; k < parts.Count; k++)
                {
                    w.Line();
                    EmitPart(w, kernel, k, parts[k]);
                }
            }
            else
            {
                w.Line();
                EmitTableLoop(w, kernel);
            }
        }

        /// <summary>The class holding the compressed coefficient table, built on first use (the GPU kernel reads it at every size).</summary>
        private static void EmitTables(CodeWriter w, GauntKernel kernel, bool cpuUsesTable)
        {
            var p = kernel.Product;
            var sparse = kernel.Sparse;
            string T = p.ElementKeyword;
            w.Line($"/// <summary>The compressed coefficient table ({sparse.TermCount} terms), built on first use (by the first GPU call{(cpuUsesTable ? " or CPU call" : "")}).</summary>");
            using (w.Block($"private static class {kernel.Prefix}_Tables"))
            {
                w.Line($"public static readonly global::TensorDsl.Runtime.GauntSparseTable<{T}> Sparse = global::TensorDsl.Runtime.GauntTables.Sparse<{T}>({p.L1}, {p.L2}, {p.LOut}, {sparse.TermCount});");
            }
        }

        /// <summary>Output components split into runs of about <see cref="TermsPerPart"/> terms (an output is never split).</summary>
        private static List<List<GauntOutputTerms>> Parts(SparseGauntPlan sparse)
        {
            var parts = new List<List<GauntOutputTerms>>();
            var current = new List<GauntOutputTerms>();
            int terms = 0;
            foreach (var output in sparse.Outputs)
            {
                if (current.Count > 0 && terms + output.Terms.Count > TermsPerPart)
                {
                    parts.Add(current);
                    current = new List<GauntOutputTerms>();
                    terms = 0;
                }
                current.Add(output);
                terms += output.Terms.Count;
            }
            if (current.Count > 0) parts.Add(current);
            return parts;
        }

        /// <summary>
        /// The constraints of the generated generic helpers. Their type parameters are named <c>__TLanes</c> and
        /// <c>__TVector</c> so that they cannot repeat a type parameter of a generic containing type (CS0693).
        /// </summary>
        private static string Constraints(string T)
            => $"where __TLanes : struct, global::TensorDsl.Runtime.IGauntLanes<__TVector, {T}> where __TVector : unmanaged";

        private static void EmitRun(CodeWriter w, GauntKernel kernel, int parts)
        {
            var sparse = kernel.Sparse;
            string T = kernel.T;
            string P = kernel.Prefix;
            int k1 = sparse.K1, k2 = sparse.K2, k3 = sparse.K3, total = k1 + k2 + k3;
            bool pooled = total > StackComponents;
            w.Line("/// <summary>All rows in blocks of __TLanes.Count: copy the block's x and y into one vector per component, compute, copy z back.</summary>");
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
            using (w.Block($"private static void {P}_Run<__TLanes, __TVector>(ref {Rows} rows, ref {T} x, nint sx, ref {T} y, nint sy, ref {T} z, nint sz) {Constraints(T)}"))
            {
                w.Line("int V = __TLanes.Count;");
                System.IDisposable? tryScope = null;
                if (pooled)
                {
                    w.Line($"// {total} vectors: too many for the stack, so the block buffer is pooled.");
                    w.Line($"__TVector[] rented = global::System.Buffers.ArrayPool<__TVector>.Shared.Rent({total});");
                    tryScope = w.Block("try");
                }
                string alloc = pooled ? $"new global::System.Span<__TVector>(rented, 0, {total})" : $"stackalloc __TVector[{total}]";
                w.Line($"// Vectors 0..{k1 - 1}: x components; {k1}..{k1 + k2 - 1}: y; {k1 + k2}..{total - 1}: z. Lane v of each belongs to row v of the block.");
                w.Line($"global::System.Span<__TVector> block = {alloc};");
                w.Line($"ref {T} lanes = ref {Mm}.GetReference({Mm}.Cast<__TVector, {T}>(block));");
                w.Line($"global::System.ReadOnlySpan<__TVector> bx = block.Slice(0, {k1}), by = block.Slice({k1}, {k2});");
                w.Line($"global::System.Span<__TVector> bz = block.Slice({k1 + k2}, {k3});");
                w.Line("global::System.Span<nint> rowZ = stackalloc nint[V];");
                using (w.Block("for (nint first = 0; first < rows.Count; first += V)"))
                {
                    w.Line("int n = (int)global::System.Math.Min((nint)V, rows.Count - first);");
                    using (w.Block("for (int v = 0; v < n; v++)"))
                    {
                        w.Line("rows.Next(out nint ox, out nint oy, out nint oz);");
                        w.Line("rowZ[v] = oz;");
                        w.Line($"{Rows}.Copy(ref {U}.Add(ref x, ox), sx, ref {U}.Add(ref lanes, v), V, {k1});");
                        w.Line($"{Rows}.Copy(ref {U}.Add(ref y, oy), sy, ref {U}.Add(ref lanes, {k1} * V + v), V, {k2});");
                    }
                    if (sparse.Unrolled)
                    {
                        for (int k = 0; k < parts; k++) w.Line($"{P}_Part{k}<__TLanes, __TVector>(bx, by, bz);");
                    }
                    else
                    {
                        w.Line($"{P}_Table<__TLanes, __TVector>(bx, by, bz);");
                    }
                    using (w.Block("for (int v = 0; v < n; v++)"))
                    {
                        w.Line($"{Rows}.Copy(ref {U}.Add(ref lanes, {k1 + k2} * V + v), V, ref {U}.Add(ref z, rowZ[v]), sz, {k3});");
                    }
                }
                if (tryScope is not null)
                {
                    tryScope.Dispose();
                    using (w.Block("finally")) w.Line("global::System.Buffers.ArrayPool<__TVector>.Shared.Return(rented);");
                }
            }
        }

        private static void EmitPart(CodeWriter w, GauntKernel kernel, int index, List<GauntOutputTerms> outputs)
        {
            var sparse = kernel.Sparse;
            string T = kernel.T;
            bool isFloat = T == "float";
            int terms = outputs.Sum(o => o.Terms.Count);
            var first = outputs[0];
            var last = outputs[outputs.Count - 1];
            w.Line($"// z[{first.Index}..{last.Index}] (l3 = {first.L}{(last.L != first.L ? "…" + last.L : "")}): {terms} terms, each on a whole vector of rows.");
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
            using (w.Block($"private static void {kernel.Prefix}_Part{index}<__TLanes, __TVector>(global::System.ReadOnlySpan<__TVector> x, global::System.ReadOnlySpan<__TVector> y, global::System.Span<__TVector> z) {Constraints(T)}"))
            {
                w.Line("// One length check up front lets the JIT drop the bounds checks of the constant indices below.");
                w.Line($"if (x.Length < {sparse.K1} || y.Length < {sparse.K2} || z.Length < {last.Index + 1}) throw new global::System.ArgumentException(\"block too small\");");
                int maxSums = outputs.Max(o => Accumulators(o.Terms.Count));
                w.Line($"__TVector {string.Join(", ", Enumerable.Range(0, maxSums).Select(a => "s" + a))};");
                foreach (var output in outputs)
                {
                    int sums = Accumulators(output.Terms.Count);
                    w.Line($"// z[{output.Index}]: l3 = {output.L}, m3 = {output.M} ({output.Terms.Count} term{(output.Terms.Count == 1 ? "" : "s")}{(sums > 1 ? $", {sums} interleaved partial sums" : "")})");
                    if (output.Terms.Count == 0)
                    {
                        w.Line($"z[{output.Index}] = __TLanes.Zero;");
                        continue;
                    }
                    for (int t = 0; t < output.Terms.Count; t++)
                    {
                        var e = output.Terms[t];
                        string c = GauntSourceWriter.Literal(e.Value, isFloat);
                        string sum = "s" + (t % sums);
                        string line = t < sums
                            ? $"{sum} = __TLanes.Multiply(x[{e.I1}], {c}, y[{e.I2}]);"
                            : $"{sum} = __TLanes.MultiplyAdd(x[{e.I1}], {c}, y[{e.I2}], {sum});";
                        w.Line($"{line} // {GauntSourceWriter.Describe(e)}");
                    }
                    string total = sums switch
                    {
                        1 => "s0",
                        2 => "__TLanes.Add(s0, s1)",
                        _ => "__TLanes.Add(__TLanes.Add(s0, s1), __TLanes.Add(s2, s3))",
                    };
                    w.Line($"z[{output.Index}] = {total};");
                }
            }
        }

        /// <summary>
        /// Independent partial sums for an output of <paramref name="terms"/> terms: one fused multiply-add chain waits about
        /// four cycles per term, so long sums are split over interleaved accumulators and added at the end.
        /// </summary>
        internal static int Accumulators(int terms) => terms >= 16 ? 4 : terms >= 4 ? 2 : 1;

        private static void EmitTableLoop(CodeWriter w, GauntKernel kernel)
        {
            var sparse = kernel.Sparse;
            string T = kernel.T;
            w.Line("// Every output component: the sum over its terms in the compressed table, each term on a whole vector of rows.");
            w.Line("// The table's indices are below K1 and K2 by construction (GauntTables checks them), so after the length check below");
            w.Line("// the loop reads through refs without per-term bounds checks.");
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
            using (w.Block($"private static void {kernel.Prefix}_Table<__TLanes, __TVector>(global::System.ReadOnlySpan<__TVector> x, global::System.ReadOnlySpan<__TVector> y, global::System.Span<__TVector> z) {Constraints(T)}"))
            {
                w.Line($"var table = {kernel.Prefix}_Tables.Sparse;");
                w.Line($"if (x.Length < {sparse.K1} || y.Length < {sparse.K2} || z.Length < {sparse.K3} || table.Count != {sparse.TermCount}) throw new global::System.ArgumentException(\"block too small\");");
                w.Line($"ref int start = ref {Mm}.GetArrayDataReference(table.Start);");
                w.Line($"ref int i1 = ref {Mm}.GetArrayDataReference(table.I1);");
                w.Line($"ref int i2 = ref {Mm}.GetArrayDataReference(table.I2);");
                w.Line($"ref {T} c = ref {Mm}.GetArrayDataReference(table.Coefficients);");
                w.Line($"ref __TVector bx = ref {Mm}.GetReference(x);");
                w.Line($"ref __TVector by = ref {Mm}.GetReference(y);");
                using (w.Block($"for (int o = 0; o < {sparse.K3}; o++)"))
                {
                    w.Line("// Two interleaved partial sums: one fused multiply-add chain would wait about four cycles per term.");
                    w.Line("__TVector s0 = __TLanes.Zero, s1 = __TLanes.Zero;");
                    w.Line($"int t = {U}.Add(ref start, o), end = {U}.Add(ref start, o + 1);");
                    using (w.Block("for (; t + 1 < end; t += 2)"))
                    {
                        w.Line($"s0 = __TLanes.MultiplyAdd({U}.Add(ref bx, {U}.Add(ref i1, t)), {U}.Add(ref c, t), {U}.Add(ref by, {U}.Add(ref i2, t)), s0);");
                        w.Line($"s1 = __TLanes.MultiplyAdd({U}.Add(ref bx, {U}.Add(ref i1, t + 1)), {U}.Add(ref c, t + 1), {U}.Add(ref by, {U}.Add(ref i2, t + 1)), s1);");
                    }
                    w.Line($"if (t < end) s0 = __TLanes.MultiplyAdd({U}.Add(ref bx, {U}.Add(ref i1, t)), {U}.Add(ref c, t), {U}.Add(ref by, {U}.Add(ref i2, t)), s0);");
                    w.Line("z[o] = __TLanes.Add(s0, s1);");
                }
            }
        }
    }
}
