using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl
{
    /// <summary>
    /// The reference interpreter for <c>[TensorProgram]</c> text: binds the program with the same binder the generator
    /// uses, then evaluates every statement in double precision by plain recursion over the bound expression tree, with
    /// an environment that maps index names to values. Nothing is fused, reordered or shared with generated code, which
    /// makes it the oracle of the tests.
    /// </summary>
    /// <remarks>
    /// <para>Semantics, statement by statement in order:</para>
    /// <list type="bullet">
    /// <item>A statement <c>t[i,j] = e</c> is materialized over the full domain of its left-side indices, as a row-major
    /// tensor whose axes are the left-side indices in order.</item>
    /// <item><c>sum[R](e)</c> adds <c>e</c> over every admitted point of <c>R</c> (0 when none is admitted);
    /// <c>max[R](e)</c> is the largest value (−∞ when none is admitted).</item>
    /// <item><c>softmax[R](e)</c> at a point is <c>exp(e − M) / Σ_R exp(e − M)</c>, where <c>M</c> is the maximum of
    /// <c>e</c> over the admitted points of <c>R</c>, the other free indices fixed at the point's values. At a point that is
    /// not admitted by the <c>where</c> ranges (in particular whenever the admitted set is empty) the value is 0: a
    /// masked-out entry has probability 0.</item>
    /// <item>A <c>where</c> range admits <c>j</c> with <c>max(0, each lower bound) ≤ j &lt; min(size, each upper bound)</c>.</item>
    /// <item>A repeated index in one load (<c>x[i,i]</c>) reads the diagonal; an <c>int</c> parameter used as a value reads
    /// as a double.</item>
    /// <item>Functions: <c>exp log sqrt abs tanh</c> as in <see cref="Math"/>, <c>sigmoid(x) = 1/(1+e⁻ˣ)</c>,
    /// <c>relu(x) = max(x, 0)</c>, <c>max(a,b)</c>, <c>min(a,b)</c>.</item>
    /// </list>
    /// </remarks>
    public static class TensorProgram
    {
        private const string MethodName = "TensorProgram.Evaluate";

        /// <summary>
        /// Runs every statement of <paramref name="program"/> in order in double precision and returns every statement's
        /// result (outputs and intermediates alike) by the name it assigns.
        /// </summary>
        /// <param name="program">The program text, as in a <c>[TensorProgram]</c> attribute.</param>
        /// <param name="arguments">
        /// The values of the program's parameters by name: a <see cref="Tensor{T}"/> of <see cref="double"/> for each input
        /// tensor, a <see cref="double"/> for each element scalar, an <see cref="int"/> for each integer parameter (a
        /// <c>where</c> bound, or a value read as a double). Every statement target is computed, so no output parameter
        /// is passed.
        /// </param>
        /// <returns>Each statement's result, keyed by its target name, with axes in the order of its left-side indices.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="program"/> or <paramref name="arguments"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// An argument has an unsupported type; the program does not bind to the arguments (the message lists the
        /// diagnostics' ids and messages); or a tensor's rank or an axis length does not fit the program (the message
        /// names the index, the tensor and both sizes).
        /// </exception>
        public static IReadOnlyDictionary<string, Tensor<double>> Evaluate(string program, IReadOnlyDictionary<string, object> arguments)
        {
            ArgumentNullException.ThrowIfNull(program);
            ArgumentNullException.ThrowIfNull(arguments);

            var bound = Bind(program, arguments);
            var sizes = BindSizes(bound, arguments);
            var evaluator = new Evaluator(bound, arguments, sizes);
            return evaluator.Run();
        }

        // Binds the program to a synthetic 'static partial void' method whose parameters are the arguments (in ordinal
        // name order, so that messages do not depend on the dictionary's enumeration order).
        private static BoundProgram Bind(string program, IReadOnlyDictionary<string, object> arguments)
        {
            var parameters = new List<ParameterSignature>();
            foreach (var name in arguments.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                parameters.Add(arguments[name] switch
                {
                    Tensor<double> => new ParameterSignature(name, ParameterKind.ReadOnlyTensor, ElementType.Double, "Tensor<double>"),
                    double => new ParameterSignature(name, ParameterKind.Scalar, ElementType.Double, "double"),
                    int => new ParameterSignature(name, ParameterKind.Integer, ElementType.Other, "int"),
                    null => throw new ArgumentException($"Argument '{name}' is null; pass a Tensor<double>, a double or an int", nameof(arguments)),
                    var other => throw new ArgumentException(
                        $"Argument '{name}' has type '{other.GetType()}'; pass a Tensor<double> for a tensor, a double for a scalar or an int for an integer parameter",
                        nameof(arguments)),
                });
            }
            var method = new MethodSignature(MethodName, IsStatic: true, IsPartial: true, ReturnsVoid: true, ParameterKind.Other, ElementType.Other, "void",
                new EquatableArray<ParameterSignature>(parameters.ToArray()));
            var result = ProgramBinder.Bind(program, method, EquatableArray<StaticDim>.Empty);
            if (result.Program is null || result.Diagnostics.Count > 0)
            {
                var lines = result.Diagnostics.Select(d => $"{d.Id}: {d.Message}" + (d.Target == DiagnosticTarget.SpecText ? $" (at offset {d.Start})" : ""));
                throw new ArgumentException("The program does not bind to the arguments given:" + Environment.NewLine + string.Join(Environment.NewLine, lines), nameof(program));
            }
            return result.Program;
        }

        // One size per index class, from the input axis that is the class's source; then every input axis is checked.
        private static long[] BindSizes(BoundProgram bound, IReadOnlyDictionary<string, object> arguments)
        {
            // Ranks first, so that reading an axis length below never goes out of range.
            foreach (var tensor in bound.Tensors)
            {
                if (tensor.Kind != ProgramTensorKind.Input || tensor.Rank < 0) continue;
                var argument = (Tensor<double>)arguments[tensor.Name];
                if (argument.Rank != tensor.Rank)
                {
                    throw new ArgumentException(
                        $"Tensor '{tensor.Name}' is used with {tensor.Rank} ind{(tensor.Rank == 1 ? "ex" : "ices")} in the program but the argument has rank {argument.Rank}",
                        nameof(arguments));
                }
            }

            long Length(AxisUse use) => ((Tensor<double>)arguments[bound.Tensors[use.Tensor].Name]).Lengths[use.Axis];

            var sizes = new long[bound.Classes.Count];
            for (int c = 0; c < sizes.Length; c++)
            {
                var cls = bound.Classes[c];
                if (cls.StaticSize > 0) sizes[c] = cls.StaticSize;
                else if (cls.Source >= 0) sizes[c] = Length(bound.Uses[cls.Source]);
                else throw new InvalidOperationException($"Index '{cls.Name}' has no size (the binder should have reported it)");
            }
            foreach (var use in bound.Uses)
            {
                var tensor = bound.Tensors[use.Tensor];
                if (tensor.Kind != ProgramTensorKind.Input) continue;
                long length = Length(use);
                long size = sizes[use.Class];
                if (length != size)
                {
                    var cls = bound.Classes[use.Class];
                    string from = cls.Source >= 0
                        ? $"from axis {bound.Uses[cls.Source].Axis} of '{bound.Tensors[bound.Uses[cls.Source].Tensor].Name}'"
                        : "fixed by [Dim]";
                    throw new ArgumentException(
                        $"Index '{use.Index}' has size {size} ({from}) but axis {use.Axis} of '{tensor.Name}' has length {length}",
                        nameof(arguments));
                }
            }
            return sizes;
        }

        /// <summary>A tensor's elements, row-major, with its lengths.</summary>
        private sealed class Dense
        {
            public Dense(double[] data, long[] lengths)
            {
                Data = data;
                Lengths = lengths;
            }

            public double[] Data { get; }

            public long[] Lengths { get; }
        }

        /// <summary>The recursive evaluator: one environment from index names to values, saved and restored around every binding.</summary>
        private sealed class Evaluator
        {
            private readonly BoundProgram _program;
            private readonly IReadOnlyDictionary<string, object> _arguments;
            private readonly long[] _classSizes;
            private readonly Dense?[] _values;
            private readonly Dictionary<string, long> _env = new Dictionary<string, long>(StringComparer.Ordinal);

            public Evaluator(BoundProgram program, IReadOnlyDictionary<string, object> arguments, long[] classSizes)
            {
                _program = program;
                _arguments = arguments;
                _classSizes = classSizes;
                _values = new Dense?[program.Tensors.Count];
                for (int t = 0; t < program.Tensors.Count; t++)
                {
                    var tensor = program.Tensors[t];
                    if (tensor.Kind != ProgramTensorKind.Input || tensor.Rank < 0) continue;
                    var argument = (Tensor<double>)arguments[tensor.Name];
                    var data = new double[argument.FlattenedLength];
                    argument.FlattenTo(data);
                    _values[t] = new Dense(data, argument.Lengths.ToArray().Select(l => (long)l).ToArray());
                }
            }

            public IReadOnlyDictionary<string, Tensor<double>> Run()
            {
                var results = new Dictionary<string, Tensor<double>>(StringComparer.Ordinal);
                foreach (var statement in _program.Statements)
                {
                    var indices = statement.Indices.ToArray();
                    var lengths = indices.Select(Size).ToArray();
                    long total = 1;
                    foreach (long l in lengths) total *= l;
                    var data = new double[total];
                    var point = new long[indices.Length];
                    for (long p = 0; p < total; p++)
                    {
                        for (int a = 0; a < indices.Length; a++) _env[indices[a]] = point[a];
                        data[p] = Eval(statement.Value);
                        // Advance the odometer (last axis fastest: row-major).
                        for (int a = indices.Length - 1; a >= 0; a--)
                        {
                            if (++point[a] < lengths[a]) break;
                            point[a] = 0;
                        }
                    }
                    _env.Clear();
                    _values[statement.Target] = new Dense(data, lengths);
                    results[_program.Tensors[statement.Target].Name] = Tensor.Create(data, lengths.Select(l => (nint)l).ToArray());
                }
                return results;
            }

            private long Size(string index)
            {
                int c = _program.ClassOf(index);
                if (c < 0) throw new InvalidOperationException($"Index '{index}' belongs to no size class");
                return _classSizes[c];
            }

            private long IndexValue(string index)
                => _env.TryGetValue(index, out long v) ? v : throw new InvalidOperationException($"Index '{index}' is read outside the loops that bind it");

            private double Eval(BoundExpr e)
            {
                switch (e)
                {
                    case ConstExpr c:
                        return c.Value;
                    case ScalarExpr s:
                        return _arguments[_program.Scalars[s.Scalar].Name] switch
                        {
                            int i => i,
                            double d => d,
                            var other => throw new InvalidOperationException($"Scalar '{_program.Scalars[s.Scalar].Name}' holds a {other.GetType()}"),
                        };
                    case LoadExpr load:
                        return Load(load);
                    case UnaryExpr u:
                    {
                        double x = Eval(u.Operand);
                        return u.Op switch
                        {
                            UnaryOp.Negate => -x,
                            UnaryOp.Exp => Math.Exp(x),
                            UnaryOp.Log => Math.Log(x),
                            UnaryOp.Sqrt => Math.Sqrt(x),
                            UnaryOp.Abs => Math.Abs(x),
                            UnaryOp.Tanh => Math.Tanh(x),
                            UnaryOp.Sigmoid => 1 / (1 + Math.Exp(-x)),
                            UnaryOp.Relu => Math.Max(x, 0),
                            _ => throw new InvalidOperationException($"Unknown unary operation {u.Op}"),
                        };
                    }
                    case BinaryExpr b:
                    {
                        double l = Eval(b.Left);
                        double r = Eval(b.Right);
                        return b.Op switch
                        {
                            BinaryOp.Add => l + r,
                            BinaryOp.Subtract => l - r,
                            BinaryOp.Multiply => l * r,
                            BinaryOp.Divide => l / r,
                            BinaryOp.Max => Math.Max(l, r),
                            BinaryOp.Min => Math.Min(l, r),
                            _ => throw new InvalidOperationException($"Unknown binary operation {b.Op}"),
                        };
                    }
                    case ReduceExpr r:
                        return r.Kind switch
                        {
                            ReductionKind.Sum => Sum(r),
                            ReductionKind.Max => Max(r),
                            ReductionKind.Softmax => Softmax(r),
                            _ => throw new InvalidOperationException($"Unknown reduction {r.Kind}"),
                        };
                    default:
                        throw new InvalidOperationException($"Unknown expression {e.GetType().Name}");
                }
            }

            private double Load(LoadExpr load)
            {
                var tensor = _values[load.Tensor] ?? throw new InvalidOperationException($"'{_program.Tensors[load.Tensor].Name}' is read before it has a value");
                long offset = 0;
                for (int a = 0; a < load.Indices.Count; a++)
                {
                    long i = IndexValue(load.Indices[a]);
                    if (i < 0 || i >= tensor.Lengths[a]) throw new InvalidOperationException($"Index '{load.Indices[a]}' = {i} is outside axis {a} of '{_program.Tensors[load.Tensor].Name}'");
                    offset = offset * tensor.Lengths[a] + i;
                }
                return tensor.Data[offset];
            }

            // The admitted values of 'index' in reduction 'r': max(0, lower…) ≤ j < min(size, upper…), bounds read now.
            private (long Begin, long End) Admitted(ReduceExpr r, string index)
            {
                long begin = 0;
                long end = Size(index);
                foreach (var range in r.Ranges)
                {
                    if (range.Index != index) continue;
                    foreach (var lower in range.Lower) begin = Math.Max(begin, Affine(lower));
                    foreach (var upper in range.Upper) end = Math.Min(end, Affine(upper));
                }
                return (begin, end);
            }

            private long Affine(AffineBound bound)
            {
                long value = bound.Constant;
                foreach (var term in bound.Terms)
                {
                    long v = term.IsParameter
                        ? _arguments[term.Name] is int i ? i : throw new InvalidOperationException($"'{term.Name}' in a where bound is not an int")
                        : IndexValue(term.Name);
                    value += term.Coefficient * v;
                }
                return value;
            }

            // Calls 'visit' at every admitted point of r's indices (the first index outermost), with the indices bound in
            // the environment; the environment is restored afterwards.
            private void ForEachAdmitted(ReduceExpr r, Action visit)
            {
                var saved = new List<(string Name, bool Had, long Value)>();
                foreach (var index in r.Indices) saved.Add((index, _env.TryGetValue(index, out long v), v));
                Loop(r, 0, visit);
                foreach (var (name, had, value) in saved)
                {
                    if (had) _env[name] = value;
                    else _env.Remove(name);
                }
            }

            private void Loop(ReduceExpr r, int depth, Action visit)
            {
                if (depth == r.Indices.Count)
                {
                    visit();
                    return;
                }
                string index = r.Indices[depth];
                var (begin, end) = Admitted(r, index);
                for (long j = begin; j < end; j++)
                {
                    _env[index] = j;
                    Loop(r, depth + 1, visit);
                }
            }

            private double Sum(ReduceExpr r)
            {
                double sum = 0;
                ForEachAdmitted(r, () => sum += Eval(r.Body));
                return sum;
            }

            private double Max(ReduceExpr r)
            {
                double max = double.NegativeInfinity;
                ForEachAdmitted(r, () => max = Math.Max(max, Eval(r.Body)));
                return max;
            }

            private double Softmax(ReduceExpr r)
            {
                // The point: the softmax indices keep the values the enclosing statement or reduction gave them.
                foreach (var index in r.Indices)
                {
                    var (begin, end) = Admitted(r, index);
                    long j = IndexValue(index);
                    if (j < begin || j >= end) return 0; // masked out (also whenever nothing is admitted)
                }
                double here = Eval(r.Body);
                var (m, denominator) = Normalizer(r);
                return Math.Exp(here - m) / denominator;
            }

            // The maximum and denominator of a softmax depend only on the indices outside its own, so they are computed
            // once per value of those (a softmax read at every point of its row would otherwise cost a pass per point).
            private (double Max, double Denominator) Normalizer(ReduceExpr r)
            {
                if (!_outer.TryGetValue(r, out var outer))
                {
                    outer = ExprFacts.FreeIndices(r).Where(i => !r.Indices.Contains(i)).ToArray();
                    _outer[r] = outer;
                    _normalizers[r] = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
                }
                string key = string.Join(",", outer.Select(i => IndexValue(i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                var cache = _normalizers[r];
                if (cache.TryGetValue(key, out var stats)) return stats;
                double m = Max(r);
                double denominator = 0;
                ForEachAdmitted(r, () => denominator += Math.Exp(Eval(r.Body) - m));
                return cache[key] = (m, denominator);
            }

            private readonly Dictionary<ReduceExpr, string[]> _outer = new(ReferenceEqualityComparer.Instance);
            private readonly Dictionary<ReduceExpr, Dictionary<string, (double, double)>> _normalizers = new(ReferenceEqualityComparer.Instance);
        }
    }
}
