using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace TensorDsl.Docs.Tests
{
    /// <summary>The checker itself can fail: broken examples of each kind are caught, and a good one passes.</summary>
    public sealed class DocsCheckerTests
    {
        private static Task<IReadOnlyList<string>> Check(params string[] blocks) =>
            DocsChecker.CheckAsync(blocks.Select((code, i) => new CodeBlock("docs/test.md", 10 * i + 1, code, i == 0 ? BlockMode.Alone : BlockMode.Continue, null)).ToList());

        private const string MatMul = """
            [Einsum("ij,jk->ik")]
            public static partial void MatMul(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
            """;

        [Fact]
        public async Task A_good_snippet_passes()
        {
            Assert.Empty(await Check(MatMul + """

                var a = new float[6]; var b = new float[6]; var c = new float[4];
                Kernels.MatMul(new ReadOnlyTensorSpan<float>(a, [2, 3]), new ReadOnlyTensorSpan<float>(b, [3, 2]), new TensorSpan<float>(c, [2, 2]));
                """));
        }

        [Fact]
        public async Task An_undeclared_variable_fails_at_its_markdown_line()
        {
            var problems = await Check(MatMul + "\nKernels.MatMul(hostA, hostB, hostC);");
            Assert.Contains(problems, p => p.StartsWith("docs/test.md:3: CS0103", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task Top_level_statements_after_a_class_fail_as_they_do_in_a_file()
        {
            var problems = await Check("""
                using System.Numerics.Tensors;
                using TensorDsl;

                public static partial class Kernels
                {
                    [Einsum("ii")]
                    public static partial double Trace(ReadOnlyTensorSpan<double> m);
                }

                var t = Kernels.Trace(new ReadOnlyTensorSpan<double>(new double[4], [2, 2]));
                """);
            Assert.Contains(problems, p => p.Contains("CS8803"));
        }

        [Fact]
        public async Task A_TDSL_error_that_is_not_announced_fails()
        {
            var problems = await Check("""
                [Einsum("ij,jk->ix")]
                public static partial void Bad(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """);
            Assert.Contains(problems, p => p.Contains("TDSL"));
        }

        [Fact]
        public async Task An_announced_diagnostic_passes_and_a_missing_one_fails()
        {
            var announcedRight = await Check("""
                [Einsum("ij,j#k->ik")]      // TDSL0001 on '#'
                public static partial void Bad(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """);
            Assert.Empty(announcedRight);
            var announcedWrong = await Check(MatMul.Replace("->ik\")]", "->ik\")]   // TDSL0001 on 'ij'"));
            Assert.Contains(announcedWrong, p => p.StartsWith("announced '// TDSL0001 on 'ij''", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task Each_announcement_needs_its_own_report()
        {
            var problems = await Check("""
                // TDSL0001 on '#'
                // TDSL0001 on '#'
                [Einsum("ij,j#k->ik")]
                public static partial void Bad(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c);
                """);
            Assert.Contains(problems, p => p.StartsWith("announced '// TDSL0001 on '#''", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_continued_block_sees_the_block_before_it()
        {
            const string call = "var m = new float[4];\nKernels.MatMul(new ReadOnlyTensorSpan<float>(m, [2, 2]), new ReadOnlyTensorSpan<float>(m, [2, 2]), new TensorSpan<float>(new float[4], [2, 2]));";
            Assert.Empty(await Check(MatMul, call));
            Assert.Contains(await Check(call), p => p.Contains("CS0103")); // 'Kernels' does not exist without the block before
        }
    
        [Fact]
        public async Task An_invalid_kernel_reports_only_its_diagnostic_even_where_its_GPU_overload_is_called()
        {
            // Without a generated overload for the invalid kernel, the device call would add CS1501 beside TDSL0003.
            var problems = await Check("""
                [Einsum("bi,io->bx")]   // TDSL0003 on 'x'
                public static partial void MatMul(ReadOnlyTensorSpan<float> x, ReadOnlyTensorSpan<float> w, TensorSpan<float> y);

                using var device = TensorDevice.CreateCpu();
                using var dx = device.Allocate<float>(2, 3);
                using var dw = device.Allocate<float>(3, 4);
                using var dy = device.Allocate<float>(2, 4);
                Kernels.MatMul(device, dx, dw, dy);
                """);
            Assert.Empty(problems);
        }
    }
}
