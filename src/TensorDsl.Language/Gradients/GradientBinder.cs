using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Language.Gradients
{
    /// <summary>What <see cref="GradientBinder.Bind"/> gives: the backward program, or the first error.</summary>
    /// <param name="Program">The backward program bound to the <c>[Gradient]</c> method, or null.</param>
    /// <param name="ErrorId">TDSL0040 (the declaration) or TDSL0041 (the forward cannot be differentiated yet), or null.</param>
    /// <param name="Error">The message, or null.</param>
    public sealed record GradientBinding(BoundProgram? Program, string? ErrorId, string? Error);

    /// <summary>
    /// Checks a <c>[Gradient]</c> method against its forward kernel's bound program (the signature contract of
    /// docs/gradients.md) and derives its body (<see cref="GradientDerivation"/>). The generator and the analyzer share it.
    /// </summary>
    public static class GradientBinder
    {
        /// <summary>Binds <paramref name="gradient"/> as the backward of <paramref name="forward"/>, named <paramref name="forwardName"/>.</summary>
        public static GradientBinding Bind(BoundProgram forward, string forwardName, MethodSignature gradient, bool accumulate)
        {
            string element = forward.ElementKeyword;
            if (!gradient.ReturnsVoid) return Error($"A [Gradient] method returns void, but '{gradient.Name}' returns {gradient.ReturnTypeDisplay}");

            // The contract's parameters: the forward's inputs (tensors and scalars, in parameter order), then dO per output.
            var expected = new List<(string Name, ParameterKind Kind, string Type, string Role)>();
            var inputs = GradientDerivation.Inputs(forward);
            foreach (var i in inputs)
            {
                var (kind, type) = i.Tensor >= 0 ? (ParameterKind.ReadOnlyTensor, $"ReadOnlyTensorSpan<{element}>")
                    : i.Differentiable ? (ParameterKind.Scalar, element) : (ParameterKind.Integer, "int");
                expected.Add((i.Name, kind, type, $"input '{i.Name}' of {forwardName}"));
            }
            foreach (var o in forward.Tensors.Where(t => t.Kind == ProgramTensorKind.Output).OrderBy(t => t.Parameter))
            {
                if (o.Parameter < 0) return Unsupported($"{forwardName} returns its rank-0 result; declare it with a TensorSpan<{element}> output of shape [1] to differentiate it");
                expected.Add((GradientDerivation.GradientName(o.Name), ParameterKind.ReadOnlyTensor, $"ReadOnlyTensorSpan<{element}>", $"the gradient of {forwardName}'s output '{o.Name}'"));
            }

            var parameters = gradient.Parameters;
            for (int p = 0; p < expected.Count; p++)
            {
                var (name, kind, type, role) = expected[p];
                if (p >= parameters.Count)
                {
                    return Error($"'{gradient.Name}' has {parameters.Count} parameters; parameter {p + 1} must be '{type} {name}' ({role})");
                }
                var actual = parameters[p];
                bool elementOk = kind == ParameterKind.Integer || actual.Element == forward.Element;
                if (actual.Name != name || actual.Kind != kind || !elementOk)
                {
                    return Error($"Parameter {p + 1} of '{gradient.Name}' must be '{type} {name}' ({role}), but is '{actual.TypeDisplay} {actual.Name}'");
                }
            }

            // Then the requested input gradients: TensorSpan<T> d<Input>, in the forward's order, none twice.
            // Differentiable: tensor inputs, and element scalars (their gradient is a TensorSpan<T> of shape [1]).
            var tensorInputs = inputs.Where(i => i.Differentiable).Select(i => i.Name).ToList();
            var requested = new List<string>();
            int last = -1;
            for (int p = expected.Count; p < parameters.Count; p++)
            {
                var actual = parameters[p];
                int input = tensorInputs.FindIndex(n => GradientDerivation.GradientName(n) == actual.Name);
                if (input < 0)
                {
                    var scalar = forward.Scalars.FirstOrDefault(s => GradientDerivation.GradientName(s.Name) == actual.Name);
                    if (scalar is not null) return Error($"'{actual.Name}': '{scalar.Name}' is an int, which has no gradient");
                    string names = string.Join(", ", tensorInputs.Select(GradientDerivation.GradientName));
                    return Error($"Parameter {p + 1} of '{gradient.Name}', '{actual.Name}', is not the gradient of an input of {forwardName} (expected one of {names}, in that order)");
                }
                if (actual.Kind != ParameterKind.Tensor || actual.Element != forward.Element)
                {
                    return Error($"Parameter {p + 1} of '{gradient.Name}' must be 'TensorSpan<{element}> {actual.Name}' (the gradient of input '{tensorInputs[input]}'), but is '{actual.TypeDisplay} {actual.Name}'");
                }
                if (input <= last)
                {
                    return Error($"'{actual.Name}' must come {(input == last ? "once" : "before " + GradientDerivation.GradientName(tensorInputs[last]))}: input gradients follow the forward's order");
                }
                last = input;
                requested.Add(tensorInputs[input]);
            }
            if (requested.Count == 0) return Error($"'{gradient.Name}' declares no input gradient (add TensorSpan<{element}> parameters such as {GradientDerivation.GradientName(tensorInputs.FirstOrDefault() ?? "x")})");

            var derived = GradientDerivation.Derive(forward, requested, accumulate);
            return derived.Program is null ? Unsupported($"{forwardName} cannot be differentiated yet: {derived.Reason}") : new GradientBinding(derived.Program, null, null);
        }

        private static GradientBinding Error(string message) => new(null, DiagnosticIds.GradientSignature, message);

        private static GradientBinding Unsupported(string message) => new(null, DiagnosticIds.GradientUnsupported, message);
    }
}
