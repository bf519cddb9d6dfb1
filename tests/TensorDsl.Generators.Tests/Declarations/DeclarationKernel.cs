using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Text;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Tests.Declarations
{
    /// <summary>
    /// One attribute's small test kernel for the declaration-form tests: its attribute, its tensor parameters and shapes,
    /// the C# text of the partial declaration (with any modifiers) and of array-based runner methods placed next to it
    /// (tensor spans cannot go through reflection), and an oracle that does not use generated code.
    /// </summary>
    /// <param name="Attribute">The attribute's name, the key of a theory case.</param>
    /// <param name="AttributeText">The attribute as written on the method.</param>
    /// <param name="Operands">The read-only operands' parameter names, in order.</param>
    /// <param name="Output">The output parameter's name.</param>
    /// <param name="Shapes">The operands' shapes.</param>
    /// <param name="OutputShape">The output's shape.</param>
    /// <param name="Oracle">The expected output (row-major) for the operands (row-major), in double precision.</param>
    /// <param name="InvalidAttributeText">An attribute that the analyzers reject for the same parameters.</param>
    public sealed record DeclarationKernel(
        string Attribute,
        string AttributeText,
        string[] Operands,
        string Output,
        nint[][] Shapes,
        nint[] OutputShape,
        Func<double[][], double[]> Oracle,
        string InvalidAttributeText)
    {
        /// <summary>Whether <see cref="Members"/> writes the GPU runner (an invalid kernel has no GPU overload to call).</summary>
        public bool GpuRunner { get; init; } = true;

        /// <summary>The same kernel with <see cref="InvalidAttributeText"/>, without GPU runners.</summary>
        public DeclarationKernel AsInvalid() => this with { AttributeText = InvalidAttributeText, GpuRunner = false };

        /// <summary>The four attributes' kernels, by <see cref="Attribute"/>.</summary>
        public static readonly IReadOnlyDictionary<string, DeclarationKernel> All = new[]
        {
            new DeclarationKernel("Einsum", "[Einsum(\"ij,jk->ik\")]", new[] { "a", "b" }, "c",
                new[] { new nint[] { 3, 4 }, new nint[] { 4, 2 } }, new nint[] { 3, 2 },
                inputs => Einsum.Evaluate("ij,jk->ik", Tensor.Create(inputs[0], new nint[] { 3, 4 }), Tensor.Create(inputs[1], new nint[] { 4, 2 })).ToArray(),
                "[Einsum(\"ij,jk->iq\")]"),
            new DeclarationKernel("TensorProgram", "[TensorProgram(\"y[i] = sum[j](x[i,j] * w[j])\")]", new[] { "x", "w" }, "y",
                new[] { new nint[] { 3, 4 }, new nint[] { 4 } }, new nint[] { 3 },
                inputs => TensorProgram.Evaluate("y[i] = sum[j](x[i,j] * w[j])", new Dictionary<string, object>
                {
                    ["x"] = Tensor.Create(inputs[0], new nint[] { 3, 4 }),
                    ["w"] = Tensor.Create(inputs[1], new nint[] { 4 }),
                })["y"].ToArray(),
                "[TensorProgram(\"y[i] = sum[j](x[i,j] * q[j])\")]"),
            new DeclarationKernel("GauntProduct", "[GauntProduct(1, 1, 2)]", new[] { "x", "y" }, "z",
                new[] { new nint[] { 2, 4 }, new nint[] { 2, 4 } }, new nint[] { 2, 9 }, GauntOracle,
                "[GauntProduct(1, 1, 3)]"),
            new DeclarationKernel("EquivariantPolynomial", "[EquivariantPolynomial(\"ab,bc,ca->a\")]", new[] { "x" }, "p",
                new[] { new nint[] { 4, 4 } }, new nint[] { 4 },
                inputs =>
                {
                    var x = Tensor.Create(inputs[0], new nint[] { 4, 4 });
                    return Einsum.Evaluate("ab,bc,ca->a", x, x, x).ToArray();
                },
                "[EquivariantPolynomial(\"ab,bc->ad\")]"),
        }.ToDictionary(k => k.Attribute);

        /// <summary>
        /// The attributed partial declaration <c>{modifiers} void {name}(…)</c> with element type <paramref name="element"/>,
        /// then runners <c>RunCpu{tag}</c> and <c>RunGpu{tag}</c>: static methods in the same type that convert double
        /// arrays, call the kernel (CPU) or its GPU overload (on the given device), and return the output as doubles.
        /// With <paramref name="runnerClass"/>, the runners are in a nested static class of that name (reflection cannot
        /// invoke a method of a ref struct).
        /// </summary>
        public string Members(string modifiers, string element = "float", string tag = "", string name = "M", string? runnerClass = null)
        {
            string T = element;
            var sb = new StringBuilder();
            sb.AppendLine(AttributeText);
            sb.AppendLine($"{modifiers} void {name}({Parameters(T)});");
            if (runnerClass is not null) sb.AppendLine($"internal static class {runnerClass} {{");
            string count = "int __n = 1; foreach (nint __d in outShape) __n *= (int)__d;";
            string convert(int i) => $"global::System.Array.ConvertAll(inputs[{i}], v => ({T})v)";

            sb.AppendLine($"internal static double[] RunCpu{tag}(double[][] inputs, nint[][] shapes, nint[] outShape)");
            sb.AppendLine("{");
            sb.AppendLine($"    {count}");
            sb.AppendLine($"    var o = new {T}[__n];");
            var cpuArgs = Operands.Select((_, i) => $"new ReadOnlyTensorSpan<{T}>({convert(i)}, shapes[{i}])").Append($"new TensorSpan<{T}>(o, outShape)");
            sb.AppendLine($"    {name}({string.Join(", ", cpuArgs)});");
            sb.AppendLine("    return global::System.Array.ConvertAll(o, v => (double)v);");
            sb.AppendLine("}");

            if (!GpuRunner)
            {
                if (runnerClass is not null) sb.AppendLine("}");
                return sb.ToString();
            }
            sb.AppendLine($"internal static double[] RunGpu{tag}(TensorDevice dev, double[][] inputs, nint[][] shapes, nint[] outShape)");
            sb.AppendLine("{");
            sb.AppendLine($"    {count}");
            for (int i = 0; i < Operands.Length; i++) sb.AppendLine($"    using var d{i} = dev.Upload({convert(i)}, shapes[{i}]);");
            sb.AppendLine($"    using var dOut = dev.Upload(new {T}[__n], outShape);");
            sb.AppendLine($"    {name}(dev, {string.Join(", ", Operands.Select((_, i) => $"d{i}"))}, dOut);");
            sb.AppendLine("    return global::System.Array.ConvertAll(dOut.DownloadBuffer(), v => (double)v);");
            sb.AppendLine("}");
            if (runnerClass is not null) sb.AppendLine("}");
            return sb.ToString();
        }

        /// <summary>
        /// A plain (not generated) method with the kernel's signature that fills its output with -1: the base-class method
        /// that a <c>new</c> kernel hides, so that a run shows which of the two was called.
        /// </summary>
        public string PlainMethod(string modifiers, string element = "float", string name = "M")
            => $"{modifiers} void {name}({Parameters(element)}) => {Output}.Fill(-1);";

        private string Parameters(string T)
            => string.Join(", ", Operands.Select(o => $"ReadOnlyTensorSpan<{T}> {o}").Append($"TensorSpan<{T}> {Output}"));

        /// <summary>Random operands in [-1, 1), row-major.</summary>
        public double[][] RandomInputs(Random rng)
            => Shapes.Select(s => Enumerable.Range(0, (int)s.Aggregate((nint)1, (a, b) => a * b)).Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();

        /// <summary>
        /// z[r, I3] = Σ G(l1 m1, l2 m2, l3 m3) x[r, I1] y[r, I2] over every I1, I2 &lt; 4 (degrees ≤ 1), I3 &lt; 9 (degrees ≤ 2),
        /// flat index l² + l + m, every Gaunt coefficient (zeros included) from <see cref="GauntCoefficients.Value"/>.
        /// </summary>
        private static double[] GauntOracle(double[][] inputs)
        {
            var z = new double[2 * 9];
            for (int r = 0; r < 2; r++)
            {
                for (int i3 = 0; i3 < 9; i3++)
                {
                    var (l3, m3) = Degree(i3);
                    double s = 0;
                    for (int i1 = 0; i1 < 4; i1++)
                    {
                        var (l1, m1) = Degree(i1);
                        for (int i2 = 0; i2 < 4; i2++)
                        {
                            var (l2, m2) = Degree(i2);
                            s += GauntCoefficients.Value(l1, m1, l2, m2, l3, m3) * inputs[0][r * 4 + i1] * inputs[1][r * 4 + i2];
                        }
                    }
                    z[r * 9 + i3] = s;
                }
            }
            return z;
        }

        private static (int L, int M) Degree(int flat)
        {
            int l = (int)Math.Sqrt(flat);
            return (l, flat - l * l - l);
        }
    }
}
