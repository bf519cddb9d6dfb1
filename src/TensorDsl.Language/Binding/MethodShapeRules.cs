using System.Collections.Generic;

namespace TensorDsl.Language.Binding
{
    /// <summary>
    /// The one rule every attribute applies to the form of a kernel method (TDSL0005): <c>static partial</c> without a
    /// body, and not inside a file-local type — the generated implementation is a second partial declaration in a file
    /// of its own, where a <c>file</c> type cannot be named.
    /// </summary>
    public static class MethodShapeRules
    {
        /// <summary>The TDSL0005 diagnostics of <paramref name="method"/>'s declaration form, on the method name; none when the form is right.</summary>
        public static IEnumerable<LanguageDiagnostic> Check(MethodSignature method)
        {
            if (!method.IsStatic || !method.IsPartial)
            {
                yield return new LanguageDiagnostic(DiagnosticIds.MethodShape,
                    $"Method '{method.Name}' must be declared 'static partial' (without a body) so that TensorDsl can generate it",
                    DiagnosticTarget.Method, 0, 0, -1);
            }
            if (method.FileLocalType is { } type)
            {
                yield return new LanguageDiagnostic(DiagnosticIds.MethodShape,
                    $"Method '{method.Name}' is in the file-local type '{type}'; TensorDsl generates its implementation in another file, " +
                    "which cannot see a 'file' type: declare the kernel in a type without the 'file' modifier",
                    DiagnosticTarget.Method, 0, 0, -1);
            }
        }
    }
}
