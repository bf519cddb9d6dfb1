using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using TensorDsl.Language.Lowering;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl
{
    /// <summary>
    /// The one reference interpreter: evaluates a bound program — a <c>[TensorProgram]</c>'s, or the one statement an
    /// <c>[Einsum]</c> lowers to — statement by statement in double precision, over every point of each left side, by plain
    /// recursion over the expression tree. Nothing is fused, reordered or shared with generated code, which makes it the
    /// oracle of the tests. <see cref="TensorProgram.Evaluate"/> and <see cref="Einsum.Evaluate"/> are its front ends.
    /// </summary>
    internal static class ProgramInterpreter
    {
        /// <summary>Runs <paramref name="program"/> on <paramref name="arguments"/> (tensors, element scalars and ints by name).</summary>
        /// <returns>Each statement's result by its target's name, axes in the order of its left side (rank 0: shape []).</returns>
        public static Dictionary<string, double[]> Run(BoundProgram program, IReadOnlyDictionary<string, object> arguments, out Dictionary<string, long[]> shapes)
        {
            program = EllipsisExpansion.Expand(program, t => ((Tensor<double>)arguments[program.Tensors[t].Name]).Rank);
            var sizes = BindSizes(program, arguments);
            var evaluator = new Evaluator(program, arguments, sizes);
            return evaluator.Run(out shapes);
        }

        // One size per index class, from the input axis that is the class's source; then every input axis is checked. With
        // NumPy's broadcasting (einsum), an axis of length 1 fits any size, and a class takes the largest length among its axes.
        private static long[] BindSizes(BoundProgram bound, IReadOnlyDictionary<string, object> arguments)
        {
            // Ranks first, so that reading an axis length below never goes out of range.
            foreach (var tensor in bound.Tensors)
            {
                if (tensor.Kind != ProgramTensorKind.Input || tensor.Rank < 0) continue;
                var argument = (Tensor<double>)arguments[tensor.Name];
                // A rank-0 tensor is passed with shape [1], as to the generated kernels.
                if (argument.Rank != tensor.Rank && !(tensor.Rank == 0 && argument.Rank == 1 && argument.Lengths[0] == 1))
                {
                    throw new ArgumentException(
                        $"Tensor '{tensor.Name}' is used with {tensor.Rank} ind{(tensor.Rank == 1 ? "ex" : "ices")} in the program but the argument has rank {argument.Rank}",
                        nameof(arguments));
                }
            }

            long Length(AxisUse use) => ((Tensor<double>)arguments[bound.Tensors[use.Tensor].Name]).Lengths[use.Axis];

            var sizes = new long[bound.Classes.Count];
            var sources = new int[bound.Classes.Count];
            for (int c = 0; c < sizes.Length; c++)
            {
                var cls = bound.Classes[c];
                sources[c] = cls.Source;
                if (cls.StaticSize > 0) sizes[c] = cls.StaticSize;
                else if (cls.Source >= 0) sizes[c] = Length(bound.Uses[cls.Source]);
                else throw new InvalidOperationException($"Index '{cls.Name}' has no size (the binder should have reported it)");
            }
            if (bound.Broadcasting)
            {
                for (int u = 0; u < bound.Uses.Count; u++)
                {
                    var use = bound.Uses[u];
                    var cls = bound.Classes[use.Class];
                    if (bound.Tensors[use.Tensor].Kind != ProgramTensorKind.Input || cls.StaticSize > 0) continue;
                    long length = Length(use);
                    if (sizes[use.Class] == 1 && length != 1)
                    {
                        sizes[use.Class] = length;
                        sources[use.Class] = u;
                    }
                }
            }
            foreach (var use in bound.Uses)
            {
                var tensor = bound.Tensors[use.Tensor];
                if (tensor.Kind != ProgramTensorKind.Input) continue;
                long length = Length(use);
                long size = sizes[use.Class];
                if (length != size && !(bound.Broadcasting && length == 1))
                {
                    var cls = bound.Classes[use.Class];
                    int source = sources[use.Class];
                    string from = source >= 0
                        ? $"from axis {bound.Uses[source].Axis} of '{bound.Tensors[bound.Uses[source].Tensor].Name}'"
                        : "fixed by [Dim]";
                    throw new ArgumentException(
                        $"Index '{use.Index}' has size {size} ({from}) but axis {use.Axis} of '{tensor.Name}' has length {length}",
                        nameof(arguments));
                }
            }
            return sizes;
        }

        /// <summary>A tensor's elements, row-major, with its lengths and strides (0 on an axis of length 1, which then
        /// broadcasts).</summary>
        private sealed class Dense
        {
            public Dense(double[] data, long[] lengths)
            {
                Data = data;
                Lengths = lengths;
                Strides = new long[lengths.Length];
                long stride = 1;
                for (int a = lengths.Length - 1; a >= 0; a--)
                {
                    Strides[a] = lengths[a] == 1 ? 0 : stride;
                    stride *= lengths[a];
                }
            }

            public double[] Data { get; }

            public long[] Lengths { get; }

            public long[] Strides { get; }
        }

        /// <summary>
        /// The evaluator: every index name has a slot in one environment array; each statement's value is compiled, when
        /// the statement runs (its inputs then have values), into a tree of closures over that array.
        /// </summary>
        private sealed class Evaluator
        {
            private readonly BoundProgram _program;
            private readonly IReadOnlyDictionary<string, object> _arguments;
            private readonly long[] _classSizes;
            private readonly Dense?[] _values;
            private readonly Dictionary<string, int> _slots = new Dictionary<string, int>(StringComparer.Ordinal);
            private long[] _env = Array.Empty<long>();
            private bool[] _bound = Array.Empty<bool>();

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

            public Dictionary<string, double[]> Run(out Dictionary<string, long[]> shapes)
            {
                var results = new Dictionary<string, double[]>(StringComparer.Ordinal);
                shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
                foreach (var statement in _program.Statements)
                {
                    var indices = statement.Indices.ToArray();
                    var lengths = indices.Select(Size).ToArray();
                    var slots = indices.Select(Slot).ToArray();
                    var value = Compile(statement.Value);
                    _env = new long[_slots.Count];
                    _bound = new bool[_slots.Count];
                    foreach (int s in slots) _bound[s] = true;
                    long total = 1;
                    foreach (long l in lengths) total *= l;
                    var data = new double[total];
                    var point = new long[indices.Length];
                    for (long p = 0; p < total; p++)
                    {
                        for (int a = 0; a < indices.Length; a++) _env[slots[a]] = point[a];
                        data[p] = value();
                        // Advance the odometer (last axis fastest: row-major).
                        for (int a = indices.Length - 1; a >= 0; a--)
                        {
                            if (++point[a] < lengths[a]) break;
                            point[a] = 0;
                        }
                    }
                    _values[statement.Target] = new Dense(data, lengths);
                    string name = _program.Tensors[statement.Target].Name;
                    results[name] = data;
                    shapes[name] = lengths;
                }
                return results;
            }

            private long Size(string index)
            {
                int c = _program.ClassOf(index);
                if (c < 0) throw new InvalidOperationException($"Index '{index}' belongs to no size class");
                return _classSizes[c];
            }

            private int Slot(string index)
            {
                if (!_slots.TryGetValue(index, out int slot))
                {
                    slot = _slots.Count;
                    _slots[index] = slot;
                }
                return slot;
            }

            private long IndexValue(int slot, string index)
                => _bound[slot] ? _env[slot] : throw new InvalidOperationException($"Index '{index}' is read outside the loops that bind it");

            private Func<double> Compile(BoundExpr e)
            {
                switch (e)
                {
                    case ConstExpr c:
                    {
                        double v = c.Value;
                        return () => v;
                    }
                    case ScalarExpr s:
                    {
                        double v = _arguments[_program.Scalars[s.Scalar].Name] switch
                        {
                            int i => i,
                            double d => d,
                            var other => throw new InvalidOperationException($"Scalar '{_program.Scalars[s.Scalar].Name}' holds a {other.GetType()}"),
                        };
                        return () => v;
                    }
                    case LoadExpr load:
                        return CompileLoad(load);
                    case UnaryExpr u:
                    {
                        var x = Compile(u.Operand);
                        return u.Op switch
                        {
                            UnaryOp.Negate => () => -x(),
                            UnaryOp.Exp => () => Math.Exp(x()),
                            UnaryOp.Log => () => Math.Log(x()),
                            UnaryOp.Sqrt => () => Math.Sqrt(x()),
                            UnaryOp.Abs => () => Math.Abs(x()),
                            UnaryOp.Tanh => () => Math.Tanh(x()),
                            UnaryOp.Sigmoid => () => 1 / (1 + Math.Exp(-x())),
                            UnaryOp.Relu => () => Math.Max(x(), 0),
                            UnaryOp.Step => () => x() > 0 ? 1 : 0,
                            _ => throw new InvalidOperationException($"Unknown unary operation {u.Op}"),
                        };
                    }
                    case BinaryExpr b:
                    {
                        var l = Compile(b.Left);
                        var r = Compile(b.Right);
                        return b.Op switch
                        {
                            BinaryOp.Add => () => l() + r(),
                            BinaryOp.Subtract => () => l() - r(),
                            BinaryOp.Multiply => () => l() * r(),
                            BinaryOp.Divide => () => l() / r(),
                            BinaryOp.Max => () => Math.Max(l(), r()),
                            BinaryOp.Min => () => Math.Min(l(), r()),
                            _ => throw new InvalidOperationException($"Unknown binary operation {b.Op}"),
                        };
                    }
                    case ReduceExpr r:
                        return r.Kind switch
                        {
                            ReductionKind.Sum => CompileSum(r),
                            ReductionKind.Max => CompileMax(r),
                            ReductionKind.Softmax => CompileSoftmax(r),
                            _ => throw new InvalidOperationException($"Unknown reduction {r.Kind}"),
                        };
                    case GauntExpr g:
                        return CompileGaunt(g);
                    default:
                        throw new InvalidOperationException($"Unknown expression {e.GetType().Name}");
                }
            }

            // Σ_ij G(i, j, k) · x[…, i] · y[…, j] at the point's k, straight from the definition: every nonzero coefficient of
            // GauntCoefficients.Table (the dense tensor is zero elsewhere), x and y read through their own loads.
            private Func<double> CompileGaunt(GauntExpr g)
            {
                var byOutput = new List<(int I1, int I2, double G)>[(g.LOut + 1) * (g.LOut + 1)];
                for (int k = 0; k < byOutput.Length; k++) byOutput[k] = new List<(int, int, double)>();
                foreach (var entry in TensorDsl.Language.Equivariant.GauntCoefficients.Table(g.L1, g.L2, g.LOut))
                {
                    byOutput[entry.L3 * entry.L3 + entry.L3 + entry.M3].Add((entry.I1, entry.L2 * entry.L2 + entry.L2 + entry.M2, entry.Value));
                }
                int k3 = Slot(g.Harmonic), i1 = Slot(g.HarmonicX), i2 = Slot(g.HarmonicY);
                var x = CompileLoad(g.X);
                var y = CompileLoad(g.Y);
                return () =>
                {
                    long k = IndexValue(k3, g.Harmonic);
                    double sum = 0;
                    foreach (var (a, b, coefficient) in byOutput[k])
                    {
                        _env[i1] = a;
                        _bound[i1] = true;
                        _env[i2] = b;
                        _bound[i2] = true;
                        sum += coefficient * x() * y();
                    }
                    _bound[i1] = _bound[i2] = false;
                    return sum;
                };
            }

            // An element read: the offset is Σ index · stride; an axis of length 1 has stride 0, so a broadcast axis reads its
            // one element at every point (a program without broadcasting has checked that no such axis meets a larger size).
            private Func<double> CompileLoad(LoadExpr load)
            {
                var tensor = _values[load.Tensor] ?? throw new InvalidOperationException($"'{_program.Tensors[load.Tensor].Name}' is read before it has a value");
                var slots = load.Indices.Select(Slot).ToArray();
                var names = load.Indices.ToArray();
                var data = tensor.Data;
                var strides = tensor.Strides;
                var lengths = tensor.Lengths;
                string tensorName = _program.Tensors[load.Tensor].Name;
                return () =>
                {
                    long offset = 0;
                    for (int a = 0; a < slots.Length; a++)
                    {
                        long i = IndexValue(slots[a], names[a]);
                        if (i < 0 || (i >= lengths[a] && lengths[a] != 1)) throw new InvalidOperationException($"Index '{names[a]}' = {i} is outside axis {a} of '{tensorName}'");
                        offset += i * strides[a];
                    }
                    return data[offset];
                };
            }

            // The admitted values of each index of r, in order: max(0, lower…) ≤ j < min(size, upper…), bounds read at the
            // time of the loop (a bound may use an outer index or an int parameter).
            private sealed class Loop
            {
                public int Slot;
                public string Name = "";
                public long Size;
                public Func<long>[] Lower = Array.Empty<Func<long>>();
                public Func<long>[] Upper = Array.Empty<Func<long>>();
            }

            private Loop[] CompileLoops(ReduceExpr r)
            {
                var loops = new Loop[r.Indices.Count];
                for (int k = 0; k < loops.Length; k++)
                {
                    string index = r.Indices[k];
                    var ranges = r.Ranges.Where(x => x.Index == index).ToList();
                    loops[k] = new Loop
                    {
                        Slot = Slot(index),
                        Name = index,
                        Size = Size(index),
                        Lower = ranges.SelectMany(x => x.Lower).Select(CompileAffine).ToArray(),
                        Upper = ranges.SelectMany(x => x.Upper).Select(CompileAffine).ToArray(),
                    };
                }
                return loops;
            }

            private Func<long> CompileAffine(AffineBound bound)
            {
                long constant = bound.Constant;
                var terms = bound.Terms.Select(t =>
                {
                    long coefficient = t.Coefficient;
                    if (t.IsParameter)
                    {
                        long v = _arguments[t.Name] is int i ? i : throw new InvalidOperationException($"'{t.Name}' in a where bound is not an int");
                        return (Func<long>)(() => coefficient * v);
                    }
                    int slot = Slot(t.Name);
                    string name = t.Name;
                    return () => coefficient * IndexValue(slot, name);
                }).ToArray();
                return () =>
                {
                    long value = constant;
                    foreach (var term in terms) value += term();
                    return value;
                };
            }

            private (long Begin, long End) Admitted(Loop loop)
            {
                long begin = 0, end = loop.Size;
                foreach (var lower in loop.Lower) begin = Math.Max(begin, lower());
                foreach (var upper in loop.Upper) end = Math.Min(end, upper());
                return (begin, end);
            }

            // Calls 'visit' at every admitted point of the loops (the first outermost), with their indices bound; the slots'
            // earlier values and bound flags are restored afterwards.
            private void ForEachAdmitted(Loop[] loops, Action visit)
            {
                var saved = new (long Value, bool Bound)[loops.Length];
                for (int k = 0; k < loops.Length; k++) saved[k] = (_env[loops[k].Slot], _bound[loops[k].Slot]);
                Nest(loops, 0, visit);
                for (int k = loops.Length - 1; k >= 0; k--)
                {
                    _env[loops[k].Slot] = saved[k].Value;
                    _bound[loops[k].Slot] = saved[k].Bound;
                }
            }

            private void Nest(Loop[] loops, int depth, Action visit)
            {
                if (depth == loops.Length)
                {
                    visit();
                    return;
                }
                var loop = loops[depth];
                var (begin, end) = Admitted(loop);
                _bound[loop.Slot] = true;
                for (long j = begin; j < end; j++)
                {
                    _env[loop.Slot] = j;
                    Nest(loops, depth + 1, visit);
                }
            }

            private Func<double> CompileSum(ReduceExpr r)
            {
                var loops = CompileLoops(r);
                var body = Compile(r.Body);
                return () =>
                {
                    double sum = 0;
                    ForEachAdmitted(loops, () => sum += body());
                    return sum;
                };
            }

            private Func<double> CompileMax(ReduceExpr r)
            {
                var loops = CompileLoops(r);
                var body = Compile(r.Body);
                return () =>
                {
                    double max = double.NegativeInfinity;
                    ForEachAdmitted(loops, () => max = Math.Max(max, body()));
                    return max;
                };
            }

            // softmax[R](e) at a point (R keeps the values the enclosing statement or reduction gave it): 0 where the point is
            // not admitted, else exp(e − M) / Σ_R exp(e − M). M and the denominator depend only on the indices outside R, so
            // they are computed once per value of those (a softmax read at every point of its row would otherwise cost a pass per point).
            private Func<double> CompileSoftmax(ReduceExpr r)
            {
                var loops = CompileLoops(r);
                var body = Compile(r.Body);
                var outer = ExprFacts.FreeIndices(r).Where(i => !r.Indices.Contains(i)).Select(i => (Slot: Slot(i), Name: i)).ToArray();
                var cache = new Dictionary<string, (double Max, double Denominator)>(StringComparer.Ordinal);
                return () =>
                {
                    foreach (var loop in loops)
                    {
                        var (begin, end) = Admitted(loop);
                        long j = IndexValue(loop.Slot, loop.Name);
                        if (j < begin || j >= end) return 0; // masked out (also whenever nothing is admitted)
                    }
                    double here = body();
                    string key = string.Join(",", outer.Select(o => IndexValue(o.Slot, o.Name).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    if (!cache.TryGetValue(key, out var stats))
                    {
                        double m = double.NegativeInfinity;
                        ForEachAdmitted(loops, () => m = Math.Max(m, body()));
                        double denominator = 0;
                        ForEachAdmitted(loops, () => denominator += Math.Exp(body() - m));
                        cache[key] = stats = (m, denominator);
                    }
                    return Math.Exp(here - stats.Max) / stats.Denominator;
                };
            }
        }
    }
}
