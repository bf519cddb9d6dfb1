using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Syntax;

namespace TensorDsl.Language.Programs.Binding
{
    /// <summary>The role of a tensor in a program.</summary>
    public enum ProgramTensorKind
    {
        /// <summary>A <c>ReadOnlyTensorSpan&lt;T&gt;</c> parameter: read, never written.</summary>
        Input,
        /// <summary>A <c>TensorSpan&lt;T&gt;</c> parameter: assigned by exactly one statement, never read.</summary>
        Output,
        /// <summary>A name defined by a statement that is no parameter: a specification, stored only if not fused.</summary>
        Intermediate,
    }

    /// <summary>A tensor of the program.</summary>
    /// <param name="Name">Its name in the program.</param>
    /// <param name="Kind">Input, output or intermediate.</param>
    /// <param name="Rank">Number of indices it is used with.</param>
    /// <param name="Parameter">The parameter ordinal, or -1 for an intermediate or for the rank-0 result a method returns
    /// (an <c>[Einsum]</c> that returns <c>T</c>).</param>
    /// <param name="Indices">For outputs and intermediates, the left-side indices of the defining statement; empty for inputs.</param>
    public sealed record ProgramTensor(string Name, ProgramTensorKind Kind, int Rank, int Parameter, EquatableArray<string> Indices);

    /// <summary>The type of a scalar parameter.</summary>
    public enum ScalarKind
    {
        /// <summary>The element type <c>T</c> (float or double).</summary>
        Element,
        /// <summary><c>int</c>: usable in <c>where</c> bounds and as a value.</summary>
        Integer,
    }

    /// <summary>A scalar parameter.</summary>
    public sealed record ProgramScalar(string Name, ScalarKind Kind, int Parameter);

    /// <summary>
    /// A set of index names that must have one size: an index keeps its size throughout the program, and an
    /// intermediate's axis ties the index it is defined with to every index it is used with.
    /// </summary>
    /// <param name="Members">The index names, first-appearance order; the first one names the class.</param>
    /// <param name="StaticSize">The size fixed by <c>[Dim]</c>, or 0 when it is known only at the call.</param>
    /// <param name="Source">The parameter axis that gives the size at the call (an entry of <see cref="BoundProgram.Uses"/>), or -1 when static.</param>
    public sealed record IndexClass(EquatableArray<string> Members, long StaticSize, int Source)
    {
        /// <summary>The name that stands for the class in generated code and messages.</summary>
        public string Name => Members[0];
    }

    /// <summary>One axis of a parameter tensor as used in the program: its length must equal the index's size.</summary>
    /// <param name="Tensor">Index into <see cref="BoundProgram.Tensors"/>.</param>
    /// <param name="Axis">The axis; counted from the end (−1 is the last axis) when it follows a <c>...</c> group, whose
    /// own number of axes is known only at the call.</param>
    /// <param name="Index">The index name at that axis.</param>
    /// <param name="Class">Index into <see cref="BoundProgram.Classes"/>.</param>
    public sealed record AxisUse(int Tensor, int Axis, string Index, int Class);

    /// <summary>A bound expression: names are resolved, indices are plain names whose sizes come from <see cref="BoundProgram.Classes"/>.</summary>
    public abstract record BoundExpr;

    /// <summary>A numeric literal.</summary>
    public sealed record ConstExpr(double Value) : BoundExpr;

    /// <summary>A scalar parameter (index into <see cref="BoundProgram.Scalars"/>).</summary>
    public sealed record ScalarExpr(int Scalar) : BoundExpr;

    /// <summary>An element of a tensor (index into <see cref="BoundProgram.Tensors"/>) at the given indices.</summary>
    public sealed record LoadExpr(int Tensor, EquatableArray<string> Indices) : BoundExpr;

    /// <summary>One-argument operations.</summary>
    public enum UnaryOp
    {
        /// <summary>−x</summary>
        Negate,
        /// <summary>eˣ</summary>
        Exp,
        /// <summary>ln x</summary>
        Log,
        /// <summary>√x</summary>
        Sqrt,
        /// <summary>|x|</summary>
        Abs,
        /// <summary>tanh x</summary>
        Tanh,
        /// <summary>1 / (1 + e⁻ˣ)</summary>
        Sigmoid,
        /// <summary>max(x, 0)</summary>
        Relu,
        /// <summary>The Heaviside step: 1 where x &gt; 0, else 0 (the derivative of <c>relu</c>; gradients use it for
        /// <c>max</c>, <c>abs</c> and <c>relu</c>).</summary>
        Step,
    }

    /// <summary>A one-argument operation.</summary>
    public sealed record UnaryExpr(UnaryOp Op, BoundExpr Operand) : BoundExpr;

