using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Numerics.Tensors;
using System.Reflection;
using System.Text;
using TensorDsl.Generators.Tests.Harness;

namespace TensorDsl.Generators.Tests.Polynomials
{
    /// <summary>
    /// Compiles <c>[EquivariantPolynomial]</c> kernels with the real generator at test time, with array-based runner methods
    /// (tensor spans cannot go through delegates of ordinary types), runs them on the CPU or on ILGPU's CPU accelerator, and
    /// evaluates the oracle: the double-precision interpreter <c>Einsum.Evaluate</c> with x passed once per edge.
    /// </summary>
    public static class PolynomialHarness
    {
        /// <summary>Source with one partial method per case (M0, M1, …) in class <c>TestPolynomials.P</c> and runners Cpu{k}/Gpu{k}.</summary>
        public static string Build(IReadOnlyList<PolynomialCase> cases)
        {
            var sb = new StringBuilder();
            sb.AppendLine("using System.Numerics.Tensors;");
            sb.AppendLine("using TensorDsl;");
            sb.AppendLine("namespace TestPolynomials;");
            sb.AppendLine("public static partial class P");
            sb.AppendLine("{");
            for (int k = 0; k < cases.Count; k++)
            {
                var c = cases[k];
                sb.AppendLine($"    [EquivariantPolynomial(\"{c.Spec}\"{(c.Channels ? ", Channels = true" : "")})]");
                sb.AppendLine($"    public static partial void M{k}(ReadOnlyTensorSpan<{c.Element}> x, TensorSpan<{c.Element}> p);");
            }
            sb.AppendLine("}");
            sb.AppendLine("public static class Runners");
            sb.AppendLine("{");
            for (int k = 0; k < cases.Count; k++)
            {
                string T = cases[k].Element;
                sb.AppendLine($"    public static void Cpu{k}({T}[] x, nint[] xl, {T}[] p, nint[] pl) => P.M{k}(new ReadOnlyTensorSpan<{T}>(x, xl), new TensorSpan<{T}>(p, pl));");
                sb.AppendLine($"    public static void Gpu{k}(TensorDevice dev, {T}[] x, nint[] xl, {T}[] p, nint[] pl)");
                sb.AppendLine("    {");
                sb.AppendLine("        using var dx = dev.Upload(x, xl);");
                sb.AppendLine("        using var dp = dev.Upload(p, pl);");
                sb.AppendLine($"        P.M{k}(dev, dx, dp);");
                sb.AppendLine("        dp.DownloadBuffer().CopyTo(p, 0);");
                sb.AppendLine("    }");
            }
            sb.AppendLine("}");
            return sb.ToString();
        }

        /// <summary>Generates, compiles and loads the kernels of <paramref name="cases"/>.</summary>
        public static Assembly Compile(IReadOnlyList<PolynomialCase> cases) => GeneratorHarness.CompileAndLoad(Build(cases));

        /// <summary>The shape of x: n×n, or n×n×C with channels.</summary>
        public static nint[] XShape(PolynomialCase c, int n, int channels) => c.Channels ? new nint[] { n, n, channels } : new nint[] { n, n };

        /// <summary>The shape of p: n per marked node (then C with channels); [1] for an invariant without channels.</summary>
        public static nint[] PShape(PolynomialCase c, int n, int channels)
        {
            var shape = Enumerable.Repeat((nint)n, c.Marked).ToList();
            if (c.Channels) shape.Add(channels);
            if (shape.Count == 0) shape.Add(1);
            return shape.ToArray();
        }

