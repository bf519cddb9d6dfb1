using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TensorDsl.Package.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TensorDsl.Package.Tests
{
    /// <summary>
    /// A fresh console project that references only the packed TensorDsl: its build runs the packaged generator on an
    /// <c>[Einsum]</c> and a <c>[TensorProgram]</c> kernel, its run is compared with values computed here by plain loops,
    /// and a second build with broken code must fail with the packaged analyzers' TDSL diagnostics at their exact
    /// file, line and column.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class ConsumerTests
    {
        private readonly PackageFixture _package;
        private readonly ITestOutputHelper _output;

        public ConsumerTests(PackageFixture package, ITestOutputHelper output)
        {
            _package = package;
            _output = output;
        }

        [Fact]
        public void Consumer_builds_with_the_package_and_computes_the_right_values()
        {
            var build = Build();
            Assert.True(build.ExitCode == 0, build.ToString());

            string dll = Path.Combine(_package.ConsumerDirectory, "bin", PackageFixture.Configuration, "net10.0", "Consumer.dll");
            var run = DotNet.Run(_package.ConsumerDirectory, dll);
            _output.WriteLine($"consumer build {build.Elapsed.TotalSeconds:F1} s, run {run.Elapsed.TotalSeconds:F1} s");
            Assert.True(run.ExitCode == 0, run.ToString());
            var printed = ParseRun(run.Output);

            double[] a = Inputs(1, 12), b = Inputs(2, 20);
            var matmul = MatMul(a, b, 3, 4, 5);
            AssertClose(matmul, printed["matmul"], 1e-5);
            AssertClose(matmul, printed["gpu-matmul"], 1e-5);

            AssertClose(Attention(Inputs(3, 24), Inputs(4, 24), Inputs(5, 18), 0.5, n: 6, d: 4, c: 3), printed["attention"], 1e-12);
        }

        [Fact]
        public void Broken_consumer_fails_with_TDSL_diagnostics_at_their_locations()
        {
            var build = Build("-p:WithBrokenCode=true");
            _output.WriteLine($"broken consumer build {build.Elapsed.TotalSeconds:F1} s");
            Assert.True(build.ExitCode != 0, "the build with Broken/ succeeded:\n" + build);
            var errors = ParseErrors(build.Output);

            // An attribute-level error from the packaged analyzers: TDSL0003 on the 'z' of "ij,jk->iz".
            var spec = Locate("SpecErrors.cs", "[Einsum(\"ij,jk->iz\")]", "->iz\")", offset: 3);
            Assert.Contains(errors, e => e.Id == "TDSL0003" && e.File == spec.File && e.Line == spec.Line && e.Column == spec.Column);

            // The call-site error from the packaged call-site analysis: b is 5x4 where "ij,jk->ik" needs 4xk, TDSL0030 on the
            // second argument.
            var call = Locate("CallSiteErrors.cs", "Kernels.MatMul(", "new ReadOnlyTensorSpan<float>(b", offset: 0);
            Assert.Contains(errors, e => e.Id == "TDSL0030" && e.File == call.File && e.Line == call.Line && e.Column == call.Column);

            // Nothing else failed: every error is a TDSL diagnostic in Broken/ (no C# errors from generated code).
            Assert.All(errors, e => Assert.StartsWith("TDSL", e.Id));
            Assert.All(errors, e => Assert.Contains($"{Path.DirectorySeparatorChar}Broken{Path.DirectorySeparatorChar}", e.File));
        }

        // ---------------------------------------------------------------- consumer

        private CommandResult Build(params string[] extra) =>
            DotNet.Run(_package.ConsumerDirectory,
                new[] { "build", "-c", PackageFixture.Configuration, "--no-restore", "-nologo", "-v:q", "-clp:NoSummary" }.Concat(extra).ToArray());

        /// <summary>Program.cs prints "name v0 v1 …" lines.</summary>
        private static Dictionary<string, double[]> ParseRun(string output)
        {
            var result = new Dictionary<string, double[]>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split(' ');
                if (parts.Length < 2) continue;
                result[parts[0]] = parts.Skip(1).Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            }
            return result;
        }

        private sealed record BuildError(string File, int Line, int Column, string Id, string Message);

        private static readonly Regex s_error = new Regex(
            @"^\s*(?<file>.+?)\((?<line>\d+),(?<column>\d+)\): error (?<id>[A-Z]+\d+): (?<message>.*?)(\s+\[[^\]]*\])?\s*$",
            RegexOptions.Multiline);

        private static List<BuildError> ParseErrors(string output) =>
            s_error.Matches(output)
                .Select(m => new BuildError(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture),
                    int.Parse(m.Groups["column"].Value, CultureInfo.InvariantCulture), m.Groups["id"].Value, m.Groups["message"].Value))
                .Distinct()
                .ToList();

        /// <summary>The 1-based line of <paramref name="lineMarker"/> in Broken/<paramref name="fileName"/>, and the 1-based column of
        /// <paramref name="columnMarker"/> on it plus <paramref name="offset"/>.</summary>
        private (string File, int Line, int Column) Locate(string fileName, string lineMarker, string columnMarker, int offset)
        {
            string file = Path.Combine(_package.ConsumerDirectory, "Broken", fileName);
            var lines = File.ReadAllLines(file);
            int line = Array.FindIndex(lines, l => l.Contains(lineMarker, StringComparison.Ordinal));
            Assert.True(line >= 0, $"{lineMarker} not found in {file}");
            int column = lines[line].IndexOf(columnMarker, StringComparison.Ordinal);
            Assert.True(column >= 0, $"{columnMarker} not found on line {line + 1} of {file}");
            return (file, line + 1, column + offset + 1);
        }

        // ---------------------------------------------------------------- oracle (plain loops, independent of TensorDsl)

        /// <summary>The consumer's input formula: element i of tensor <paramref name="seed"/>.</summary>
        private static double[] Inputs(int seed, int count) =>
            Enumerable.Range(0, count).Select(i => ((i * 7 + seed * 3) % 11 - 5) / 4.0).ToArray();

        private static double[] MatMul(double[] a, double[] b, int m, int k, int n)
        {
            var c = new double[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    for (int l = 0; l < k; l++)
                        c[i * n + j] += a[i * k + l] * b[l * n + j];
            return c;
        }

        private static double[] Attention(double[] q, double[] k, double[] v, double scale, int n, int d, int c)
        {
            var o = new double[n * c];
            for (int i = 0; i < n; i++)
            {
                var s = new double[n];
                for (int j = 0; j < n; j++)
                    for (int x = 0; x < d; x++)
                        s[j] += scale * q[i * d + x] * k[j * d + x];
                double max = s.Max(), denominator = s.Sum(e => Math.Exp(e - max));
                for (int j = 0; j < n; j++)
                    for (int y = 0; y < c; y++)
                        o[i * c + y] += Math.Exp(s[j] - max) / denominator * v[j * c + y];
            }
            return o;
        }

        private static void AssertClose(double[] expected, double[] actual, double tolerance)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                    $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
