using System.Numerics.Tensors;
using TensorDsl;

namespace TensorDsl.Benchmarks.Kernels
{
    /// <summary>
    /// The <c>programs</c> suite: models written as <c>[TensorProgram]</c>s, and the same math hand-composed from
    /// <c>[Einsum]</c> calls and loops (what a user would write without programs).
    /// </summary>
    public static partial class ProgramBenchmarkKernels
    {
        /// <summary>Tucker reconstruction: a core tensor times a factor matrix along each mode.</summary>
        [TensorProgram("x[i,j,k] = sum[a,b,c](g[a,b,c] * u[i,a] * v[j,b] * w[k,c])")]
        public static partial void Tucker(ReadOnlyTensorSpan<float> g, ReadOnlyTensorSpan<float> u, ReadOnlyTensorSpan<float> v, ReadOnlyTensorSpan<float> w, TensorSpan<float> x);

        /// <summary>The same, with a 'where' window that admits every core index (ra = r): the planner leaves it a scalar loop
        /// nest (TDSL0027), which is how every program ran before programs were planned like einsums.</summary>
        [TensorProgram("x[i,j,k] = sum[a,b,c](g[a,b,c] * u[i,a] * v[j,b] * w[k,c]) where a < ra")]
        public static partial void TuckerLoopNest(ReadOnlyTensorSpan<float> g, ReadOnlyTensorSpan<float> u, ReadOnlyTensorSpan<float> v, ReadOnlyTensorSpan<float> w, int ra, TensorSpan<float> x);

        [Einsum("abc,ia,jb,kc->ijk")]
        public static partial void TuckerEinsum(ReadOnlyTensorSpan<float> g, ReadOnlyTensorSpan<float> u, ReadOnlyTensorSpan<float> v, ReadOnlyTensorSpan<float> w, TensorSpan<float> x);

        /// <summary>A dense layer with bias and ReLU.</summary>
        [TensorProgram("y[b,o] = relu(sum[i](x[b,i] * w[i,o]) + bias[o])")]
        public static partial void Dense(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> w, ReadOnlyTensorSpan<float> bias, TensorSpan<float> y);

        /// <summary>A two-layer perceptron: dense + ReLU, then dense.</summary>
        [TensorProgram("""
            h[b,j] = relu(sum[i](x[b,i] * w1[i,j]) + b1[j])
            y[b,k] = sum[j](h[b,j] * w2[j,k]) + b2[k]
            """)]
        public static partial void Mlp(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> w1, ReadOnlyTensorSpan<float> b1,
            ReadOnlyTensorSpan<float> w2, ReadOnlyTensorSpan<float> b2, TensorSpan<float> y);

        /// <summary>A channel-wise bilinear coupling with a fixed coefficient tensor (a Clebsch–Gordan-like product).</summary>
        [TensorProgram("z[n,c,k] = sum[i,j](x[n,c,i] * y[n,c,j] * cg[i,j,k])")]
        public static partial void Bilinear(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> cg, TensorSpan<float> z);

        [Einsum("nci,ncj,ijk->nck")]
        public static partial void BilinearEinsum(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> cg, TensorSpan<float> z);

        /// <summary>A five-operand contraction: a chain of five matrices.</summary>
        [TensorProgram("o[a,f] = sum[b,c,d,e](m1[a,b] * m2[b,c] * m3[c,d] * m4[d,e] * m5[e,f])")]
        public static partial void Chain5(ReadOnlyTensorSpan<float> m1, ReadOnlyTensorSpan<float> m2, ReadOnlyTensorSpan<float> m3,
            ReadOnlyTensorSpan<float> m4, ReadOnlyTensorSpan<float> m5, TensorSpan<float> o);

        [Einsum("ab,bc,cd,de,ef->af")]
        public static partial void Chain5Einsum(ReadOnlyTensorSpan<float> m1, ReadOnlyTensorSpan<float> m2, ReadOnlyTensorSpan<float> m3,
            ReadOnlyTensorSpan<float> m4, ReadOnlyTensorSpan<float> m5, TensorSpan<float> o);

        /// <summary>A matrix product, the einsum half of the hand-composed dense layer and perceptron.</summary>
        [Einsum("bi,io->bo")]
        public static partial void MatMul(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> w, TensorSpan<float> y);
    }
}
