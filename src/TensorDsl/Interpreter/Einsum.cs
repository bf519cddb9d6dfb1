using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Lowering;

namespace TensorDsl
{
    /// <summary>
    /// The reference interpreter for einsum specs: evaluates any spec the generator accepts, in double precision, with no
    /// generated code. A thin front end over the one interpreter: it parses the spec, checks the operands against it, lowers
    /// it to the one-statement program every <c>[Einsum]</c> becomes (<see cref="EinsumLowering"/>) and runs that, which makes
    /// it the oracle of the tests.
    /// </summary>
    public static class Einsum
    {
        /// <summary>
        /// Evaluates <paramref name="spec"/> on <paramref name="operands"/> with NumPy semantics. A rank-0 result is
        /// returned with shape [1].
        /// </summary>
        /// <exception cref="ArgumentException">The spec is invalid or the shapes do not fit it.</exception>
        public static Tensor<double> Evaluate(string spec, params Tensor<double>[] operands)
        {
            ArgumentNullException.ThrowIfNull(spec);
            ArgumentNullException.ThrowIfNull(operands);
            var parsed = EinsumParser.ParseOrThrow(spec);
            if (operands.Length != parsed.Inputs.Count)
            {
                throw new ArgumentException($"The spec \"{spec}\" has {parsed.Inputs.Count} operands but {operands.Length} tensors were given", nameof(operands));
            }
            var names = new string[operands.Length];
            var arguments = new Dictionary<string, object>(StringComparer.Ordinal);
            for (int i = 0; i < operands.Length; i++)
            {
                ArgumentNullException.ThrowIfNull(operands[i]);
                var sub = parsed.Inputs[i];
                int rank = operands[i].Rank;
                if (sub.HasEllipsis ? rank < sub.Labels.Length : rank != sub.Labels.Length)
                {
                    throw new ArgumentException($"Operand {i} has rank {rank} but its subscripts \"{sub.Text}\" need {(sub.HasEllipsis ? "at least " : "")}{sub.Labels.Length}");
                }
                names[i] = $"operand {i}";
                arguments[names[i]] = operands[i];
            }
            var program = EinsumLowering.Lower(parsed, ElementType.Double, names, "result", accumulate: false, EquatableArray<StaticDim>.Empty);
            var results = ProgramInterpreter.Run(program, arguments, out var shapes);
            var lengths = shapes["result"];
            return Tensor.Create(results["result"], lengths.Length == 0 ? new nint[] { 1 } : lengths.Select(l => (nint)l).ToArray());
        }
    }
}
