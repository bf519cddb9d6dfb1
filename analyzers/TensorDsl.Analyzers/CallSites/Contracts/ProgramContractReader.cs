using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using TensorDsl.Generators.Binding;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Analyzers.CallSites.Contracts
{
    /// <summary>
    /// <c>[TensorProgram]</c>: every parameter tensor, outputs included, has exactly the rank it is used with and exactly
    /// the size of each index it carries (no broadcasting); indices tied through an intermediate share one size class, the
    /// size key. Mirrors the checks the generated code makes (<c>TensorDsl.Runtime.ShapeBinding</c> without broadcasting).
    /// </summary>
    internal sealed class ProgramContractReader : IKernelContractReader
    {
        /// <inheritdoc/>
        public KernelContract? TryRead(IMethodSymbol method, AttributeData attribute)
        {
            if (!MethodSignatureReader.TryReadProgram(attribute, out string text)) return null;
            var program = ProgramBinder.Bind(text, MethodSignatureReader.Read(method), MethodSignatureReader.ReadDims(method)).Program;
            if (program is null) return null;

            var slots = new List<TensorSlot>();
            for (int t = 0; t < program.Tensors.Count; t++)
            {
                var tensor = program.Tensors[t];
                if (tensor.Kind == ProgramTensorKind.Intermediate || tensor.Parameter < 0 || tensor.Rank < 0) continue;
                var keys = new string[tensor.Rank];
                var names = new string[tensor.Rank];
                for (int a = 0; a < keys.Length; a++)
                {
                    // An axis no statement constrains gets a key of its own.
                    keys[a] = $"{tensor.Name}#{a}";
                    names[a] = $"axis {a}";
                }
                foreach (var use in program.Uses)
                {
                    if (use.Tensor != t || use.Axis >= keys.Length) continue;
                    keys[use.Axis] = "class#" + use.Class;
                    names[use.Axis] = $"index '{use.Index}'";
                }
                slots.Add(new TensorSlot(tensor.Parameter, tensor.Name, tensor.Kind == ProgramTensorKind.Output, keys, names, -1));
            }
            slots.Sort((a, b) => a.Parameter.CompareTo(b.Parameter));

            var fixedSizes = new Dictionary<string, FixedSize>();
            for (int c = 0; c < program.Classes.Count; c++)
            {
                var cls = program.Classes[c];
                if (cls.StaticSize > 0) fixedSizes["class#" + c] = new FixedSize(cls.StaticSize, $"[Dim(\"{cls.Name}\", {cls.StaticSize})]", Exact: true);
            }
            return new KernelContract($"{method.Name} [TensorProgram]", slots.ToArray(), broadcasts: false, sameRank: false,
                scalarOutput: false, fixedSizes, "axis");
        }
    }
}
