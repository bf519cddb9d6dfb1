using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Reflection;
using System.Text;
using TensorDsl.Generators.Tests.Harness;
using TensorDsl.Language.Einsum;
using TensorDsl.TestSupport;
using Xunit;

namespace TensorDsl.Generators.Tests.Gradients
{
    /// <summary>The [Gradient] of every opt_einsum-corpus spec (double), compiled once with array runners.</summary>
    public sealed class CorpusGradientKernels
    {
        public CorpusGradientKernels()
        {
            var sb = new StringBuilder();
            sb.AppendLine("using System.Numerics.Tensors;");
            sb.AppendLine("using TensorDsl;");
            sb.AppendLine("namespace TestCorpusGradients;");
            sb.AppendLine("public static partial class K");
            sb.AppendLine("{");
            var runners = new StringBuilder();
            for (int k = 0; k < OptEinsumCorpus.Specs.Length; k++)
            {
                int m = EinsumParser.ParseOrThrow(OptEinsumCorpus.Specs[k]).Inputs.Count;
                var inputs = Enumerable.Range(0, m).Select(i => $"ReadOnlyTensorSpan<double> a{i}").ToList();
                sb.AppendLine($"    [Einsum(\"{OptEinsumCorpus.Specs[k]}\")]");
                sb.AppendLine($"    public static partial void F{k}({string.Join(", ", inputs)}, TensorSpan<double> result);");
                sb.AppendLine($"    [Gradient(nameof(F{k}))]");
                sb.AppendLine($"    public static partial void B{k}({string.Join(", ", inputs)}, ReadOnlyTensorSpan<double> dResult, {string.Join(", ", Enumerable.Range(0, m).Select(i => $"TensorSpan<double> dA{i}"))});");
                var ins = Enumerable.Range(0, m).Select(i => $"new ReadOnlyTensorSpan<double>(a[{i}], s[{i}])");
                var outs = Enumerable.Range(0, m).Select(i => $"new TensorSpan<double>(g[{i}], s[{i}])");
                runners.AppendLine($"    public static void Cpu{k}(double[][] a, double[] d, double[][] g, nint[][] s, nint[] o) => K.B{k}({string.Join(", ", ins)}, new ReadOnlyTensorSpan<double>(d, o), {string.Join(", ", outs)});");
                runners.AppendLine($"    public static void Gpu{k}(TensorDevice dev, double[][] a, double[] d, double[][] g, nint[][] s, nint[] o)");
                runners.AppendLine("    {");
                for (int i = 0; i < m; i++) runners.AppendLine($"        using var a{i} = dev.Upload(a[{i}], s[{i}]); using var g{i} = dev.Allocate<double>(s[{i}]);");
                runners.AppendLine("        using var dO = dev.Upload(d, o);");
                runners.AppendLine($"        K.B{k}(dev, {string.Join(", ", Enumerable.Range(0, m).Select(i => $"a{i}"))}, dO, {string.Join(", ", Enumerable.Range(0, m).Select(i => $"g{i}"))});");
                for (int i = 0; i < m; i++) runners.AppendLine($"        g{i}.ToArray().CopyTo(g[{i}], 0);");
                runners.AppendLine("    }");
            }
            sb.AppendLine("}");
            sb.AppendLine("public static class Runners");
            sb.AppendLine("{");
            sb.Append(runners);
            sb.AppendLine("}");
            Assembly = GeneratorHarness.CompileAndLoad(sb.ToString());
        }

        public Assembly Assembly { get; }
    }

    /// <summary>
    /// Issue 14's done-when 1 for the generated kernels: the backward of every opt_einsum-corpus spec (every input's
    /// gradient, double) on the CPU and on ILGPU's CPU accelerator, against an oracle built on the einsum interpreter: an
    /// einsum is linear in each operand, so operand k's gradient is the einsum of dO with the other operands onto k's
    /// letters (<see cref="Einsum.Evaluate"/>), broadcast over letters no other operand or the output has, and placed on
    /// the diagonal where k repeats a letter.
    /// </summary>
    public sealed class CorpusGradientKernelTests : IClassFixture<CorpusGradientKernels>
    {
        private readonly CorpusGradientKernels _kernels;

        public CorpusGradientKernelTests(CorpusGradientKernels kernels) => _kernels = kernels;

        [Fact]
        public void Every_generated_backward_kernel_compiles_to_PTX()
        {
            var kernels = PtxCompiler.GeneratedKernels(_kernels.Assembly);
            Assert.NotEmpty(kernels);
            PtxCompiler.AssertAllCompile(kernels);
        }

