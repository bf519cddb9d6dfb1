using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Gradients
{
    /// <summary>What <see cref="GradientDerivation.Derive"/> gives: the backward program, or why there is none.</summary>
    /// <param name="Program">The backward program, or null.</param>
    /// <param name="Reason">Why the forward cannot be differentiated yet (names the statement and the construct), or null.</param>
    public sealed record GradientResult(BoundProgram? Program, string? Reason);

    /// <summary>
    /// Reverse mode on the one bound IR (docs/design.md §2.3, docs/gradients.md): from a forward program, the program that
    /// computes the vector–Jacobian product — given the gradient of a scalar loss with respect to each output, the
    /// gradient with respect to each requested input. The backward is itself a bound program, planned and emitted like any
    /// other: an einsum's gradient is an einsum with the operand replaced by the output's gradient, which the contraction
    /// planner plans again (a matrix product's gradients are two matrix products, not the n-ary contraction recomputed).
    /// </summary>
    /// <remarks>
    /// <para>The backward's parameters follow the <c>[Gradient]</c> signature contract: the forward's inputs (tensors and
    /// scalars, in the forward's parameter order), then one input <c>dO</c> per forward output (the output's name with its
    /// first letter upper-cased, after <c>d</c>), then one output per requested input gradient, in the forward's order.</para>
    /// <para>How it is derived: the forward's intermediates are recomputed (their statements come first, and the planner
    /// stores or fuses them as in any program); then the statements are walked last to first, and the gradient that flows
    /// into each statement's target is pushed through its right side by the chain rule (<see cref="AdjointWalk"/>): a load
    /// of an input or intermediate receives a contribution, summed over every index the contribution has that the tensor
    /// has not. An intermediate's gradient is a statement of its own once every reader has contributed. <c>max</c>
    /// reductions send the gradient to the maximum (split evenly among ties), <c>softmax</c> by p·(g − Σ p·g), <c>where</c>
    /// windows carry over as a window on the gradient's sum, and <c>gaunt[…]</c> statements give Gaunt products with the
    /// roles permuted (the real Gaunt coefficients are symmetric in their three indices).</para>
    /// </remarks>
    public static partial class GradientDerivation
    {
        /// <summary>The name of the gradient of tensor or scalar <paramref name="name"/>: <c>o</c> → <c>dO</c>, <c>k1</c> → <c>dK1</c>.</summary>
        public static string GradientName(string name)
            => name.Length == 0 ? "d" : "d" + char.ToUpperInvariant(name[0]) + name.Substring(1);

        /// <summary>Derives the backward of <paramref name="forward"/> for the inputs named in <paramref name="requested"/>.</summary>
        /// <param name="forward">The forward program.</param>
        /// <param name="requested">Names of the forward inputs whose gradients are wanted, any subset.</param>
        /// <param name="accumulate">Add into the gradients instead of overwriting them.</param>
        public static GradientResult Derive(BoundProgram forward, IReadOnlyList<string> requested, bool accumulate)
        {
            if (forward.ReturnsScalar) return Fail("a forward that returns its rank-0 result (declare it with an output tensor of shape [1])");
            try
            {
                return new GradientResult(new BackwardBuilder(forward).Build(requested, accumulate), null);
            }
            catch (NotDifferentiableException e)
            {
                return Fail(e.Message);
            }
        }

        /// <summary>One parameter of a forward that is not an output: a tensor or a scalar.</summary>
        /// <param name="Name">The parameter's name.</param>
        /// <param name="Parameter">Its ordinal in the forward.</param>
        /// <param name="Tensor">Its index in <see cref="BoundProgram.Tensors"/>, or −1 for a scalar.</param>
        /// <param name="Scalar">Its index in <see cref="BoundProgram.Scalars"/>, or −1 for a tensor.</param>
        /// <param name="Differentiable">A tensor or an element scalar (an <c>int</c> has no gradient).</param>
        internal sealed record ForwardInput(string Name, int Parameter, int Tensor, int Scalar, bool Differentiable);

        /// <summary>The forward's inputs — its tensor inputs and scalars — in parameter order: the contract's first parameters.</summary>
        internal static List<ForwardInput> Inputs(BoundProgram forward)
            => forward.Tensors.Select((t, i) => (t, i)).Where(x => x.t.Kind == ProgramTensorKind.Input && x.t.Parameter >= 0)
                .Select(x => new ForwardInput(x.t.Name, x.t.Parameter, x.i, -1, true))
                .Concat(forward.Scalars.Select((sc, i) => (sc, i)).Where(x => x.sc.Parameter >= 0)
                    .Select(x => new ForwardInput(x.sc.Name, x.sc.Parameter, -1, x.i, x.sc.Kind == ScalarKind.Element)))
                .OrderBy(x => x.Parameter).ToList();

        private static GradientResult Fail(string reason) => new(null, reason);

        /// <summary><paramref name="name"/>, or <c>name2</c>, <c>name3</c>, … where a tensor or scalar already has it.</summary>
        internal static string UniqueName(string name, IEnumerable<ProgramTensor> tensors, IEnumerable<ProgramScalar> scalars)
        {
            bool Taken(string n) => tensors.Any(t => t.Name == n) || scalars.Any(s => s.Name == n);
            string candidate = name;
            for (int n = 2; Taken(candidate); n++) candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return candidate;
        }

        /// <summary>Why a construct of the forward has no derived gradient yet; caught by <see cref="Derive"/>.</summary>
        internal sealed class NotDifferentiableException : System.Exception
        {
            public NotDifferentiableException(string message) : base(message) { }
        }
    }
}
