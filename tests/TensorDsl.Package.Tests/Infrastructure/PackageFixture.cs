using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace TensorDsl.Package.Tests.Infrastructure
{
    /// <summary>
    /// Packs <c>src/TensorDsl</c> once per test run into a temporary feed and prepares a consumer project restored against
    /// it. The package gets a version unique to this run and the consumer restores into its own packages folder (with
    /// the user's global folder only as a read-only fallback for ILGPU and System.Numerics.Tensors), so a TensorDsl left in
    /// any cache by an earlier run can never be the one tested.
    /// </summary>
    public sealed class PackageFixture : IDisposable
    {
        /// <summary>The repository root (the folder holding TensorDsl.sln).</summary>
        public string RepoRoot { get; }

        /// <summary>This run's scratch folder: feed/, packages/, consumer/.</summary>
        public string WorkDirectory { get; }

        /// <summary>The version this run packed, e.g. <c>0.0.0-test.t1a2b3c4d5e6f</c>.</summary>
        public string Version { get; }

        /// <summary>The packed <c>.nupkg</c>.</summary>
        public string PackagePath { get; }

        /// <summary>The consumer project's folder (restored, not yet built).</summary>
        public string ConsumerDirectory { get; }

        /// <summary>The consumer's private packages folder.</summary>
        public string PackagesDirectory { get; }

        /// <summary>How long packing and restoring took (reported by the tests, for CI-time accounting).</summary>
        public TimeSpan PackTime { get; }

        /// <inheritdoc cref="PackTime"/>
        public TimeSpan RestoreTime { get; }

        /// <summary>The build configuration this test assembly was built in; the package is packed in the same one.</summary>
#if DEBUG
        public const string Configuration = "Debug";
#else
        public const string Configuration = "Release";
#endif

        /// <summary>Packs and restores; any failure fails every test of the collection with the command's output.</summary>
        public PackageFixture()
        {
            RepoRoot = TestSupport.RepositoryFiles.Root;
            string id = "t" + Guid.NewGuid().ToString("N").Substring(0, 12);
            Version = "0.0.0-test." + id;
            WorkDirectory = Path.Combine(Path.GetTempPath(), "tensordsl-package-tests-" + id);
            string feed = Path.Combine(WorkDirectory, "feed");
            PackagesDirectory = Path.Combine(WorkDirectory, "packages");
            ConsumerDirectory = Path.Combine(WorkDirectory, "consumer");
            Directory.CreateDirectory(feed);

            // One pack. PackageVersion (not Version) so that the assemblies already built by the solution stay up to date.
            var pack = DotNet.Run(RepoRoot, "pack", Path.Combine("src", "TensorDsl", "TensorDsl.csproj"), "-c", Configuration,
                "-o", feed, "-p:PackageVersion=" + Version, "-nologo", "-v:q", "-clp:NoSummary");
            Assert.True(pack.ExitCode == 0, pack.ToString());
            PackTime = pack.Elapsed;
            PackagePath = Path.Combine(feed, $"TensorDsl.{Version}.nupkg");
            Assert.True(File.Exists(PackagePath), $"{PackagePath} was not produced.\n{pack}");

            CreateConsumer(feed);
            var restore = DotNet.Run(ConsumerDirectory, "restore", "-nologo", "-v:q");
            Assert.True(restore.ExitCode == 0, restore.ToString());
            RestoreTime = restore.Elapsed;
        }

        /// <summary>Copies the consumer template and writes its nuget.config.</summary>
        private void CreateConsumer(string feed)
        {
            string template = Path.Combine(AppContext.BaseDirectory, "Consumer");
            foreach (var file in Directory.GetFiles(template, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(ConsumerDirectory, Path.GetRelativePath(template, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (target.EndsWith(".csproj.in", StringComparison.Ordinal))
                {
                    File.WriteAllText(target.Substring(0, target.Length - ".in".Length),
                        File.ReadAllText(file).Replace("@TENSORDSL_VERSION@", Version));
                }
                else
                {
                    File.Copy(file, target);
                }
            }

            // Adds the local feed to the machine's configured sources (which still serve ILGPU and System.Numerics.Tensors);
            // the user's NuGet configuration itself is not touched.
            string fallback = UserGlobalPackagesFolder();
            string fallbackXml = Directory.Exists(fallback)
                ? $"""
                  <fallbackPackageFolders>
                    <add key="user-global-packages" value="{fallback}" />
                  </fallbackPackageFolders>
                  """
                : "";
            File.WriteAllText(Path.Combine(ConsumerDirectory, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config>
                    <add key="globalPackagesFolder" value="{PackagesDirectory}" />
                  </config>
                  <packageSources>
                    <add key="tensordsl-under-test" value="{feed}" />
                  </packageSources>
                  {fallbackXml}
                </configuration>
                """);
        }

        private static string UserGlobalPackagesFolder()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        /// <summary>Deletes the scratch folder (kept when TENSORDSL_KEEP_PACKAGE_TEST is set, for debugging).</summary>
        public void Dispose()
        {
            if (Environment.GetEnvironmentVariable("TENSORDSL_KEEP_PACKAGE_TEST") != null) return;
            try { Directory.Delete(WorkDirectory, recursive: true); }
            catch (IOException e) { Debug.WriteLine($"Could not delete {WorkDirectory}: {e.Message}"); }
            catch (UnauthorizedAccessException e) { Debug.WriteLine($"Could not delete {WorkDirectory}: {e.Message}"); }
        }
    }

    /// <summary>Every package test shares one pack and one consumer folder, so they run one after another.</summary>
    [CollectionDefinition(Name)]
    public sealed class PackageCollection : ICollectionFixture<PackageFixture>
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "Packed TensorDsl";
    }
}