        [Theory]
        [MemberData(nameof(OptEinsumCorpus.Cases), MemberType = typeof(OptEinsumCorpus))]
        public void The_backward_matches_the_interpreter_on_both_backends(string spec)
        {
            int k = Array.IndexOf(OptEinsumCorpus.Specs, spec);
            var parsed = EinsumParser.ParseOrThrow(spec);
            var shapes = OptEinsumCorpus.Shapes(spec);
            string output = parsed.Output.Labels;
            nint[] outShape = output.Length == 0 ? new nint[] { 1 } : output.Select(c => (nint)OptEinsumCorpus.SizeOf(c)).ToArray();
            var rng = new Random(k + 1);
            var a = shapes.Select(s => Random(rng, s)).ToArray();
            var dO = Random(rng, outShape);
            var expected = Enumerable.Range(0, a.Length).Select(i => Gradient(parsed, i, a, shapes, dO, outShape, OptEinsumCorpus.SizeOf)).ToArray();
            var runners = _kernels.Assembly.GetType("TestCorpusGradients.Runners")!;
            foreach (bool gpu in new[] { false, true })
            {
                var g = shapes.Select(s => Enumerable.Repeat(1e6, (int)s.Aggregate((nint)1, (x, y) => x * y)).ToArray()).ToArray();
                var run = runners.GetMethod((gpu ? "Gpu" : "Cpu") + k)!;
                var args = new List<object> { a, dO, g, shapes, outShape };
                if (gpu) args.Insert(0, KernelChecker.Device.Value);
                run.Invoke(null, args.ToArray());
                for (int i = 0; i < a.Length; i++) AssertClose(expected[i], g[i], $"{spec} on {(gpu ? "ilgpu-cpu" : "cpu")}: dA{i}");
            }
        }

        // The gradient of operand k, by linearity, from the interpreter.
        internal static double[] Gradient(EinsumSpec spec, int k, double[][] a, nint[][] shapes, double[] dO, nint[] outShape, Func<char, int> size)
        {
            string own = spec.Inputs[k].Labels;
            string output = spec.Output.Labels;
            var others = Enumerable.Range(0, a.Length).Where(i => i != k).ToList();
            var available = new HashSet<char>(output.Concat(others.SelectMany(i => spec.Inputs[i].Labels)));
            string distinct = new string(own.Distinct().ToArray());
            string reached = new string(distinct.Where(available.Contains).ToArray());
            var operands = new List<Tensor<double>>();
            var subscripts = new List<string>();
            double factor = 1;
            if (output.Length > 0)
            {
                operands.Add(Tensor.Create(dO, outShape));
                subscripts.Add(output);
            }
            else
            {
                factor = dO[0];
            }
            foreach (int i in others)
            {
                operands.Add(Tensor.Create(a[i], shapes[i]));
                subscripts.Add(spec.Inputs[i].Labels);
            }
            double[] partial;
            if (operands.Count == 0)
            {
                partial = new[] { 1.0 };
            }
            else
            {
                var t = Einsum.Evaluate(string.Join(",", subscripts) + "->" + reached, operands.ToArray());
                partial = new double[t.FlattenedLength];
                t.FlattenTo(partial);
            }
            // Place: element at the operand's multi-index gets partial[reached letters' values] where repeated letters agree.
            var shape = shapes[k];
            var result = new double[(int)shape.Aggregate((nint)1, (x, y) => x * y)];
            var index = new int[shape.Length];
            for (int e = 0; e < result.Length; e++)
            {
                int rest = e;
                for (int d = shape.Length - 1; d >= 0; d--)
                {
                    index[d] = rest % (int)shape[d];
                    rest /= (int)shape[d];
                }
                var value = new Dictionary<char, int>();
                bool diagonal = true;
                for (int d = 0; d < own.Length; d++)
                {
                    if (value.TryGetValue(own[d], out int v)) diagonal &= v == index[d];
                    else value[own[d]] = index[d];
                }
                if (!diagonal) continue;
                int at = 0;
                foreach (char c in reached) at = at * size(c) + value[c];
                result[e] = factor * partial[at];
            }
            return result;
        }

        /// <summary>Every element within 1e-11 of the expected value, relative to max(1, |expected|).</summary>
        internal static void AssertClose(double[] expected, double[] got, string what)
        {
            for (int e = 0; e < got.Length; e++)
            {
                Assert.True(Math.Abs(got[e] - expected[e]) <= 1e-11 * Math.Max(1, Math.Abs(expected[e])), $"{what}[{e}] = {got[e]:R}, expected {expected[e]:R}");
            }
        }

        internal static double[] Random(Random rng, nint[] shape)
            => Enumerable.Range(0, (int)shape.Aggregate((nint)1, (x, y) => x * y)).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
    }
}
