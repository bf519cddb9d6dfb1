using System.Numerics.Tensors;

namespace TensorDsl.Examples.Polynomials
{
    /// <summary>
    /// The generated kernels of the polynomial GNN layer (<see cref="PolynomialLayerExample"/>): four equivariant graph
    /// polynomials with one marked node (node features) and the layer's linear map. Each polynomial is an einsum over the
    /// adjacency x, one operand per edge of its multigraph; the generator plans its contraction order.
    /// </summary>
    public static partial class PolynomialKernels
    {
        /// <summary>The polynomials' specs, in the order of the <c>Features</c> overloads.</summary>
        public static readonly string[] Specs = { "ab->a", "a-b b-c c-a; out a", "ab,bc,cd,da->a", "ab,ac,ad,bc,bd,cd->a" };

        /// <summary>Their einsums, for the interpreter (the edge list "a-b b-c c-a; out a" is "ab,ac,bc->a": endpoints in node-letter order).</summary>
        public static readonly string[] Einsums = { "ab->a", "ab,ac,bc->a", "ab,bc,cd,da->a", "ab,ac,ad,bc,bd,cd->a" };

        /// <summary>Degree of each node: Σ_b x[a,b].</summary>
        [EquivariantPolynomial("ab->a")]
        public static partial void Degree(ReadOnlyTensorSpan<double> x, TensorSpan<double> p);

        /// <summary>Closed 3-walks through each node (twice its triangles for a simple graph), in the edge-list form.</summary>
        [EquivariantPolynomial("a-b b-c c-a; out a")]
        public static partial void Triangles(ReadOnlyTensorSpan<double> x, TensorSpan<double> p);

        /// <summary>Closed 4-walks through each node (4-cycles, plus the degenerate walks along one or two edges).</summary>
        [EquivariantPolynomial("ab,bc,cd,da->a")]
        public static partial void FourCycles(ReadOnlyTensorSpan<double> x, TensorSpan<double> p);

        /// <summary>K4 through the marked node a: a basis element that PPGN (matrix products) cannot compute (docs/design.md §6.4).</summary>
        [EquivariantPolynomial("ab,ac,ad,bc,bd,cd->a")]
        public static partial void K4(ReadOnlyTensorSpan<double> x, TensorSpan<double> p);

        /// <summary>The layer's linear map: out[n,o] = Σ_f features[n,f] · w[f,o].</summary>
        [Einsum("nf,fo->no")]
        public static partial void Linear(ReadOnlyTensorSpan<double> features, ReadOnlyTensorSpan<double> w, TensorSpan<double> result);

        /// <summary>Runs polynomial <paramref name="k"/> of <see cref="Specs"/> on the CPU.</summary>
        public static void Features(int k, ReadOnlyTensorSpan<double> x, TensorSpan<double> p)
        {
            switch (k)
            {
                case 0: Degree(x, p); break;
                case 1: Triangles(x, p); break;
                case 2: FourCycles(x, p); break;
                default: K4(x, p); break;
            }
        }

        /// <summary>Runs polynomial <paramref name="k"/> of <see cref="Specs"/> through its GPU overload.</summary>
        public static void Features(TensorDevice device, int k, DeviceTensor<double> x, DeviceTensor<double> p)
        {
            switch (k)
            {
                case 0: Degree(device, x, p); break;
                case 1: Triangles(device, x, p); break;
                case 2: FourCycles(device, x, p); break;
                default: K4(device, x, p); break;
            }
        }
    }
}
