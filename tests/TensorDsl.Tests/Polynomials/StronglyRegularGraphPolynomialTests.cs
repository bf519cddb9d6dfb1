using System;
using System.Linq;
using TensorDsl.Language.Polynomials;
using TensorDsl.Polynomials;
using Xunit;

namespace TensorDsl.Tests.Polynomials
{
    /// <summary>
    /// The numbers the polynomial example prints, for the 4×4 rook's graph and the Shrikhande graph, against counts
    /// derived by hand from the graphs' definitions and their srg(16,6,2,2) parameters.
    /// </summary>
    public sealed class StronglyRegularGraphPolynomialTests
    {
        private const int N = 16;

        // Built here from the definitions, independently of the example's builders.
        private static double[] Rook() => Adjacency((u, v) => u / 4 == v / 4 || u % 4 == v % 4);

        // Cayley graph of Z4×Z4, node 4i+j = (i, j): adjacent when the difference is ±(1,0), ±(0,1) or ±(1,1).
        private static double[] Shrikhande() => Adjacency((u, v) =>
        {
            int di = ((u / 4 - v / 4) % 4 + 4) % 4, dj = ((u % 4 - v % 4) % 4 + 4) % 4;
            return (di, dj) is (1, 0) or (3, 0) or (0, 1) or (0, 3) or (1, 1) or (3, 3);
        });

        private static double[] Adjacency(Func<int, int, bool> adjacent)
        {
            var x = new double[N * N];
            for (int u = 0; u < N; u++)
            {
                for (int v = 0; v < N; v++) x[u * N + v] = u != v && adjacent(u, v) ? 1 : 0;
            }
            return x;
        }

        private static double[][] Evaluate(double[] x, params string[] specs) => new PolynomialBatch(specs, N).Evaluate(x);

        [Fact]
        public void Both_graphs_are_srg_16_6_2_2()
        {
            foreach (var x in new[] { Rook(), Shrikhande() })
            {
                for (int u = 0; u < N; u++)
                {
                    Assert.Equal(0, x[u * N + u]);
                    Assert.Equal(6, Enumerable.Range(0, N).Sum(w => x[u * N + w]));
                    for (int v = 0; v < N; v++)
                    {
                        Assert.Equal(x[u * N + v], x[v * N + u]);
                        if (u == v) continue;
                        double common = Enumerable.Range(0, N).Sum(w => x[u * N + w] * x[v * N + w]);
                        Assert.Equal(2, common); // λ = μ = 2
                    }
                }
            }
            Assert.NotEqual(Rook(), Shrikhande());
        }

        [Fact]
        public void Closed_walks_come_from_the_srg_spectrum()
        {
            // srg(16,6,2,2): eigenvalues k = 6 (once) and the roots of x² − (λ−μ)x − (k−μ) = x² − 4, ±2, with
            // multiplicities f + g = 15, 6 + 2f − 2g = 0 (trace 0): f = 6, g = 9. So tr A^k = 6^k + 6·2^k + 9·(−2)^k:
            // 96, 192, 1536, 7680, 47616 for k = 2..6, on both graphs. The k-cycle polynomial is tr A^k (it sums over
            // all node assignments, so it counts closed walks); k = 2 is the parallel edge ab,ab.
            var specs = new[] { "ab,ab->", "ab,bc,ca->", "ab,bc,cd,da->", "ab,bc,cd,de,ea->", "ab,bc,cd,de,ef,fa->" };
            var expected = new double[] { 96, 192, 1536, 7680, 47616 };
            foreach (var x in new[] { Rook(), Shrikhande() })
            {
                Assert.Equal(expected, Evaluate(x, specs).Select(r => r[0]));
            }
        }

