using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Analyzers.CallSites.Checking;
using TensorDsl.Analyzers.CallSites.Contracts;
using TensorDsl.Analyzers.CallSites.Shapes;

namespace TensorDsl.Analyzers.CallSites
{
    /// <summary>
    /// Checks every call of a TensorDsl kernel method (<c>[Einsum]</c>, <c>[TensorProgram]</c>, <c>[GauntProduct]</c>) whose
    /// argument shapes are known at compile time against the method's spec, with the rules the generated code applies at
    /// run time: TDSL0030 for a size that cannot fit, TDSL0031 for a rank that cannot fit, on the argument. A shape that is
    /// not certain is unknown and never reported (see docs/language.md, "Call-site checking").
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CallSiteAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                // One contract cache per compilation: each kernel method's attribute is bound once, whatever the number of calls.
                var contracts = new KernelContracts();
                start.RegisterOperationAction(c => AnalyzeInvocation(c, contracts), OperationKind.Invocation);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KernelContracts contracts)
        {
            var call = (IInvocationOperation)context.Operation;
            // Cheap filter first: kernels are static methods with tensor parameters.
            if (!call.TargetMethod.IsStatic || call.Arguments.Length == 0) return;
            try
            {
                var contract = contracts.For(call.TargetMethod);
                if (contract is null || call.SemanticModel is null) return;
                var resolver = new ShapeResolver(call.SemanticModel, contracts, context.CancellationToken);
                var shapes = resolver.ArgumentShapes(call, contract);
                if (Array.TrueForAll(shapes, s => s is null)) return;

                // The first mismatch is where the generated code would throw; later ones may only echo it (a wrong 'b' in
                // MatMul(a, b, c) also makes 'c' look wrong), so one diagnostic per call.
                foreach (var mismatch in ShapeChecker.Check(contract, shapes).Mismatches.Take(1))
                {
                    var descriptor = DiagnosticDescriptors.ForId(mismatch.Id);
                    var argument = ShapeResolver.Argument(call, contract.Tensors[mismatch.Slot].Parameter);
                    if (descriptor is null || argument is null) continue;
                    var syntax = argument.Syntax is ArgumentSyntax a ? a.Expression : argument.Syntax;
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, syntax.GetLocation(), mismatch.Message));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never fail the build's analysis over a bug here: a call this check cannot read is left to the run-time checks.
            }
        }
    }
}
