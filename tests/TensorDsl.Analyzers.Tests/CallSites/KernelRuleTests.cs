using System.Threading.Tasks;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CallSites
{
    /// <summary>
    /// The run-time rules restated at the call: [Dim] sizes, the output shape, ranks, diagonals, '...' broadcasting, rank-0
    /// results, [TensorProgram] (no broadcasting) and [GauntProduct] ((L+1)² harmonic axes, equal-or-1 leading axes).
    /// Each case would throw in the generated code (see ShapeBinding, GauntRows).
    /// </summary>
    public class KernelRuleTests
    {
        private const string Dimmed = """
                [Einsum("ij,jk->ik"), Dim("j", 4)]
                public static partial void Fixed(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
            """;

        [Fact]
        public async Task DimFixedSize()
        {
            string message = await CallSiteHarness.SingleMessageAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.Fixed({|TDSL0030:new ReadOnlyTensorSpan<float>(d, [3, 5])|}, new ReadOnlyTensorSpan<float>(d, [5, 2]), new TensorSpan<float>(d, [3, 2]));
                    }
                """, Dimmed));
            Assert.StartsWith("Index 'j' is 4 ([Dim(\"j\", 4)]) but 5 in argument 'a' (line ", message);
        }

        [Fact]
        public async Task DimContradictedWhenEveryOperandBroadcasts()
        {
            string message = await CallSiteHarness.SingleMessageAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.Fixed({|TDSL0030:new ReadOnlyTensorSpan<float>(d, [3, 1])|}, new ReadOnlyTensorSpan<float>(d, [1, 2]), new TensorSpan<float>(d, [3, 2]));
                    }
                """, Dimmed));
            Assert.StartsWith("Index 'j' is 4 ([Dim(\"j\", 4)]) but 1 in argument 'a'", message);
        }

        [Fact]
        public Task RankOfAnOperandAndOfTheOutput()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.MatMul({|TDSL0031:new ReadOnlyTensorSpan<float>(d, [2, 3, 4])|}, new ReadOnlyTensorSpan<float>(d, [4, 5]), new TensorSpan<float>(d, [3, 5]));
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, [4, 5]), {|TDSL0031:new TensorSpan<float>(d, [15])|});
                    }
                """));

        [Fact]
        public Task DiagonalAxesMustBeEqual()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.Diag({|TDSL0030:new ReadOnlyTensorSpan<float>(d, [3, 1])|}, new TensorSpan<float>(d, [3]));
                    }
                """, """
                    [Einsum("ii->i")]
                    public static partial void Diag(ReadOnlyTensorSpan<float> a, TensorSpan<float> r);
                """));

        [Fact]
        public async Task EllipsisAxesAlignRightAndBroadcast()
        {
            var diagnostics = await CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.Batched(new ReadOnlyTensorSpan<float>(d, [2, 6, 3, 4]), {|TDSL0030:new ReadOnlyTensorSpan<float>(d, [5, 4, 2])|}, new TensorSpan<float>(d, [2, 6, 3, 2]));
                        Kernels.Batched(new ReadOnlyTensorSpan<float>(d, [2, 6, 3, 4]), new ReadOnlyTensorSpan<float>(d, [1, 4, 2]), {|TDSL0031:new TensorSpan<float>(d, [6, 3, 2])|});
                        Kernels.Batched(new ReadOnlyTensorSpan<float>(d, [2, 1, 3, 4]), new ReadOnlyTensorSpan<float>(d, [7, 4, 2]), {|TDSL0030:new TensorSpan<float>(d, [2, 1, 3, 2])|});
                    }
                """, """
                    [Einsum("...ij,...jk->...ik")]
                    public static partial void Batched(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """));
            Assert.StartsWith("Broadcast axis 1 from the right ('...') is 6 from argument 'a'", diagnostics[0].GetMessage());
            Assert.StartsWith("Broadcast axis 1 from the right ('...') of the result is 7 from argument 'b'", diagnostics[2].GetMessage());
        }

        [Fact]
        public Task RankZeroResultGoesIntoShapeOne()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.Dot(new ReadOnlyTensorSpan<float>(d, [3]), new ReadOnlyTensorSpan<float>(d, [3]), {|TDSL0030:new TensorSpan<float>(d, [3])|});
                        Kernels.Dot(new ReadOnlyTensorSpan<float>(d, [3]), new ReadOnlyTensorSpan<float>(d, [3]), {|TDSL0031:new TensorSpan<float>(d, [1, 1])|});
                        Kernels.Dot(new ReadOnlyTensorSpan<float>(d, [3]), new ReadOnlyTensorSpan<float>(d, [3]), new TensorSpan<float>(d, [1]));
                    }
                """, """
                    [Einsum("i,i->")]
                    public static partial void Dot(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> r);
                """));

        [Fact]
        public async Task ProgramsDoNotBroadcast()
        {
            var diagnostics = await CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.Scaled(new ReadOnlyTensorSpan<float>(d, [3, 4]), {|TDSL0030:new ReadOnlyTensorSpan<float>(d, [1, 5])|}, 2f, new TensorSpan<float>(d, [3, 5]));
                        Kernels.Scaled(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, [4, 2]), 2f, {|TDSL0030:new TensorSpan<float>(d, [5, 2])|});
                        Kernels.Scaled(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, [4, 2]), 2f, {|TDSL0030:new TensorSpan<float>(d, [3, 3])|});
                    }
                """, """
                    [TensorProgram("o[i,k] = s * sum[j](x[i,j] * y[j,k])"), Dim("k", 2)]
                    public static partial void Scaled(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, float s, TensorSpan<float> o);
                """));
            Assert.StartsWith("Index 'j' is 4 from argument 'x' (line ", diagnostics[0].GetMessage());
            Assert.Contains("but 1 in argument 'y'", diagnostics[0].GetMessage());
            Assert.StartsWith("Index 'i' is 3 from argument 'x'", diagnostics[1].GetMessage());
            Assert.Contains("but 5 in output argument 'o'", diagnostics[1].GetMessage());
            Assert.Contains("Index 'k' is 2 ([Dim(\"k\", 2)]) but 3 in output argument 'o'", diagnostics[2].GetMessage());
        }

        [Fact]
        public async Task GauntHarmonicAndLeadingAxes()
        {
            var diagnostics = await CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.Product({|TDSL0030:new ReadOnlyTensorSpan<float>(d, [8, 10])|}, new ReadOnlyTensorSpan<float>(d, [8, 4]), new TensorSpan<float>(d, [8, 16]));
                        Kernels.Product(new ReadOnlyTensorSpan<float>(d, [8, 9]), {|TDSL0030:new ReadOnlyTensorSpan<float>(d, [7, 4])|}, new TensorSpan<float>(d, [8, 16]));
                        Kernels.Product(new ReadOnlyTensorSpan<float>(d, [8, 9]), new ReadOnlyTensorSpan<float>(d, [1, 4]), {|TDSL0030:new TensorSpan<float>(d, [1, 16])|});
                        Kernels.Product(new ReadOnlyTensorSpan<float>(d, [8, 9]), new ReadOnlyTensorSpan<float>(d, [4]), {|TDSL0031:new TensorSpan<float>(d, [16])|});
                        Kernels.Product(new ReadOnlyTensorSpan<float>(d, [8, 9]), new ReadOnlyTensorSpan<float>(d, [1, 4]), new TensorSpan<float>(d, [8, 16]));
                        Kernels.Product(new ReadOnlyTensorSpan<float>(d, [8, 9]), new ReadOnlyTensorSpan<float>(d, [4]), new TensorSpan<float>(d, [8, 16]));
                    }
                """, """
                    [GauntProduct(2, 1, 3)]
                    public static partial void Product(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);
                """));
            // Leading axes broadcast as in NumPy (y of rank 1 is one set of coefficients for every row); the harmonic axes are exact.
            Assert.StartsWith("Index 'i' is 9 (the degree L1 = 2 of gaunt[2,1,3], (L1 + 1)² = 9) but 10 in argument 'x'", diagnostics[0].GetMessage());
            Assert.StartsWith("Broadcast axis 1 from the right ('...') is 8 from argument 'x'", diagnostics[1].GetMessage());
            Assert.StartsWith("Broadcast axis 1 from the right ('...') of the result is 8 from argument 'x'", diagnostics[2].GetMessage());
        }
    

        [Fact]
        public async Task PolynomialSquareAdjacencyAndMarkedAxes()
        {
            // x is passed once per edge: edges a-b and b-c tie x's two axes, so x must be square; p has one axis of x's size
            // per marked node. A valid call and an invariant (p of shape [1]) give nothing.
            var diagnostics = await CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.Paths({|TDSL0030:new ReadOnlyTensorSpan<float>(d, [4, 5])|}, new TensorSpan<float>(d, [4, 4]));
                        Kernels.Paths(new ReadOnlyTensorSpan<float>(d, [4, 4]), {|TDSL0030:new TensorSpan<float>(d, [4, 3])|});
                        Kernels.Paths(new ReadOnlyTensorSpan<float>(d, [4, 4]), {|TDSL0031:new TensorSpan<float>(d, [16])|});
                        Kernels.Paths(new ReadOnlyTensorSpan<float>(d, [4, 4]), new TensorSpan<float>(d, [4, 4]));
                        Kernels.Triangles(new ReadOnlyTensorSpan<float>(d, [4, 4]), new TensorSpan<float>(d, [1]));
                    }
                """, """
                    [EquivariantPolynomial("ab,bc->ac")]
                    public static partial void Paths(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);

                    [EquivariantPolynomial("a-b b-c c-a")]
                    public static partial void Triangles(ReadOnlyTensorSpan<float> x, TensorSpan<float> p);
                """));
            Assert.Contains("argument 'x'", diagnostics[0].GetMessage());
            Assert.Contains("4", diagnostics[0].GetMessage());
            Assert.Contains("5", diagnostics[0].GetMessage());
            Assert.Contains("output argument 'p'", diagnostics[1].GetMessage());
        }
    }
}
