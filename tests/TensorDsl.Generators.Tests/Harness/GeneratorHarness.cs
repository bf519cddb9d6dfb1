using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TensorDsl.Generators;

namespace TensorDsl.Generators.Tests.Harness
{
    /// <summary>Runs the generator over source text, and compiles and loads the result, the way a consumer build would.</summary>
    public static class GeneratorHarness
    {
        public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        public static CSharpCompilation CreateCompilation(params string[] sources)
            => CSharpCompilation.Create(
                "TensorDslTestKernels_" + Guid.NewGuid().ToString("N"),
                sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
                TestSupport.ConsumerReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        public static GeneratorDriver CreateDriver()
            => CSharpGeneratorDriver.Create(
                new[] { new EinsumGenerator().AsSourceGenerator(), new ProgramGenerator().AsSourceGenerator(), new GauntProductGenerator().AsSourceGenerator(), new EquivariantPolynomialGenerator().AsSourceGenerator() },
                parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Runs the generator; returns the output compilation and the generator's own diagnostics.</summary>
        public static (Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Result) Run(Compilation compilation)
        {
            var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            return (output, diagnostics, driver.GetRunResult());
        }

        /// <summary>Generates, compiles and loads; fails with every error (and warning) listed when the build is not clean.</summary>
        public static Assembly CompileAndLoad(params string[] sources)
        {
            var (output, generatorDiagnostics, _) = Run(CreateCompilation(sources));
            if (!generatorDiagnostics.IsEmpty)
            {
                throw new InvalidOperationException("Generator reported: " + string.Join("\n", generatorDiagnostics));
            }
            using var stream = new MemoryStream();
            var emit = output.Emit(stream);
            var problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            if (!emit.Success || problems.Count > 0)
            {
                // Show the generated files that the first problems are in.
                var files = problems.Select(d => d.Location.SourceTree).Where(t => t is not null).Distinct().Take(2);
                var generated = string.Join("\n\n", files.Select(t => $"--- {t!.FilePath} ---\n{t}"));
                throw new InvalidOperationException("Compilation of generated code failed:\n" + string.Join("\n", problems.Take(30)) + "\n" + generated);
            }
            stream.Position = 0;
            return System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromStream(stream);
        }
    }
}
