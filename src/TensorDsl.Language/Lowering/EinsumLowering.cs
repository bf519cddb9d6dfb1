using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Einsum;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Lowering
{
    /// <summary>
    /// Lowers an einsum to the one bound IR (docs/design.md §3): a program of one statement,
    /// <c>out[output labels] = sum[summed labels](in0[…] · in1[…] · …)</c>, with NumPy's rules carried by the IR itself — a
    /// repeated label in one operand is a load with a repeated index (a diagonal), <c>...</c> is the
    /// <see cref="IndexNames.Ellipsis"/> group (summed when the output omits it), an axis of length 1 broadcasts
    /// (<see cref="BoundProgram.Broadcasting"/>), <c>Accumulate</c> is the statement's <c>+=</c>, a rank-0 result has no
    /// left-side index, and <c>[Dim]</c> sizes are the classes' static sizes. The einsum spec keeps its own parser as a
    /// front end; everything after this — planning, emitting, checking shapes at the call, interpreting — is the program's.
    /// </summary>
    public static class EinsumLowering
    {
        /// <summary>Lowers <paramref name="spec"/>.</summary>
        /// <param name="spec">The parsed spec.</param>
        /// <param name="element">The element type.</param>
        /// <param name="operandNames">The operands' names, in spec order (the parameter ordinals are their positions).</param>
        /// <param name="outputName">The output parameter's name (ordinal: the operand count), or null when the method returns
        /// its rank-0 result (named <c>result</c>, parameter −1).</param>
        /// <param name="accumulate">Add into the output instead of overwriting it.</param>
        /// <param name="dims">Static sizes, by label.</param>
        /// <param name="shareByName">Operands of one name are one tensor, read once per operand (an [EquivariantPolynomial]'s x
        /// as its gradient sees it: one parameter whose gradient sums every edge's term). Otherwise each operand is its own
        /// tensor and parameter, as the kernels take them.</param>
        public static BoundProgram Lower(EinsumSpec spec, ElementType element, IReadOnlyList<string> operandNames, string? outputName, bool accumulate,
            EquatableArray<StaticDim> dims, bool shareByName = false)
        {
            int m = spec.Inputs.Count;
            var tensors = new List<ProgramTensor>();
            var tensorOf = new int[m];
            for (int i = 0; i < m; i++)
            {
                int existing = shareByName ? tensors.FindIndex(t => t.Name == operandNames[i]) : -1;
                if (existing >= 0)
                {
                    tensorOf[i] = existing;
                    continue;
                }
                tensorOf[i] = tensors.Count;
                tensors.Add(new ProgramTensor(operandNames[i], ProgramTensorKind.Input, Indices(spec.Inputs[i]).Count, tensors.Count, EquatableArray<string>.Empty));
            }
            int output = tensors.Count;
            var outputIndices = Indices(spec.Output);
            tensors.Add(new ProgramTensor(outputName ?? "result", ProgramTensorKind.Output, outputIndices.Count, outputName is null ? -1 : output,
                new EquatableArray<string>(outputIndices.ToArray())));

            // One size class per label (first-appearance order, as EinsumSpec.Labels numbers them), then the '...' group.
            var names = spec.Labels.Select(c => c.ToString()).ToList();
            bool ellipsis = spec.InputsHaveEllipsis || spec.Output.HasEllipsis;
            if (ellipsis) names.Add(IndexNames.Ellipsis);
            var uses = new List<AxisUse>();
            for (int t = 0; t <= m; t++)
            {
                if (t == m && outputName is null) continue;
                var sub = t < m ? spec.Inputs[t] : spec.Output;
                for (int k = 0; k < sub.Labels.Length; k++)
                {
                    // Axes after the '...' are counted from the end: the group's own length is known only at the call.
                    int axis = sub.HasEllipsis && k >= sub.EllipsisPosition ? k - sub.Labels.Length : k;
                    uses.Add(new AxisUse(t < m ? tensorOf[t] : output, axis, sub.Labels[k].ToString(), names.IndexOf(sub.Labels[k].ToString())));
                }
            }
            var classes = new List<IndexClass>();
            for (int c = 0; c < names.Count; c++)
            {
                var dim = dims.FirstOrDefault(d => d.Index == names[c]);
                int source = dim is null ? uses.FindIndex(u => u.Class == c && u.Tensor < output) : -1;
                classes.Add(new IndexClass(new EquatableArray<string>(new[] { names[c] }), dim?.Size ?? 0, source));
            }

            BoundExpr product = new LoadExpr(tensorOf[0], new EquatableArray<string>(Indices(spec.Inputs[0]).ToArray()));
            for (int i = 1; i < m; i++)
            {
                product = new BinaryExpr(BinaryOp.Multiply, product, new LoadExpr(tensorOf[i], new EquatableArray<string>(Indices(spec.Inputs[i]).ToArray())));
            }
            var summed = spec.SummedLabels.Select(c => c.ToString()).ToList();
            // NumPy: an output without '...' sums the broadcast dimensions ("i...->i" sums all but the first axis).
            if (spec.InputsHaveEllipsis && !spec.Output.HasEllipsis) summed.Add(IndexNames.Ellipsis);
            var value = summed.Count == 0
                ? product
                : new ReduceExpr(ReductionKind.Sum, new EquatableArray<string>(summed.ToArray()), EquatableArray<IndexRange>.Empty, product);
            var statement = new BoundStatement(output, new EquatableArray<string>(outputIndices.ToArray()), value, 0, spec.Text.Length, accumulate);
            return new BoundProgram(spec.Text, element, new EquatableArray<ProgramTensor>(tensors.ToArray()), EquatableArray<ProgramScalar>.Empty,
                new EquatableArray<IndexClass>(classes.ToArray()), new EquatableArray<AxisUse>(uses.ToArray()),
                new EquatableArray<BoundStatement>(new[] { statement }), Broadcasting: true);
        }

        // A subscript's indices in axis order, with the '...' group where it stands.
        private static List<string> Indices(Subscript sub)
        {
            var list = sub.Labels.Select(c => c.ToString()).ToList();
            if (sub.HasEllipsis) list.Insert(sub.EllipsisPosition, IndexNames.Ellipsis);
            return list;
        }
    }
}
