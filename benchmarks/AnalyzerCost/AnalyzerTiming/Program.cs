using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Analyzers;

// Usage: AnalyzerTiming <Kernels.cs> [rounds]
// Prints, per round, each TensorDsl analyzer's execution time as measured by the compiler's own analyzer telemetry.
string file = args.Length > 0 ? args[0] : throw new ArgumentException("usage: AnalyzerTiming <Kernels.cs> [rounds]");
int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;

var parse = new CSharpParseOptions(LanguageVersion.Latest);
var assembly = typeof(Program).Assembly;
var trees = assembly.GetManifestResourceNames().Where(n => n.StartsWith("Attributes.", StringComparison.Ordinal))
    .Select(n =>
    {
        using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
        return CSharpSyntaxTree.ParseText(reader.ReadToEnd(), parse, path: n);
    })
    .Append(CSharpSyntaxTree.ParseText(File.ReadAllText(file), parse, path: file))
    .ToArray();
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Append(typeof(System.Numerics.Tensors.TensorSpan<>).Assembly.Location)
    .Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();

// Every analyzer the TensorDsl.Analyzers assembly defines (call-site analysis included, when present).
var analyzers = typeof(EinsumAnalyzer).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
    .OrderBy(t => t.Name, StringComparer.Ordinal)
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();
int methods = trees[^1].GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Count();
Console.WriteLine($"{methods} methods in {Path.GetFileName(file)}; times in ms (compiler telemetry, per analyzer)");
var perRound = new List<double[]>(); // [round][analyzer], last column the total
for (int round = 1; round <= rounds; round++)
{
    // A new compilation each round, as each build or IDE edit makes one; the analyzer instances stay loaded.
    var compilation = CSharpCompilation.Create("AnalyzerCost", trees, references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
        onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true);
    var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
    var wall = Stopwatch.StartNew();
    var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    wall.Stop();
    var times = new double[analyzers.Length + 1];
    for (int a = 0; a < analyzers.Length; a++)
    {
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzers[a], default);
        times[a] = telemetry.ExecutionTime.TotalMilliseconds;
        times[^1] += times[a];
    }
    perRound.Add(times);
    Console.WriteLine($"round {round,2}: {Row(times)} | diagnostics {diagnostics.Length} | wall {wall.Elapsed.TotalMilliseconds:F0}");
}

// Round 1 loads and JIT-compiles the analyzers and TensorDsl.Language; the later rounds are the steady state. On a
// shared machine a round can be descheduled mid-callback, so the minimum is the best estimate of the cost itself.
var warm = perRound.Skip(1).ToList();
if (warm.Count > 0)
{
    double Stat(int column, Func<IEnumerable<double>, double> f) => f(warm.Select(r => r[column]));
    double Median(IEnumerable<double> values) { var v = values.OrderBy(x => x).ToArray(); return v[v.Length / 2]; }
    Console.WriteLine($"first   : {Row(perRound[0])}");
    Console.WriteLine($"warm min: {Row(Enumerable.Range(0, analyzers.Length + 1).Select(c => Stat(c, Enumerable.Min)).ToArray())}");
    Console.WriteLine($"warm med: {Row(Enumerable.Range(0, analyzers.Length + 1).Select(c => Stat(c, Median)).ToArray())}");
}

string Row(double[] t) =>
    string.Join(" | ", analyzers.Select((a, i) => $"{a.GetType().Name} {t[i],7:F1}")) + $" | total {t[^1],7:F1}";
