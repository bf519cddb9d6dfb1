using TensorDsl.Analyzers.CallSites.Contracts;
using TensorDsl.Analyzers.CallSites.Shapes;

namespace TensorDsl.Analyzers.CallSites.Checking
{
    /// <summary>
    /// The texts of TDSL0030 and TDSL0031. Each names the index (or axis), both sizes and where each came from: the
    /// argument's parameter name and the line and expression that gave its shape.
    /// </summary>
    internal static class CallSiteMessages
    {
        /// <summary><c>argument 'a' (line 12: new TensorSpan&lt;float&gt;(…))</c>.</summary>
        public static string From(TensorSlot slot, KnownShape shape) => $"{Role(slot)} '{slot.Name}' ({shape.Origin})";

        public static string Conflict(string name, TensorSlot first, long firstSize, KnownShape firstShape, TensorSlot slot, long size, KnownShape shape, bool broadcasts)
            => $"{Capitalize(name)} is {firstSize} from {From(first, firstShape)} but {size} in {From(slot, shape)}"
               + (broadcasts ? "; sizes of one index must be equal or 1" : "; every use of an index has one size");

        public static string Diagonal(string name, TensorSlot slot, int firstAxis, long firstSize, int axis, long size, KnownShape shape)
            => $"{Capitalize(name)} is repeated in {From(slot, shape)} (a diagonal) but its axes {firstAxis} and {axis} have sizes {firstSize} and {size}";

        public static string Fixed(string name, FixedSize fixedSize, TensorSlot slot, long size, KnownShape shape)
            => $"{Capitalize(name)} is {fixedSize.Size} ({fixedSize.Source}) but {size} in {From(slot, shape)}";

        public static string FixedButAllOnes(string key, FixedSize fixedSize, TensorSlot slot, KnownShape shape)
        {
            int k = System.Array.IndexOf(slot.Keys, key);
            string name = k >= 0 ? slot.Names[k] : "an axis";
            return $"{Capitalize(name)} is {fixedSize.Size} ({fixedSize.Source}) but 1 in {From(slot, shape)} and in every other argument that has it";
        }

        public static string Output(string name, long expected, string source, TensorSlot slot, long size, KnownShape shape)
            => $"{Capitalize(name)} of the result is {expected} from {source} but {size} in {From(slot, shape)}";

        public static string ScalarOutput(KernelContract contract, TensorSlot slot, KnownShape shape)
            => $"The result of {contract.Kernel} is a scalar, so {From(slot, shape)} must have shape [1] but has shape {shape.Display}";

        public static string Rank(KernelContract contract, TensorSlot slot, KnownShape shape)
            => $"{Capitalize(From(slot, shape))} has rank {shape.Rank} (shape {shape.Display}) but {contract.Kernel} uses it with "
               + (slot.HasEllipsis ? $"at least {slot.Keys.Length} axes" : $"{slot.Keys.Length} axes");

        public static string SameRank(KernelContract contract, TensorSlot first, KnownShape firstShape, TensorSlot slot, KnownShape shape)
            => $"{Capitalize(From(slot, shape))} has rank {shape.Rank} but {From(first, firstShape)} has rank {firstShape.Rank}; the tensors of {contract.Kernel} have one rank (size-1 axes broadcast)";

        public static string OutputRank(KernelContract contract, TensorSlot slot, KnownShape shape, int expectedRank, int extra, TensorSlot? source, KnownShape? sourceShape)
        {
            string broadcast = source is null || sourceShape is null ? "no '...' axes" : $"{extra} '...' axes from {From(source, sourceShape)}";
            return slot.HasEllipsis
                ? $"{Capitalize(From(slot, shape))} has rank {shape.Rank} but the result of {contract.Kernel} has rank {expectedRank} ({slot.Keys.Length} named axes and {broadcast})"
                : $"{Capitalize(From(slot, shape))} has no '...' in {contract.Kernel}, but the inputs have {broadcast}; they have nowhere to go";
        }

        private static string Role(TensorSlot slot) => slot.IsOutput ? "output argument" : "argument";

        private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);
    }
}
