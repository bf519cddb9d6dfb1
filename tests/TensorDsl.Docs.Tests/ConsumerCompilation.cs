using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TensorDsl.Docs.Tests
{
    /// <summary>
    /// Compiles sources the way a consumer's build does: references to the runtime (TensorDsl, TensorDsl.Language,
    /// System.Numerics.Tensors, ILGPU), the four generators, then every analyzer of TensorDsl.Analyzers over the result.
    /// </summary>
    public static class ConsumerCompilation
    {
        /// <summary>The parse options of a consumer project (latest C#).</summary>
        public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> s_analyzers = new Lazy<ImmutableArray<DiagnosticAnalyzer>>(() =>
            typeof(TensorDsl.Analyzers.EinsumAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray());

        /// <summary>Every analyzer type the package ships (for the test that checks none is missed).</summary>
        public static ImmutableArray<DiagnosticAnalyzer> Analyzers => s_analyzers.Value;

        /// <summary>Generates, compiles and analyzes; returns every diagnostic (generator, compiler, analyzers) and analyzer exceptions.</summary>
        public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Exceptions)> RunAsync(IEnumerable<SyntaxTree> trees, bool isProgram)
        {
            var compilation = CSharpCompilation.Create(
                "DocsConsumer_" + Guid.NewGuid().ToString("N"),
                trees,
                TestSupport.ConsumerReferences.All,
                new CSharpCompilationOptions(isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                    optimizationLevel: OptimizationLevel.Release, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
            var driver = CSharpGeneratorDriver.Create(
                new ISourceGenerator[]
                {
                    new TensorDsl.Generators.EinsumGenerator().AsSourceGenerator(), new TensorDsl.Generators.ProgramGenerator().AsSourceGenerator(),
                    new TensorDsl.Generators.GauntProductGenerator().AsSourceGenerator(), new TensorDsl.Generators.EquivariantPolynomialGenerator().AsSourceGenerator(),
                },
                parseOptions: ParseOptions);
            driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

            var exceptions = new List<Exception>();
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (e, _, _) => { lock (exceptions) exceptions.Add(e); }, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
            var all = await output.WithAnalyzers(s_analyzers.Value, options).GetAllDiagnosticsAsync();
            return (generatorDiagnostics.AddRange(all), exceptions);
        }
    }
}
