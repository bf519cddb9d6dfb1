using System;
using System.Collections.Generic;
using TensorDsl.Analyzers.CallSites.Contracts;
using TensorDsl.Analyzers.CallSites.Shapes;
using TensorDsl.Language;

namespace TensorDsl.Analyzers.CallSites.Checking
{
    /// <summary>
    /// Checks the known argument shapes of one call against a kernel's contract, with exactly the rules the generated
    /// entry point applies at run time (ShapeBinding, GauntRows), and reports only what is certain:
    /// a conflict between two known lengths, a known length against a fixed size, a known output length against a proven
    /// result length. An unknown argument or length is a wildcard that could be anything — including 1, which broadcasts.
    /// </summary>
    internal static class ShapeChecker
    {
        private sealed class KeyState
        {
            public long Size = -1;   // the bound size so far (NumPy: a size > 1 replaces a 1)
            public int Slot = -1;    // the argument that gave it
            public bool Unknown;     // some contributor's length is not known
            public bool Failed;      // already reported: no further conclusions about this key
            public int FirstSlot = -1;
        }

        /// <summary>Checks <paramref name="shapes"/> (one per tensor slot, null = unknown) against <paramref name="contract"/>.</summary>
        public static ShapeCheckResult Check(KernelContract contract, KnownShape?[] shapes)
        {
            var tensors = contract.Tensors;
            var mismatches = new List<ShapeMismatch>();
            var reported = new bool[tensors.Length];
            void Report(int slot, string id, string message)
            {
                if (reported[slot]) return;
                reported[slot] = true;
                mismatches.Add(new ShapeMismatch(slot, id, message));
            }

            var usable = CheckRanks(contract, shapes, Report);

            // Broadcast ('...') axes: how many the inputs give, and whether every input with '...' is known.
            int maxExtra = 0, maxExtraSlot = -1;
            bool extrasKnown = true;
            for (int t = 0; t < tensors.Length; t++)
            {
                if (tensors[t].IsOutput || !tensors[t].HasEllipsis) continue;
                if (!usable[t]) { extrasKnown = false; continue; }
                int extra = shapes[t]!.Rank - tensors[t].Keys.Length;
                if (extra > maxExtra) { maxExtra = extra; maxExtraSlot = t; }
            }
            if (contract.Broadcasts) CheckOutputRanks(contract, shapes, usable, maxExtra, maxExtraSlot, extrasKnown, Report);

            // Sizes, contributor by contributor in parameter order (as the generated code binds them).
            var states = new Dictionary<string, KeyState>();
            KeyState State(string key)
            {
                if (!states.TryGetValue(key, out var s)) states[key] = s = new KeyState();
                return s;
            }
            bool ellipsisUnknown = false;
            for (int t = 0; t < tensors.Length; t++)
            {
                var slot = tensors[t];
                if (contract.Broadcasts && slot.IsOutput) continue;
                if (!usable[t])
                {
                    foreach (var key in slot.Keys) State(key).Unknown = true;
                    if (slot.HasEllipsis) ellipsisUnknown = true;
                    continue;
                }
                var shape = shapes[t]!;
                int extra = slot.HasEllipsis ? shape.Rank - slot.Keys.Length : 0;
                var firstAxis = new Dictionary<string, int>();
                for (int axis = 0; axis < shape.Rank; axis++)
                {
                    string key = KeyAt(slot, axis, extra, out int position);
                    var state = State(key);
                    long length = shape.Lengths[axis];
                    if (length == KnownShape.Unknown) { state.Unknown = true; continue; }
                    if (firstAxis.TryGetValue(key, out int first))
                    {
                        // A repeated index within one tensor (a diagonal): its axes have one size, 1 included.
                        long other = shape.Lengths[first];
                        if (other != KnownShape.Unknown && other != length)
                        {
                            Report(t, DiagnosticIds.CallSiteShapeMismatch, CallSiteMessages.Diagonal(Name(contract, slot, position, axis), slot, first, other, axis, length, shape));
                        }
                        continue;
                    }
                    firstAxis[key] = axis;
                    if (state.Failed) continue;
                    if (contract.FixedSizes.TryGetValue(key, out var fixedSize) && length != fixedSize.Size
                        && (fixedSize.Exact || !contract.Broadcasts || length != 1))
                    {
                        Report(t, DiagnosticIds.CallSiteShapeMismatch, CallSiteMessages.Fixed(Name(contract, slot, position, axis), fixedSize, slot, length, shape));
                        state.Failed = true;
                        continue;
                    }
                    if (state.FirstSlot < 0) state.FirstSlot = t;
                    if (state.Size == -1 || (contract.Broadcasts && state.Size == 1 && length != 1))
                    {
                        state.Size = length;
                        state.Slot = t;
                    }
                    else if ((!contract.Broadcasts || length != 1) && length != state.Size)
                    {
                        var source = tensors[state.Slot];
                        Report(t, DiagnosticIds.CallSiteShapeMismatch, CallSiteMessages.Conflict(Name(contract, slot, position, axis), source, state.Size, shapes[state.Slot]!, slot, length, shape, contract.Broadcasts));
                        state.Failed = true;
                    }
                }
            }

            // Proven size of a key: a fixed size, a bound size above 1, or 1 when every contributor is known and is 1.
            long Proven(string key, out string source)
            {
                source = "";
                if (contract.FixedSizes.TryGetValue(key, out var f)) { source = f.Source; return f.Size; }
                if (!states.TryGetValue(key, out var s) || s.Failed || s.Size == -1) return KnownShape.Unknown;
                if (s.Size != 1) { source = CallSiteMessages.From(tensors[s.Slot], shapes[s.Slot]!); return s.Size; }
                if (s.Unknown || (IsEllipsisKey(key) && ellipsisUnknown)) return KnownShape.Unknown;
                source = "the inputs (all of size 1)";
                return 1;
            }

            // A [Dim] that every known, complete set of contributors contradicts by broadcasting to 1.
            foreach (var entry in contract.FixedSizes)
            {
                if (!states.TryGetValue(entry.Key, out var s) || s.Failed || s.Size != 1 || s.Unknown || entry.Value.Size == 1 || s.FirstSlot < 0) continue;
                if (IsEllipsisKey(entry.Key) && ellipsisUnknown) continue;
                Report(s.FirstSlot, DiagnosticIds.CallSiteShapeMismatch, CallSiteMessages.FixedButAllOnes(entry.Key, entry.Value, tensors[s.FirstSlot], shapes[s.FirstSlot]!));
            }

            // The output: exactly the proven result shape.
            long[]? expectedOutput = null;
            int outputSlot = Array.FindIndex(tensors, x => x.IsOutput);
            if (outputSlot >= 0)
            {
                var slot = tensors[outputSlot];
                int rank = contract.ScalarOutput ? 1
                    : !slot.HasEllipsis ? slot.Keys.Length
                    : contract.SameRank ? SameRankOf(shapes, usable)
                    : extrasKnown ? slot.Keys.Length + maxExtra : -1;
                if (rank >= 0)
                {
                    expectedOutput = new long[rank];
                    int extra = slot.HasEllipsis ? rank - slot.Keys.Length : 0;
                    for (int axis = 0; axis < rank; axis++)
                    {
                        expectedOutput[axis] = contract.ScalarOutput ? 1 : Proven(KeyAt(slot, axis, extra, out _), out _);
                    }
                }
                if (contract.Broadcasts && usable[outputSlot] && !contract.ScalarOutput)
                {
                    var shape = shapes[outputSlot]!;
                    int extra = slot.HasEllipsis ? shape.Rank - slot.Keys.Length : 0;
                    for (int axis = 0; axis < shape.Rank; axis++)
                    {
                        long length = shape.Lengths[axis];
                        if (length == KnownShape.Unknown) continue;
                        string key = KeyAt(slot, axis, extra, out int position);
                        long expected = Proven(key, out string source);
                        if (expected != KnownShape.Unknown && expected != length)
                        {
                            Report(outputSlot, DiagnosticIds.CallSiteShapeMismatch, CallSiteMessages.Output(Name(contract, slot, position, axis), expected, source, slot, length, shape));
                        }
                    }
                }
            }
            return new ShapeCheckResult(mismatches, expectedOutput);
        }

