using System;
using System.IO;

namespace TensorDsl.TestSupport
{
    /// <summary>
    /// The one place test projects find files of the repository: the committed reference data of <c>tests/TestData</c>
    /// (copied next to the test binaries by <c>tests/Directory.Build.targets</c>, so a plain clone needs nothing beside
    /// it) and the repository root (for tests that read <c>docs/</c> or pack the package). Linked into every test project.
    /// </summary>
    internal static class RepositoryFiles
    {
        private static readonly Lazy<string> s_root = new Lazy<string>(FindRoot);

        /// <summary>The folder that holds <c>TensorDsl.sln</c>, found by walking up from the test binaries.</summary>
        public static string Root => s_root.Value;

        /// <summary>
        /// The path of a file of <c>tests/TestData</c> (see its README for how each file was computed), as copied beside
        /// the test binaries; throws <see cref="FileNotFoundException"/> naming both places when it is missing.
        /// </summary>
        public static string TestData(string name)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "TestData", name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"Reference data '{name}' is missing beside the test binaries ({path}); it is committed as tests/TestData/{name} " +
                    "and copied by tests/Directory.Build.targets.", path);
            }
            return path;
        }

        /// <summary>A path relative to the repository root, with '/' separators, made absolute.</summary>
        public static string InRepository(string relativePath) =>
            Path.GetFullPath(Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TensorDsl.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("No folder holding TensorDsl.sln above " + AppContext.BaseDirectory + ".");
        }
    }
}
