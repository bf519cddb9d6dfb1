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
    /// TDSL0010, in the two cases where the repair is forced:
    /// <list type="bullet">
    /// <item>an <c>[Einsum]</c> method returns <c>float</c>/<c>double</c> but its result has rank above 0: return <c>void</c>
    /// and write into a new last parameter <c>TensorSpan&lt;T&gt; result</c> of that element type;</item>
    /// <item>a <c>void</c> method has no output and every parameter is a <c>ReadOnlyTensorSpan&lt;T&gt;</c> of one <c>T</c>, and
    /// the result has rank above 0 (for a rank-0 result returning <c>T</c> is the other choice, so nothing is offered):
    /// with one parameter per spec operand, add <c>TensorSpan&lt;T&gt; result</c>; with one more, make that last parameter
    /// the <c>TensorSpan&lt;T&gt;</c> output; otherwise offer nothing.</item>
    /// </list>
    /// The Accumulate-with-a-scalar-return case has two equally good repairs and gets no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddOutputParameterCodeFix)), Shared]
    public sealed class AddOutputParameterCodeFix : CodeFixProvider
    {
        /// <summary>The title of the code action.</summary>
        public const string Title = "Write the result into a TensorSpan<T> output parameter";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TDSL0010");

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
                if (method is null || model.GetDeclaredSymbol(method, context.CancellationToken) is not IMethodSymbol symbol) continue;
                string message = diagnostic.GetMessage();
                string? element = null;
                int inputs = InputCount(symbol);
                bool lastBecomesOutput = false;
                if (message.Contains("returns a scalar but the spec's output") && symbol.Parameters.Length == inputs)
                {
                    element = symbol.ReturnType.SpecialType switch
                    {
                        SpecialType.System_Single => "float",
                        SpecialType.System_Double => "double",
                        _ => null,
                    };
                }
                else if (message.Contains("needs a last parameter of type TensorSpan<T>") && symbol.ReturnsVoid && !IsRankZero(symbol))
                {
                    // One parameter per spec operand: the output is missing. One more: the last one was meant as the output.
                    element = SingleOperandElement(symbol);
                    if (symbol.Parameters.Length == inputs + 1) lastBecomesOutput = true;
                    else if (symbol.Parameters.Length != inputs) element = null;
                }
                if (element is null) continue;
                string type = element;
                if (lastBecomesOutput)
                {
                    var last = method.ParameterList.Parameters.Last();
                    context.RegisterCodeFix(
                        CodeAction.Create($"Make '{last.Identifier.ValueText}' the TensorSpan<{type}> output", ct => MakeOutputAsync(context.Document, last, type, ct), equivalenceKey: nameof(AddOutputParameterCodeFix) + ".Last"),
                        diagnostic);
                    continue;
                }
                context.RegisterCodeFix(
                    CodeAction.Create(Title.Replace("<T>", "<" + type + ">"), ct => FixAsync(context.Document, method, type, ct), equivalenceKey: nameof(AddOutputParameterCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, string element, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            string name = "result";
            var existing = method.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToImmutableHashSet();
            for (int n = 2; existing.Contains(name); n++) name = "result" + n;
            var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
                .WithType(SyntaxFactory.ParseTypeName($"TensorSpan<{element}>").WithTrailingTrivia(SyntaxFactory.Space));
            var updated = method
                .WithReturnType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)).WithTriviaFrom(method.ReturnType))
                .WithParameterList(method.ParameterList.AddParameters(parameter));
            return document.WithSyntaxRoot(root.ReplaceNode(method, updated));
        }

        private static async Task<Document> MakeOutputAsync(Document document, ParameterSyntax parameter, string element, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || parameter.Type is null) return document;
            var type = SyntaxFactory.ParseTypeName($"TensorSpan<{element}>").WithTriviaFrom(parameter.Type);
            return document.WithSyntaxRoot(root.ReplaceNode(parameter, parameter.WithType(type)));
        }

        // The number of operands the [Einsum] spec names (-1 when there is no readable spec).
        private static int InputCount(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.Name != "EinsumAttribute" || attribute.ConstructorArguments.Length != 1) continue;
                if (attribute.ConstructorArguments[0].Value is not string spec) return -1;
                int arrow = spec.IndexOf("->", System.StringComparison.Ordinal);
                string inputs = arrow >= 0 ? spec.Substring(0, arrow) : spec;
                return inputs.Split(',').Length;
            }
            return -1;
        }

        // The element type when every parameter is a ReadOnlyTensorSpan<T> of one T (float or double).
        private static string? SingleOperandElement(IMethodSymbol method)
        {
            string? element = null;
            foreach (var p in method.Parameters)
            {
                if (p.Type is not INamedTypeSymbol { MetadataName: "ReadOnlyTensorSpan`1", TypeArguments.Length: 1 } span) return null;
                string? t = span.TypeArguments[0].SpecialType switch
                {
                    SpecialType.System_Single => "float",
                    SpecialType.System_Double => "double",
                    _ => null,
                };
                if (t is null || (element is not null && element != t)) return null;
                element = t;
            }
            return element;
        }

        // A rank-0 result ("ij,ij->", "ii"): the spec's explicit output is empty, or its implicit output would be.
        private static bool IsRankZero(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.Name != "EinsumAttribute" || attribute.ConstructorArguments.Length != 1) continue;
                if (attribute.ConstructorArguments[0].Value is not string spec) return true;
                int arrow = spec.IndexOf("->", System.StringComparison.Ordinal);
                if (arrow >= 0) return spec.Substring(arrow + 2).Trim().Length == 0;
                // Implicit output: the letters used exactly once; none means rank 0 (and '...' keeps broadcast axes).
                if (spec.Contains("...")) return false;
                var letters = spec.Where(char.IsLetter).GroupBy(c => c);
                return !letters.Any(g => g.Count() == 1);
            }
            return true;
        }
    }
}