        /// <summary>Runs case <paramref name="k"/> on x (dense, row-major) and returns p (dense, row-major).</summary>
        public static T[] Run<T>(Assembly assembly, int k, PolynomialCase c, T[] x, int n, int channels, bool gpu, TensorDevice? device = null) where T : unmanaged, INumber<T>
        {
            var runners = assembly.GetType("TestPolynomials.Runners")!;
            var pShape = PShape(c, n, channels);
            var p = new T[pShape.Aggregate(1L, (a, b) => a * b)];
            p.AsSpan().Fill(T.CreateChecked(12345)); // a sentinel: every element must be overwritten
            var xShape = XShape(c, n, channels);
            if (gpu)
            {
                var run = (Action<TensorDevice, T[], nint[], T[], nint[]>)Delegate.CreateDelegate(typeof(Action<TensorDevice, T[], nint[], T[], nint[]>), runners.GetMethod($"Gpu{k}")!);
                run(device ?? KernelChecker.Device.Value, x, xShape, p, pShape);
            }
            else
            {
                var run = (Action<T[], nint[], T[], nint[]>)Delegate.CreateDelegate(typeof(Action<T[], nint[], T[], nint[]>), runners.GetMethod($"Cpu{k}")!);
                run(x, xShape, p, pShape);
            }
            return p;
        }

        /// <summary>
        /// The oracle: <c>Einsum.Evaluate</c> of the case's einsum with x once per edge, per channel when there are channels
        /// (the channel-wise einsum is written here with its own channel letter, independently of the generator's choice).
        /// Returns p in row-major order.
        /// </summary>
        public static double[] Oracle(PolynomialCase c, double[] x, int n, int channels)
        {
            if (!c.Channels) return Evaluate(c.Einsum, x, n);
            int size = PShape(c, n, channels).Aggregate(1, (a, b) => a * (int)b);
            var result = new double[size];
            var slice = new double[n * n];
            for (int ch = 0; ch < channels; ch++)
            {
                for (int e = 0; e < n * n; e++) slice[e] = x[e * channels + ch];
                var value = Evaluate(c.Einsum, slice, n);
                for (int e = 0; e < value.Length; e++) result[e * channels + ch] = value[e];
            }
            return result;
        }

        private static double[] Evaluate(string einsum, double[] x, int n)
        {
            var tensor = Tensor.Create(x, new nint[] { n, n });
            int edges = einsum.Substring(0, einsum.IndexOf("->", StringComparison.Ordinal)).Split(',').Length;
            var result = TensorDsl.Einsum.Evaluate(einsum, Enumerable.Repeat(tensor, edges).ToArray());
            return result.ToArray();
        }

        /// <summary>A random simple undirected graph's 0/1 adjacency (zero diagonal), n×n, or C independent ones interleaved as n×n×C.</summary>
        public static double[] RandomGraph(Random rng, int n, int channels, double density = 0.5)
        {
            var x = new double[n * n * channels];
            for (int ch = 0; ch < channels; ch++)
            {
                for (int i = 0; i < n; i++)
                {
                    for (int j = i + 1; j < n; j++)
                    {
                        if (rng.NextDouble() < density) x[(i * n + j) * channels + ch] = x[(j * n + i) * channels + ch] = 1;
                    }
                }
            }
            return x;
        }

        /// <summary>P X Pᵀ for the permutation π (node i of X becomes node π(i)), per channel.</summary>
        public static double[] Permute(double[] x, int n, int channels, int[] pi)
        {
            var y = new double[x.Length];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    for (int ch = 0; ch < channels; ch++) y[(pi[i] * n + pi[j]) * channels + ch] = x[(i * n + j) * channels + ch];
                }
            }
            return y;
        }

        /// <summary>p permuted on every node axis (the first <paramref name="marked"/> axes), channels kept: P·p.</summary>
        public static T[] PermuteOutput<T>(T[] p, int n, int marked, int channels, int[] pi)
        {
            var y = new T[p.Length];
            int inner = channels;
            int count = 1;
            for (int a = 0; a < marked; a++) count *= n;
            var index = new int[marked];
            for (int e = 0; e < count; e++)
            {
                int rest = e, target = 0;
                for (int a = marked - 1; a >= 0; a--) { index[a] = rest % n; rest /= n; }
                for (int a = 0; a < marked; a++) target = target * n + pi[index[a]];
                for (int ch = 0; ch < inner; ch++) y[target * inner + ch] = p[e * inner + ch];
            }
            return y;
        }

        /// <summary>A random permutation of 0..n-1.</summary>
        public static int[] RandomPermutation(Random rng, int n)
        {
            var pi = Enumerable.Range(0, n).ToArray();
            for (int i = n - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (pi[i], pi[j]) = (pi[j], pi[i]);
            }
            return pi;
        }
    }
}
