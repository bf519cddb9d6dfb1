using System.Collections.Generic;

namespace TensorDsl.Analyzers.CallSites.Checking
{
    /// <summary>A provable call-site error: the tensor slot whose argument is wrong, the diagnostic ID and the message.</summary>
    internal sealed record ShapeMismatch(int Slot, string Id, string Message);

    /// <summary>What <see cref="ShapeChecker.Check"/> found.</summary>
    /// <param name="Mismatches">At most one per argument, in the order the generated code would find them.</param>
    /// <param name="ExpectedOutput">
    /// The output shape the inputs prove (<see cref="Shapes.KnownShape.Unknown"/> for an unproven length), or null when
    /// the kernel has no output tensor or the output's rank is not proven.
    /// </param>
    internal sealed record ShapeCheckResult(IReadOnlyList<ShapeMismatch> Mismatches, long[]? ExpectedOutput);
}
