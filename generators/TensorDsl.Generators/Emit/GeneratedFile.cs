using System;
using TensorDsl.Generators.Models;

namespace TensorDsl.Generators.Emit
{
    /// <summary>
    /// The one rule every attribute's source writer follows: a valid model becomes its generated file; an invalid one, or a
    /// valid one whose writing throws, becomes a body that explains why (<see cref="EinsumSourceWriter.WriteInvalid"/>) —
    /// the generator never fails the build with an exception, and the analyzers report the diagnostic.
    /// </summary>
    internal static class GeneratedFile
    {
        /// <param name="valid">The model, when the method is usable.</param>
        /// <param name="invalid">Otherwise, why not.</param>
        /// <param name="hintName">The valid model's file name.</param>
        /// <param name="write">Writes the valid model's file.</param>
        /// <param name="failed">The invalid model for a valid one whose writing threw, from the reason.</param>
        public static (string HintName, string Source) Write<TModel>(TModel? valid, InvalidEinsumModel? invalid, Func<TModel, string> hintName,
            Func<TModel, string> write, Func<TModel, string, InvalidEinsumModel> failed)
            where TModel : class
        {
            if (valid is not null)
            {
                try
                {
                    return (hintName(valid), write(valid));
                }
                catch (Exception e)
                {
                    invalid = failed(valid, $"internal TensorDsl generator error ({e.GetType().Name}: {e.Message})");
                }
            }
            return (invalid!.HintName, EinsumSourceWriter.WriteInvalid(invalid));
        }
    }
}
