using System.Numerics.Tensors;

public static class CallSites
{
    public static void WrongInnerSize()
    {
        var a = new float[12]; var b = new float[20]; var c = new float[15];
        // b is 5x4 where ij,jk->ik needs 4xk: TDSL0030 on the second argument.
        Kernels.MatMul(new ReadOnlyTensorSpan<float>(a, [3, 4]), new ReadOnlyTensorSpan<float>(b, [5, 4]), new TensorSpan<float>(c, [3, 5]));
    }
}
