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
    /// The backward's parameters follow the <c>[Gradient]</c> signature contract: the forward's inputs (tensors and scalars,
    /// in the forward's parameter order), then one input <c>dO</c> per forward output (the output's name with its first
    /// letter upper-cased, after <c>d</c>), then one output per requested input gradient, in the forward's order.
    /// Differentiated so far: programs without intermediates whose statements' right sides are sums of products of loads,
    /// scalars and constants, each under at most one <c>sum</c> without <c>where</c> ranges (so a generated backward of
    /// such a forward can be differentiated again) — every <c>[Einsum]</c> without a diagonal in a differentiated operand, a
    /// broadcast axis or <c>...</c>; an input that appears in several factors gets one term per appearance, and a scalar
    /// factor's gradient is a full sum (a rank-0 result). Anything else gets a reason instead of a program.
    /// </remarks>
    public static class GradientDerivation
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
            if (forward.HasEllipsis) return Fail("'...' (broadcast dimensions are not differentiated yet)");
            if (forward.ReturnsScalar) return Fail("a forward that returns its rank-0 result (declare it with an output tensor of shape [1])");
            if (forward.Tensors.Any(t => t.Kind == ProgramTensorKind.Intermediate))
            {
                return Fail("an intermediate tensor (only programs whose statements read their inputs alone are differentiated so far)");
            }
            // Every statement's right side as a sum of terms Σ[summed](f1 · f2 · …), each factor a load, scalar or constant.
            var terms = new List<Term>();
            foreach (var statement in forward.Statements)
            {
                var parts = new List<BoundExpr>();
                Addends(statement.Value, parts);
                foreach (var part in parts)
                {
                    var (summed, factors) = Decompose(part);
                    if (factors is null) return Fail($"the right side of '{BoundProgramText.Statement(forward, statement)}' (only sums of products of tensor elements, scalars and constants, each under at most one sum without 'where', are differentiated so far)");
                    terms.Add(new Term(statement.Target, statement.Indices, statement.Indices.Concat(summed).Distinct().ToList(), factors));
                }
            }

            // The backward's parameter ordinals: the forward's inputs and scalars keep their relative order; then the
            // output gradients, in the forward's order; then the input gradients.
            var forwardInputs = Inputs(forward);
            var tensors = forward.Tensors.ToList();
            var scalars = forward.Scalars.ToList();
            int next = 0;
            foreach (var p in forwardInputs)
            {
                if (p.Tensor >= 0) tensors[p.Tensor] = tensors[p.Tensor] with { Parameter = next++ };
                else scalars[p.Scalar] = scalars[p.Scalar] with { Parameter = next++ };
            }
            // Each output becomes the input dO at the same tensor index, so its axis uses carry over unchanged.
            foreach (int o in Enumerable.Range(0, forward.Tensors.Count).Where(i => forward.Tensors[i].Kind == ProgramTensorKind.Output).OrderBy(i => forward.Tensors[i].Parameter))
            {
                var outTensor = forward.Tensors[o];
                tensors[o] = new ProgramTensor(GradientName(outTensor.Name), ProgramTensorKind.Input, outTensor.Rank, next++, EquatableArray<string>.Empty);
            }

            var uses = forward.Uses.ToList();
            var statements = new List<BoundStatement>();
            int fresh = 0;
            // The differentiable inputs in the forward's parameter order: tensors, and element scalars (whose gradient is a
            // rank-0 result, passed as a tensor of shape [1]).
            foreach (var (name, _, t, sc, differentiable) in forwardInputs)
            {
                if (!differentiable || !requested.Contains(name)) continue;
                bool Reads(BoundExpr f) => sc >= 0 ? f is ScalarExpr e && e.Scalar == sc : f is LoadExpr l && l.Tensor == t;
                var reads = terms.SelectMany(term => term.Factors.Where(Reads)).ToList();
                if (reads.Count == 0) return Fail($"{(sc >= 0 ? "scalar" : "input")} '{name}' does not appear in the product");
                foreach (var read in reads.OfType<LoadExpr>())
                {
                    if (read.Indices.Distinct().Count() != read.Indices.Count) return Fail($"input '{name}' is read on a diagonal ({name}[{string.Join(",", read.Indices)}]; not yet)");
                }
                var indices = sc >= 0 ? EquatableArray<string>.Empty : ((LoadExpr)reads[0]).Indices;

                int gradient = tensors.Count;
                tensors.Add(new ProgramTensor(GradientName(name), ProgramTensorKind.Output, indices.Count, -1, indices));
                if (sc < 0)
                {
                    foreach (var use in forward.Uses.Where(u => u.Tensor == t)) uses.Add(use with { Tensor = gradient });
                }

                // d(input)[indices] = Σ over its reads, in every term of every statement, of: Σ over every other index of
                // dO[output indices] · (the term's product without that read), with the read's indices renamed to the
                // gradient's own (and any other index that would collide with them renamed apart): x[a,b]·x[b,c] gives
                // two terms. A scalar's gradient sums over every index.
                BoundExpr? value = null;
                foreach (var term in terms)
                {
                    foreach (var read in term.Factors.Where(Reads))
                    {
                        var map = new Dictionary<string, string>();
                        var readIndices = read is LoadExpr load ? load.Indices : EquatableArray<string>.Empty;
                        for (int k = 0; k < indices.Count; k++) map[readIndices[k]] = indices[k];
                        foreach (var other in term.All.Where(i => !readIndices.Contains(i) && indices.Contains(i)))
                        {
                            // A name the term does not use yet: the forward may itself be a backward with primed names.
                            string renamed;
                            do renamed = IndexNames.Origin(other) + "'" + (1000 + ++fresh).ToString(System.Globalization.CultureInfo.InvariantCulture);
                            while (term.All.Contains(renamed) || indices.Contains(renamed));
                            map[other] = renamed;
                        }
                        BoundExpr product = ExprFacts.Rename(new LoadExpr(term.Output, term.OutputIndices), map);
                        foreach (var f in term.Factors)
                        {
                            if (!ReferenceEquals(f, read)) product = new BinaryExpr(BinaryOp.Multiply, product, ExprFacts.Rename(f, map));
                        }
                        var sum = term.All.Select(i => map.TryGetValue(i, out var r) ? r : i).Distinct().Where(i => !indices.Contains(i)).ToArray();
                        BoundExpr part = sum.Length == 0 ? product : new ReduceExpr(ReductionKind.Sum, new EquatableArray<string>(sum), EquatableArray<IndexRange>.Empty, product);
                        value = value is null ? part : new BinaryExpr(BinaryOp.Add, value, part);
                    }
                }
                statements.Add(new BoundStatement(gradient, indices, value!, 0, 0, accumulate));
            }
            if (statements.Count == 0) return Fail("no input gradient is requested");

            // The input gradients take the ordinals after the output gradients, in the forward's order.
            for (int st = 0; st < statements.Count; st++)
            {
                int target = statements[st].Target;
                tensors[target] = tensors[target] with { Parameter = next++ };
            }

            var draft = forward with
            {
                Tensors = new EquatableArray<ProgramTensor>(tensors.ToArray()),
                Scalars = new EquatableArray<ProgramScalar>(scalars.ToArray()),
                Uses = new EquatableArray<AxisUse>(uses.ToArray()),
                Statements = new EquatableArray<BoundStatement>(statements.ToArray()),
            };
            // The text is the statements in the language, one per line, each statement spanning its own line.
            var lines = statements.Select(s => BoundProgramText.Statement(draft, s)).ToList();
            var placed = new List<BoundStatement>();
            int start = 0;
            for (int s = 0; s < statements.Count; s++)
            {
                placed.Add(statements[s] with { Start = start, Length = lines[s].Length });
                start += lines[s].Length + 1;
            }
            return new GradientResult(draft with { Text = string.Join("\n", lines), Statements = new EquatableArray<BoundStatement>(placed.ToArray()) }, null);
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

        // One addend of a statement's right side: Σ over All but OutputIndices of the product of Factors, written to Output.
        private sealed record Term(int Output, EquatableArray<string> OutputIndices, List<string> All, List<BoundExpr> Factors);

        // The addends of a sum of terms (a + b + c); subtraction and everything else is one addend.
        private static void Addends(BoundExpr e, List<BoundExpr> parts)
        {
            if (e is BinaryExpr { Op: BinaryOp.Add } add)
            {
                Addends(add.Left, parts);
                Addends(add.Right, parts);
            }
            else
            {
                parts.Add(e);
            }
        }

        // A right side Σ[summed](f1 · f2 · …) or f1 · f2 · …, each factor a load, a scalar or a constant; null factors otherwise.
        private static (IReadOnlyList<string> Summed, List<BoundExpr>? Factors) Decompose(BoundExpr value)
        {
            var summed = new List<string>();
            if (value is ReduceExpr reduce)
            {
                if (reduce.Kind != ReductionKind.Sum || reduce.Ranges.Count > 0) return (summed, null);
                summed.AddRange(reduce.Indices);
                value = reduce.Body;
            }
            var factors = new List<BoundExpr>();
            return Collect(value, factors) ? (summed, factors) : (summed, null);
        }

        private static bool Collect(BoundExpr e, List<BoundExpr> factors)
        {
            switch (e)
            {
                case BinaryExpr { Op: BinaryOp.Multiply } b:
                    return Collect(b.Left, factors) && Collect(b.Right, factors);
                case LoadExpr:
                case ScalarExpr:
                case ConstExpr:
                    factors.Add(e);
                    return true;
                default:
                    return false;
            }
        }
    }
}
