using System.ComponentModel;

namespace TensorDsl.Runtime
{
    /// <summary>The role of an index in a pairwise contraction <c>C = Σ A · B</c> (<see cref="DeviceContraction"/>).</summary>
    public enum ContractionRole
    {
        /// <summary>An index of A, B and C: one independent product per position.</summary>
        Batch,
        /// <summary>An index of C that A carries and B lacks (B's stride along it is 0).</summary>
        Row,
        /// <summary>An index of C that B carries and A lacks (A's stride along it is 0).</summary>
        Column,
        /// <summary>An index C lacks: summed over. An operand that lacks it has stride 0 along it (the sum of its other
        /// factor over that index is then taken by the same loop).</summary>
        Summed,
    }

    /// <summary>
    /// One index of a pairwise contraction on the GPU: its role, its length, and its stride in A, B and C (0 where the tensor
    /// lacks it; the sum of the strides of its axes where a tensor carries it on several axes, a diagonal). Generated code
    /// lists one per index of a planned pairwise step.
    /// </summary>
    /// <param name="Role">Batch, row, column or summed.</param>
    /// <param name="Length">The index's size.</param>
    /// <param name="StrideA">Its stride in A.</param>
    /// <param name="StrideB">Its stride in B (0 when the step has one operand).</param>
    /// <param name="StrideC">Its stride in C (0 for a summed index).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly record struct ContractionAxis(ContractionRole Role, nint Length, nint StrideA, nint StrideB, nint StrideC);
}
