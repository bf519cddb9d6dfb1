using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Generators.Emit.Programs
{
    /// <summary>
    /// Turns a bound expression into C#: reductions become loops written before the point where their value is needed,
    /// and the expression text is returned. Reduced indices get fresh loop variables, so an inner loop never shadows an
    /// outer one. Loop-invariant reductions and softmax normalizers can be hoisted by the caller with <see cref="Hoist"/>.
    /// Shared by the CPU and GPU emitters through <see cref="IProgramDialect"/>.
    /// </summary>
    internal sealed class ProgramExprEmitter
    {
        private readonly CodeWriter _w;
        private readonly ProgramNames _names;
        private readonly BoundProgram _program;
        private readonly IProgramDialect _dialect;
        private readonly Dictionary<BoundExpr, string> _hoisted = new Dictionary<BoundExpr, string>();
        private readonly Dictionary<ReduceExpr, (string Max, string Sum)> _softmaxStats = new Dictionary<ReduceExpr, (string, string)>();
        private int _temp;

        public ProgramExprEmitter(CodeWriter w, ProgramNames names, BoundProgram program, IProgramDialect dialect)
        {
            _w = w;
            _names = names;
            _program = program;
            _dialect = dialect;
        }

        private string T => _names.T;

        private string I => _dialect.IndexType;

        public string Temp(string prefix) => $"{prefix}{++_temp}";

        /// <summary>
        /// How a contraction's value is read inside an epilogue (<see cref="TensorDsl.Language.Programs.Planning.PartExpr"/>);
        /// set by the emitter of an einsum step while it writes that step.
        /// </summary>
        public System.Func<TensorDsl.Language.Programs.Planning.PartExpr, string>? PartElement { get; set; }

        /// <summary>Writes the statements that <paramref name="e"/> needs and returns its value as an expression.</summary>
        public string Emit(BoundExpr e)
        {
            if (_hoisted.TryGetValue(e, out var name)) return name;
            switch (e)
            {
                case ConstExpr c:
                    return _names.Literal(c.Value);
                case ScalarExpr s:
                {
                    var scalar = _program.Scalars[s.Scalar];
                    return scalar.Kind == ScalarKind.Element ? _dialect.ElementScalar(scalar) : $"(({T}){_dialect.IntegerScalar(scalar)})";
                }
                case LoadExpr load:
                    return _dialect.Element(load);
                case UnaryExpr u:
                    return Unary(u.Op, Emit(u.Operand));
                case BinaryExpr b:
                {
                    string left = Emit(b.Left);
                    string right = Emit(b.Right);
                    return b.Op switch
                    {
                        BinaryOp.Add => $"({left} + {right})",
                        BinaryOp.Subtract => $"({left} - {right})",
                        BinaryOp.Multiply => $"({left} * {right})",
                        BinaryOp.Divide => $"({left} / {right})",
                        BinaryOp.Max => $"{Math}.Max({left}, {right})",
                        _ => $"{Math}.Min({left}, {right})",
                    };
                }
                case ReduceExpr { Kind: ReductionKind.Softmax } softmax:
                    return SoftmaxAtPoint(softmax);
                case ReduceExpr r:
                    return Reduce(r);
                case TensorDsl.Language.Programs.Planning.PartExpr part when PartElement is not null:
                    return PartElement(part);
                default:
                    throw new System.InvalidOperationException("unknown expression " + e.GetType().Name);
            }
        }

        /// <summary>The class of the math functions for this element type and backend.</summary>
        public string Math => _dialect.MathClass(T);

        public string Unary(UnaryOp op, string x) => op switch
        {
            UnaryOp.Negate => $"(-{x})",
            UnaryOp.Exp => $"{Math}.Exp({x})",
            UnaryOp.Log => $"{Math}.Log({x})",
            UnaryOp.Sqrt => $"{Math}.Sqrt({x})",
            UnaryOp.Abs => $"{Math}.Abs({x})",
            UnaryOp.Tanh => $"{Math}.Tanh({x})",
            UnaryOp.Sigmoid => $"({_names.Literal(1)} / ({_names.Literal(1)} + {Math}.Exp(-{x})))",
            UnaryOp.Relu => $"{Math}.Max({x}, {_names.Literal(0)})",
            _ => $"({x} > {_names.Literal(0)} ? {_names.Literal(1)} : {_names.Literal(0)})",
        };

        // sum/max: a fresh loop variable per reduced index, the accumulator declared before the loops.
        private string Reduce(ReduceExpr r)
        {
            var fresh = Freshen(r);
            string acc = Temp(r.Kind == ReductionKind.Sum ? "sum" : "max");
            _w.Line($"{T} {acc} = {(r.Kind == ReductionKind.Sum ? _names.Literal(0) : _names.Literal(double.NegativeInfinity))};");
            _w.Line($"// {(r.Kind == ReductionKind.Sum ? "sum" : "max")} over {string.Join(", ", r.Indices.Select(IndexNames.Origin))}");
            Loops(fresh.Indices, fresh.Ranges, () =>
            {
                string body = Emit(fresh.Body);
                if (r.Kind == ReductionKind.Sum)
                {
                    _w.Line($"{acc} += {body};");
                }
                else
                {
                    string t = Temp("v");
                    _w.Line($"{T} {t} = {body};");
                    _w.Line($"if ({t} > {acc}) {acc} = {t};");
                }
            });
            return acc;
        }

        /// <summary>Computes a reduction (or a softmax's normalizers) now, at the current loop level, and reuses the result below.</summary>
        public void Hoist(BoundExpr e)
        {
            if (e is ReduceExpr { Kind: ReductionKind.Softmax } softmax)
            {
                if (!_softmaxStats.ContainsKey(softmax)) _softmaxStats[softmax] = SoftmaxStats(softmax);
                return;
            }
            if (_hoisted.ContainsKey(e)) return;
            string value = Emit(e);
            string name = Temp("h");
            _w.Line($"{T} {name} = {value};");
            _hoisted[e] = name;
        }

        // softmax[R](e) at the current point: exp(e − max) / Σ exp(e − max), 0 outside the admitted range or when nothing is admitted.
        private string SoftmaxAtPoint(ReduceExpr softmax)
        {
            if (!_softmaxStats.TryGetValue(softmax, out var stats)) stats = SoftmaxStats(softmax);
            string e = Emit(softmax.Body);
            string value = Temp("p");
            var inRange = softmax.Ranges.Select(range => $"{Lower(range)} <= {ProgramNames.Index(range.Index)} && {ProgramNames.Index(range.Index)} < {Upper(range)}").ToList();
            string condition = string.Join(" && ", inRange.Prepend($"{stats.Sum} != {_names.Literal(0)}"));
            _w.Line($"{T} {value} = {condition} ? {Math}.Exp({e} - {stats.Max}) / {stats.Sum} : {_names.Literal(0)};");
            return value;
        }

        private (string Max, string Sum) SoftmaxStats(ReduceExpr softmax)
        {
            var fresh = Freshen(softmax);
            string max = Temp("smax"), sum = Temp("ssum");
            _w.Line($"// softmax over {string.Join(", ", softmax.Indices.Select(IndexNames.Origin))}: its maximum, then its denominator");
            _w.Line($"{T} {max} = {_names.Literal(double.NegativeInfinity)};");
            Loops(fresh.Indices, fresh.Ranges, () =>
            {
                string v = Temp("v");
                _w.Line($"{T} {v} = {Emit(fresh.Body)};");
                _w.Line($"if ({v} > {max}) {max} = {v};");
            });
            _w.Line($"{T} {sum} = {_names.Literal(0)};");
            Loops(fresh.Indices, fresh.Ranges, () => _w.Line($"{sum} += {Math}.Exp({Emit(fresh.Body)} - {max});"));
            return (max, sum);
        }

        private ReduceExpr Freshen(ReduceExpr r)
        {
            var map = new Dictionary<string, string>();
            foreach (var i in r.Indices) map[i] = IndexNames.Origin(i) + "'e" + (++_temp).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (ReduceExpr)ExprFacts.Rename(r, map);
        }

        /// <summary>Nested loops over <paramref name="indices"/>, each within its range if it has one.</summary>
        public void Loops(IReadOnlyList<string> indices, EquatableArray<IndexRange> ranges, System.Action body, int depth = 0)
        {
            if (depth == indices.Count)
            {
                body();
                return;
            }
            string index = indices[depth];
            string x = ProgramNames.Index(index);
            var range = ranges.FirstOrDefault(r => r.Index == index);
            string lo = "0", hi = _names.Size(index);
            if (range is not null)
            {
                lo = Temp("lo");
                hi = Temp("hi");
                _w.Line($"{I} {lo} = {Lower(range)}, {hi} = {Upper(range)};");
            }
            using (_w.Block($"for ({I} {x} = {lo}; {x} < {hi}; {x}++)"))
            {
                Loops(indices, ranges, body, depth + 1);
            }
        }

        /// <summary>max(0, lower bounds…) as an index-typed expression.</summary>
        public string Lower(IndexRange range)
        {
            string result = $"({I})0";
            foreach (var b in range.Lower) result = Max(result, Affine(b));
            return result;
        }

        /// <summary>min(size, upper bounds…) as an index-typed expression.</summary>
        public string Upper(IndexRange range)
        {
            string result = _names.Size(range.Index);
            foreach (var b in range.Upper) result = Min(result, Affine(b));
            return result;
        }

        // Index bounds use comparisons, not Math.Max/Min: the same text works on the CPU and in every ILGPU backend.
        private static string Max(string a, string b) => $"({a} > {b} ? {a} : {b})";

        private static string Min(string a, string b) => $"({a} < {b} ? {a} : {b})";

        /// <summary>An affine bound as an index-typed expression.</summary>
        public string Affine(AffineBound b)
        {
            var text = new System.Text.StringBuilder();
            void Term(long coefficient, string v)
            {
                long magnitude = System.Math.Abs(coefficient);
                string body = magnitude == 1 && v.Length > 0 ? v : v.Length == 0 ? magnitude.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{magnitude} * {v}";
                if (text.Length == 0) text.Append(coefficient < 0 ? "-" : "").Append(body);
                else text.Append(coefficient < 0 ? " - " : " + ").Append(body);
            }
            foreach (var t in b.Terms)
            {
                Term(t.Coefficient, t.IsParameter ? _dialect.IntegerScalar(_program.Scalars.First(s => s.Name == t.Name)) : ProgramNames.Index(t.Name));
            }
            if (b.Constant != 0 || text.Length == 0) Term(b.Constant, "");
            return $"({I})({text})";
        }
    }
}
