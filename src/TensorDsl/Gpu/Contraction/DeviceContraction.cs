using System;
using System.ComponentModel;
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using TensorDsl.Gpu.Contraction;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// Runs one pairwise step of a planned contraction on the GPU, <c>C (=|+=) Σ A · B</c> over any indices, strides and
    /// diagonals (<see cref="ContractionAxis"/>), on the kernel its shape calls for: the tiled shared-memory matrix product
    /// when C has at least <see cref="TiledMinimum"/> rows and columns and the sum at least <see cref="ContractionMetadata.TileK"/>
    /// positions; a tree reduction per element when C has at most <see cref="ReductionMaximumOutputs"/> elements and each
    /// sums at least <see cref="ReductionMinimumSum"/> terms; one thread per element otherwise. Generated GPU overloads
    /// call it once per pairwise step of the plan the CPU runs (docs/backends.md).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class DeviceContraction
    {
        /// <summary>The fewest rows and columns of C for which the tiled kernel runs (a 64 × 64 tile on a GPU).</summary>
        public const int TiledMinimum = 16;

        /// <summary>The most elements of C for which the reduction kernel runs.</summary>
        public const long ReductionMaximumOutputs = 4096;

        /// <summary>The fewest summed positions for which the reduction kernel runs.</summary>
        public const long ReductionMinimumSum = 256;

        /// <summary>Computes <c>C (=|+=) Σ A · B</c> (or <c>Σ A</c> when <paramref name="b"/> is null) on <paramref name="device"/>.</summary>
        /// <typeparam name="T">float or double.</typeparam>
        /// <param name="device">The device the tensors live on.</param>
        /// <param name="step">What the launch log calls this launch (<see cref="TensorDevice.RecordLaunches"/>), e.g. "step 1.2".</param>
        /// <param name="a">The first operand (its offset is added to every address).</param>
        /// <param name="b">The second operand, or null for a step with one operand.</param>
        /// <param name="c">The result.</param>
        /// <param name="axes">Every index of the step, with its role and strides; within a role, in row-major order of C
        /// (of A for summed ones).</param>
        /// <param name="accumulate">Add into C instead of overwriting it.</param>
        public static void Run<T>(TensorDevice device, string step, DeviceTensor<T> a, DeviceTensor<T>? b, DeviceTensor<T> c, ReadOnlySpan<ContractionAxis> axes, bool accumulate)
            where T : unmanaged, INumber<T>
        {
            ArgumentNullException.ThrowIfNull(device);
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(c);
            long batch = 1, rows = 1, columns = 1, sum = 1;
            foreach (var x in axes)
            {
                switch (x.Role)
                {
                    case ContractionRole.Batch: batch *= x.Length; break;
                    case ContractionRole.Row: rows *= x.Length; break;
                    case ContractionRole.Column: columns *= x.Length; break;
                    default: sum *= x.Length; break;
                }
            }
            long outputs = batch * rows * columns;
            if (outputs == 0) return; // nothing to write (an empty sum still writes zeros below)

            using var meta = new ContractionMetadata(batch, rows, columns, sum);
            Fill(meta.ABatch, a.Offset, axes, ContractionRole.Batch, x => x.StrideA);
            Fill(meta.BBatch, b?.Offset ?? 0, axes, ContractionRole.Batch, x => x.StrideB);
            Fill(meta.CBatch, c.Offset, axes, ContractionRole.Batch, x => x.StrideC);
            Fill(meta.ARows, 0, axes, ContractionRole.Row, x => x.StrideA);
            Fill(meta.CRows, 0, axes, ContractionRole.Row, x => x.StrideC);
            Fill(meta.BColumns, 0, axes, ContractionRole.Column, x => x.StrideB);
            Fill(meta.CColumns, 0, axes, ContractionRole.Column, x => x.StrideC);
            Fill(meta.ASum, 0, axes, ContractionRole.Summed, x => x.StrideA);
            Fill(meta.BSum, 0, axes, ContractionRole.Summed, x => x.StrideB);
            long flags = (accumulate ? ContractionMetadata.Accumulate : 0) | (b is null ? 0 : ContractionMetadata.HasB)
                | (Fastest(axes, x => x.StrideA, ContractionRole.Row) ? ContractionMetadata.ARowsFast : 0)
                | (Fastest(axes, x => x.StrideB, ContractionRole.Column) ? ContractionMetadata.BColumnsFast : 0);
            meta.Header[8] = flags;
            meta.Header[10] = ContractionMetadata.AffineStride(meta.ASum);
            meta.Header[11] = b is null ? 0 : ContractionMetadata.AffineStride(meta.BSum); // without B the kernel reads no B

            var accelerator = device.Accelerator;
            int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            var (av, bv, cv) = (a.BufferView, (b ?? a).BufferView, c.BufferView);
            int side = ContractionMetadata.GroupSideFor(accelerator, size);
            int reductionGroup = ContractionMetadata.ReductionGroupFor(accelerator, size);
            bool forced = ContractionMetadata.ForcePerElementOnThisThread;
            // ILGPU's CPU accelerator runs a group's threads as OS threads meeting at every barrier, which makes the grouped
            // kernels hundreds of times slower there than one thread per element; it takes them only when a test asks.
            bool grouped = accelerator.AcceleratorType != AcceleratorType.CPU || device.PicksKernelsAsOnAGpu;
            if (!forced && grouped && b is not null && side > 0 && rows >= TiledMinimum && columns >= TiledMinimum && sum >= ContractionMetadata.TileK)
            {
                var config = meta.TiledConfig(accelerator, side);
                var kernel = device.GetOrLoadKernel(Kernels<T>.Tiled, static acc => acc.LoadKernel<ArrayView<long>, ArrayView<T>, ArrayView<T>, ArrayView<T>>(ContractionKernels.Tiled<T>));
                device.Launch(step + ": tiled", meta.Metadata, (stream, metaView) => kernel(stream, config, metaView, av, bv, cv));
            }
            else if (!forced && grouped && reductionGroup > 1 && outputs <= ReductionMaximumOutputs && sum >= ReductionMinimumSum)
            {
                var config = new KernelConfig(new Index1D((int)Math.Min(outputs, Math.Max(1, accelerator.MaxGridSize.X))), new Index1D(reductionGroup));
                var kernel = device.GetOrLoadKernel(Kernels<T>.Reduction, static acc => acc.LoadKernel<ArrayView<long>, ArrayView<T>, ArrayView<T>, ArrayView<T>>(ContractionKernels.Reduction<T>));
                device.Launch(step + ": reduction", meta.Metadata, (stream, metaView) => kernel(stream, config, metaView, av, bv, cv));
            }
            else
            {
                const int block = ContractionMetadata.BlockSide;
                long blocks = batch * ((rows + block - 1) / block) * ((columns + block - 1) / block);
                int threads = device.ThreadsFor(blocks);
                meta.Header[9] = threads;
                var kernel = device.GetOrLoadKernel(Kernels<T>.PerElement, static acc => acc.LoadAutoGroupedKernel<Index1D, ArrayView<long>, ArrayView<T>, ArrayView<T>, ArrayView<T>>(ContractionKernels.PerElement<T>));
                device.Launch(step + ": per-element", meta.Metadata, (stream, metaView) => kernel(stream, threads, metaView, av, bv, cv));
            }
        }

        // One offset table: the positions of the axes with the given role, row-major in the order given.
        private static void Fill(Span<long> table, long start, ReadOnlySpan<ContractionAxis> axes, ContractionRole role, Func<ContractionAxis, nint> stride)
        {
            Span<nint> lengths = stackalloc nint[axes.Length];
            Span<nint> strides = stackalloc nint[axes.Length];
            int count = 0;
            foreach (var x in axes)
            {
                if (x.Role != role) continue;
                lengths[count] = x.Length;
                strides[count++] = stride(x);
            }
            ContractionMetadata.Fill(table, start, lengths.Slice(0, count), strides.Slice(0, count));
        }

        // True when the operand's smallest non-zero stride (its contiguous axis, in a dense tensor) is along an index of
        // the given role: the tiled kernel then lets consecutive threads copy along that group.
        private static bool Fastest(ReadOnlySpan<ContractionAxis> axes, Func<ContractionAxis, nint> stride, ContractionRole role)
        {
            nint best = nint.MaxValue;
            var bestRole = ContractionRole.Summed;
            foreach (var x in axes)
            {
                nint s = Math.Abs(stride(x));
                if (s != 0 && x.Length > 1 && s < best) (best, bestRole) = (s, x.Role);
            }
            return bestRole == role;
        }

        // The cache keys of the kernels, one set per element type.
        private static class Kernels<T>
        {
            public static readonly object Tiled = new object();
            public static readonly object PerElement = new object();
            public static readonly object Reduction = new object();
        }
    }
}