    /// <summary>Two-argument operations.</summary>
    public enum BinaryOp
    {
        /// <summary>a + b</summary>
        Add,
        /// <summary>a − b</summary>
        Subtract,
        /// <summary>a · b</summary>
        Multiply,
        /// <summary>a / b</summary>
        Divide,
        /// <summary>max(a, b)</summary>
        Max,
        /// <summary>min(a, b)</summary>
        Min,
    }

    /// <summary>A two-argument operation.</summary>
    public sealed record BinaryExpr(BinaryOp Op, BoundExpr Left, BoundExpr Right) : BoundExpr;

    /// <summary>One term of an affine bound: <c>Coefficient · Name</c>, where the name is an index or an int parameter.</summary>
    public sealed record AffineTerm(string Name, bool IsParameter, long Coefficient);

    /// <summary>An affine bound <c>Σ terms + Constant</c>.</summary>
    public sealed record AffineBound(EquatableArray<AffineTerm> Terms, long Constant);

    /// <summary>
    /// The admitted range of a reduced index, from <c>where</c> constraints: <c>max(0, Lower…) ≤ j &lt; min(size, Upper…)</c>.
    /// Bounds depend only on indices bound outside the reduction (the statement's left side) and int parameters.
    /// </summary>
    public sealed record IndexRange(string Index, EquatableArray<AffineBound> Lower, EquatableArray<AffineBound> Upper);

    /// <summary><c>sum</c>, <c>max</c> or <c>softmax</c> over <paramref name="Indices"/>, each restricted by its range if it has one.</summary>
    public sealed record ReduceExpr(ReductionKind Kind, EquatableArray<string> Indices, EquatableArray<IndexRange> Ranges, BoundExpr Body) : BoundExpr;

    /// <summary>
    /// <c>gaunt[L1,L2,LOut](x[…,i], y[…,j])</c>, always a statement's whole value: for every point of the leading indices,
    /// <c>target[…, k] = Σ_ij G(i, j, k) · x[…, i] · y[…, j]</c> with G the real Gaunt coefficients (flat harmonic index
    /// l² + l + m; docs/gaunt.md). The last index of each operand and of the target is its harmonic index, of static size
    /// (L + 1)²; the other indices of x and y are leading indices of the target (channel-wise, never summed; an operand that
    /// lacks one is broadcast along it).
    /// </summary>
    /// <param name="L1">Degree bound of x.</param>
    /// <param name="L2">Degree bound of y.</param>
    /// <param name="LOut">Degree bound of the result.</param>
    /// <param name="X">The first operand.</param>
    /// <param name="Y">The second operand.</param>
    /// <param name="Harmonic">The target's harmonic index (its last left-side index).</param>
    /// <param name="Method">How it is computed: <see cref="Equivariant.GauntMethodKind.Auto"/> lets the planner choose.</param>
    public sealed record GauntExpr(int L1, int L2, int LOut, LoadExpr X, LoadExpr Y, string Harmonic,
        Equivariant.GauntMethodKind Method = Equivariant.GauntMethodKind.Auto) : BoundExpr
    {
        /// <summary>The harmonic index of x (its last index).</summary>
        public string HarmonicX => X.Indices[X.Indices.Count - 1];

        /// <summary>The harmonic index of y (its last index).</summary>
        public string HarmonicY => Y.Indices[Y.Indices.Count - 1];

        /// <summary>The product's degrees and method as the Gaunt planner takes them, with tensor names for its comments.</summary>
        public Equivariant.BoundGauntProduct Product(ElementType element, string x, string y, string z)
            => new Equivariant.BoundGauntProduct(L1, L2, LOut, Method, element, x, y, z);
    }

    /// <summary>A statement: <c>Tensors[Target][Indices] = Value</c> (or <c>+=</c> when it accumulates).</summary>
    /// <param name="Target">Index into <see cref="BoundProgram.Tensors"/>.</param>
    /// <param name="Indices">Left-side indices (none for a rank-0 result, which only an <c>[Einsum]</c> front end makes).</param>
    /// <param name="Value">The right side, with Einstein shorthand made explicit and <c>where</c> ranges attached to the reductions.</param>
    /// <param name="Start">Offset of the statement in the program text.</param>
    /// <param name="Length">Length of the statement.</param>
    /// <param name="Accumulate">Add the value into the target's current contents instead of overwriting them
    /// (<c>[Einsum(..., Accumulate = true)]</c>).</param>
    /// <param name="Fused">Set only in derived backward programs: the statement is one output of a fused attention
    /// backward kernel, which the CPU planner calls once for all the statements it marks.</param>
    public sealed record BoundStatement(int Target, EquatableArray<string> Indices, BoundExpr Value, int Start, int Length, bool Accumulate = false,
        Planning.AttentionGradientPart? Fused = null);

