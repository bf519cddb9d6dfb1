using System.Collections.Generic;
using TensorDsl.Language.Binding;

namespace TensorDsl.Language.Equivariant
{
    /// <summary>
    /// Binds a <c>[GauntProduct(L1, L2, LOut, Method = …)]</c> attribute to its method
    /// <c>static partial void M(ReadOnlyTensorSpan&lt;T&gt; x, ReadOnlyTensorSpan&lt;T&gt; y, TensorSpan&lt;T&gt; z)</c>. Pure function
    /// of the attribute's values and the signature; the analyzer reports its diagnostics and the generator emits only when
    /// there is none.
    /// </summary>
    /// <remarks>
    /// Checks: the method's shape (TDSL0005) and parameter types (TDSL0006) as for <c>[TensorProgram]</c>; every degree given,
    /// non-negative, and L1, L2 ≤ <see cref="MaxInputDegree"/> (TDSL0020); LOut ≤ L1 + L2 (TDSL0021, since G vanishes above:
    /// the triangle rule); <c>Method</c> a defined value (TDSL0022).
    /// </remarks>
    public static class GauntProductBinder
    {
        /// <summary>The largest supported L1 and L2: the coefficient tables and accuracy are validated up to here.</summary>
        public const int MaxInputDegree = 16;

        /// <summary>Binds <paramref name="arguments"/> to <paramref name="method"/>.</summary>
        public static GauntBindResult Bind(GauntProductArguments arguments, MethodSignature method)
        {
            var diagnostics = new List<GauntDiagnostic>();
            var element = CheckMethod(method, diagnostics);

            bool l1 = CheckInput(arguments.L1, "L1", GauntArgument.L1, diagnostics);
            bool l2 = CheckInput(arguments.L2, "L2", GauntArgument.L2, diagnostics);
            bool lOut = true;
            if (arguments.LOut is not { } outDegree)
            {
                diagnostics.Add(AtArgument(DiagnosticIds.GauntDegree, GauntArgument.Attribute,
                    "[GauntProduct] does not give LOut; write [GauntProduct(l1, l2, lOut)] or set L1, L2 and LOut"));
                lOut = false;
            }
            else if (outDegree < 0)
            {
                diagnostics.Add(AtArgument(DiagnosticIds.GauntDegree, GauntArgument.LOut,
                    $"LOut = {outDegree} is negative; a degree bound is 0 or more"));
                lOut = false;
            }
            else if (l1 && l2 && outDegree > arguments.L1!.Value + arguments.L2!.Value)
            {
                int sum = arguments.L1.Value + arguments.L2.Value;
                diagnostics.Add(AtArgument(DiagnosticIds.GauntOutputDegree, GauntArgument.LOut,
                    $"LOut = {outDegree} exceeds L1 + L2 = {sum}: G(l1 m1, l2 m2, l3 m3) is zero for l3 > l1 + l2, so every output component of degree above {sum} would be zero; use LOut ≤ {sum}"));
                lOut = false;
            }

            var kind = (GauntMethodKind)arguments.Method;
            if (kind != GauntMethodKind.Auto && kind != GauntMethodKind.Sparse && kind != GauntMethodKind.Fourier)
            {
                diagnostics.Add(AtArgument(DiagnosticIds.GauntMethod, GauntArgument.Method,
                    $"Method = {arguments.Method} is not a GauntMethod; use GauntMethod.Auto, GauntMethod.Sparse or GauntMethod.Fourier"));
            }

            BoundGauntProduct? product = null;
            if (diagnostics.Count == 0 && l1 && l2 && lOut && element != ElementType.Other)
            {
                var p = method.Parameters;
                product = new BoundGauntProduct(arguments.L1!.Value, arguments.L2!.Value, arguments.LOut!.Value, kind, element,
                    p[0].Name, p[1].Name, p[2].Name);
            }
            return new GauntBindResult(product, new EquatableArray<GauntDiagnostic>(diagnostics.ToArray()));
        }

