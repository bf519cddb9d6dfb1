using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Gpu
{
    /// <summary>
    /// Emits the tiled GPU matrix product of an einsum whose execution plan is a single GEMM step (a matrix product or a
    /// batched one, any grouping of axes, any strides): the launch inside the GPU overload, its launcher delegate and an
    /// explicitly grouped ILGPU kernel with shared-memory tiles and register blocking.
    /// </summary>
    /// <remarks>
    /// <para>Tile scheme: a group of side × side threads (16 × 16 on a GPU) computes a (4·side) × (4·side) tile of C
    /// (64 × 64), each thread a 4 × 4 block of accumulators in registers; the summed range goes through shared memory 16
    /// positions at a time. <c>TensorDsl.Runtime.GpuGemmMetadata</c> picks the side from the accelerator (4 on ILGPU's
    /// default CPU accelerator, whose groups hold 16 threads), so the kernel reads the side from <c>Group.DimX</c>.</para>
    /// <para>Any strides and index groups of several axes are handled by per-call offset tables in the metadata (as the
    /// CPU's GEMM steps do): <c>A[b, m, k] = aBatch[b] + aRows[m] + aSum[k]</c>. The generator only guesses which axis is
    /// contiguous (each operand's last axis, as for a dense tensor) to choose how threads share the copies into shared
    /// memory; any other layout is still correct, just less coalesced.</para>
    /// <para>The per-element kernel of the step (<see cref="Programs.Gpu.GpuProgramBody"/>) stays as the fallback for accelerators whose groups
    /// lack the shared memory of the two tiles, and for index groups too long for offset tables.</para>
    /// </remarks>
    internal static class GpuGemmEmitter
    {
        private const string ArrayView = "global::ILGPU.ArrayView";
        private const string Metadata = "global::TensorDsl.Runtime.GpuGemmMetadata";
        private const int Block = 4;   // GpuGemmMetadata.RegisterBlock
        private const int TileK = 16;  // GpuGemmMetadata.TileK
        private const int Row = 65;    // GpuGemmMetadata.SharedRowLength

        /// <summary>The GEMM step when <paramref name="plan"/> is a single (batched) matrix product; otherwise null.</summary>
        public static PlanStep? SingleGemmStep(ExecutionPlan plan)
        {
            return !plan.IsDirect && plan.Steps.Count == 1 && plan.Steps[0].Kind == StepKind.Gemm ? plan.Steps[0] : null;
        }


        /// <summary>One line naming the index groups, e.g. "rows M = (i), columns N = (k), summed K = (j)".</summary>
        public static string Groups(PlanStep step)
        {
            string G(string labels) => "(" + string.Join(",", labels.ToCharArray()) + ")";
            string groups = $"rows M = {G(step.M)}, columns N = {G(step.N)}, summed K = {G(step.K)}";
            return step.Batch.Length == 0 ? groups : $"batch = {G(step.Batch)}, {groups}";
        }

        /// <summary>
        /// Emits, inside the overload after binding, the tiled launch: it sets <paramref name="tiled"/> (a bool local it
        /// declares) when it ran, and leaves it false when the per-element kernel must run instead.
        /// </summary>
        public static void EmitLaunch(CodeWriter w, GpuGemmSite site, string tiled)
        {
            var step = site.Step;
            string T = site.ElementType;
            string Count(string group) => group.Length == 0 ? "1" : string.Join(" * ", group.Select(l => $"(long){site.Size(l)}"));
            void Table(string table, string start, string group, int tensor)
            {
                string lengths = string.Join(", ", group.Select(site.Size));
                string strides = string.Join(", ", group.Select(l => site.Stride(tensor, l)));
                w.Line($"{Metadata}.Fill(__gemm.{table}, {start}, [{lengths}], [{strides}]);");
            }

            w.Line($"// A {(step.Batch.Length > 0 ? "batched " : "")}matrix product: {Groups(step)}.");
            w.Line($"// The tiled kernel {site.KernelName} runs it unless the accelerator's groups lack shared memory for its tiles or");
            w.Line("// an index group is too long for offset tables; then the one-thread-per-element kernel runs it.");
            w.Line($"bool {tiled} = false;");
            using (w.Block($"using (var __gemm = new {Metadata}({site.Device}, sizeof({T}), {Count(step.Batch)}, {Count(step.M)}, {Count(step.N)}, {Count(step.K)}))"))
            using (w.Block("if (__gemm.IsTiled)"))
            {
                w.Line("// Offset tables, row-major over each group's indices: A[b, m, k] = ABatch[b] + ARows[m] + ASum[k], and so on.");
                Table("ABatch", $"{site.A}.Offset", step.Batch, 0);
                Table("BBatch", $"{site.B}.Offset", step.Batch, 1);
                Table("CBatch", $"{site.C}.Offset", step.Batch, 2);
                Table("ARows", "0", step.M, 0);
                Table("CRows", "0", step.M, 2);
                Table("BColumns", "0", step.N, 1);
                Table("CColumns", "0", step.N, 2);
                Table("ASum", "0", step.K, 0);
                Table("BSum", "0", step.K, 1);
                w.Line("// Loaded (compiled) once per accelerator, cached by the device under this kernel's launcher type.");
                w.Line($"var __gemmKernel = {site.Device}.GetOrLoadKernel(typeof({site.LauncherName}), static accelerator =>");
                using (w.Indent())
                {
                    w.Line($"accelerator.LoadKernel<{site.LauncherName}>(typeof({site.ContainingType}).GetMethod(nameof({site.KernelName}), global::System.Reflection.BindingFlags.NonPublic | global::System.Reflection.BindingFlags.Static)!));");
                }
                w.Line("var __config = __gemm.Config;");
                w.Line($"{site.Device}.Launch(__gemm.Metadata, (__stream, __metaView) => __gemmKernel(__stream, __config, __metaView, {site.A}.BufferView, {site.B}.BufferView, {site.C}.BufferView));");
                w.Line($"{tiled} = true;");
            }
        }

        public static void EmitLauncherDelegate(CodeWriter w, GpuGemmSite site)
        {
            string T = site.ElementType;
            w.Line($"/// <summary>Launches {site.KernelName} on a stream with an explicit grid and group shape; ILGPU builds the launcher from this signature.</summary>");
            w.Line($"private delegate void {site.LauncherName}(global::ILGPU.Runtime.AcceleratorStream stream, global::ILGPU.KernelConfig config, {ArrayView}<long> meta, {ArrayView}<{T}> vA, {ArrayView}<{T}> vB, {ArrayView}<{T}> vC);");
        }

        public static void EmitKernel(CodeWriter w, GpuGemmSite site)
        {
            var step = site.Step;
            string T = site.ElementType;
            const string va = "vA", vb = "vB", vc = "vC";
            string store = site.Accumulate ? "+=" : "=";
            string batchIndex = step.Batch.Length == 0 ? "" : "b, ";
            string sumText = step.Batch.Length == 0 ? "C[m, n] = Σ_k A[m, k] · B[k, n]" : "C[b, m, n] = Σ_k A[b, m, k] · B[b, k, n]";

            // Each operand's last axis is contiguous in a dense tensor: threads that copy it take consecutive positions of
            // the group it belongs to, so their reads coalesce.
            bool aRowsFast = step.M.IndexOf(site.ALast) >= 0;
            bool bColumnsFast = step.N.IndexOf(site.BLast) >= 0;

            w.Line($"// The tiled ILGPU kernel of \"{site.SpecText}\", the matrix product {sumText}");
            w.Line($"// with {Groups(step)}.");
            w.Line("// Tile scheme: a group of side × side threads (16 × 16 on a GPU; fewer where the accelerator's groups are smaller)");
            w.Line($"// computes a T × T tile of C, T = {Block}·side (64 × 64){(step.Batch.Length > 0 ? ", at one batch position" : "")}. Thread (tx, ty) keeps a {Block} × {Block} block of accumulators in");
            w.Line($"// registers: rows ty + side·r and columns tx + side·c of the tile (r, c = 0…{Block - 1}), so that neighbouring threads read");
            w.Line("// neighbouring shared-memory words and write neighbouring columns of C.");
            w.Line($"// The summed range is walked {TileK} positions at a time: the group copies the T × {TileK} slice of A and the {TileK} × T slice of B");
            w.Line("// into shared memory (each thread a few elements, zeros outside the matrices, so edge tiles need no other care), waits");
            w.Line($"// at a barrier, adds the {TileK} products into its register block from shared memory, and waits again before the next copy.");
            w.Line("// Addresses come from the offset tables in meta (any grouping of axes, any strides): A[b, m, k] = aBatch[b] + aRows[m]");
            w.Line("// + aSum[k], and likewise for B and C. Groups take tiles in a grid-stride loop (batch, then row tiles, column tiles fastest).");
            w.Line("// Only primitive arithmetic, ArrayView indexing, SharedMemory and Group/Grid intrinsics: ILGPU compiles this method's IL.");
            using (w.Block($"private static void {site.KernelName}({ArrayView}<long> meta, {ArrayView}<{T}> vA, {ArrayView}<{T}> vB, {ArrayView}<{T}> vC)"))
            {
                w.Line("// Sizes, and where each offset table starts in meta (the layout of TensorDsl.Runtime.GpuGemmMetadata).");
                w.Line("long batch = meta[0], tilesM = meta[4], tilesN = meta[5], tiles = meta[6];");
                w.Line("int rows = (int)meta[1], columns = (int)meta[2], sum = (int)meta[3], tileShift = (int)meta[7];");
                w.Line("long aBatch = 8, bBatch = aBatch + batch, cBatch = bBatch + batch;");
                w.Line("long aRows = cBatch + batch, cRows = aRows + rows, bColumns = cRows + rows, cColumns = bColumns + columns;");
                w.Line("long aSum = cColumns + columns, bSum = aSum + sum;");
                w.Line();
                w.Line($"// The shared slices, summed position first, each row padded to {Row} words (no bank conflicts when threads store a column):");
                w.Line($"// tileA[kk * {Row} + mm] = A[{batchIndex}m0 + mm, k0 + kk] and tileB[kk * {Row} + nn] = B[{batchIndex}k0 + kk, n0 + nn].");
                w.Line($"var tileA = global::ILGPU.SharedMemory.Allocate1D<{T}>({TileK} * {Row});");
                w.Line($"var tileB = global::ILGPU.SharedMemory.Allocate1D<{T}>({TileK} * {Row});");
                w.Line();
                w.Line("int side = global::ILGPU.Group.DimX, tx = global::ILGPU.Group.IdxX, ty = global::ILGPU.Group.IdxY;");
                w.Line("int thread = ty * side + tx, threads = side * side;");
                w.Line($"int tile = {Block} * side; // T, a power of two: tile == 1 << tileShift");
                w.Line("long tilesPerBatch = tilesM * tilesN;");
                using (w.Block("for (long t = global::ILGPU.Grid.IdxX; t < tiles; t += global::ILGPU.Grid.DimX)"))
                {
                    w.Line("// This group's tile: batch position b, rows m0 … m0 + T − 1, columns n0 … n0 + T − 1.");
                    w.Line("long b = t / tilesPerBatch, inBatch = t - b * tilesPerBatch;");
                    w.Line("long tileRow = inBatch / tilesN;");
                    w.Line("int m0 = (int)tileRow * tile, n0 = (int)(inBatch - tileRow * tilesN) * tile;");
                    w.Line("long baseA = meta[aBatch + b], baseB = meta[bBatch + b], baseC = meta[cBatch + b];");
                    w.Line();
                    w.Line($"// The register block: c{{r}}_{{c}} accumulates C[{batchIndex}m0 + ty + side·r, n0 + tx + side·c].");
                    for (int r = 0; r < Block; r++)
                    {
                        w.Line($"{T} " + string.Join(", ", Enumerable.Range(0, Block).Select(col => $"c{r}_{col} = 0")) + ";");
                    }
                    using (w.Block($"for (int k0 = 0; k0 < sum; k0 += {TileK})"))
                    {
                        string aAxis = aRowsFast ? "rows" : "summed positions";
                        w.Line($"// Copy A's slice; consecutive threads take consecutive {aAxis} ({site.ALast}, A's last axis, is usually contiguous).");
                        using (w.Block($"for (int e = thread; e < tile * {TileK}; e += threads)"))
                        {
                            w.Line(aRowsFast ? "int mm = e & (tile - 1), kk = e >> tileShift;" : $"int kk = e & {TileK - 1}, mm = e >> {Log2(TileK)};");
                            w.Line("int m = m0 + mm, k = k0 + kk;");
                            w.Line($"tileA[kk * {Row} + mm] = m < rows && k < sum ? {va}[baseA + meta[aRows + m] + meta[aSum + k]] : 0;");
                        }
                        string bAxis = bColumnsFast ? "columns" : "summed positions";
                        w.Line($"// Copy B's slice; consecutive threads take consecutive {bAxis} ({site.BLast}, B's last axis, is usually contiguous).");
                        using (w.Block($"for (int e = thread; e < tile * {TileK}; e += threads)"))
                        {
                            w.Line(bColumnsFast ? "int nn = e & (tile - 1), kk = e >> tileShift;" : $"int kk = e & {TileK - 1}, nn = e >> {Log2(TileK)};");
                            w.Line("int n = n0 + nn, k = k0 + kk;");
                            w.Line($"tileB[kk * {Row} + nn] = n < columns && k < sum ? {vb}[baseB + meta[bSum + k] + meta[bColumns + n]] : 0;");
                        }
                        w.Line("global::ILGPU.Group.Barrier();");
                        w.Line();
                        w.Line($"// {TileK} rank-1 updates of the register block: {Block} values of A's column and {Block} of B's row per position.");
                        using (w.Block($"for (int kk = 0; kk < {TileK}; kk++)"))
                        {
                            w.Line($"int at = kk * {Row};");
                            w.Line($"{T} " + string.Join(", ", Enumerable.Range(0, Block).Select(r => $"a{r} = tileA[at + ty{Times(r)}]")) + ";");
                            w.Line($"{T} " + string.Join(", ", Enumerable.Range(0, Block).Select(col => $"b{col} = tileB[at + tx{Times(col)}]")) + ";");
                            for (int r = 0; r < Block; r++)
                            {
                                w.Line(string.Join(" ", Enumerable.Range(0, Block).Select(col => $"c{r}_{col} += a{r} * b{col};")));
                            }
                        }
                        w.Line("// Everyone is done reading the slices before the next copy overwrites them.");
                        w.Line("global::ILGPU.Group.Barrier();");
                    }
                    w.Line();
                    w.Line($"// {(site.Accumulate ? "Add" : "Store")} the register block{(site.Accumulate ? " into C (Accumulate = true)" : "")}, the elements inside C only.");
                    w.Line("int " + string.Join(", ", Enumerable.Range(0, Block).Select(col => $"col{col} = n0 + tx{Times(col)}")) + ";");
                    for (int col = 0; col < Block; col++)
                    {
                        w.Line($"long colOffset{col} = col{col} < columns ? meta[cColumns + col{col}] : 0;");
                    }
                    for (int r = 0; r < Block; r++)
                    {
                        w.Line($"int row{r} = m0 + ty{Times(r)};");
                        using (w.Block($"if (row{r} < rows)"))
                        {
                            w.Line($"long rowOffset{r} = baseC + meta[cRows + row{r}];");
                            for (int col = 0; col < Block; col++)
                            {
                                w.Line($"if (col{col} < columns) {vc}[rowOffset{r} + colOffset{col}] {store} c{r}_{col};");
                            }
                        }
                    }
                }
            }
        }

        // " + side * k" for k > 0: the k-th row or column of a thread's register block.
        private static string Times(int k) => k switch { 0 => "", 1 => " + side", _ => $" + {k} * side" };

        private static int Log2(int powerOfTwo)
        {
            int log = 0;
            while ((1 << log) < powerOfTwo) log++;
            return log;
        }
    }
}
