using System;

namespace TensorDsl
{
    /// <summary>
    /// Marks a <c>static partial void</c> method whose body TensorDsl generates from a program in index notation:
    /// statements <c>name[indices] = expression [where constraints]</c>, separated by newlines or <c>;</c>.
    /// Names bind to parameters by name (<c>ReadOnlyTensorSpan&lt;T&gt;</c> inputs, <c>TensorSpan&lt;T&gt;</c> outputs,
    /// <c>T</c> scalars, <c>int</c> window bounds); any other assigned name is an intermediate, which the compiler
    /// fuses away where it can (elementwise maps, and <c>softmax[R]</c> consumed by <c>sum[R]</c> as an online softmax).
    /// The grammar and the fusion rules are in docs/language.md.
    /// </summary>
    /// <example>
    /// <code>
    /// [TensorProgram("""
    ///     s[i,j,k] = scale * sum[l](q[i,l] * k1[j,l] * k2[k,l])
    ///     o[i,c]   = sum[j,k](softmax[j,k](s[i,j,k]) * v1[j,c] * v2[k,c])
    ///     """)]
    /// public static partial void TensorAttention(ReadOnlyTensorSpan&lt;float&gt; q, ReadOnlyTensorSpan&lt;float&gt; k1,
    ///     ReadOnlyTensorSpan&lt;float&gt; k2, ReadOnlyTensorSpan&lt;float&gt; v1, ReadOnlyTensorSpan&lt;float&gt; v2, float scale, TensorSpan&lt;float&gt; o);
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class TensorProgramAttribute : Attribute
    {
        /// <summary>Creates the attribute with the program text.</summary>
        /// <param name="program">The statements of the program.</param>
        public TensorProgramAttribute(string program) => Program = program;

        /// <summary>The program text.</summary>
        public string Program { get; }
    }
}
