using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Emit.Cpu;
using TensorDsl.Generators.Emit.Gpu;
using TensorDsl.Generators.Emit.Shapes;
using TensorDsl.Generators.Models;
using TensorDsl.Language;
using TensorDsl.Language.Planning;

namespace TensorDsl.Generators.Emit
{
    /// <summary>
    /// Writes one generated file per kernel method: the containing partial types, the method's layout (its parsed
    /// spec, created once), the CPU implementation and the GPU overload.
    /// </summary>
    internal static class EinsumSourceWriter
    {
        public static (string HintName, string Source) Write(EinsumTarget target)
            => GeneratedFile.Write(target.Valid, target.Invalid, m => m.HintName, WriteValid,
                (m, reason) => new InvalidEinsumModel(m.Declaration, m.ReturnTypeText, m.Parameters, reason));

        private static string WriteValid(EinsumMethodModel model)
        {
            var w = new CodeWriter();
            WriteFileHeader(w);
            WriteInTypes(w, model.Declaration, () => WriteKernel(w, model));
            return w.ToString();
        }

        /// <summary>
        /// Writes the members of one einsum kernel inside its containing types: the layout, the CPU implementation and the GPU
        /// overload. Front ends (<c>[EquivariantPolynomial]</c>) call this for their einsum core.
        /// </summary>
        internal static void WriteKernel(CodeWriter w, EinsumMethodModel model) => WriteKernel(w, model, EinsumProgram.Of(model));

        /// <summary>As the other overload, for a front end that has lowered and planned the einsum already.</summary>
        internal static void WriteKernel(CodeWriter w, EinsumMethodModel model, EinsumProgram einsum)
        {
            ShapeLayoutEmitter.For(einsum.Named, model.MemberPrefix).EmitField(w, model.MethodName, $"einsum \"{model.Bound.Spec.Text}\"");
            w.Line();
            CpuKernelEmitter.Emit(w, model, einsum);
            w.Line();
            EinsumGpuEmitter.Emit(w, model, einsum);
        }

        internal static string WriteInvalid(InvalidEinsumModel model)
        {
            var w = new CodeWriter();
            WriteFileHeader(w);
            WriteInTypes(w, model.Declaration, () =>
            {
                string parameters = string.Join(", ", model.Parameters.Select(p => $"{p.TypeText} {p.Name}"));
                w.Line("// TensorDsl could not generate this method; the TDSL diagnostic on it says why:");
                w.Line($"//   {model.Reason.Replace("\n", " ")}");
                w.Line("// This body only exists so that the build reports that diagnostic instead of a missing implementation.");
                using (w.Block($"{model.Declaration.Modifiers} {model.ReturnTypeText} {model.Declaration.MethodName}({parameters})"))
                {
                    w.Line($"throw new global::System.InvalidOperationException({Literal("TensorDsl could not generate this method: " + model.Reason)});");
                }
                WriteInvalidDeviceOverload(w, model);
            });
            return w.ToString();
        }

        /// <summary>
        /// The GPU overload of an invalid kernel, throwing as its CPU body does: without it, every call of the overload would
        /// add a "no overload takes N arguments" error (CS1501) beside the TDSL diagnostic that says what is wrong. Written
        /// only where the overload's signature is clear: a static method whose tensor parameters are tensor spans.
        /// </summary>
        private static void WriteInvalidDeviceOverload(CodeWriter w, InvalidEinsumModel model)
        {
            const string readOnlySpan = "global::System.Numerics.Tensors.ReadOnlyTensorSpan<", span = "global::System.Numerics.Tensors.TensorSpan<";
            if (!model.Declaration.Modifiers.Split(' ').Contains("static")) return;
            static string? DeviceType(string type) =>
                type.StartsWith(readOnlySpan, StringComparison.Ordinal) ? "global::TensorDsl.DeviceTensor<" + type.Substring(readOnlySpan.Length)
                : type.StartsWith(span, StringComparison.Ordinal) ? "global::TensorDsl.DeviceTensor<" + type.Substring(span.Length)
                : null;
            if (!model.Parameters.Any(p => DeviceType(p.TypeText) is not null)) return;
            if (model.Parameters.Any(p => p.Name == "device")) return;
            var parameters = new[] { "global::TensorDsl.TensorDevice device" }
                .Concat(model.Parameters.Select(p => $"{DeviceType(p.TypeText) ?? p.TypeText} {p.Name}"));
            w.Line();
            w.Line("// The GPU overload, throwing for the same reason (so that its calls add no error of their own).");
            using (w.Block($"{model.Declaration.OverloadModifiers} {model.ReturnTypeText} {model.Declaration.MethodName}({string.Join(", ", parameters)})"))
            {
                w.Line($"throw new global::System.InvalidOperationException({Literal("TensorDsl could not generate this method: " + model.Reason)});");
            }
        }

        internal static void WriteFileHeader(CodeWriter w)
        {
            w.Line("// <auto-generated/>");
            w.Line("// Generated by the TensorDsl source generator. Do not edit: change the attribute instead.");
            w.Line("#nullable enable");
            w.Line();
        }

        /// <summary>
        /// Writes <paramref name="body"/> inside the namespace and the partial containing types of <paramref name="declaration"/>
        /// (a block namespace, which also serves a file-scoped one; nothing for the global namespace).
        /// </summary>
        internal static void WriteInTypes(CodeWriter w, DeclarationModel declaration, Action body)
        {
            var scopes = new List<IDisposable>();
            if (declaration.Namespace is not null) scopes.Add(w.Block($"namespace {declaration.Namespace}"));
            foreach (var t in declaration.ContainingTypes) scopes.Add(w.Block($"partial {t.Keyword} {t.NameWithTypeParameters}"));
            body();
            for (int i = scopes.Count - 1; i >= 0; i--) scopes[i].Dispose();
        }

        /// <summary>A C# string literal for <paramref name="value"/>.</summary>
        public static string Literal(string value)
        {
            var sb = new System.Text.StringBuilder("\"");
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4"));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
