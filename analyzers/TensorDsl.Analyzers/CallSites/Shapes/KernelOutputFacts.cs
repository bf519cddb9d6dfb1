using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Analyzers.CallSites.Checking;
using TensorDsl.Analyzers.CallSites.Contracts;

namespace TensorDsl.Analyzers.CallSites.Shapes
{
    /// <summary>
    /// What an earlier kernel call proves: when <c>K(a, b, c)</c> returned, <c>c</c> has exactly the result shape that
    /// <c>a</c> and <c>b</c> give (a generated kernel throws before writing otherwise). Used only when that call is an
    /// expression statement earlier in the same block as the use — so it ran, and returned, before the use — the variable
    /// is written nowhere after its declaration, the function has no labels (no goto can skip the call) and every
    /// length of the result is proven.
    /// </summary>
    internal static class KernelOutputFacts
    {
        /// <summary>The shape <paramref name="symbol"/> has at <paramref name="use"/> because of an earlier kernel call, or null.</summary>
        public static KnownShape? ShapeAfterEarlierCall(ISymbol symbol, SyntaxNode use, SyntaxNode scope, SemanticModel model,
            ShapeResolver resolver, KernelContracts contracts, CancellationToken cancellationToken)
        {
            var statement = use.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault();
            if (statement?.Parent is not BlockSyntax block || VariableWrites.FunctionOf(statement) != scope) return null;
            if (scope.DescendantNodes().OfType<LabeledStatementSyntax>().Any()) return null;

            int index = block.Statements.IndexOf(statement);
            for (int s = index - 1; s >= 0; s--)
            {
                if (block.Statements[s] is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocationSyntax }) continue;
                if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation call) continue;
                var contract = contracts.For(call.TargetMethod);
                if (contract is null) continue;
                int output = System.Array.FindIndex(contract.Tensors, t => t.IsOutput);
                if (output < 0) continue;
                var argument = ShapeResolver.Argument(call, contract.Tensors[output].Parameter);
                if (argument is null || !Refers(argument.Value, symbol)) continue;

                // The nearest earlier call that wrote the variable decides.
                var result = ShapeChecker.Check(contract, resolver.ArgumentShapes(call, contract));
                if (result.Mismatches.Count > 0 || result.ExpectedOutput is null) return null;
                if (result.ExpectedOutput.Any(n => n == KnownShape.Unknown)) return null;
                return new KnownShape(result.ExpectedOutput, KnownShape.OriginOf(invocationSyntax) + " (its result shape)");
            }
            return null;
        }

        private static bool Refers(IOperation value, ISymbol symbol)
        {
            var target = ConstantValues.StripConversions(value);
            return target switch
            {
                ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, symbol),
                IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, symbol),
                _ => false,
            };
        }
    }
}
