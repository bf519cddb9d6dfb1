using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Equivariant;
using Xunit;

namespace TensorDsl.Language.Tests.Equivariant
{
    /// <summary>The <c>[GauntProduct]</c> binder (method shape, parameters, degrees, method) and the Sparse planner.</summary>
    public sealed class GauntProductBinderTests
    {
        private static ParameterSignature Tensor(string name, ParameterKind kind, ElementType element = ElementType.Float)
            => new ParameterSignature(name, kind, element, (kind == ParameterKind.Tensor ? "TensorSpan<" : "ReadOnlyTensorSpan<") + (element == ElementType.Double ? "double>" : "float>"));

        private static MethodSignature Method(params ParameterSignature[] parameters)
            => new MethodSignature("M", true, true, true, ParameterKind.Other, ElementType.Other, "void", new EquatableArray<ParameterSignature>(parameters));

        private static MethodSignature Xyz(ElementType element = ElementType.Float)
            => Method(Tensor("x", ParameterKind.ReadOnlyTensor, element), Tensor("y", ParameterKind.ReadOnlyTensor, element), Tensor("z", ParameterKind.Tensor, element));

        private static GauntBindResult Bind(int? l1, int? l2, int? lOut, int method = 0, MethodSignature? signature = null)
            => GauntProductBinder.Bind(new GauntProductArguments(l1, l2, lOut, method), signature ?? Xyz());

        [Fact]
        public void A_valid_method_binds()
        {
            var result = Bind(4, 3, 6, (int)GauntMethodKind.Fourier, Xyz(ElementType.Double));
            Assert.Empty(result.Diagnostics);
            Assert.Equal(new BoundGauntProduct(4, 3, 6, GauntMethodKind.Fourier, ElementType.Double, "x", "y", "z"), result.Product);
            Assert.Equal((25, 16, 49), (result.Product!.K1, result.Product.K2, result.Product.K3));
            Assert.Equal("double", result.Product.ElementKeyword);
        }

        [Theory]
        [InlineData(0, 0, 0)]
        [InlineData(16, 16, 32)]
        [InlineData(16, 0, 16)]
        [InlineData(3, 5, 2)]
        public void Degrees_up_to_the_limits_bind(int l1, int l2, int lOut)
        {
            var result = Bind(l1, l2, lOut);
            Assert.Empty(result.Diagnostics);
            Assert.NotNull(result.Product);
        }

        [Theory]
        [InlineData(2, 2, 5, "TDSL0021", GauntArgument.LOut)]
        [InlineData(0, 0, 1, "TDSL0021", GauntArgument.LOut)]
        [InlineData(-1, 2, 1, "TDSL0020", GauntArgument.L1)]
        [InlineData(2, -1, 1, "TDSL0020", GauntArgument.L2)]
        [InlineData(2, 2, -1, "TDSL0020", GauntArgument.LOut)]
        [InlineData(17, 2, 1, "TDSL0020", GauntArgument.L1)]
        [InlineData(2, 17, 1, "TDSL0020", GauntArgument.L2)]
        [InlineData(null, 2, 1, "TDSL0020", GauntArgument.Attribute)]
        [InlineData(2, null, 1, "TDSL0020", GauntArgument.Attribute)]
        [InlineData(2, 2, null, "TDSL0020", GauntArgument.Attribute)]
        public void Invalid_degrees_are_reported_on_their_argument(int? l1, int? l2, int? lOut, string id, GauntArgument argument)
        {
            var result = Bind(l1, l2, lOut);
            Assert.Null(result.Product);
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal(id, d.Id);
            Assert.Equal(argument, d.Argument);
        }

