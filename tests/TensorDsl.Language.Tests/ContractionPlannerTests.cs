using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Planning;
using Xunit;

namespace TensorDsl.Language.Tests
{
    public sealed class ContractionPlannerTests
    {
        // opt_einsum.testing._default_dim_dict
        private static readonly Dictionary<char, long> DefaultSizes = "abcdefghijklmnopqABC"
            .Zip(new long[] { 2, 3, 4, 5, 4, 3, 2, 6, 5, 4, 3, 2, 5, 7, 4, 3, 2, 3, 4, 9 }).ToDictionary(p => p.First, p => p.Second);

        private static (string[] Inputs, string Output) Split(string spec)
        {
            var parts = spec.Split("->");
            var inputs = parts[0].Split(',');
            string output = parts.Length > 1 ? parts[1]
                : new string(string.Concat(inputs).GroupBy(c => c).Where(g => g.Count() == 1).Select(g => g.Key).OrderBy(c => c).ToArray());
            return (inputs, output);
        }

        /// <summary>Independent of the planner: the cost of a linear path, by opt_einsum's formula.</summary>
        private static double CostOf(string[] inputs, string output, IReadOnlyDictionary<char, long> sizes, (int, int)[] path)
        {
            var operands = inputs.Select(s => new HashSet<char>(s)).ToList();
            double total = 0;
            foreach (var (i, j) in path)
            {
                var a = operands[i];
                var b = operands[j];
                operands.RemoveAt(Math.Max(i, j));
                operands.RemoveAt(Math.Min(i, j));
                var needed = new HashSet<char>(output);
                foreach (var o in operands) needed.UnionWith(o);
                var union = new HashSet<char>(a.Concat(b));
                var result = new HashSet<char>(union.Where(needed.Contains));
                double space = union.Aggregate(1.0, (acc, c) => acc * sizes[c]);
                total += space * (union.Count > result.Count ? 2 : 1);
                operands.Add(result);
            }
            return total;
        }

