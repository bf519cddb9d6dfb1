using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// The nonzero Gaunt coefficients of one <c>[GauntProduct]</c> in compressed (CSR) order by output component, as
    /// table-driven generated kernels read them: the terms of output I3 are <c>Start[I3] .. Start[I3 + 1] − 1</c>, term t
    /// adds <c>Coefficients[t] · x[I1[t]] · y[I2[t]]</c>.
    /// </summary>
    /// <typeparam name="T">float or double; the coefficients are computed in double and rounded once.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class GauntSparseTable<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        internal GauntSparseTable(int l1, int l2, int lOut, int[] start, int[] i1, int[] i2, T[] coefficients)
        {
            L1 = l1;
            L2 = l2;
            LOut = lOut;
            Start = start;
            I1 = i1;
            I2 = i2;
            Coefficients = coefficients;
            var packed = new int[start.Length + i1.Length + i2.Length];
            start.CopyTo(packed, 0);
            i1.CopyTo(packed, start.Length);
            i2.CopyTo(packed, start.Length + i1.Length);
            PackedIndices = packed;
        }

        /// <summary>Degree bound of x.</summary>
        public int L1 { get; }

        /// <summary>Degree bound of y.</summary>
        public int L2 { get; }

        /// <summary>Degree bound of z.</summary>
        public int LOut { get; }

        /// <summary>The number of terms.</summary>
        public int Count => Coefficients.Length;

        /// <summary>(LOut + 1)² + 1 offsets into the term arrays, one per output component and an end. Do not modify.</summary>
        public int[] Start { get; }

        /// <summary>Flat index into x of each term. Do not modify.</summary>
        public int[] I1 { get; }

        /// <summary>Flat index into y of each term. Do not modify.</summary>
        public int[] I2 { get; }

        /// <summary>The coefficient of each term. Do not modify.</summary>
        public T[] Coefficients { get; }

        /// <summary><see cref="Start"/>, <see cref="I1"/> and <see cref="I2"/> one after the other: the GPU kernel's index buffer.</summary>
        public int[] PackedIndices { get; }
    }

    /// <summary>
    /// Builds and caches the coefficient tables of table-driven <c>[GauntProduct]</c> kernels (more than 2000 terms), on the
    /// host and per accelerator. Called by generated code. The tables come from the same planner
    /// (<see cref="SparseGauntPlan"/>) and coefficient function that the generator uses at build time, so they hold the same
    /// numbers bit for bit as literals would.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class GauntTables
    {
        private static readonly ConcurrentDictionary<(int, int, int, Type), Lazy<object>> s_host = new();
        private static readonly ConditionalWeakTable<TensorDevice, Dictionary<object, object>> s_device = new();

        /// <summary>
        /// The table of the Sparse product with degree bounds (<paramref name="l1"/>, <paramref name="l2"/>,
        /// <paramref name="lOut"/>), built once per process.
        /// </summary>
        /// <param name="l1">Degree bound of x.</param>
        /// <param name="l2">Degree bound of y.</param>
        /// <param name="lOut">Degree bound of z.</param>
        /// <param name="expectedTerms">The term count the generator planned with; a different count means the generator and the
        /// runtime disagree (mismatched TensorDsl versions).</param>
        /// <exception cref="InvalidOperationException">The table does not have <paramref name="expectedTerms"/> terms.</exception>
        public static GauntSparseTable<T> Sparse<T>(int l1, int l2, int lOut, int expectedTerms) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var table = (GauntSparseTable<T>)s_host.GetOrAdd((l1, l2, lOut, typeof(T)),
                key => new Lazy<object>(() => Build<T>(key.Item1, key.Item2, key.Item3))).Value;
            if (table.Count != expectedTerms)
            {
                throw new InvalidOperationException(
                    $"The Gaunt table for (L1, L2, LOut) = ({l1}, {l2}, {lOut}) has {table.Count} terms but the generated code expects {expectedTerms}; the TensorDsl generator and runtime versions differ");
            }
            return table;
        }

        /// <summary>
        /// The table on <paramref name="device"/>: its packed indices and its coefficients, uploaded on first use and kept for the
        /// life of the device.
        /// </summary>
        public static (DeviceTensor<int> Indices, DeviceTensor<T> Coefficients) OnDevice<T>(TensorDevice device, GauntSparseTable<T> table)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(device);
            ArgumentNullException.ThrowIfNull(table);
            var perDevice = s_device.GetValue(device, static _ => new Dictionary<object, object>(ReferenceEqualityComparer.Instance));
            lock (perDevice)
            {
                if (!perDevice.TryGetValue(table, out var cached) || ((Uploaded<T>)cached).IsDisposed)
                {
                    var indices = device.Upload(table.PackedIndices);
                    try
                    {
                        cached = new Uploaded<T>(indices, device.Upload(table.Coefficients));
                    }
                    catch
                    {
                        indices.Dispose();
                        throw;
                    }
                    perDevice[table] = cached;
                }
                var uploaded = (Uploaded<T>)cached;
                return (uploaded.Indices, uploaded.Coefficients);
            }
        }

        private static GauntSparseTable<T> Build<T>(int l1, int l2, int lOut) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var plan = SparseGauntPlan.Create(l1, l2, lOut);
            int[] start = plan.Start, i1 = plan.I1, i2 = plan.I2;
            // Generated kernels index without bounds checks on the strength of these invariants: check them once here.
            int k1 = (l1 + 1) * (l1 + 1), k2 = (l2 + 1) * (l2 + 1), k3 = (lOut + 1) * (lOut + 1);
            bool valid = start.Length == k3 + 1 && start[0] == 0 && start[k3] == i1.Length && i2.Length == i1.Length;
            for (int o = 0; valid && o < k3; o++) valid = start[o] <= start[o + 1];
            for (int t = 0; valid && t < i1.Length; t++) valid = (uint)i1[t] < (uint)k1 && (uint)i2[t] < (uint)k2;
            if (!valid) throw new InvalidOperationException($"The Gaunt table for (L1, L2, LOut) = ({l1}, {l2}, {lOut}) is malformed");
            var values = plan.Coefficients;
            var coefficients = new T[values.Length];
            for (int i = 0; i < values.Length; i++) coefficients[i] = T.CreateTruncating(values[i]);
            return new GauntSparseTable<T>(l1, l2, lOut, start, i1, i2, coefficients);
        }

        private sealed record Uploaded<T>(DeviceTensor<int> Indices, DeviceTensor<T> Coefficients) where T : unmanaged
        {
            public bool IsDisposed => Indices.IsDisposed || Coefficients.IsDisposed;
        }
    }

    /// <summary>Switches for generated <c>[GauntProduct]</c> CPU code, for tests and benchmarks.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class GauntProductOptions
    {
        /// <summary>
        /// When false, generated CPU kernels use their portable <see cref="System.Numerics.Vector{T}"/> path even where
        /// <see cref="System.Runtime.Intrinsics.Vector512"/> is accelerated (true by default). Results agree to rounding.
        /// </summary>
        public static bool UseVector512 { get; set; } = true;
    }
}
