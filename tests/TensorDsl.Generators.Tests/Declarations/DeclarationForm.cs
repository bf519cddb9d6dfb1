using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Generators.Tests.Declarations
{
    /// <summary>A type whose kernel a test runs: its metadata name, the type arguments that close it, the runner's tag and element type.</summary>
    /// <param name="TypeName">Metadata name (<c>Forms.Generic.Box`1</c>, <c>Forms.Nested.Outer+Middle+Inner</c>).</param>
    /// <param name="TypeArguments">Arguments that close a generic type (outermost type's first), or empty.</param>
    /// <param name="Tag">The suffix of the runners (<c>RunCpu{Tag}</c>).</param>
    /// <param name="Element">The kernel's element type, for the tolerance.</param>
    /// <param name="Method">The kernel's name (as reflection sees it).</param>
    /// <param name="Runners">The nested type of the runners (<c>+Runner</c>), or empty when they are in the kernel's type.</param>
    public sealed record FormTarget(string TypeName, Type[] TypeArguments, string Tag = "", string Element = "float", string Method = "M", string Runners = "");

    /// <summary>
    /// One way to declare a kernel: a source file (its own namespace and types) built around the members that
    /// <see cref="DeclarationKernel.Members"/> writes, the kernels it runs, and the accessibility that the kernel and its
    /// generated GPU overload must both have.
    /// </summary>
    /// <param name="Name">The theory case's name.</param>
    /// <param name="Source">The file, given the attribute's kernel.</param>
    /// <param name="Targets">The kernels to run (all must agree with the oracle).</param>
    /// <param name="Accessibility">The declared accessibility as C# says it (<c>private</c> for an implicit one).</param>
    /// <param name="Gpu">Whether the GPU overload is also run, on ILGPU's CPU accelerator.</param>
    public sealed record DeclarationForm(string Name, Func<DeclarationKernel, string> Source, FormTarget[] Targets, string Accessibility, bool Gpu = false)
    {
        private const string Usings = "using System.Numerics.Tensors;\nusing TensorDsl;\n";

        private static FormTarget[] One(string type, params Type[] arguments) => new[] { new FormTarget(type, arguments) };

        /// <summary>Every form; each is a file of its own (file-scoped namespaces cannot share one).</summary>
        public static readonly IReadOnlyList<DeclarationForm> All = new DeclarationForm[]
        {
            // Accessibility, from none (implicitly private: the implementation must not say 'private', CS8799) to every kind.
            new("NoModifier", k => Usings + $"namespace Forms.NoModifier {{ public static partial class C {{\n{k.Members("static partial")}}} }}",
                One("Forms.NoModifier.C"), "private", Gpu: true),
            new("Private", k => Usings + $"namespace Forms.Private {{ public static partial class C {{\n{k.Members("private static partial")}}} }}",
                One("Forms.Private.C"), "private"),
            new("Internal", k => Usings + $"namespace Forms.Internal {{ public static partial class C {{\n{k.Members("internal static partial")}}} }}",
                One("Forms.Internal.C"), "internal"),
            new("Public", k => Usings + $"namespace Forms.Public {{ public static partial class C {{\n{k.Members("public static partial")}}} }}",
                One("Forms.Public.C"), "public"),
            // 'protected' kinds need a class that is neither static (CS1057) nor sealed (CS0628).
            new("Protected", k => Usings + $"namespace Forms.Protected {{ public partial class C {{\n{k.Members("protected static partial")}}} }}",
                One("Forms.Protected.C"), "protected"),
            new("PrivateProtected", k => Usings + $"namespace Forms.PrivateProtected {{ public partial class C {{\n{k.Members("private protected static partial")}}} }}",
                One("Forms.PrivateProtected.C"), "private protected"),
            // Written 'internal protected' and after 'static': the generated parts repeat the order as written.
            new("ProtectedInternal", k => Usings + $"namespace Forms.ProtectedInternal {{ public partial class C {{\n{k.Members("static internal protected partial")}}} }}",
                One("Forms.ProtectedInternal.C"), "protected internal"),

            // Other modifiers: 'unsafe' must be on both parts (CS0764); 'new' too (CS8800).
            new("Unsafe", k => Usings + $"namespace Forms.Unsafe {{ public static unsafe partial class C {{\n{k.Members("public static unsafe partial")}}} }}",
                One("Forms.Unsafe.C"), "public"),
            new("NewHidesMethod", k => Usings + $$"""
                namespace Forms.NewHidesMethod
                {
                    public class Base { {{k.PlainMethod("public static")}} }
                    public partial class Derived : Base {
                {{k.Members("public new static partial")}}}
                }
                """, One("Forms.NewHidesMethod.Derived"), "public"),
            // The hidden method is a kernel too: its GPU overload is hidden as well, so the new one also needs 'new' (CS0108).
            new("NewHidesKernel", k => Usings + $$"""
                namespace Forms.NewHidesKernel
                {
                    public partial class Base {
                {{k.Members("public static partial", tag: "Base")}}}
                    public partial class Derived : Base {
                {{k.Members("new public static partial")}}}
                }
                """, new[] { new FormTarget("Forms.NewHidesKernel.Derived", Type.EmptyTypes), new FormTarget("Forms.NewHidesKernel.Base", Type.EmptyTypes, "Base") }, "public", Gpu: true),

            // Containing types.
            new("Nested", k => Usings + $$"""
                namespace Forms.Nested
                {
                    public static partial class Outer { internal static partial class Middle { private static partial class Inner {
                {{k.Members("internal static partial")}}} } }
                }
                """, One("Forms.Nested.Outer+Middle+Inner"), "internal"),
            // Kernels in a generic type are found by reflection on the type closed over the running instantiation.
            new("Generic", k => Usings + $$"""
                namespace Forms.Generic
                {
                    public partial class Box<T> where T : struct, System.IComparable<T> {
                {{k.Members("internal static partial")}}}
                }
                """, One("Forms.Generic.Box`1", typeof(int)), "internal", Gpu: true),
            new("GenericNested", k => Usings + $$"""
                namespace Forms.GenericNested
                {
                    public static partial class Outer<TKey, TValue> where TKey : notnull
                    {
                        internal sealed partial class Inner<U> where U : class, new() {
                {{k.Members("static partial")}}}
                    }
                }
                """, One("Forms.GenericNested.Outer`2+Inner`1", typeof(int), typeof(string), typeof(object)), "private", Gpu: true),
            // Type parameters named like the generated code's own (its generic helpers', 'T') must not clash (CS0693).
            new("GenericGeneratedNames", k => Usings + $"namespace Forms.GenericGeneratedNames {{ public static partial class C<TLanes, TVector, T, V> {{\n{k.Members("public static partial")}}} }}",
                One("Forms.GenericGeneratedNames.C`4", typeof(int), typeof(long), typeof(float), typeof(byte)), "public"),
            new("Record", k => Usings + $"namespace Forms.Record {{ public partial record R(int A) {{\n{k.Members("public static partial")}}} }}",
                One("Forms.Record.R"), "public"),
            new("RecordStruct", k => Usings + $"namespace Forms.RecordStruct {{ public readonly partial record struct S(int A) {{\n{k.Members("private static partial")}}} }}",
                One("Forms.RecordStruct.S"), "private"),
            new("RefStruct", k => Usings + $"namespace Forms.RefStruct {{ public ref partial struct S {{\n{k.Members("private static partial", runnerClass: "Runner")}}} }}",
                new[] { new FormTarget("Forms.RefStruct.S", Type.EmptyTypes, Runners: "+Runner") }, "private"),
            // An interface member without accessibility is public, a partial method private: the GPU overload must say 'private'.
            new("Interface", k => Usings + $"namespace Forms.Interface {{ public partial interface I {{\n{k.Members("static partial")}}} }}",
                One("Forms.Interface.I"), "private"),
            new("Struct", k => Usings + $"namespace Forms.Struct {{ internal partial struct S {{\n{k.Members("internal static partial")}}} }}",
                One("Forms.Struct.S"), "internal"),

            // Namespaces.
            new("FileScopedNamespace", k => Usings + $"namespace Forms.FileScoped;\npublic static partial class C {{\n{k.Members("public static partial")}}}\n",
                One("Forms.FileScoped.C"), "public"),
            new("NestedNamespaces", k => Usings + $"namespace Forms {{ namespace Deep.Er {{ public static partial class C {{\n{k.Members("public static partial")}}} }} }}",
                One("Forms.Deep.Er.C"), "public"),
            new("GlobalNamespace", k => Usings + $"public static partial class GlobalForms {{\n{k.Members("static partial")}}}\n",
                One("GlobalForms"), "private"),

            // Keywords as names, escaped with '@' (generated member and file names use them without it).
            new("KeywordNames", k => Usings + $"namespace Forms.@namespace {{ public static partial class @class {{\n{k.Members("public static partial", name: "@void")}}} }}",
                new[] { new FormTarget("Forms.namespace.class", Type.EmptyTypes, Method: "void") }, "public"),

            // Name collisions: kernels named alike in an outer type and in nested types of the same name; overloads.
            new("SameNameNested", k => Usings + $$"""
                namespace Forms.SameName
                {
                    public static partial class Outer {
                {{k.Members("public static partial", tag: "Outer")}}
                        public static partial class Inner {
                {{k.Members("public static partial")}}}
                    }
                    public static partial class Other { public static partial class Inner {
                {{k.Members("public static partial")}}} }
                }
                """, new[]
                {
                    new FormTarget("Forms.SameName.Outer", Type.EmptyTypes, "Outer"),
                    new FormTarget("Forms.SameName.Outer+Inner", Type.EmptyTypes),
                    new FormTarget("Forms.SameName.Other+Inner", Type.EmptyTypes),
                }, "public"),
            new("Overloads", k => Usings + $$"""
                namespace Forms.Overloads
                {
                    public static partial class C {
                {{k.Members("public static partial", "float", "Float")}}
                {{k.Members("public static partial", "double", "Double")}}}
                }
                """, new[]
                {
                    new FormTarget("Forms.Overloads.C", Type.EmptyTypes, "Float", "float"),
                    new FormTarget("Forms.Overloads.C", Type.EmptyTypes, "Double", "double"),
                }, "public"),
        };

        /// <summary>The form named <paramref name="name"/>.</summary>
        public static DeclarationForm Named(string name) => All.Single(f => f.Name == name);

        /// <inheritdoc/>
        public override string ToString() => Name;
    }
}
