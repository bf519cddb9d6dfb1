using System.Collections.Generic;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// One tensor parameter of a kernel as the call-site check sees it: which axis carries which index (a key shared by
    /// every axis that must have the same size) and where a <c>...</c> stands.
    /// </summary>
    /// <param name="Parameter">The parameter's ordinal.</param>
    /// <param name="Name">The parameter's name, for messages.</param>
    /// <param name="IsOutput">True for the tensor the kernel writes.</param>
    /// <param name="Keys">One size key per named axis, in axis order (without the <c>...</c>).</param>
    /// <param name="Names">How each named axis is called in messages (<c>index 'j'</c>).</param>
    /// <param name="EllipsisPosition">Number of named axes before the <c>...</c>, or -1 when there is none.</param>
    internal sealed record TensorSlot(int Parameter, string Name, bool IsOutput, string[] Keys, string[] Names, int EllipsisPosition)
    {
        /// <summary>True when the tensor has a <c>...</c> (any number of extra axes).</summary>
        public bool HasEllipsis => EllipsisPosition >= 0;
    }

    /// <summary>A size fixed by the kernel's declaration (a <c>[Dim]</c>, a Gaunt degree).</summary>
    /// <param name="Size">The size.</param>
    /// <param name="Source">Where it comes from, for messages (<c>[Dim("j", 64)]</c>).</param>
    /// <param name="Exact">True when even an axis of size 1 must have exactly this size (no broadcasting).</param>
    internal sealed record FixedSize(long Size, string Source, bool Exact);

    /// <summary>
    /// What the generated entry point of a kernel checks at run time, restated for the analyzer: the tensors, the size
    /// keys, the broadcasting rule and the fixed sizes. Built once per kernel method (see <see cref="KernelContracts"/>).
    /// </summary>
    internal sealed class KernelContract
    {
        /// <summary>Creates a contract.</summary>
        public KernelContract(string kernel, TensorSlot[] tensors, bool broadcasts, bool sameRank, bool scalarOutput,
            Dictionary<string, FixedSize> fixedSizes, string ellipsisAxisName)
        {
            Kernel = kernel;
            Tensors = tensors;
            Broadcasts = broadcasts;
            SameRank = sameRank;
            ScalarOutput = scalarOutput;
            FixedSizes = fixedSizes;
            EllipsisAxisName = ellipsisAxisName;
        }

        /// <summary>The kernel as written in messages (<c>MatMul [Einsum("ij,jk-&gt;ik")]</c>).</summary>
        public string Kernel { get; }

        /// <summary>The tensor parameters, in parameter order.</summary>
        public TensorSlot[] Tensors { get; }

        /// <summary>
        /// NumPy broadcasting (<c>[Einsum]</c>, <c>[GauntProduct]</c>): among the inputs an axis of size 1 fits any size, and the
        /// output must have exactly the broadcast size. When false (<c>[TensorProgram]</c>) every tensor, the outputs
        /// included, must have exactly the index's size.
        /// </summary>
        public bool Broadcasts { get; }

        /// <summary>Every tensor has the same rank (<c>[GauntProduct]</c>: leading axes are matched position by position).</summary>
        public bool SameRank { get; }

        /// <summary>The result is rank 0 and goes into an output of shape [1].</summary>
        public bool ScalarOutput { get; }

        /// <summary>Sizes fixed by the declaration, by key.</summary>
        public Dictionary<string, FixedSize> FixedSizes { get; }

        /// <summary>What an axis under <c>...</c> is called in messages ("broadcast axis", "leading axis").</summary>
        public string EllipsisAxisName { get; }
    }
}
