using System.Collections.Generic;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Generators.Emit.Programs.Gpu
{
    /// <summary>ILGPU kernel code: elements through <c>ArrayView</c> indexing from each tensor's base offset, parameters from the metadata.</summary>
    internal sealed class GpuProgramDialect : IProgramDialect
    {
        private readonly ProgramNames _names;
        private readonly Dictionary<string, int> _elementScalars;

        public GpuProgramDialect(ProgramNames names, Dictionary<string, int> elementScalars)
        {
            _names = names;
            _elementScalars = elementScalars;
        }

        public string IndexType => "long";

        public string Element(LoadExpr load) => $"v_{_names.Bare(load.Tensor)}[b_{_names.Bare(load.Tensor)} + {_names.Offset(load)}]";

        public string ElementScalar(ProgramScalar scalar) => $"scal[{_elementScalars[scalar.Name]}]";

        public string IntegerScalar(ProgramScalar scalar) => "p_" + scalar.Name.TrimStart('@');

        public string MathClass(string elementType) => "global::TensorDsl.Gpu.DeviceMath";
    }
}
