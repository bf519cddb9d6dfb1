using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// <c>[TensorProgram]</c>: every parameter tensor, outputs included, has exactly the rank it is used with and exactly
    /// the size of each index it carries (no broadcasting); indices tied through an intermediate share one size class, the
    /// size key. The contract is read from the bound program (<see cref="FromProgram"/>), as it is for every attribute that
    /// lowers to one — an <c>[Einsum]</c>, an <c>[EquivariantPolynomial]</c> — which mirrors the one runtime binder the
    /// generated code calls (<c>TensorDsl.Runtime.ShapeBinding</c>).
    /// </summary>
    internal sealed class ProgramContractReader : IKernelContractReader
    {
        /// <inheritdoc/>
        public KernelContract? TryRead(IMethodSymbol method, AttributeData attribute)
        {
            if (!MethodSignatureReader.TryReadProgram(attribute, out string text)) return null;
            var program = ProgramBinder.Bind(text, MethodSignatureReader.Read(method), MethodSignatureReader.ReadDims(method)).Program;
            return program is null ? null : FromProgram(program, $"{method.Name} [TensorProgram]", t => t.Parameter);
        }

        /// <summary>
        /// The contract of a bound program: one slot per parameter tensor (a size key per size class, the <c>...</c> group
        /// where it stands), the program's broadcasting rule, its <c>[Dim]</c> sizes, and a rank-0 result's shape [1].
        /// </summary>
        /// <param name="program">The program.</param>
        /// <param name="kernel">The kernel, for messages.</param>
        /// <param name="parameter">The parameter that holds a tensor (a polynomial passes one x for every operand).</param>
        public static KernelContract FromProgram(BoundProgram program, string kernel, Func<ProgramTensor, int> parameter)
        {
            var slots = new List<TensorSlot>();
            bool scalarOutput = false;
            for (int t = 0; t < program.Tensors.Count; t++)
            {
                var tensor = program.Tensors[t];
                if (tensor.Kind == ProgramTensorKind.Intermediate || tensor.Parameter < 0 || tensor.Rank < 0) continue;
                var keys = new string[tensor.Rank];
                var names = new string[tensor.Rank];
                var isGroup = new bool[tensor.Rank];
                for (int a = 0; a < keys.Length; a++)
                {
                    // An axis no statement constrains gets a key of its own; in an einsum only the '...' group's does.
                    keys[a] = $"{tensor.Name}#{a}";
                    names[a] = $"axis {a}";
                    isGroup[a] = true;
                }
                foreach (var use in program.Uses)
                {
                    if (use.Tensor != t) continue;
                    int position = use.Axis >= 0 ? use.Axis : tensor.Rank + use.Axis;
                    if (position < 0 || position >= keys.Length) continue;
                    keys[position] = "class#" + use.Class;
                    names[position] = $"index '{use.Index}'";
                    isGroup[position] = false;
                }
                int group = program.HasEllipsis ? Array.IndexOf(isGroup, true) : -1;
                var named = Enumerable.Range(0, keys.Length).Where(a => a != group).ToArray();
                bool output = tensor.Kind == ProgramTensorKind.Output;
                scalarOutput |= output && tensor.Rank == 0;
                slots.Add(new TensorSlot(parameter(tensor), tensor.Name, output, named.Select(a => keys[a]).ToArray(), named.Select(a => names[a]).ToArray(), group));
            }

            var fixedSizes = new Dictionary<string, FixedSize>();
            for (int c = 0; c < program.Classes.Count; c++)
            {
                var cls = program.Classes[c];
                if (cls.StaticSize == 0) continue;
                // A gaunt[…] harmonic axis is exact; a [Dim] size broadcasts where the program does.
                string? source = program.StaticSource(c);
                fixedSizes["class#" + c] = new FixedSize(cls.StaticSize, source ?? $"[Dim(\"{cls.Name}\", {cls.StaticSize})]", Exact: source is not null || !program.Broadcasting);
            }
            return new KernelContract(kernel, slots.OrderBy(s => s.Parameter).ToArray(), broadcasts: program.Broadcasting, sameRank: false,
                scalarOutput, fixedSizes, program.Broadcasting ? "broadcast axis" : "axis");
        }
    }
}
