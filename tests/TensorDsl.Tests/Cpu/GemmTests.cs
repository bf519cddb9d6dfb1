using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Threading.Tasks;
using TensorDsl.Cpu;
using Xunit;

namespace TensorDsl.Tests.Cpu
{
    /// <summary>
    /// The packed GEMM engine against a naive double-precision loop over the same offset tables: odd sizes in every role,
    /// transposed and multi-axis operands, broadcast (stride 0), batches, accumulate, every micro-kernel width, and
    /// C untouched outside its view. Tolerances are relative to Σ|a||b| (plus |C| when accumulating).
    /// </summary>
    public sealed class GemmTests
    {
        private static readonly int[] OddSizes = [1, 2, 7, 13, 31, 65, 130, 257];

        /// <summary>Every kernel width runs on this machine: narrower vectors than the hardware's are still accelerated.</summary>
        private static readonly GemmKernelChoice[] Kernels =
            [GemmKernelChoice.Auto, GemmKernelChoice.Vector256, GemmKernelChoice.Vector128, GemmKernelChoice.Scalar];

        public static IEnumerable<object[]> RoleSizes()
        {
            foreach (int s in OddSizes)
            {
                yield return [s, 13, 31];
                yield return [31, s, 13];
                yield return [13, 31, s];
            }
            yield return [130, 65, 66];
        }

        [Theory]
        [MemberData(nameof(RoleSizes))]
        public void Row_major_float_matches_the_oracle(int m, int n, int k)
        {
            var rnd = new Random(m * 1000003 + n * 1009 + k);
            foreach (GemmKernelChoice kernel in Kernels)
            {
                Layout layout = Layout.RowMajor(1, m, n, k);
                Check<float>(kernel, layout, accumulate: false, rnd);
                Check<float>(kernel, layout, accumulate: true, rnd);
            }
        }

        [Theory]
        [MemberData(nameof(RoleSizes))]
        public void Row_major_double_matches_the_oracle(int m, int n, int k)
        {
            var rnd = new Random(m * 1000003 + n * 1009 + k + 1);
            foreach (GemmKernelChoice kernel in Kernels)
            {
                Layout layout = Layout.RowMajor(1, m, n, k);
                Check<double>(kernel, layout, accumulate: false, rnd);
                Check<double>(kernel, layout, accumulate: true, rnd);
            }
        }

        /// <summary>Larger cubes with the default kernel only (the oracle dominates the test time).</summary>
        [Theory]
        [InlineData(257, 257, 257)]
        [InlineData(130, 65, 257)]
        public void Larger_products_with_the_default_kernel(int m, int n, int k)
        {
            var rnd = new Random(m + n + k);
            Layout layout = Layout.RowMajor(1, m, n, k);
            Check<float>(GemmKernelChoice.Auto, layout, accumulate: false, rnd);
            Check<double>(GemmKernelChoice.Auto, layout, accumulate: true, rnd);
        }

        [Theory]
        [InlineData(false, false, false)]
        [InlineData(true, false, false)]
        [InlineData(false, true, false)]
        [InlineData(false, false, true)]
        [InlineData(true, true, true)]
        public void Transposed_operands_are_packed_not_copied(bool transA, bool transB, bool transC)
        {
            var rnd = new Random(7 + (transA ? 1 : 0) + (transB ? 2 : 0) + (transC ? 4 : 0));
            foreach ((int m, int n, int k) in new[] { (65, 130, 31), (7, 257, 13), (130, 17, 70) })
            {
                Layout layout = Layout.Transposed(2, m, n, k, transA, transB, transC);
                foreach (GemmKernelChoice kernel in Kernels)
                {
                    Check<float>(kernel, layout, accumulate: false, rnd);
                    Check<double>(kernel, layout, accumulate: true, rnd);
                }
            }
        }

        [Fact]
        public void Multi_axis_groups_with_any_axis_order_and_gaps()
        {
            var rnd = new Random(11);
            for (int trial = 0; trial < 12; trial++)
            {
                Layout layout = Layout.Random(rnd, batch: [2, 1 + trial % 2], m: [3, 5 + trial], n: [4, 7], k: [2, 9 + trial], broadcastA: false, broadcastB: false);
                foreach (GemmKernelChoice kernel in Kernels)
                {
                    Check<float>(kernel, layout, accumulate: trial % 2 == 0, rnd);
                    Check<double>(kernel, layout, accumulate: trial % 2 == 1, rnd);
                }
            }
        }

