using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using TensorDsl.CodeFixes;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CodeFixes
{
    /// <summary>
    /// The code fixes, applied in a workspace: the exact text they produce, that the diagnostic is gone afterwards, and
    /// that nothing is offered where the repair is a choice.
    /// </summary>
    public class CodeFixTests
    {
        private static string Kernel(string declaration)
            => Sources.Usings + "public static partial class Kernels\n{\n    [Einsum(\"ij,jk->ik\")]\n" + declaration + "\n}\n";

        [Fact]
        public Task AddsStaticAndPartial()
            => CodeFixHarness.VerifyFixAsync(new MakeStaticPartialCodeFix(),
                Kernel("    public void {|TDSL0005:MatMul|}(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);"),
                Kernel("    public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);"));

        [Fact]
        public Task AddsStaticToAPartialMethod()
            => CodeFixHarness.VerifyFixAsync(new MakeStaticPartialCodeFix(),
                Kernel("    partial void {|TDSL0005:MatMul|}(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);"),
                Kernel("    static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);"));

        [Fact]
        public Task NoFixWhenTheMethodHasABody()
            => CodeFixHarness.VerifyNoFixAsync(new MakeStaticPartialCodeFix(),
                Kernel("    public static void {|TDSL0005:MatMul|}(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c) { }"));

        [Fact]
        public Task ScalarReturnOfATensorResultBecomesAnOutput()
            => CodeFixHarness.VerifyFixAsync(new AddOutputParameterCodeFix(),
                Kernel("    public static partial {|TDSL0010:double|} MatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b);"),
                Kernel("    public static partial void MatMul(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> result);"));

        [Fact]
        public Task MissingOutputIsAdded()
            => CodeFixHarness.VerifyFixAsync(new AddOutputParameterCodeFix(),
                Kernel("    static partial void {|TDSL0010:MatMul|}(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> result);"),
                Kernel("    static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> result, TensorSpan<float> result2);"));

        [Fact]
        public Task NoFixForAMissingRankZeroOutput()
            => CodeFixHarness.VerifyNoFixAsync(new AddOutputParameterCodeFix(),
                Sources.InKernels("    [Einsum(\"ij,ij->\")]\n    static partial void {|TDSL0010:Dot|}(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b);"));

        [Fact]
        public Task ALastReadOnlyParameterBecomesTheOutput()
            => CodeFixHarness.VerifyFixAsync(new AddOutputParameterCodeFix(),
                Kernel("    static partial void {|TDSL0010:MatMul|}(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, ReadOnlyTensorSpan<float> c);"),
                Kernel("    static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);"));

        [Fact]
        public Task NoOutputFixWhenTheParameterCountIsAmbiguous()
            => CodeFixHarness.VerifyNoFixAsync(new AddOutputParameterCodeFix(),
                Kernel("    static partial void {|TDSL0010:MatMul|}(ReadOnlyTensorSpan<float> a);"));

        [Fact]
        public Task AnOperandDeclaredAsTensorSpanBecomesReadOnly()
            => CodeFixHarness.VerifyFixAsync(new ReadOnlyOperandCodeFix(),
                Kernel("    static partial void MatMul({|TDSL0006:TensorSpan<float> a|}, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);"),
                Kernel("    static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);"));
    }
}
