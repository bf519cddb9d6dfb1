using System;
using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CallSites
{
    /// <summary>
    /// True positives, one per shape source: each call would throw at run time (the sizes are written so that the runtime's
    /// rules — one size per index, 1 broadcasts — make it fail), and the analyzer reports TDSL0030 on the argument the
    /// runtime would blame, with the index, both sizes and both origins.
    /// </summary>
    public class ShapeSourceTests
    {
        private static int LineOf(string markup, string snippet)
        {
            string source = Markup.Parse(markup).Source;
            int at = source.IndexOf(snippet, StringComparison.Ordinal);
            Assert.True(at >= 0, "snippet not found: " + snippet);
            return source.Substring(0, at).Split('\n').Length;
        }

        [Fact]
        public async Task InlineSpansWithCollectionExpressions_ThePackageConsumerCase()
        {
            string markup = CallSiteHarness.Source("""
                    public static void Run()
                    {
                        var a = new float[12]; var b = new float[20]; var c = new float[15];
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(a, [3, 4]), {|TDSL0030:new ReadOnlyTensorSpan<float>(b, [5, 4])|}, new TensorSpan<float>(c, [3, 5]));
                    }
                """);
            string message = await CallSiteHarness.SingleMessageAsync(markup);
            int line = LineOf(markup, "Kernels.MatMul(");
            Assert.Equal(
                $"Index 'j' is 4 from argument 'a' (line {line}: new ReadOnlyTensorSpan<float>(a, [3, 4])) but 5 in argument 'b' (line {line}: new ReadOnlyTensorSpan<float>(b, [5, 4])); sizes of one index must be equal or 1",
                message);
        }

        [Fact]
        public async Task ThePackageConsumerCaseInTopLevelStatements()
        {
            string markup = "using System.Numerics.Tensors;\nusing TensorDsl;\n\n" + """
                var a = new float[12]; var b = new float[20]; var c = new float[15];
                Kernels.MatMul(new ReadOnlyTensorSpan<float>(a, [3, 4]), {|TDSL0030:new ReadOnlyTensorSpan<float>(b, [5, 4])|}, new TensorSpan<float>(c, [3, 5]));

                public static partial class Kernels
                {
                    [Einsum("ij,jk->ik")]
                    public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                }
                """;
            var diagnostics = await CallSiteHarness.VerifyAsync(markup, Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);
            Assert.StartsWith("Index 'j' is 4 from argument 'a' (line 5: new ReadOnlyTensorSpan<float>(a, [3, 4])) but 5 in argument 'b' (line 5:", Assert.Single(diagnostics).GetMessage());
        }

        [Fact]
        public async Task ArrayCreationLengths()
        {
            string markup = CallSiteHarness.Source("""
                    public static void Run(float[] a, float[] b, float[] c)
                    {
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(a, new nint[] { 3, 4 }), new ReadOnlyTensorSpan<float>(b, new nint[] { 4, 5 }), {|TDSL0030:new TensorSpan<float>(c, new nint[] { 3, 6 })|});
                    }
                """);
            string message = await CallSiteHarness.SingleMessageAsync(markup);
            int line = LineOf(markup, "Kernels.MatMul(");
            Assert.Equal($"Index 'k' of the result is 5 from argument 'b' (line {line}: new ReadOnlyTensorSpan<float>(b, new nint[] {{ 4, 5 }})) but 6 in output argument 'c' (line {line}: new TensorSpan<float>(c, new nint[] {{ 3, 6 }}))", message);
        }

        [Fact]
        public async Task StackallocLengthsAndStrides()
        {
            string markup = CallSiteHarness.Source("""
                    public static void Run(float[] a, float[] b, float[] c)
                    {
                        var x = new ReadOnlyTensorSpan<float>(a, stackalloc nint[] { 3, 4 }, stackalloc nint[] { 1, 3 });
                        Kernels.MatMul(x, {|TDSL0030:new ReadOnlyTensorSpan<float>(b, stackalloc nint[] { 7, 5 }, stackalloc nint[] { 5, 1 })|}, new TensorSpan<float>(c));
                    }
                """);
            string message = await CallSiteHarness.SingleMessageAsync(markup);
            // The origin is shortened to 80 characters.
            Assert.StartsWith($"Index 'j' is 4 from argument 'a' (line {LineOf(markup, "var x")}: new ReadOnlyTensorSpan<float>(a, stackalloc nint[] {{ 3, 4 }}, stackalloc nint[] …) but 7 in argument 'b'", message);
        }

        [Fact]
        public async Task ConstLocalsAndConstFieldsAsLengths()
        {
            string markup = CallSiteHarness.Source("""
                    private const int Rows = 3;
                    public static void Run(float[] a, float[] b, float[] c)
                    {
                        const int inner = 4;
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(a, [Rows, inner]), {|TDSL0030:new ReadOnlyTensorSpan<float>(b, [inner + 1, 2])|}, new TensorSpan<float>(c, [Rows, 2]));
                    }
                """);
            string message = await CallSiteHarness.SingleMessageAsync(markup);
            Assert.Contains("Index 'j' is 4 from argument 'a'", message);
            Assert.Contains("but 5 in argument 'b'", message);
        }

        [Fact]
        public async Task ANonConstantLengthLeavesOnlyItsAxisUnknown()
        {
            string markup = CallSiteHarness.Source("""
                    public static void Run(float[] a, float[] b, float[] c, int n)
                    {
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(a, [n, 4]), {|TDSL0030:new ReadOnlyTensorSpan<float>(b, [5, n])|}, new TensorSpan<float>(c, [n, n]));
                    }
                """);
            string message = await CallSiteHarness.SingleMessageAsync(markup);
            Assert.StartsWith("Index 'j' is 4 from argument 'a' (line ", message);
            Assert.Contains("but 5 in argument 'b'", message);
        }

        [Fact]
        public async Task LengthsHeldInLocals()
        {
            string markup = CallSiteHarness.Source("""
                    public static void Run(float[] a, float[] b, float[] c)
                    {
                        ReadOnlySpan<nint> left = [3, 4];
                        nint[] right = { 6, 5 };
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(a, left), {|TDSL0030:new ReadOnlyTensorSpan<float>(b, right)|}, new TensorSpan<float>(c));
                    }
                """);
            string message = await CallSiteHarness.SingleMessageAsync(markup);
            Assert.Contains("Index 'j' is 4 from argument 'a'", message);
            Assert.Contains("but 6 in argument 'b'", message);
        }

        [Fact]
        public async Task TensorCreateAndItsImplicitConversion()
        {
            string markup = CallSiteHarness.Source("""
                    public static void Run()
                    {
                        Tensor<float> a = Tensor.Create(new float[12], [3, 4]);
                        Tensor<float> b = Tensor.Create<float>(new float[12], [3, 4], [4, 1]);
                        Tensor<float> c = Tensor.CreateFromShape<float>([3, 4]);
                        Kernels.MatMul(a, {|TDSL0030:b|}, c);
                    }
                """);
            string message = await CallSiteHarness.SingleMessageAsync(markup);
            int line = LineOf(markup, "Tensor<float> b");
            Assert.Contains($"but 3 in argument 'b' (line {line}: Tensor.Create<float>(new float[12], [3, 4], [4, 1]))", message);
        }

        [Fact]
        public Task CreateFromShapeUninitializedAndAsTensorSpan()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run()
                    {
                        var a = Tensor.CreateFromShapeUninitialized<float>([3, 4]);
                        var b = Tensor.CreateFromShape<float>([4, 5]);
                        var c = Tensor.CreateFromShapeUninitialized<float>([3, 4]);
                        Kernels.MatMul(a.AsReadOnlyTensorSpan(), b.AsReadOnlyTensorSpan(), {|TDSL0030:c.AsTensorSpan()|});
                    }
                """));

        [Fact]
        public async Task OneDimensionalArraysConvertImplicitly()
        {
            string markup = CallSiteHarness.Source("""
                    public static void Run()
                    {
                        float[] x = new float[8];
                        float[] y = [1f, 2f, 3f];
                        Kernels.Mul(x, {|TDSL0030:y|}, new float[8]);
                    }
                """);
            string message = await CallSiteHarness.SingleMessageAsync(markup);
            Assert.Contains($"Index 'i' is 8 from argument 'x' (line {LineOf(markup, "new float[8];")}: new float[8])", message);
            Assert.Contains($"but 3 in argument 'y' (line {LineOf(markup, "[1f, 2f, 3f]")}: [1f, 2f, 3f])", message);
        }

        [Fact]
        public Task PointerAndLengthConstructor()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float* p, float* q)
                    {
                        Kernels.Mul(new ReadOnlyTensorSpan<float>(p, 4), {|TDSL0030:new ReadOnlyTensorSpan<float>(q, 5)|}, new TensorSpan<float>(p, 4));
                    }
                """));

        [Fact]
        public Task LocalsWhoseAssignmentsAgree()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] data, bool flag)
                    {
                        var a = new ReadOnlyTensorSpan<float>(data, [3, 4]);
                        if (flag) a = new ReadOnlyTensorSpan<float>(data, [3, 4], [1, 3]);
                        ReadOnlyTensorSpan<float> b;
                        b = new ReadOnlyTensorSpan<float>(data, [2, 5]);
                        for (int i = 0; i < 3; i++) b = new ReadOnlyTensorSpan<float>(data, [2, 5]);
                        Kernels.MatMul(a, {|TDSL0030:b|}, new TensorSpan<float>(data, [3, 5]));
                    }
                """));

        [Fact]
        public async Task ReadonlyFieldsInitializedInTheType()
        {
            string markup = CallSiteHarness.Source("""
                    private static readonly Tensor<float> Weights = Tensor.Create(new float[12], [3, 4]);
                    private readonly Tensor<float> _bias = Tensor.CreateFromShape<float>([5, 2]);
                    public void Run(float[] c)
                    {
                        Kernels.MatMul(Weights, {|TDSL0030:_bias|}, new TensorSpan<float>(c, [3, 2]));
                        Kernels.MatMul(Calls.Weights, {|TDSL0030:this._bias|}, new TensorSpan<float>(c, [3, 2]));
                    }
                """);
            var diagnostics = await CallSiteHarness.VerifyAsync(markup);
            Assert.Contains($"(line {LineOf(markup, "Weights =")}: Tensor.Create(new float[12], [3, 4]))", diagnostics[0].GetMessage());
        }

        [Fact]
        public async Task TheOutputOfAnEarlierKernelCall()
        {
            string markup = CallSiteHarness.Source("""
                    public static void Run(TensorSpan<float> product, float[] a, float[] b, float[] d)
                    {
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(a, [3, 4]), new ReadOnlyTensorSpan<float>(b, [4, 5]), product);
                        Kernels.MatMul(product, {|TDSL0030:new ReadOnlyTensorSpan<float>(d, [6, 2])|}, new TensorSpan<float>(new float[6], [3, 2]));
                    }
                """);
            string message = await CallSiteHarness.SingleMessageAsync(markup);
            Assert.Contains($"Index 'j' is 5 from argument 'a' (line {LineOf(markup, "Kernels.MatMul(new")}: Kernels.MatMul(", message);
            Assert.Contains("(its result shape)) but 6 in argument 'b'", message);
        }
    }
}
