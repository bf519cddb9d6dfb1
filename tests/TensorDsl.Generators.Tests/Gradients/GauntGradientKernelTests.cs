using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using TensorDsl.Generators.Tests.Gaunt;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests.Gradients
{
    /// <summary>
    /// The generated backward of every <c>[GauntProduct]</c> with degrees up to 6 (L1, L2 ≤ 6, LOut ≤ min(6, L1 + L2): 287
    /// triples), by Sparse and by Fourier, checked against the dense oracle (every coefficient of the dense Gaunt tensor
    /// from <c>GauntCoefficients.Value</c>, zeros included, summed in double): dX[I1] = Σ G[I1,I2,I3]·y[I2]·dZ[I3] and
    /// dY[I2] = Σ G[I1,I2,I3]·x[I1]·dZ[I3], to 1e-10 of Σ|terms|, on the CPU and on ILGPU's CPU accelerator. One assembly per
    /// L1, compiled on first use.
    /// </summary>
    public sealed class GauntGradientKernelTests
    {
        private const int MaxL = 6;

        public static IEnumerable<object[]> Groups() => Enumerable.Range(0, MaxL + 1).Select(l => new object[] { l });

        private static readonly Lazy<(List<GauntCase> Cases, Assembly Assembly)>[] s_groups = Enumerable.Range(0, MaxL + 1)
            .Select(l1 => new Lazy<(List<GauntCase>, Assembly)>(() =>
            {
                var cases = new List<GauntCase>();
                for (int l2 = 0; l2 <= MaxL; l2++)
                {
                    for (int lOut = 0; lOut <= Math.Min(MaxL, l1 + l2); lOut++)
                    {
                        cases.Add(new GauntCase(l1, l2, lOut, "double", "Sparse"));
                        cases.Add(new GauntCase(l1, l2, lOut, "double", "Fourier"));
                    }
                }
                return (cases, GeneratorHarness.CompileAndLoad(Build(cases)));
            })).ToArray();

        [Theory]
        [MemberData(nameof(Groups))]
        public void Every_backward_kernel_matches_the_dense_oracle(int l1)
        {
            var (cases, assembly) = s_groups[l1].Value;
            Assert.Equal(2 * Enumerable.Range(0, MaxL + 1).Sum(l2 => Math.Min(MaxL, l1 + l2) + 1), cases.Count);
            var runners = assembly.GetType("TestGauntGradients.Runners")!;
            var rng = new Random(300 + l1);
            var failures = new List<string>();
            for (int k = 0; k < cases.Count; k++)
            {
                foreach (bool gpu in new[] { false, true })
                {
                    var failure = Check(runners, k, cases[k], rows: 9, rng, gpu);
                    if (failure is not null) failures.Add(failure);
                }
            }
            Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(20)));
        }

        private static string? Check(Type runners, int k, GauntCase c, int rows, Random rng, bool gpu)
        {
            double[] Random(int count) => Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var (x, y, dZ) = (Random(rows * c.K1), Random(rows * c.K2), Random(rows * c.K3));
            var (dX, dY) = (Enumerable.Repeat(1e6, rows * c.K1).ToArray(), Enumerable.Repeat(1e6, rows * c.K2).ToArray());
            var run = runners.GetMethod((gpu ? "Gpu" : "Cpu") + k)!;
            if (gpu) run.Invoke(null, new object[] { KernelChecker.Device.Value, x, y, dZ, dX, dY, rows });
            else run.Invoke(null, new object[] { x, y, dZ, dX, dY, rows });

            var g = GauntHarness.Dense.Value;
            int s1 = (GauntHarness.MaxL + 1) * (GauntHarness.MaxL + 1), s3 = (GauntHarness.MaxLOut + 1) * (GauntHarness.MaxLOut + 1);
            for (int r = 0; r < rows; r++)
            {
                var (wantX, boundX) = (new double[c.K1], new double[c.K1]);
                var (wantY, boundY) = (new double[c.K2], new double[c.K2]);
                for (int i1 = 0; i1 < c.K1; i1++)
                    for (int i2 = 0; i2 < c.K2; i2++)
                        for (int i3 = 0; i3 < c.K3; i3++)
                        {
                            double coefficient = g[(i1 * s1 + i2) * s3 + i3];
                            double tx = coefficient * y[r * c.K2 + i2] * dZ[r * c.K3 + i3], ty = coefficient * x[r * c.K1 + i1] * dZ[r * c.K3 + i3];
                            wantX[i1] += tx;
                            boundX[i1] += Math.Abs(tx);
                            wantY[i2] += ty;
                            boundY[i2] += Math.Abs(ty);
                        }
                string where = $"{c} backward on {(gpu ? "ilgpu-cpu" : "cpu")}, row {r}";
                for (int i = 0; i < c.K1; i++)
                {
                    double got = dX[r * c.K1 + i];
                    if (!(Math.Abs(got - wantX[i]) <= 1e-10 * boundX[i] + 1e-300)) return $"{where}: dX[{i}] = {got:R}, expected {wantX[i]:R}";
                }
                for (int i = 0; i < c.K2; i++)
                {
                    double got = dY[r * c.K2 + i];
                    if (!(Math.Abs(got - wantY[i]) <= 1e-10 * boundY[i] + 1e-300)) return $"{where}: dY[{i}] = {got:R}, expected {wantY[i]:R}";
                }
            }
            return null;
        }

        // One forward per case (F0, F1, …), its [Gradient] (B0, B1, …), and array runners for both overloads.
        private static string Build(IReadOnlyList<GauntCase> cases)
        {
            var sb = new StringBuilder();
            sb.AppendLine("using System.Numerics.Tensors;");
            sb.AppendLine("using TensorDsl;");
            sb.AppendLine("namespace TestGauntGradients;");
            sb.AppendLine("public static partial class G");
            sb.AppendLine("{");
            for (int k = 0; k < cases.Count; k++)
            {
                var c = cases[k];
                sb.AppendLine($"    [GauntProduct({c.L1}, {c.L2}, {c.LOut}, Method = GauntMethod.{c.Method})]");
                sb.AppendLine($"    public static partial void F{k}(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);");
                sb.AppendLine($"    [Gradient(nameof(F{k}))]");
                sb.AppendLine($"    public static partial void B{k}(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> dZ, TensorSpan<double> dX, TensorSpan<double> dY);");
            }
            sb.AppendLine("}");
            sb.AppendLine("public static class Runners");
            sb.AppendLine("{");
            for (int k = 0; k < cases.Count; k++)
            {
                var c = cases[k];
                sb.AppendLine($"    public static void Cpu{k}(double[] x, double[] y, double[] dZ, double[] dX, double[] dY, int rows) => G.B{k}(new ReadOnlyTensorSpan<double>(x, [rows, {c.K1}]), new ReadOnlyTensorSpan<double>(y, [rows, {c.K2}]), new ReadOnlyTensorSpan<double>(dZ, [rows, {c.K3}]), new TensorSpan<double>(dX, [rows, {c.K1}]), new TensorSpan<double>(dY, [rows, {c.K2}]));");
                sb.AppendLine($"    public static void Gpu{k}(TensorDevice dev, double[] x, double[] y, double[] dZ, double[] dX, double[] dY, int rows)");
                sb.AppendLine("    {");
                sb.AppendLine($"        using var tx = dev.Upload(x, rows, {c.K1}); using var ty = dev.Upload(y, rows, {c.K2}); using var tz = dev.Upload(dZ, rows, {c.K3});");
                sb.AppendLine($"        using var gx = dev.Allocate<double>(rows, {c.K1}); using var gy = dev.Allocate<double>(rows, {c.K2});");
                sb.AppendLine($"        G.B{k}(dev, tx, ty, tz, gx, gy);");
                sb.AppendLine("        gx.ToArray().CopyTo(dX, 0); gy.ToArray().CopyTo(dY, 0);");
                sb.AppendLine("    }");
            }
            sb.AppendLine("}");
            return sb.ToString();
        }
    }
}
