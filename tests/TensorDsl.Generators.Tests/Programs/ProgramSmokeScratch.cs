using System;
using System.IO;
using System.Linq;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests.Programs
{
    public class ProgramSmokeScratch
    {
        [Fact]
        public void Dump()
        {
            string src = """
using System.Numerics.Tensors;
using TensorDsl;
public static partial class P
{
    [TensorProgram(@"
        s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
        o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c])")]
    public static partial void TensorAttention(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k1, ReadOnlyTensorSpan<float> k2,
        ReadOnlyTensorSpan<float> v1, ReadOnlyTensorSpan<float> v2, float scale, TensorSpan<float> o);

    [TensorProgram(@"
        s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
        o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c]) where i - w1 < j <= i, i - w2 < k <= i")]
    public static partial void Simplicial(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k1, ReadOnlyTensorSpan<double> k2,
        ReadOnlyTensorSpan<double> v1, ReadOnlyTensorSpan<double> v2, double scale, int w1, int w2, TensorSpan<double> o);

    [TensorProgram(@"
        s[i,j] = tanh(sum[d](q[i,d] * k[j,d]) / 8) * 8
        o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c])")]
    public static partial void Capped(ReadOnlyTensorSpan<double> q, ReadOnlyTensorSpan<double> k, ReadOnlyTensorSpan<double> v, TensorSpan<double> o);

    [TensorProgram("p[i,j] = softmax[j](x[i,j]) * 2; t[i,j] = p[i,j] + p[j,i]; y[i] = max[j](t[i,j]) + sum[j](x[i,j] * x[i,j])")]
    public static partial void Misc(ReadOnlyTensorSpan<double> x, TensorSpan<double> y);
}
""";
            var (output, diags, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(src));
            Directory.CreateDirectory("/tmp/lead-gen");
            foreach (var tree in result.GeneratedTrees) File.WriteAllText("/tmp/lead-gen/" + Path.GetFileName(tree.FilePath), tree.ToString());
            var errors = output.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).Take(20).ToList();
            File.WriteAllText("/tmp/lead-gen/errors.txt", string.Join("\n", errors));
        }
    }
}
