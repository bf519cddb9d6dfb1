using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Equivariant;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Programs.Binding
{
    public sealed partial class ProgramBinder
    {
        // Harmonic indices of gaunt[…] calls and the size (L + 1)² each fixes, with where it was written: applied to the size
        // classes after the [Dim]s (BuildClasses).
        private readonly List<(string Index, long Size, int Start, int Length, string What)> _harmonics = new();

        /// <summary>
        /// Binds <c>target[…, k] = gaunt[L1,L2,LOut](x[…, i], y[…, j])</c>: three degrees within the Gaunt product's limits
        /// (the same rules and IDs as <c>[GauntProduct]</c>), two tensor elements as operands, each with its harmonic index
        /// last; every other operand index a leading index of the target.
        /// </summary>
        private BoundExpr? BindGaunt(GauntSyntax call, TensorRefSyntax target)
        {
            string usage = "gaunt[L1,L2,LOut](x[…,i], y[…,j])";
            if (call.Degrees.Count != 3)
            {
                ReportAt(DiagnosticIds.ProgramSyntax, call.Start, call.Length,
                    $"'gaunt' takes three degrees, L1, L2 and LOut, as in 'gaunt[2,2,4](x[b,i], y[b,j])'; found {call.Degrees.Count}");
                return null;
            }
            var operands = new List<LoadExpr>();
            var operandSyntax = new List<TensorRefSyntax>();
            bool failed = false;
            foreach (var argument in call.Arguments)
            {
                var bound = BindExpr(argument);
                if (bound is null)
                {
                    failed = true;
                    continue;
                }
                if (bound is not LoadExpr load || argument is not TensorRefSyntax reference)
                {
                    ReportAt(DiagnosticIds.ProgramSyntax, argument.Start, argument.Length,
                        $"An operand of {usage} is a tensor element such as 'x[b,i]'; compute this expression into an intermediate first and pass that");
                    failed = true;
                    continue;
                }
                operands.Add(load);
                operandSyntax.Add(reference);
            }
            if (failed) return null;
            if (call.Arguments.Count != 2)
            {
                ReportAt(DiagnosticIds.ProgramSyntax, call.Start, call.Length, $"{usage} takes two operands; found {call.Arguments.Count}");
                return null;
            }

            long l1 = call.Degrees[0].Value, l2 = call.Degrees[1].Value, lOut = call.Degrees[2].Value;
            if (!CheckDegree(call.Degrees[0], "L1") | !CheckDegree(call.Degrees[1], "L2")) return null;
            if (lOut > l1 + l2)
            {
                var at = call.Degrees[2];
                ReportAt(DiagnosticIds.GauntOutputDegree, at.Start, at.Length,
                    $"LOut = {lOut} exceeds L1 + L2 = {l1 + l2}: G(l1 m1, l2 m2, l3 m3) is zero for l3 > l1 + l2, so every output component of degree above {l1 + l2} would be zero; use LOut ≤ {l1 + l2}");
                return null;
            }

            // The target's last index is the result's harmonic index; the others are the leading indices.
            var leading = target.Indices.Take(target.Indices.Count - 1).Select(i => i.Name).ToList();
            var harmonic = target.Indices[target.Indices.Count - 1];
            var names = new[] { "x", "y" };
            for (int o = 0; o < 2; o++)
            {
                var reference = operandSyntax[o];
                var own = reference.Indices[reference.Indices.Count - 1];
                if (own.Name == harmonic.Name || leading.Contains(own.Name))
                {
                    ReportAt(DiagnosticIds.UnboundIndex, own.Start, own.Length,
                        $"Index '{own.Name}' is the harmonic (last) axis of '{reference.Name}', operand {names[o]} of gaunt[…], and is also an index of '{target.Name}'; the harmonic axes of x, y and the result need three different indices");
                    return null;
                }
                for (int a = 0; a < reference.Indices.Count - 1; a++)
                {
                    var index = reference.Indices[a];
                    if (index.Name == own.Name || reference.Indices.Take(a).Any(i => i.Name == index.Name))
                    {
                        ReportAt(DiagnosticIds.UnboundIndex, index.Start, index.Length,
                            $"Index '{index.Name}' appears twice in '{reference.Name}[{string.Join(",", reference.Indices.Select(i => i.Name))}]'; a gaunt[…] operand has one axis per index");
                        return null;
                    }
                    if (!leading.Contains(index.Name))
                    {
                        ReportAt(DiagnosticIds.UnboundIndex, index.Start, index.Length,
                            $"Index '{index.Name}' of '{reference.Name}' is not a leading index of '{target.Name}[{string.Join(",", target.Indices.Select(i => i.Name))}]'; gaunt[…] is channel-wise: every index of an operand but its last (harmonic) one must be on the left side, and none is summed");
                        return null;
                    }
                }
            }
            var x = operandSyntax[0].Indices;
            var y = operandSyntax[1].Indices;
            if (x[x.Count - 1].Name == y[y.Count - 1].Name)
            {
                var at = y[y.Count - 1];
                ReportAt(DiagnosticIds.UnboundIndex, at.Start, at.Length,
                    $"Index '{at.Name}' is the harmonic axis of both operands of gaunt[…]; x and y need two different harmonic indices (they have {(l1 + 1) * (l1 + 1)} and {(l2 + 1) * (l2 + 1)} components)");
                return null;
            }
            _harmonics.Add((x[x.Count - 1].Name, (l1 + 1) * (l1 + 1), x[x.Count - 1].Start, x[x.Count - 1].Length, $"the harmonic axis of '{operandSyntax[0].Name}' in gaunt[{l1},{l2},{lOut}], (L1 + 1)²"));
            _harmonics.Add((y[y.Count - 1].Name, (l2 + 1) * (l2 + 1), y[y.Count - 1].Start, y[y.Count - 1].Length, $"the harmonic axis of '{operandSyntax[1].Name}' in gaunt[{l1},{l2},{lOut}], (L2 + 1)²"));
            _harmonics.Add((harmonic.Name, (lOut + 1) * (lOut + 1), harmonic.Start, harmonic.Length, $"the harmonic axis of '{target.Name}' = gaunt[{l1},{l2},{lOut}](…), (LOut + 1)²"));
            return new GauntExpr((int)l1, (int)l2, (int)lOut, operands[0], operands[1], harmonic.Name);
        }

        private bool CheckDegree(DegreeSyntax degree, string name)
        {
            if (degree.Value <= GauntProductBinder.MaxInputDegree) return true;
            ReportAt(DiagnosticIds.GauntDegree, degree.Start, degree.Length,
                $"{name} = {degree.Value} is not supported: gaunt[…] input degrees go up to {GauntProductBinder.MaxInputDegree} (the Sparse table for {name} = {degree.Value} would have millions of terms)");
            return false;
        }

        // A harmonic index has the static size (L + 1)²: it joins its size class like a [Dim], and two that disagree (or a
        // [Dim] that does) are reported at the index.
        private void ApplyHarmonicSizes(List<List<string>> groups, long[] statics)
        {
            foreach (var h in _harmonics)
            {
                int g = groups.FindIndex(members => members.Contains(h.Index));
                if (g < 0) continue;
                if (statics[g] != 0 && statics[g] != h.Size)
                {
                    ReportAt(DiagnosticIds.DimConflict, h.Start, h.Length,
                        $"Index '{h.Index}' is {h.What} = {h.Size} elements, but its size is fixed to {statics[g]} elsewhere (indices [{string.Join(",", groups[g])}] share one size)");
                    continue;
                }
                statics[g] = h.Size;
            }
        }
    }
}
