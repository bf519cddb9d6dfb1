using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit.Cpu
{
    /// <summary>
    /// Emits one loop nest: a loop per index in the plan's order; each input is read at the shallowest loop where all of
    /// its indices are bound (hoisted products); the innermost loop runs through a vector helper
    /// (<see cref="CpuVectorKernelEmitter"/>) when its index has unit stride in every tensor it touches, and as a strided
    /// scalar loop otherwise, so any layout is correct. The output is accumulated into (the caller clears it first).
    /// </summary>
    internal sealed class LoopNestEmitter
    {
        private readonly CodeWriter _w;
        private readonly string _t;
        private readonly EinsumLoopPlan _plan;
        private readonly NestTensor[] _inputs;
        private readonly NestTensor _output;
        private readonly string _helper;
        private readonly System.Func<char, string> _size;
        private readonly string? _outerStart;
        private bool _split;

        /// <param name="w">Writer.</param>
        /// <param name="elementType">float or double.</param>
        /// <param name="plan">Loop order and hoisting.</param>
        /// <param name="inputs">Inputs, in the plan's operand order.</param>
        /// <param name="output">The tensor written.</param>
        /// <param name="helper">Name prefix of this nest's vector helper (<c>_Update</c>/<c>_Dot</c> is appended). Nests of
        /// different steps are emitted in separate blocks, so their locals do not clash.</param>
        /// <param name="size">The expression of a label's size (<c>n_i</c> in an einsum method); null for <c>n_{label}</c>.</param>
        public LoopNestEmitter(CodeWriter w, string elementType, EinsumLoopPlan plan, NestTensor[] inputs, NestTensor output, string helper, System.Func<char, string>? size = null)
            : this(w, elementType, plan, inputs, output, helper, size, outerStart: null)
        {
        }

        // outerStart: the nest runs only rows [__start, __end) of its outer loop (the body of a split nest).
        private LoopNestEmitter(CodeWriter w, string elementType, EinsumLoopPlan plan, NestTensor[] inputs, NestTensor output, string helper,
            System.Func<char, string>? size, string? outerStart)
        {
            _outerStart = outerStart;
            _size = size ?? (c => $"n_{c}");
            _w = w;
            _t = elementType;
            _plan = plan;
            _inputs = inputs;
            _output = output;
            _helper = helper;
        }

        /// <summary>
        /// Every loop walks the output (nothing is summed), so each element is written exactly once: the nest stores its
        /// value (<c>_Set</c>) instead of adding into a cleared output (<c>_Update</c>), which saves the clearing pass and a read
        /// per element. Set by the caller, which then does not clear the output.
        /// </summary>
        public bool Store { get; init; }

        private NestTensor Tensor(int t) => t < _inputs.Length ? _inputs[t] : _output;

        private string Name(int t) => t < _inputs.Length ? t.ToString() : "Out";

        /// <summary>
        /// Whether the outer loop may be split across threads: it walks an index of the output (so the threads' rows write
        /// disjoint elements), there is an inner loop, and at most four tensors (what <c>LoopParallel.For</c> pins).
        /// </summary>
        private bool CanSplit(bool ellipsis) =>
            !ellipsis && _outerStart is null && _plan.LoopOrder.Length >= 2 && _output.Has(_plan.LoopOrder[0]) && _inputs.Length + 1 <= 4;

        /// <summary>Emits the nest; with <paramref name="ellipsis"/>, inside a loop over the broadcast positions.</summary>
        public void Emit(bool ellipsis)
        {
            if (CanSplit(ellipsis))
            {
                EmitSplitCall();
                return;
            }
            int m = _inputs.Length;
            const string unit = "__unit";
            if (_plan.LoopOrder.Length > 0)
            {
                w($"// The innermost index '{_plan.Innermost}' runs vectorized when it has unit stride in every tensor it touches.");
                w($"bool {unit} = {UnitStrideCondition()};");
            }
            var offsets = Enumerable.Repeat("0", m + 1).ToArray();
            if (ellipsis)
            {
                w("// '...' broadcast dimensions: an outer loop over their positions, each with its own base offsets.");
                w("nint __positions = __bind.EllipsisCount;");
                using (_w.Block("for (nint __e = 0; __e < __positions; __e++)"))
                {
                    for (int t = 0; t <= m; t++)
                    {
                        if (Tensor(t).GroupStride is { } groupStride)
                        {
                            offsets[t] = $"off{Name(t)}";
                            w($"nint {offsets[t]} = __e * {groupStride};");
                            continue;
                        }
                        if (Tensor(t).BinderTensor < 0) continue;
                        offsets[t] = $"off{Name(t)}";
                        w($"nint {offsets[t]} = __bind.EllipsisOffset({Tensor(t).BinderTensor}, __e);");
                    }
                    EmitLevel(-1, offsets, null);
                }
            }
            else
            {
                EmitLevel(-1, offsets, null);
            }
        }

        /// <summary>Emits the vector helper this nest calls (none when it has no index loops), and the rows method of a split nest.</summary>
        public void EmitHelper()
        {
            if (_plan.LoopOrder.Length == 0) return;
            CpuVectorKernelEmitter.Emit(_w, _helper, _t, _plan.VectorOperands.Count, _plan.InnermostIsSummed, Store);
            if (_split) EmitRowsMethod();
        }

        // The tensors (inputs, then the output) and the values a split nest's rows method reads: every loop's size, then
        // each tensor's stride per label.
        private List<string> SplitArguments()
        {
            var args = _plan.LoopOrder.Select(_size).ToList();
            for (int t = 0; t <= _inputs.Length; t++) args.AddRange(Tensor(t).Labels.Select(Tensor(t).Stride));
            return args;
        }

        // The call site of a split nest: LoopParallel.For pins the tensors and runs the rows method on each thread's rows.
        private void EmitSplitCall()
        {
            _split = true;
            char outer = _plan.LoopOrder[0];
            string work = string.Join(" * ", _plan.LoopOrder.Select(c => $"(double){_size(c)}"));
            w($"// The outer index '{outer}' walks the output: its rows are split across the cores when the nest's work is large enough.");
            RowsSplitEmitter.EmitCall(_w, _t, _size(outer), work, Enumerable.Range(0, _inputs.Length + 1).Select(t => Tensor(t).Reference).ToList(), $"{_helper}_Rows", SplitArguments());
        }

        // The rows method of a split nest: the same nest over the rows [__start, __end), its tensors, sizes and strides read
        // back from the call's addresses and arguments.
        private void EmitRowsMethod()
        {
            int m = _inputs.Length;
            _w.Line();
            var references = Enumerable.Range(0, m + 1).Select(t => $"__r{t}").ToList();
            RowsSplitEmitter.EmitMethod(_w, _t, $"{_helper}_Rows", $"Rows [__start, __end) of the loop nest of {_helper}, run by LoopParallel on each thread's share.", references, () =>
            {
                var locals = new NestTensor[m + 1];
                int arg = _plan.LoopOrder.Length;
                for (int t = 0; t <= m; t++)
                {
                    int tensor = t;
                    string labels = Tensor(t).Labels;
                    foreach (char c in labels) w($"nint __s{t}_{c} = __args[{arg++}];");
                    locals[t] = new NestTensor(references[t], labels, c => $"__s{tensor}_{c}");
                }
                for (int k = 0; k < _plan.LoopOrder.Length; k++) w($"nint __n_{_plan.LoopOrder[k]} = __args[{k}];");
                var body = new LoopNestEmitter(_w, _t, _plan, locals.Take(m).ToArray(), locals[m], _helper, c => $"__n_{c}", outerStart: "__start") { Store = Store };
                body.Emit(ellipsis: false);
            });
        }

        private void w(string line) => _w.Line(line);

        private string UnitStrideCondition()
        {
            char c = _plan.Innermost;
            var terms = _plan.VectorOperands.Select(v => $"{_inputs[v].Stride(c)} == 1").ToList();
            if (!_plan.InnermostIsSummed) terms.Add($"{_output.Stride(c)} == 1");
            return string.Join(" && ", terms);
        }

        // What happens at loop depth 'depth' (-1 = before the first index loop): hoisted products, then the next loop.
        private void EmitLevel(int depth, string[] offsets, string? product)
        {
            int m = _inputs.Length;
            int inner = _plan.LoopOrder.Length - 1;

            // Inputs whose indices are all bound at this depth are read once here, not in the inner loops.
            var hoisted = Enumerable.Range(0, m).Where(i => _plan.HoistDepth[i] == depth && (depth != inner || inner < 0)).ToList();
            if (hoisted.Count > 0)
            {
                string name = depth < 0 ? "p" : "p_" + _plan.LoopOrder.Substring(0, depth + 1);
                var factors = new List<string>();
                if (product is not null) factors.Add(product);
                factors.AddRange(hoisted.Select(i => Element(i, offsets[i])));
                w($"{_t} {name} = {string.Join(" * ", factors)};");
                product = name;
            }

            if (inner < 0)
            {
                w($"{CpuKernelEmitter.Unsafe}.Add(ref {_output.Reference}, {offsets[m]}) {(Store ? "=" : "+=")} {product};");
                return;
            }
            if (depth + 1 == inner)
            {
                EmitInnermost(offsets, product);
                return;
            }

            char c = _plan.LoopOrder[depth + 1];
            // The body of a split nest runs its rows of the outer loop only.
            string from = depth == -1 && _outerStart is not null ? _outerStart : "0";
            string to = depth == -1 && _outerStart is not null ? "__end" : _size(c);
            using (_w.Block($"for (nint i_{c} = {from}; i_{c} < {to}; i_{c}++)"))
            {
                var next = (string[])offsets.Clone();
                string suffix = _plan.LoopOrder.Substring(0, depth + 2);
                for (int t = 0; t <= m; t++)
                {
                    if (!Tensor(t).Has(c)) continue;
                    next[t] = $"off{Name(t)}_{suffix}";
                    w($"nint {next[t]} = {Plus(offsets[t])}i_{c} * {Tensor(t).Stride(c)};");
                }
                EmitLevel(depth + 1, next, product);
            }
        }

        private void EmitInnermost(string[] offsets, string? product)
        {
            int m = _inputs.Length;
            char c = _plan.Innermost;
            var vector = _plan.VectorOperands.ToArray();
            string Strided() => string.Join(" * ", vector.Select(v => Element(v, $"{Plus(offsets[v])}i_{c} * {_inputs[v].Stride(c)}")));
            string vectorArgs = string.Join(", ", vector.Select(v => $"ref {_inputs[v].Reference}, {offsets[v]}"));
            const string unit = "__unit";

            if (_plan.InnermostIsSummed)
            {
                const string dot = "__dot";
                w($"// Innermost '{c}' is summed: a dot product.");
                w($"{_t} {dot};");
                using (_w.Block($"if ({unit})"))
                {
                    w($"{dot} = {_helper}_Dot({vectorArgs}, {_size(c)});");
                }
                using (_w.Block("else"))
                {
                    w($"{dot} = 0;");
                    w($"for (nint i_{c} = 0; i_{c} < {_size(c)}; i_{c}++) {dot} += {Strided()};");
                }
                w($"{CpuKernelEmitter.Unsafe}.Add(ref {_output.Reference}, {offsets[m]}) += {(product is null ? dot : $"{product} * {dot}")};");
            }
            else
            {
                string scale = product ?? "1";
                string op = Store ? "=" : "+=";
                w($"// Innermost '{c}' walks the output: out {op} {scale} * (product of the operands along '{c}').");
                using (_w.Block($"if ({unit})"))
                {
                    w($"{_helper}_{(Store ? "Set" : "Update")}(ref {_output.Reference}, {offsets[m]}, {vectorArgs}, {scale}, {_size(c)});");
                }
                using (_w.Block("else"))
                {
                    string lhs = $"{CpuKernelEmitter.Unsafe}.Add(ref {_output.Reference}, {Plus(offsets[m])}i_{c} * {_output.Stride(c)})";
                    w($"for (nint i_{c} = 0; i_{c} < {_size(c)}; i_{c}++) {lhs} {op} {(product is null ? Strided() : $"{product} * {Strided()}")};");
                }
            }
        }

        private string Element(int input, string offset) => $"{CpuKernelEmitter.Unsafe}.Add(ref {_inputs[input].Reference}, {offset})";

        private static string Plus(string offset) => offset == "0" ? "" : offset + " + ";
    }
}
