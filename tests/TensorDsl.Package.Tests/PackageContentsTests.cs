using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using TensorDsl.Package.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TensorDsl.Package.Tests
{
    /// <summary>
    /// The layout of the one TensorDsl package, against the contract in docs/design.md §2: the runtime and TensorDsl.Language in
    /// lib/, generator, analyzers and TensorDsl.Language under analyzers/dotnet/cs, ILGPU and System.Numerics.Tensors as
    /// the only dependencies (no Roslyn, no TensorDsl.Language package), README, license and repository metadata.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class PackageContentsTests
    {
        private readonly PackageFixture _package;

        public PackageContentsTests(PackageFixture package, ITestOutputHelper output)
        {
            _package = package;
            output.WriteLine($"pack {package.PackTime.TotalSeconds:F1} s, consumer restore {package.RestoreTime.TotalSeconds:F1} s");
        }

        [Fact]
        public void Package_holds_runtime_in_lib_and_compiler_components_in_analyzers()
        {
            using var zip = ZipFile.OpenRead(_package.PackagePath);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            string[] required =
            {
                "lib/net10.0/TensorDsl.dll", "lib/net10.0/TensorDsl.xml",
                "lib/net10.0/TensorDsl.Language.dll", "lib/net10.0/TensorDsl.Language.xml",
                "analyzers/dotnet/cs/TensorDsl.Generators.dll", "analyzers/dotnet/cs/TensorDsl.Analyzers.dll",
                "analyzers/dotnet/cs/TensorDsl.Language.dll",
                "README.md", "LICENSE",
            };
            foreach (var path in required) Assert.Contains(path, entries);

            // A code-fix project, once the repository has one, ships beside the analyzers.
            if (Directory.Exists(Path.Combine(_package.RepoRoot, "analyzers", "TensorDsl.CodeFixes")))
                Assert.Contains("analyzers/dotnet/cs/TensorDsl.CodeFixes.dll", entries);

            // Nothing of Roslyn's is carried (the compiler provides it), and no other framework folder exists.
            Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
            Assert.All(entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)), e => Assert.StartsWith("lib/net10.0/", e));
            Assert.All(entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)),
                e => Assert.StartsWith("analyzers/dotnet/cs/", e));
            // Symbols go to the .snupkg, not the package.
            Assert.DoesNotContain(entries, e => e.EndsWith(".pdb", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.ChangeExtension(_package.PackagePath, ".snupkg")), "no symbol package beside the package");
        }

        [Fact]
        public void Nuspec_declares_only_ILGPU_and_Tensors_and_carries_metadata()
        {
            var metadata = Nuspec().Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            XElement One(string name) => metadata.Elements().Single(e => e.Name.LocalName == name);

            Assert.Equal("TensorDsl", One("id").Value);
            Assert.Equal(_package.Version, One("version").Value);
            Assert.False(string.IsNullOrWhiteSpace(One("description").Value));
            Assert.Contains("einsum", One("tags").Value.Split(' '));
            Assert.Equal("README.md", One("readme").Value);
            Assert.Equal("expression", One("license").Attribute("type")?.Value);
            Assert.Equal("MIT", One("license").Value);
            var repository = One("repository");
            Assert.Equal("git", repository.Attribute("type")?.Value);
            Assert.StartsWith("https://", repository.Attribute("url")?.Value);

            var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
                .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
            Assert.Equal(new[] { "ILGPU", "System.Numerics.Tensors" }, dependencies.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("1.5.3", dependencies["ILGPU"]);
            Assert.Equal("10.0.0", dependencies["System.Numerics.Tensors"]);
        }

        [Fact]
        public void Consumer_restore_resolves_no_Roslyn_and_no_TensorDsl_Language_package()
        {
            string assets = File.ReadAllText(Path.Combine(_package.ConsumerDirectory, "obj", "project.assets.json"));
            Assert.Contains($"\"TensorDsl/{_package.Version}\"", assets);
            Assert.Contains("\"ILGPU/1.5.3\"", assets);
            Assert.DoesNotContain("Microsoft.CodeAnalysis", assets);
            Assert.DoesNotContain("\"TensorDsl.Language/", assets);
            // Resolved from this run's feed into this run's packages folder, not from any shared cache.
            Assert.True(Directory.Exists(Path.Combine(_package.PackagesDirectory, "tensordsl", _package.Version)));
        }

        private XDocument Nuspec()
        {
            using var zip = ZipFile.OpenRead(_package.PackagePath);
            var entry = zip.GetEntry("TensorDsl.nuspec");
            Assert.NotNull(entry);
            using var stream = entry!.Open();
            return XDocument.Load(stream);
        }
    }
}
