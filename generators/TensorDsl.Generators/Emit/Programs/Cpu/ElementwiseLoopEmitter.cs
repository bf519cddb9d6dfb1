using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Cpu;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Programs.Cpu
{
    /// <summary>
    /// Writes an elementwise loop nest — a value without reductions stored at every point of its indices — vectorized along
    /// the innermost index: <c>Vector512</c>, then <c>Vector256</c>, then <c>Vector128</c> blocks while they fit, then
    /// scalar for the remainder, when at run time every tensor that moves with that index has unit stride along it (a
    /// strided view takes the scalar loop). Tensors that do not move with the innermost index are broadcast. Used for
    /// the epilogues and prologue factors of planned contractions and for elementwise statements.
    /// </summary>
    internal sealed class ElementwiseLoopEmitter
    {
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private static readonly string[] s_widths = { "Vector512", "Vector256", "Vector128" };

        private readonly CodeWriter _w;
        private readonly ProgramNames _names;
        private readonly ProgramExprEmitter _scalar;
        private readonly Func<BoundExpr, Access?> _access;
        private string? _rowsStart, _rowsEnd;   // in a rows method: the outer index's share

        /// <summary>
        /// Where loops large enough to split write their rows methods (after the program's method), and how they are named;
        /// null keeps every loop on the calling thread.
        /// </summary>
        public RowsMethods? Parallel { get; set; }

        /// <summary>The rows methods of a program's split loops: written after its method, one per split loop.</summary>
        public sealed class RowsMethods
        {
            private readonly string _prefix;
            private int _count;

            public RowsMethods(string prefix, BoundProgram program)
            {
                _prefix = prefix;
                Program = program;
            }

            public BoundProgram Program { get; }

            /// <summary>The methods, to write after the program's method.</summary>
            public List<Action<CodeWriter>> Deferred { get; } = new();

            public string NextName() => $"{_prefix}_Rows{++_count}";
        }

        /// <summary>A tensor element: the base reference, and the stride (an expression) that goes with each index.</summary>
        public sealed record Access(string Reference, IReadOnlyList<(string Index, string Stride)> Axes)
        {
            /// <summary>The element offset at the current loop variables.</summary>
            public string Offset => Axes.Count == 0 ? "0" : string.Join(" + ", Axes.Select(a => $"{ProgramNames.Index(a.Index)} * {a.Stride}"));

            /// <summary>The element as an lvalue/rvalue.</summary>
            public string Element => $"{Unsafe}.Add(ref {Reference}, {Offset})";

            /// <summary>The stride along <paramref name="index"/>, summed over the axes that carry it; null when none does.</summary>
            public string? StrideAlong(string index)
            {
                var strides = Axes.Where(a => a.Index == index).Select(a => a.Stride).ToList();
                return strides.Count == 0 ? null : strides.Count == 1 ? strides[0] : "(" + string.Join(" + ", strides) + ")";
            }
        }

        /// <param name="w">Writer.</param>
        /// <param name="names">The program's names.</param>
        /// <param name="scalar">The scalar expression emitter (remainder and strided loops); its <see cref="ProgramExprEmitter.PartElement"/>
        /// must already read parts as <paramref name="access"/> does.</param>
        /// <param name="access">How a load (or a contraction's result) is addressed.</param>
        public ElementwiseLoopEmitter(CodeWriter w, ProgramNames names, ProgramExprEmitter scalar, Func<BoundExpr, Access?> access)
        {
            _w = w;
            _names = names;
            _scalar = scalar;
            _access = access;
        }

        /// <summary>True when <paramref name="value"/> has a vector form (no reduction, no tanh).</summary>
        public static bool CanVectorize(BoundExpr value) => value switch
        {
            ConstExpr or ScalarExpr or LoadExpr or PartExpr => true,
            UnaryExpr u => u.Op != UnaryOp.Tanh && CanVectorize(u.Operand),
            BinaryExpr b => CanVectorize(b.Left) && CanVectorize(b.Right),
            _ => false,
        };

        /// <summary>Stores <paramref name="value"/> into <paramref name="target"/> at every point of <paramref name="indices"/> (outermost first).</summary>
        public void Emit(IReadOnlyList<string> indices, Access target, BoundExpr value)
        {
            if (Parallel is not null && _rowsStart is null && TrySplit(indices, target, value)) return;
            if (indices.Count == 0 || !CanVectorize(value))
            {
                Scalar(indices, 0, target, value);
                return;
            }
            string inner = indices[indices.Count - 1];
            var moving = new List<Access> { target };
            Collect(value, moving);
            var strides = moving.Select(a => a.StrideAlong(inner)).Where(s => s is not null).Distinct().ToList();
            string unit = _scalar.Temp("__unit");
            _w.Line($"// Vectorized along '{inner}' when every tensor that moves with it has unit stride along it.");
            _w.Line($"bool {unit} = {string.Join(" && ", strides.Select(s => $"{s} == 1"))};");
            Outer(indices, 0, target, value, unit);
        }

        private void Outer(IReadOnlyList<string> indices, int depth, Access target, BoundExpr value, string unit)
        {
            if (depth < indices.Count - 1)
            {
                using (_w.Block(Loop(indices, depth))) Outer(indices, depth + 1, target, value, unit);
                return;
            }
            string inner = indices[depth];
            string xi = ProgramNames.Index(inner);
            string n = _names.Size(inner);
            string T = _names.T;
            using (_w.Block($"if ({unit})"))
            {
                _w.Line($"nint {xi} = 0;");
                foreach (var width in s_widths)
                {
                    using (_w.Block($"if (global::System.Runtime.Intrinsics.{width}.IsHardwareAccelerated)"))
                    {
                        string vector = $"global::System.Runtime.Intrinsics.{width}";
                        using (_w.Block($"for (; {xi} <= {n} - {vector}<{T}>.Count; {xi} += {vector}<{T}>.Count)"))
                        {
                            _w.Line($"{vector}.StoreUnsafe({Vector(value, vector, inner)}, ref {target.Reference}, (nuint)({target.Offset}));");
                        }
                    }
                }
                using (_w.Block($"for (; {xi} < {n}; {xi}++)")) _w.Line($"{target.Element} = {_scalar.Emit(value)};");
            }
            using (_w.Block("else"))
            {
                Scalar(indices, depth, target, value);
            }
        }

        private void Scalar(IReadOnlyList<string> indices, int depth, Access target, BoundExpr value)
        {
            if (depth == indices.Count)
            {
                _w.Line($"{target.Element} = {_scalar.Emit(value)};");
                return;
            }
            using (_w.Block(Loop(indices, depth))) Scalar(indices, depth + 1, target, value);
        }

        // The loop over indices[depth]: all of it, or in a rows method the outermost index's share.
        private string Loop(IReadOnlyList<string> indices, int depth)
        {
            string x = ProgramNames.Index(indices[depth]);
            return depth == 0 && _rowsStart is not null
                ? $"for (nint {x} = {_rowsStart}; {x} < {_rowsEnd}; {x}++)"
                : $"for (nint {x} = 0; {x} < {_names.Size(indices[depth])}; {x}++)";
        }

        /// <summary>
        /// Splits the outermost index across the cores (<c>LoopParallel.For</c>, the GEMM's worker pool, above its work
        /// threshold): a rows method runs this same loop nest over each thread's rows, its tensors, sizes, strides and
        /// scalars read back from the call's addresses and arguments. Only where the outermost index is not the vectorized
        /// one and the loop reads at most three tensors besides its target (what <c>LoopParallel.For</c> pins).
        /// </summary>
        private bool TrySplit(IReadOnlyList<string> indices, Access target, BoundExpr value)
        {
            if (indices.Count < 2 || !CanVectorize(value) || target.StrideAlong(indices[0]) is null) return false;
            var accesses = new List<Access> { target };
            Collect(value, accesses);
            var references = accesses.Select(a => a.Reference).Distinct().ToList();
            if (references.Count > RowsSplitEmitter.MaxTensors) return false;
            var program = Parallel!.Program;
            var scalars = new List<ProgramScalar>();
            CollectScalars(value, program, scalars);
            if (scalars.Any(x => x.Kind != ScalarKind.Element)) return false;
            var sizes = indices.Select(_names.Size).Distinct().ToList();
            var strides = accesses.SelectMany(a => a.Axes.Select(x => x.Stride)).Distinct().ToList();
            string T = _names.T;
            string name = Parallel.NextName();

            var args = sizes.Concat(strides).Concat(scalars.Select(x => T == "float"
                ? $"(nint)global::System.BitConverter.SingleToInt32Bits({ProgramNames.Parameter(x.Name)})"
                : $"(nint)global::System.BitConverter.DoubleToInt64Bits({ProgramNames.Parameter(x.Name)})")).ToList();
            string work = string.Join(" * ", indices.Select(i => $"(double){_names.Size(i)}"));
            _w.Line($"// Rows of '{indices[0]}' are split across the cores when the loop's work is large enough ({name}).");
            RowsSplitEmitter.EmitCall(_w, T, _names.Size(indices[0]), work, references, name, args);

            var partElement = _scalar.PartElement;
            var access = _access;
            var names = _names;
            Parallel.Deferred.Add(w => RowsSplitEmitter.EmitMethod(w, T, name, "Rows [__start, __end) of a split elementwise loop, run by LoopParallel on each thread's share.", references, () =>
            {
                int arg = 0;
                foreach (var size in sizes) w.Line($"nint {size} = __args[{arg++}];");
                foreach (var stride in strides) w.Line($"nint {stride} = __args[{arg++}];");
                foreach (var x in scalars)
                {
                    w.Line(T == "float"
                        ? $"float {ProgramNames.Parameter(x.Name)} = global::System.BitConverter.Int32BitsToSingle((int)__args[{arg++}]);"
                        : $"double {ProgramNames.Parameter(x.Name)} = global::System.BitConverter.Int64BitsToDouble(__args[{arg++}]);");
                }
                var scalar = new ProgramExprEmitter(w, names, program, new CpuProgramDialect(names)) { PartElement = partElement };
                var rows = new ElementwiseLoopEmitter(w, names, scalar, access) { _rowsStart = "__start", _rowsEnd = "__end" };
                rows.Emit(indices, target, value);
            }));
            return true;
        }

        private static void CollectScalars(BoundExpr e, BoundProgram program, List<ProgramScalar> into)
        {
            switch (e)
            {
                case ScalarExpr s when !into.Contains(program.Scalars[s.Scalar]): into.Add(program.Scalars[s.Scalar]); break;
                case UnaryExpr u: CollectScalars(u.Operand, program, into); break;
                case BinaryExpr b: CollectScalars(b.Left, program, into); CollectScalars(b.Right, program, into); break;
            }
        }

        private void Collect(BoundExpr e, List<Access> into)
        {
            switch (e)
            {
                case LoadExpr or PartExpr:
                    if (_access(e) is { } a) into.Add(a);
                    break;
                case UnaryExpr u: Collect(u.Operand, into); break;
                case BinaryExpr b: Collect(b.Left, into); Collect(b.Right, into); break;
            }
        }

        // The value as a vector expression of one width: what moves with the innermost index is loaded, the rest broadcast.
        private string Vector(BoundExpr e, string vector, string inner)
        {
            string T = _names.T;
            string Broadcast(string scalar) => $"{vector}.Create({scalar})";
            switch (e)
            {
                case ConstExpr or ScalarExpr:
                    return Broadcast(_scalar.Emit(e));
                case LoadExpr or PartExpr:
                {
                    var a = _access(e)!;
                    return a.StrideAlong(inner) is null ? Broadcast(a.Element) : $"{vector}.LoadUnsafe(ref {a.Reference}, (nuint)({a.Offset}))";
                }
                case UnaryExpr u:
                {
                    string x = Vector(u.Operand, vector, inner);
                    return u.Op switch
                    {
                        UnaryOp.Negate => $"(-{x})",
                        UnaryOp.Exp => $"{vector}.Exp({x})",
                        UnaryOp.Log => $"{vector}.Log({x})",
                        UnaryOp.Sqrt => $"{vector}.Sqrt({x})",
                        UnaryOp.Abs => $"{vector}.Abs({x})",
                        UnaryOp.Sigmoid => $"({vector}<{T}>.One / ({vector}<{T}>.One + {vector}.Exp(-{x})))",
                        UnaryOp.Relu => $"{vector}.Max({x}, {vector}<{T}>.Zero)",
                        UnaryOp.Step => $"{vector}.ConditionalSelect({vector}.GreaterThan({x}, {vector}<{T}>.Zero), {vector}<{T}>.One, {vector}<{T}>.Zero)",
                        _ => throw new InvalidOperationException("no vector form of " + u.Op),
                    };
                }
                case BinaryExpr b:
                {
                    string l = Vector(b.Left, vector, inner), r = Vector(b.Right, vector, inner);
                    return b.Op switch
                    {
                        BinaryOp.Add => $"({l} + {r})",
                        BinaryOp.Subtract => $"({l} - {r})",
                        BinaryOp.Multiply => $"({l} * {r})",
                        BinaryOp.Divide => $"({l} / {r})",
                        BinaryOp.Max => $"{vector}.Max({l}, {r})",
                        _ => $"{vector}.Min({l}, {r})",
                    };
                }
                default:
                    throw new InvalidOperationException("no vector form of " + e.GetType().Name);
            }
        }
    }
}
