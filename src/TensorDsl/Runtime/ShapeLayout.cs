using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace TensorDsl.Runtime
{
    /// <summary>The role of a tensor in a <see cref="ShapeLayout"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public enum ShapeRole
    {
        /// <summary>Read by the kernel: its axes give the indices' sizes (and, with broadcasting, an axis of length 1 broadcasts).</summary>
        Input,
        /// <summary>Written by the kernel: every axis must have its index's size, and no axis of length &gt; 1 may have stride 0.</summary>
        Output,
    }

    /// <summary>
    /// The call-time description of one generated kernel's shapes, made once per method from the one bound IR
    /// (docs/design.md §3): its parameter tensors, the index at each of their axes, the indices' names and <c>[Dim]</c>
    /// sizes, and whether NumPy's broadcasting applies (an <c>[Einsum]</c>) or every axis must have its index's size (a
    /// <c>[TensorProgram]</c>). <see cref="ShapeBinding"/> binds a call against it.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class ShapeLayout
    {
        /// <summary>The largest number of axes the <c>...</c> group of an einsum may have at a call.</summary>
        public const int MaxEllipsisRank = 16;

        /// <summary>In an axis pattern, the position of the <c>...</c> group.</summary>
        public const int Group = -1;

        private readonly string[] _tensorNames;  // "input 'a'": built once, the binder runs on every call and must not allocate
        private readonly int[] _positionStart;   // per tensor: its first entry in the binder's per-position strides

        private ShapeLayout(string description, string[] names, ShapeRole[] roles, int[][] axes, string[] indexNames, nint[] staticSizes, bool broadcasting, int[] ties,
            string?[]? staticSources)
        {
            StaticSources = staticSources ?? new string?[indexNames.Length];
            Ties = ties;
            Description = description;
            Names = names;
            Roles = roles;
            Axes = axes;
            IndexNames = indexNames;
            StaticSizes = staticSizes;
            Broadcasting = broadcasting;
            _tensorNames = new string[names.Length];
            _positionStart = new int[names.Length + 1];
            GroupPosition = new int[names.Length];
            for (int t = 0; t < names.Length; t++)
            {
                _tensorNames[t] = $"{(roles[t] == ShapeRole.Input ? "input" : "output")} '{names[t]}'";
                GroupPosition[t] = Array.IndexOf(axes[t], Group);
                _positionStart[t + 1] = _positionStart[t] + axes[t].Length;
            }
            ScratchLength = 2 * indexNames.Length + names.Length * indexNames.Length + _positionStart[names.Length]
                + 2 * MaxEllipsisRank + names.Length * MaxEllipsisRank;
        }

        /// <summary>Describes a kernel; every array is kept, not copied.</summary>
        /// <param name="description">What the messages call the kernel: <c>einsum "ij,jk-&gt;ik"</c>, <c>the program of MatMul</c>.</param>
        /// <param name="names">The parameter tensors' names, as declared.</param>
        /// <param name="roles">Each tensor's role.</param>
        /// <param name="axes">Each tensor's axes in order: the id of the index there (a position in <paramref name="indexNames"/>),
        /// or <see cref="Group"/> where the <c>...</c> group stands (at most once per tensor).</param>
        /// <param name="indexNames">The indices (size classes), by id.</param>
        /// <param name="staticSizes">The <c>[Dim]</c> size of each index, 0 where it is known only at the call.</param>
        /// <param name="broadcasting">NumPy's rule: an input axis of length 1 broadcasts against any size of its index.</param>
        /// <param name="ties">Axes a program uses with a second index (<c>x[i,j]</c> in one statement, <c>x[j,i]</c> in another), as
        /// triples (tensor, axis, index id): the axis must fit that index too.</param>
        /// <param name="staticSources">What fixes each static size, for messages (null entries, or no array: a <c>[Dim]</c>); a
        /// harmonic index of <c>gaunt[…]</c> says its degree, and its size is exact (an axis of length 1 does not broadcast).</param>
        public static ShapeLayout Create(string description, string[] names, ShapeRole[] roles, int[][] axes, string[] indexNames, nint[] staticSizes, bool broadcasting,
            int[]? ties = null, string?[]? staticSources = null)
        {
            if (staticSources is not null && staticSources.Length != indexNames.Length) throw new ArgumentException("One source per index", nameof(staticSources));
            ties ??= Array.Empty<int>();
            if (ties.Length % 3 != 0) throw new ArgumentException("Ties are (tensor, axis, index) triples", nameof(ties));
            for (int k = 0; k < ties.Length; k += 3)
            {
                if ((uint)ties[k] >= (uint)names.Length || (uint)ties[k + 1] >= (uint)axes[ties[k]].Length || (uint)ties[k + 2] >= (uint)indexNames.Length
                    || Array.IndexOf(axes[ties[k]], Group) >= 0)
                {
                    throw new ArgumentException($"Tie {k / 3} is out of range", nameof(ties));
                }
            }
            ArgumentNullException.ThrowIfNull(description);
            if (names.Length != roles.Length || names.Length != axes.Length || indexNames.Length != staticSizes.Length)
            {
                throw new ArgumentException("Every tensor needs a name, a role and axes, and every index a static size (0 when it has none)");
            }
            foreach (var pattern in axes)
            {
                int groups = 0;
                foreach (int id in pattern)
                {
                    if (id == Group) groups++;
                    else if ((uint)id >= (uint)indexNames.Length) throw new ArgumentException($"Index id {id} is out of range", nameof(axes));
                }
                if (groups > 1) throw new ArgumentException("A tensor has at most one '...' group", nameof(axes));
            }
            return new ShapeLayout(description, names, roles, axes, indexNames, staticSizes, broadcasting, ties, staticSources);
        }

        /// <summary>What the messages call the kernel.</summary>
        public string Description { get; }

        /// <summary>The parameter tensors' names.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>Each tensor's role.</summary>
        public IReadOnlyList<ShapeRole> Roles { get; }

        /// <summary>Index names, by id.</summary>
        public IReadOnlyList<string> IndexNames { get; }

        /// <summary>True when an input axis of length 1 broadcasts.</summary>
        public bool Broadcasting { get; }

        /// <summary>Number of parameter tensors.</summary>
        public int TensorCount => _tensorNames.Length;

        /// <summary>Length of the scratch span a <see cref="ShapeBinding"/> needs.</summary>
        public int ScratchLength { get; }

        internal int[][] Axes { get; }

        internal nint[] StaticSizes { get; }

        // What fixes each static size, for messages; null for a [Dim].
        internal string?[] StaticSources { get; }

        internal int[] Ties { get; }

        internal int[] GroupPosition { get; }

        internal int PositionStart(int tensor) => _positionStart[tensor];

        internal int PositionCount => _positionStart[_tensorNames.Length];

        internal string TensorName(int tensor) => _tensorNames[tensor];
    }
}
