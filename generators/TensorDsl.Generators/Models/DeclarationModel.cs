using System.Text;
using TensorDsl.Language;

namespace TensorDsl.Generators.Models
{
    /// <summary>A type that contains the kernel method, as it must be re-declared in the generated partial.</summary>
    /// <param name="Keyword">"class", "struct", "record", "record struct" or "interface".</param>
    /// <param name="NameWithTypeParameters">e.g. <c>Kernels</c> or <c>Ops&lt;T&gt;</c>.</param>
    /// <remarks>
    /// Nothing else of the type is repeated: C# lets one part of a partial type omit its accessibility, <c>static</c>,
    /// <c>sealed</c>, <c>readonly</c>, <c>ref</c>, <c>unsafe</c>, the base list, a record's parameter list and the type
    /// parameters' constraints (every part means the same type), so the generated part stays valid whatever the user's
    /// part says.
    /// </remarks>
    internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters);

    /// <summary>
    /// How to re-declare one attributed partial method, and the types and namespace around it, in a generated file (in the
    /// manner of ComputeSharp's <c>HierarchyInfo</c>). Shared by the four attributes' models, so that every emitter
    /// mirrors the user's declaration the same way. Strings only: value-equatable, no symbols.
    /// </summary>
    /// <param name="Namespace">The containing namespace (dotted), or null for the global namespace.</param>
    /// <param name="ContainingTypes">The containing types, outermost first.</param>
    /// <param name="MethodName">The method's name as an identifier (<c>@void</c> when it is a keyword).</param>
    /// <param name="Modifiers">
    /// The partial definition's modifiers exactly as written, in order (<c>static partial</c>,
    /// <c>protected internal new static unsafe partial</c>, …). The implementing declaration repeats them all: C# requires
    /// identical accessibility (CS8799; an implicitly private definition must not gain <c>private</c>), <c>new</c> (CS8800)
    /// and <c>unsafe</c> (CS0764) on both parts.
    /// </param>
    /// <param name="Accessibility">The accessibility modifiers as written (<c>""</c> when implicit, <c>"private protected"</c>, …).</param>
    /// <param name="OverloadSuffix">
    /// Empty, or <c>_</c> and a hash of the parameter types when the type has another method of the same name and
    /// parameter count: generated member and file names say the name, element type and parameter count, and the suffix
    /// keeps such overloads apart (empty otherwise, so that names stay short and readable in the common case).
    /// </param>
    /// <param name="OverloadsHide">
    /// The method is declared <c>new</c> and hides an inherited TensorDsl kernel with the same parameters, whose generated
    /// GPU overload the new GPU overload then hides too (so it needs <c>new</c> as well; otherwise <c>new</c> would be CS0109).
    /// </param>
    internal sealed record DeclarationModel(
        string? Namespace,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        string MethodName,
        string Modifiers,
        string Accessibility,
        string OverloadSuffix,
        bool OverloadsHide)
    {
        /// <summary>
        /// Modifiers of a generated overload that the user calls (the GPU overload): the method's own accessibility, so that a
        /// private kernel gets a private GPU overload; never <c>unsafe</c> (the overload has no unsafe code) and <c>new</c>
        /// only when it hides an inherited generated overload (<see cref="OverloadsHide"/>).
        /// </summary>
        public string OverloadModifiers
        {
            get
            {
                string modifiers = OverloadsHide ? "new static" : "static";
                string accessibility = Accessibility;
                if (accessibility.Length == 0 && ContainingTypes[ContainingTypes.Count - 1].Keyword == "interface")
                {
                    // A partial method without accessibility is private everywhere, but an ordinary interface member
                    // without it is public: say 'private' so that the overload is as private as the kernel.
                    accessibility = "private";
                }
                return accessibility.Length == 0 ? modifiers : accessibility + " " + modifiers;
            }
        }

        /// <summary>
        /// The innermost containing type as written inside itself (<c>Ops&lt;T&gt;</c>): in a generic type, <c>typeof</c> of
        /// it is the type closed over the running instantiation, which is where reflection finds the generated kernels.
        /// </summary>
        public string ContainingTypeReference => ContainingTypes[ContainingTypes.Count - 1].NameWithTypeParameters;

        /// <summary>The declaration as a private helper named <paramref name="name"/>, in the same types (a front end's core).</summary>
        public DeclarationModel AsPrivateHelper(string name)
            => this with { MethodName = BareName(name), Modifiers = "private static", Accessibility = "private", OverloadsHide = false };

        /// <summary>
        /// The prefix of the private members generated for this method (<c>__tdsl_MatMul_float_3</c>): unique per overload
        /// within the type, since it names the element type, the parameter count and then <see cref="OverloadSuffix"/>.
        /// Containing types keep kernels of the same name in different (nested) types apart.
        /// </summary>
        public string MemberPrefix(string element, int parameterCount) => $"__tdsl_{BareName(MethodName)}_{element}_{parameterCount}{OverloadSuffix}";

        /// <summary>
        /// The generated file's hint name: namespace, containing types (<c>Ops{T}</c>) and method name, dot separated, then
        /// <c>_</c><paramref name="detail"/>, <see cref="OverloadSuffix"/> and <paramref name="extension"/>
        /// (<c>Kernels.MatMul_float_3.g.cs</c>). Unique per generator, as Roslyn requires.
        /// </summary>
        public string HintName(string detail, string extension) => $"{HintPrefix}_{detail}{OverloadSuffix}{extension}";

        private string HintPrefix
        {
            get
            {
                var sb = new StringBuilder();
                if (Namespace is not null) sb.Append(BareName(Namespace)).Append('.');
                foreach (var t in ContainingTypes)
                {
                    // Hint names are file names: no angle brackets or spaces.
                    sb.Append(BareName(t.NameWithTypeParameters).Replace('<', '{').Replace('>', '}').Replace(" ", "")).Append('.');
                }
                return sb.Append(BareName(MethodName)).ToString();
            }
        }

        /// <summary>An identifier without the '@' that escapes a keyword, for use inside a longer name.</summary>
        private static string BareName(string identifier) => identifier.Replace("@", "");
    }
}