        /// <summary>
        /// Row-major operands with padded leading dimensions, and A rows broadcast (row stride 0): small A blocks are read
        /// by the kernels in place (only a ragged last micro-panel is packed), large ones are packed.
        /// </summary>
        [Theory]
        [InlineData(13, 70, 31, 3)]      // small A: read in place, ragged last panel
        [InlineData(12, 65, 40, 0)]      // whole panels only
        [InlineData(301, 129, 257, 5)]   // large A: packed
        public void Padded_leading_dimensions_and_broadcast_rows(int m, int n, int k, int pad)
        {
            var rnd = new Random(m + n + k + pad);
            foreach (bool broadcastRows in new[] { false, true })
            {
                Layout layout = Layout.Padded(m, n, k, pad, broadcastRows);
                foreach (GemmKernelChoice kernel in m * n * k > 1_000_000 ? [GemmKernelChoice.Auto] : Kernels)
                {
                    Check<float>(kernel, layout, accumulate: false, rnd);
                    Check<double>(kernel, layout, accumulate: true, rnd);
                }
            }
        }

        [Fact]
        public void Broadcast_stride_zero_in_A_and_B()
        {
            var rnd = new Random(12);
            for (int trial = 0; trial < 12; trial++)
            {
                Layout layout = Layout.Random(rnd, batch: [3], m: [5, 7], n: [33 + trial], k: [4, 6], broadcastA: trial % 3 != 1, broadcastB: trial % 3 != 0);
                foreach (GemmKernelChoice kernel in Kernels)
                {
                    Check<float>(kernel, layout, accumulate: trial % 2 == 0, rnd);
                    Check<double>(kernel, layout, accumulate: trial % 2 == 1, rnd);
                }
            }
        }

        /// <summary>
        /// Shapes above the threading threshold (both parallel schedules: whole products per thread, and one slab of C per
        /// thread, split by columns or by rows), several K blocks, several M and N blocks, and ragged edges everywhere.
        /// </summary>
        [Theory]
        [InlineData(1, 257, 130, 257)]   // slabs of rows (C is tall), two K blocks
        [InlineData(3, 130, 129, 65)]    // slabs over a batch not divisible by the thread count
        [InlineData(1, 96, 9216, 16)]    // slabs of columns: a Tucker reconstruction's last step
        [InlineData(8, 65, 64, 70)]      // one product per thread at a time
        [InlineData(1, 2100, 16, 256)]   // two M blocks (float)
        [InlineData(1, 13, 1100, 300)]   // several N blocks, two K blocks
        [InlineData(1, 7, 4000, 100)]    // few rows: the threads split columns
        public void Large_and_parallel_shapes(int batch, int m, int n, int k)
        {
            var rnd = new Random(batch * 7 + m * 13 + n * 17 + k);
            Layout layout = Layout.RowMajor(batch, m, n, k);
            Check<float>(GemmKernelChoice.Auto, layout, accumulate: false, rnd);
            Check<double>(GemmKernelChoice.Auto, layout, accumulate: true, rnd);
            Layout transposed = Layout.Transposed(batch, m, n, k, transA: true, transB: true, transC: false);
            Check<float>(GemmKernelChoice.Auto, transposed, accumulate: true, rnd);
        }

        /// <summary>
        /// The split-sum schedule: C too narrow and short for a slab per thread (one micro-panel of columns, or a few
        /// rows), a long sum. Each thread sums its own range of k; the copies are added into C, strided or not, with
        /// or without accumulation.
        /// </summary>
        [Theory]
        [InlineData(64, 64, 4096)]   // a graph polynomial's last step at n = 64
        [InlineData(10, 13, 9001)]   // ragged rows and columns, odd k
        [InlineData(5, 70, 3001)]    // two column panels (with 512-bit kernels)
        public void Split_sum_shapes(int m, int n, int k)
        {
            var rnd = new Random(m * 13 + n * 17 + k);
            Check<float>(GemmKernelChoice.Auto, Layout.RowMajor(1, m, n, k), accumulate: false, rnd);
            Check<double>(GemmKernelChoice.Auto, Layout.RowMajor(1, m, n, k), accumulate: true, rnd);
            Check<float>(GemmKernelChoice.Auto, Layout.Transposed(1, m, n, k, transA: true, transB: false, transC: true), accumulate: true, rnd);
            Check<double>(GemmKernelChoice.Auto, Layout.Transposed(1, m, n, k, transA: false, transB: true, transC: true), accumulate: false, rnd);
        }

