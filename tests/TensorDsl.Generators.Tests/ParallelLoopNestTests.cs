using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>
    /// Loop nests large enough to be split across the cores (<c>LoopParallel</c>: each thread its own rows of the
    /// output) give the interpreter's result — outer products, transposes, diagonals, a direct three-operand nest and a
    /// pairwise step — dense and strided, float and double.
    /// </summary>
    public sealed class ParallelLoopNestTests
    {
        private static readonly (string Spec, long[][] Shapes)[] s_specs =
        {
            ("ab,ac->abc", new[] { new long[] { 70, 60 }, new long[] { 70, 50 } }),
            ("ba->ab", new[] { new long[] { 700, 500 } }),
            ("aab->ab", new[] { new long[] { 300, 300, 40 } }),
            ("ab,b,a->ab", new[] { new long[] { 500, 400 }, new long[] { 400 }, new long[] { 500 } }),
            ("ij,ik,il->jkl", new[] { new long[] { 3, 60 }, new long[] { 3, 50 }, new long[] { 3, 40 } }),
        };

        private static readonly SpecCases s_cases = new(s_specs
            .SelectMany(s => new[] { (new KernelSpec(s.Spec, "float"), s.Shapes), (new KernelSpec(s.Spec, "double"), s.Shapes) }).ToList());

        public static IEnumerable<object[]> Indices() => s_cases.Indices();

        [Theory]
        [MemberData(nameof(Indices))]
        public void Matches_the_interpreter(int index) => s_cases.Check(index, gpu: false);

        [Fact]
        public void The_cases_are_split()
        {
            // Every case's nest must reach LoopParallel (else these tests check nothing new).
            var source = KernelSourceBuilder.Build(s_cases.Cases.Select(c => c.Kernel).ToList());
            var (_, _, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
            string generated = string.Join("\n", result.GeneratedTrees.Select(t => t.ToString()));
            Assert.True(System.Text.RegularExpressions.Regex.Matches(generated, "LoopParallel.For").Count >= s_cases.Cases.Count);
        }
    }
}
