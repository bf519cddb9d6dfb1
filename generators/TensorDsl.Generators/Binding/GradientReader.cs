using System.Linq;
using Microsoft.CodeAnalysis;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Binding.Polynomials;
using TensorDsl.Language.Gradients;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Binding
{
    /// <summary>
    /// Reads a <c>[Gradient(nameof(Forward))]</c> method: finds the forward kernel in the same type, binds the forward's
    /// attribute to its program (an <c>[Einsum]</c> or <c>[EquivariantPolynomial]</c> through its einsum's lowering, a
    /// <c>[GauntProduct]</c> through its lowering to one <c>gaunt[…]</c> statement, a
    /// <c>[TensorProgram]</c> through the program binder) and binds the gradient method against it (<see cref="GradientBinder"/>).
    /// </summary>
    internal static class GradientReader
    {
        /// <summary>How many [Gradient] methods deep a forward may itself be a [Gradient] method (third derivatives at most).</summary>
        private const int MaxOrder = 3;

        public static GradientBinding Bind(IMethodSymbol gradient, string forwardName, bool accumulate) => Bind(gradient, forwardName, accumulate, 1);

        private static GradientBinding Bind(IMethodSymbol gradient, string forwardName, bool accumulate, int order)
        {
            var candidates = gradient.ContainingType.GetMembers(forwardName).OfType<IMethodSymbol>()
                .Where(m => !SymbolEqualityComparer.Default.Equals(m, gradient)).ToList();
            if (candidates.Count == 0)
            {
                return Error($"'{gradient.ContainingType.Name}' has no method '{forwardName}' to differentiate (the forward kernel must be in the same type)");
            }
            foreach (var forward in candidates)
            {
                var program = ForwardProgram(forward, order, out string? error);
                if (program is null)
                {
                    if (error is not null) return new GradientBinding(null, DiagnosticIds.GradientSignature, error);
                    continue;
                }
                return GradientBinder.Bind(program, forwardName, MethodSignatureReader.Read(gradient), accumulate);
            }
            return Error($"'{forwardName}' is not an [Einsum], [EquivariantPolynomial], [GauntProduct], [TensorProgram] or [Gradient] kernel, so it has no derived gradient (TDSL0041 lists what is differentiated)");
        }

        // The forward's bound program; null (with no error) when the method is no einsum or program kernel, null with an
        // error when its own attribute does not bind (the forward's own diagnostic says why).
        private static BoundProgram? ForwardProgram(IMethodSymbol forward, int order, out string? error)
        {
            error = null;
            foreach (var attribute in forward.GetAttributes())
            {
                if (MethodSignatureReader.TryReadGradient(attribute, out string inner, out bool innerAccumulate))
                {
                    // A backward is a program too: its [Gradient] gives second derivatives.
                    if (order >= MaxOrder)
                    {
                        error = $"'{forward.Name}' is a derivative of order {order}; [Gradient] goes up to order {MaxOrder} (or the forwards form a cycle)";
                        return null;
                    }
                    var bind = Bind(forward, inner, innerAccumulate, order + 1);
                    if (bind.Program is null) error = $"The forward '{forward.Name}' is a [Gradient] method that does not bind, so it has no gradient (see its own diagnostic)";
                    return bind.Program;
                }
                if (MethodSignatureReader.TryReadEinsum(attribute, out string spec, out bool accumulate))
                {
                    var bind = EinsumMethodBinder.Bind(spec, MethodSignatureReader.Read(forward), MethodSignatureReader.ReadDims(forward), accumulate);
                    if (bind.Bound is null) error = $"The forward '{forward.Name}' does not bind, so it has no gradient (see its own diagnostic)";
                    return bind.Bound?.ToProgram();
                }
                if (MethodSignatureReader.TryReadPolynomial(attribute, out string polynomial, out bool channels))
                {
                    // The polynomial's einsum reads x once per edge: as one tensor, so that its gradient sums every edge's term.
                    var bind = PolynomialMethodBinder.Bind(polynomial, channels, MethodSignatureReader.Read(forward));
                    if (bind.Bound is null)
                    {
                        error = $"The forward '{forward.Name}' does not bind, so it has no gradient (see its own diagnostic)";
                        return null;
                    }
                    var einsum = bind.Bound.Einsum;
                    return (einsum with { OperandNames = new EquatableArray<string>(Enumerable.Repeat(bind.Bound.XName, einsum.OperandNames.Count).ToArray()) }).ToSharedProgram();
                }
                if (MethodSignatureReader.TryReadGauntProduct(attribute, out var gauntArguments))
                {
                    // Through its lowering to the one IR: z[...,k] = gaunt[L1,L2,LOut](x[...,i], y[...,j]).
                    var bind = Language.Equivariant.GauntProductBinder.Bind(gauntArguments, MethodSignatureReader.Read(forward));
                    if (bind.Product is null) error = $"The forward '{forward.Name}' does not bind, so it has no gradient (see its own diagnostic)";
                    return bind.Product is null ? null : Language.Lowering.GauntProductLowering.Lower(bind.Product);
                }
                if (MethodSignatureReader.TryReadProgram(attribute, out string text))
                {
                    var bind = ProgramBinder.Bind(text, MethodSignatureReader.Read(forward), MethodSignatureReader.ReadDims(forward));
                    if (bind.Program is null) error = $"The forward '{forward.Name}' does not bind, so it has no gradient (see its own diagnostic)";
                    return bind.Program;
                }
            }
            return null;
        }

        private static GradientBinding Error(string message) => new(null, DiagnosticIds.GradientSignature, message);
    }
}
