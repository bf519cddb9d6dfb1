namespace TensorDsl.Analyzers.Tests.Harness
{
    /// <summary>Building blocks for test sources.</summary>
    public static class Sources
    {
        public const string Usings = "using System;\nusing System.Numerics.Tensors;\nusing TensorDsl;\n\n";

        /// <summary>Two float operands and a float output: the signature of a binary einsum.</summary>
        public const string Binary = "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c";

        /// <summary><paramref name="members"/> inside <c>public static partial class Kernels</c>.</summary>
        public static string InKernels(string members)
            => Usings + "public static partial class Kernels\n{\n" + members + "\n}\n";

        /// <summary>One binary method with the attribute argument written as <paramref name="argumentMarkup"/>.</summary>
        public static string BinaryMethod(string argumentMarkup)
            => InKernels($"    [Einsum({argumentMarkup})]\n    static partial void M({Binary});");
    }
}
