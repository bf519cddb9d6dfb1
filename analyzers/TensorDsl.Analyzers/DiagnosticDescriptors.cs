using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TensorDsl.Language;

namespace TensorDsl.Analyzers
{
    /// <summary>
    /// Every TDSL diagnostic. The language layer decides which ID applies and writes the complete message; these
    /// descriptors carry the title, severity and help link. One docs page per ID under <c>docs/diagnostics</c>.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        public const string Category = "TensorDsl";

        private const string MessageFormat = "{0}";

        private const string HelpLinkBase = "https://github.com/tensordsl/tensordsl/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor InvalidSyntax = new DiagnosticDescriptor(
            DiagnosticIds.InvalidSyntax,
            "Invalid einsum spec",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "An einsum spec is operands' subscripts (letters a-z, A-Z and '...') separated by ',', optionally followed by '->' and the output subscripts.",
            helpLinkUri: HelpLinkBase + "TDSL0001.md");

        public static readonly DiagnosticDescriptor OperandCountMismatch = new DiagnosticDescriptor(
            DiagnosticIds.OperandCountMismatch,
            "Spec operand count does not match the method's operand parameters",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The spec must have one operand per leading ReadOnlyTensorSpan<T> parameter of the method.",
            helpLinkUri: HelpLinkBase + "TDSL0002.md");

        public static readonly DiagnosticDescriptor OutputIndexNotInInputs = new DiagnosticDescriptor(
            DiagnosticIds.OutputIndexNotInInputs,
            "Output index appears in no input",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Every index of the output must appear in at least one input operand, which gives its size.",
            helpLinkUri: HelpLinkBase + "TDSL0003.md");

        public static readonly DiagnosticDescriptor OutputIndexRepeated = new DiagnosticDescriptor(
            DiagnosticIds.OutputIndexRepeated,
            "Output index repeated",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "An index may appear at most once in the output subscripts.",
            helpLinkUri: HelpLinkBase + "TDSL0004.md");

        public static readonly DiagnosticDescriptor MethodShape = new DiagnosticDescriptor(
            DiagnosticIds.MethodShape,
            "Einsum method must be 'static partial' and return void or a scalar",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "An [Einsum] method is a static partial method without a body that returns void (or float/double for a rank-0 result).",
            helpLinkUri: HelpLinkBase + "TDSL0005.md");

        public static readonly DiagnosticDescriptor UnsupportedParameter = new DiagnosticDescriptor(
            DiagnosticIds.UnsupportedParameter,
            "Unsupported parameter type",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Operands are ReadOnlyTensorSpan<T> and the output is TensorSpan<T>, with T float or double and the same T everywhere.",
            helpLinkUri: HelpLinkBase + "TDSL0006.md");

        public static readonly DiagnosticDescriptor DimUnknownIndex = new DiagnosticDescriptor(
            DiagnosticIds.DimUnknownIndex,
            "[Dim] names an index the spec does not use",
            MessageFormat,
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A [Dim] on an [Einsum] method fixes the size of an index of its spec; this index does not occur in the spec.",
            helpLinkUri: HelpLinkBase + "TDSL0007.md");

        public static readonly DiagnosticDescriptor DimConflict = new DiagnosticDescriptor(
            DiagnosticIds.DimConflict,
            "Index fixed to two different sizes",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Two [Dim] attributes that apply to the same method fix the same index to different sizes.",
            helpLinkUri: HelpLinkBase + "TDSL0008.md");

        public static readonly DiagnosticDescriptor DimInvalid = new DiagnosticDescriptor(
            DiagnosticIds.DimInvalid,
            "Invalid [Dim]",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A [Dim] names a single index letter (a-z, A-Z) and a size of at least 1.",
            helpLinkUri: HelpLinkBase + "TDSL0009.md");

        public static readonly DiagnosticDescriptor OutputShape = new DiagnosticDescriptor(
            DiagnosticIds.OutputShape,
            "Result does not fit the method's output",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The result goes into a last TensorSpan<T> parameter, or, for a rank-0 result only, into the return value.",
            helpLinkUri: HelpLinkBase + "TDSL0010.md");

        public static readonly DiagnosticDescriptor EmptyOperand = new DiagnosticDescriptor(
            DiagnosticIds.EmptyOperand,
            "Operand without subscripts",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Every operand of an [Einsum] spec has at least one subscript; a scalar factor is a T parameter of a [TensorProgram].",
            helpLinkUri: HelpLinkBase + "TDSL0011.md");

        /// <summary>All descriptors, in ID order.</summary>
        public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
            InvalidSyntax, OperandCountMismatch, OutputIndexNotInInputs, OutputIndexRepeated, MethodShape, UnsupportedParameter,
            DimUnknownIndex, DimConflict, DimInvalid, OutputShape, EmptyOperand);

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = CreateIndex();

        /// <summary>The descriptor for a language diagnostic ID, or null for an ID this assembly does not know.</summary>
        public static DiagnosticDescriptor? ForId(string id) => s_byId.TryGetValue(id, out var d) ? d : null;

        private static Dictionary<string, DiagnosticDescriptor> CreateIndex()
        {
            var index = new Dictionary<string, DiagnosticDescriptor>();
            foreach (var d in All) index[d.Id] = d;
            return index;
        }
    }
}
