using System;
using System.ComponentModel;
using TensorDsl.Language.Einsum;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// The call-time description of one einsum method: its parsed spec and the names of its parameters, so that
    /// shape errors name the index, the operand and both sizes. Generated code creates one per method, once.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class EinsumLayout
    {
        /// <summary>The largest number of '...' broadcast dimensions a call may have.</summary>
        public const int MaxEllipsisRank = 16;

        private EinsumLayout(EinsumSpec spec, string[] operandNames, string outputName)
        {
            Spec = spec;
            OperandNames = operandNames;
            OutputName = outputName;
            Labels = spec.Labels;
            InputLabelIds = new int[spec.Inputs.Count][];
            for (int i = 0; i < spec.Inputs.Count; i++)
            {
                InputLabelIds[i] = LabelIds(spec.Inputs[i].Labels);
            }
            OutputLabelIds = LabelIds(spec.Output.Labels);
            // Names for error messages, built once: the binder runs on every call and must not allocate.
            _tensorNames = new string[operandNames.Length + 1];
            for (int i = 0; i < operandNames.Length; i++) _tensorNames[i] = $"operand '{operandNames[i]}'";
            _tensorNames[operandNames.Length] = $"output '{outputName}'";
        }

        private readonly string[] _tensorNames;

        /// <summary>Parses <paramref name="spec"/> (throws <see cref="ArgumentException"/> when invalid).</summary>
        /// <param name="spec">The einsum spec.</param>
        /// <param name="operandNames">Names of the input parameters, in spec order.</param>
        /// <param name="outputName">Name of the output parameter (or "result" for a returned scalar).</param>
        public static EinsumLayout Create(string spec, string[] operandNames, string outputName)
        {
            var parsed = EinsumParser.ParseOrThrow(spec);
            if (parsed.Inputs.Count != operandNames.Length)
            {
                throw new ArgumentException($"The spec \"{spec}\" has {parsed.Inputs.Count} operands but {operandNames.Length} names were given", nameof(operandNames));
            }
            return new EinsumLayout(parsed, operandNames, outputName);
        }

        /// <summary>The parsed spec.</summary>
        public EinsumSpec Spec { get; }

        /// <summary>Input parameter names.</summary>
        public string[] OperandNames { get; }

        /// <summary>Output parameter name.</summary>
        public string OutputName { get; }

        /// <summary>Distinct labels; a label's id is its position here (<see cref="EinsumSpec.Labels"/>).</summary>
        public string Labels { get; }

        /// <summary>Number of inputs plus one (the output is the last tensor).</summary>
        public int TensorCount => OperandNames.Length + 1;

        /// <summary>Length of the scratch span an <see cref="EinsumBinding"/> needs.</summary>
        public int ScratchLength => 2 * Labels.Length + TensorCount * Labels.Length + 2 * MaxEllipsisRank + TensorCount * MaxEllipsisRank + 1;

        internal int[][] InputLabelIds { get; }

        internal int[] OutputLabelIds { get; }

        internal string TensorName(int tensor) => _tensorNames[tensor];

        private int[] LabelIds(string labels)
        {
            var ids = new int[labels.Length];
            for (int k = 0; k < labels.Length; k++) ids[k] = Labels.IndexOf(labels[k]);
            return ids;
        }
    }
}
