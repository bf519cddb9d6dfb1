using System;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Gpu
{
    /// <summary>
    /// Where <see cref="GpuGemmEmitter"/> writes one tiled matrix product: the step (its index groups), the kernel's names,
    /// the three device tensors (A, B and the result C) and how the launch reaches each label's size and stride.
    /// </summary>
    /// <param name="Step">The GEMM step of a contraction's plan.</param>
    /// <param name="SpecText">The contraction, for the kernel's comment.</param>
    /// <param name="KernelName">The kernel method.</param>
    /// <param name="LauncherName">Its launcher delegate.</param>
    /// <param name="ContainingType">The type that declares the kernel (for reflection).</param>
    /// <param name="ElementType">float or double.</param>
    /// <param name="Accumulate">Add into C instead of overwriting it.</param>
    /// <param name="Device">The TensorDevice expression.</param>
    /// <param name="A">The device tensor A.</param>
    /// <param name="B">The device tensor B.</param>
    /// <param name="C">The device tensor C.</param>
    /// <param name="ALast">A's last label (contiguous in a dense tensor).</param>
    /// <param name="BLast">B's last label.</param>
    /// <param name="Size">A label's size at the call.</param>
    /// <param name="Stride">The stride of a label in tensor 0 (A), 1 (B) or 2 (C).</param>
    internal sealed record GpuGemmSite(PlanStep Step, string SpecText, string KernelName, string LauncherName, string ContainingType, string ElementType,
        bool Accumulate, string Device, string A, string B, string C, char ALast, char BLast, Func<char, string> Size, Func<int, char, string> Stride);
}
