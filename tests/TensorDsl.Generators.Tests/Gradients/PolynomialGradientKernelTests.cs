using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using TensorDsl.Generators.Tests.Harness;
using TensorDsl.Language.Einsum;
using Xunit;

namespace TensorDsl.Generators.Tests.Gradients
{
    /// <summary>The [Gradient] of each of the 12 graph polynomials (double), compiled once with array runners.</summary>
    public sealed class PolynomialGradientKernels
    {
        public static readonly string[] Specs =
        {
            "ab,ac,ad,bc,cd->bd", "ab,ac,ad,bc,bd,cd->", "ab,ac,ad,bc,bd,cd->a", "ab,ac,ad,bc,bd,cd->ab", "ab,bc,bd,be,cd,ce->de",
            "ab,bd,be,cd,ce,de->ac", "ab,bd,be,cd,ce,de->bc", "ab,bd,be,cd,ce,de->ca", "ab,bd,be,cd,ce,de->cb", "ab,ad,ae,bc,cd,de->be",
            "ab,ad,ae,bc,cd,de->eb", "ac,ad,ae,bc,bd,be->cd",
        };

        public PolynomialGradientKernels()
        {
            var sb = new StringBuilder();
            sb.AppendLine("using System.Numerics.Tensors;");
            sb.AppendLine("using TensorDsl;");
            sb.AppendLine("namespace TestPolynomialGradients;");
            sb.AppendLine("public static partial class K");
            sb.AppendLine("{");
            for (int k = 0; k < Specs.Length; k++)
            {
                sb.AppendLine($"    [EquivariantPolynomial(\"{Specs[k]}\")]");
                sb.AppendLine($"    public static partial void F{k}(ReadOnlyTensorSpan<double> x, TensorSpan<double> p);");
                sb.AppendLine($"    [Gradient(nameof(F{k}))]");
                sb.AppendLine($"    public static partial void B{k}(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> dP, TensorSpan<double> dX);");
            }
            sb.AppendLine("}");
            sb.AppendLine("public static class Runners");
            sb.AppendLine("{");
            for (int k = 0; k < Specs.Length; k++)
            {
                sb.AppendLine($"    public static void Cpu{k}(double[] x, double[] d, double[] g, nint n, nint[] o) => K.B{k}(new ReadOnlyTensorSpan<double>(x, [n, n]), new ReadOnlyTensorSpan<double>(d, o), new TensorSpan<double>(g, [n, n]));");
                sb.AppendLine($"    public static void Gpu{k}(TensorDevice dev, double[] x, double[] d, double[] g, nint n, nint[] o)");
                sb.AppendLine("    {");
                sb.AppendLine("        using var tx = dev.Upload(x, n, n); using var td = dev.Upload(d, o); using var tg = dev.Allocate<double>(n, n);");
                sb.AppendLine($"        K.B{k}(dev, tx, td, tg);");
                sb.AppendLine("        tg.ToArray().CopyTo(g, 0);");
                sb.AppendLine("    }");
            }
            sb.AppendLine("}");
            Assembly = GeneratorHarness.CompileAndLoad(sb.ToString());
        }

        public Assembly Assembly { get; }
    }

    /// <summary>
    /// The backward of each of the 12 graph polynomials (every edge reads the one adjacency tensor x, n = 5) on the CPU and
    /// on ILGPU's CPU accelerator, against the same interpreter-built oracle: the sum over x's appearances of the einsum's
    /// gradient with respect to that appearance, the others held at x.
    /// </summary>
    public sealed class PolynomialGradientKernelTests : IClassFixture<PolynomialGradientKernels>
    {
        private readonly PolynomialGradientKernels _kernels;

        public PolynomialGradientKernelTests(PolynomialGradientKernels kernels) => _kernels = kernels;

        [Fact]
        public void Every_generated_backward_kernel_compiles_to_PTX()
        {
            var kernels = PtxCompiler.GeneratedKernels(_kernels.Assembly);
            Assert.NotEmpty(kernels);
            PtxCompiler.AssertAllCompile(kernels);
        }

        public static IEnumerable<object[]> Cases => PolynomialGradientKernels.Specs.Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(Cases))]
        public void The_backward_matches_the_interpreter_on_both_backends(string spec)
        {
            const int n = 5;
            int k = Array.IndexOf(PolynomialGradientKernels.Specs, spec);
            var parsed = EinsumParser.ParseOrThrow(spec);
            var rng = new Random(40 + k);
            var x = CorpusGradientKernelTests.Random(rng, new nint[] { n, n });
            nint[] outShape = parsed.Output.Labels.Length == 0 ? new nint[] { 1 } : parsed.Output.Labels.Select(_ => (nint)n).ToArray();
            var dP = CorpusGradientKernelTests.Random(rng, outShape);
            var operands = parsed.Inputs.Select(_ => x).ToArray();
            var shapes = parsed.Inputs.Select(_ => new nint[] { n, n }).ToArray();
            var expected = new double[n * n];
            for (int i = 0; i < operands.Length; i++)
            {
                var part = CorpusGradientKernelTests.Gradient(parsed, i, operands, shapes, dP, outShape, _ => n);
                for (int e = 0; e < expected.Length; e++) expected[e] += part[e];
            }
            var runners = _kernels.Assembly.GetType("TestPolynomialGradients.Runners")!;
            foreach (bool gpu in new[] { false, true })
            {
                var g = Enumerable.Repeat(1e6, n * n).ToArray();
                var args = new List<object> { x, dP, g, (nint)n, outShape };
                if (gpu) args.Insert(0, KernelChecker.Device.Value);
                runners.GetMethod((gpu ? "Gpu" : "Cpu") + k)!.Invoke(null, args.ToArray());
                CorpusGradientKernelTests.AssertClose(expected, g, $"{spec} on {(gpu ? "ilgpu-cpu" : "cpu")}: dX");
            }
        }
    }
}
