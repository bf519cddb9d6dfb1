using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Equivariant;

namespace TensorDsl.Generators.Binding
{
    /// <summary>
    /// Reads an attributed method symbol into the language layer's value types. Compiled into both the generator and
    /// the analyzers (linked source), so that both see the same signature, the same <c>[Dim]</c> order and the same spec.
    /// Nothing here keeps a symbol beyond the call.
    /// </summary>
    internal static class MethodSignatureReader
    {
        private static readonly SymbolDisplayFormat s_typeDisplay = SymbolDisplayFormat.MinimallyQualifiedFormat;

        /// <summary>The method's signature as the binder sees it.</summary>
        public static MethodSignature Read(IMethodSymbol method)
        {
            var returnType = method.ReturnType;
            var (returnKind, returnElement) = method.ReturnsVoid ? (ParameterKind.Other, ElementType.Other) : Classify(returnType);
            string returnDisplay = method.ReturnsVoid ? "void" : returnType.ToDisplayString(s_typeDisplay);
            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                // A kernel returns its scalar result by value.
                returnKind = ParameterKind.Other;
                returnDisplay = (method.ReturnsByRefReadonly ? "ref readonly " : "ref ") + returnDisplay;
            }

            var parameters = new ParameterSignature[method.Parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                var p = method.Parameters[i];
                var (kind, element) = Classify(p.Type);
                string display = p.Type.ToDisplayString(s_typeDisplay);
                if (p.RefKind == RefKind.Out)
                {
                    // An out parameter cannot be read as an operand nor be the (already shaped) output.
                    kind = ParameterKind.Other;
                    display = "out " + display;
                }
                parameters[i] = new ParameterSignature(p.Name, kind, element, display);
            }

            return new MethodSignature(
                method.Name,
                method.IsStatic,
                method.IsPartialDefinition,
                method.ReturnsVoid,
                returnKind,
                returnElement,
                returnDisplay,
                new EquatableArray<ParameterSignature>(parameters),
                FileLocalType(method));
        }

