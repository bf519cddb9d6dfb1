namespace TensorDsl.Language.Einsum
{
    /// <summary>
    /// The subscripts of one operand (or of the output): its index letters in axis order and where a
    /// <c>...</c> stands among them.
    /// </summary>
    /// <param name="Labels">Index letters in axis order, without the ellipsis. May repeat (a diagonal).</param>
    /// <param name="EllipsisPosition">Number of labels before the <c>...</c>, or -1 when there is none.</param>
    /// <param name="LabelOffsets">Offset of each label in the spec text (-1 for an implicit output).</param>
    /// <param name="Start">Offset of the operand's first character in the spec text.</param>
    /// <param name="Length">Length of the operand's text.</param>
    public sealed record Subscript(string Labels, int EllipsisPosition, EquatableArray<int> LabelOffsets, int Start, int Length)
    {
        /// <summary>True when the operand has a <c>...</c>.</summary>
        public bool HasEllipsis => EllipsisPosition >= 0;

        /// <summary>The operand as NumPy writes it, e.g. <c>b...ij</c>.</summary>
        public string Text => HasEllipsis ? Labels.Substring(0, EllipsisPosition) + "..." + Labels.Substring(EllipsisPosition) : Labels;

        /// <inheritdoc/>
        public override string ToString() => Text;
    }
}
