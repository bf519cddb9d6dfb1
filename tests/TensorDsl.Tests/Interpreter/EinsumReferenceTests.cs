using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using System.Text.Json;
using TensorDsl.TestSupport;
using Xunit;

namespace TensorDsl.Tests.Interpreter
{
    /// <summary>
    /// The oracle of every einsum test, <see cref="Einsum.Evaluate"/>, checked against values computed outside the
    /// project: <c>tests/TestData/einsum/einsum_reference.json</c>, written by NumPy's <c>einsum</c> through the script
    /// beside it (diagonals, ellipsis and broadcasting, implicit outputs, rank-0 results, outer products, chains), and
    /// the shapes NumPy refuses, which the interpreter must refuse too.
    /// </summary>
    public sealed class EinsumReferenceTests
    {
        private const string File = "einsum/einsum_reference.json";

        /// <summary>Every spec of the reference file, as theory data.</summary>
        public static IEnumerable<object[]> Specs() => Reference.Value.Cases.Select(c => new object[] { c.Spec });

        /// <summary>Every refused spec of the reference file (with its shapes, since a spec may be listed twice).</summary>
        public static IEnumerable<object[]> RejectedSpecs() =>
            Reference.Value.Rejected.Select((r, i) => new object[] { i, r.Spec });

        [Fact]
        public void The_reference_holds_at_least_20_specs_of_every_kind()
        {
            var specs = Reference.Value.Cases.Select(c => c.Spec).ToList();
            Assert.True(specs.Count >= 20, $"{specs.Count} specs");
            Assert.Contains(specs, s => !s.Contains("->"));                                   // implicit output
            Assert.Contains(specs, s => s.Contains("..."));                                    // ellipsis
            Assert.Contains(specs, s => s.EndsWith("->", StringComparison.Ordinal));           // rank 0
            Assert.Contains(specs, s => s.Split("->")[0].Split(',').Any(HasRepeatedLabel));   // diagonal
            Assert.Contains("i,j->ij", specs);                                                 // outer product
        }

        [Theory]
        [MemberData(nameof(Specs))]
        public void Interpreter_matches_numpy(string spec)
        {
            foreach (var c in Reference.Value.Cases.Where(c => c.Spec == spec))
            {
                var operands = c.Operands.Select(o => Tensor.Create(o.Values, o.Shape.Select(l => (nint)l).ToArray())).ToArray();
                var result = Einsum.Evaluate(spec, operands);

                // NumPy's rank-0 result has shape []; the interpreter returns it with shape [1].
                long[] expectedShape = c.Expected.Shape.Length == 0 ? new long[] { 1 } : c.Expected.Shape;
                Assert.Equal(expectedShape, result.Lengths.ToArray().Select(l => (long)l).ToArray());
                var actual = new double[result.FlattenedLength];
                result.FlattenTo(actual);
                for (int p = 0; p < actual.Length; p++)
                {
                    double expected = c.Expected.Values[p];
                    Assert.True(Math.Abs(actual[p] - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)),
                        $"{spec}: element {p} is {actual[p]:R}, NumPy gives {expected:R}");
                }
            }
        }

        [Theory]
        [MemberData(nameof(RejectedSpecs))]
        public void Interpreter_refuses_what_numpy_refuses(int index, string spec)
        {
            var r = Reference.Value.Rejected[index];
            Assert.Equal(spec, r.Spec);
            var operands = r.Shapes.Select(s => Tensor.Create(new double[s.Aggregate(1L, (a, b) => a * b)], s.Select(l => (nint)l).ToArray())).ToArray();
            var e = Assert.ThrowsAny<ArgumentException>(() => Einsum.Evaluate(spec, operands));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }

        private static bool HasRepeatedLabel(string subscripts)
        {
            var labels = subscripts.Replace("...", "");
            return labels.Distinct().Count() < labels.Length;
        }

        private static readonly Lazy<ReferenceFile> Reference = new(() =>
            JsonSerializer.Deserialize<ReferenceFile>(System.IO.File.ReadAllText(RepositoryFiles.TestData(File)), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException(File + " is empty"));

        private sealed record ReferenceFile(string Numpy, ReferenceCase[] Cases, RejectedCase[] Rejected);

        private sealed record ReferenceCase(string Spec, ReferenceTensor[] Operands, ReferenceTensor Expected);

        private sealed record ReferenceTensor(long[] Shape, double[] Values);

        private sealed record RejectedCase(string Spec, long[][] Shapes);
    }
}
