using System;
using System.Diagnostics;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Examples.Report;

namespace TensorDsl.Examples.Polynomials
{
    /// <summary>
    /// A small equivariant GNN layer with polynomial features (Puny et al. 2023): node features H (n×F) and adjacency X
    /// (n×n); the layer appends four 1-marked-node graph polynomials of X (degree, closed 3- and 4-walks, K4 through the node)
    /// to H and applies a linear map W: out = [H | p₁(X) … p₄(X)] · W. It checks (1) every polynomial against the interpreter
    /// and (2) permutation equivariance, layer(PH, PXPᵀ) = P·layer(H, X), on a random graph, on the CPU and through the GPU
    /// overloads. H and W hold small integers and X is 0/1, so every value is an integer far below 2⁵³: both checks are exact
    /// (the reported error must be 0).
    /// </summary>
    public static class PolynomialLayerExample
    {
        private const int N = 40, F = 6, O = 5;

        /// <summary>Runs the example, adding rows to <paramref name="table"/>.</summary>
        public static void Run(ResultTable table, TensorDevice device)
        {
            Console.WriteLine("Polynomial GNN layer: out = [H | degree | 3-walks | 4-walks | K4] · W, exact checks on integer data");
            string gpu = DeviceLabel.Of(device);
            var rng = new Random(2023);
            var x = RandomGraph(rng, N, 0.3);
            var h = Enumerable.Range(0, N * F).Select(_ => (double)rng.Next(-2, 3)).ToArray();
            var w = Enumerable.Range(0, (F + 4) * O).Select(_ => (double)rng.Next(-1, 2)).ToArray();
            var pi = Enumerable.Range(0, N).OrderBy(_ => rng.Next()).ToArray();
            var xPermuted = PermuteGraph(x, pi);
            var hPermuted = PermuteRows(h, F, pi);

            foreach (bool onGpu in new[] { false, true })
            {
                string backend = onGpu ? gpu : "cpu";
                // (1) The polynomial features against the interpreter, x passed once per edge.
                var watch = Stopwatch.StartNew();
                var features = Features(x, device, onGpu);
                double ms = watch.Elapsed.TotalMilliseconds;
                for (int k = 0; k < PolynomialKernels.Specs.Length; k++)
                {
                    int edges = PolynomialKernels.Einsums[k].Split("->")[0].Split(',').Length;
                    var tx = Tensor.Create(x, new nint[] { N, N });
                    var expected = Einsum.Evaluate(PolynomialKernels.Einsums[k], Enumerable.Repeat(tx, edges).ToArray()).ToArray();
                    double error = Enumerable.Range(0, N).Max(i => Math.Abs(features[k][i] - expected[i]));
                    table.Add(new ResultRow($"poly {PolynomialKernels.Specs[k]}", backend, $"x {N}x{N}", error, 0, ms / 4));
                }

                // (2) Equivariance of the whole layer.
                watch.Restart();
                var outOriginal = Layer(h, x, w, device, onGpu);
                var outPermuted = Layer(hPermuted, xPermuted, w, device, onGpu);
                ms = watch.Elapsed.TotalMilliseconds / 2;
                var expectedPermuted = PermuteRows(outOriginal, O, pi);
                double mismatch = outPermuted.Zip(expectedPermuted, (a, b) => Math.Abs(a - b)).Max();
                table.Add(new ResultRow("layer(PH,PXPᵀ) = P·layer", backend, $"H {N}x{F} W {F + 4}x{O}", mismatch, 0, ms));
            }
        }

        /// <summary>The layer: H with the four polynomial features appended, times W.</summary>
        private static double[] Layer(double[] h, double[] x, double[] w, TensorDevice device, bool onGpu)
        {
            var features = Features(x, device, onGpu);
            var joined = new double[N * (F + 4)];
            for (int i = 0; i < N; i++)
            {
                for (int f = 0; f < F; f++) joined[i * (F + 4) + f] = h[i * F + f];
                for (int k = 0; k < 4; k++) joined[i * (F + 4) + F + k] = features[k][i];
            }
            var result = new double[N * O];
            PolynomialKernels.Linear(new ReadOnlyTensorSpan<double>(joined, new nint[] { N, F + 4 }), new ReadOnlyTensorSpan<double>(w, new nint[] { F + 4, O }),
                new TensorSpan<double>(result, new nint[] { N, O }));
            return result;
        }

        /// <summary>The four polynomial features of x, each a length-N vector, from the CPU kernels or the GPU overloads.</summary>
        private static double[][] Features(double[] x, TensorDevice device, bool onGpu)
        {
            var result = new double[4][];
            using var dx = onGpu ? device.Upload(x, N, N) : null;
            for (int k = 0; k < 4; k++)
            {
                result[k] = new double[N];
                if (onGpu)
                {
                    using var dp = device.Allocate<double>(N);
                    PolynomialKernels.Features(device, k, dx!, dp);
                    result[k] = dp.ToArray();
                }
                else
                {
                    PolynomialKernels.Features(k, new ReadOnlyTensorSpan<double>(x, new nint[] { N, N }), new TensorSpan<double>(result[k], new nint[] { N }));
                }
            }
            return result;
        }

        private static double[] RandomGraph(Random rng, int n, double density)
        {
            var x = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    if (rng.NextDouble() < density) x[i * n + j] = x[j * n + i] = 1;
                }
            }
            return x;
        }

        // Node i becomes node π(i): (P X Pᵀ)[π(i), π(j)] = X[i, j].
        private static double[] PermuteGraph(double[] x, int[] pi)
        {
            var y = new double[x.Length];
            for (int i = 0; i < N; i++)
            {
                for (int j = 0; j < N; j++) y[pi[i] * N + pi[j]] = x[i * N + j];
            }
            return y;
        }

        // Row i becomes row π(i).
        private static double[] PermuteRows(double[] a, int width, int[] pi)
        {
            var y = new double[a.Length];
            for (int i = 0; i < N; i++) Array.Copy(a, i * width, y, pi[i] * width, width);
            return y;
        }
    }
}
