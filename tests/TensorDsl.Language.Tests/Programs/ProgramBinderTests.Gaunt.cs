using System.Linq;
using TensorDsl.Language.Binding;
using TensorDsl.Language.Programs.Binding;
using TensorDsl.Language.Programs.Planning;
using Xunit;

namespace TensorDsl.Language.Tests.Programs
{
    /// <summary><c>gaunt[L1,L2,LOut](x, y)</c> statements: what binds, what each mistake reports and where.</summary>
    public sealed partial class ProgramBinderTests
    {
        private static MethodSignature GauntMethod() => Method(In("x"), In("y"), In("w"), Out("z"));

        [Fact]
        public void A_gaunt_statement_binds_its_degrees_operands_and_harmonic_sizes()
        {
            var p = Bound("z[b,k] = gaunt[2,1,3](x[b,i], y[b,j])", Method(In("x"), In("y"), Out("z")));
            var g = Assert.IsType<GauntExpr>(p.Statements[0].Value);
            Assert.Equal((2, 1, 3, "k"), (g.L1, g.L2, g.LOut, g.Harmonic));
            Assert.Equal(new LoadExpr(0, S("b", "i")), g.X);
            Assert.Equal(new LoadExpr(1, S("b", "j")), g.Y);
            Assert.Equal(9, p.Classes[p.ClassOf("i")].StaticSize);
            Assert.Equal(4, p.Classes[p.ClassOf("j")].StaticSize);
            Assert.Equal(16, p.Classes[p.ClassOf("k")].StaticSize);
            Assert.Equal(0, p.Classes[p.ClassOf("b")].StaticSize);
            Assert.StartsWith("the degree L1 = 2 of gaunt[2,1,3]", p.StaticSource(p.ClassOf("i")));
        }

        [Fact]
        public void A_gaunt_result_is_stored_and_its_operands_are_read_from_memory()
        {
            var p = Bound(@"
                a[b,c,i] = relu(x[b,c,i])
                h[b,c,k] = gaunt[1,1,2](a[b,c,i], y[b,j])
                z[b,d,k] = sum[c](h[b,c,k] * w[c,d])", GauntMethod());
            var plan = ProgramPlanner.Plan(p);
            var step = Assert.Single(plan.Steps.OfType<GauntStep>());
            Assert.Equal(TensorDsl.Language.Equivariant.GauntLowering.Sparse, step.Lowering);
            // Both the operand a and the result h get buffers, each with a note that says why.
            Assert.Equal(new[] { "a", "h" }, plan.Materialized.Select(t => p.Tensors[t].Name).OrderBy(n => n));
            Assert.Contains(plan.Notes, n => n.Message.Contains("operand of gaunt"));
            Assert.Contains(plan.Notes, n => n.Message.Contains("result of gaunt"));
        }

        [Theory]
        [InlineData("z[b,k] = gaunt[2,2](x[b,i], y[b,j])", DiagnosticIds.ProgramSyntax, "gaunt[2,2](x[b,i], y[b,j])", "three degrees")]
        [InlineData("z[b,k] = gaunt[17,2,3](x[b,i], y[b,j])", DiagnosticIds.GauntDegree, "17", "L1 = 17")]
        [InlineData("z[b,k] = gaunt[1,1,3](x[b,i], y[b,j])", DiagnosticIds.GauntOutputDegree, "3", "exceeds L1 + L2 = 2")]
        [InlineData("z[b,k] = gaunt[1,1,2](relu(x[b,i]), y[b,j])", DiagnosticIds.ProgramSyntax, "relu(x[b,i])", "tensor element")]
        [InlineData("z[b,k] = gaunt[1,1,2](x[c,i], y[b,j])", DiagnosticIds.UnboundIndex, "c", "not a leading index of 'z[b,k]'")]
        [InlineData("z[b,k] = gaunt[1,1,2](x[b,i], y[b,i])", DiagnosticIds.UnboundIndex, "i", "two different harmonic indices")]
        [InlineData("z[b,k] = gaunt[1,1,2](x[b,k], y[b,j])", DiagnosticIds.UnboundIndex, "k", "three different indices")]
        [InlineData("z[b,k] = 2 * gaunt[1,1,2](x[b,i], y[b,j])", DiagnosticIds.ProgramSyntax, "gaunt[1,1,2](x[b,i], y[b,j])", "whole right side")]
        [InlineData("z[b,k] = gaunt[1,1,2](x[b,i], y[b,j]) where b < 3", DiagnosticIds.ProgramSyntax, "b < 3", "no 'where'")]
        public void Each_gaunt_mistake_is_reported_at_what_is_wrong(string text, string id, string at, string message)
        {
            var d = Only(id, text, Method(In("x"), In("y"), Out("z")));
            AssertAt(d, id, text.LastIndexOf(at, System.StringComparison.Ordinal), at.Length, message);
        }

        [Fact]
        public void A_harmonic_index_that_a_dim_sizes_differently_is_a_conflict_at_the_index()
        {
            const string text = "z[b,k] = gaunt[1,1,2](x[b,i], y[b,j])";
            var result = Bind(text, Method(In("x"), In("y"), Out("z")), new StaticDim("i", 5, true));
            Assert.Null(result.Program);
            var d = Assert.Single(result.Diagnostics);
            AssertAt(d, DiagnosticIds.DimConflict, text.IndexOf("i]", System.StringComparison.Ordinal), 1, "(L1 + 1)² = 4 elements", "fixed to 5 elsewhere");
        }

        [Fact]
        public void Gaunt_with_a_bracketed_name_is_a_syntax_error_at_the_degree()
        {
            const string text = "z[b,k] = gaunt[l,1,2](x[b,i], y[b,j])";
            var result = Bind(text, Method(In("x"), In("y"), Out("z")));
            var d = Assert.Single(result.Diagnostics);
            AssertAt(d, DiagnosticIds.ProgramSyntax, text.IndexOf("l,", System.StringComparison.Ordinal), 1, "Expected a degree");
        }
    }
}
