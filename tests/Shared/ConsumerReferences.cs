using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TensorDsl.TestSupport
{
    /// <summary>
    /// The metadata references of a consumer of the package, for tests that compile generated code in-process: the
    /// platform, the runtime (TensorDsl, TensorDsl.Language), System.Numerics.Tensors and ILGPU. Linked into the test
    /// projects that compile consumers (<c>IncludeConsumerReferences</c> in their project file).
    /// </summary>
    internal static class ConsumerReferences
    {
        private static readonly Lazy<MetadataReference[]> s_all = new Lazy<MetadataReference[]>(() =>
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
            paths.Add(typeof(EinsumAttribute).Assembly.Location);
            paths.Add(typeof(System.Numerics.Tensors.TensorSpan<>).Assembly.Location);
            paths.Add(typeof(ILGPU.Context).Assembly.Location);
            paths.Add(typeof(TensorDsl.Language.Einsum.EinsumSpec).Assembly.Location);
            return paths.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
        });

        /// <summary>Every reference, created once per test run.</summary>
        public static MetadataReference[] All => s_all.Value;
    }
}
