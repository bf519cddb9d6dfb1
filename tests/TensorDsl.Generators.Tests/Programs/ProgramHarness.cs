using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Numerics.Tensors;
using System.Reflection;
using System.Text;
using TensorDsl.Generators.Tests.Harness;

namespace TensorDsl.Generators.Tests.Programs
{
    /// <summary>How a program parameter is passed.</summary>
    public enum ParamKind { Input, Output, Scalar, Int }

    /// <summary>A parameter of a test program: tensors carry their index names (for shapes), scalars their value.</summary>
    public sealed record ProgramParam(string Name, ParamKind Kind, string Indices = "", double Value = 0);

    /// <summary>A test program: its text, element type and parameters in declaration order.</summary>
    /// <param name="Forward">For a <c>[Gradient]</c> case: the forward's parameters. The text is then the forward's program,
    /// the method under test is its declared backward with <paramref name="Parameters"/>, and the expected values are the
    /// interpreter's derived gradients (<see cref="TensorProgram.EvaluateGradient"/>).</param>
    public sealed record ProgramCase(string Name, string Text, string Element, ProgramParam[] Parameters, ProgramParam[]? Forward = null)
    {
        public override string ToString() => $"{Name} ({Element})";
    }

    /// <summary>
    /// Compiles test programs with the real generator, with runner methods taking arrays (tensor spans cannot be passed
    /// through reflection), and checks each against the double-precision interpreter <see cref="TensorProgram.Evaluate"/>.
    /// </summary>
    public static class ProgramHarness
    {
        // The derived gradients by the interpreter: the forward's inputs from the arguments, dO per forward output.
        private static IReadOnlyDictionary<string, Tensor<double>> ExpectedGradients(ProgramCase c, Dictionary<string, object> arguments)
        {
            var forwardArguments = c.Forward!.Where(p => p.Kind != ParamKind.Output).ToDictionary(p => p.Name, p => arguments[p.Name]);
            var outputGradients = c.Forward!.Where(p => p.Kind == ParamKind.Output)
                .ToDictionary(p => p.Name, p => (Tensor<double>)arguments["d" + char.ToUpperInvariant(p.Name[0]) + p.Name.Substring(1)]);
            return TensorProgram.EvaluateGradient(c.Text, forwardArguments, outputGradients);
        }

        public static string Build(IReadOnlyList<ProgramCase> cases)
        {
            var sb = new StringBuilder();
            sb.AppendLine("using System.Numerics.Tensors;");
            sb.AppendLine("using TensorDsl;");
            sb.AppendLine("namespace TestPrograms;");
            sb.AppendLine("public static partial class P");
            sb.AppendLine("{");
            for (int k = 0; k < cases.Count; k++)
            {
                var c = cases[k];
                string T = c.Element;
                string Declaration(ProgramParam p) => p.Kind switch
                {
                    ParamKind.Input => $"ReadOnlyTensorSpan<{T}> {p.Name}",
                    ParamKind.Output => $"TensorSpan<{T}> {p.Name}",
                    ParamKind.Scalar => $"{T} {p.Name}",
                    _ => $"int {p.Name}",
                };
                sb.AppendLine($"    [TensorProgram(\"\"\"\n{c.Text}\n\"\"\")]");
                if (c.Forward is not null)
                {
                    // A [Gradient] case: the program is the forward's, and M{k} its declared backward.
                    sb.AppendLine($"    public static partial void F{k}({string.Join(", ", c.Forward.Select(Declaration))});");
                    sb.AppendLine($"    [Gradient(nameof(F{k}))]");
                }
                sb.AppendLine($"    public static partial void M{k}({string.Join(", ", c.Parameters.Select(Declaration))});");
            }
            sb.AppendLine("}");
            sb.AppendLine("public static class Runners");
            sb.AppendLine("{");
            for (int k = 0; k < cases.Count; k++)
            {
                var c = cases[k];
                string T = c.Element;
                var cpuArgs = new List<string>();
                var gpuArgs = new List<string>();
                var uploads = new List<string>();
                var downloads = new List<string>();
                int t = 0, s = 0;
                foreach (var p in c.Parameters)
                {
                    switch (p.Kind)
                    {
                        case ParamKind.Input:
                        case ParamKind.Output:
                            cpuArgs.Add($"new {(p.Kind == ParamKind.Input ? "ReadOnlyTensorSpan" : "TensorSpan")}<{T}>(d[{t}], s[{t}], l[{t}], st[{t}])");
                            uploads.Add($"using var t{t} = dev.Upload(d[{t}], s[{t}], l[{t}], st[{t}]);");
                            gpuArgs.Add($"t{t}");
                            if (p.Kind == ParamKind.Output) downloads.Add($"t{t}.DownloadBuffer().CopyTo(d[{t}], 0);");
                            t++;
                            break;
                        case ParamKind.Scalar:
                            cpuArgs.Add($"({T})sc[{s}]");
                            gpuArgs.Add($"({T})sc[{s++}]");
                            break;
                        default:
                            cpuArgs.Add($"(int)sc[{s}]");
                            gpuArgs.Add($"(int)sc[{s++}]");
                            break;
                    }
                }
                sb.AppendLine($"    public static void Cpu{k}({T}[][] d, int[] s, nint[][] l, nint[][] st, double[] sc) => P.M{k}({string.Join(", ", cpuArgs)});");
                sb.AppendLine($"    public static void Gpu{k}(TensorDevice dev, {T}[][] d, int[] s, nint[][] l, nint[][] st, double[] sc)");
                sb.AppendLine("    {");
                foreach (var u in uploads) sb.AppendLine("        " + u);
                sb.AppendLine($"        P.M{k}(dev, {string.Join(", ", gpuArgs)});");
                foreach (var dl in downloads) sb.AppendLine("        " + dl);
                sb.AppendLine("    }");
            }
            sb.AppendLine("}");
            return sb.ToString();
        }

