using System.Linq;
using TensorDsl.Generators.Models;
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
        private const string Rows = "global::TensorDsl.Runtime.GauntRows";

        // Metadata layout shared by the launcher and the kernel.
        private const int MetaHeader = 10; // count, threads, rows, axes, sx, sy, sz, x offset, y offset, z offset

        public static void Emit(CodeWriter w, GauntMethodModel model, GauntProductPlan plan, SparseGauntPlan sparse)
        {
            var p = model.Product;
            string T = p.ElementKeyword;
            string P = model.MemberPrefix;
            string x = model.Parameters[0].Name, y = model.Parameters[1].Name, z = model.Parameters[2].Name;
            string device = model.Parameters.Any(q => q.Name == "device") ? "device_" : "device";

            GauntSourceWriter.WritePlanComment(w, model, plan, sparse, "GPU");
            if (plan.Lowering == GauntLowering.Fourier)
            {
                EmitFourier(w, model, device);
                return;
            }
            w.Line($"//    GPU kernel: one thread per (output component, row), {sparse.K3} × rows work items, each summing its component's terms from the");
            w.Line("//    compressed table (Start, I1, I2, Coefficients), uploaded once per accelerator and cached for the life of the device;");
            w.Line("//    neighbouring threads share a component, so they read the same table entries");
            WriteSignature(w, model, device);
            using (w.Block($"{model.Declaration.OverloadModifiers} void {model.MethodName}(global::TensorDsl.TensorDevice {device}, global::TensorDsl.DeviceTensor<{T}> {x}, global::TensorDsl.DeviceTensor<{T}> {y}, global::TensorDsl.DeviceTensor<{T}> {z})"))
            {
                EmitChecks(w, model, device);
                w.Line($"var (__indices, __coefficients) = global::TensorDsl.Runtime.GauntTables.OnDevice({device}, {P}_Tables.Sparse);");
                w.Line($"// Metadata: [0] threads' work items, [1] threads, [2] rows, [3] axes, [4..6] harmonic strides of x, y, z, [7..9] offsets,");
                w.Line("// then per merged leading axis: length and the strides of x, y and z (0 where an operand broadcasts).");
                w.Line($"int __length = {MetaHeader} + 4 * __rows.Axes;");
                w.Line("global::System.Span<long> __meta = __length <= 64 ? stackalloc long[64] : new long[__length];");
                w.Line($"long __count = (long)__rows.Count{$" * {p.K3}"};");
                w.Line("int __threads = (int)global::System.Math.Min(__count, 1L << 20);");
                w.Line("__meta[0] = __count;");
                w.Line("__meta[1] = __threads;");
                w.Line("__meta[2] = __rows.Count;");
                w.Line("__meta[3] = __rows.Axes;");
                w.Line($"__meta[4] = {x}.Strides[{x}.Rank - 1];");
                w.Line($"__meta[5] = {y}.Strides[{y}.Rank - 1];");
                w.Line($"__meta[6] = {z}.Strides[{z}.Rank - 1];");
                w.Line($"__meta[7] = {x}.Offset;");
                w.Line($"__meta[8] = {y}.Offset;");
                w.Line($"__meta[9] = {z}.Offset;");
                using (w.Block("for (int __a = 0; __a < __rows.Axes; __a++)"))
                {
                    w.Line($"__meta[{MetaHeader} + 4 * __a] = __rows.Length(__a);");
                    w.Line($"__meta[{MetaHeader + 1} + 4 * __a] = __rows.StrideX(__a);");
                    w.Line($"__meta[{MetaHeader + 2} + 4 * __a] = __rows.StrideY(__a);");
                    w.Line($"__meta[{MetaHeader + 3} + 4 * __a] = __rows.StrideZ(__a);");
                }
                string containing = model.Declaration.ContainingTypeReference;
                w.Line($"var __kernel = {device}.GetOrLoadKernel(typeof({P}_GpuLauncher), static __accelerator =>");
                using (w.Indent())
                {
                    w.Line($"__accelerator.LoadAutoGroupedKernel<{P}_GpuLauncher>(typeof({containing}).GetMethod(nameof({P}_GpuKernel), global::System.Reflection.BindingFlags.NonPublic | global::System.Reflection.BindingFlags.Static)!));");
                }
                const string tables = ", __indices.BufferView, __coefficients.BufferView";
                w.Line($"{device}.Launch(__meta.Slice(0, __length), (__stream, __metaView) => __kernel(__stream, __threads, __metaView, {x}.BufferView, {y}.BufferView, {z}.BufferView{tables}));");
            }

            string views = $"global::ILGPU.ArrayView<{T}> v_x, global::ILGPU.ArrayView<{T}> v_y, global::ILGPU.ArrayView<{T}> v_z";
            string tableViews = $", global::ILGPU.ArrayView<int> table, global::ILGPU.ArrayView<{T}> coefficients";
            w.Line();
            w.Line($"/// <summary>Launches the kernel of <c>{model.MethodName}</c>; ILGPU builds the launcher from this signature.</summary>");
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
                    EmitTableBody(w, T, sparse);
                }
            }
        }

        /// <summary>The overload's XML documentation.</summary>
        private static void WriteSignature(CodeWriter w, GauntMethodModel model, string device)
        {
            w.Line($"/// <summary>Computes the Gaunt product of <c>{model.MethodName}</c> on <paramref name=\"{device}\"/> with an ILGPU kernel (see the comment above).</summary>");
            w.Line($"/// <param name=\"{device}\">The accelerator that runs the kernel; every tensor must live on it.</param>");
            foreach (var q in model.Parameters) w.Line($"/// <param name=\"{q.Name.TrimStart('@')}\">As in the CPU overload.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">A shape does not fit, or a tensor lives on another device. Nothing is written. (A z that shares a buffer with x or y is computed into a temporary and copied.)</exception>");
        }

        /// <summary>
        /// The overload's checks, shared by both lowerings: device and aliasing, then every shape through GauntRows.Bind (the
        /// CPU kernels' messages); returns early for an empty output. Leaves <c>__rows</c> bound.
        /// </summary>
        private static void EmitChecks(CodeWriter w, GauntMethodModel model, string device)
        {
            var p = model.Product;
            string x = model.Parameters[0].Name, y = model.Parameters[1].Name, z = model.Parameters[2].Name;
            w.Line($"global::System.ArgumentNullException.ThrowIfNull({device});");
            w.Line($"{device}.CheckTensor({x}, {Str(p.X)});");
            w.Line($"{device}.CheckTensor({y}, {Str(p.Y)});");
            w.Line($"{device}.CheckTensor({z}, {Str(p.Z)});");
            global::TensorDsl.Generators.Emit.Gpu.DeviceAliasingEmitter.Emit(w, p.ElementKeyword, model.MethodName, new[] { device, x, y, z }, new[] { z }, new[] { x, y }, accumulate: false);
            w.Line("// Bind the shapes of this call. Every check throws ArgumentException before anything is written.");
            w.Line($"global::System.Span<nint> __state = {Rows}.StateLength({z}.Rank) <= {Rows}.StackStateLength");
            using (w.Indent())
            {
                w.Line($"? stackalloc nint[{Rows}.StackStateLength]");
                w.Line($": new nint[{Rows}.StateLength({z}.Rank)];");
            }
            w.Line($"var __rows = {Rows}.Bind({Str(p.X)}, {x}.Lengths, {x}.Strides, {Str(p.Y)}, {y}.Lengths, {y}.Strides, {Str(p.Z)}, {z}.Lengths, {z}.Strides, {p.L1}, {p.L2}, {p.LOut}, __state);");
            w.Line("if (__rows.Count == 0) return;");
        }

        /// <summary>
        /// The GPU overload of a Fourier lowering: the same checks as the Sparse overload (device, aliasing, then every shape
        /// through <c>GauntRows.Bind</c> with the same messages), then the runtime's ILGPU Fourier kernels
        /// (<c>DeviceGauntFourier.Product</c>, tables cached per device), which accept every layout <c>Bind</c> accepts.
        /// </summary>
        private static void EmitFourier(CodeWriter w, GauntMethodModel model, string device)
        {
            var p = model.Product;
            string T = p.ElementKeyword;
            string x = model.Parameters[0].Name, y = model.Parameters[1].Name, z = model.Parameters[2].Name;
            w.Line("//    GPU: the runtime's Fourier kernels (TensorDsl.Gpu.Equivariant.DeviceGauntFourier: per tile of rows, the Fourier grids in");
            w.Line("//    shared memory, a direct 2D convolution, the projection back), tables uploaded once per device");
            WriteSignature(w, model, device);
            using (w.Block($"{model.Declaration.OverloadModifiers} void {model.MethodName}(global::TensorDsl.TensorDevice {device}, global::TensorDsl.DeviceTensor<{T}> {x}, global::TensorDsl.DeviceTensor<{T}> {y}, global::TensorDsl.DeviceTensor<{T}> {z})"))
            {
                EmitChecks(w, model, device);
                w.Line("// The shapes fit (checked above with the Sparse kernels' messages); the runtime repeats its own cheap checks.");
                w.Line($"global::TensorDsl.Gpu.Equivariant.DeviceGauntFourier.Product({device}, {p.L1}, {p.L2}, {p.LOut}, {x}, {y}, {z});");
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

        private static string Str(string name) => EinsumSourceWriter.Literal(name);
    }
}
