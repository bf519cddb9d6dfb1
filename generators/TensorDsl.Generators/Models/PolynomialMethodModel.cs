using TensorDsl.Language;
using TensorDsl.Language.Binding.Polynomials;

namespace TensorDsl.Generators.Models
{
    /// <summary>
    /// Everything the emitter needs for one <c>[EquivariantPolynomial]</c> method: where it is declared, its two parameters
    /// as text, and the bound polynomial (whose einsum reads x once per edge). Strings and value-equatable records only.
    /// </summary>
    /// <param name="Declaration">How to re-declare the method and its containing types.</param>
    /// <param name="X">The adjacency parameter as declared.</param>
    /// <param name="P">The result parameter as declared.</param>
    /// <param name="Bound">The bound polynomial.</param>
    internal sealed record PolynomialMethodModel(
        DeclarationModel Declaration,
        ParameterModel X,
        ParameterModel P,
        BoundPolynomial Bound)
    {
        /// <summary>The method's name.</summary>
        public string MethodName => Declaration.MethodName;

        /// <summary>The hint name of the generated file.</summary>
        public string HintName => Declaration.HintName(Bound.Einsum.ElementKeyword, ".polynomial.g.cs");

        /// <summary>
        /// The einsum core the method forwards to: an <c>[Einsum]</c> model with one operand parameter per edge (all bound
        /// to x at the call), private, named <c>{MethodName}__Polynomial</c> so that it cannot clash with the user's overloads.
        /// </summary>
        public EinsumMethodModel Core()
        {
            int m = Bound.Einsum.Spec.Inputs.Count;
            string x = X.Name.TrimStart('@');
            string p = P.Name.TrimStart('@');
            var parameters = new ParameterModel[m + 1];
            for (int i = 0; i < m; i++)
            {
                // x0, x1, … unless that could clash with p's name.
                string name = x + i;
                if (name == p) name = "__" + name;
                parameters[i] = new ParameterModel(name, X.TypeText);
            }
            parameters[m] = P;
            return new EinsumMethodModel(Declaration.AsPrivateHelper(MethodName + "__Polynomial"), "void",
                new EquatableArray<ParameterModel>(parameters), Bound.Einsum, IsFrontEndCore: true);
        }
    }

    /// <summary>What the transform step produces for one <c>[EquivariantPolynomial]</c> method: a valid model or an invalid one.</summary>
    internal sealed record PolynomialTarget(PolynomialMethodModel? Valid, InvalidEinsumModel? Invalid);
}
