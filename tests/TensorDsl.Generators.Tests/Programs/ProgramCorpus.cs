using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Generators.Tests.Programs
{
    /// <summary>
    /// The programs every backend is checked on: each fusion path (packed attention kernels with and without windows and
    /// batch indices, generic streaming softmax, loop nests with hoisted normalizers, stored intermediates) and the
    /// expression forms of the language.
    /// </summary>
    public static class ProgramCorpus
    {
        private static ProgramParam In(string name, string indices) => new(name, ParamKind.Input, indices);
        private static ProgramParam Out(string name, string indices) => new(name, ParamKind.Output, indices);
        private static ProgramParam Scalar(string name, double value) => new(name, ParamKind.Scalar, Value: value);
        private static ProgramParam Int(string name, int value) => new(name, ParamKind.Int, Value: value);

        public static readonly (string Name, string Text, ProgramParam[] Parameters)[] Programs =
        {
            ("standard attention", """
                s[i,j] = scale * sum[d](q[i,d] * k[j,d])
                o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c])
                """,
                new[] { In("q", "id"), In("k", "jd"), In("v", "jc"), Scalar("scale", 0.35), Out("o", "ic") }),
            ("tensor attention", """
                s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
                o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c])
                """,
                new[] { In("q", "il"), In("k1", "jl"), In("k2", "kl"), In("v1", "jc"), In("v2", "kc"), Scalar("scale", 0.5), Out("o", "ic") }),
            ("2-simplicial causal windows", """
                s[i,j,k] = sum[l](q[i,l] * k1[j,l] * k2[k,l]) / 2
                o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c]) where i - w1 < j <= i, i - w2 < k <= i
                """,
                new[] { In("q", "il"), In("k1", "jl"), In("k2", "kl"), In("v1", "jc"), In("v2", "kc"), Int("w1", 3), Int("w2", 2), Out("o", "ic") }),
            ("causal attention, keys stored transposed", """
                o[i,c] = sum[j](softmax[j](sum[d](q[i,d] * kt[d,j]) * 0.25) * v[j,c]) where j <= i
                """,
                new[] { In("q", "id"), In("kt", "dj"), In("v", "jc"), Out("o", "ic") }),
            ("multi-head attention (batch indices)", """
                s[b,h,i,j] = scale * sum[d](q[b,h,i,d] * k[b,h,j,d])
                o[b,h,i,c] = sum[j](softmax[j](s[b,h,i,j]) * v[b,h,j,c])
                """,
                new[] { In("q", "bhid"), In("k", "bhjd"), In("v", "bhjc"), Scalar("scale", 0.5), Out("o", "bhic") }),
            ("empty causal window (zeros)", """
                o[i,c] = sum[j](softmax[j](sum[d](q[i,d] * k[j,d])) * v[j,c]) where i - w < j <= i
                """,
                new[] { In("q", "id"), In("k", "jd"), In("v", "jc"), Int("w", 0), Out("o", "ic") }),
            ("capped scores (generic streaming)", """
                s[i,j] = tanh(sum[d](q[i,d] * k[j,d]) / 2) * 2 + bias[j]
                o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c]) where i - w < j
                """,
                new[] { In("q", "id"), In("k", "jd"), In("bias", "j"), In("v", "jc"), Int("w", 4), Out("o", "ic") }),
            ("softmax, max and stored intermediates", """
                p[i,j] = softmax[j](x[i,j]) * 2
                t[i,j] = p[i,j] + p[j,i]
                y[i]   = max[j](t[i,j]) + sum[j](x[i,j] * x[i,j])
                """,
                new[] { In("x", "ij"), Out("y", "i") }),
            ("masked softmax", """
                p[i,j] = softmax[j](x[i,j]) where j <= i
                """,
                new[] { In("x", "ij"), Out("p", "ij") }),
            ("matmul by Einstein shorthand", """
                c[i,k] = a[i,j] * b[j,k]
                """,
                new[] { In("a", "ij"), In("b", "jk"), Out("c", "ik") }),
            ("elementwise functions", """
                y[i,j] = relu(x[i,j]) * alpha + sigmoid(x[i,j]) - min(x[i,j], 0.5) / sqrt(abs(x[i,j]) + 1) + max(exp(-x[i,j]), log(abs(x[i,j]) + 2)) + n
                """,
                new[] { In("x", "ij"), Scalar("alpha", 1.5), Int("n", 2), Out("y", "ij") }),
            ("two outputs, normalization", """
                mu[i]  = sum[j](x[i,j]) * inv
                var[i] = sum[j]((x[i,j] - mu[i]) * (x[i,j] - mu[i])) * inv
                y[i,j] = (x[i,j] - mu[i]) / sqrt(var[i] + 0.001) * g[j]
                m[i]   = mu[i] + var[i]
                """,
                new[] { In("x", "ij"), In("g", "j"), Scalar("inv", 0.2), Out("y", "ij"), Out("m", "i") }),
            ("diagonal and reuse of one operand", """
                y[a,b] = x[a,a] * x[a,b] * x[b,a] - sum[c](x[a,c] * x[c,b])
                """,
                new[] { In("x", "ab"), Out("y", "ab") }),
        };

        public static ProgramCase Case(int index, string element)
        {
            var (name, text, parameters) = Programs[index];
            return new ProgramCase(name, text, element, parameters);
        }

        public static IReadOnlyList<ProgramCase> All(string element) => Enumerable.Range(0, Programs.Length).Select(i => Case(i, element)).ToList();
    }
}
