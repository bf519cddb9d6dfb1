using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace TensorDsl.Runtime
{
    /// <summary>
    /// The leading (batch, channel, …) axes of one <c>[GauntProduct]</c> call, bound and checked: called by generated code.
    /// <see cref="Bind"/> checks every shape (throwing <see cref="ArgumentException"/> before anything is written), gives
    /// broadcast axes a zero stride, drops axes of length 1 and merges axes that are contiguous in all three operands; then
    /// <see cref="Next"/> walks the rows (one row = one leading index) in row-major order of z, returning the element
    /// offsets of the row's first harmonic component in x, y and z.
    /// </summary>
    /// <remarks>
    /// The walker keeps its counters and the merged layout in a caller-provided span of at least
    /// <see cref="StateLength"/>(rank) elements (generated code passes a <c>stackalloc</c> buffer), so binding allocates nothing.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ref struct GauntRows
    {
        /// <summary>A <c>stackalloc</c> of this many elements holds the state of any rank up to 13.</summary>
        public const int StackStateLength = 60;

        private readonly Span<nint> _state; // [lengths | x strides | y strides | z strides | counters], Axes each
        private nint _ox, _oy, _oz;

        private GauntRows(Span<nint> state, int axes, nint count)
        {
            _state = state;
            Axes = axes;
            Count = count;
            _ox = _oy = _oz = 0;
        }

        /// <summary>The number of rows: the product of z's leading lengths.</summary>
        public nint Count { get; }

        /// <summary>The number of leading axes left after dropping length-1 axes and merging contiguous ones.</summary>
        public int Axes { get; }

        /// <summary>Elements of state that <see cref="Bind"/> needs for operands of rank <paramref name="rank"/>.</summary>
        public static int StateLength(int rank) => 5 * Math.Max(rank - 1, 0);

        /// <summary>Length of merged leading axis <paramref name="axis"/>.</summary>
        public readonly nint Length(int axis) => _state[axis];

        /// <summary>Element stride of x along merged leading axis <paramref name="axis"/> (0 where x broadcasts).</summary>
        public readonly nint StrideX(int axis) => _state[Axes + axis];

        /// <summary>Element stride of y along merged leading axis <paramref name="axis"/> (0 where y broadcasts).</summary>
        public readonly nint StrideY(int axis) => _state[2 * Axes + axis];

        /// <summary>Element stride of z along merged leading axis <paramref name="axis"/>.</summary>
        public readonly nint StrideZ(int axis) => _state[3 * Axes + axis];

        /// <summary>
        /// Checks the shapes of a call and binds its rows. x, y and z must have the same rank ≥ 1; the last axes must have
        /// (l + 1)² elements for the respective degree bound; leading axes of x and y must be equal or 1, and z's must equal
        /// their broadcast.
        /// </summary>
        /// <exception cref="ArgumentException">A shape does not fit; the message names the operand, the axis and both sizes.</exception>
        public static GauntRows Bind(
            string xName, ReadOnlySpan<nint> xLengths, ReadOnlySpan<nint> xStrides,
            string yName, ReadOnlySpan<nint> yLengths, ReadOnlySpan<nint> yStrides,
            string zName, ReadOnlySpan<nint> zLengths, ReadOnlySpan<nint> zStrides,
            int l1, int l2, int lOut, Span<nint> state)
        {
            int rank = zLengths.Length;
            if (rank < 1) throw new ArgumentException($"'{zName}' has rank 0; a [GauntProduct] tensor has at least its harmonic axis", zName);
            if (xLengths.Length != rank)
            {
                throw new ArgumentException($"'{xName}' has rank {xLengths.Length} but '{zName}' has rank {rank}; x, y and z of a [GauntProduct] have the same number of leading axes (size-1 axes broadcast)", xName);
            }
            if (yLengths.Length != rank)
            {
                throw new ArgumentException($"'{yName}' has rank {yLengths.Length} but '{zName}' has rank {rank}; x, y and z of a [GauntProduct] have the same number of leading axes (size-1 axes broadcast)", yName);
            }
            int last = rank - 1;
            CheckHarmonic(xName, xLengths[last], last, "L1", l1);
            CheckHarmonic(yName, yLengths[last], last, "L2", l2);
            CheckHarmonic(zName, zLengths[last], last, "LOut", lOut);
            nint count = 1;
            for (int a = 0; a < last; a++)
            {
                nint nx = xLengths[a], ny = yLengths[a], nz = zLengths[a];
                nint b;
                if (nx == ny || ny == 1) b = nx;
                else if (nx == 1) b = ny;
                else
                {
                    throw new ArgumentException($"'{xName}' has size {nx} on axis {a} but '{yName}' has size {ny}; leading axes of a [GauntProduct] are equal or 1 (broadcast)", yName);
                }
                if (nz != b)
                {
                    throw new ArgumentException($"'{zName}' has size {nz} on axis {a} but the broadcast of '{xName}' ({nx}) and '{yName}' ({ny}) has size {b}", zName);
                }
                count *= nz;
            }
            if (state.Length < StateLength(rank))
            {
                throw new ArgumentException($"The row state holds {state.Length} elements; rank {rank} needs {StateLength(rank)}", nameof(state));
            }

            // Keep the axes that have more than one row, innermost last; merge an axis into the next inner one when it is
            // contiguous with it in all three operands (stride = inner stride × inner length).
            int axes = 0;
            Span<nint> lengths = state.Slice(0, last), sx = state.Slice(last, last), sy = state.Slice(2 * last, last), sz = state.Slice(3 * last, last);
            if (count > 0)
            {
                for (int a = 0; a < last; a++)
                {
                    nint n = zLengths[a];
                    if (n == 1) continue;
                    nint stepX = xLengths[a] == 1 ? 0 : xStrides[a];
                    nint stepY = yLengths[a] == 1 ? 0 : yStrides[a];
                    nint stepZ = zStrides[a];
                    if (axes > 0)
                    {
                        int p = axes - 1;
                        if (sx[p] == stepX * n && sy[p] == stepY * n && sz[p] == stepZ * n)
                        {
                            // The outer axis p steps over whole runs of this one: one axis of lengths[p]·n rows with this axis' strides.
                            lengths[p] *= n;
                            sx[p] = stepX;
                            sy[p] = stepY;
                            sz[p] = stepZ;
                            continue;
                        }
                    }
                    lengths[axes] = n;
                    sx[axes] = stepX;
                    sy[axes] = stepY;
                    sz[axes] = stepZ;
                    axes++;
                }
            }
            // Compact into [lengths | sx | sy | sz | counters] with 'axes' entries each.
            for (int a = 0; a < axes; a++) state[axes + a] = sx[a];
            for (int a = 0; a < axes; a++) state[2 * axes + a] = sy[a];
            for (int a = 0; a < axes; a++) state[3 * axes + a] = sz[a];
            state.Slice(4 * axes, axes).Clear();
            return new GauntRows(state.Slice(0, 5 * axes), axes, count);
        }

        /// <summary>
        /// The merged layout, 4·<see cref="Axes"/> values: lengths, then the x, y and z strides of each merged axis (the
        /// layout <see cref="TensorDsl.Equivariant.GauntFourier"/> and the parallel row driver read).
        /// </summary>
        internal readonly Span<nint> Layout => _state.Slice(0, 4 * Axes);

        /// <summary>
        /// A walker over rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of a bound layout
        /// (<paramref name="layout"/>: 4·<paramref name="axes"/> values as in <see cref="Layout"/>), its counters and offsets set
        /// to row <paramref name="first"/>; <paramref name="state"/> (at least 5·axes elements) receives a copy of the layout.
        /// One per thread of a parallel call.
        /// </summary>
        internal static GauntRows Range(ReadOnlySpan<nint> layout, int axes, nint first, nint count, Span<nint> state)
        {
            layout.Slice(0, 4 * axes).CopyTo(state);
            var rows = new GauntRows(state.Slice(0, 5 * axes), axes, count);
            nint rest = first;
            for (int a = axes - 1; a >= 0; a--)
            {
                nint n = state[a];
                nint i = rest % n;
                rest /= n;
                state[4 * axes + a] = i;
                rows._ox += i * state[axes + a];
                rows._oy += i * state[2 * axes + a];
                rows._oz += i * state[3 * axes + a];
            }
            return rows;
        }

        /// <summary>The offsets of the current row's first component in x, y and z (relative to element [0, …, 0]); then advances.</summary>
        public void Next(out nint ox, out nint oy, out nint oz)
        {
            ox = _ox;
            oy = _oy;
            oz = _oz;
            int axes = Axes;
            Span<nint> s = _state;
            for (int a = axes - 1; a >= 0; a--)
            {
                ref nint counter = ref s[4 * axes + a];
                nint stepX = s[axes + a], stepY = s[2 * axes + a], stepZ = s[3 * axes + a];
                if (++counter < s[a])
                {
                    _ox += stepX;
                    _oy += stepY;
                    _oz += stepZ;
                    return;
                }
                counter = 0;
                nint back = s[a] - 1;
                _ox -= back * stepX;
                _oy -= back * stepY;
                _oz -= back * stepZ;
            }
        }

        /// <summary>
        /// Copies <paramref name="count"/> elements from <paramref name="source"/> (every <paramref name="sourceStride"/>-th
        /// element) to <paramref name="destination"/> (every <paramref name="destinationStride"/>-th): how generated kernels
        /// move a row's components into and out of their block buffer. Strides may be 0 (a broadcast source). No checks: the
        /// caller has bound the shapes.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Copy<T>(ref T source, nint sourceStride, ref T destination, nint destinationStride, int count)
        {
            for (int i = 0; i < count; i++)
            {
                destination = source;
                source = ref Unsafe.Add(ref source, sourceStride);
                destination = ref Unsafe.Add(ref destination, destinationStride);
            }
        }

        private static void CheckHarmonic(string name, nint actual, int axis, string degreeName, int degree)
        {
            int expected = (degree + 1) * (degree + 1);
            if (actual != expected)
            {
                throw new ArgumentException($"'{name}' has size {actual} on axis {axis} (its harmonic axis), but {degreeName} = {degree} needs ({degreeName} + 1)² = {expected}", name);
            }
        }
    }
}
