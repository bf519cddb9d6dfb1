using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Emit.Gaunt
{
    /// <summary>
    /// The ILGPU overload of a <c>[GauntProduct]</c>. A Fourier lowering calls the runtime's device Fourier kernels
    /// (<c>DeviceGauntFourier</c>) after the same checks. A Sparse lowering emits its own kernel: one thread per (output component, row), summing that component's
    /// terms from the compressed coefficient table, which is uploaded once per accelerator and cached
    /// (<c>GauntTables.OnDevice</c>). Work item i is component i / rows of row i % rows, so neighbouring threads share the
    /// component and read the same table entries (a broadcast), and a launch has K3 times more threads than rows (a batch of
    /// 32k rows would fill only a fraction of a large GPU with one thread per row). One kernel shape for every size also keeps
    /// the generated code small; the CPU unrolls instead. Kernel bodies use only primitive arithmetic and <c>ArrayView</c>
    /// indexing.
    /// </summary>
    internal static class GauntGpuEmitter
    {
        // Metadata layout shared by the launcher and the kernel.
        private const int MetaHeader = 10; // count, threads, rows, axes, sx, sy, sz, x offset, y offset, z offset

        /// <summary>
        /// The launch, inside a program step whose <c>__rows</c> and harmonic strides are bound (<see cref="GauntRowsEmitter"/>).
        /// <paramref name="fourier"/>: the condition under which the runtime's device Fourier kernels take the tensors as they
        /// are (null when they cannot: an operand whose axes are not the target's leading axes in order).
        /// </summary>
        public static void EmitLaunch(CodeWriter w, GauntKernel kernel, string device, string x, string y, string z, string? fourier, string step)
        {
            var p = kernel.Product;
            var sparse = kernel.Sparse;
            string P = kernel.Prefix;
            GauntSourceWriter.WritePlanComment(w, kernel);
            System.IDisposable? otherwise = null;
            if (kernel.Plan.Lowering == GauntLowering.Fourier)
            {
                if (fourier is null)
                {
                    w.Line("// The device Fourier kernels take whole tensors with the leading axes in the result's order; these operands are not,");
                    w.Line("// so this step runs the table kernel below (same result up to rounding).");
                }
                else if (fourier == "true")
                {
                    w.Line("// GPU: the runtime's Fourier kernels (TensorDsl.Gpu.Equivariant.DeviceGauntFourier: per tile of rows, the Fourier grids in");
                    w.Line("// shared memory, a direct 2D convolution, the projection back), tables uploaded once per device.");
                    w.Line($"global::TensorDsl.Gpu.Equivariant.DeviceGauntFourier.Product({device}, {p.L1}, {p.L2}, {p.LOut}, {x}, {y}, {z});");
                    return;
                }
                else
                {
                    w.Line("// GPU: the runtime's Fourier kernels (TensorDsl.Gpu.Equivariant.DeviceGauntFourier: per tile of rows, the Fourier grids in");
                    w.Line("// shared memory, a direct 2D convolution, the projection back), tables uploaded once per device; the table kernel when");
                    w.Line("// the operands' ranks differ (NumPy broadcasting over a different number of leading axes).");
                    using (w.Block($"if ({fourier})"))
                    {
                        w.Line($"global::TensorDsl.Gpu.Equivariant.DeviceGauntFourier.Product({device}, {p.L1}, {p.L2}, {p.LOut}, {x}, {y}, {z});");
                    }
                    otherwise = w.Block("else");
                }
            }
            w.Line($"// GPU table kernel: one thread per (output component, row), {sparse.K3} × rows work items, each summing its component's terms from the");
            w.Line("// compressed table (Start, I1, I2, Coefficients), uploaded once per accelerator and cached for the life of the device;");
            w.Line("// neighbouring threads share a component, so they read the same table entries.");
            w.Line($"var (__indices, __coefficients) = global::TensorDsl.Runtime.GauntTables.OnDevice({device}, {P}_Tables.Sparse);");
            w.Line("// Metadata: [0] work items, [1] threads, [2] rows, [3] axes, [4..6] harmonic strides of x, y, z, [7..9] offsets,");
            w.Line("// then per merged leading axis: length and the strides of x, y and z (0 where an operand broadcasts).");
            w.Line($"int __glength = {MetaHeader} + 4 * __rows.Axes;");
            w.Line("global::System.Span<long> __gmeta = __glength <= 64 ? stackalloc long[64] : new long[__glength];");
            w.Line($"long __gcount = (long)__rows.Count * {p.K3};");
            w.Line($"int __gthreads = {device}.ThreadsFor(__gcount);");
            w.Line("__gmeta[0] = __gcount;");
            w.Line("__gmeta[1] = __gthreads;");
            w.Line("__gmeta[2] = __rows.Count;");
            w.Line("__gmeta[3] = __rows.Axes;");
            w.Line("__gmeta[4] = __gsx;");
            w.Line("__gmeta[5] = __gsy;");
            w.Line("__gmeta[6] = __gsz;");
            w.Line($"__gmeta[7] = {x}.Offset;");
            w.Line($"__gmeta[8] = {y}.Offset;");
            w.Line($"__gmeta[9] = {z}.Offset;");
            using (w.Block("for (int __a = 0; __a < __rows.Axes; __a++)"))
            {
                w.Line($"__gmeta[{MetaHeader} + 4 * __a] = __rows.Length(__a);");
                w.Line($"__gmeta[{MetaHeader + 1} + 4 * __a] = __rows.StrideX(__a);");
                w.Line($"__gmeta[{MetaHeader + 2} + 4 * __a] = __rows.StrideY(__a);");
                w.Line($"__gmeta[{MetaHeader + 3} + 4 * __a] = __rows.StrideZ(__a);");
            }
            w.Line($"var __gkernel = {device}.GetOrLoadKernel(typeof({P}_GpuLauncher), static __accelerator =>");
            using (w.Indent())
            {
                w.Line($"__accelerator.LoadAutoGroupedKernel<{P}_GpuLauncher>(typeof({kernel.ContainingType}).GetMethod(nameof({P}_GpuKernel), global::System.Reflection.BindingFlags.NonPublic | global::System.Reflection.BindingFlags.Static)!));");
            }
            w.Line($"{device}.Launch(\"{step}: gaunt table\", __gmeta.Slice(0, __glength), (__stream, __metaView) => __gkernel(__stream, __gthreads, __metaView, {x}.BufferView, {y}.BufferView, {z}.BufferView, __indices.BufferView, __coefficients.BufferView));");
            otherwise?.Dispose();
        }

        /// <summary>The table kernel and its launcher delegate, written after the overload.</summary>
        public static void EmitMembers(CodeWriter w, GauntKernel kernel)
        {
            string T = kernel.T;
            string P = kernel.Prefix;
            string views = $"global::ILGPU.ArrayView<{T}> v_x, global::ILGPU.ArrayView<{T}> v_y, global::ILGPU.ArrayView<{T}> v_z";
            string tableViews = $", global::ILGPU.ArrayView<int> table, global::ILGPU.ArrayView<{T}> coefficients";
            w.Line($"/// <summary>Launches the Gaunt table kernel {P}_GpuKernel; ILGPU builds the launcher from this signature.</summary>");
            w.Line($"private delegate void {P}_GpuLauncher(global::ILGPU.Runtime.AcceleratorStream stream, global::ILGPU.Index1D threads, global::ILGPU.ArrayView<long> meta, {views}{tableViews});");
            w.Line();
            w.Line($"// Kernel: thread t computes the work items t, t + threads, …; item i is output component i / rows of row i % rows.");
            w.Line("// Only primitive arithmetic and ArrayView indexing: ILGPU compiles this method's IL for the accelerator.");
            using (w.Block($"private static void {P}_GpuKernel(global::ILGPU.Index1D index, global::ILGPU.ArrayView<long> meta, {views}{tableViews})"))
            {
                w.Line("long count = meta[0], threads = meta[1], rows = meta[2], axes = meta[3];");
                w.Line("long sx = meta[4], sy = meta[5], sz = meta[6];");
                using (w.Block("for (long item = index.X; item < count; item += threads)"))
                {
                    w.Line("long o = item / rows;");
                    w.Line("long rest = item - o * rows;");
                    w.Line("long ox = meta[7], oy = meta[8], oz = meta[9];");
                    using (w.Block("for (long a = axes - 1; a >= 0; a--)"))
                    {
                        w.Line($"long n = meta[{MetaHeader} + 4 * a];");
                        w.Line("long i = rest % n;");
                        w.Line("rest /= n;");
                        w.Line($"ox += i * meta[{MetaHeader + 1} + 4 * a];");
                        w.Line($"oy += i * meta[{MetaHeader + 2} + 4 * a];");
                        w.Line($"oz += i * meta[{MetaHeader + 3} + 4 * a];");
                    }
                    EmitTableBody(w, T, kernel.Sparse);
                }
            }
        }

        private static void EmitTableBody(CodeWriter w, string T, SparseGauntPlan sparse)
        {
            int i1 = sparse.K3 + 1, i2 = sparse.K3 + 1 + sparse.TermCount;
            w.Line($"// table: [0, {i1}) start of each output's terms, [{i1}, {i2}) I1 of each term, [{i2}, {i2 + sparse.TermCount}) I2 of each term.");
            w.Line($"{T} s = {(T == "float" ? "0f" : "0.0")};");
            w.Line("long end = table[o + 1];");
            using (w.Block("for (long t = table[o]; t < end; t++)"))
            {
                w.Line($"s += coefficients[t] * v_x[ox + table[{i1} + t] * sx] * v_y[oy + table[{i2} + t] * sy];");
            }
            w.Line("v_z[oz + o * sz] = s;");
        }
    }
}
