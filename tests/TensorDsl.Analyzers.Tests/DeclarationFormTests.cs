using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Harness;
using Xunit;

namespace TensorDsl.Analyzers.Tests
{
    /// <summary>
    /// Every way to declare a valid kernel that the generator supports — any accessibility, none included (implicitly
    /// private); <c>unsafe</c>; <c>new</c>; nested, generic, record, record struct, struct and interface containing types;
    /// file-scoped, nested and global namespaces; overloads — gets no diagnostic from any attribute analyzer.
    /// </summary>
    public class DeclarationFormTests
    {
        /// <summary>Each attribute with a valid argument list and the parameters of its kernel (float).</summary>
        public static TheoryData<string, string> Kernels() => new()
        {
            { "Einsum(\"ij,jk->ik\")", "ReadOnlyTensorSpan<{0}> a, ReadOnlyTensorSpan<{0}> b, TensorSpan<{0}> c" },
            { "TensorProgram(\"y[i] = sum[j](x[i,j] * w[j])\")", "ReadOnlyTensorSpan<{0}> x, ReadOnlyTensorSpan<{0}> w, TensorSpan<{0}> y" },
            { "GauntProduct(1, 1, 2)", "ReadOnlyTensorSpan<{0}> x, ReadOnlyTensorSpan<{0}> y, TensorSpan<{0}> z" },
            { "EquivariantPolynomial(\"ab,bc,ca->a\")", "ReadOnlyTensorSpan<{0}> x, TensorSpan<{0}> p" },
        };

        [Theory]
        [MemberData(nameof(Kernels))]
        public Task EveryDeclarationFormHasNoDiagnostics(string attribute, string parameters)
        {
            string F = string.Format(parameters, "float");
            string D = string.Format(parameters, "double");
            string K(string modifiers, string name = "M", string p = "") => $"[{attribute}] {modifiers} void {name}({(p.Length == 0 ? F : p)});";
            return AttributeAnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                namespace Forms
                {
                    public partial class Access
                    {
                        {{K("static partial", "None")}}
                        {{K("private static partial", "Private")}}
                        {{K("internal static partial", "Internal")}}
                        {{K("public static partial", "Public")}}
                        {{K("protected static partial", "Protected")}}
                        {{K("private protected static partial", "PrivateProtected")}}
                        {{K("static internal protected partial", "ProtectedInternal")}}
                        {{K("public static unsafe partial", "Unsafe")}}
                        {{K("public static partial", "Overload")}}
                        {{K("public static partial", "Overload", D)}}
                    }
                    public class Base { public static void M({{F}}) { } }
                    public partial class Derived : Base { {{K("public new static partial")}} }
                    public static partial class Outer { internal static partial class Middle { private static partial class Inner { {{K("static partial")}} } } }
                    public static partial class Generic<TKey, TValue> where TKey : notnull { internal sealed partial class Inner<U> where U : class, new() { {{K("static partial")}} } }
                    public partial record R(int A) { {{K("static partial")}} }
                    public readonly partial record struct RS(int A) { {{K("static partial")}} }
                    internal partial struct S { {{K("static partial")}} }
                    public ref partial struct RefS { {{K("static partial")}} }
                    public partial interface I { {{K("static partial")}} }
                    namespace Deep.Er { static partial class C { {{K("static partial")}} } }
                }
                static partial class InTheGlobalNamespace { {{K("static partial")}} }
                """);
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public Task FileScopedNamespaceHasNoDiagnostics(string attribute, string parameters)
            => AttributeAnalyzerHarness.VerifyAsync(Sources.Usings + $$"""
                namespace Forms.FileScoped;
                static partial class C { [{{attribute}}] static partial void M({{string.Format(parameters, "float")}}); }
                """);
    }
}
