using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests
{
    /// <summary>Valid kernels produce no diagnostic at all.</summary>
    public class ValidCorpusTests
    {
        private const string F1 = "ReadOnlyTensorSpan<float> a, TensorSpan<float> r";
        private const string F2 = "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> r";
        private const string D2 = "ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, TensorSpan<double> r";

        [Fact]
        public Task ValidKernelsHaveNoDiagnostics()
            => AnalyzerHarness.VerifyAsync(Sources.Usings + $$""""
                namespace Valid.Kernels
                {
                    [Dim("d", 64)]
                    public static partial class Corpus
                    {
                        [Einsum("ij,jk->ik")] static partial void MatMul({{F2}});
                        [Einsum("ij,jk")] static partial void ImplicitMatMul({{F2}});
                        [Einsum("bij,bjk->bik")] static partial void BatchedMatMul({{F2}});
                        [Einsum("...ij,...jk->...ik")] static partial void BroadcastMatMul({{F2}});
                        [Einsum("...ij,...jk")] static partial void ImplicitBroadcastMatMul({{F2}});
                        [Einsum("ij,jk->ik")] static partial void MatMulDouble({{D2}});
                        [Einsum("ij,jk->ik", Accumulate = true)] static partial void MatMulAccumulate({{F2}});
                        [Einsum(" ij , jk -> ik ")] static partial void WithSpaces({{F2}});
                        [Einsum("ii->i")] static partial void Diagonal({{F1}});
                        [Einsum("ii")] static partial void TraceIntoTensor({{F1}});
                        [Einsum("ii")] public static partial float Trace(ReadOnlyTensorSpan<float> a);
                        [Einsum("ii")] public static partial double TraceDouble(ReadOnlyTensorSpan<double> a);
                        [Einsum("ij,ij->")] public static partial float Dot(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b);
                        [Einsum("ij,ij->")] static partial void DotIntoTensor({{F2}});
                        [Einsum("ij,ij->", Accumulate = true)] static partial void DotAccumulate({{F2}});
                        [Einsum("i,j->ij")] static partial void Outer({{F2}});
                        [Einsum("aab,bc->ac")] static partial void DiagonalThenMatMul({{F2}});
                        [Einsum("ij->ji")] static partial void Transpose({{F1}});
                        [Einsum("ij->")] static partial void Sum({{F1}});
                        [Einsum("ijk->kji")] static partial void Permute({{F1}});
                        [Einsum("AB,Bc->Ac")] static partial void UpperCase({{F2}});
                        [Einsum("id,jd->ij")] static partial void UsesTypeDim({{F2}});
                        [Einsum("ij,jk->ik"), Dim("i", 4), Dim("j", 8), Dim("k", 16)] static partial void StaticSizes({{F2}});
                        [Einsum(@"ij,jk->ik")] static partial void Verbatim({{F2}});
                        [Einsum("""ij,jk->ik""")] static partial void Raw({{F2}});
                        [Einsum("""
                            ij,jk->ik
                            """)] static partial void RawMultiLine({{F2}});
                        [Einsum("ab,ac,ad,bc,cd->bd")]
                        static partial void Polynomial(ReadOnlyTensorSpan<float> x1, ReadOnlyTensorSpan<float> x2, ReadOnlyTensorSpan<float> x3,
                            ReadOnlyTensorSpan<float> x4, ReadOnlyTensorSpan<float> x5, TensorSpan<float> p);
                        [Einsum("ij,jk->ik")] static partial void InParameters(in ReadOnlyTensorSpan<float> a, scoped ReadOnlyTensorSpan<float> b, TensorSpan<float> r);

                        public static partial class Nested<T>
                        {
                            [Dim("d", 64)]
                            public partial struct Deeper
                            {
                                [Einsum("bd,d->b")] static partial void MatVec({{F2}});
                            }
                        }
                    }
                }
                """");
    }
}
