using TensorDsl.Language.Equivariant;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Language.Lowering
{
    /// <summary>
    /// Lowers a <c>[GauntProduct]</c> to the one bound IR (docs/design.md §3): the program of one statement
    /// <c>z[...,k] = gaunt[L1,L2,LOut](x[...,i], y[...,j])</c>. The leading axes are the <c>...</c> group with NumPy's
    /// broadcasting (<see cref="BoundProgram.Broadcasting"/>), as the attribute documents; the harmonic indices have the static
    /// sizes (L + 1)². Everything after this — planning (Sparse or Fourier), emitting for both backends, checking shapes at
    /// the call, interpreting — is the program's.
    /// </summary>
    public static class GauntProductLowering
    {
        /// <summary>Lowers <paramref name="product"/> (its parameters are x, y, z in that order).</summary>
        public static BoundProgram Lower(BoundGauntProduct product)
        {
            string e = IndexNames.Ellipsis;
            EquatableArray<string> Indices(string harmonic) => new(new[] { e, harmonic });
            var tensors = new[]
            {
                new ProgramTensor(product.X, ProgramTensorKind.Input, 2, 0, EquatableArray<string>.Empty),
                new ProgramTensor(product.Y, ProgramTensorKind.Input, 2, 1, EquatableArray<string>.Empty),
                new ProgramTensor(product.Z, ProgramTensorKind.Output, 2, 2, Indices("k")),
            };
            // Classes: the three harmonic indices (static sizes), then the '...' group, which the shape binder keeps apart.
            var classes = new[]
            {
                new IndexClass(new EquatableArray<string>(new[] { "i" }), product.K1, -1),
                new IndexClass(new EquatableArray<string>(new[] { "j" }), product.K2, -1),
                new IndexClass(new EquatableArray<string>(new[] { "k" }), product.K3, -1),
                new IndexClass(new EquatableArray<string>(new[] { e }), 0, -1),
            };
            // The harmonic axis is the last one, counted from the end: the group before it has its length only at the call.
            var uses = new[] { new AxisUse(0, -1, "i", 0), new AxisUse(1, -1, "j", 1), new AxisUse(2, -1, "k", 2) };
            var gaunt = new GauntExpr(product.L1, product.L2, product.LOut, new LoadExpr(0, Indices("i")), new LoadExpr(1, Indices("j")), "k", product.Method);
            string text = $"{product.Z}[...,k] = gaunt[{product.L1},{product.L2},{product.LOut}]({product.X}[...,i], {product.Y}[...,j])";
            var statement = new BoundStatement(2, Indices("k"), gaunt, 0, text.Length);
            return new BoundProgram(text, product.Element, new EquatableArray<ProgramTensor>(tensors), EquatableArray<ProgramScalar>.Empty,
                new EquatableArray<IndexClass>(classes), new EquatableArray<AxisUse>(uses), new EquatableArray<BoundStatement>(new[] { statement }), Broadcasting: true);
        }
    }
}
