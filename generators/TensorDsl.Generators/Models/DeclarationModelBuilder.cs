using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Language;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// Reads a <see cref="DeclarationModel"/> from an attributed partial definition: its modifiers and containing types
    /// from the syntax (what the user wrote is what the generated part must repeat), the namespace, overloads and hidden
    /// base members from the symbol. Shared by the four attributes' model builders.
    /// </summary>
    internal static class DeclarationModelBuilder
    {
        /// <summary>The metadata names (in namespace TensorDsl) of the attributes whose methods get a generated GPU overload.</summary>
        private static readonly string[] s_kernelAttributes = { "EinsumAttribute", "TensorProgramAttribute", "GauntProductAttribute", "EquivariantPolynomialAttribute" };

        /// <param name="method">The partial definition's symbol.</param>
        /// <param name="syntax">Its declaration (the node the attribute is on).</param>
        public static DeclarationModel Build(IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            var modifiers = syntax.Modifiers;
            // Token text without trivia, in the order written: the implementing part must say the same (CS8799, CS8800, CS0764).
            string written = string.Join(" ", modifiers.Select(m => m.Text));
            string accessibility = string.Join(" ", modifiers.Where(IsAccessibility).Select(m => m.Text));
            bool hides = modifiers.Any(SyntaxKind.NewKeyword) && HidesInheritedKernel(method);
            return new DeclarationModel(Namespace(method), ContainingTypes(syntax), Escape(method.Name), written, accessibility, OverloadSuffix(method), hides);
        }

        /// <summary>
        /// The types around <paramref name="syntax"/>, outermost first, from the declaring syntax: the keyword
        /// (<c>record struct</c> is only visible there) and the name with its type parameters, as written (keeps '@').
        /// </summary>
        internal static EquatableArray<ContainingTypeModel> ContainingTypes(SyntaxNode syntax)
        {
            var list = new List<ContainingTypeModel>();
            for (var node = syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is not TypeDeclarationSyntax type) continue;
                string keyword = type switch
                {
                    RecordDeclarationSyntax r when r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
                    RecordDeclarationSyntax => "record",
                    StructDeclarationSyntax => "struct",
                    InterfaceDeclarationSyntax => "interface",
                    _ => "class",
                };
                string name = type.Identifier.Text;
                if (type.TypeParameterList is { Parameters.Count: > 0 } parameters)
                {
                    name += "<" + string.Join(", ", parameters.Parameters.Select(p => p.Identifier.Text)) + ">";
                }
                list.Insert(0, new ContainingTypeModel(keyword, name));
            }
            return new EquatableArray<ContainingTypeModel>(list.ToArray());
        }

        /// <summary>The dotted namespace with each part escaped when it is a keyword (<c>@event</c>), or null for the global namespace.</summary>
        private static string? Namespace(IMethodSymbol method)
        {
            var parts = new List<string>();
            for (var ns = method.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                parts.Insert(0, Escape(ns.Name));
            }
            return parts.Count == 0 ? null : string.Join(".", parts);
        }

        /// <summary>
        /// Empty unless the type has another method of the same name and parameter count (then generated names, which say
        /// only the name, element type and parameter count, could collide): then '_' and the FNV-1a hash of the parameter
        /// types, a value that is the same in every build (unlike <see cref="string.GetHashCode()"/>).
        /// </summary>
        private static string OverloadSuffix(IMethodSymbol method)
        {
            bool overloaded = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>()
                .Any(other => other.Parameters.Length == method.Parameters.Length && !SymbolEqualityComparer.Default.Equals(other, method));
            if (!overloaded) return "";
            string signature = string.Join(",", method.Parameters.Select(p => EinsumModelBuilder.ToModel(p).TypeText));
            uint hash = 2166136261;
            foreach (char c in signature)
            {
                hash = (hash ^ c) * 16777619;
            }
            return "_" + hash.ToString("x8");
        }

        /// <summary>
        /// Whether a base type declares a TensorDsl kernel with the same name and parameters (the method the user's
        /// <c>new</c> hides): that kernel has a generated GPU overload with the same signature as this one's.
        /// </summary>
        private static bool HidesInheritedKernel(IMethodSymbol method)
        {
            for (var type = method.ContainingType.BaseType; type is not null; type = type.BaseType)
            {
                foreach (var other in type.GetMembers(method.Name).OfType<IMethodSymbol>())
                {
                    if (SameParameters(other, method) && other.GetAttributes().Any(a => IsKernelAttribute(a.AttributeClass))) return true;
                }
            }
            return false;
        }

        /// <summary><paramref name="name"/> as an identifier: with '@' when it is a keyword (<c>@event</c>).</summary>
        private static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        private static bool SameParameters(IMethodSymbol a, IMethodSymbol b)
            => a.Parameters.Length == b.Parameters.Length
               && a.Parameters.Zip(b.Parameters, (x, y) => x.RefKind == y.RefKind && SymbolEqualityComparer.Default.Equals(x.Type, y.Type)).All(same => same);

        private static bool IsKernelAttribute(INamedTypeSymbol? type)
            => type is { ContainingType: null, ContainingNamespace: { Name: "TensorDsl", ContainingNamespace.IsGlobalNamespace: true } }
               && s_kernelAttributes.Contains(type.Name);

        private static bool IsAccessibility(SyntaxToken token)
            => token.IsKind(SyntaxKind.PublicKeyword) || token.IsKind(SyntaxKind.PrivateKeyword)
               || token.IsKind(SyntaxKind.ProtectedKeyword) || token.IsKind(SyntaxKind.InternalKeyword);
    }
}