        /// <summary>Every pairwise order, enumerated plainly: the minimum cost.</summary>
        private static double BruteForceMinimum(string[] inputs, string output, IReadOnlyDictionary<char, long> sizes)
        {
            double best = double.PositiveInfinity;
            void Walk(List<(int, int)> path, int remaining)
            {
                if (remaining == 1)
                {
                    best = Math.Min(best, CostOf(inputs, output, sizes, path.ToArray()));
                    return;
                }
                for (int i = 0; i < remaining; i++)
                {
                    for (int j = i + 1; j < remaining; j++)
                    {
                        path.Add((i, j));
                        Walk(path, remaining - 1);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }
            Walk(new List<(int, int)>(), inputs.Length);
            return best;
        }

        private static (int, int)[] Linear(ContractionPath path) => path.Steps.Select(s => (s.Left, s.Right)).ToArray();

        [Fact]
        public void Auto_and_dynamic_programming_find_the_brute_force_minimum_on_random_specs()
        {
            var rng = new Random(7);
            for (int trial = 0; trial < 150; trial++)
            {
                int n = rng.Next(2, 7);
                const string pool = "abcdefgh";
                var inputs = Enumerable.Range(0, n).Select(_ => new string(Enumerable.Range(0, rng.Next(1, 4)).Select(_ => pool[rng.Next(pool.Length)]).ToArray())).ToArray();
                var used = string.Concat(inputs).Distinct().ToArray();
                string output = new string(used.Where(_ => rng.NextDouble() < 0.3).ToArray());
                var sizes = used.ToDictionary(c => c, _ => (long)rng.Next(1, 9));
                double minimum = BruteForceMinimum(inputs, output, sizes);

                foreach (var strategy in new[] { PlannerStrategy.Auto, PlannerStrategy.DynamicProgramming, PlannerStrategy.Exhaustive })
                {
                    var path = ContractionPlanner.Plan(inputs, output, sizes, strategy: strategy);
                    string what = $"{strategy} on {string.Join(",", inputs)}->{output}";
                    Assert.Equal(n - 1, path.Steps.Count);
                    Assert.True(Math.Abs(path.Flops - minimum) <= 1e-9 * minimum, $"{what}: {path.Flops} vs brute force {minimum}");
                    // The reported cost is the path's real cost.
                    Assert.Equal(CostOf(inputs, output, sizes, Linear(path)), path.Flops, 6);
                }
                var greedy = ContractionPlanner.Plan(inputs, output, sizes, strategy: PlannerStrategy.Greedy);
                Assert.True(greedy.Flops >= minimum * (1 - 1e-12));
            }
        }

        // opt_einsum/tests/test_paths.py: path_edge_tests (default sizes) with the paths opt_einsum's algorithms chose.
        public static TheoryData<string, string> OptEinsumEdgePaths => new()
        {
            { "eb,cb,fb->cef", "0,2 0,1|1,2 0,1" },
            { "dd,fb,be,cdb->cef", "0,3 0,1 0,1|0,3 0,2 0,1" },
            { "bca,cdb,dbf,afc->", "1,2 0,2 0,1|1,2 1,2 0,1" },
            { "dcc,fce,ea,dbf->ab", "1,2 0,1 0,1|1,2 0,2 0,1" },
        };

        [Theory]
        [MemberData(nameof(OptEinsumEdgePaths))]
        public void Cost_is_never_above_opt_einsums_paths(string spec, string theirPaths)
        {
            var (inputs, output) = Split(spec);
            var ours = ContractionPlanner.Plan(inputs, output, DefaultSizes);
            foreach (var text in theirPaths.Split('|'))
            {
                var path = text.Split(' ').Select(p => p.Split(',')).Select(p => (int.Parse(p[0]), int.Parse(p[1]))).ToArray();
                double theirs = CostOf(inputs, output, DefaultSizes, path);
                Assert.True(ours.Flops <= theirs, $"{spec}: ours {ours.Flops} > opt_einsum's {theirs}");
            }
        }

        [Fact]
        public void Memory_paths_case_matches_opt_einsums_optimal_cost()
        {
            // test_memory_paths: optimal and greedy both choose [(0,3),(0,4),(0,2),(0,2),(0,1)] with no limit.
            var (inputs, output) = Split("abc,bdef,fghj,cem,mhk,ljk->adgl");
            var ours = ContractionPlanner.Plan(inputs, output, DefaultSizes);
            Assert.True(ours.Flops <= CostOf(inputs, output, DefaultSizes, new[] { (0, 3), (0, 4), (0, 2), (0, 2), (0, 1) }));

            // A tiny memory limit leaves no pairwise path: everything in one loop nest.
            Assert.Empty(ContractionPlanner.Plan(inputs, output, DefaultSizes, memoryLimit: 5).Steps);
        }

        [Fact]
        public void Outer_products_are_considered()
        {
            // test_can_optimize_outer_products: a, b, c are 10x10 and d is 10x2.
            var sizes = new Dictionary<char, long> { ['a'] = 10, ['b'] = 10, ['c'] = 10, ['d'] = 10, ['e'] = 10, ['f'] = 10, ['g'] = 2 };
            var inputs = new[] { "ab", "cd", "ef", "fg" };
            var ours = ContractionPlanner.Plan(inputs, "abcdeg", sizes);
            Assert.True(ours.Flops <= CostOf(inputs, "abcdeg", sizes, new[] { (2, 3), (0, 2), (0, 1) }));
            Assert.Equal((2, 3), Linear(ours)[0]);
        }

        [Fact]
        public void Ties_in_flops_go_to_the_smaller_largest_intermediate()
        {
            // GEMM1 of opt_einsum: abd,ac,bdc -> (scalar); sizes a=1,b=2,c=3,d=4.
            var sizes = new Dictionary<char, long> { ['a'] = 1, ['b'] = 2, ['c'] = 3, ['d'] = 4 };
            var path = ContractionPlanner.Plan(new[] { "abd", "ac", "bdc" }, "", sizes);
            Assert.Equal(new[] { (0, 2), (0, 1) }, Linear(path));
        }

        [Fact]
        public void Many_operands_use_greedy_and_finish()
        {
            // test_large_path: a chain of 60 matrices.
            const string symbols = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
            var inputs = Enumerable.Range(0, symbols.Length - 1).Select(t => symbols.Substring(t, 2)).ToArray();
            var sizes = symbols.Select((c, i) => (c, (long)(2 + i % 3))).ToDictionary(p => p.c, p => p.Item2);
            var path = ContractionPlanner.Plan(inputs, "", sizes);
            Assert.Equal(inputs.Length - 1, path.Steps.Count);
            Assert.Equal("Greedy", path.Strategy);
        }
    }
}
