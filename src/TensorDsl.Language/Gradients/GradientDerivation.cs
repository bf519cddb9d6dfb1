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
    /// Differentiated so far: statements whose right side is a product of loads, scalars and constants, under at most one
    /// <c>sum</c> without <c>where</c> ranges — every <c>[Einsum]</c> without a diagonal in a differentiated operand, a
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
            if (forward.Statements.Count != 1)
            {
                return Fail($"a program of {forward.Statements.Count} statements (only single-statement products are differentiated so far)");
            }
            var statement = forward.Statements[0];
            if (forward.HasEllipsis) return Fail("'...' (broadcast dimensions are not differentiated yet)");
            if (forward.ReturnsScalar) return Fail("a forward that returns its rank-0 result (declare it with an output tensor of shape [1])");
            var (summed, factors) = Decompose(statement.Value);
            if (factors is null) return Fail($"the right side of '{BoundProgramText.Statement(forward, statement)}' (only a product of tensor elements, scalars and constants under one sum, without 'where', is differentiated so far)");

            // The backward's parameter ordinals: the forward's inputs and scalars keep their relative order; then the
            // output gradients; then the input gradients.
            var forwardInputs = forward.Tensors.Select((t, i) => (t, i)).Where(x => x.t.Kind == ProgramTensorKind.Input).Select(x => (Parameter: x.t.Parameter, Tensor: x.i, Scalar: -1))
                .Concat(forward.Scalars.Select((s, i) => (Parameter: s.Parameter, Tensor: -1, Scalar: i)))
                .OrderBy(x => x.Parameter).ToList();
            var tensors = forward.Tensors.ToList();
            var scalars = forward.Scalars.ToList();
            int next = 0;
            foreach (var p in forwardInputs)
            {
                if (p.Tensor >= 0) tensors[p.Tensor] = tensors[p.Tensor] with { Parameter = next++ };
                else scalars[p.Scalar] = scalars[p.Scalar] with { Parameter = next++ };
            }
            // The output becomes the input dO at the same tensor index, so its axis uses carry over unchanged.
            int output = statement.Target;
            var outTensor = forward.Tensors[output];
            tensors[output] = new ProgramTensor(GradientName(outTensor.Name), ProgramTensorKind.Input, outTensor.Rank, next++, EquatableArray<string>.Empty);

            var uses = forward.Uses.ToList();
            var statements = new List<BoundStatement>();
            var all = statement.Indices.Concat(summed).Distinct().ToList();
            var loads = factors.OfType<LoadExpr>().ToList();
            int fresh = 0;
            // The differentiable inputs in the forward's parameter order: tensors, and element scalars (whose gradient is a
            // rank-0 result, passed as a tensor of shape [1]).
            var order = forward.Tensors.Select((t, i) => (t.Parameter, Tensor: i, Scalar: -1)).Where(x => forward.Tensors[x.Tensor].Kind == ProgramTensorKind.Input)
                .Concat(forward.Scalars.Select((sc, i) => (sc.Parameter, Tensor: -1, Scalar: i)).Where(x => forward.Scalars[x.Scalar].Kind == ScalarKind.Element))
                .OrderBy(x => x.Parameter).ToList();
            foreach (var (_, t, sc) in order)
            {
                if (sc >= 0)
                {
                    var scalar = forward.Scalars[sc];
                    if (!requested.Contains(scalar.Name)) continue;
                    var reads = factors.Where(f => f is ScalarExpr e && e.Scalar == sc).ToList();
                    if (reads.Count == 0) return Fail($"scalar '{scalar.Name}' does not appear in the product");
                    int target = tensors.Count;
                    tensors.Add(new ProgramTensor(GradientName(scalar.Name), ProgramTensorKind.Output, 0, -1, EquatableArray<string>.Empty));
                    // dS = Σ over every index of dO · (the product without that read), once per read.
                    BoundExpr? total = null;
                    foreach (var read in reads)
                    {
                        BoundExpr product = new LoadExpr(output, statement.Indices);
                        foreach (var f in factors)
                        {
                            if (!ReferenceEquals(f, read)) product = new BinaryExpr(BinaryOp.Multiply, product, f);
                        }
                        BoundExpr term = all.Count == 0 ? product : new ReduceExpr(ReductionKind.Sum, new EquatableArray<string>(all.ToArray()), EquatableArray<IndexRange>.Empty, product);
                        total = total is null ? term : new BinaryExpr(BinaryOp.Add, total, term);
                    }
                    statements.Add(new BoundStatement(target, EquatableArray<string>.Empty, total!, 0, 0, accumulate));
                    continue;
                }
                var input = forward.Tensors[t];
                if (!requested.Contains(input.Name)) continue;
                var own = loads.Where(l => l.Tensor == t).ToList();
                if (own.Count == 0) return Fail($"input '{input.Name}' does not appear in the product");
                foreach (var load in own)
                {
                    if (load.Indices.Distinct().Count() != load.Indices.Count) return Fail($"input '{input.Name}' is read on a diagonal ({input.Name}[{string.Join(",", load.Indices)}]; not yet)");
                }
                var indices = own[0].Indices;

                int gradient = tensors.Count;
                tensors.Add(new ProgramTensor(GradientName(input.Name), ProgramTensorKind.Output, input.Rank, -1, indices));
                foreach (var use in forward.Uses.Where(u => u.Tensor == t)) uses.Add(use with { Tensor = gradient });

                // d(input)[indices] = Σ over its occurrences of: Σ over every other index of dO[output indices] · (the
                // product without that occurrence), with the occurrence's indices renamed to the gradient's own (and any
                // other index that would collide with them renamed apart): x[a,b]·x[b,c] gives two terms.
                BoundExpr? value = null;
                foreach (var occurrence in own)
                {
                    var map = new Dictionary<string, string>();
                    for (int a = 0; a < indices.Count; a++) map[occurrence.Indices[a]] = indices[a];
                    foreach (var other in all.Where(i => !occurrence.Indices.Contains(i) && indices.Contains(i)))
                    {
                        map[other] = IndexNames.Origin(other) + "'" + (1000 + ++fresh).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    BoundExpr product = ExprFacts.Rename(new LoadExpr(output, statement.Indices), map);
                    foreach (var f in factors)
                    {
                        if (ReferenceEquals(f, occurrence)) continue;
                        product = new BinaryExpr(BinaryOp.Multiply, product, ExprFacts.Rename(f, map));
                    }
                    var sum = all.Select(i => map.TryGetValue(i, out var r) ? r : i).Distinct().Where(i => !indices.Contains(i)).ToArray();
                    BoundExpr term = sum.Length == 0 ? product : new ReduceExpr(ReductionKind.Sum, new EquatableArray<string>(sum), EquatableArray<IndexRange>.Empty, product);
                    value = value is null ? term : new BinaryExpr(BinaryOp.Add, value, term);
                }
                statements.Add(new BoundStatement(gradient, indices, value!, 0, 0, accumulate));
            }
            if (statements.Count == 0) return Fail("no input gradient is requested");

            // The input gradients take the ordinals after the output gradient, in the forward's order.
            for (int s = 0; s < statements.Count; s++)
            {
                int t = statements[s].Target;
                tensors[t] = tensors[t] with { Parameter = next++ };
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

        private static GradientResult Fail(string reason) => new(null, reason);

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
