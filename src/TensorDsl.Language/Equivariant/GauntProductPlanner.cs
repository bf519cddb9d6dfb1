using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;

namespace TensorDsl.Language.Equivariant
{
    /// <summary>How a <c>[GauntProduct]</c> is lowered.</summary>
    public enum GauntLowering
    {
        /// <summary>The direct sum over the nonzero coefficients (<see cref="SparseGauntPlan"/>), O(L⁵) per row.</summary>
        Sparse,
        /// <summary>Through 2D Fourier grids (the runtime's <c>GauntFourier</c>), O(L³) per row.</summary>
        Fourier,
    }

    /// <summary>
    /// The plan of one <c>[GauntProduct]</c>: the lowering chosen for the requested method, a one-line reason, the predicted
    /// costs of both lowerings, and the sparse plan (the CPU kernel when <see cref="Lowering"/> is Sparse, and the GPU kernel
    /// of every method until a device Fourier kernel exists).
    /// </summary>
    public sealed class GauntProductPlan
    {
        internal GauntProductPlan(BoundGauntProduct product, GauntLowering lowering, string choice, SparseGauntPlan sparse, GauntCostEstimate costs)
        {
            Product = product;
            Lowering = lowering;
            Choice = choice;
            Sparse = sparse;
            Costs = costs;
        }

        /// <summary>The bound product.</summary>
        public BoundGauntProduct Product { get; }

        /// <summary>The lowering of the CPU kernel.</summary>
        public GauntLowering Lowering { get; }

        /// <summary>Why this lowering, in one line for the generated header.</summary>
        public string Choice { get; }

        /// <summary>The sparse plan (always present: the GPU kernel and the Sparse CPU kernel use it).</summary>
        public SparseGauntPlan Sparse { get; }

        /// <summary>The cost model's prediction for <see cref="GauntCostModel.ReferenceRows"/> rows on <see cref="GauntCostModel.ReferenceCores"/> cores.</summary>
        public GauntCostEstimate Costs { get; }
    }

    /// <summary>Chooses the lowering of a <c>[GauntProduct]</c> and plans it.</summary>
    public static class GauntProductPlanner
    {
        /// <summary>Plans <paramref name="product"/>.</summary>
        /// <remarks>
        /// Sparse and Fourier are honoured as requested. Auto takes the lowering <see cref="GauntCostModel"/> predicts to be
        /// faster for <see cref="GauntCostModel.ReferenceRows"/> rows: with many rows both lowerings use every core, so the choice
        /// depends on the degrees and the element type only.
        /// </remarks>
        public static GauntProductPlan Plan(BoundGauntProduct product)
        {
            if (product is null) throw new ArgumentNullException(nameof(product));
            var sparse = SparseGauntPlan.Create(product.L1, product.L2, product.LOut);
            var costs = GauntCostModel.Estimate(product.L1, product.L2, product.LOut, product.Element, GauntCostModel.ReferenceRows);
            string predicted = string.Format(CultureInfo.InvariantCulture,
                "predicted for {0} rows on {1} cores: Sparse {2:0.#} µs, Fourier {3:0.#} µs",
                GauntCostModel.ReferenceRows, GauntCostModel.ReferenceCores, costs.SparseMicroseconds, costs.FourierMicroseconds);
            switch (product.Method)
            {
                case GauntMethodKind.Sparse:
                    return new GauntProductPlan(product, GauntLowering.Sparse, $"Sparse (requested; {predicted})", sparse, costs);
                case GauntMethodKind.Fourier:
                    return new GauntProductPlan(product, GauntLowering.Fourier, $"Fourier (requested; {predicted})", sparse, costs);
                default:
                    var faster = costs.Faster;
                    return new GauntProductPlan(product, faster, $"{faster} (Auto: the faster by the cost model, {predicted})", sparse, costs);
            }
        }
    }

    /// <summary>The nonzero Gaunt terms that contribute to one output component z[…, I3].</summary>
    public sealed class GauntOutputTerms
    {
        internal GauntOutputTerms(int index, int l, int m, IReadOnlyList<GauntEntry> terms)
        {
            Index = index;
            L = l;
            M = m;
            Terms = terms;
        }

        /// <summary>The flat output index I3 = l3² + l3 + m3.</summary>
        public int Index { get; }

        /// <summary>Degree l3 of the component.</summary>
        public int L { get; }

        /// <summary>Order m3 of the component.</summary>
        public int M { get; }

        /// <summary>The terms, ascending by (I1, I2); empty when no coefficient reaches this component.</summary>
        public IReadOnlyList<GauntEntry> Terms { get; }
    }

