using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.TestSupport;
using Xunit;

namespace TensorDsl.Tests.Gradients
{
    /// <summary>
    /// The derived backward of 100 random programs (<see cref="RandomGradientPrograms"/>: contractions, elementwise
    /// functions, intermediates, <c>max</c>, <c>softmax</c>·<c>sum</c>, <c>where</c> windows, a scalar) against central
    /// differences of the forward, both run by the double-precision interpreter: the gradient of L = Σ dO ⊙ O(inputs) with
    /// respect to every input and the scalar, relative error ≤ 1e-6 (<see cref="GradientCheck"/>; elements whose stencil
    /// straddles a kink of relu, abs, max or min are skipped, and the test asserts such skips stay rare).
    /// </summary>
    public sealed class RandomProgramGradientTests
    {
        private const int Count = 100;

        private static readonly Lazy<IReadOnlyList<RandomGradientPrograms.Case>> s_cases = new(() => RandomGradientPrograms.Cases(Count));

        public static IEnumerable<object[]> Indices() => Enumerable.Range(0, Count).Select(i => new object[] { i });

        [Fact]
        public void The_programs_cover_every_construct()
        {
            var texts = s_cases.Value.Select(c => c.Text).ToList();
            foreach (var construct in new[] { "softmax[", "max[", "where", "sum[", "relu(", "tanh(", "exp(", "log(", "sqrt(", "sigmoid(", "/ (1 +", "alpha", "t0[" })
            {
                Assert.True(texts.Count(t => t.Contains(construct, StringComparison.Ordinal)) >= 3, $"fewer than 3 programs use '{construct}'");
            }
        }

        [Theory]
        [MemberData(nameof(Indices))]
        public void The_gradient_of_a_random_program_matches_central_differences(int index)
        {
            var c = s_cases.Value[index];
            var rng = new Random(31 * index + 7);
            var sizes = RandomGradientPrograms.Pool.ToDictionary(ch => ch, _ => rng.Next(2, 5));
            var arguments = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, indices) in c.Inputs) arguments[name] = Random(rng, indices.Select(ch => (nint)sizes[ch]).ToArray());
            if (c.Alpha) arguments["alpha"] = 0.75;
            var dO = Random(rng, c.Output.Select(ch => (nint)sizes[ch]).ToArray());
            var differentiated = c.Inputs.Select(i => i.Name).Concat(c.Alpha ? new[] { "alpha" } : Array.Empty<string>()).ToArray();
            var (compared, kinks) = GradientCheck.AgainstCentralDifferences(c.ToString(), c.Text, arguments, new Dictionary<string, Tensor<double>> { ["o"] = dO }, differentiated, rng);
            Assert.True(compared >= 2 * kinks, $"{c}: {kinks} elements sit on a kink, only {compared} compared");
        }

        private static Tensor<double> Random(Random rnd, nint[] shape) => TestData.Host(TestData.Random(rnd, shape), shape);
    }
}
