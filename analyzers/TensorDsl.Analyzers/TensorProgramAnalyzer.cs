using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Generators.Binding;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Analyzers
{
    /// <summary>
    /// Reports every problem the language binder finds in a <c>[TensorProgram]</c> method: program syntax, unknown names,
    /// ranks, reductions over missing indices, <c>where</c> constraints, unbound indices, assignments, the method's shape,
    /// parameter types and <c>[Dim]</c> sizes. Errors in the program point at the offending characters inside the
    /// attribute string, multi-line raw literals included. The generator calls the same binder and stays silent.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TensorProgramAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        // Every descriptor: the program binder shares the method, parameter and [Dim] IDs with [Einsum], and an ID
        // reported but not listed here would make the driver throw.
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            // Matched by name, like [Einsum], so that the analyzer and the generator agree on which methods are kernels.
            context.RegisterSymbolAction(AnalyzeMethod, SymbolKind.Method);
        }

        private static readonly BindingCache<(string Program, MethodSignature Signature, EquatableArray<StaticDim> Dims)> s_cache =
            new BindingCache<(string Program, MethodSignature Signature, EquatableArray<StaticDim> Dims)>();

        /// <summary>The binder's diagnostics, then the planner's notes as Info at their statement: fusion (an intermediate
        /// stored, a softmax not streamed: TDSL0019) and planning (a sum left as a scalar loop nest: TDSL0027).</summary>
        private static IReadOnlyList<LanguageDiagnostic> Analyze(string program, MethodSignature signature, EquatableArray<StaticDim> dims)
        {
            var result = ProgramBinder.Bind(program, signature, dims);
            var diagnostics = new List<LanguageDiagnostic>(result.Diagnostics);
            if (result.Program is { } bound)
            {
                foreach (var note in ProgramPlanner.Plan(bound).Notes)
                {
                    var statement = bound.Statements[note.Statement];
                    diagnostics.Add(LanguageDiagnostic.AtSpec(note.Id, statement.Start, statement.Length, note.Message));
                }
            }
            return diagnostics;
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context)
        {
            if (context.Symbol is not IMethodSymbol method) return;
            // A partial method is analyzed once, through its definition (whose attributes include the implementation's).
            if (method.PartialDefinitionPart is not null) return;
            try
            {
                AttributeData? attribute = null;
                string program = "";
                foreach (var candidate in method.GetAttributes())
                {
                    if (MethodSignatureReader.TryReadProgram(candidate, out program))
                    {
                        attribute = candidate;
                        break;
                    }
                }
                if (attribute is null) return;

                var signature = MethodSignatureReader.Read(method);
                var dims = MethodSignatureReader.ReadDims(method);
                var diagnostics = s_cache.GetOrAdd((program, signature, dims), key => Analyze(key.Program, key.Signature, key.Dims));
                if (diagnostics.Count == 0) return;

                var cancellationToken = context.CancellationToken;
                var (attributeSyntax, declaration) = KernelLocations.Syntax(method, attribute, cancellationToken);
                foreach (var diagnostic in diagnostics)
                {
                    var descriptor = DiagnosticDescriptors.ForId(diagnostic.Id);
                    if (descriptor is null) continue; // an ID newer than this assembly's descriptors: nothing to report it with
                    var location = KernelLocations.Locate(diagnostic, method, program, attributeSyntax, declaration, cancellationToken);
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, location, OneLine(diagnostic.Message)));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never fail the build's analysis over a bug here.
            }
        }

        /// <summary>
        /// The message with control characters, line separators and lone surrogates written as C# escapes: a message
        /// quotes program text, and a raw line break or NUL would break the compiler's one-line diagnostic output.
        /// </summary>
        internal static string OneLine(string message)
        {
            StringBuilder? sb = null;
            for (int i = 0; i < message.Length; i++)
            {
                char c = message[i];
                bool pair = char.IsHighSurrogate(c) && i + 1 < message.Length && char.IsLowSurrogate(message[i + 1]);
                if (pair)
                {
                    sb?.Append(c).Append(message[i + 1]);
                    i++;
                    continue;
                }
                string? escape = c switch
                {
                    '\t' => "\\t",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\0' => "\\0",
                    _ when char.IsControl(c) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029'
                        => "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (escape is null)
                {
                    sb?.Append(c);
                    continue;
                }
                if (sb is null) sb = new StringBuilder(message.Length + 8).Append(message, 0, i);
                sb.Append(escape);
            }
            return sb?.ToString() ?? message;
        }
    }
}