        // Rank rules; returns which arguments are known and of a usable rank.
        private static bool[] CheckRanks(KernelContract contract, KnownShape?[] shapes, Action<int, string, string> report)
        {
            var tensors = contract.Tensors;
            var usable = new bool[tensors.Length];
            int firstRanked = -1;
            for (int t = 0; t < tensors.Length; t++)
            {
                var shape = shapes[t];
                if (shape is null) continue;
                var slot = tensors[t];
                if (slot.IsOutput && contract.ScalarOutput)
                {
                    if (shape.Rank != 1) report(t, DiagnosticIds.CallSiteRankMismatch, CallSiteMessages.ScalarOutput(contract, slot, shape));
                    else if (shape.Lengths[0] != 1 && shape.Lengths[0] != KnownShape.Unknown) report(t, DiagnosticIds.CallSiteShapeMismatch, CallSiteMessages.ScalarOutput(contract, slot, shape));
                    continue;
                }
                if (slot.HasEllipsis ? shape.Rank < slot.Keys.Length : shape.Rank != slot.Keys.Length)
                {
                    report(t, DiagnosticIds.CallSiteRankMismatch, CallSiteMessages.Rank(contract, slot, shape));
                    continue;
                }
                if (slot.HasEllipsis && shape.Rank - slot.Keys.Length > 16) continue; // the runtime's own limit; not this check's business
                if (contract.SameRank)
                {
                    if (firstRanked < 0) firstRanked = t;
                    else if (shapes[firstRanked]!.Rank != shape.Rank)
                    {
                        report(t, DiagnosticIds.CallSiteRankMismatch, CallSiteMessages.SameRank(contract, tensors[firstRanked], shapes[firstRanked]!, slot, shape));
                        continue;
                    }
                }
                usable[t] = true;
            }
            return usable;
        }

