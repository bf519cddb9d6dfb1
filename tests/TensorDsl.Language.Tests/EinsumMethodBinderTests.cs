using System.Linq;
using TensorDsl.Language;
using TensorDsl.Language.Binding;
using Xunit;

namespace TensorDsl.Language.Tests
{
    public sealed class EinsumMethodBinderTests
    {
        private static ParameterSignature In(string name, ElementType e = ElementType.Float) => new(name, ParameterKind.ReadOnlyTensor, e, "ReadOnlyTensorSpan<T>");
        private static ParameterSignature Out(string name, ElementType e = ElementType.Float) => new(name, ParameterKind.Tensor, e, "TensorSpan<T>");

        private static MethodSignature Method(params ParameterSignature[] parameters)
            => new("K", true, true, true, ParameterKind.Other, ElementType.Other, "void", new EquatableArray<ParameterSignature>(parameters));

        private static EinsumBindResult Bind(string spec, MethodSignature method, params StaticDim[] dims)
            => EinsumMethodBinder.Bind(spec, method, new EquatableArray<StaticDim>(dims), accumulate: false);

        [Fact]
        public void A_valid_method_binds_names_and_element_type()
        {
            var result = Bind("ij,jk->ik", Method(In("a"), In("b"), Out("c")));
            Assert.Empty(result.Diagnostics);
            Assert.Equal(new[] { "a", "b" }, result.Bound!.OperandNames.ToArray());
            Assert.Equal("c", result.Bound.OutputName);
            Assert.Equal("float", result.Bound.ElementKeyword);
        }

        [Fact]
        public void Too_many_spec_operands_point_at_the_first_extra_one()
        {
            var d = Assert.Single(Bind("ij,jk,kl->il", Method(In("a"), In("b"), Out("c"))).Diagnostics);
            Assert.Equal(DiagnosticIds.OperandCountMismatch, d.Id);
            Assert.Equal((6, 2), (d.Start, d.Length));
        }

        [Fact]
        public void Too_few_spec_operands_point_at_the_whole_spec()
        {
            var d = Assert.Single(Bind("ij->ji", Method(In("a"), In("b"), Out("c"))).Diagnostics);
            Assert.Equal(DiagnosticIds.OperandCountMismatch, d.Id);
            Assert.Equal(0, d.Length);
        }

        [Fact]
        public void Mixed_element_types_are_reported_on_the_parameter()
        {
            var d = Assert.Single(Bind("ij,jk->ik", Method(In("a"), In("b", ElementType.Double), Out("c"))).Diagnostics);
            Assert.Equal((DiagnosticIds.UnsupportedParameter, DiagnosticTarget.Parameter, 1), (d.Id, d.Target, d.Index));
        }

        [Fact]
        public void A_scalar_return_needs_a_rank0_spec()
        {
            var method = new MethodSignature("K", true, true, false, ParameterKind.Scalar, ElementType.Double, "double",
                new EquatableArray<ParameterSignature>(new[] { In("a", ElementType.Double) }));
            Assert.Empty(Bind("ii", method).Diagnostics);
            var d = Assert.Single(Bind("ii->i", method).Diagnostics);
            Assert.Equal((DiagnosticIds.OutputShape, DiagnosticTarget.ReturnType), (d.Id, d.Target));
        }

        [Fact]
        public void Not_static_partial_is_reported_on_the_method()
        {
            var method = Method(In("a"), Out("c")) with { IsStatic = false };
            Assert.Contains(Bind("ij->ji", method).Diagnostics, d => d.Id == DiagnosticIds.MethodShape && d.Target == DiagnosticTarget.Method);
        }

        [Fact]
        public void A_missing_output_is_reported_once_without_an_operand_count_cascade()
        {
            var d = Assert.Single(Bind("ij,jk->ik", Method(In("a"), In("b"), In("c"))).Diagnostics);
            Assert.Equal((DiagnosticIds.OutputShape, DiagnosticTarget.Method), (d.Id, d.Target));
        }

        [Fact]
        public void Dims_are_validated()
        {
            var method = Method(In("a"), In("b"), Out("c"));
            var result = Bind("ij,jk->ik", method, new StaticDim("j", 64, true), new StaticDim("z", 3, true), new StaticDim("j", 32, false), new StaticDim("k", 0, true), new StaticDim("xy", 2, true));
            Assert.Equal(new[] { (DiagnosticIds.DimUnknownIndex, 1), (DiagnosticIds.DimConflict, 2), (DiagnosticIds.DimInvalid, 3), (DiagnosticIds.DimInvalid, 4) },
                result.Diagnostics.Select(d => (d.Id, d.Index)).ToArray());
            Assert.Null(result.Bound);
        }

        [Fact]
        public void An_unknown_dim_alone_is_only_a_warning()
        {
            var result = Bind("ij,jk->ik", Method(In("a"), In("b"), Out("c")), new StaticDim("z", 3, true), new StaticDim("j", 8, true));
            Assert.Equal(DiagnosticIds.DimUnknownIndex, Assert.Single(result.Diagnostics).Id);
            Assert.Equal("j", Assert.Single(result.Bound!.Dims).Index);
        }
    }
}
