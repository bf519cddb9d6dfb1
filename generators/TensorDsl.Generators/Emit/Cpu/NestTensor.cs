using System;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// A tensor as a loop nest sees it: the local that refers to its first element, its distinct labels (in axis order),
    /// the local holding its stride per label, and, inside a '...' loop, which tensor of the binder it is.
    /// </summary>
    internal sealed class NestTensor
    {
        public NestTensor(string reference, string labels, Func<char, string> stride, int binderTensor = -1)
        {
            Reference = reference;
            Labels = labels;
            Stride = stride;
            BinderTensor = binderTensor;
        }

        /// <summary>Local of type <c>ref T</c>.</summary>
        public string Reference { get; }

        /// <summary>Distinct labels in axis order.</summary>
        public string Labels { get; }

        /// <summary>Local holding the stride of a label.</summary>
        public Func<char, string> Stride { get; }

        /// <summary>Tensor number in the shape binder (for '...' offsets), or -1.</summary>
        public int BinderTensor { get; }

        /// <summary>
        /// For a dense intermediate that has the '...' group (a backward's helper), the local holding the stride of the
        /// group's one axis: position e of the group is at e times it. Null otherwise.
        /// </summary>
        public string? GroupStride { get; init; }

        /// <summary>True when the tensor has <paramref name="label"/>.</summary>
        public bool Has(char label) => Labels.IndexOf(label) >= 0;
    }
}
