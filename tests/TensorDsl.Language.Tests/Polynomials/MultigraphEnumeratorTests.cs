using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Polynomials;
using Xunit;

namespace TensorDsl.Language.Tests.Polynomials
{
    public sealed class MultigraphEnumeratorTests
    {
        private static int[] CountByEdges(IEnumerable<Multigraph> graphs, int maxEdges)
            => Enumerable.Range(1, maxEdges).Select(e => graphs.Count(g => g.EdgeCount == e)).ToArray();

        [Fact]
        public void Connected_simple_graphs_match_OEIS_A002905()
        {
            // Connected graphs by number of edges: 1, 1, 3, 5, 12, 30 (OEIS A002905).
            Assert.Equal(new[] { 1, 1, 3, 5, 12, 30 }, CountByEdges(MultigraphEnumerator.Enumerate(6, 0, MultigraphFamily.SimpleGraphs), 6));
        }

        [Fact]
        public void Connected_loopless_multigraphs_match_OEIS_A076864()
        {
            // Connected loopless multigraphs by number of edges: 1, 2, 5, 12, 33 (OEIS A076864).
            Assert.Equal(new[] { 1, 2, 5, 12, 33 }, CountByEdges(MultigraphEnumerator.Enumerate(5, 0, MultigraphFamily.LooplessMultigraphs), 5));
        }

        [Fact]
        public void Multigraphs_with_loops_by_hand()
        {
            // 1 edge: a-b, a-a. 2 edges: a-b-c, a=b (parallel), a-a plus a-b, two loops on a.
            var graphs = MultigraphEnumerator.Enumerate(2, 0);
            Assert.Equal(new[] { 2, 4 }, CountByEdges(graphs, 2));
            Assert.Contains(MultigraphCanonicalizer.Canonicalize(MultigraphParser.FromEinsumOrThrow("aa,aa->")), graphs);
            Assert.Contains(MultigraphCanonicalizer.Canonicalize(MultigraphParser.FromEinsumOrThrow("aa,ab->")), graphs);
            // Marked: a-b with one mark (1: the nodes are equivalent), two marks (1: (a,b) ~ (b,a)); a-b-c with one
            // mark (end or centre: 2), two marks ((end,centre), (centre,end), (end,end): 3).
            var simple1 = MultigraphEnumerator.Enumerate(2, 1, MultigraphFamily.SimpleGraphs);
            var simple2 = MultigraphEnumerator.Enumerate(2, 2, MultigraphFamily.SimpleGraphs);
            Assert.Equal(new[] { 1, 2 }, CountByEdges(simple1, 2));
            Assert.Equal(new[] { 1, 3 }, CountByEdges(simple2, 2));
        }

        [Fact]
        public void Marked_simple_graphs_match_a_naive_enumeration()
        {
            // Independent oracle: every labelled graph on up to 5 nodes with 1..4 edges and every mark tuple, grouped by a
            // naive key: the smallest relabelled edge list over all node permutations (no refinement, no pruning).
            for (int marks = 0; marks <= 2; marks++)
            {
                var expected = NaiveClasses(4, marks);
                var actual = MultigraphEnumerator.Enumerate(4, marks, MultigraphFamily.SimpleGraphs);
                Assert.Equal(CountByEdges(expected.Values, 4), CountByEdges(actual, 4));
                foreach (var g in actual)
                {
                    Assert.True(g.IsSimple && g.IsConnected);
                    Assert.True(expected.ContainsKey(NaiveKey(g)));
                }
            }
        }

        [Fact]
        public void Every_enumerated_graph_is_canonical_and_distinct()
        {
            var all = MultigraphEnumerator.Enumerate(4, 2);
            Assert.Equal(all.Count, all.Distinct().Count());
            Assert.All(all, g => Assert.Equal(g, MultigraphCanonicalizer.Canonicalize(g)));
            Assert.All(all, g => Assert.True(g.IsConnected));
            Assert.Contains(all, g => !g.IsSimple);
        }

        private static Dictionary<long, Multigraph> NaiveClasses(int maxEdges, int marks)
        {
            var classes = new Dictionary<long, Multigraph>();
            for (int n = 2; n <= maxEdges + 1; n++)
            {
                var pairs = new List<(int, int)>();
                for (int u = 0; u < n; u++) for (int v = u + 1; v < n; v++) pairs.Add((u, v));
                for (int mask = 1; mask < 1 << pairs.Count; mask++)
                {
                    var edges = pairs.Where((_, k) => (mask & (1 << k)) != 0).ToList();
                    if (edges.Count > maxEdges) continue;
                    if (Enumerable.Range(0, n).Any(v => !edges.Any(e => e.Item1 == v || e.Item2 == v))) continue;
                    var tuples = marks == 0 ? new[] { new int[0] }
                        : marks == 1 ? Enumerable.Range(0, n).Select(v => new[] { v }).ToArray()
                        : (from a in Enumerable.Range(0, n) from b in Enumerable.Range(0, n) where a != b select new[] { a, b }).ToArray();
                    foreach (var t in tuples)
                    {
                        var g = Multigraph.Create("abcdefg".Substring(0, n), edges, t);
                        if (!g.IsConnected) continue;
                        classes.TryAdd(NaiveKey(g), g);
                    }
                }
            }
            return classes;
        }

        private static readonly Dictionary<int, int[][]> PermutationCache = new();

        // The smallest (node count, marks, adjacency bitmask) over every relabelling; simple graphs on at most 5 nodes.
        private static long NaiveKey(Multigraph g)
        {
            int n = g.NodeCount;
            if (!PermutationCache.TryGetValue(n, out var perms)) PermutationCache[n] = perms = Permutations(n).ToArray();
            long best = long.MaxValue;
            foreach (var p in perms)
            {
                long bits = 0;
                foreach (var e in g.Edges) bits |= (1L << (p[e.U] * 5 + p[e.V])) | (1L << (p[e.V] * 5 + p[e.U]));
                long marks = 0;
                foreach (int v in g.Marked) marks = marks * 8 + p[v] + 1;
                long key = ((n * 64L + marks) << 40) ^ bits;
                if (key < best) best = key;
            }
            return best;
        }

        private static IEnumerable<int[]> Permutations(int n)
        {
            if (n == 0)
            {
                yield return new int[0];
                yield break;
            }
            foreach (var p in Permutations(n - 1))
            {
                for (int k = 0; k <= p.Length; k++)
                {
                    var q = p.Take(k).Concat(new[] { n - 1 }).Concat(p.Skip(k)).ToArray();
                    yield return q;
                }
            }
        }
    }
}
