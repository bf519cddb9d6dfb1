using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl
{
    /// <summary>
    /// The reference interpreter for <c>[TensorProgram]</c> text: binds the program with the same binder the generator
    /// uses, then evaluates every statement in double precision by plain recursion over the bound expression tree, with
    /// an environment that maps index names to values. Nothing is fused, reordered or shared with generated code, which
    /// makes it the oracle of the tests.
    /// </summary>
    /// <remarks>
    /// <para>Semantics, statement by statement in order:</para>
    /// <list type="bullet">
    /// <item>A statement <c>t[i,j] = e</c> is materialized over the full domain of its left-side indices, as a row-major
    /// tensor whose axes are the left-side indices in order.</item>
    /// <item><c>sum[R](e)</c> adds <c>e</c> over every admitted point of <c>R</c> (0 when none is admitted);
    /// <c>max[R](e)</c> is the largest value (−∞ when none is admitted).</item>
    /// <item><c>softmax[R](e)</c> at a point is <c>exp(e − M) / Σ_R exp(e − M)</c>, where <c>M</c> is the maximum of
    /// <c>e</c> over the admitted points of <c>R</c>, the other free indices fixed at the point's values. At a point that is
    /// not admitted by the <c>where</c> ranges (in particular whenever the admitted set is empty) the value is 0: a
    /// masked-out entry has probability 0.</item>
    /// <item>A <c>where</c> range admits <c>j</c> with <c>max(0, each lower bound) ≤ j &lt; min(size, each upper bound)</c>.</item>
    /// <item>A repeated index in one load (<c>x[i,i]</c>) reads the diagonal; an <c>int</c> parameter used as a value reads
    /// as a double.</item>
    /// <item>Functions: <c>exp log sqrt abs tanh</c> as in <see cref="Math"/>, <c>sigmoid(x) = 1/(1+e⁻ˣ)</c>,
    /// <c>relu(x) = max(x, 0)</c>, <c>step(x)</c> = 1 where x &gt; 0 else 0, <c>max(a,b)</c>, <c>min(a,b)</c>.</item>
    /// </list>
    /// </remarks>
    public static class TensorProgram
    {
        private const string MethodName = "TensorProgram.Evaluate";

        /// <summary>
        /// Runs every statement of <paramref name="program"/> in order in double precision and returns every statement's
        /// result (outputs and intermediates alike) by the name it assigns.
        /// </summary>
        /// <param name="program">The program text, as in a <c>[TensorProgram]</c> attribute.</param>
        /// <param name="arguments">
        /// The values of the program's parameters by name: a <see cref="Tensor{T}"/> of <see cref="double"/> for each input
        /// tensor, a <see cref="double"/> for each element scalar, an <see cref="int"/> for each integer parameter (a
        /// <c>where</c> bound, or a value read as a double). Every statement target is computed, so no output parameter
        /// is passed.
        /// </param>
        /// <returns>Each statement's result, keyed by its target name, with axes in the order of its left-side indices.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="program"/> or <paramref name="arguments"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// An argument has an unsupported type; the program does not bind to the arguments (the message lists the
        /// diagnostics' ids and messages); or a tensor's rank or an axis length does not fit the program (the message
        /// names the index, the tensor and both sizes).
        /// </exception>
        public static IReadOnlyDictionary<string, Tensor<double>> Evaluate(string program, IReadOnlyDictionary<string, object> arguments)
        {
            ArgumentNullException.ThrowIfNull(program);
            ArgumentNullException.ThrowIfNull(arguments);

            var bound = Bind(program, arguments);
            var results = ProgramInterpreter.Run(bound, arguments, out var shapes);
            return results.ToDictionary(r => r.Key, r => Tensor.Create(r.Value, shapes[r.Key].Select(l => (nint)l).ToArray()), StringComparer.Ordinal);
        }

        /// <summary>
        /// Evaluates, in double precision, the backward that <c>[Gradient]</c> derives for <paramref name="program"/>
        /// (docs/gradients.md): given the gradient of a scalar loss with respect to each output, the gradient with respect
        /// to every input tensor and every <c>double</c> scalar. The same derivation as the generator's, run by the same
        /// interpreter as <see cref="Evaluate"/>: the oracle that tests of generated backward kernels compare against.
        /// </summary>
        /// <param name="program">The forward program text, as in a <c>[TensorProgram]</c> attribute.</param>
        /// <param name="arguments">The forward's inputs, as for <see cref="Evaluate"/>.</param>
        /// <param name="outputGradients">For each output of the forward (a statement target that no other statement
        /// reads and that the caller treats as a result), the gradient of the loss with respect to it, by the output's name.
        /// Targets not named here are intermediates.</param>
        /// <returns>The gradients by their contract names (<c>x</c> → <c>dX</c>); a scalar's has shape [1].</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The program does not bind (as for <see cref="Evaluate"/>), an output
        /// gradient's shape does not fit its output, or the program has no derived gradient (the message says why).</exception>
        public static IReadOnlyDictionary<string, Tensor<double>> EvaluateGradient(string program, IReadOnlyDictionary<string, object> arguments,
            IReadOnlyDictionary<string, Tensor<double>> outputGradients)
        {
            ArgumentNullException.ThrowIfNull(program);
            ArgumentNullException.ThrowIfNull(arguments);
            ArgumentNullException.ThrowIfNull(outputGradients);

            var forward = Bind(program, arguments, outputGradients.Keys);
            var inputs = forward.Tensors.Where(t => t.Kind == ProgramTensorKind.Input).Select(t => t.Name)
                .Concat(forward.Scalars.Where(s => s.Kind == ScalarKind.Element).Select(s => s.Name)).ToList();
            var derived = TensorDsl.Language.Gradients.GradientDerivation.Derive(forward, inputs, accumulate: false);
            if (derived.Program is null) throw new ArgumentException($"The program has no derived gradient: {derived.Reason}", nameof(program));
            var backArguments = new Dictionary<string, object>(arguments, StringComparer.Ordinal);
            foreach (var (name, gradient) in outputGradients) backArguments[TensorDsl.Language.Gradients.GradientDerivation.GradientName(name)] = gradient;
            var results = ProgramInterpreter.Run(derived.Program, backArguments, out var shapes);
            var names = new HashSet<string>(derived.Program.Tensors.Where(t => t.Kind == ProgramTensorKind.Output).Select(t => t.Name), StringComparer.Ordinal);
            return results.Where(r => names.Contains(r.Key)).ToDictionary(r => r.Key,
                r => Tensor.Create(r.Value, shapes[r.Key].Length == 0 ? new nint[] { 1 } : shapes[r.Key].Select(l => (nint)l).ToArray()), StringComparer.Ordinal);
        }

        // Binds the program to a synthetic 'static partial void' method whose parameters are the arguments (in ordinal
        // name order, so that messages do not depend on the dictionary's enumeration order), then the named outputs.
        private static BoundProgram Bind(string program, IReadOnlyDictionary<string, object> arguments, IEnumerable<string>? outputs = null)
        {
            var parameters = new List<ParameterSignature>();
            foreach (var name in arguments.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                parameters.Add(arguments[name] switch
                {
                    Tensor<double> => new ParameterSignature(name, ParameterKind.ReadOnlyTensor, ElementType.Double, "Tensor<double>"),
                    double => new ParameterSignature(name, ParameterKind.Scalar, ElementType.Double, "double"),
                    int => new ParameterSignature(name, ParameterKind.Integer, ElementType.Other, "int"),
                    null => throw new ArgumentException($"Argument '{name}' is null; pass a Tensor<double>, a double or an int", nameof(arguments)),
                    var other => throw new ArgumentException(
                        $"Argument '{name}' has type '{other.GetType()}'; pass a Tensor<double> for a tensor, a double for a scalar or an int for an integer parameter",
                        nameof(arguments)),
                });
            }
            foreach (var name in outputs ?? Array.Empty<string>())
            {
                parameters.Add(new ParameterSignature(name, ParameterKind.Tensor, ElementType.Double, "TensorSpan<double>"));
            }
            var method = new MethodSignature(MethodName, IsStatic: true, IsPartial: true, ReturnsVoid: true, ParameterKind.Other, ElementType.Other, "void",
                new EquatableArray<ParameterSignature>(parameters.ToArray()));
            var result = ProgramBinder.Bind(program, method, EquatableArray<StaticDim>.Empty);
            if (result.Program is null || result.Diagnostics.Count > 0)
            {
                var lines = result.Diagnostics.Select(d => $"{d.Id}: {d.Message}" + (d.Target == DiagnosticTarget.SpecText ? $" (at offset {d.Start})" : ""));
                throw new ArgumentException("The program does not bind to the arguments given:" + Environment.NewLine + string.Join(Environment.NewLine, lines), nameof(program));
            }
            return result.Program;
        }
    }
}
