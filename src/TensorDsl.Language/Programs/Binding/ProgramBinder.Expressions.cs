using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Programs.Binding
{
    public sealed partial class ProgramBinder
    {
        // ProgramFunctions.Unary, bound.
        private static readonly Dictionary<string, UnaryOp> s_unary = new Dictionary<string, UnaryOp>
        {
            ["exp"] = UnaryOp.Exp, ["log"] = UnaryOp.Log, ["sqrt"] = UnaryOp.Sqrt, ["abs"] = UnaryOp.Abs,
            ["tanh"] = UnaryOp.Tanh, ["sigmoid"] = UnaryOp.Sigmoid, ["relu"] = UnaryOp.Relu, ["step"] = UnaryOp.Step,
        };

        private BoundExpr? BindExpr(ExprSyntax e)
        {
            switch (e)
            {
                case NumberSyntax n:
                    return new ConstExpr(n.Value);
                case NameSyntax name:
                    if (_scalarByName.TryGetValue(name.Name, out int scalar)) return new ScalarExpr(scalar);
                    if (_tensorByName.TryGetValue(name.Name, out int t) && _tensors[t].Kind != ProgramTensorKind.Output)
                    {
                        ReportAt(DiagnosticIds.RankMismatch, name.Start, name.Length,
                            $"'{name.Name}' is a tensor and is used here without indices; write its indices, as in '{name.Name}[i]'");
                        return null;
                    }
                    return UnknownName(name.Name, name.Start, name.Length, indexed: false);
                case TensorRefSyntax tensorRef:
                    return BindTensorRef(tensorRef);
                case NegateSyntax neg:
                {
                    var operand = BindExpr(neg.Operand);
                    return operand is null ? null : new UnaryExpr(UnaryOp.Negate, operand);
                }
                case BinarySyntax b:
                {
                    var left = BindExpr(b.Left);
                    var right = BindExpr(b.Right);
                    if (left is null || right is null) return null;
                    var op = b.Operator switch { '+' => BinaryOp.Add, '-' => BinaryOp.Subtract, '*' => BinaryOp.Multiply, _ => BinaryOp.Divide };
                    return new BinaryExpr(op, left, right);
                }
                case CallSyntax call:
                    return BindCall(call);
                case IndexedCallSyntax indexedCall:
                    return BindIndexedCall(indexedCall);
                case ReductionSyntax r:
                    return BindReduction(r);
                case GauntSyntax g:
                    // A whole right side only (BindStatement binds that case): its result is a tensor over its own harmonic index.
                    ReportAt(DiagnosticIds.ProgramSyntax, g.Start, g.Length,
                        "gaunt[…](…) is a whole right side: assign it to an intermediate in a statement of its own ('h[b,k] = gaunt[2,2,4](x[b,i], y[b,j])') and use that");
                    foreach (var a in g.Arguments) BindExpr(a);
                    return null;
                default:
                    return null;
            }
        }

        /// <summary>Reports a name read where it is not defined. <paramref name="indexed"/>: read as a tensor (<c>x[i]</c>), not as a scalar.</summary>
        private BoundExpr? UnknownName(string name, int start, int length, bool indexed)
        {
            // A name whose own statement failed, or a parameter whose type was rejected, was already reported: no follow-on error.
            if (_failedTargets.Contains(name) || _rejected.Contains(name)) return null;
            string message;
            if (_tensorByName.TryGetValue(name, out int t) && _tensors[t].Kind == ProgramTensorKind.Output)
            {
                message = $"'{name}' is an output (TensorSpan); outputs are written, never read — assign the value to an intermediate and read that";
            }
            else if (_laterTargets.TryGetValue(name, out int s) && s == _statement)
            {
                message = $"'{name}' is read by the statement that defines it; a statement cannot read its own result";
            }
            else if (_laterTargets.TryGetValue(name, out s) && s > _statement)
            {
                message = $"'{name}' is used before the statement that defines it; statements run in order";
            }
            else
            {
                // It may be what a statement that did not parse defines.
                if (_brokenWithoutTarget) return null;
                message = $"'{name}' is not a parameter of '{_method.Name}' nor defined by an earlier statement" + DidYouMean(NearestReadable(name, indexed));
            }
            ReportAt(DiagnosticIds.UnknownName, start, length, message);
            return null;
        }

        /// <summary>
        /// The readable name nearest to a misspelled one: for <c>x[i]</c> the inputs and the intermediates defined so far,
        /// for a bare name the scalar parameters (outputs are never read, so never suggested).
        /// </summary>
        private string? NearestReadable(string name, bool indexed)
        {
            var candidates = indexed
                ? _tensors.Where((t, id) => t.Kind == ProgramTensorKind.Input || t.Kind == ProgramTensorKind.Intermediate && _assigned.Contains(id)).Select(t => t.Name)
                : _scalars.Select(s => s.Name);
            return NameSuggestions.Nearest(name, candidates);
        }

        private static string DidYouMean(string? suggestion) => suggestion is null ? "" : $"; did you mean '{suggestion}'?";

        private BoundExpr? BindTensorRef(TensorRefSyntax r)
        {
            foreach (var index in r.Indices) SeeIndex(index);
            if (_scalarByName.ContainsKey(r.Name))
            {
                ReportAt(DiagnosticIds.RankMismatch, r.Start, r.NameLength, $"'{r.Name}' is a scalar parameter and takes no indices");
                return null;
            }
            if (!_tensorByName.TryGetValue(r.Name, out int id) || !_assigned.Contains(id) && _tensors[id].Kind != ProgramTensorKind.Input)
            {
                return UnknownName(r.Name, r.Start, r.NameLength, indexed: true);
            }
            var tensor = _tensors[id];
            if (tensor.Kind == ProgramTensorKind.Output) return UnknownName(r.Name, r.Start, r.NameLength, indexed: true);
            // An intermediate whose statement failed after defining it (an unbound index, say) is not checked again here:
            // its rank or indices may be what that error is about.
            if (tensor.Kind == ProgramTensorKind.Intermediate && _failedTargets.Contains(r.Name)) return null;

            int rank = r.Indices.Count;
            if (tensor.Kind == ProgramTensorKind.Input)
            {
                string written = $"{r.Name}[{string.Join(",", r.Indices.Select(i => i.Name))}]";
                if (_firstUse.TryGetValue(id, out var first))
                {
                    if (first.Rank != rank)
                    {
                        ReportAt(DiagnosticIds.RankMismatch, r.Start, r.Length,
                            $"'{r.Name}' is used with {rank} ind{(rank == 1 ? "ex" : "ices")} here but with {first.Rank} in its first use '{first.Text}'; a tensor has one rank");
                        return null;
                    }
                }
                else
                {
                    _firstUse[id] = (rank, written);
                    _tensors[id] = tensor with { Rank = rank };
                }
                for (int a = 0; a < rank; a++) _axisUses.Add((id, a, r.Indices[a].Name, r.Indices[a].Start, r.Indices[a].Length));
            }
            else
            {
                if (tensor.Rank != rank)
                {
                    ReportAt(DiagnosticIds.RankMismatch, r.Start, r.Length,
                        $"'{r.Name}' is defined with {tensor.Rank} ind{(tensor.Rank == 1 ? "ex" : "ices")} ([{string.Join(",", tensor.Indices)}]) but used here with {rank}");
                    return null;
                }
                // The intermediate's axis ties its defining index to the index used here: one size.
                for (int a = 0; a < rank; a++) _union.Union(tensor.Indices[a], r.Indices[a].Name);
            }
            if (rank == 0)
            {
                ReportAt(DiagnosticIds.RankMismatch, r.Start, r.Length, $"'{r.Name}[]' has no index; tensors in a program have rank 1 or more");
                return null;
            }
            return new LoadExpr(id, new EquatableArray<string>(r.Indices.Select(i => i.Name).ToArray()));
        }

        private BoundExpr? BindCall(CallSyntax call)
        {
            bool known = ProgramFunctions.IsFunction(call.Function);
            if (!known) UnknownFunction(call.Function, call.Start, call.NameLength, indexed: false);
            // Every argument is bound, so that an error in a later one is reported with the first.
            var args = new List<BoundExpr>();
            bool failed = !known;
            foreach (var a in call.Arguments)
            {
                var bound = BindExpr(a);
                if (bound is null) failed = true;
                else args.Add(bound);
            }
            if (failed) return null;
            if (s_unary.TryGetValue(call.Function, out var unary))
            {
                if (args.Count != 1)
                {
                    ReportAt(DiagnosticIds.ProgramSyntax, call.Start, call.Length, $"'{call.Function}' takes one argument; found {args.Count}");
                    return null;
                }
                return new UnaryExpr(unary, args[0]);
            }
            if (call.Function == "max" || call.Function == "min")
            {
                if (args.Count != 2)
                {
                    ReportAt(DiagnosticIds.ProgramSyntax, call.Start, call.Length,
                        $"'{call.Function}(a, b)' takes two arguments; found {args.Count} (a reduction is written '{call.Function}[j](e)')");
                    return null;
                }
                return new BinaryExpr(call.Function == "max" ? BinaryOp.Max : BinaryOp.Min, args[0], args[1]);
            }
            return null; // unreachable: an unknown function failed above
        }

        // 'name[j](e)' with a name that is no reduction: a misspelled reduction, a function written with indices, or a
        // tensor followed by '(' (a missing operator). The operand is still bound for errors of its own.
        private BoundExpr? BindIndexedCall(IndexedCallSyntax call)
        {
            string name = call.Function;
            if (ProgramFunctions.IsFunction(name))
            {
                ReportAt(DiagnosticIds.ProgramSyntax, call.Start, call.NameLength,
                    $"'{name}' is a function, not a reduction, and takes no indices: write '{ProgramFunctions.Usage(name)}'");
            }
            else if (_tensorByName.ContainsKey(name) || _scalarByName.ContainsKey(name) || _laterTargets.ContainsKey(name) || _failedTargets.Contains(name))
            {
                ReportAt(DiagnosticIds.ProgramSyntax, call.Start, call.NameLength,
                    $"'{name}[…]' is followed by '(' without an operator between them; write one, as in '{name}[…] * (…)'");
            }
            else
            {
                UnknownFunction(name, call.Start, call.NameLength, indexed: true);
            }
            BindExpr(call.Body);
            return null;
        }

        /// <summary>
        /// Reports <paramref name="name"/> called as a function (<c>name(e)</c>) or a reduction (<c>name[j](e)</c>,
        /// <paramref name="indexed"/>) that the language does not have, with the nearest name it has.
        /// </summary>
        private void UnknownFunction(string name, int start, int length, bool indexed)
        {
            string message = $"'{name}' is not a function or reduction of the program language";
            var suggestion = ProgramFunctions.Suggest(name, indexed);
            if (suggestion is null)
            {
                message += $" (functions: {string.Join(", ", ProgramFunctions.Functions)}; reductions: {string.Join(", ", ProgramFunctions.Reductions.Select(ProgramFunctions.Usage))})";
            }
            else
            {
                message += $"; did you mean '{suggestion}'?";
                // The suggestion fixes the name; say so when the shape must change too.
                bool reduction = ProgramFunctions.IsReduction(suggestion), function = ProgramFunctions.IsFunction(suggestion);
                if (indexed && !reduction) message += $" (a function, written '{ProgramFunctions.Usage(suggestion)}' without indices)";
                if (!indexed && !function) message += $" (a reduction, written '{ProgramFunctions.Usage(suggestion)}')";
            }
            ReportAt(DiagnosticIds.UnknownName, start, length, message);
        }

        private BoundExpr? BindReduction(ReductionSyntax r)
        {
            var body = BindExpr(r.Body);
            if (body is null) return null;
            var free = ExprFacts.FreeIndices(body);
            var indices = new List<string>();
            string what = r.Kind == ReductionKind.Sum ? "sum" : r.Kind == ReductionKind.Max ? "max" : "softmax";
            foreach (var index in r.Indices)
            {
                SeeIndex(index);
                if (indices.Contains(index.Name))
                {
                    ReportAt(DiagnosticIds.ReductionIndexMissing, index.Start, index.Length, $"Index '{index.Name}' is listed twice in {what}[…]");
                    return null;
                }
                if (!free.Contains(index.Name))
                {
                    ReportAt(DiagnosticIds.ReductionIndexMissing, index.Start, index.Length,
                        $"{what}[{index.Name}] runs over index '{index.Name}' but its operand has only [{string.Join(",", free)}]");
                    return null;
                }
                indices.Add(index.Name);
            }
            return new ReduceExpr(r.Kind, new EquatableArray<string>(indices.ToArray()), EquatableArray<IndexRange>.Empty, body);
        }
    }
}
