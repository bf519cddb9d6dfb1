using Microsoft.CodeAnalysis;

namespace TensorDsl.Analyzers.CallSites.Shapes
{
    /// <summary>Recognizes the System.Numerics.Tensors types by name (as the method signature reader does).</summary>
    internal static class TensorTypes
    {
        /// <summary>True for <c>Tensor&lt;T&gt;</c>, <c>TensorSpan&lt;T&gt;</c> and <c>ReadOnlyTensorSpan&lt;T&gt;</c>.</summary>
        public static bool IsTensor(ITypeSymbol? type)
            => type is INamedTypeSymbol { Arity: 1 } named && InTensorsNamespace(named)
               && named.MetadataName is "Tensor`1" or "TensorSpan`1" or "ReadOnlyTensorSpan`1";

        /// <summary>True for a span type (<c>TensorSpan&lt;T&gt;</c>, <c>ReadOnlyTensorSpan&lt;T&gt;</c>).</summary>
        public static bool IsTensorSpan(ITypeSymbol? type)
            => type is INamedTypeSymbol { Arity: 1 } named && InTensorsNamespace(named) && named.MetadataName is "TensorSpan`1" or "ReadOnlyTensorSpan`1";

        /// <summary>True for the static class <c>System.Numerics.Tensors.Tensor</c>.</summary>
        public static bool IsTensorFactory(ITypeSymbol? type)
            => type is INamedTypeSymbol { Arity: 0, Name: "Tensor" } named && InTensorsNamespace(named);

        /// <summary>True for <c>ReadOnlySpan&lt;nint&gt;</c>, the type of every <c>lengths</c> parameter.</summary>
        public static bool IsLengths(ITypeSymbol type)
            => type is INamedTypeSymbol { Name: "ReadOnlySpan", Arity: 1 } span && span.TypeArguments[0].SpecialType == SpecialType.System_IntPtr
               && span.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };

        /// <summary>True when <paramref name="symbol"/> is declared in System.Numerics.Tensors (its members do not change a lengths array).</summary>
        public static bool InTensorsNamespace(ISymbol? symbol)
        {
            var ns = symbol?.ContainingNamespace;
            return ns is { Name: "Tensors", ContainingNamespace: { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
        }
    }
}
