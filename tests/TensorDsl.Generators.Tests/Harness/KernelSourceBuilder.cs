using System.Collections.Generic;
using System.Linq;
using System.Text;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Generators.Tests.Harness
{
    /// <summary>One kernel method to generate in a test compilation.</summary>
    /// <param name="Spec">The einsum spec.</param>
    /// <param name="Element">"float" or "double".</param>
    /// <param name="Accumulate">Use Accumulate = true.</param>
    /// <param name="ReturnsScalar">Declare the method as returning T (rank-0 specs only).</param>
    public sealed record KernelSpec(string Spec, string Element, bool Accumulate = false, bool ReturnsScalar = false)
    {
        public int OperandCount => EinsumParser.ParseOrThrow(Spec).Inputs.Count;
    }

    /// <summary>
    /// Writes test kernels as [Einsum] methods, plus for each a runner that takes plain arrays (reflection cannot pass
    /// the ref-struct tensor spans): <c>Cpu{k}(T[][] data, int[] starts, nint[][] lengths, nint[][] strides)</c> with the
    /// output last, and <c>Gpu{k}(TensorDevice, …)</c> that uploads the same views to the device and runs the GPU overload.
    /// </summary>
    public static class KernelSourceBuilder
    {
        public static string Build(IReadOnlyList<KernelSpec> kernels)
        {
            var sb = new StringBuilder();
            sb.AppendLine("using System.Numerics.Tensors;");
            sb.AppendLine("using TensorDsl;");
            sb.AppendLine("namespace TestKernels;");
            sb.AppendLine("public static partial class K");
            sb.AppendLine("{");
            for (int k = 0; k < kernels.Count; k++)
            {
                var kernel = kernels[k];
                string T = kernel.Element;
                var parameters = Enumerable.Range(0, kernel.OperandCount).Select(i => $"ReadOnlyTensorSpan<{T}> a{i}").ToList();
                string ret = "void";
                if (kernel.ReturnsScalar) ret = T; else parameters.Add($"TensorSpan<{T}> result");
                string accumulate = kernel.Accumulate ? ", Accumulate = true" : "";
                sb.AppendLine($"    [Einsum(\"{kernel.Spec}\"{accumulate})]");
                sb.AppendLine($"    public static partial {ret} M{k}({string.Join(", ", parameters)});");
            }
            sb.AppendLine("}");
            sb.AppendLine("public static class Runners");
            sb.AppendLine("{");
            for (int k = 0; k < kernels.Count; k++)
            {
                var kernel = kernels[k];
                string T = kernel.Element;
                int m = kernel.OperandCount;
                var args = Enumerable.Range(0, m).Select(i => $"new ReadOnlyTensorSpan<{T}>(d[{i}], s[{i}], l[{i}], st[{i}])").ToList();
                if (kernel.ReturnsScalar)
                {
                    sb.AppendLine($"    public static void Cpu{k}({T}[][] d, int[] s, nint[][] l, nint[][] st) => d[{m}][s[{m}]] = K.M{k}({string.Join(", ", args)});");
                }
                else
                {
                    args.Add($"new TensorSpan<{T}>(d[{m}], s[{m}], l[{m}], st[{m}])");
                    sb.AppendLine($"    public static void Cpu{k}({T}[][] d, int[] s, nint[][] l, nint[][] st) => K.M{k}({string.Join(", ", args)});");
                }
            }
            for (int k = 0; k < kernels.Count; k++)
            {
                var kernel = kernels[k];
                string T = kernel.Element;
                int m = kernel.OperandCount;
                // Device tensors are views of the whole host array uploaded (same start, lengths and strides as on the CPU);
                // the output's whole buffer is downloaded so that writes outside its view are seen.
                var uploads = Enumerable.Range(0, m + (kernel.ReturnsScalar ? 0 : 1)).Select(i => $"dev.Upload(d[{i}], s[{i}], l[{i}], st[{i}])").ToList();
                sb.AppendLine($"    public static void Gpu{k}(TensorDevice dev, {T}[][] d, int[] s, nint[][] l, nint[][] st)");
                sb.AppendLine("    {");
                for (int i = 0; i < uploads.Count; i++) sb.AppendLine($"        using var t{i} = {uploads[i]};");
                string args = string.Join(", ", Enumerable.Range(0, uploads.Count).Select(i => $"t{i}"));
                if (kernel.ReturnsScalar)
                {
                    sb.AppendLine($"        d[{m}][s[{m}]] = K.M{k}(dev, {args});");
                }
                else
                {
                    sb.AppendLine($"        K.M{k}(dev, {args});");
                    sb.AppendLine($"        t{m}.DownloadBuffer().CopyTo(d[{m}], 0);");
                }
                sb.AppendLine("    }");
            }
            sb.AppendLine("}");
            return sb.ToString();
        }
    }
}
