using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests.Polynomials
{
    /// <summary>
    /// A baseline of one generated <c>[EquivariantPolynomial]</c> file (the multigraph header, the forwarders and the einsum core) (both backends), kept for review of its readability, as
    /// <see cref="SnapshotTests"/> does for the other attributes. Rewrite with <c>UPDATE_SNAPSHOTS=1</c> after an intended change.
    /// </summary>
    public sealed class PolynomialSnapshotTests
    {
        [Theory]
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
                File.WriteAllText(path, generated);
                return;
            }
            Assert.True(File.Exists(path), $"No baseline at {path}; run the tests with UPDATE_SNAPSHOTS=1 to create it.");
            string expected = File.ReadAllText(path).Replace("\r\n", "\n");
            Assert.True(expected == generated, $"Generated code for {name} differs from {path}. If the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff.\n--- generated ---\n{generated}");
        }

        private static string SnapshotDirectory([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(thisFile)!)!, "Snapshots");
    }
}
