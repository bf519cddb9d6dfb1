using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Programs.Binding
{
    /// <summary>The result of binding: the program (null when an error was found) and every diagnostic.</summary>
    public sealed record ProgramBindResult(BoundProgram? Program, EquatableArray<LanguageDiagnostic> Diagnostics);

    /// <summary>
    /// Binds a <c>[TensorProgram]</c> to its method: names to parameters (or intermediates), indices to size classes,
    /// Einstein shorthand to explicit sums, <c>where</c> constraints to index ranges. Pure function of the text, the
    /// signature and the <c>[Dim]</c>s; the analyzer reports its diagnostics and the generator emits only when it
    /// finds no error. The interpreter binds with a synthetic signature built from its arguments.
    /// </summary>
    public sealed partial class ProgramBinder
    {
        private readonly string _text;
        private readonly MethodSignature _method;
        private readonly List<LanguageDiagnostic> _diagnostics = new List<LanguageDiagnostic>();
        private readonly List<ProgramTensor> _tensors = new List<ProgramTensor>();
        private readonly List<ProgramScalar> _scalars = new List<ProgramScalar>();
        private readonly Dictionary<string, int> _tensorByName = new Dictionary<string, int>();
        private readonly Dictionary<string, int> _scalarByName = new Dictionary<string, int>();
        private readonly Dictionary<string, int> _laterTargets = new Dictionary<string, int>();
        private readonly Dictionary<int, (int Rank, string Text)> _firstUse = new Dictionary<int, (int, string)>();
        private readonly HashSet<int> _assigned = new HashSet<int>();
        private readonly List<(int Tensor, int Axis, string Index, int Start, int Length)> _axisUses = new List<(int, int, string, int, int)>();
        private readonly IndexUnion _union = new IndexUnion();
        private readonly Dictionary<string, (int Start, int Length)> _indexFirstSeen = new Dictionary<string, (int, int)>();

        private ProgramBinder(string text, MethodSignature method)
        {
            _text = text;
            _method = method;
        }

        /// <summary>Binds <paramref name="text"/> to <paramref name="method"/> with the static sizes <paramref name="dims"/>.</summary>
        public static ProgramBindResult Bind(string text, MethodSignature method, EquatableArray<StaticDim> dims)
        {
            var parse = ProgramParser.Parse(text ?? "");
            var binder = new ProgramBinder(text ?? "", method);
            binder._diagnostics.AddRange(parse.Diagnostics);
            binder.CheckMethod();
            BoundProgram? program = null;
            if (parse.Program is not null)
            {
                // Statements that parsed are bound even when others did not, so that one build reports every error.
                program = binder.BindProgram(parse.Program, parse.Broken, dims);
            }
            bool failed = binder.ErrorCount > 0;
            return new ProgramBindResult(failed ? null : program, new EquatableArray<LanguageDiagnostic>(binder._diagnostics.ToArray()));
        }

        private ElementType _element = ElementType.Other;
        private int _statement;
        private readonly HashSet<string> _clashes = new HashSet<string>();
        private readonly HashSet<string> _rejected = new HashSet<string>(); // parameters already reported (TDSL0006)
        private readonly HashSet<string> _failedTargets = new HashSet<string>();

        // A statement that did not parse and does not start with a name could have defined any name: reading an
        // undefined name is then not reported, since it may be a consequence of that statement's syntax error.
        private bool _brokenWithoutTarget;

        // A [Dim] naming an unused index is a warning (as for [Einsum]); every other diagnostic here is an error.
        private int ErrorCount => _diagnostics.Count(d => d.Id != DiagnosticIds.DimUnknownIndex);

        private void CheckMethod()
        {
            _diagnostics.AddRange(MethodShapeRules.Check(_method));
            if (!_method.ReturnsVoid)
            {
                _diagnostics.Add(new LanguageDiagnostic(DiagnosticIds.MethodShape,
                    $"Method '{_method.Name}' returns '{_method.ReturnTypeDisplay}'; a [TensorProgram] method returns void and writes its TensorSpan<T> outputs",
                    DiagnosticTarget.ReturnType, 0, 0, -1));
            }
            for (int p = 0; p < _method.Parameters.Count; p++)
            {
                var parameter = _method.Parameters[p];
                switch (parameter.Kind)
                {
                    case ParameterKind.ReadOnlyTensor:
                    case ParameterKind.Tensor:
                    case ParameterKind.Scalar:
                        if (parameter.Element == ElementType.Other)
                        {
                            Report(DiagnosticIds.UnsupportedParameter, p, $"Parameter '{parameter.Name}' has type '{parameter.TypeDisplay}'; tensors hold float or double");
                            break;
                        }
                        if (_element == ElementType.Other) _element = parameter.Element;
                        else if (_element != parameter.Element)
                        {
                            Report(DiagnosticIds.UnsupportedParameter, p,
                                $"Parameter '{parameter.Name}' has type '{parameter.TypeDisplay}' but earlier parameters use {Keyword(_element)}; every tensor and scalar of a program has one element type");
                            break;
                        }
                        if (parameter.Kind == ParameterKind.Scalar)
                        {
                            _scalarByName[parameter.Name] = _scalars.Count;
                            _scalars.Add(new ProgramScalar(parameter.Name, ScalarKind.Element, p));
                        }
                        else
                        {
                            var kind = parameter.Kind == ParameterKind.Tensor ? ProgramTensorKind.Output : ProgramTensorKind.Input;
                            _tensorByName[parameter.Name] = _tensors.Count;
                            _tensors.Add(new ProgramTensor(parameter.Name, kind, -1, p, EquatableArray<string>.Empty));
                        }
                        break;
                    case ParameterKind.Integer:
                        _scalarByName[parameter.Name] = _scalars.Count;
                        _scalars.Add(new ProgramScalar(parameter.Name, ScalarKind.Integer, p));
                        break;
                    default:
                        Report(DiagnosticIds.UnsupportedParameter, p,
                            $"Parameter '{parameter.Name}' has type '{parameter.TypeDisplay}'; a [TensorProgram] takes ReadOnlyTensorSpan<T> inputs, TensorSpan<T> outputs, T scalars and int window bounds");
                        break;
                }
            }
        }

        private static string Keyword(ElementType e) => e == ElementType.Double ? "double" : "float";

        private void Report(string id, int parameter, string message)
        {
            _diagnostics.Add(new LanguageDiagnostic(id, message, DiagnosticTarget.Parameter, 0, 0, parameter));
            if (id == DiagnosticIds.UnsupportedParameter) _rejected.Add(_method.Parameters[parameter].Name);
        }

        private void ReportAt(string id, int start, int length, string message)
            => _diagnostics.Add(LanguageDiagnostic.AtSpec(id, start, length, message));

        private BoundProgram? BindProgram(ProgramSyntax program, EquatableArray<BrokenStatementSyntax> broken, EquatableArray<StaticDim> dims)
        {
            // What a statement with a syntax error was meant to define counts as failed: reading it, or an output it
            // assigns, is no new error.
            foreach (var statement in broken)
            {
                if (statement.Targets.Count == 0) _brokenWithoutTarget = true;
                foreach (var name in statement.Targets) _failedTargets.Add(name);
            }

            // Names assigned later, for a helpful "defined by a later statement" message.
            for (int s = 0; s < program.Statements.Count; s++)
            {
                string name = program.Statements[s].Target.Name;
                if (!_laterTargets.ContainsKey(name)) _laterTargets[name] = s;
            }

            var statements = new List<BoundStatement>();
            for (int s = 0; s < program.Statements.Count; s++)
            {
                int before = _diagnostics.Count;
                _statement = s;
                var bound = BindStatement(program.Statements[s], s);
                if (bound is not null && _diagnostics.Count == before) statements.Add(bound);
                else _failedTargets.Add(program.Statements[s].Target.Name);
            }

            for (int t = 0; t < _tensors.Count; t++)
            {
                // With a statement that did not parse, any output may be the one it was meant to assign ('oi,c] = …').
                if (_tensors[t].Kind == ProgramTensorKind.Output && !_assigned.Contains(t) && !_failedTargets.Contains(_tensors[t].Name) && broken.Count == 0)
                {
                    Report(DiagnosticIds.InvalidAssignment, _tensors[t].Parameter,
                        $"Output '{_tensors[t].Name}' is never assigned; add a statement '{_tensors[t].Name}[…] = …'" + MisspelledTarget(_tensors[t].Name));
                }
            }

            // A [Dim] may name an index used only by a statement that did not parse: no "unused" warning then.
            var classes = BuildClasses(dims, reportUnusedDims: broken.Count == 0);
            if (_element == ElementType.Other) _element = ElementType.Float;
            if (ErrorCount > 0 || classes is null) return null;

            var uses = new List<AxisUse>();
            var seen = new HashSet<(int, int, int)>();
            foreach (var use in _axisUses)
            {
                int cls = _union.ClassIndex(use.Index);
                if (seen.Add((use.Tensor, use.Axis, cls))) uses.Add(new AxisUse(use.Tensor, use.Axis, use.Index, cls));
            }
            return new BoundProgram(_text, _element, new EquatableArray<ProgramTensor>(_tensors.ToArray()),
                new EquatableArray<ProgramScalar>(_scalars.ToArray()), classes.Value, new EquatableArray<AxisUse>(uses.ToArray()),
                new EquatableArray<BoundStatement>(statements.ToArray()));
        }

        // "Output 'o' is never assigned": when a statement assigns a name that differs from it only by a typo or case,
        // that statement defines an intermediate instead; say so.
        private string MisspelledTarget(string output)
        {
            var intermediates = _tensors.Where(t => t.Kind == ProgramTensorKind.Intermediate).Select(t => t.Name);
            var near = intermediates.FirstOrDefault(name => NameSuggestions.Nearest(name, new[] { output }) is not null);
            return near is null ? "" : $"; the statement assigning '{near}' defines an intermediate — did you mean '{output}'?";
        }

        private BoundStatement? BindStatement(StatementSyntax statement, int ordinal)
        {
            var target = statement.Target;
            var lhs = target.Indices.Select(i => i.Name).ToList();
            for (int i = 0; i < target.Indices.Count; i++)
            {
                SeeIndex(target.Indices[i]);
                for (int k = 0; k < i; k++)
                {
                    if (target.Indices[k].Name == target.Indices[i].Name)
                    {
                        ReportAt(DiagnosticIds.InvalidAssignment, target.Indices[i].Start, target.Indices[i].Length,
                            $"Index '{target.Indices[i].Name}' appears twice on the left side of '{target.Name}'; each left-side index names one axis");
                        return null;
                    }
                }
            }
            if (target.Indices.Count == 0)
            {
                ReportAt(DiagnosticIds.InvalidAssignment, target.Start, target.Length, $"'{target.Name}[]' has no index; a statement defines a tensor of rank 1 or more");
                return null;
            }

            if (statement.Value is GauntSyntax gaunt && statement.Constraints.Count > 0)
            {
                var at = statement.Constraints[0];
                ReportAt(DiagnosticIds.ProgramSyntax, at.Start, at.Length, "A gaunt[…] statement takes no 'where' clause: it has no summed index to restrict");
                return null;
            }

            // Bind the right side before the target exists, so that 's[i] = s[i] + 1' reads as an unknown name.
            var value = statement.Value is GauntSyntax call ? BindGaunt(call, target) : BindExpr(statement.Value);
            if (value is null) return null;

            int targetId = DefineTarget(target, lhs);
            if (targetId < 0) return null;

            var free = ExprFacts.FreeIndices(value);
            var missing = free.Where(i => !lhs.Contains(i)).ToList();
            if (missing.Count > 0 && IsSingleProduct(statement.Value))
            {
                // Einstein shorthand: a single product sums the indices the left side lacks.
                value = new ReduceExpr(ReductionKind.Sum, new EquatableArray<string>(missing.ToArray()), EquatableArray<IndexRange>.Empty, value);
                missing.Clear();
            }
            foreach (var index in missing)
            {
                var at = FirstOccurrence(statement.Value, index);
                ReportAt(DiagnosticIds.UnboundIndex, at.Start, at.Length,
                    $"Index '{index}' is free on the right side of '{target.Name}[{string.Join(",", lhs)}]' but not on the left; add it to the left side or reduce it with sum[{index}](…) or max[{index}](…)");
                return null;
            }
            if (statement.Constraints.Count > 0)
            {
                value = BindConstraints(statement, lhs, value);
                if (value is null) return null;
            }

            // After the ranges: a left index that only bounds a range (o[i] = sum[j](v[j]) where j <= i) is used.
            free = ExprFacts.FreeIndices(value);
            foreach (var index in target.Indices)
            {
                if (!free.Contains(index.Name))
                {
                    ReportAt(DiagnosticIds.UnboundIndex, index.Start, index.Length,
                        $"Index '{index.Name}' of '{target.Name}' appears nowhere on the right side, so nothing determines '{target.Name}' along it");
                    return null;
                }
            }
            return new BoundStatement(targetId, new EquatableArray<string>(lhs.ToArray()), value, statement.Start, statement.Length);
        }

        private int DefineTarget(TensorRefSyntax target, List<string> lhs)
        {
            if (_scalarByName.ContainsKey(target.Name))
            {
                ReportAt(DiagnosticIds.InvalidAssignment, target.Start, target.NameLength, $"'{target.Name}' is a scalar parameter and cannot be assigned");
                return -1;
            }
            if (_tensorByName.TryGetValue(target.Name, out int id))
            {
                var tensor = _tensors[id];
                if (tensor.Kind == ProgramTensorKind.Input)
                {
                    ReportAt(DiagnosticIds.InvalidAssignment, target.Start, target.NameLength,
                        $"'{target.Name}' is an input (ReadOnlyTensorSpan) and cannot be assigned; outputs are TensorSpan<T> parameters");
                    return -1;
                }
                if (_assigned.Contains(id))
                {
                    ReportAt(DiagnosticIds.InvalidAssignment, target.Start, target.NameLength,
                        $"'{target.Name}' is assigned twice; every tensor of a program is defined by exactly one statement");
                    return -1;
                }
                _assigned.Add(id);
                _tensors[id] = tensor with { Rank = lhs.Count, Indices = new EquatableArray<string>(lhs.ToArray()) };
                if (tensor.Kind == ProgramTensorKind.Output)
                {
                    for (int a = 0; a < target.Indices.Count; a++)
                    {
                        _axisUses.Add((id, a, target.Indices[a].Name, target.Indices[a].Start, target.Indices[a].Length));
                    }
                }
                return id;
            }
            id = _tensors.Count;
            _tensors.Add(new ProgramTensor(target.Name, ProgramTensorKind.Intermediate, lhs.Count, -1, new EquatableArray<string>(lhs.ToArray())));
            _tensorByName[target.Name] = id;
            _assigned.Add(id);
            return id;
        }

        // A single product: the right side is a tree of '*' (a lone factor counts) with no sum/max/softmax inside.
        private static bool IsSingleProduct(ExprSyntax e) => e switch
        {
            BinarySyntax { Operator: '*' } b => IsSingleProduct(b.Left) && IsSingleProduct(b.Right),
            TensorRefSyntax or NameSyntax or NumberSyntax => true,
            NegateSyntax n => IsSingleProduct(n.Operand),
            _ => false,
        };

        private void SeeIndex(IndexSyntax index)
        {
            if (_scalarByName.ContainsKey(index.Name) && _clashes.Add(index.Name))
            {
                // An index named like a scalar parameter would be ambiguous in 'where' bounds.
                ReportAt(DiagnosticIds.UnboundIndex, index.Start, index.Length,
                    $"Index '{index.Name}' has the name of the scalar parameter '{index.Name}'; rename the index or the parameter");
            }
            if (!_indexFirstSeen.ContainsKey(index.Name)) _indexFirstSeen[index.Name] = (index.Start, index.Length);
            _union.Add(index.Name);
        }

        private static (int Start, int Length) FirstOccurrence(ExprSyntax e, string index)
        {
            switch (e)
            {
                case TensorRefSyntax t:
                    foreach (var i in t.Indices) if (i.Name == index) return (i.Start, i.Length);
                    break;
                case NegateSyntax n:
                    return FirstOccurrence(n.Operand, index);
                case BinarySyntax b:
                {
                    var l = FirstOccurrence(b.Left, index);
                    return l.Length > 0 ? l : FirstOccurrence(b.Right, index);
                }
                case CallSyntax c:
                    foreach (var a in c.Arguments)
                    {
                        var r = FirstOccurrence(a, index);
                        if (r.Length > 0) return r;
                    }
                    break;
                case ReductionSyntax r:
                    return FirstOccurrence(r.Body, index);
            }
            return (e.Start, 0);
        }
    }
}
