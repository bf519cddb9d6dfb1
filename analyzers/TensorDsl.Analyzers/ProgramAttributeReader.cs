using Microsoft.CodeAnalysis;

namespace TensorDsl.Analyzers
{
    /// <summary>
    /// Reads <c>[TensorProgram(program)]</c>. The signature and <c>[Dim]</c>s come from the shared
    /// <c>MethodSignatureReader</c>; only the attribute itself is read here, with the same rules as its <c>TryReadEinsum</c>.
    /// </summary>
    internal static class ProgramAttributeReader
    {
        /// <summary>
        /// False when the attribute is not <c>TensorDsl.TensorProgramAttribute</c> or its argument does not bind (the
        /// compiler reports that). A <c>null</c> program reads as the empty string, which the parser reports as empty.
        /// </summary>
        public static bool TryRead(AttributeData attribute, out string program)
        {
            program = "";
            if (!IsTensorProgramAttribute(attribute.AttributeClass)) return false;
            var args = attribute.ConstructorArguments;
            if (args.Length != 1 || args[0].Kind == TypedConstantKind.Error) return false;
            if (args[0].IsNull) return true;
            if (args[0].Value is not string text) return false;
            program = text;
            return true;
        }

        private static bool IsTensorProgramAttribute(INamedTypeSymbol? type)
            => type is { Name: "TensorProgramAttribute", ContainingType: null, ContainingNamespace: { Name: "TensorDsl", ContainingNamespace.IsGlobalNamespace: true } };
    }
}
