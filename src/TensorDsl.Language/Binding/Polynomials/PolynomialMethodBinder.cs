using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Language.Binding.Polynomials
{
    /// <summary>
    /// Binds an <c>[EquivariantPolynomial(spec, Channels = …)]</c> attribute to its method
    /// <c>static partial void M(ReadOnlyTensorSpan&lt;T&gt; x, TensorSpan&lt;T&gt; p)</c> and lowers it to an ordinary
    /// <see cref="BoundEinsum"/> whose operands are all x: the polynomial is a front end of the einsum pipeline, never a
    /// kernel of its own. Pure function of the attribute's values and the signature; the analyzer reports its diagnostics
    /// and the generator emits only when there is no error.
    /// </summary>
    /// <remarks>
    /// Checks: the spec's syntax (the einsum parser's TDSL0001–TDSL0004/TDSL0011, or the edge-list parser's TDSL0023), every
    /// operand an edge with exactly two subscripts and no '...' (TDSL0024), the method's shape (TDSL0005), exactly one
    /// operand and one output parameter (TDSL0025) of supported, equal element types (TDSL0006), and a free letter for the
    /// channel axis (TDSL0026). Every spec diagnostic is located in the spec as written.
    /// </remarks>
    public static class PolynomialMethodBinder
    {
        /// <summary>Binds <paramref name="specText"/> to <paramref name="method"/>.</summary>
        /// <param name="specText">The attribute's spec.</param>
        /// <param name="channels">The attribute's <c>Channels</c> property.</param>
        /// <param name="method">The method's signature.</param>
        public static PolynomialBindResult Bind(string specText, bool channels, MethodSignature method)
        {
            var diagnostics = new List<LanguageDiagnostic>();
            specText ??= "";
            bool isEdgeList = PolynomialSpec.IsEdgeList(specText);
            var graph = PolynomialSpec.Parse(specText, diagnostics);

            var element = CheckMethod(method, diagnostics);

            char channel = '\0';
            if (graph is not null && channels)
            {
                channel = ChannelLabel(graph);
                if (channel == '\0')
                {
                    diagnostics.Add(LanguageDiagnostic.AtSpec(DiagnosticIds.PolynomialNoChannelLetter, 0, 0,
                        $"The spec \"{specText}\" uses all 52 index letters, so none is left for the channel axis that Channels = true appends; use fewer nodes"));
                }
            }

            var result = diagnostics.ToArray();
            if (result.Length > 0 || graph is null || element == ElementType.Other)
            {
                return new PolynomialBindResult(null, new EquatableArray<LanguageDiagnostic>(result));
            }

            // The kernel's einsum: every operand reads x (with the channel axis appended when there is one).
            string c = channel == '\0' ? "" : channel.ToString();
            string kernelText = string.Join(",", graph.Inputs.Select(s => s.Labels + c)) + "->" + graph.Output.Labels + c;
            var kernelSpec = EinsumParser.ParseOrThrow(kernelText);
            string x = method.Parameters[0].Name;
            string p = method.Parameters[1].Name;
            var names = new EquatableArray<string>(Enumerable.Repeat(x, kernelSpec.Inputs.Count).ToArray());
            var einsum = new BoundEinsum(kernelSpec, element, names, p, false, EquatableArray<StaticDim>.Empty);
            var bound = new BoundPolynomial(specText, isEdgeList, graph.ExplicitText, channel, x, einsum);
            return new PolynomialBindResult(bound, EquatableArray<LanguageDiagnostic>.Empty);
        }

        /// <summary>The method's shape and parameters; returns the element type, or Other when it cannot be used.</summary>
        private static ElementType CheckMethod(MethodSignature method, List<LanguageDiagnostic> diagnostics)
        {
            bool usable = true;
            foreach (var shape in MethodShapeRules.Check(method))
            {
                diagnostics.Add(shape);
                usable = false;
            }
            if (!method.ReturnsVoid)
            {
                diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.MethodShape,
                    $"Method '{method.Name}' returns '{method.ReturnTypeDisplay}'; an [EquivariantPolynomial] method returns void and writes p",
                    DiagnosticTarget.ReturnType, 0, 0, -1));
                usable = false;
            }
            var parameters = method.Parameters;
            if (parameters.Count != 2)
            {
                diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.PolynomialMethodShape,
                    $"Method '{method.Name}' has {parameters.Count} parameter{(parameters.Count == 1 ? "" : "s")}; an [EquivariantPolynomial] method takes exactly (ReadOnlyTensorSpan<T> x, TensorSpan<T> p): every edge of the multigraph reads the one adjacency tensor x",
                    parameters.Count > 2 ? DiagnosticTarget.Parameter : DiagnosticTarget.Method, 0, 0, parameters.Count > 2 ? 2 : -1));
                return ElementType.Other;
            }
            var element = ElementType.Other;
            for (int i = 0; i < 2; i++)
            {
                var parameter = parameters[i];
                var expected = i == 0 ? ParameterKind.ReadOnlyTensor : ParameterKind.Tensor;
                if (parameter.Kind != expected || parameter.Element == ElementType.Other)
                {
                    string role = i == 0
                        ? "the adjacency x must be ReadOnlyTensorSpan<float> or ReadOnlyTensorSpan<double>"
                        : "the result p must be TensorSpan<float> or TensorSpan<double>";
                    diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.UnsupportedParameter,
                        $"Parameter '{parameter.Name}' has type '{parameter.TypeDisplay}'; {role}", DiagnosticTarget.Parameter, 0, 0, i));
                    usable = false;
                }
                else if (element == ElementType.Other)
                {
                    element = parameter.Element;
                }
                else if (parameter.Element != element)
                {
                    diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.UnsupportedParameter,
                        $"Parameter '{parameter.Name}' has element type {Keyword(parameter.Element)} but x has {Keyword(element)}; x and p share one element type",
                        DiagnosticTarget.Parameter, 0, 0, i));
                    usable = false;
                }
            }
            return usable ? element : ElementType.Other;
        }

        /// <summary>The channel letter: 'C' when the graph does not use it, else the last free letter of z…a, Z…A; '\0' when none is free.</summary>
        private static char ChannelLabel(EinsumSpec graph)
        {
            string used = graph.Labels;
            if (used.IndexOf('C') < 0) return 'C';
            for (char ch = 'z'; ch >= 'a'; ch--) if (used.IndexOf(ch) < 0) return ch;
            for (char ch = 'Z'; ch >= 'A'; ch--) if (used.IndexOf(ch) < 0) return ch;
            return '\0';
        }

        private static string Keyword(ElementType e) => e == ElementType.Double ? "double" : e == ElementType.Float ? "float" : "?";
    }
}
