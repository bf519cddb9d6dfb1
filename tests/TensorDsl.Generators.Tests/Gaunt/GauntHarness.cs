using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Text;
using TensorDsl.Generators.Tests.Harness;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Tests.Gaunt
{
    /// <summary>One <c>[GauntProduct]</c> kernel under test.</summary>
    public sealed record GauntCase(int L1, int L2, int LOut, string Element, string Method = "")
    {
        public int K1 => (L1 + 1) * (L1 + 1);
        public int K2 => (L2 + 1) * (L2 + 1);
        public int K3 => (LOut + 1) * (LOut + 1);

        public override string ToString() => $"GauntProduct({L1}, {L2}, {LOut}{(Method.Length > 0 ? ", Method = " + Method : "")}) {Element}";
    }

    /// <summary>
    /// Compiles <c>[GauntProduct]</c> kernels with the real generator at test time, with array-based runner methods (tensor
    /// spans cannot go through delegates of ordinary types), and checks them against a dense oracle: every (I1, I2, I3) of
    /// the dense Gaunt tensor from <see cref="GauntCoefficients.Value"/>, zeros included, summed in double.
    /// </summary>
    public static class GauntHarness
    {
        /// <summary>The largest degrees the dense tensor below covers.</summary>
        public const int MaxL = 8, MaxLOut = 16;

        private static readonly int s_k1 = (MaxL + 1) * (MaxL + 1), s_k3 = (MaxLOut + 1) * (MaxLOut + 1);

        /// <summary>G[I1, I2, I3] for I1, I2 &lt; 81 and I3 &lt; 289, zeros included, straight from <see cref="GauntCoefficients.Value"/>.</summary>
        public static readonly Lazy<double[]> Dense = new(() =>
        {
            var g = new double[s_k1 * s_k1 * s_k3];
            System.Threading.Tasks.Parallel.For(0, s_k1, i1 =>
            {
                var (l1, m1) = Degree(i1);
                for (int i2 = 0; i2 < s_k1; i2++)
                {
                    var (l2, m2) = Degree(i2);
                    for (int i3 = 0; i3 < s_k3; i3++)
                    {
                        var (l3, m3) = Degree(i3);
                        g[(i1 * s_k1 + i2) * s_k3 + i3] = GauntCoefficients.Value(l1, m1, l2, m2, l3, m3);
                    }
                }
            });
            return g;
        });

        private static (int L, int M) Degree(int flat)
        {
            int l = (int)Math.Sqrt(flat);
            while (l * l > flat) l--;
            while ((l + 1) * (l + 1) <= flat) l++;
            return (l, flat - l * l - l);
        }

        /// <summary>The lowering the generator's planner chooses for <paramref name="c"/>.</summary>
        public static GauntLowering Lowering(GauntCase c)
        {
            var method = c.Method switch { "Sparse" => GauntMethodKind.Sparse, "Fourier" => GauntMethodKind.Fourier, _ => GauntMethodKind.Auto };
            var element = c.Element == "float" ? TensorDsl.Language.Binding.ElementType.Float : TensorDsl.Language.Binding.ElementType.Double;
            return GauntProductPlanner.Plan(new BoundGauntProduct(c.L1, c.L2, c.LOut, method, element, "x", "y", "z")).Lowering;
        }

        /// <summary>Source with one partial method per case (M0, M1, …) and runners Cpu{k}/Gpu{k}.</summary>
        public static string Build(IReadOnlyList<GauntCase> cases)
        {
            var sb = new StringBuilder();
            sb.AppendLine("using System.Numerics.Tensors;");
            sb.AppendLine("using TensorDsl;");
            sb.AppendLine("namespace TestGaunt;");
            sb.AppendLine("public static partial class G");
            sb.AppendLine("{");
            for (int k = 0; k < cases.Count; k++)
            {
                var c = cases[k];
                string T = c.Element;
                string method = c.Method.Length > 0 ? $", Method = GauntMethod.{c.Method}" : "";
                sb.AppendLine($"    [GauntProduct({c.L1}, {c.L2}, {c.LOut}{method})]");
                sb.AppendLine($"    public static partial void M{k}(ReadOnlyTensorSpan<{T}> x, ReadOnlyTensorSpan<{T}> y, TensorSpan<{T}> z);");
            }
            sb.AppendLine("}");
            sb.AppendLine("public static class Runners");
            sb.AppendLine("{");
            for (int k = 0; k < cases.Count; k++)
            {
                string T = cases[k].Element;
                sb.AppendLine($"    public static void Cpu{k}({T}[][] d, int[] s, nint[][] l, nint[][] st) => G.M{k}(new ReadOnlyTensorSpan<{T}>(d[0], s[0], l[0], st[0]), new ReadOnlyTensorSpan<{T}>(d[1], s[1], l[1], st[1]), new TensorSpan<{T}>(d[2], s[2], l[2], st[2]));");
                sb.AppendLine($"    public static void Gpu{k}(TensorDevice dev, {T}[][] d, int[] s, nint[][] l, nint[][] st)");
                sb.AppendLine("    {");
                sb.AppendLine("        using var x = dev.Upload(d[0], s[0], l[0], st[0]);");
                sb.AppendLine("        using var y = dev.Upload(d[1], s[1], l[1], st[1]);");
                sb.AppendLine("        using var z = dev.Upload(d[2], s[2], l[2], st[2]);");
                sb.AppendLine($"        G.M{k}(dev, x, y, z);");
                sb.AppendLine("        z.DownloadBuffer().CopyTo(d[2], 0);");
                sb.AppendLine("    }");
            }
            sb.AppendLine("}");
            return sb.ToString();
        }

        /// <summary>Generates, compiles and loads the kernels of <paramref name="cases"/>.</summary>
        public static Assembly Compile(IReadOnlyList<GauntCase> cases) => GeneratorHarness.CompileAndLoad(Build(cases));

        /// <summary>Operands for one run: x, y and z (z filled with a sentinel), with their layouts.</summary>
        public sealed class Operands<T> where T : unmanaged, IFloatingPointIeee754<T>
        {
            public Operands(StridedArray<T> x, StridedArray<T> y, StridedArray<T> z)
            {
                X = x;
                Y = y;
                Z = z;
            }

            public StridedArray<T> X { get; }
            public StridedArray<T> Y { get; }
            public StridedArray<T> Z { get; }

            public T[][] Data => new[] { X.Data, Y.Data, Z.Data };
            public int[] Starts => new[] { X.Start, Y.Start, Z.Start };
            public nint[][] Lengths => new[] { X.Lengths, Y.Lengths, Z.Lengths };
            public nint[][] Strides => new[] { X.Strides, Y.Strides, Z.Strides };
        }

        /// <summary>
        /// Random operands with leading shapes <paramref name="xLead"/>, <paramref name="yLead"/> (z gets their broadcast),
        /// dense row-major or, with <paramref name="strided"/>, axes in random physical order with gaps.
        /// </summary>
        public static Operands<T> Random<T>(GauntCase c, Random rng, nint[] xLead, nint[] yLead, bool strided)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var zLead = xLead.Zip(yLead, (a, b) => a == 1 ? b : a).ToArray();
            var x = Empty(StridedArray<T>.Random(rng, xLead.Append((nint)c.K1).ToArray(), strided));
            var y = Empty(StridedArray<T>.Random(rng, yLead.Append((nint)c.K2).ToArray(), strided));
            var z = Empty(StridedArray<T>.Random(rng, zLead.Append((nint)c.K3).ToArray(), strided, _ => 1e6));
            return new Operands<T>(x, y, z);
        }

        /// <summary>System.Numerics.Tensors accepts an axis of length 0 only with stride 0.</summary>
        private static StridedArray<T> Empty<T>(StridedArray<T> a) where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (!a.Lengths.Contains(0)) return a;
            var strides = a.Lengths.Select((n, d) => n == 0 ? 0 : a.Strides[d]).ToArray();
            return new StridedArray<T>(a.Data, a.Start, a.Lengths, strides);
        }

        /// <summary>Runs case <paramref name="k"/> on the CPU or (on ILGPU's CPU accelerator) the GPU overload.</summary>
        public static void Run<T>(Assembly assembly, int k, Operands<T> operands, bool gpu) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var runners = assembly.GetType("TestGaunt.Runners")!;
            if (gpu)
            {
                var run = (Action<TensorDevice, T[][], int[], nint[][], nint[][]>)Delegate.CreateDelegate(
                    typeof(Action<TensorDevice, T[][], int[], nint[][], nint[][]>), runners.GetMethod($"Gpu{k}")!);
                run(KernelChecker.Device.Value, operands.Data, operands.Starts, operands.Lengths, operands.Strides);
            }
            else
            {
                var run = (Action<T[][], int[], nint[][], nint[][]>)Delegate.CreateDelegate(
                    typeof(Action<T[][], int[], nint[][], nint[][]>), runners.GetMethod($"Cpu{k}")!);
                run(operands.Data, operands.Starts, operands.Lengths, operands.Strides);
            }
        }

        /// <summary>
        /// Runs case <paramref name="k"/> and compares z with the dense oracle; null when every element agrees to
        /// <paramref name="tolerance"/> relative to Σ|G·x·y| of that element, and nothing outside z's view changed.
        /// </summary>
        public static string? Check<T>(Assembly assembly, int k, GauntCase c, Operands<T> operands, bool gpu, double tolerance)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var before = (T[])operands.Z.Data.Clone();
            var xBefore = (T[])operands.X.Data.Clone();
            var yBefore = (T[])operands.Y.Data.Clone();
            Run(assembly, k, operands, gpu);
            var (expected, bound) = Oracle(c, operands.X, operands.Y);
            string where = $"{c} on {(gpu ? "ilgpu-cpu" : "cpu")}, x [{string.Join(",", operands.X.Lengths)}], y [{string.Join(",", operands.Y.Lengths)}]";
            var offsets = operands.Z.LogicalOffsets();
            for (int e = 0; e < offsets.Length; e++)
            {
                double got = double.CreateChecked(operands.Z.Data[offsets[e]]);
                double tol = tolerance * bound[e] + 1e-300;
                if (!(Math.Abs(got - expected[e]) <= tol))
                {
                    long row = e / c.K3;
                    int i3 = (int)(e % c.K3);
                    return $"{where}: z row {row} component {i3} is {got:R}, expected {expected[e]:R} (error {Math.Abs(got - expected[e]):E2}, tolerance {tol:E2})";
                }
            }
            var inside = new HashSet<long>(offsets);
            for (long o = 0; o < before.Length; o++)
            {
                if (!inside.Contains(o) && !before[o].Equals(operands.Z.Data[o])) return $"{where}: element {o} of z's array outside its view was written";
            }
            if (!xBefore.AsSpan().SequenceEqual(operands.X.Data) || !yBefore.AsSpan().SequenceEqual(operands.Y.Data)) return $"{where}: an input was modified";
            return null;
        }

        /// <summary>
        /// The dense oracle: z[…, I3] = Σ over every I1 &lt; K1, I2 &lt; K2 of G[I1, I2, I3]·x[…, I1]·y[…, I2], and the bound
        /// Σ|G·x·y| for the tolerance, in row-major order of z's logical elements.
        /// </summary>
        public static (double[] Value, double[] Bound) Oracle<T>(GauntCase c, StridedArray<T> x, StridedArray<T> y)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var g = Dense.Value;
            int rank = x.Lengths.Length;
            var lead = new nint[rank - 1];
            for (int a = 0; a < rank - 1; a++) lead[a] = x.Lengths[a] == 1 ? y.Lengths[a] : x.Lengths[a];
            long rows = 1;
            foreach (var n in lead) rows *= n;
            var value = new double[rows * c.K3];
            var bound = new double[rows * c.K3];
            var index = new long[rank - 1];
            var xv = new double[c.K1];
            var yv = new double[c.K2];
            for (long r = 0; r < rows; r++)
            {
                long ox = x.Start, oy = y.Start;
                for (int a = 0; a < rank - 1; a++)
                {
                    ox += (x.Lengths[a] == 1 ? 0 : index[a]) * x.Strides[a];
                    oy += (y.Lengths[a] == 1 ? 0 : index[a]) * y.Strides[a];
                }
                for (int i = 0; i < c.K1; i++) xv[i] = double.CreateChecked(x.Data[ox + i * x.Strides[rank - 1]]);
                for (int i = 0; i < c.K2; i++) yv[i] = double.CreateChecked(y.Data[oy + i * y.Strides[rank - 1]]);
                for (int i3 = 0; i3 < c.K3; i3++)
                {
                    double sum = 0, abs = 0;
                    for (int i1 = 0; i1 < c.K1; i1++)
                    {
                        int at = i1 * s_k1 * s_k3 + i3;
                        for (int i2 = 0; i2 < c.K2; i2++)
                        {
                            double term = g[at + i2 * s_k3] * xv[i1] * yv[i2];
                            sum += term;
                            abs += Math.Abs(term);
                        }
                    }
                    value[r * c.K3 + i3] = sum;
                    bound[r * c.K3 + i3] = abs;
                }
                for (int a = rank - 2; a >= 0; a--)
                {
                    if (++index[a] < lead[a]) break;
                    index[a] = 0;
                }
            }
            return (value, bound);
        }
    }
}
