using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TensorDsl.Analyzers.CallSites.Shapes
{
    /// <summary>
    /// Every value a local, a parameter or a readonly field can hold, found in the syntax of its scope: the initializer and
    /// each simple assignment. Any use that could change it behind the analyzer's back — <c>ref</c>/<c>out</c>, <c>&amp;</c>,
    /// <c>++</c>, compound or ref assignment, deconstruction, a use inside a lambda or local function (a capture) — makes
    /// <see cref="IsTracked"/> false, and the variable's shape unknown.
    /// </summary>
    internal sealed class VariableWrites
    {
        private VariableWrites(bool isTracked, IReadOnlyList<IOperation> values, IReadOnlyList<SyntaxNode> reads, SyntaxNode? scope)
        {
            IsTracked = isTracked;
            Values = values;
            Reads = reads;
            Scope = scope;
        }

        /// <summary>False when some use may change the variable in a way not listed in <see cref="Values"/>.</summary>
        public bool IsTracked { get; }

        /// <summary>Every value assigned (the initializer first), converted to the variable's type.</summary>
        public IReadOnlyList<IOperation> Values { get; }

        /// <summary>Every other use (the expression that reads the variable).</summary>
        public IReadOnlyList<SyntaxNode> Reads { get; }

        /// <summary>The function body (or type) whose syntax was searched.</summary>
        public SyntaxNode? Scope { get; }

        private static readonly VariableWrites s_untracked = new VariableWrites(false, new IOperation[0], new SyntaxNode[0], null);

        /// <summary>The writes of a local declared by a plain declaration statement (not <c>ref</c>, <c>out var</c>, <c>foreach</c>, a pattern).</summary>
        public static VariableWrites OfLocal(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            if (local.IsRef || local.IsConst || local.DeclaringSyntaxReferences.Length != 1) return s_untracked;
            if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
                || declarator.SyntaxTree != model.SyntaxTree
                || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax) return s_untracked;
            var scope = FunctionOf(declarator);
            if (scope is null) return s_untracked;

            var values = new List<IOperation>();
            if (declarator.Initializer is { } initializer)
            {
                if (initializer.Value is RefExpressionSyntax) return s_untracked;
                if (model.GetOperation(declarator, cancellationToken) is not IVariableDeclaratorOperation { Initializer.Value: { } value }) return s_untracked;
                values.Add(value);
            }
            return Collect(local, scope, scope, values, model, cancellationToken);
        }

        /// <summary>The writes of a by-value parameter inside its method (none, usually).</summary>
        public static VariableWrites OfParameter(IParameterSymbol parameter, SyntaxNode use, SemanticModel model, CancellationToken cancellationToken)
        {
            if (parameter.RefKind != RefKind.None) return s_untracked;
            var scope = FunctionOf(use);
            // A parameter of an enclosing method used inside a lambda: captured.
            if (scope is null || !SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(scope, cancellationToken), parameter.ContainingSymbol)) return s_untracked;
            return Collect(parameter, scope, scope, new List<IOperation>(), model, cancellationToken);
        }

        /// <summary>
        /// The writes of a <c>readonly</c> field with an initializer, searched in its containing type (which must be declared
        /// in this one syntax tree): the initializer and any assignment in a constructor.
        /// </summary>
        public static VariableWrites OfReadonlyField(IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!field.IsReadOnly || field.IsConst || field.DeclaringSyntaxReferences.Length != 1) return s_untracked;
            if (field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                || declarator.SyntaxTree != model.SyntaxTree) return s_untracked;
            var typeParts = field.ContainingType.DeclaringSyntaxReferences;
            if (typeParts.Length != 1 || typeParts[0].SyntaxTree != model.SyntaxTree) return s_untracked;
            if (model.GetOperation(initializer, cancellationToken) is not IFieldInitializerOperation { Value: { } value }) return s_untracked;
            var typeSyntax = typeParts[0].GetSyntax(cancellationToken);
            return Collect(field, typeSyntax, null, new List<IOperation> { value }, model, cancellationToken);
        }

        private static VariableWrites Collect(ISymbol symbol, SyntaxNode searchRoot, SyntaxNode? function, List<IOperation> values,
            SemanticModel model, CancellationToken cancellationToken)
        {
            var reads = new List<SyntaxNode>();
            foreach (var identifier in searchRoot.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != symbol.Name) continue;
                if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, symbol)) continue;
                // Locals and parameters: a use in a nested function is a capture.
                if (function is not null && FunctionOf(identifier) != function) return s_untracked;

                SyntaxNode node = identifier;
                // this.f, Type.f: the member access is what is assigned.
                if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node) node = access;
                switch (node.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left == node:
                        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.Right is RefExpressionSyntax) return s_untracked;
                        if (model.GetOperation(assignment, cancellationToken) is not ISimpleAssignmentOperation { Value: { } value }) return s_untracked;
                        values.Add(value);
                        continue;
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword):
                    case ArgumentSyntax { Parent: TupleExpressionSyntax }:
                    case RefExpressionSyntax:
                    case PrefixUnaryExpressionSyntax:
                    case PostfixUnaryExpressionSyntax:
                    case AssignmentExpressionSyntax:
                        // ref/out, a tuple that may be deconstructed into, &x, ++x, x++, a ref assignment's right side.
                        if (node.Parent is PrefixUnaryExpressionSyntax prefix && (prefix.IsKind(SyntaxKind.UnaryMinusExpression) || prefix.IsKind(SyntaxKind.UnaryPlusExpression))) break;
                        if (node.Parent is AssignmentExpressionSyntax rhs && rhs.Right == node && rhs.IsKind(SyntaxKind.SimpleAssignmentExpression)) break;
                        return s_untracked;
                }
                reads.Add(node);
            }
            return new VariableWrites(true, values, reads, function ?? searchRoot);
        }

        /// <summary>The innermost method, accessor, constructor, local function or lambda around <paramref name="node"/>.</summary>
        public static SyntaxNode? FunctionOf(SyntaxNode node)
        {
            for (var n = node.Parent; n is not null; n = n.Parent)
            {
                switch (n)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case BaseMethodDeclarationSyntax:
                    case AccessorDeclarationSyntax:
                    case CompilationUnitSyntax:
                        return n;
                    case BasePropertyDeclarationSyntax:
                    case TypeDeclarationSyntax:
                        return null;
                }
            }
            return null;
        }
    }
}
