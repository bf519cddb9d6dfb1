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
            "Kernel method must be 'static partial' and return void or a scalar",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "An [Einsum], [TensorProgram] or [GauntProduct] method is a static partial method without a body that returns void (an [Einsum] with a rank-0 result may return float/double); a [GauntProduct] method takes exactly (x, y, z).",
            helpLinkUri: HelpLinkBase + "TDSL0005.md");

        public static readonly DiagnosticDescriptor UnsupportedParameter = new DiagnosticDescriptor(
            DiagnosticIds.UnsupportedParameter,
            "Unsupported parameter type",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Operands are ReadOnlyTensorSpan<T> and outputs TensorSpan<T>, with T float or double and the same T everywhere; a [TensorProgram] also takes T scalars and int window bounds.",
            helpLinkUri: HelpLinkBase + "TDSL0006.md");

        public static readonly DiagnosticDescriptor DimUnknownIndex = new DiagnosticDescriptor(
            DiagnosticIds.DimUnknownIndex,
            "[Dim] names an index the spec or program does not use",
            MessageFormat,
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A [Dim] on an [Einsum] or [TensorProgram] method fixes the size of an index of its spec or program; this index does not occur there.",
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
            description: "A [Dim] names an index (a single letter a-z, A-Z for [Einsum]; an identifier for [TensorProgram]) and a size of at least 1.",
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

        public static readonly DiagnosticDescriptor ProgramSyntax = new DiagnosticDescriptor(
            DiagnosticIds.ProgramSyntax,
            "Invalid tensor program syntax",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A [TensorProgram] is statements 'name[indices] = expression [where constraints]' separated by newlines or ';', written with + - * /, the functions exp log sqrt abs tanh sigmoid relu max min, and the reductions sum[..](..), max[..](..), softmax[..](..).",
            helpLinkUri: HelpLinkBase + "TDSL0012.md");

        public static readonly DiagnosticDescriptor UnknownName = new DiagnosticDescriptor(
            DiagnosticIds.UnknownName,
            "Program uses an unknown name",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Every name a program reads is a parameter of the method, the result of an earlier statement or a function of the program language.",
            helpLinkUri: HelpLinkBase + "TDSL0013.md");

        public static readonly DiagnosticDescriptor RankMismatch = new DiagnosticDescriptor(
            DiagnosticIds.RankMismatch,
            "Tensor used with the wrong number of indices",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A tensor has one rank: every use carries as many indices as its first use (an input) or its defining statement (an intermediate); scalars take no indices.",
            helpLinkUri: HelpLinkBase + "TDSL0014.md");

        public static readonly DiagnosticDescriptor ReductionIndexMissing = new DiagnosticDescriptor(
            DiagnosticIds.ReductionIndexMissing,
            "Reduction over an index its operand does not have",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "sum[..], max[..] and softmax[..] run over indices that occur free in their operand, each listed once.",
            helpLinkUri: HelpLinkBase + "TDSL0015.md");

        public static readonly DiagnosticDescriptor InvalidConstraint = new DiagnosticDescriptor(
            DiagnosticIds.InvalidConstraint,
            "Invalid 'where' constraint",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A 'where' constraint bounds one summed or softmax index of its statement by affine expressions of the left-side indices and int parameters, as in 'i - w < j <= i'.",
            helpLinkUri: HelpLinkBase + "TDSL0016.md");

        public static readonly DiagnosticDescriptor UnboundIndex = new DiagnosticDescriptor(
            DiagnosticIds.UnboundIndex,
            "Index is free on one side of a statement only, or has no size",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Each left-side index appears on the right; each free right-side index appears on the left or is reduced; and every index gets its size from a parameter tensor or a [Dim].",
            helpLinkUri: HelpLinkBase + "TDSL0017.md");

        public static readonly DiagnosticDescriptor InvalidAssignment = new DiagnosticDescriptor(
            DiagnosticIds.InvalidAssignment,
            "Invalid assignment in a tensor program",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A statement assigns an output (TensorSpan<T>) or a new intermediate, once, with distinct left-side indices; inputs and scalars are never assigned, and every output is assigned.",
            helpLinkUri: HelpLinkBase + "TDSL0018.md");

        public static readonly DiagnosticDescriptor NotFused = new DiagnosticDescriptor(
            DiagnosticIds.NotFused,
            "Intermediate is materialized, not fused",
            MessageFormat,
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "The fusion rules do not apply to this intermediate, so the generated kernel stores it in a pooled buffer. The result is correct; the message says which rule did not apply.",
            helpLinkUri: HelpLinkBase + "TDSL0019.md");

        public static readonly DiagnosticDescriptor ScalarLoopNest = new DiagnosticDescriptor(
            DiagnosticIds.ScalarLoopNest,
            "Statement runs as a scalar loop nest",
            MessageFormat,
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "A statement with a sum could not be planned as a contraction (pairwise order, packed GEMM, vectorized loop nests), so it runs as a scalar, single-threaded loop nest. The result is correct; the message says what kept it from being planned.",
            helpLinkUri: HelpLinkBase + "TDSL0027.md");

        public static readonly DiagnosticDescriptor GauntDegree = new DiagnosticDescriptor(
            DiagnosticIds.GauntDegree,
            "Invalid [GauntProduct] degree",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A [GauntProduct] gives L1, L2 and LOut (as constructor arguments or named properties); each is 0 or more, and L1 and L2 are at most 16.",
            helpLinkUri: HelpLinkBase + "TDSL0020.md");

        public static readonly DiagnosticDescriptor GauntOutputDegree = new DiagnosticDescriptor(
            DiagnosticIds.GauntOutputDegree,
            "Gaunt output degree exceeds L1 + L2",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "G(l1 m1, l2 m2, l3 m3) is zero unless l3 ≤ l1 + l2 (the triangle rule), so LOut above L1 + L2 would only add output components that are always zero.",
            helpLinkUri: HelpLinkBase + "TDSL0021.md");

        public static readonly DiagnosticDescriptor GauntMethod = new DiagnosticDescriptor(
            DiagnosticIds.GauntMethod,
            "Unknown GauntMethod",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The Method of a [GauntProduct] is GauntMethod.Auto, GauntMethod.Sparse or GauntMethod.Fourier.",
            helpLinkUri: HelpLinkBase + "TDSL0022.md");

        public static readonly DiagnosticDescriptor InvalidMultigraph = new DiagnosticDescriptor(
            DiagnosticIds.InvalidMultigraph,
            "Invalid multigraph spec",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "An equivariant graph polynomial is a multigraph: one einsum operand with two subscripts (or one a-b edge) per edge, and 0, 1 or 2 output nodes that are endpoints of edges.",
            helpLinkUri: HelpLinkBase + "TDSL0023.md");

        public static readonly DiagnosticDescriptor PolynomialOperandArity = new DiagnosticDescriptor(
            DiagnosticIds.PolynomialOperandArity,
            "Polynomial operand is not an edge",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Every operand of an [EquivariantPolynomial] einsum is an edge u-v of the multigraph, read as x[u,v]: it has exactly two subscripts and no '...'. A channel axis is not written in the spec; set Channels = true instead.",
            helpLinkUri: HelpLinkBase + "TDSL0024.md");

        public static readonly DiagnosticDescriptor PolynomialMethodShape = new DiagnosticDescriptor(
            DiagnosticIds.PolynomialMethodShape,
            "[EquivariantPolynomial] method does not take (x, p)",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "An [EquivariantPolynomial] method takes exactly two parameters: the adjacency tensor x (ReadOnlyTensorSpan<T>), which every edge reads, and the result p (TensorSpan<T>).",
            helpLinkUri: HelpLinkBase + "TDSL0025.md");

        public static readonly DiagnosticDescriptor PolynomialNoChannelLetter = new DiagnosticDescriptor(
            DiagnosticIds.PolynomialNoChannelLetter,
            "No index letter left for the channel axis",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Channels = true appends a channel index to every edge and to the output; it needs one of the 52 index letters that the multigraph does not use.",
            helpLinkUri: HelpLinkBase + "TDSL0026.md");

        public static readonly DiagnosticDescriptor CallSiteShapeMismatch = new DiagnosticDescriptor(
            DiagnosticIds.CallSiteShapeMismatch,
            "Argument shape does not fit the kernel",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "At a call of a TensorDsl kernel, the shapes of arguments known at compile time (constant lengths flowing through locals) give an index two sizes, contradict a [Dim] or Gaunt degree, or give the output a different size than the result; the call would throw.",
            helpLinkUri: HelpLinkBase + "TDSL0030.md");

        public static readonly DiagnosticDescriptor CallSiteRankMismatch = new DiagnosticDescriptor(
            DiagnosticIds.CallSiteRankMismatch,
            "Argument rank does not fit the kernel",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "At a call of a TensorDsl kernel, an argument whose shape is known at compile time has a different number of axes than the kernel uses it with; the call would throw.",
            helpLinkUri: HelpLinkBase + "TDSL0031.md");

        public static readonly DiagnosticDescriptor GradientSignature = new DiagnosticDescriptor(
            DiagnosticIds.GradientSignature,
            "[Gradient] method does not match its forward kernel",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A [Gradient] method takes the forward's inputs (same names, types, order), then a ReadOnlyTensorSpan<T> dO per forward output, then a TensorSpan<T> per requested input gradient in the forward's order; its forward must be an [Einsum] or [TensorProgram] kernel of the same type.",
            helpLinkUri: HelpLinkBase + "TDSL0040.md");

        public static readonly DiagnosticDescriptor GradientUnsupported = new DiagnosticDescriptor(
            DiagnosticIds.GradientUnsupported,
            "Forward kernel is not differentiated yet",
            MessageFormat,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The forward of a [Gradient] method uses a construct whose gradient TensorDsl does not derive yet; the message names it (docs/gradients.md lists what is derived).",
            helpLinkUri: HelpLinkBase + "TDSL0041.md");

        /// <summary>All descriptors, in ID order.</summary>
        public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
            InvalidSyntax, OperandCountMismatch, OutputIndexNotInInputs, OutputIndexRepeated, MethodShape, UnsupportedParameter,
            DimUnknownIndex, DimConflict, DimInvalid, OutputShape, EmptyOperand,
            ProgramSyntax, UnknownName, RankMismatch, ReductionIndexMissing, InvalidConstraint, UnboundIndex, InvalidAssignment, NotFused,
            GauntDegree, GauntOutputDegree, GauntMethod, InvalidMultigraph,
            PolynomialOperandArity, PolynomialMethodShape, PolynomialNoChannelLetter, ScalarLoopNest,
            CallSiteShapeMismatch, CallSiteRankMismatch, GradientSignature, GradientUnsupported);

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