        /// <summary>Runs program <paramref name="k"/> with index sizes <paramref name="sizes"/>; null when it agrees with the interpreter.</summary>
        public static string? Check<T>(Assembly assembly, int k, ProgramCase c, IReadOnlyDictionary<char, int> sizes, Random rng, bool strided, bool gpu,
            Func<Random, double>? values = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var tensors = new List<(ProgramParam Param, StridedArray<T> Array)>();
            var scalars = new List<double>();
            var arguments = new Dictionary<string, object>();
            foreach (var p in c.Parameters)
            {
                switch (p.Kind)
                {
                    case ParamKind.Input:
                    case ParamKind.Output:
                    {
                        // A rank-0 output (a scalar's gradient, dAlpha) is a tensor of shape [1], as the contract says.
                        var lengths = p.Kind == ParamKind.Output && p.Indices.Length == 0 ? new nint[] { 1 } : p.Indices.Select(ch => (nint)sizes[ch]).ToArray();
                        var array = StridedArray<T>.Random(rng, lengths, strided, p.Kind == ParamKind.Input ? values : r => 1e6);
                        tensors.Add((p, array));
                        if (p.Kind == ParamKind.Input) arguments[p.Name] = array.ToDouble();
                        break;
                    }
                    case ParamKind.Scalar:
                        scalars.Add(p.Value);
                        arguments[p.Name] = double.CreateChecked(T.CreateChecked(p.Value));
                        break;
                    default:
                        scalars.Add(p.Value);
                        arguments[p.Name] = (int)p.Value;
                        break;
                }
            }
            var expected = c.Forward is null ? TensorProgram.Evaluate(c.Text, arguments) : ExpectedGradients(c, arguments);
            var before = tensors.Select(x => (T[])x.Array.Data.Clone()).ToArray();

            var runners = assembly.GetType("TestPrograms.Runners")!;
            var data = tensors.Select(x => x.Array.Data).ToArray();
            var starts = tensors.Select(x => x.Array.Start).ToArray();
            var lengthsAll = tensors.Select(x => x.Array.Lengths).ToArray();
            var stridesAll = tensors.Select(x => x.Array.Strides).ToArray();
            if (gpu)
            {
                runners.GetMethod($"Gpu{k}")!.Invoke(null, new object[] { KernelChecker.Device.Value, data, starts, lengthsAll, stridesAll, scalars.ToArray() });
            }
            else
            {
                runners.GetMethod($"Cpu{k}")!.Invoke(null, new object[] { data, starts, lengthsAll, stridesAll, scalars.ToArray() });
            }

            double tolerance = typeof(T) == typeof(float) ? 1e-4 : 1e-10;
            string where = $"{c} on {(gpu ? "ilgpu-cpu" : "cpu")}, sizes {string.Join(",", sizes.Select(kv => $"{kv.Key}={kv.Value}"))}{(strided ? ", strided" : "")}";
            for (int i = 0; i < tensors.Count; i++)
            {
                var (param, array) = tensors[i];
                var logical = new HashSet<long>(array.LogicalOffsets());
                for (long o = 0; o < array.Data.Length; o++)
                {
                    if ((param.Kind == ParamKind.Input || !logical.Contains(o)) && !array.Data[o].Equals(before[i][o]))
                    {
                        return $"{where}: element {o} of '{param.Name}' outside the output view was written";
                    }
                }
                if (param.Kind != ParamKind.Output) continue;
                var want = expected[param.Name].ToArray();
                var offsets = array.LogicalOffsets();
                double scale = 0, worst = 0;
                long worstAt = -1;
                for (int e = 0; e < offsets.Length; e++) scale = Math.Max(scale, Math.Abs(want[e]));
                for (int e = 0; e < offsets.Length; e++)
                {
                    double got = double.CreateChecked(array.Data[offsets[e]]);
                    double err = Math.Abs(got - want[e]);
                    if (!(err <= worst)) { worst = err; worstAt = e; }
                }
                // A gradient that is zero by cancellation (a softmax's weights sum to 1 whatever the scores) is computed as
                // a difference of terms of order 1, so its error is measured against that order, not against 0.
                double floor = c.Forward is null ? 1e-300 : 0.05;
                if (!(worst <= tolerance * Math.Max(scale, floor)) && !(worst == 0))
                {
                    return $"{where}: '{param.Name}' element {worstAt} is {array.Data[offsets[worstAt]]}, expected {want[worstAt]} (error {worst:E2}, scale {scale:E2})";
                }
            }
            return null;
        }
    }
}
