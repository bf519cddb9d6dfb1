using System.Linq;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>Naming and membership facts about the tensors of one loop nest (inputs 0..m-1, output m).</summary>
    internal sealed class LoopNest
    {
        private readonly EinsumSpec _spec;

        public LoopNest(EinsumSpec spec, EinsumLoopPlan plan)
        {
            _spec = spec;
            Plan = plan;
        }

        public EinsumLoopPlan Plan { get; }

        private int OutputTensor => _spec.Inputs.Count;

        /// <summary>True when tensor <paramref name="tensor"/> has index <paramref name="label"/>.</summary>
        public bool Has(int tensor, char label) => LabelsOf(tensor).IndexOf(label) >= 0;

        /// <summary>Distinct labels of a tensor, in spec label order.</summary>
        public string LabelsOf(int tensor)
        {
            string own = tensor == OutputTensor ? _spec.Output.Labels : _spec.Inputs[tensor].Labels;
            return new string(_spec.Labels.Where(c => own.IndexOf(c) >= 0).ToArray());
        }

        /// <summary>The C# condition under which the innermost loop may use unit-stride vector loads and stores.</summary>
        public string UnitStrideCondition()
        {
            char c = Plan.Innermost;
            var terms = Plan.VectorOperands.Select(v => $"{Stride(v, OutputTensor, c)} == 1").ToList();
            if (!Plan.InnermostIsSummed) terms.Add($"{Stride(OutputTensor, OutputTensor, c)} == 1");
            return string.Join(" && ", terms);
        }

        /// <summary>"0".."m-1" for inputs, "Out" for the output.</summary>
        public static string TensorName(int tensor, int outputTensor) => tensor == outputTensor ? "Out" : tensor.ToString();

        /// <summary>The local holding tensor <paramref name="tensor"/>'s stride for <paramref name="label"/>.</summary>
        public static string Stride(int tensor, int outputTensor, char label) => $"s{TensorName(tensor, outputTensor)}_{label}";
    }
}