    /// <summary>A program bound to its method: every name resolved, every index sized, every statement checked.</summary>
    /// <param name="Text">The program text.</param>
    /// <param name="Element">The element type of every tensor and element scalar.</param>
    /// <param name="Tensors">Inputs, outputs and intermediates.</param>
    /// <param name="Scalars">Scalar parameters.</param>
    /// <param name="Classes">Index size classes.</param>
    /// <param name="Uses">Every parameter axis and the index it carries (checked at the call).</param>
    /// <param name="Statements">The statements in order.</param>
    /// <param name="Broadcasting">NumPy's einsum rule for the sizes at the call: a tensor axis of length 1 broadcasts
    /// against any size of its index (its one element is read at every point). Off for <c>[TensorProgram]</c>, where every
    /// axis must have its index's size; on for the programs an <c>[Einsum]</c> lowers to.</param>
    public sealed record BoundProgram(
        string Text,
        ElementType Element,
        EquatableArray<ProgramTensor> Tensors,
        EquatableArray<ProgramScalar> Scalars,
        EquatableArray<IndexClass> Classes,
        EquatableArray<AxisUse> Uses,
        EquatableArray<BoundStatement> Statements,
        bool Broadcasting = false)
    {
        /// <summary>True when the method returns its rank-0 result instead of writing an output tensor.</summary>
        public bool ReturnsScalar
        {
            get
            {
                foreach (var t in Tensors)
                {
                    if (t.Kind == ProgramTensorKind.Output && t.Parameter < 0) return true;
                }
                return false;
            }
        }

        /// <summary>True when some load or statement carries the <c>...</c> group (<see cref="IndexNames.Ellipsis"/>).</summary>
        public bool HasEllipsis => ClassOf(IndexNames.Ellipsis) >= 0;

        /// <summary>"float" or "double".</summary>
        public string ElementKeyword => Element == ElementType.Double ? "double" : "float";

        /// <summary>
        /// What fixes the static size of class <paramref name="cls"/> when it is the harmonic axis of a <c>gaunt[…]</c>
        /// ("the degree L1 = 2 of gaunt[2,2,4], (L1 + 1)² = 9"), or null (a <c>[Dim]</c>, or no static size). Such a size is
        /// exact: an axis of length 1 does not broadcast against it.
        /// </summary>
        public string? StaticSource(int cls)
        {
            foreach (var s in Statements)
            {
                if (s.Value is not GauntExpr g) continue;
                string call = $"gaunt[{g.L1},{g.L2},{g.LOut}]";
                if (ClassOf(g.HarmonicX) == cls) return $"the degree L1 = {g.L1} of {call}, (L1 + 1)² = {(g.L1 + 1) * (g.L1 + 1)}";
                if (ClassOf(g.HarmonicY) == cls) return $"the degree L2 = {g.L2} of {call}, (L2 + 1)² = {(g.L2 + 1) * (g.L2 + 1)}";
                if (ClassOf(g.Harmonic) == cls) return $"the degree LOut = {g.LOut} of {call}, (LOut + 1)² = {(g.LOut + 1) * (g.LOut + 1)}";
            }
            return null;
        }

        /// <summary>The size class of index <paramref name="name"/> (names made by renaming, <c>l'2</c>, share their origin's class).</summary>
        public int ClassOf(string name)
        {
            string origin = IndexNames.Origin(name);
            for (int c = 0; c < Classes.Count; c++)
            {
                foreach (var m in Classes[c].Members)
                {
                    if (m == origin) return c;
                }
            }
            return -1;
        }
    }

    /// <summary>
    /// Index names with a meaning of their own. Names made by the planner when it renames a bound index (<c>l</c> →
    /// <c>l'1</c>) keep their origin before the quote.
    /// </summary>
    public static class IndexNames
    {
        /// <summary>
        /// The <c>...</c> group of an einsum: it stands for as many axes as the call's operands have beyond their named
        /// ones (NumPy's broadcast dimensions, right-aligned across operands). It is an index like any other in loads,
        /// left sides and sums; its size class has no static size, and <see cref="Lowering.EllipsisExpansion"/> replaces it by one
        /// index per axis once the ranks are known.
        /// </summary>
        public const string Ellipsis = "...";

        /// <summary>The name of axis <paramref name="axis"/> (0 = outermost) of the <c>...</c> group once expanded.</summary>
        public static string EllipsisAxis(int axis) => "..." + axis.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The index name before any renaming.</summary>
        public static string Origin(string name)
        {
            int q = name.IndexOf('\'');
            return q < 0 ? name : name.Substring(0, q);
        }
    }
}
