using System.Threading.Tasks;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CallSites
{
    /// <summary>
    /// Calls that are valid, or whose shapes are not certain at compile time: no diagnostic at all. Includes NumPy
    /// broadcasting (size-1 axes, '...' of different ranks) that the runtime accepts.
    /// </summary>
    public class ValidCallCorpusTests
    {
        private const string Kernels = """
                [Einsum("...ij,...jk->...ik")]
                public static partial void Batched(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                [Einsum("ij,jk->ik"), Dim("j", 4)]
                public static partial void Fixed(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                [Einsum("ii->i")]
                public static partial void Diag(ReadOnlyTensorSpan<float> a, TensorSpan<float> r);
                [Einsum("i,i->")]
                public static partial float Dot(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b);
                [GauntProduct(2, 1, 3)]
                public static partial void Product(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);
                [TensorProgram("o[i,k] = sum[j](x[i,j] * y[j,k])")]
                public static partial void Program(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> o);
            """;

        [Fact]
        public Task MatchingAndBroadcastingShapes()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, [4, 5]), new TensorSpan<float>(d, [3, 5]));
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, [3, 1]), new ReadOnlyTensorSpan<float>(d, [4, 5]), new TensorSpan<float>(d, [3, 5]));
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, [1, 4]), new ReadOnlyTensorSpan<float>(d, [4, 5]), new TensorSpan<float>(d, [1, 5]));
                        Kernels.Batched(new ReadOnlyTensorSpan<float>(d, [2, 1, 3, 4]), new ReadOnlyTensorSpan<float>(d, [6, 4, 5]), new TensorSpan<float>(d, [2, 6, 3, 5]));
                        Kernels.Batched(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, [4, 5]), new TensorSpan<float>(d, [3, 5]));
                        Kernels.Fixed(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, [1, 5]), new TensorSpan<float>(d, [3, 5]));
                        Kernels.Diag(new ReadOnlyTensorSpan<float>(d, [3, 3]), new TensorSpan<float>(d, [3]));
                        Kernels.Dot(new ReadOnlyTensorSpan<float>(d, [3]), new ReadOnlyTensorSpan<float>(d, [1]));
                        Kernels.Product(new ReadOnlyTensorSpan<float>(d, [1, 9]), new ReadOnlyTensorSpan<float>(d, [8, 4]), new TensorSpan<float>(d, [8, 16]));
                        Kernels.Program(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, [4, 5]), new TensorSpan<float>(d, [3, 5]));
                    }
                """, Kernels));

        [Fact]
        public Task UnknownShapesAreNeverGuessed()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    private static nint s_rows = 3;
                    private static readonly nint[] s_shape = [5, 4];
                    public static void Run(float[] d, ReadOnlyTensorSpan<float> p, TensorSpan<float> q, int n, bool flag)
                    {
                        // Parameters, non-constant lengths, a mutable static shape array.
                        Kernels.MatMul(p, new ReadOnlyTensorSpan<float>(d, [5, 4]), q);
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, [3, n]), new ReadOnlyTensorSpan<float>(d, [5, 4]), new TensorSpan<float>(d, [s_rows, 4]));
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, s_shape), new TensorSpan<float>(d, [3, 4]));
                        // [Dim] j = 4 with every known operand of size 1: the unknown one may give 4.
                        Kernels.Fixed(new ReadOnlyTensorSpan<float>(d, [3, 1]), p, new TensorSpan<float>(d, [3, 5]));
                        // An unknown '...' operand may have any number of broadcast axes.
                        Kernels.Batched(p, new ReadOnlyTensorSpan<float>(d, [4, 5]), new TensorSpan<float>(d, [7, 7, 3, 5]));
                        // A size-1 axis whose partner is unknown.
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, [3, 1]), p, new TensorSpan<float>(d, [3, 9]));
                        // Spread elements and empty lengths.
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, [.. s_shape]), new ReadOnlyTensorSpan<float>(d, [5, 4]), q);
                    }
                """, Kernels));

        [Fact]
        public Task ReassignmentRefOutAndCapturesMakeALocalUnknown()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d, bool flag)
                    {
                        var a = new ReadOnlyTensorSpan<float>(d, [3, 4]);
                        if (flag) a = new ReadOnlyTensorSpan<float>(d, [3, 5]);
                        Kernels.MatMul(a, new ReadOnlyTensorSpan<float>(d, [5, 2]), new TensorSpan<float>(d, [3, 2]));

                        var b = new ReadOnlyTensorSpan<float>(d, [3, 4]);
                        for (int i = 0; i < 2; i++) b = new ReadOnlyTensorSpan<float>(d, [3, i + 4]);
                        Kernels.MatMul(b, new ReadOnlyTensorSpan<float>(d, [5, 2]), new TensorSpan<float>(d, [3, 2]));

                        var c = new ReadOnlyTensorSpan<float>(d, [3, 4]);
                        Replace(ref c);
                        Kernels.MatMul(c, new ReadOnlyTensorSpan<float>(d, [5, 2]), new TensorSpan<float>(d, [3, 2]));

                        Tensor<float> t = Tensor.Create(new float[12], [3, 4]);
                        Action reset = () => t = Tensor.Create(new float[15], [3, 5]);
                        reset();
                        Kernels.MatMul(t, new ReadOnlyTensorSpan<float>(d, [5, 2]), new TensorSpan<float>(d, [3, 2]));

                        nint[] shape = [3, 4];
                        shape[1] = 5;
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, shape), new ReadOnlyTensorSpan<float>(d, [5, 2]), new TensorSpan<float>(d, [3, 2]));

                        Make(out var o);
                        Kernels.MatMul(o, new ReadOnlyTensorSpan<float>(d, [5, 2]), new TensorSpan<float>(d, [3, 2]));
                    }

                    private static void Replace(ref ReadOnlyTensorSpan<float> s) => s = default;
                    private static void Make(out Tensor<float> t) => t = Tensor.CreateFromShape<float>([3, 5]);
                """, Kernels));

        [Fact]
        public Task ReadonlyFieldsAssignedInAConstructorAreUnknown()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    private static readonly Tensor<float> Weights = Tensor.Create(new float[12], [3, 4]);
                    private readonly Tensor<float> _bias = Tensor.CreateFromShape<float>([4, 2]);
                    static Calls() { Calls.Weights = Tensor.CreateFromShape<float>([3, 5]); }
                    public Calls(bool wide) { if (wide) this._bias = Tensor.CreateFromShape<float>([5, 2]); }
                    public void Run(float[] c)
                    {
                        Kernels.MatMul(Weights, new ReadOnlyTensorSpan<float>(c, [5, 2]), new TensorSpan<float>(c, [3, 2]));
                        Kernels.MatMul(Tensor.CreateFromShape<float>([3, 5]), _bias, new TensorSpan<float>(c, [3, 2]));
                    }
                """, Kernels));

        [Fact]
        public Task EarlierCallsProveOnlyWhatTheyCan()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(TensorSpan<float> out1, TensorSpan<float> out2, ReadOnlyTensorSpan<float> p, float[] d, bool flag)
                    {
                        // The earlier call's result shape is not known (p is unknown): nothing is proven about out1.
                        Kernels.MatMul(p, new ReadOnlyTensorSpan<float>(d, [4, 5]), out1);
                        Kernels.MatMul(out1, new ReadOnlyTensorSpan<float>(d, [6, 2]), new TensorSpan<float>(d, [3, 2]));
                        // A conditional call proves nothing for what follows it.
                        if (flag) Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, [4, 5]), out2);
                        Kernels.MatMul(out2, new ReadOnlyTensorSpan<float>(d, [6, 2]), new TensorSpan<float>(d, [3, 2]));
                        // Matching the proven shape is fine.
                        Kernels.MatMul(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, [4, 5]), out1);
                        Kernels.MatMul(out1, new ReadOnlyTensorSpan<float>(d, [5, 2]), new TensorSpan<float>(d, [3, 2]));
                    }
                """, Kernels));

        [Fact]
        public Task InvalidKernelsAreNotCheckedAtTheirCalls()
            => CallSiteHarness.VerifyAsync(CallSiteHarness.Source("""
                    public static void Run(float[] d)
                    {
                        Kernels.Broken(new ReadOnlyTensorSpan<float>(d, [3, 4]), new ReadOnlyTensorSpan<float>(d, [5, 4]), new TensorSpan<float>(d, [3, 5]));
                    }
                """, """
                    [Einsum("ij,j{|TDSL0001:$|}k->ik")]
                    public static partial void Broken(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """));
    }
}
