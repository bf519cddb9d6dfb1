using System;
using System.Collections.Generic;

namespace TensorDsl.Benchmarks.Quick
{
    /// <summary>
    /// One side-by-side case: the TensorDsl kernel and each peer, on the same inputs.
    /// </summary>
    /// <param name="Suite">Suite name (gemm, batched, attention, chain, diagonal).</param>
    /// <param name="Name">Case name as printed, e.g. "ij,jk->ik n=1024 f32".</param>
    /// <param name="Spec">The einsum spec (for TorchSharp and NumPy).</param>
    /// <param name="Shapes">Operand shapes.</param>
    /// <param name="Double">True for float64.</param>
    /// <param name="Flops">Useful floating-point operations of the contraction (2 per multiply-add of the best order).</param>
    /// <param name="TensorDsl">Runs the generated kernel once.</param>
    /// <param name="Naive">Runs the naive loop nest peer, or a part of it (see <see cref="NaiveFraction"/>); null when not measured.</param>
    /// <param name="NaiveFraction">Fraction of the naive loop nest that <see cref="Naive"/> runs: its time is divided by this.
    /// A loop nest does the same work per outer iteration, so timing a few outer iterations and scaling is exact up to noise.</param>
    public sealed record BenchCase(string Suite, string Name, string Spec, long[][] Shapes, bool Double, double Flops, Action TensorDsl, Action? Naive, double NaiveFraction = 1)
    {
        /// <summary>The operands' data, shared with the peers so that every implementation reads the same values.</summary>
        public Array[] Data { get; init; } = Array.Empty<Array>();

        /// <summary>Builds the TorchSharp peer when it is not <c>torch.einsum(Spec)</c> (e.g. a composed attention); null for einsum.</summary>
        public Func<Action>? Torch { get; init; }

        /// <summary>False when NumPy has no counterpart of the case (it is then not sent to the Python peer).</summary>
        public bool NumPy { get; init; } = true;

        /// <summary>
        /// The NumPy peer as a Python expression over the operands <c>ops</c> (e.g. <c>np.maximum(ops[0] @ ops[1] + ops[2], 0)</c>);
        /// null for <c>np.einsum(Spec, *ops, optimize=True)</c>.
        /// </summary>
        public string? NumPyCode { get; init; }

        /// <summary>The same math hand-composed from <c>[Einsum]</c> calls and loops (impl <c>einsum_composed</c>); timed in the
        /// alternating rounds with TensorDsl and TorchSharp.</summary>
        public Action? Composed { get; init; }

        /// <summary>How the case ran before a change being measured (impl <c>before</c>, e.g. a program's scalar loop nest);
        /// timed a few times only, like <see cref="Naive"/>.</summary>
        public Action? Before { get; init; }

        /// <summary>Lines printed after the case's ratio line (e.g. an approximation's error), given the TensorDsl median in ms.</summary>
        public Func<double, object[]>? Extra { get; init; }

        /// <summary>A case that times its own implementations and returns the lines to print (e.g. the <c>gaunt</c> suite, with
        /// several TensorDsl methods per case); when set, the runner prints these lines instead of timing <see cref="TensorDsl"/>.</summary>
        public Func<IEnumerable<object>>? SelfTimed { get; init; }
    }
}