    /// <summary>
    /// The Sparse lowering: z[…, I3] = Σ G(I1, I2, I3)·x[…, I1]·y[…, I2] over the nonzero coefficients with l1 ≤ L1,
    /// l2 ≤ L2, l3 ≤ LOut, one accumulation per output component. Up to <see cref="UnrollLimit"/> terms the generator
    /// unrolls the sum with the coefficients as literals; above, it emits a loop over the compressed table
    /// (<see cref="Start"/>, <see cref="I1"/>, <see cref="I2"/>, <see cref="Coefficients"/>).
    /// </summary>
    public sealed class SparseGauntPlan
    {
        /// <summary>Above this many nonzero terms the kernels loop over tables instead of unrolling the sum.</summary>
        public const int UnrollLimit = 2000;

        private SparseGauntPlan(int l1, int l2, int lOut, IReadOnlyList<GauntOutputTerms> outputs, int termCount,
            int[] start, int[] i1, int[] i2, double[] coefficients)
        {
            L1 = l1;
            L2 = l2;
            LOut = lOut;
            Outputs = outputs;
            TermCount = termCount;
            _start = start;
            _i1 = i1;
            _i2 = i2;
            _coefficients = coefficients;
        }

        private readonly int[] _start, _i1, _i2;
        private readonly double[] _coefficients;

        /// <summary>Degree bound of x.</summary>
        public int L1 { get; }

        /// <summary>Degree bound of y.</summary>
        public int L2 { get; }

        /// <summary>Degree bound of z.</summary>
        public int LOut { get; }

        /// <summary>(L1 + 1)².</summary>
        public int K1 => (L1 + 1) * (L1 + 1);

        /// <summary>(L2 + 1)².</summary>
        public int K2 => (L2 + 1) * (L2 + 1);

        /// <summary>(LOut + 1)².</summary>
        public int K3 => (LOut + 1) * (LOut + 1);

        /// <summary>One entry per output component, in flat order I3 = 0 … K3 − 1.</summary>
        public IReadOnlyList<GauntOutputTerms> Outputs { get; }

        /// <summary>The number of nonzero coefficients (terms of the sum).</summary>
        public int TermCount { get; }

        /// <summary>K1·K2·K3: the terms of the dense formulation, zeros included.</summary>
        public long DenseTermCount => (long)K1 * K2 * K3;

        /// <summary>True when the kernels unroll the sum (at most <see cref="UnrollLimit"/> terms).</summary>
        public bool Unrolled => TermCount <= UnrollLimit;

        /// <summary>Floating-point operations per row: a multiply by the coefficient, a multiply and an add per term.</summary>
        public long FlopsPerRow => 3L * TermCount;

        /// <summary>Terms of output I3 are <c>Start[I3] .. Start[I3 + 1] − 1</c> in the other tables (K3 + 1 entries). A copy.</summary>
        public int[] Start => (int[])_start.Clone();

        /// <summary>Flat index into x of each term, in output order. A copy.</summary>
        public int[] I1 => (int[])_i1.Clone();

        /// <summary>Flat index into y of each term, in output order. A copy.</summary>
        public int[] I2 => (int[])_i2.Clone();

        /// <summary>The coefficient G of each term, in output order. A copy.</summary>
        public double[] Coefficients => (double[])_coefficients.Clone();

        /// <summary>Plans the Sparse product for the given degree bounds (LOut ≤ L1 + L2 is not required: higher components have no terms).</summary>
        /// <exception cref="ArgumentOutOfRangeException">A bound is negative or above <see cref="GauntCoefficients.MaxDegree"/>.</exception>
        public static SparseGauntPlan Create(int l1, int l2, int lOut)
        {
            var table = GauntCoefficients.Table(l1, l2, lOut);
            int k3 = (lOut + 1) * (lOut + 1);
            var buckets = new List<GauntEntry>[k3];
            for (int i = 0; i < k3; i++) buckets[i] = new List<GauntEntry>();
            foreach (var entry in table) buckets[entry.I3].Add(entry);

            var outputs = new GauntOutputTerms[k3];
            var start = new int[k3 + 1];
            var i1 = new int[table.Count];
            var i2 = new int[table.Count];
            var coefficients = new double[table.Count];
            int n = 0;
            for (int l = 0, index = 0; l <= lOut; l++)
            {
                for (int m = -l; m <= l; m++, index++)
                {
                    var terms = buckets[index];
                    terms.Sort(static (a, b) => a.I1 != b.I1 ? a.I1.CompareTo(b.I1) : a.I2.CompareTo(b.I2));
                    outputs[index] = new GauntOutputTerms(index, l, m, new ReadOnlyCollection<GauntEntry>(terms.ToArray()));
                    start[index] = n;
                    foreach (var t in terms)
                    {
                        i1[n] = t.I1;
                        i2[n] = t.I2;
                        coefficients[n] = t.Value;
                        n++;
                    }
                }
            }
            start[k3] = n;
            return new SparseGauntPlan(l1, l2, lOut, new ReadOnlyCollection<GauntOutputTerms>(outputs), n, start, i1, i2, coefficients);
        }
    }
}
