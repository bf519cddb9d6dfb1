using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorDsl.CodeFixes
{
    /// <summary>
    /// TDSL0005 "must be declared 'static partial'": adds the missing <c>static</c> and/or <c>partial</c> modifier. Offered
    /// only when that is the whole repair — the method has no body (a body would have to be deleted, which is not a
    /// choice a fix makes for the user) and the diagnostic is the modifier one, not the return-type one.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeStaticPartialCodeFix)), Shared]
    public sealed class MakeStaticPartialCodeFix : CodeFixProvider
    {
        /// <summary>The title of the code action.</summary>
        public const string Title = "Make the method 'static partial'";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TDSL0005");

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.GetMessage().Contains("'static partial'")) continue;
                var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
                if (method is null || method.Body is not null || method.ExpressionBody is not null) continue;
                if (method.Modifiers.Any(SyntaxKind.StaticKeyword) && method.Modifiers.Any(SyntaxKind.PartialKeyword)) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, method, ct), equivalenceKey: nameof(MakeStaticPartialCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            return document.WithSyntaxRoot(root.ReplaceNode(method, WithStaticPartial(method)));
        }

        /// <summary>
        /// Adds <c>static</c> before the other modifiers that follow accessibility, and <c>partial</c> last (C# requires
        /// <c>partial</c> immediately before the return type); keeps the declaration's leading trivia where it was.
        /// </summary>
        internal static MethodDeclarationSyntax WithStaticPartial(MethodDeclarationSyntax method)
        {
            var leading = method.Modifiers.Count > 0 ? method.Modifiers[0].LeadingTrivia : method.ReturnType.GetLeadingTrivia();
            var stripped = method.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword))
                .Select(m => m.WithLeadingTrivia().WithTrailingTrivia(SyntaxFactory.Space)).ToList();
            if (!stripped.Any(m => m.IsKind(SyntaxKind.StaticKeyword)))
            {
                int at = 0;
                while (at < stripped.Count && IsAccessibility(stripped[at])) at++;
                stripped.Insert(at, SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            }
            stripped.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            stripped[0] = stripped[0].WithLeadingTrivia(leading);
            var returnType = method.ReturnType.WithLeadingTrivia();
            return method.WithReturnType(returnType).WithModifiers(SyntaxFactory.TokenList(stripped));
        }

        private static bool IsAccessibility(SyntaxToken token)
            => token.IsKind(SyntaxKind.PublicKeyword) || token.IsKind(SyntaxKind.PrivateKeyword) || token.IsKind(SyntaxKind.InternalKeyword)
               || token.IsKind(SyntaxKind.ProtectedKeyword);
    }
}