        private static bool CheckInput(int? degree, string name, GauntArgument argument, List<GauntDiagnostic> diagnostics)
        {
            if (degree is not { } l)
            {
                diagnostics.Add(AtArgument(DiagnosticIds.GauntDegree, GauntArgument.Attribute,
                    $"[GauntProduct] does not give {name}; write [GauntProduct(l1, l2, lOut)] or set L1, L2 and LOut"));
                return false;
            }
            if (l < 0)
            {
                diagnostics.Add(AtArgument(DiagnosticIds.GauntDegree, argument, $"{name} = {l} is negative; a degree bound is 0 or more"));
                return false;
            }
            if (l > MaxInputDegree)
            {
                diagnostics.Add(AtArgument(DiagnosticIds.GauntDegree, argument,
                    $"{name} = {l} is not supported: [GauntProduct] input degrees go up to {MaxInputDegree} (the Sparse table for {name} = {l} would have millions of terms)"));
                return false;
            }
            return true;
        }

        /// <summary>The method's shape and parameter types; returns the common element type, or Other after an error.</summary>
        private static ElementType CheckMethod(MethodSignature method, List<GauntDiagnostic> diagnostics)
        {
            foreach (var shape in MethodShapeRules.Check(method)) diagnostics.Add(At(shape));
            if (!method.ReturnsVoid)
            {
                diagnostics.Add(At(new LanguageDiagnostic(DiagnosticIds.MethodShape,
                    $"Method '{method.Name}' returns '{method.ReturnTypeDisplay}'; a [GauntProduct] method returns void and writes its TensorSpan<T> output",
                    DiagnosticTarget.ReturnType, 0, 0, -1)));
            }
            if (method.Parameters.Count != 3)
            {
                diagnostics.Add(At(new LanguageDiagnostic(DiagnosticIds.MethodShape,
                    $"Method '{method.Name}' has {method.Parameters.Count} parameter(s); a [GauntProduct] method takes exactly (ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, TensorSpan<T> z)",
                    DiagnosticTarget.Method, 0, 0, -1)));
                return ElementType.Other;
            }

            var element = ElementType.Other;
            bool failed = false;
            for (int i = 0; i < 3; i++)
            {
                var parameter = method.Parameters[i];
                var wanted = i < 2 ? ParameterKind.ReadOnlyTensor : ParameterKind.Tensor;
                string role = i < 2 ? $"operand {(i == 0 ? "x" : "y")}: ReadOnlyTensorSpan<T>" : "output z: TensorSpan<T>";
                if (parameter.Kind != wanted)
                {
                    diagnostics.Add(AtParameter(i, $"Parameter '{parameter.Name}' has type '{parameter.TypeDisplay}'; parameter {i + 1} of a [GauntProduct] method is the {role} with T float or double"));
                    failed = true;
                    continue;
                }
                if (parameter.Element == ElementType.Other)
                {
                    diagnostics.Add(AtParameter(i, $"Parameter '{parameter.Name}' has type '{parameter.TypeDisplay}'; tensors hold float or double"));
                    failed = true;
                    continue;
                }
                if (element == ElementType.Other)
                {
                    element = parameter.Element;
                }
                else if (element != parameter.Element)
                {
                    diagnostics.Add(AtParameter(i, $"Parameter '{parameter.Name}' has type '{parameter.TypeDisplay}' but earlier parameters use {(element == ElementType.Double ? "double" : "float")}; x, y and z have one element type"));
                    failed = true;
                }
            }
            return failed ? ElementType.Other : element;
        }

        private static GauntDiagnostic At(LanguageDiagnostic diagnostic) => new GauntDiagnostic(diagnostic, GauntArgument.None);

        private static GauntDiagnostic AtParameter(int parameter, string message)
            => At(new LanguageDiagnostic(DiagnosticIds.UnsupportedParameter, message, DiagnosticTarget.Parameter, 0, 0, parameter));

        private static GauntDiagnostic AtArgument(string id, GauntArgument argument, string message)
            => new GauntDiagnostic(new LanguageDiagnostic(id, message, DiagnosticTarget.Method, 0, 0, -1), argument);
    }
}