        /// <summary>The innermost <c>file</c> type around the method (generated code in another file cannot name it), or null.</summary>
        public static string? FileLocalType(IMethodSymbol method)
        {
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsFileLocal) return type.Name;
            }
            return null;
        }

        /// <summary>
        /// The <c>[Dim]</c>s that apply to the method: its own in source order (<c>OnMethod = true</c>), then those of each
        /// containing type from the innermost to the outermost.
        /// </summary>
        public static EquatableArray<StaticDim> ReadDims(IMethodSymbol method)
        {
            var dims = new List<StaticDim>();
            foreach (var (attribute, onMethod) in DimAttributes(method))
            {
                dims.Add(ToStaticDim(attribute, onMethod));
            }
            return new EquatableArray<StaticDim>(dims.ToArray());
        }

        /// <summary>
        /// The <c>[Dim]</c> attributes in exactly the order of <see cref="ReadDims"/> (the n-th one is <c>[Dim]</c> number n
        /// of a <see cref="DiagnosticTarget.DimAttribute"/> diagnostic).
        /// </summary>
        public static IEnumerable<(AttributeData Attribute, bool OnMethod)> DimAttributes(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (IsTensorDslAttribute(attribute.AttributeClass, "DimAttribute")) yield return (attribute, true);
            }
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                foreach (var attribute in type.GetAttributes())
                {
                    if (IsTensorDslAttribute(attribute.AttributeClass, "DimAttribute")) yield return (attribute, false);
                }
            }
        }

        /// <summary>
        /// Reads <c>[Einsum(spec, Accumulate = …)]</c>. False when the attribute is not <c>TensorDsl.EinsumAttribute</c> or its
        /// argument does not bind (the compiler reports that). A <c>null</c> spec reads as the empty string, which the parser
        /// reports as an empty spec.
        /// </summary>
        public static bool TryReadEinsum(AttributeData attribute, out string spec, out bool accumulate)
        {
            spec = "";
            accumulate = false;
            if (!IsTensorDslAttribute(attribute.AttributeClass, "EinsumAttribute")) return false;
            var args = attribute.ConstructorArguments;
            if (args.Length != 1 || args[0].Kind == TypedConstantKind.Error) return false;
            if (args[0].IsNull)
            {
                spec = "";
            }
            else if (args[0].Value is string text)
            {
                spec = text;
            }
            else
            {
                return false;
            }
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Accumulate" && named.Value.Value is bool b) accumulate = b;
            }
            return true;
        }

        /// <summary>Reads <c>[Gradient(forward, Accumulate = …)]</c>. False when the attribute is not <c>TensorDsl.GradientAttribute</c> or its argument does not bind.</summary>
        public static bool TryReadGradient(AttributeData attribute, out string forward, out bool accumulate)
        {
            forward = "";
            accumulate = false;
            if (!IsTensorDslAttribute(attribute.AttributeClass, "GradientAttribute")) return false;
            var args = attribute.ConstructorArguments;
            if (args.Length != 1 || args[0].Kind == TypedConstantKind.Error) return false;
            forward = args[0].Value as string ?? "";
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Accumulate" && named.Value.Value is bool b) accumulate = b;
            }
            return true;
        }

        /// <summary>Reads <c>[TensorProgram(text)]</c>. False when the attribute is not <c>TensorDsl.TensorProgramAttribute</c> or its argument does not bind.</summary>
        public static bool TryReadProgram(AttributeData attribute, out string text)
        {
            text = "";
            if (!IsTensorDslAttribute(attribute.AttributeClass, "TensorProgramAttribute")) return false;
            var args = attribute.ConstructorArguments;
            if (args.Length != 1 || args[0].Kind == TypedConstantKind.Error) return false;
            text = args[0].Value as string ?? "";
            return true;
        }

        /// <summary>
        /// Reads <c>[GauntProduct(l1, l2, lOut)]</c> or <c>[GauntProduct(L1 = …, L2 = …, LOut = …)]</c>, with the optional
        /// <c>Method = GauntMethod.…</c>. A named property wins over the constructor argument (as with reflection). False when
        /// the attribute is not <c>TensorDsl.GauntProductAttribute</c> or its arguments do not bind (the compiler reports that).
        /// </summary>
        public static bool TryReadGauntProduct(AttributeData attribute, out GauntProductArguments arguments)
        {
            arguments = new GauntProductArguments(null, null, null, 0);
            if (!IsTensorDslAttribute(attribute.AttributeClass, "GauntProductAttribute") || attribute.AttributeConstructor is null) return false;
            int? l1 = null, l2 = null, lOut = null;
            int method = 0;
            var args = attribute.ConstructorArguments;
            if (args.Length == 3)
            {
                if (!(args[0].Value is int a && args[1].Value is int b && args[2].Value is int c)) return false;
                l1 = a;
                l2 = b;
                lOut = c;
            }
            else if (args.Length != 0)
            {
                return false;
            }
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Value.Kind == TypedConstantKind.Error) return false;
                switch (named.Key)
                {
                    case "L1" when named.Value.Value is int v: l1 = v; break;
                    case "L2" when named.Value.Value is int v: l2 = v; break;
                    case "LOut" when named.Value.Value is int v: lOut = v; break;
                    case "Method" when named.Value.Value is int v: method = v; break;
                }
            }
            arguments = new GauntProductArguments(l1, l2, lOut, method);
            return true;
        }

        /// <summary>
        /// Reads <c>[EquivariantPolynomial(spec, Channels = …)]</c>. False when the attribute is not
        /// <c>TensorDsl.EquivariantPolynomialAttribute</c> or its argument does not bind. A <c>null</c> spec reads as "".
        /// </summary>
        public static bool TryReadPolynomial(AttributeData attribute, out string spec, out bool channels)
        {
            spec = "";
            channels = false;
            if (!IsTensorDslAttribute(attribute.AttributeClass, "EquivariantPolynomialAttribute")) return false;
            var args = attribute.ConstructorArguments;
            if (args.Length != 1 || args[0].Kind == TypedConstantKind.Error) return false;
            if (!args[0].IsNull)
            {
                if (args[0].Value is not string text) return false;
                spec = text;
            }
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Channels" && named.Value.Value is bool b) channels = b;
            }
            return true;
        }

        private static StaticDim ToStaticDim(AttributeData attribute, bool onMethod)
        {
            var args = attribute.ConstructorArguments;
            string index = args.Length > 0 && args[0].Value is string s ? s : "";
            long size = args.Length > 1 && args[1].Value is int n ? n : 0;
            return new StaticDim(index, size, onMethod);
        }

        private static (ParameterKind Kind, ElementType Element) Classify(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_Single: return (ParameterKind.Scalar, ElementType.Float);
                case SpecialType.System_Double: return (ParameterKind.Scalar, ElementType.Double);
                case SpecialType.System_Int32: return (ParameterKind.Integer, ElementType.Other);
            }
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named && IsTensorsNamespace(named.ContainingNamespace))
            {
                var element = ElementOf(named.TypeArguments[0]);
                switch (named.MetadataName)
                {
                    case "ReadOnlyTensorSpan`1": return (ParameterKind.ReadOnlyTensor, element);
                    case "TensorSpan`1": return (ParameterKind.Tensor, element);
                }
            }
            return (ParameterKind.Other, ElementType.Other);
        }

        private static ElementType ElementOf(ITypeSymbol type) => type.SpecialType switch
        {
            SpecialType.System_Single => ElementType.Float,
            SpecialType.System_Double => ElementType.Double,
            _ => ElementType.Other,
        };

        private static bool IsTensorsNamespace(INamespaceSymbol? ns)
            => ns is { Name: "Tensors", ContainingNamespace: { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private static bool IsTensorDslAttribute(INamedTypeSymbol? type, string name)
            => type is { Name: var n, ContainingNamespace: { Name: "TensorDsl", ContainingNamespace.IsGlobalNamespace: true } } && n == name
               && type.ContainingType is null;
    }
}
