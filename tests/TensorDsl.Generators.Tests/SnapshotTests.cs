using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests
{
    /// <summary>
    /// Baselines of generated code (einsum, programs, Gaunt products, graph polynomials), kept for review of its
    /// readability: a change to emission shows up as a diff of these files. Run with <c>UPDATE_SNAPSHOTS=1</c> to rewrite them after an
    /// intended change, then read the diff and run again without it: a run with <c>UPDATE_SNAPSHOTS=1</c> always fails, so
    /// that an update can never pass CI unnoticed.
    /// </summary>
    public sealed class SnapshotTests
    {
        [Theory]
        [InlineData("MatMul", "[Einsum(\"ij,jk->ik\")] public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);")]
        [InlineData("Trace", "[Einsum(\"ii\")] public static partial double Trace(ReadOnlyTensorSpan<double> a);")]
        [InlineData("BroadcastMatMul", "[Einsum(\"...ij,...jk->...ik\")] public static partial void BroadcastMatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);")]
        [InlineData("TensorAttentionProgram", "[TensorProgram(\"s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l]); o[i,c] = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c]) where i - w < j <= i\")] public static partial void TensorAttention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2, ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, int w, TensorSpan<float> o);")]
        [InlineData("CappedAttentionProgram", "[TensorProgram(\"s[i,j] = tanh(sum[d](q[i,d] * k[j,d]) / 8) * 8; o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c]) where j <= i\")] public static partial void Capped(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v, TensorSpan<double> o);")]
        [InlineData("MatMulProgram", "[TensorProgram(\"c[i,k] = a[i,j] * b[j,k]\")] public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);")]
        [InlineData("DenseLayerProgram", "[TensorProgram(\"y[b,o] = relu(sum[i](x[b,i] * w[i,o]) + bias[o])\")] public static partial void Dense(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> w, ReadOnlyTensorSpan<float> bias, TensorSpan<float> y);")]
        [InlineData("NormalizeProgram", "[TensorProgram(\"mu[i] = sum[j](x[i,j]) * inv; y[i,j] = (x[i,j] - mu[i]) * g[j]; m[i] = mu[i] * 2\")] public static partial void Normalize(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> g, float inv, TensorSpan<float> y, TensorSpan<float> m);")]
        [InlineData("GauntProduct", "[GauntProduct(1, 1, 2, Method = GauntMethod.Sparse)] public static partial void Product(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);")]
        [InlineData("GauntProductFourier", "[GauntProduct(4, 4, 8, Method = GauntMethod.Fourier)] public static partial void Product(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> y, TensorSpan<float> z);")]
        [InlineData("EquivariantPolynomial", "[EquivariantPolynomial(\"ab,ac,ad,bc,cd->bd\")] public static partial void Polynomial(ReadOnlyTensorSpan<double> x, TensorSpan<double> p);")]
        public void Generated_code_matches_its_baseline(string name, string declaration)
        {
            string source = $$"""
                using System.Numerics.Tensors;
                using TensorDsl;
                namespace Snapshots;
                public static partial class Kernels
                {
                    {{declaration}}
                }
                """;
            var (output, diagnostics, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
            Assert.Empty(diagnostics);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
            string generated = Assert.Single(result.GeneratedTrees).ToString().Replace("\r\n", "\n");

            string path = Path.Combine(SnapshotDirectory(), name + ".g.cs.txt");
            if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
            {
                bool changed = !File.Exists(path) || File.ReadAllText(path).Replace("\r\n", "\n") != generated;
                File.WriteAllText(path, generated);
                Assert.Fail($"UPDATE_SNAPSHOTS=1: {(changed ? "rewrote" : "rewrote (unchanged)")} {path}. Review the diff, then run the tests without UPDATE_SNAPSHOTS.");
            }
            Assert.True(File.Exists(path), $"No baseline at {path}; run the tests with UPDATE_SNAPSHOTS=1 to create it.");
            string expected = File.ReadAllText(path).Replace("\r\n", "\n");
            Assert.True(expected == generated, $"Generated code for {name} differs from {path}. If the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff.\n--- generated ---\n{generated}");
        }

        private static string SnapshotDirectory([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots");
    }
}
