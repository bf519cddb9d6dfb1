using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl.Generators.Tests.Harness;
using Xunit;

namespace TensorDsl.Generators.Tests.Declarations
{
    /// <summary>
    /// The generator mirrors the user's declaration: for each of the four attributes and each <see cref="DeclarationForm"/>
    /// (every accessibility, none included; <c>unsafe</c>; <c>new</c>; nested, generic, record, record struct and struct
    /// containing types; file-scoped, nested and global namespaces; same-named kernels and overloads), the user and
    /// generated code compile with no error and no warning, the kernel runs and agrees with an oracle that does not use
    /// generated code, and the GPU overload has the kernel's accessibility. Each attribute's forms are one compilation
    /// (one file per form), built once for all its cases.
    /// </summary>
    public sealed class DeclarationFormTests
    {
        private static readonly ConcurrentDictionary<string, Lazy<Assembly>> s_assemblies = new();

        /// <summary>Every (attribute, form) pair.</summary>
        public static TheoryData<string, string> Cases()
        {
            var data = new TheoryData<string, string>();
            foreach (var attribute in DeclarationKernel.All.Keys)
            {
                foreach (var form in DeclarationForm.All) data.Add(attribute, form.Name);
            }
            return data;
        }

        /// <summary>The pairs whose GPU overload runs too: private (implicitly) and generic containing types, for every attribute.</summary>
        public static TheoryData<string, string> GpuCases()
        {
            var data = new TheoryData<string, string>();
            foreach (var attribute in DeclarationKernel.All.Keys)
            {
                foreach (var form in DeclarationForm.All.Where(f => f.Gpu)) data.Add(attribute, form.Name);
            }
            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Cpu_kernel_compiles_cleanly_and_matches_the_oracle(string attribute, string formName)
        {
            var form = DeclarationForm.Named(formName);
            var assembly = Compile(attribute);
            foreach (var target in form.Targets) Check(attribute, assembly, target, gpu: false);
        }

        [Theory]
        [MemberData(nameof(GpuCases))]
        public void Gpu_overload_runs_on_the_ilgpu_cpu_accelerator(string attribute, string formName)
        {
            var form = DeclarationForm.Named(formName);
            var assembly = Compile(attribute);
            foreach (var target in form.Targets) Check(attribute, assembly, target, gpu: true);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Gpu_overload_has_the_accessibility_of_the_kernel(string attribute, string formName)
        {
            var form = DeclarationForm.Named(formName);
            var assembly = Compile(attribute);
            foreach (var target in form.Targets)
            {
                var type = Resolve(assembly, target);
                var methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(m => m.Name == target.Method).ToList();
                var gpu = methods.Where(m => m.GetParameters()[0].ParameterType == typeof(TensorDevice)).ToList();
                var cpu = methods.Except(gpu).ToList();
                Assert.NotEmpty(cpu);
                Assert.Equal(cpu.Count, gpu.Count);
                Assert.All(methods, m => Assert.Equal(form.Accessibility, Accessibility(m)));
            }
        }

        /// <summary>
        /// A kernel the analyzers reject gets a body that throws, declared as the user declared it: in every form the build
        /// has no error but the analyzers' (a compiler error in generated code would hide those), and a call throws.
        /// </summary>
        [Theory]
        [MemberData(nameof(Attributes))]
        public void Invalid_kernel_gets_a_throwing_body_in_every_form(string attribute)
        {
            var kernel = DeclarationKernel.All[attribute].AsInvalid();
            var assembly = GeneratorHarness.CompileAndLoad(DeclarationForm.All.Select(f => f.Source(kernel)).ToArray());
            foreach (var target in DeclarationForm.All.SelectMany(f => f.Targets))
            {
                var type = Resolve(assembly, target with { TypeName = target.TypeName + target.Runners });
                var inputs = kernel.RandomInputs(new Random(1));
                var e = Assert.Throws<InvalidOperationException>(() => Invoke(type, "RunCpu" + target.Tag, inputs, kernel.Shapes, kernel.OutputShape));
                Assert.Contains("TensorDsl could not generate this method", e.Message);
            }
        }

        /// <summary>
        /// A <c>new</c> kernel that hides a kernel of a referenced (already compiled) assembly: the GPU overload hides that
        /// kernel's GPU overload, so it is declared <c>new</c> too, and the build has no warning (CS0108) nor error.
        /// </summary>
        [Fact]
        public void New_kernel_hiding_a_kernel_of_a_referenced_assembly_builds_cleanly()
        {
            const string parameters = "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, TensorSpan<float> c";
            var library = GeneratorHarness.Run(GeneratorHarness.CreateCompilation($$"""
                using System.Numerics.Tensors;
                using TensorDsl;
                namespace Library;
                public partial class Base { [Einsum("ij,jk->ik")] public static partial void M({{parameters}}); }
                """)).Output;
            using var image = new System.IO.MemoryStream();
            Assert.True(library.Emit(image).Success);
            var consumer = GeneratorHarness.CreateCompilation($$"""
                using System.Numerics.Tensors;
                using TensorDsl;
                namespace Consumer;
                public partial class Derived : Library.Base { [Einsum("ij,jk->ki")] public new static partial void M({{parameters}}); }
                """).AddReferences(Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(image.ToArray()));
            var (output, generatorDiagnostics, _) = GeneratorHarness.Run(consumer);
            Assert.Empty(generatorDiagnostics);
            var problems = output.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        /// <summary>The four attributes.</summary>
        public static TheoryData<string> Attributes() => new(DeclarationKernel.All.Keys);

        /// <summary>
        /// Two <c>[TensorProgram]</c> overloads with the same name, element type and parameter count (a float scalar or an
        /// int): generated member and file names, which say only those three, need the overload suffix to stay apart.
        /// </summary>
        [Fact]
        public void Overloads_with_the_same_element_type_and_parameter_count_compile_and_run()
        {
            const string scaled = "y[i] = sum[j](x[i,j]) * s";
            const string shifted = "y[i] = sum[j](x[i,j]) + n";
            var assembly = GeneratorHarness.CompileAndLoad($$"""
                using System.Numerics.Tensors;
                using TensorDsl;
                namespace Forms.SameCount;
                public static partial class C
                {
                    [TensorProgram("{{scaled}}")]
                    static partial void M(ReadOnlyTensorSpan<double> x, double s, TensorSpan<double> y);
                    [TensorProgram("{{shifted}}")]
                    static partial void M(ReadOnlyTensorSpan<double> x, int n, TensorSpan<double> y);
                    internal static double[] Scaled(double[] x, double s) { var y = new double[3]; M(new ReadOnlyTensorSpan<double>(x, [3, 4]), s, new TensorSpan<double>(y, [3])); return y; }
                    internal static double[] Shifted(double[] x, int n) { var y = new double[3]; M(new ReadOnlyTensorSpan<double>(x, [3, 4]), n, new TensorSpan<double>(y, [3])); return y; }
                }
                """);
            var type = assembly.GetType("Forms.SameCount.C")!;
            var x = Enumerable.Range(0, 12).Select(i => i * 0.5 - 2).ToArray();
            var tensor = System.Numerics.Tensors.Tensor.Create(x, new nint[] { 3, 4 });
            var scaledGot = (double[])Invoke(type, "Scaled", x, 2.5);
            var shiftedGot = (double[])Invoke(type, "Shifted", x, 7);
            var scaledWant = TensorProgram.Evaluate(scaled, new Dictionary<string, object> { ["x"] = tensor, ["s"] = 2.5 })["y"].ToArray();
            var shiftedWant = TensorProgram.Evaluate(shifted, new Dictionary<string, object> { ["x"] = tensor, ["n"] = 7 })["y"].ToArray();
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(scaledWant[i], scaledGot[i], 1e-12);
                Assert.Equal(shiftedWant[i], shiftedGot[i], 1e-12);
            }
        }

        /// <summary>Every form of <paramref name="attribute"/>, generated, compiled (no error, no warning) and loaded once.</summary>
        private static Assembly Compile(string attribute)
            => s_assemblies.GetOrAdd(attribute, a => new Lazy<Assembly>(() =>
            {
                var kernel = DeclarationKernel.All[a];
                return GeneratorHarness.CompileAndLoad(DeclarationForm.All.Select(f => f.Source(kernel)).ToArray());
            })).Value;

        private static void Check(string attribute, Assembly assembly, FormTarget target, bool gpu)
        {
            var kernel = DeclarationKernel.All[attribute];
            var type = Resolve(assembly, target with { TypeName = target.TypeName + target.Runners });
            var inputs = kernel.RandomInputs(new Random(target.TypeName.Length * 31 + target.Tag.Length));
            if (target.Element == "float")
            {
                // The kernel sees the inputs rounded to float; so does the oracle.
                inputs = inputs.Select(a => a.Select(v => (double)(float)v).ToArray()).ToArray();
            }
            var got = gpu
                ? (double[])Invoke(type, "RunGpu" + target.Tag, KernelChecker.Device.Value, inputs, kernel.Shapes, kernel.OutputShape)
                : (double[])Invoke(type, "RunCpu" + target.Tag, inputs, kernel.Shapes, kernel.OutputShape);
            var want = kernel.Oracle(inputs);
            Assert.Equal(want.Length, got.Length);
            double scale = Math.Max(want.Max(Math.Abs), 1e-3);
            double tolerance = (target.Element == "float" ? 1e-5 : 1e-12) * scale;
            for (int i = 0; i < want.Length; i++)
            {
                Assert.True(Math.Abs(want[i] - got[i]) <= tolerance,
                    $"{attribute} in {target.TypeName}{target.Tag} on {(gpu ? "ilgpu-cpu" : "cpu")}: element {i} is {got[i]}, expected {want[i]}");
            }
        }

        /// <summary>The target's type, closed over its type arguments when it is generic.</summary>
        private static Type Resolve(Assembly assembly, FormTarget target)
        {
            var type = assembly.GetType(target.TypeName);
            Assert.True(type is not null, $"no type {target.TypeName}");
            return target.TypeArguments.Length == 0 ? type! : type!.MakeGenericType(target.TypeArguments);
        }

        private static object Invoke(Type type, string method, params object[] arguments)
        {
            var info = type.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
            Assert.True(info is not null, $"no method {method} in {type}");
            try
            {
                return info!.Invoke(null, arguments)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }

        /// <summary>A method's accessibility as C# writes it.</summary>
        private static string Accessibility(MethodInfo m)
            => m.IsPublic ? "public"
                : m.IsPrivate ? "private"
                : m.IsAssembly ? "internal"
                : m.IsFamily ? "protected"
                : m.IsFamilyAndAssembly ? "private protected"
                : m.IsFamilyOrAssembly ? "protected internal"
                : "?";
    }
}