        [Fact]
        public void The_message_of_TDSL0021_names_both_degrees()
        {
            var d = Assert.Single(Bind(2, 1, 4).Diagnostics);
            Assert.Contains("LOut = 4", d.Diagnostic.Message, StringComparison.Ordinal);
            Assert.Contains("L1 + L2 = 3", d.Diagnostic.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_invalid_L1_does_not_also_report_LOut()
        {
            // LOut > L1 + L2 cannot be judged when L1 is itself wrong.
            var d = Assert.Single(Bind(-5, 1, 9).Diagnostics);
            Assert.Equal(DiagnosticIds.GauntDegree, d.Id);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(-1)]
        public void An_undefined_method_is_TDSL0022(int method)
        {
            var d = Assert.Single(Bind(1, 1, 2, method).Diagnostics);
            Assert.Equal(DiagnosticIds.GauntMethod, d.Id);
            Assert.Equal(GauntArgument.Method, d.Argument);
        }

        [Fact]
        public void The_method_shape_is_checked_as_for_programs()
        {
            var notStatic = Xyz() with { IsStatic = false };
            var d = Assert.Single(Bind(1, 1, 2, signature: notStatic).Diagnostics);
            Assert.Equal((DiagnosticIds.MethodShape, DiagnosticTarget.Method, GauntArgument.None), (d.Id, d.Diagnostic.Target, d.Argument));

            var returnsFloat = Xyz() with { ReturnsVoid = false, ReturnTypeDisplay = "float" };
            d = Assert.Single(Bind(1, 1, 2, signature: returnsFloat).Diagnostics);
            Assert.Equal((DiagnosticIds.MethodShape, DiagnosticTarget.ReturnType), (d.Id, d.Diagnostic.Target));

            var two = Method(Tensor("x", ParameterKind.ReadOnlyTensor), Tensor("z", ParameterKind.Tensor));
            d = Assert.Single(Bind(1, 1, 2, signature: two).Diagnostics);
            Assert.Equal((DiagnosticIds.MethodShape, DiagnosticTarget.Method), (d.Id, d.Diagnostic.Target));
            Assert.Contains("2 parameter", d.Diagnostic.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Each_parameter_that_does_not_fit_is_TDSL0006_on_that_parameter()
        {
            var signature = Method(
                Tensor("x", ParameterKind.Tensor),
                Tensor("y", ParameterKind.ReadOnlyTensor, ElementType.Other),
                Tensor("z", ParameterKind.Tensor, ElementType.Double));
            var result = Bind(1, 1, 2, signature: signature);
            Assert.Null(result.Product);
            // x is writable, y holds an unsupported type; z is then the first well-typed tensor, so it sets the element type.
            Assert.Equal(new[] { 0, 1 }, result.Diagnostics.Select(d => d.Diagnostic.Index).ToArray());
            Assert.All(result.Diagnostics, d => Assert.Equal((DiagnosticIds.UnsupportedParameter, DiagnosticTarget.Parameter), (d.Id, d.Diagnostic.Target)));

            var mixed = Method(Tensor("x", ParameterKind.ReadOnlyTensor), Tensor("y", ParameterKind.ReadOnlyTensor, ElementType.Double), Tensor("z", ParameterKind.Tensor));
            var d = Assert.Single(Bind(1, 1, 2, signature: mixed).Diagnostics);
            Assert.Equal(1, d.Diagnostic.Index);
            Assert.Contains("one element type", d.Diagnostic.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Results_compare_by_value()
            => Assert.Equal(Bind(2, 2, 4), Bind(2, 2, 4));
    }

    /// <summary>The Sparse plan: the nonzero terms grouped by output component, the compressed tables, the lowering choice.</summary>
    public sealed class GauntProductPlannerTests
    {
        [Theory]
        [InlineData(1, 1, 2, 21)]
        [InlineData(2, 2, 4, 162)]
        [InlineData(4, 4, 8, 2229)]
        [InlineData(0, 0, 0, 1)]
        public void The_plan_has_every_nonzero_coefficient_once(int l1, int l2, int lOut, int terms)
        {
            var plan = SparseGauntPlan.Create(l1, l2, lOut);
            var table = GauntCoefficients.Table(l1, l2, lOut);
            Assert.Equal(terms, plan.TermCount);
            Assert.Equal(table.Count, plan.TermCount);
            Assert.Equal(plan.K3, plan.Outputs.Count);
            var fromGroups = plan.Outputs.SelectMany(o => o.Terms).ToList();
            Assert.Equal(table.OrderBy(e => (e.I3, e.I1, e.I2)), fromGroups);
            for (int i3 = 0; i3 < plan.K3; i3++)
            {
                var output = plan.Outputs[i3];
                Assert.Equal(i3, output.Index);
                Assert.Equal(i3, output.L * output.L + output.L + output.M);
                Assert.All(output.Terms, e => Assert.Equal(i3, e.I3));
                Assert.NotEmpty(output.Terms); // every component up to L1 + L2 is reachable
            }
            Assert.Equal((long)plan.K1 * plan.K2 * plan.K3, plan.DenseTermCount);
            Assert.Equal(3L * terms, plan.FlopsPerRow);
        }

        [Fact]
        public void The_compressed_tables_list_the_terms_by_output()
        {
            var plan = SparseGauntPlan.Create(3, 2, 4);
            int[] start = plan.Start, i1 = plan.I1, i2 = plan.I2;
            double[] c = plan.Coefficients;
            Assert.Equal(plan.K3 + 1, start.Length);
            Assert.Equal(0, start[0]);
            Assert.Equal(plan.TermCount, start[^1]);
            for (int o = 0; o < plan.K3; o++)
            {
                var terms = plan.Outputs[o].Terms;
                Assert.Equal(terms.Count, start[o + 1] - start[o]);
                for (int t = 0; t < terms.Count; t++)
                {
                    Assert.Equal(terms[t].I1, i1[start[o] + t]);
                    Assert.Equal(terms[t].I2, i2[start[o] + t]);
                    Assert.Equal(terms[t].Value, c[start[o] + t]);
                }
            }
            // The arrays are copies: the plan cannot be changed through them.
            plan.Start[0] = 99;
            Assert.Equal(0, plan.Start[0]);
        }

        [Fact]
        public void Sums_above_the_unroll_limit_are_table_driven()
        {
            Assert.True(SparseGauntPlan.Create(3, 3, 6).Unrolled);      // 708 terms
            Assert.False(SparseGauntPlan.Create(4, 4, 8).Unrolled);     // 2229 terms
            var largest = Enumerable.Range(0, 9).SelectMany(l1 => Enumerable.Range(0, 9).SelectMany(l2 => Enumerable.Range(0, l1 + l2 + 1).Select(lOut => SparseGauntPlan.Create(l1, l2, lOut))))
                .Where(p => p.Unrolled).Max(p => p.TermCount);
            Assert.True(largest <= SparseGauntPlan.UnrollLimit);
        }

        [Theory]
        [InlineData(GauntMethodKind.Sparse, GauntLowering.Sparse, "Sparse (requested;")]
        [InlineData(GauntMethodKind.Fourier, GauntLowering.Fourier, "Fourier (requested;")]
        public void Sparse_and_Fourier_are_honoured_and_the_plan_says_so(GauntMethodKind method, GauntLowering lowering, string reason)
        {
            foreach (var (l1, l2, lOut) in new[] { (1, 1, 2), (2, 2, 4), (12, 12, 24) })
            {
                var plan = GauntProductPlanner.Plan(new BoundGauntProduct(l1, l2, lOut, method, ElementType.Float, "x", "y", "z"));
                Assert.Equal(lowering, plan.Lowering);
                Assert.NotNull(plan.Sparse);
                Assert.StartsWith(reason, plan.Choice, StringComparison.Ordinal);
                Assert.Contains("Sparse", plan.Choice, StringComparison.Ordinal);
                Assert.Contains("µs", plan.Choice, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Auto_takes_the_lowering_the_cost_model_predicts_to_be_faster()
        {
            foreach (var element in new[] { ElementType.Float, ElementType.Double })
            {
                for (int l = 0; l <= 12; l++)
                {
                    var plan = GauntProductPlanner.Plan(new BoundGauntProduct(l, l, 2 * l, GauntMethodKind.Auto, element, "x", "y", "z"));
                    var costs = GauntCostModel.Estimate(l, l, 2 * l, element, GauntCostModel.ReferenceRows);
                    Assert.Equal(costs, plan.Costs);
                    Assert.Equal(costs.FourierMicroseconds < costs.SparseMicroseconds ? GauntLowering.Fourier : GauntLowering.Sparse, plan.Lowering);
                    Assert.StartsWith($"{plan.Lowering} (Auto", plan.Choice, StringComparison.Ordinal);
                }
            }
        }
    }

    public sealed class GauntCostModelTests
    {
        [Theory]
        [InlineData(ElementType.Double)]
        [InlineData(ElementType.Float)]
        public void Small_degrees_are_Sparse_and_large_ones_Fourier_as_measured(ElementType element)
        {
            // The measured ends of the range (docs/gaunt.md, "Choosing a method"): at L = 1 the sparse sum has 11 terms per row
            // and wins by far; at L = 12 the Fourier method is more than ten times faster.
            Assert.Equal(GauntLowering.Sparse, GauntCostModel.Choose(1, 1, 2, element, GauntCostModel.ReferenceRows));
            Assert.Equal(GauntLowering.Fourier, GauntCostModel.Choose(12, 12, 24, element, GauntCostModel.ReferenceRows));
            Assert.Equal(GauntLowering.Fourier, GauntCostModel.Choose(16, 16, 32, element, GauntCostModel.ReferenceRows));
        }

        [Fact]
        public void Predictions_grow_with_rows_and_degree_and_a_call_of_no_rows_costs_its_overhead()
        {
            for (int l = 1; l <= 16; l++)
            {
                var small = GauntCostModel.Estimate(l, l, 2 * l, ElementType.Double, 1024);
                var large = GauntCostModel.Estimate(l, l, 2 * l, ElementType.Double, 1 << 20);
                Assert.True(large.SparseMicroseconds > small.SparseMicroseconds && large.FourierMicroseconds > small.FourierMicroseconds);
                var none = GauntCostModel.Estimate(l, l, 2 * l, ElementType.Double, 0);
                Assert.True(none.SparseMicroseconds > 0 && none.SparseMicroseconds < small.SparseMicroseconds);
                Assert.True(none.FourierMicroseconds > 0 && none.FourierMicroseconds < small.FourierMicroseconds);
                if (l > 1)
                {
                    var lower = GauntCostModel.Estimate(l - 1, l - 1, 2 * l - 2, ElementType.Double, 1 << 20);
                    Assert.True(large.SparseMicroseconds > lower.SparseMicroseconds && large.FourierMicroseconds > lower.FourierMicroseconds, $"L = {l}");
                }
                // A float row costs less than a double row (twice the lanes per vector).
                var single = GauntCostModel.Estimate(l, l, 2 * l, ElementType.Float, 1 << 20);
                Assert.True(single.SparseMicroseconds < large.SparseMicroseconds && single.FourierMicroseconds < large.FourierMicroseconds, $"L = {l}");
            }
        }

        [Fact]
        public void Out_of_range_arguments_throw()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntCostModel.Estimate(33, 1, 2, ElementType.Double, 10));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntCostModel.Estimate(1, 1, 65, ElementType.Double, 10));
            // Degrees of z above l1 + l2 (a derived gradient's) are zero: they cost what l1 + l2 costs.
            Assert.Equal(GauntCostModel.Estimate(1, 1, 2, ElementType.Double, 10), GauntCostModel.Estimate(1, 1, 3, ElementType.Double, 10));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntCostModel.Estimate(1, 1, 2, ElementType.Double, -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => GauntCostModel.Estimate(1, 1, 2, ElementType.Double, 10, cores: 0));
        }
    }
}
