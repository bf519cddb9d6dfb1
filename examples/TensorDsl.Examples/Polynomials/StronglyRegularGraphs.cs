namespace TensorDsl.Examples.Polynomials
{
    /// <summary>
    /// Two strongly regular graphs with parameters (16, 6, 2, 2) that are not isomorphic, built from their definitions.
    /// 2-FWL (and so PPGN) cannot tell them apart; the K4 count can.
    /// </summary>
    public static class StronglyRegularGraphs
    {
        /// <summary>The 4×4 rook's graph: cells of a 4×4 board, adjacent when in the same row or the same column.
        /// Row-major 16×16 adjacency, cell (r, c) is node 4r + c.</summary>
        public static double[] Rook4x4()
        {
            var x = new double[16 * 16];
            for (int u = 0; u < 16; u++)
            {
                for (int v = 0; v < 16; v++)
                {
                    bool sameRow = u / 4 == v / 4, sameColumn = u % 4 == v % 4;
                    if (u != v && (sameRow || sameColumn)) x[u * 16 + v] = 1;
                }
            }
            return x;
        }

        /// <summary>The Shrikhande graph: the Cayley graph of Z4×Z4 with connection set ±(1,0), ±(0,1), ±(1,1).
        /// Element (i, j) is node 4i + j.</summary>
        public static double[] Shrikhande()
        {
            var steps = new[] { (1, 0), (3, 0), (0, 1), (0, 3), (1, 1), (3, 3) };
            var x = new double[16 * 16];
            for (int i = 0; i < 4; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    foreach (var (di, dj) in steps)
                    {
                        int u = 4 * i + j, v = 4 * ((i + di) % 4) + (j + dj) % 4;
                        x[u * 16 + v] = 1;
                    }
                }
            }
            return x;
        }

        /// <summary>The parameters (n, k, λ, μ) when <paramref name="x"/> is a strongly regular graph (every node of degree
        /// k, adjacent nodes with λ common neighbours, distinct non-adjacent nodes with μ), else null.</summary>
        public static (int N, int K, int Lambda, int Mu)? Parameters(double[] x, int n)
        {
            int k = -1, lambda = -1, mu = -1;
            for (int u = 0; u < n; u++)
            {
                int degree = 0;
                for (int w = 0; w < n; w++) degree += (int)x[u * n + w];
                if (k >= 0 && degree != k) return null;
                k = degree;
                for (int v = 0; v < n; v++)
                {
                    if (v == u) continue;
                    int common = 0;
                    for (int w = 0; w < n; w++) common += (int)(x[u * n + w] * x[v * n + w]);
                    ref int target = ref (x[u * n + v] != 0 ? ref lambda : ref mu);
                    if (target >= 0 && common != target) return null;
                    target = common;
                }
            }
            return (n, k, lambda, mu);
        }
    }
}
