using TensorDsl.Generators.Emit.Gaunt;
using TensorDsl.Language.Programs.Planning;

namespace TensorDsl.Generators.Emit.Programs.Cpu
{
    internal static partial class ProgramCpuEmitter
    {
        // A gaunt[…] step: bind its rows (GauntRowsEmitter), then call the kernel, whose members follow the program's method.
        private static void EmitGaunt(CodeWriter w, StepContext context, GauntStep step, int number)
        {
            var (model, p, names, _, _, shapes, rows) = context;
            var kernel = GauntKernel.ForStep(model.MemberPrefix, number, step.Product, model.Declaration.ContainingTypeReference);
            rows.Deferred.Add(x => GauntCpuEmitter.EmitHelpers(x, kernel));
            GauntRowsEmitter.EmitBind(w, p, step, names.Size, names.Stride, shapes.BinderTensor);
            var operands = GauntRowsEmitter.Operands(step);
            for (int o = 0; o < 3; o++) w.Line($"ref {names.T} __g{GauntRowsEmitter.Local(o)} = ref {names.Ref(operands[o].Tensor)};");
            using (w.Block("if (__rows.Count != 0)")) GauntCpuEmitter.EmitCall(w, kernel);
        }
    }
}
