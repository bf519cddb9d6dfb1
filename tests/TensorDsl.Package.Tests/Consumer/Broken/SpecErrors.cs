using System.Numerics.Tensors;
using TensorDsl;

public static partial class BrokenKernels
{
    // 'z' appears in no input: TDSL0003 on the 'z' inside the string.
    [Einsum("ij,jk->iz")]
    public static partial void OutputIndexFromNowhere(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
}
