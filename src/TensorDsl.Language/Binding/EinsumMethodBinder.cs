using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Language.Binding
{
    /// <summary>
    /// Binds an <c>[Einsum]</c> spec to its method: checks the method's shape, the parameter types, the operand
    /// count and the static <c>[Dim]</c> sizes. The analyzer reports what this finds; the generator emits only
    /// when it finds no error. Both call this one function.
    /// </summary>
    public static class EinsumMethodBinder
    {
        /// <summary>Binds <paramref name="specText"/> to <paramref name="method"/>.</summary>
        public static EinsumBindResult Bind(string specText, MethodSignature method, EquatableArray<StaticDim> dims, bool accumulate)
        {
            var diagnostics = new List<LanguageDiagnostic>();
            var parse = EinsumParser.Parse(specText);
            diagnostics.AddRange(parse.Diagnostics);
            var spec = parse.Spec;

            diagnostics.AddRange(MethodShapeRules.Check(method));

            bool returnsScalar = false;
            if (!method.ReturnsVoid)
            {
                if (method.ReturnKind == ParameterKind.Scalar && method.ReturnElement != ElementType.Other)
                {
                    returnsScalar = true;
                }
                else
                {
                    diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.MethodShape,
                        $"Method '{method.Name}' returns '{method.ReturnTypeDisplay}'; an [Einsum] method returns void (or float/double for a rank-0 result)",
                        DiagnosticTarget.ReturnType, 0, 0, -1));
                }
            }

            // Operands are the leading parameters; the output is the last one unless the method returns the scalar.
            var parameters = method.Parameters;
            int operandCount = parameters.Count;
            string? outputName = null;
            if (!returnsScalar)
            {
                if (parameters.Count == 0 || parameters[parameters.Count - 1].Kind != ParameterKind.Tensor)
                {
                    if (method.ReturnsVoid)
                    {
                        diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.OutputShape,
                            $"Method '{method.Name}' needs a last parameter of type TensorSpan<T> for the result (or return T for a rank-0 result)",
                            DiagnosticTarget.Method, 0, 0, -1));
                    }
                }
                else
                {
                    operandCount--;
                    outputName = parameters[parameters.Count - 1].Name;
                }
            }

            ElementType element = returnsScalar ? method.ReturnElement : ElementType.Other;
            for (int p = 0; p < parameters.Count; p++)
            {
                var parameter = parameters[p];
                bool isOutput = p == operandCount && outputName is not null;
                var expected = isOutput ? ParameterKind.Tensor : ParameterKind.ReadOnlyTensor;
                if (parameter.Kind != expected || parameter.Element == ElementType.Other)
                {
                    string role = isOutput ? "the output must be TensorSpan<float> or TensorSpan<double>" : "operands must be ReadOnlyTensorSpan<float> or ReadOnlyTensorSpan<double>";
                    diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.UnsupportedParameter,
                        $"Parameter '{parameter.Name}' has type '{parameter.TypeDisplay}'; {role}",
                        DiagnosticTarget.Parameter, 0, 0, p));
                    continue;
                }
                if (element == ElementType.Other)
                {
                    element = parameter.Element;
                }
                else if (parameter.Element != element)
                {
                    diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.UnsupportedParameter,
                        $"Parameter '{parameter.Name}' has element type {Keyword(parameter.Element)} but the kernel's element type is {Keyword(element)}; all operands and the result share one element type",
                        DiagnosticTarget.Parameter, 0, 0, p));
                }
            }

            // Without an output parameter the operand count is meaningless (TDSL0010 already says what is missing).
            bool outputMissing = !returnsScalar && outputName is null;
            if (spec is not null)
            {
                if (!outputMissing) CheckOperandCount(spec, method, operandCount, diagnostics);
                if (returnsScalar && (spec.Output.Labels.Length > 0 || spec.Output.HasEllipsis))
                {
                    diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.OutputShape,
                        $"Method '{method.Name}' returns a scalar but the spec's output \"{spec.Output.Text}\" has rank {spec.Output.Labels.Length}{(spec.Output.HasEllipsis ? " plus '...'" : "")}; return void and take a TensorSpan<T> output",
                        DiagnosticTarget.ReturnType, 0, 0, -1));
                }
            }
            if (returnsScalar && accumulate)
            {
                diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.OutputShape,
                    $"Method '{method.Name}' uses Accumulate = true but returns its result; Accumulate needs a TensorSpan<T> output to add into",
                    DiagnosticTarget.Method, 0, 0, -1));
            }

            var validDims = CheckDims(spec, dims, diagnostics);

            var result = diagnostics.ToArray();
            bool hasError = result.Any(d => d.Id != DiagnosticIds.DimUnknownIndex);
            if (hasError || spec is null)
            {
                return new EinsumBindResult(null, new EquatableArray<LanguageDiagnostic>(result));
            }

            var names = parameters.Take(operandCount).Select(p => p.Name).ToArray();
            var bound = new BoundEinsum(spec, element, new EquatableArray<string>(names), outputName, accumulate, new EquatableArray<StaticDim>(validDims.ToArray()));
            return new EinsumBindResult(bound, new EquatableArray<LanguageDiagnostic>(result));
        }

        private static void CheckOperandCount(EinsumSpec spec, MethodSignature method, int operandCount, List<LanguageDiagnostic> diagnostics)
        {
            int specCount = spec.Inputs.Count;
            if (specCount == operandCount) return;
            if (specCount > operandCount && operandCount >= 0)
            {
                // Point at the first operand the method has no parameter for.
                var extra = spec.Inputs[operandCount];
                diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.OperandCountMismatch, extra.Start, System.Math.Max(1, extra.Length),
                    $"The spec has {specCount} operands but method '{method.Name}' has {operandCount} operand parameter{(operandCount == 1 ? "" : "s")}; operand {operandCount} (\"{extra.Text}\") has no parameter"));
            }
            else
            {
                diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.OperandCountMismatch, 0, 0,
                    $"The spec has {specCount} operand{(specCount == 1 ? "" : "s")} but method '{method.Name}' has {operandCount} operand parameters"));
            }
        }

        private static List<StaticDim> CheckDims(EinsumSpec? spec, EquatableArray<StaticDim> dims, List<LanguageDiagnostic> diagnostics)
        {
            var valid = new List<StaticDim>();
            var seen = new Dictionary<char, StaticDim>();
            for (int i = 0; i < dims.Count; i++)
            {
                var dim = dims[i];
                if (!dim.OnMethod && (dim.Index is null || dim.Index.Length != 1 || !EinsumParser.IsLabel(dim.Index[0])))
                {
                    // A [Dim] on the containing type may name a program index ("head"); it cannot concern an einsum.
                    continue;
                }
                if (dim.Index is null || dim.Index.Length != 1 || !EinsumParser.IsLabel(dim.Index[0]))
                {
                    diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.DimInvalid,
                        $"[Dim(\"{dim.Index}\", {dim.Size})] must name a single index letter a-z or A-Z",
                        DiagnosticTarget.DimAttribute, 0, 0, i));
                    continue;
                }
                if (dim.Size < 1)
                {
                    diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.DimInvalid,
                        $"[Dim(\"{dim.Index}\", {dim.Size})] fixes index '{dim.Index}' to size {dim.Size}; a static size must be at least 1",
                        DiagnosticTarget.DimAttribute, 0, 0, i));
                    continue;
                }
                char label = dim.Index[0];
                bool used = spec is null || spec.Labels.IndexOf(label) >= 0;
                if (!used)
                {
                    if (dim.OnMethod)
                    {
                        diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.DimUnknownIndex,
                            $"[Dim(\"{dim.Index}\", {dim.Size})] names index '{dim.Index}', which the spec \"{spec!.Text}\" does not use",
                            DiagnosticTarget.DimAttribute, 0, 0, i));
                    }
                    continue;
                }
                if (seen.TryGetValue(label, out var earlier))
                {
                    if (earlier.Size != dim.Size)
                    {
                        diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.DimConflict,
                            $"Index '{label}' is fixed to size {dim.Size} here but to size {earlier.Size} by [Dim(\"{earlier.Index}\", {earlier.Size})] " +
                            (earlier.OnMethod ? "on the method" : "on an inner containing type") + "; an index has one size in a kernel",
                            DiagnosticTarget.DimAttribute, 0, 0, i));
                    }
                    continue;
                }
                seen[label] = dim;
                valid.Add(dim);
            }
            return valid;
        }

        private static string Keyword(ElementType e) => e == ElementType.Double ? "double" : e == ElementType.Float ? "float" : "?";
    }
}
