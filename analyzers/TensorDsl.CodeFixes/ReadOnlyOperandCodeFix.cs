using System.Collections.Immutable;
using System.Composition;
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
    /// TDSL0006 "operands must be ReadOnlyTensorSpan&lt;float&gt; or ReadOnlyTensorSpan&lt;double&gt;" on an <c>[Einsum]</c> operand
    /// declared as <c>TensorSpan&lt;T&gt;</c>: an operand is only read, so its type becomes <c>ReadOnlyTensorSpan&lt;T&gt;</c>
    /// (callers' <c>TensorSpan&lt;T&gt;</c> arguments still convert implicitly).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReadOnlyOperandCodeFix)), Shared]
    public sealed class ReadOnlyOperandCodeFix : CodeFixProvider
    {
        /// <summary>The title of the code action.</summary>
        public const string Title = "Take the operand as ReadOnlyTensorSpan<T>";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TDSL0006");

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.GetMessage().Contains("operands must be ReadOnlyTensorSpan<float> or ReadOnlyTensorSpan<double>")) continue;
                var parameter = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ParameterSyntax>();
                if (parameter?.Type is not GenericNameSyntax { Identifier.ValueText: "TensorSpan", TypeArgumentList.Arguments.Count: 1 } type) continue;
                if (type.TypeArgumentList.Arguments[0] is not PredefinedTypeSyntax element
                    || !(element.Keyword.IsKind(SyntaxKind.FloatKeyword) || element.Keyword.IsKind(SyntaxKind.DoubleKeyword))) continue;
                if (parameter.Modifiers.Count > 0) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(Title.Replace("<T>", "<" + element.Keyword.ValueText + ">"), ct => FixAsync(context.Document, type, ct), equivalenceKey: nameof(ReadOnlyOperandCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, GenericNameSyntax type, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            var readOnly = type.WithIdentifier(SyntaxFactory.Identifier("ReadOnlyTensorSpan").WithTriviaFrom(type.Identifier));
            return document.WithSyntaxRoot(root.ReplaceNode(type, readOnly));
        }
    }
}