        [Fact]
        public void Vectors_and_matrices_from_the_parameters()
        {
            foreach (var x in new[] { Rook(), Shrikhande() })
            {
                var r = Evaluate(x, "ab->a", "ab,bc->ac", "ab,ac,bc->a");
                Assert.All(r[0], v => Assert.Equal(6, v)); // degree k
                for (int u = 0; u < N; u++)
                {
                    for (int v = 0; v < N; v++) Assert.Equal(u == v ? 6 : 2, r[1][u * N + v]); // A²: k on the diagonal, λ = μ = 2 off it
                }
                // Triangles at a node, ordered: 2·(edges among its neighbours). Rook: a row triangle and a column triangle,
                // 6 edges; Shrikhande: the neighbourhood is a 6-cycle, 6 edges. 12 on both.
                Assert.All(r[2], v => Assert.Equal(12, v));
            }
        }

        [Fact]
        public void K4_separates_the_graphs()
        {
            // Rook's graph: its K4s are the 4 rows and 4 columns (a clique lies in one line), 8 K4s, 24 orders each: 192.
            // Shrikhande: a K4 would put a triangle in some neighbourhood, but every neighbourhood is a 6-cycle: 0.
            Assert.Equal(192, Evaluate(Rook(), "ab,ac,ad,bc,bd,cd->")[0][0]);
            Assert.Equal(0, Evaluate(Shrikhande(), "ab,ac,ad,bc,bd,cd->")[0][0]);
            // K4 with outputs a, b: ordered (c, d) completing the edge ab to a K4. Rook: the other 2 cells of the line, 2
            // orders; Shrikhande: none.
            var rook = Rook();
            var r = Evaluate(rook, "ab,ac,ad,bc,bd,cd->ab")[0];
            for (int k = 0; k < N * N; k++) Assert.Equal(rook[k] * 2, r[k]);
            Assert.All(Evaluate(Shrikhande(), "ab,ac,ad,bc,bd,cd->ab")[0], v => Assert.Equal(0, v));
        }

        [Fact]
        public void Degree_5_element_differs_as_a_matrix_but_not_as_a_multiset()
        {
            // P[b,d] = ordered edges (a, c) inside the common neighbourhood of b and d. b = d: 2·(edges in N(b)) = 12.
            // Rook, b ~ d: the other two cells of their line, adjacent: 2; b ≁ d: the two "corner" cells, not adjacent: 0.
            // Shrikhande, b ~ d: d's two neighbours on the hexagon N(b), not adjacent: 0; the total Σ P = 96·λ² = 384 on
            // both graphs then forces 192/2 = 96 non-adjacent pairs with 2. So the sorted entries agree (16×12, 96×2,
            // 144×0) while P differs from graph to graph as a matrix.
            const string spec = "ab,ac,ad,bc,cd->bd";
            var rook = Rook();
            var shrikhande = Shrikhande();
            var pr = Evaluate(rook, spec)[0];
            var ps = Evaluate(shrikhande, spec)[0];
            for (int b = 0; b < N; b++)
            {
                for (int d = 0; d < N; d++)
                {
                    int k = b * N + d;
                    Assert.Equal(b == d ? 12 : rook[k] * 2, pr[k]);
                    if (b == d) Assert.Equal(12, ps[k]);
                    else if (shrikhande[k] == 1) Assert.Equal(0, ps[k]);
                }
            }
            Assert.Equal(96, ps.Count(v => v == 2));
            Assert.Equal(pr.OrderBy(v => v), ps.OrderBy(v => v));
        }

        [Fact]
        public void Every_matrix_computable_element_up_to_degree_6_agrees()
        {
            // PPGN is as strong as 2-FWL, which does not separate these two graphs: every element elimination can compute
            // has the same value (scalars) or the same sorted entries (vectors, matrices) on both. K4 shows the converse.
            var polynomials = MultigraphEnumerator.ConnectedSimple(6);
            var batch = new PolynomialBatch(polynomials, N);
            var onRook = batch.Evaluate(Rook());
            var onShrikhande = batch.Evaluate(Shrikhande());
            int differing = 0;
            for (int p = 0; p < polynomials.Count; p++)
            {
                bool same = onRook[p].OrderBy(v => v).SequenceEqual(onShrikhande[p].OrderBy(v => v));
                if (MatrixProductElimination.IsComputable(polynomials[p])) Assert.True(same, polynomials[p].ToEinsum());
                else if (!same) differing++;
            }
            Assert.True(differing >= 1);
        }
    }
}