        [Fact]
        public void Float_at_n_1024_stays_within_1e_5_relative_Frobenius_of_the_double_oracle()
        {
            const int n = 1024;
            var rnd = new Random(1024);
            var a = new float[n * n];
            var b = new float[n * n];
            var c = new float[n * n];
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = (float)(rnd.NextDouble() * 2 - 1);
                b[i] = (float)(rnd.NextDouble() * 2 - 1);
            }
            Gemm.Multiply<float>(1, n, n, n, ref a[0], 0, n, 1, ref b[0], 0, n, 1, ref c[0], 0, n, 1, accumulate: false);

            // Oracle: an i-p-j loop in double over the same float inputs, the inner j loop done by TensorPrimitives so the
            // test stays fast in a Debug build.
            var row = new double[n];
            var bd = Array.ConvertAll(b, x => (double)x);
            double errorSquared = 0, normSquared = 0;
            for (int i = 0; i < n; i++)
            {
                Array.Clear(row);
                for (int p = 0; p < n; p++)
                {
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(bd, p * n, n), (double)a[i * n + p], row, row);
                }
                for (int j = 0; j < n; j++)
                {
                    double d = c[i * n + j] - row[j];
                    errorSquared += d * d;
                    normSquared += row[j] * row[j];
                }
            }
            double relative = Math.Sqrt(errorSquared / normSquared);
            Assert.True(relative < 1e-5, $"relative Frobenius error {relative:E3}");
        }

        [Fact]
        public void Strided_overload_and_zero_K()
        {
            // C (3 × 4, row stride 5 to leave a gap column) = Aᵀ B with A stored 2 × 3 (so A's rows have stride 1).
            float[] a = [1, 2, 3, 4, 5, 6];          // A[i, p] = a[p * 3 + i]
            float[] b = [1, 0, 2, 1, 0, 1, 1, 2];    // B[p, j] = b[p * 4 + j]
            float[] c = new float[15];
            Array.Fill(c, -7f);
            Gemm.Multiply<float>(1, 3, 4, 2, ref a[0], 0, 1, 3, ref b[0], 0, 4, 1, ref c[0], 0, 5, 1, accumulate: false);
            float[] expected = [1, 4, 6, 9, -7, 2, 5, 9, 12, -7, 3, 6, 12, 15, -7];
            Assert.Equal(expected, c);

            Gemm.Multiply<float>(1, 3, 4, 0, ref a[0], 0, 1, 3, ref b[0], 0, 4, 1, ref c[0], 0, 5, 1, accumulate: true);
            Assert.Equal(expected, c);
            Gemm.Multiply<float>(1, 3, 4, 0, ref a[0], 0, 1, 3, ref b[0], 0, 4, 1, ref c[0], 0, 5, 1, accumulate: false);
            Assert.Equal(new float[] { 0, 0, 0, 0, -7, 0, 0, 0, 0, -7, 0, 0, 0, 0, -7 }, c);
        }

        [Fact]
        public void FillOffsets_is_row_major_over_the_axes()
        {
            var dest = new nint[2 * 3 * 2];
            Gemm.FillOffsets(dest, [2, 3, 2], [100, 10, 1]);
            Assert.Equal(new nint[] { 0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121 }, dest);

            var one = new nint[1];
            Gemm.FillOffsets(one, [], []);
            Assert.Equal(0, one[0]);

            var broadcast = new nint[6];
            Gemm.FillOffsets(broadcast, [3, 2], [0, 7]);
            Assert.Equal(new nint[] { 0, 7, 0, 7, 0, 7 }, broadcast);

            Assert.Throws<ArgumentException>(() => Gemm.FillOffsets(new nint[5], [2, 3], [3, 1]));
        }

        [Fact]
        public void Unsupported_element_type_and_short_tables_throw()
        {
            int[] x = [1];
            nint[] zero = [0];
            Assert.Throws<NotSupportedException>(() => Gemm.Multiply<int>(1, 1, 1, 1, ref x[0], zero, zero, zero, ref x[0], zero, zero, zero, ref x[0], zero, zero, zero, false));
            float[] f = new float[4];
            Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(1, 2, 1, 1, ref f[0], zero, zero, zero, ref f[0], zero, zero, zero, ref f[0], zero, zero, zero, false));
        }

        [Fact]
        public void Concurrent_callers_get_correct_results()
        {
            // The worker pool serves one call at a time; a caller that finds it busy runs single-threaded.
            Layout layout = Layout.RowMajor(1, 200, 190, 180);
            Parallel.For(0, 4, i => Check<float>(GemmKernelChoice.Auto, layout, accumulate: i % 2 == 0, new Random(i)));
        }

        private static void Check<T>(GemmKernelChoice kernel, Layout l, bool accumulate, Random rnd)
            where T : unmanaged
        {
            T[] a = RandomArray<T>(rnd, l.ASize);
            T[] b = RandomArray<T>(rnd, l.BSize);
            T[] c = RandomArray<T>(rnd, l.CSize);
            T[] c0 = (T[])c.Clone();

            Gemm.Multiply(kernel, l.Batch, l.M, l.N, l.K,
                ref a[0], l.ABatch, l.ARows, l.ACols,
                ref b[0], l.BBatch, l.BRows, l.BCols,
                ref c[0], l.CBatch, l.CRows, l.CCols, accumulate);

            double tolerance = typeof(T) == typeof(float) ? 1e-5 : 1e-13;
            var inView = new bool[l.CSize];
            for (int bi = 0; bi < l.Batch; bi++)
            {
                for (int i = 0; i < l.M; i++)
                {
                    for (int j = 0; j < l.N; j++)
                    {
                        double sum = 0, magnitude = 0;
                        for (int p = 0; p < l.K; p++)
                        {
                            double x = ToDouble(a[l.ABatch[bi] + l.ARows[i] + l.ACols[p]]) * ToDouble(b[l.BBatch[bi] + l.BRows[p] + l.BCols[j]]);
                            sum += x;
                            magnitude += Math.Abs(x);
                        }
                        nint at = l.CBatch[bi] + l.CRows[i] + l.CCols[j];
                        double expected = sum;
                        if (accumulate)
                        {
                            expected += ToDouble(c0[at]);
                            magnitude += Math.Abs(ToDouble(c0[at]));
                        }
                        double got = ToDouble(c[at]);
                        if (!(Math.Abs(got - expected) <= tolerance * magnitude + 1e-30))
                        {
                            Assert.Fail($"{typeof(T).Name} {kernel} {l} accumulate={accumulate}: C[{bi}][{i},{j}] = {got}, expected {expected} (|Σab| bound {magnitude})");
                        }
                        inView[at] = true;
                    }
                }
            }
            for (int at = 0; at < l.CSize; at++)
            {
                if (!inView[at] && !c[at].Equals(c0[at]))
                {
                    Assert.Fail($"{typeof(T).Name} {kernel} {l}: element {at} outside C's view was written");
                }
            }
        }

        private static T[] RandomArray<T>(Random rnd, int length)
            where T : unmanaged
        {
            var data = new T[Math.Max(length, 1)];
            for (int i = 0; i < data.Length; i++)
            {
                double v = rnd.NextDouble() * 2 - 1;
                data[i] = typeof(T) == typeof(float) ? (T)(object)(float)v : (T)(object)v;
            }
            return data;
        }

        private static double ToDouble<T>(T x)
            where T : unmanaged
            => typeof(T) == typeof(float) ? (float)(object)x : (double)(object)x;

        /// <summary>A GEMM problem's offset tables and the extent of the arrays they index.</summary>
        private sealed class Layout
        {
            public int Batch, M, N, K;
            public nint[] ABatch = [], ARows = [], ACols = [];
            public nint[] BBatch = [], BRows = [], BCols = [];
            public nint[] CBatch = [], CRows = [], CCols = [];
            public int ASize, BSize, CSize;
            private string _name = "";

            public override string ToString() => _name;

            public static Layout RowMajor(int batch, int m, int n, int k) => Transposed(batch, m, n, k, false, false, false);

            /// <summary>Dense operands with each matrix stored row-major or transposed; C gets one padding column.</summary>
            public static Layout Transposed(int batch, int m, int n, int k, bool transA, bool transB, bool transC)
            {
                var l = new Layout { Batch = batch, M = m, N = n, K = k, _name = $"b={batch} m={m} n={n} k={k} tA={transA} tB={transB} tC={transC}" };
                l.ABatch = Ramp(batch, m * k);
                l.ARows = Ramp(m, transA ? 1 : k);
                l.ACols = Ramp(k, transA ? m : 1);
                l.ASize = batch * m * k;
                l.BBatch = Ramp(batch, k * n);
                l.BRows = Ramp(k, transB ? 1 : n);
                l.BCols = Ramp(n, transB ? k : 1);
                l.BSize = batch * k * n;
                // C: the leading dimension has one spare element, so the gaps check that nothing outside the view is written.
                int ld = (transC ? m : n) + 1;
                int matrix = (transC ? n : m) * ld;
                l.CBatch = Ramp(batch, matrix);
                l.CRows = Ramp(m, transC ? 1 : ld);
                l.CCols = Ramp(n, transC ? ld : 1);
                l.CSize = batch * matrix;
                return l;
            }

            /// <summary>Row-major A, B and C with <paramref name="pad"/> spare elements per row; A's rows optionally all alike (stride 0).</summary>
            public static Layout Padded(int m, int n, int k, int pad, bool broadcastRows)
            {
                var l = new Layout { Batch = 1, M = m, N = n, K = k, _name = $"padded m={m} n={n} k={k} pad={pad} broadcastRows={broadcastRows}" };
                l.ABatch = [0];
                l.ARows = Ramp(m, broadcastRows ? 0 : k + pad);
                l.ACols = Ramp(k, 1);
                l.ASize = broadcastRows ? k : m * (k + pad);
                l.BBatch = [0];
                l.BRows = Ramp(k, n + pad);
                l.BCols = Ramp(n, 1);
                l.BSize = k * (n + pad);
                l.CBatch = [0];
                l.CRows = Ramp(m, n + pad);
                l.CCols = Ramp(n, 1);
                l.CSize = m * (n + pad);
                return l;
            }

            /// <summary>
            /// Each index group split over the given axes, each operand's axes in a random memory order with occasional
            /// padding, and optionally one axis of A or B broadcast (stride 0).
            /// </summary>
            public static Layout Random(Random rnd, int[] batch, int[] m, int[] n, int[] k, bool broadcastA, bool broadcastB)
            {
                var l = new Layout
                {
                    Batch = Product(batch), M = Product(m), N = Product(n), K = Product(k),
                    _name = $"random b=[{string.Join(",", batch)}] m=[{string.Join(",", m)}] n=[{string.Join(",", n)}] k=[{string.Join(",", k)}] bcA={broadcastA} bcB={broadcastB}",
                };
                (l.ABatch, l.ARows, l.ACols, l.ASize) = Operand(rnd, batch, m, k, broadcastA, gaps: true);
                (l.BBatch, l.BRows, l.BCols, l.BSize) = Operand(rnd, batch, k, n, broadcastB, gaps: true);
                (l.CBatch, l.CRows, l.CCols, l.CSize) = Operand(rnd, batch, m, n, broadcast: false, gaps: true);
                return l;
            }

            private static (nint[] Batch, nint[] Rows, nint[] Cols, int Size) Operand(Random rnd, int[] g0, int[] g1, int[] g2, bool broadcast, bool gaps)
            {
                int[][] groups = [g0, g1, g2];
                var axes = new List<(int Group, int Axis)>();
                for (int g = 0; g < 3; g++)
                {
                    for (int x = 0; x < groups[g].Length; x++)
                    {
                        axes.Add((g, x));
                    }
                }
                // Random memory order: shuffled axes, innermost last.
                for (int i = axes.Count - 1; i > 0; i--)
                {
                    int j = rnd.Next(i + 1);
                    (axes[i], axes[j]) = (axes[j], axes[i]);
                }
                var strides = new nint[3][];
                for (int g = 0; g < 3; g++)
                {
                    strides[g] = new nint[groups[g].Length];
                }
                nint running = 1;
                for (int i = axes.Count - 1; i >= 0; i--)
                {
                    (int g, int x) = axes[i];
                    strides[g][x] = running;
                    running *= groups[g][x] + (gaps && rnd.Next(2) == 0 ? 1 : 0);
                }
                if (broadcast)
                {
                    (int g, int x) = axes[rnd.Next(axes.Count)];
                    strides[g][x] = 0;
                }
                var tables = new nint[3][];
                for (int g = 0; g < 3; g++)
                {
                    tables[g] = new nint[Product(groups[g])];
                    var lengths = Array.ConvertAll(groups[g], v => (nint)v);
                    Gemm.FillOffsets(tables[g], lengths, strides[g]);
                }
                return (tables[0], tables[1], tables[2], (int)running);
            }

            private static int Product(int[] lengths)
            {
                int p = 1;
                foreach (int x in lengths)
                {
                    p *= x;
                }
                return p;
            }

            private static nint[] Ramp(int count, nint stride)
            {
                var t = new nint[count];
                for (int i = 0; i < count; i++)
                {
                    t[i] = i * stride;
                }
                return t;
            }
        }
    }

    /// <summary>Allocation is measured process-wide, so these tests run alone, after the parallel ones.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class GemmAllocationCollection
    {
        public const string Name = "Gemm allocation (runs alone)";
    }

    [Collection(GemmAllocationCollection.Name)]
    public sealed class GemmAllocationTests
    {
        [Theory]
        [InlineData(1, 40, 50, 60)]       // below the threading threshold: single-threaded
        [InlineData(1, 200, 190, 180)]    // above it: one slab of C per thread
        [InlineData(16, 64, 64, 64)]      // above it: whole products per thread
        [InlineData(1, 130, 70, 600)]     // several K blocks, ragged edges
        public void No_bytes_allocated_per_call_after_warm_up(int batch, int m, int n, int k)
        {
            var a = new float[batch * m * k];
            var b = new float[batch * k * n];
            var c = new float[batch * m * n];
            var ad = new double[batch * m * k];
            var bd = new double[batch * k * n];
            var cd = new double[batch * m * n];
            nint[] aBatch = Ramp(batch, m * k), bBatch = Ramp(batch, k * n), cBatch = Ramp(batch, m * n);
            nint[] aRows = Ramp(m, k), aCols = Ramp(k, 1), bRows = Ramp(k, 1), bCols = Ramp(n, k), cRows = Ramp(m, n), cCols = Ramp(n, 1);
            void CallFloat() => Gemm.Multiply<float>(batch, m, n, k, ref a[0], aBatch, aRows, aCols, ref b[0], bBatch, bRows, bCols, ref c[0], cBatch, cRows, cCols, accumulate: false);
            void Call()
            {
                CallFloat();
                Gemm.Multiply<double>(batch, m, n, k, ref ad[0], aBatch, aRows, aCols, ref bd[0], bBatch, bRows, bCols, ref cd[0], cBatch, cRows, cCols, accumulate: true);
            }

            // Warm up past tiered compilation (30 calls promote a method) and the pools' first rentals.
            for (int i = 0; i < 40; i++)
            {
                Call();
            }

            // Exact count on every thread that runs GEMM code: the caller and the pool's workers. (The process-wide
            // GC.GetTotalAllocatedBytes also sees the test host's threads, which allocate now and then while a test
            // runs.) Best of a few trials, in case the runtime itself allocates once on this thread (tiering).
            long least = long.MaxValue;
            for (int trial = 0; trial < 5 && least != 0; trial++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread() + GemmWorkerPool.WorkerAllocatedBytes();
                Call();
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() + GemmWorkerPool.WorkerAllocatedBytes() - before);
            }
            Assert.Equal(0, least);

            // Process-wide, as a benchmark measures it: best of several one-call trials, so that a test-host allocation
            // (about one every 100 ms was seen) falling inside a trial does not fail the test, while a per-call
            // allocation shows in every trial. The trials are single float calls, short even in a Debug build.
            long best = long.MaxValue;
            for (int trial = 0; trial < 30 && best != 0; trial++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                CallFloat();
                best = Math.Min(best, GC.GetTotalAllocatedBytes(precise: true) - before);
            }
            Assert.Equal(0, best);
        }

        private static nint[] Ramp(int count, nint stride)
        {
            var t = new nint[count];
            for (int i = 0; i < count; i++)
            {
                t[i] = i * stride;
            }
            return t;
        }
    }
}