        private static void CheckOutputRanks(KernelContract contract, KnownShape?[] shapes, bool[] usable, int maxExtra, int maxExtraSlot, bool extrasKnown,
            Action<int, string, string> report)
        {
            if (contract.SameRank || contract.ScalarOutput) return;
            for (int t = 0; t < contract.Tensors.Length; t++)
            {
                var slot = contract.Tensors[t];
                if (!slot.IsOutput || !usable[t]) continue;
                var shape = shapes[t]!;
                int extra = slot.HasEllipsis ? shape.Rank - slot.Keys.Length : 0;
                bool wrong = slot.HasEllipsis ? extra < maxExtra || (extrasKnown && extra > maxExtra) : maxExtra > 0;
                if (!wrong) continue;
                var source = maxExtraSlot >= 0 ? contract.Tensors[maxExtraSlot] : null;
                report(t, DiagnosticIds.CallSiteRankMismatch,
                    CallSiteMessages.OutputRank(contract, slot, shape, slot.Keys.Length + maxExtra, maxExtra, source, maxExtraSlot >= 0 ? shapes[maxExtraSlot] : null));
                usable[t] = false;
            }
        }

        private static int SameRankOf(KnownShape?[] shapes, bool[] usable)
        {
            for (int t = 0; t < shapes.Length; t++)
            {
                if (usable[t]) return shapes[t]!.Rank;
            }
            return -1;
        }

        /// <summary>
        /// The size key of <paramref name="axis"/>: the named axis' key, or for a '...' axis its position counted from the
        /// right (NumPy aligns broadcast axes right). <paramref name="position"/> is the named position, or -(k) for the k-th
        /// '...' axis from the right.
        /// </summary>
        private static string KeyAt(TensorSlot slot, int axis, int extra, out int position)
        {
            if (!slot.HasEllipsis || axis < slot.EllipsisPosition)
            {
                position = axis;
                return slot.Keys[axis];
            }
            if (axis < slot.EllipsisPosition + extra)
            {
                int fromRight = extra - (axis - slot.EllipsisPosition);
                position = -fromRight;
                return "..." + fromRight;
            }
            position = axis - extra;
            return slot.Keys[axis - extra];
        }

        private static bool IsEllipsisKey(string key) => key.StartsWith("...", StringComparison.Ordinal);

        private static string Name(KernelContract contract, TensorSlot slot, int position, int axis)
        {
            if (position >= 0) return slot.Names[position];
            return contract.SameRank ? $"{contract.EllipsisAxisName} {axis}" : $"{contract.EllipsisAxisName} {-position} from the right ('...')";
        }
    }
}
